"""Re-resolve pyproject.toml's dependencies into requirements.lock and environment.yml.

pyproject.toml is the one list of what the project needs; this installs it into a
throw-away virtual environment, freezes the whole tree into requirements.lock (what
`make` installs), and writes environment.yml pinning the same top-level packages for
conda users. tests/test_environment.py checks that the three agree.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    return normalise(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0])


def main() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip"]
        subprocess.run([*pip, "install", "--quiet", *wanted], check=True)
        frozen = subprocess.run([*pip, "freeze", "--all", "--exclude", "pip", "--exclude", "setuptools", "--exclude", "wheel"],
                                check=True, capture_output=True, text=True).stdout
    pins = sorted((line for line in frozen.splitlines() if "==" in line), key=str.lower)
    version = {normalise(line.split("==")[0]): line.split("==")[1] for line in pins}
    (ROOT / "requirements.lock").write_text(
        "# Written by `make lock` (tools/lock.py) from pyproject.toml; do not edit by hand.\n"
        + "\n".join(pins) + "\n"
    )
    python = re.search(r">=\s*([0-9.]+)", project["requires-python"]).group(1)
    lines = [
        "# Written by `make lock` (tools/lock.py): the same packages and versions as",
        "# requirements.lock, for conda users. `conda env create -f environment.yml`",
        "name: pairwise-digits",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={python}",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {requirement_name(s)}=={version[requirement_name(s)]}" for s in sorted(wanted, key=requirement_name)]
    lines += ["      - -e ."]
    (ROOT / "environment.yml").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
