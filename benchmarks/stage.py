"""One stage of the pipeline, on its own, for benchmarks/run.py to time.

    python benchmarks/stage.py imports
    python benchmarks/stage.py notebook 01_train.ipynb RUN_DIR
    python benchmarks/stage.py render RUN_DIR
    python benchmarks/stage.py mnist-size NPZ
    python benchmarks/stage.py sweep WORKERS REPORTS_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path


def imports() -> None:
    import helpers.compute  # noqa: F401
    import helpers.execute  # noqa: F401
    import helpers.plotting  # noqa: F401
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


def notebook(name: str, run_dir: str) -> None:
    import papermill

    from helpers.execute import KERNEL, NOTEBOOKS_DIR
    from helpers.params import validate

    parameters = {**validate({}).notebook_parameters(), "run_dir": run_dir}
    papermill.execute_notebook(str(NOTEBOOKS_DIR / name), str(Path(run_dir) / name), parameters=parameters,
                               cwd=str(NOTEBOOKS_DIR), kernel_name=KERNEL, progress_bar=False)


def render(run_dir: str) -> None:
    from helpers.render import render_report

    render_report(Path(run_dir) / "03_report.ipynb", Path(run_dir) / "report.html")


def mnist_size(npz: str) -> None:
    """The 10-digit matrix with its intervals on a 70,000 x 784 set."""
    from helpers.compute import compute_run
    from helpers.params import validate

    run = compute_run(validate({"dataset": npz, "digits": list(range(10)), "noise": 0, "repeats": 1}))
    assert run.facts["n_pairs"] == 45
    print(f"mean off-diagonal accuracy {run.facts['off_diagonal']['mean']:.3f}", file=sys.stderr)


# Eight configurations of about 1.4 s each: enough work per task for two workers to pay off.
SWEEP = {"name": "bench",
         "base": {"digits": list(range(10)), "classifier": "random_forest", "classifier_params": {"n_estimators": 300}},
         "grid": {"noise": [3.0, 7.0], "seed": [0, 1, 2, 3]}}


def sweep(workers: str, reports_dir: str) -> None:
    """Prints the sweep's own time (after the imports both ways share) as JSON on stdout."""
    import json
    import time

    import helpers.compute  # noqa: F401  (the imports every sweep pays once, serial or not)
    from helpers.sweep import SweepSpec, run_sweep

    started = time.perf_counter()
    result = run_sweep(SweepSpec(**SWEEP), reports_dir, workers=int(workers), progress=False, render=False)
    assert not result.failed, result.failed
    print(json.dumps({"sweep_seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    stage, *args = sys.argv[1:]
    {"imports": imports, "notebook": notebook, "render": render, "mnist-size": mnist_size, "sweep": sweep}[stage](*args)
