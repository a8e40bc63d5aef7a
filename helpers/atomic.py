"""Output folders that are replaced whole or not at all.

Work is written into a hidden temporary folder beside its destination
(``.<name>.work-*``) and swapped in by renames, so a reader never sees a half-written
folder. Failed work is kept under ``_failed/<name>-<timestamp>/``; what a killed process
left behind is tidied by the next one.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path


def timestamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def work_dir(parent: Path, name: str) -> Path:
    """A fresh, readable temporary folder for ``name`` inside ``parent``."""
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{name}.work-", dir=parent))
    work.chmod(0o755)  # mkdtemp makes it private; an output folder is for reading
    return work


def keep_failed(work: Path, parent: Path, name: str) -> Path:
    """Move failed work to ``parent/_failed/<name>-<timestamp>/`` and return that path."""
    failed = parent / "_failed" / f"{name}-{timestamp()}"
    failed.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(work), failed)
    return failed


def replace(work: Path, dest: Path) -> None:
    """Put ``work`` where ``dest`` is; each step a rename, so ``dest`` is never half-written."""
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{timestamp()}")
        dest.rename(old)
        work.rename(dest)
        shutil.rmtree(old)
    else:
        work.rename(dest)


def recover(parent: Path, name: str) -> None:
    """Tidy what a killed process left: restore a folder caught mid-swap, keep stray work."""
    dest = parent / name
    for old in sorted(parent.glob(f".{name}.old-*")):
        if dest.exists():
            shutil.rmtree(old)
        else:
            old.rename(dest)
    for work in sorted(parent.glob(f".{name}.work-*")):
        keep_failed(work, parent, name)
