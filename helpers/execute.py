"""Running the three notebooks with papermill, all or nothing.

A run executes into a temporary folder beside the report and replaces
``reports/<name>/`` only when every notebook and the HTML succeeded. A failed or
interrupted run leaves the previous report as it was and keeps its executed notebooks
under ``reports/_failed/<name>-<timestamp>/``. Runs with the same name take a lock; a
finished run with the same fingerprint (parameters, code, data, libraries) is not
redone unless forced.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from helpers import atomic
from helpers.exceptions import RunFailedError, RunInProgressError
from helpers.params import PROJECT_ROOT, ReportParams
from helpers.provenance import PIPELINE_NOTEBOOKS as NOTEBOOKS
from helpers.provenance import provenance

# papermill, nbconvert, scikit-learn and pandas are imported where a run needs them, not
# here: finding that a run is already current must not pay for them.

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
KERNEL = "python3"  # the interpreter running this code, so the kernel has the same packages


@dataclass(frozen=True)
class RunResult:
    name: str
    run_dir: Path
    cached: bool
    seconds: float


def _is_current(run_dir: Path, fingerprint: str) -> bool:
    summary = run_dir / "summary.json"
    if not (summary.is_file() and (run_dir / "report.html").is_file()):
        return False
    try:
        recorded = json.loads(summary.read_text(encoding="utf-8")).get("provenance", {}).get("fingerprint")
    except (OSError, ValueError):
        return False
    return fingerprint is not None and recorded == fingerprint


def _tidy_if_idle(reports_dir: Path, name: str) -> None:
    """Recover what a killed run left, unless a run of that name holds the lock now."""
    lock = FileLock(str(reports_dir / f".{name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return
    try:
        atomic.recover(reports_dir, name)
    finally:
        lock.release()


def execute_notebooks(params: ReportParams, out_dir: Path, on_notebook=None) -> None:
    """Execute the three notebooks in order into ``out_dir`` (papermill, one fresh kernel each).

    papermill (nbclient) owns each kernel, so it also closes the kernel's channels when a
    notebook fails or the run is interrupted. (Starting the three kernels ahead saved
    about 1.5 s a run, but left channels open after an interruption, and the process
    could then hang at exit in zmq's context termination.)
    """
    import papermill

    parameters = {**params.notebook_parameters(), "run_dir": str(out_dir)}
    for name in NOTEBOOKS:
        if on_notebook:
            on_notebook(name)
        papermill.execute_notebook(
            str(NOTEBOOKS_DIR / name), str(out_dir / name), parameters=parameters,
            cwd=str(NOTEBOOKS_DIR), kernel_name=KERNEL, progress_bar=False,
        )


def run(params: ReportParams, reports_dir: str | Path = REPORTS_DIR, force: bool = False,
        on_notebook=None) -> RunResult:
    """Produce ``reports_dir/<name>/``: notebooks, tables, figures, summary.json, report.html."""
    started = time.perf_counter()
    prov = provenance(params.notebook_parameters(), NOTEBOOKS_DIR)
    reports_dir = Path(reports_dir)
    dest = reports_dir / params.name
    if not force and _is_current(dest, prov["fingerprint"]):
        _tidy_if_idle(reports_dir, params.name)
        return RunResult(params.name, dest, True, time.perf_counter() - started)
    from helpers.data import check_parameters  # what only the data can refuse, before anything is written

    check_parameters(params.dataset, params.digits, params.test_size)
    if prov["data_hash"] is None:  # downloaded just now by the check: hash what landed on disk
        prov = provenance(params.notebook_parameters(), NOTEBOOKS_DIR)
    reports_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(reports_dir / f".{params.name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RunInProgressError(params.name, lock.lock_file) from None
    try:
        atomic.recover(reports_dir, params.name)
        if not force and _is_current(dest, prov["fingerprint"]):  # another run finished it meanwhile
            return RunResult(params.name, dest, True, time.perf_counter() - started)
        from helpers.artifacts import read_json, write_json
        from helpers.index import write_index
        from helpers.render import provenance_footer, render_report

        work = atomic.work_dir(reports_dir, params.name)
        current = NOTEBOOKS[0]
        try:
            def note(name: str) -> None:
                nonlocal current
                current = name
                if on_notebook:
                    on_notebook(name)

            execute_notebooks(params, work, note)
            current = "report.html"
            summary = read_json(work / "summary.json")
            summary["provenance"] = {
                **prov, "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "seconds": round(time.perf_counter() - started, 1),
            }
            write_json(work / "summary.json", summary)
            render_report(work / "03_report.ipynb", work / "report.html",
                          title=f"Pairwise accuracy \u2014 {params.name}", footer=provenance_footer(summary))
        except BaseException as exc:
            # Ctrl-C and SIGTERM (see cli) land here too: keep the work, touch nothing else.
            failed = atomic.keep_failed(work, reports_dir, params.name)
            cause = getattr(exc, "ename", None) or type(exc).__name__
            detail = getattr(exc, "evalue", None) or str(exc) or "interrupted"
            raise RunFailedError(params.name, current, str(failed), f"{cause}: {detail}") from exc
        atomic.replace(work, dest)
        write_index(reports_dir)
        return RunResult(params.name, dest, False, time.perf_counter() - started)
    finally:
        lock.release()


def refresh_notebooks() -> None:
    """Re-execute the committed notebooks in place with the schema's defaults.

    Their ``parameters`` cell is rewritten from the schema first, so the defaults a
    reader sees are the defaults a run uses; nbval then checks the outputs stay current.
    Text outputs are committed; PNG bytes are not.
    """
    import nbformat
    import papermill

    from helpers.params import parameters_cell_source

    for name in NOTEBOOKS:
        path = NOTEBOOKS_DIR / name
        nb = nbformat.read(str(path), as_version=4)
        kernelspec = dict(nb.metadata.get("kernelspec", {}))
        for cell in nb.cells:
            if "parameters" in cell.metadata.get("tags", []):
                cell.source = parameters_cell_source()
        nbformat.write(nb, str(path))
        papermill.execute_notebook(str(path), str(path), cwd=str(NOTEBOOKS_DIR), kernel_name=KERNEL, progress_bar=False)
        nb = nbformat.read(str(path), as_version=4)
        # Keep the committed notebooks free of run-specific metadata (timings, paths).
        nb.metadata.pop("papermill", None)
        if kernelspec:
            nb.metadata["kernelspec"] = kernelspec
        for cell in nb.cells:
            cell.metadata.pop("papermill", None)
            cell.metadata.pop("execution", None)
            for output in cell.get("outputs", []):
                # nbval ignores PNG bytes; committing them only adds noise to every diff (the
                # figures are in the rendered report and return whenever the notebook runs).
                output.get("data", {}).pop("image/png", None)
        nbformat.write(nb, str(path))
