"""What a run came from: code, data, libraries and commit, hashed into one fingerprint.

Kept free of heavy imports (no scikit-learn, pandas, nbformat or papermill): deciding
that a finished run is current must take well under a second.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PIPELINE_NOTEBOOKS = ["01_train.ipynb", "02_matrix.ipynb", "03_report.ipynb"]
LIBRARIES = ["numpy", "pandas", "scipy", "scikit-learn", "matplotlib", "seaborn", "papermill", "nbconvert", "pydantic"]
CACHE_DIR = PROJECT_ROOT / "data" / "cache"


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def code_fingerprint(notebooks_dir: Path = NOTEBOOKS_DIR) -> str:
    """Hash of the helpers' source and the notebooks' cells (sources only, not outputs)."""
    h = hashlib.sha256()
    for path in sorted((PROJECT_ROOT / "helpers").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".j2", ".json"}:
            h.update(path.relative_to(PROJECT_ROOT).as_posix().encode())
            h.update(path.read_bytes())
    for name in PIPELINE_NOTEBOOKS:
        for cell in json.loads((notebooks_dir / name).read_text(encoding="utf-8"))["cells"]:
            source = cell["source"]
            h.update(cell["cell_type"].encode())
            h.update(("".join(source) if isinstance(source, list) else source).encode())
    h.update((PROJECT_ROOT / "data" / "reference" / "seed-figure.yaml").read_bytes())
    return h.hexdigest()


def _hash_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def data_files(dataset: str, cache_dir: Path = CACHE_DIR) -> list[Path] | None:
    """The files a dataset is read from, or None when it is not on disk yet (mnist not cached)."""
    if dataset == "digits":
        spec = importlib.util.find_spec("sklearn")  # finds the package without importing it
        return [Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz"]
    if dataset == "mnist":
        cached = cache_dir / "mnist_784.npz"
        return [cached] if cached.is_file() else None
    path = Path(dataset)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if "-idx" in p.name)
    return [path]


def data_fingerprint(dataset: str) -> str | None:
    """sha256 of the input data files; None when they are not there yet."""
    files = data_files(dataset)
    return _hash_files(files) if files else None


def git_state() -> dict[str, Any]:
    """The commit the code came from and whether the tree had changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout.strip()
    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None}


def provenance(parameters: dict[str, Any], notebooks_dir: Path = NOTEBOOKS_DIR) -> dict[str, Any]:
    """Fingerprint of parameters, code, data and libraries, with the hashes and commit behind it."""
    code_hash = code_fingerprint(notebooks_dir)
    data_hash = data_fingerprint(parameters["dataset"])
    versions = library_versions()
    key = json.dumps([parameters, code_hash, data_hash, versions], sort_keys=True)
    return {
        # No data on disk yet (mnist to download): never counts as current.
        "fingerprint": hashlib.sha256(key.encode()).hexdigest() if data_hash else None,
        "code_hash": code_hash,
        "data_hash": data_hash,
        "git": git_state(),
    }
