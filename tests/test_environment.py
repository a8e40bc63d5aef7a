"""pyproject.toml is the one dependency list; the lock and environment.yml must agree."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(spec: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]).lower()


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version
    return pins


def test_every_dependency_is_pinned_in_the_lock():
    project = _project()
    wanted = {_name(s) for s in project["dependencies"] + project["optional-dependencies"]["test"]}
    assert wanted - set(_lock()) == set()


def test_environment_yml_pins_the_same_packages_and_versions():
    project = _project()
    wanted = {_name(s) for s in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pinned = dict(line.split("==") for line in pip_section if "==" in line)
    assert {_name(n) for n in pinned} == wanted
    lock = _lock()
    for name, version in pinned.items():
        assert lock[_name(name)] == version, f"{name}: environment.yml {version} vs lock {lock[_name(name)]}"
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert python.split("=")[1] in project["requires-python"]


def test_installed_versions_are_the_locked_ones():
    from importlib import metadata

    lock = _lock()
    project = _project()
    for spec in project["dependencies"]:
        name = _name(spec)
        assert metadata.version(name) == lock[name], f"{name} installed {metadata.version(name)}, locked {lock[name]}"
