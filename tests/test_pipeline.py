"""The whole pipeline, end to end, on small parameters in a temporary reports folder."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest

from helpers import execute
from helpers.artifacts import read_accuracy_csv
from helpers.exceptions import RunFailedError, RunInProgressError
from helpers.narrative import pair_label
from helpers.params import validate

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
from tests.conftest import SMALL
SMALL_ARGS = [a for key, value in SMALL.items() if key != "name" for a in ("-p", f"{key}={value}")] + ["--name", "small"]
ARTIFACTS = [
    "01_train.ipynb", "02_matrix.ipynb", "03_report.ipynb", "report.html", "accuracy.png", "accuracy.svg",
    "accuracy.csv", "confusion.csv", "confusion_counts.csv", "accuracy_intervals.csv", "pair_outcomes.csv",
    "repeats.csv", "robustness.csv", "robustness.png", "robustness.svg",
    "summary.json", "model.joblib", "test_scores.npz", "training.json",
]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def reports(small_reports):
    return small_reports


def test_every_artifact_is_written(reports):
    run_dir = reports / "small"
    for name in ARTIFACTS:
        assert (run_dir / name).is_file(), name
    assert not list(reports.glob(".small.work-*"))


def test_accuracy_csv_is_symmetric_unit_diagonal_and_labelled(reports):
    matrix = read_accuracy_csv(reports / "small" / "accuracy.csv")
    assert matrix.index.tolist() == [1, 2, 3] and matrix.columns.tolist() == [1, 2, 3]
    values = matrix.to_numpy()
    np.testing.assert_array_equal(values, values.T)
    np.testing.assert_array_equal(np.diag(values), 1.0)
    assert ((values > 0.5) & (values <= 1.0)).all()


def test_summary_agrees_with_the_csv_and_the_narrative_names_the_lowest_pair(reports):
    run_dir = reports / "small"
    summary = json.loads((run_dir / "summary.json").read_text())
    matrix = read_accuracy_csv(run_dir / "accuracy.csv")
    for cell in summary["cells"]:
        assert matrix.loc[cell["digit_b"], cell["digit_a"]] == pytest.approx(cell["accuracy"], abs=1e-12)
    off = {(a, b): matrix.loc[b, a] for a in matrix.columns for b in matrix.index if a < b}
    lowest = min(off, key=lambda k: (off[k], k))
    assert (summary["facts"]["lowest"]["digit_a"], summary["facts"]["lowest"]["digit_b"]) == lowest
    assert pair_label(*lowest) in summary["narrative"]
    assert summary["parameters"]["digits"] == [1, 2, 3] and summary["parameters"]["noise"] == 4.0
    assert summary["versions"]["scikit-learn"] and summary["provenance"]["fingerprint"]
    assert summary["provenance"]["data_hash"] and "commit" in summary["provenance"]["git"]


def test_report_shows_heatmap_and_narrative_without_code(reports):
    html = (reports / "small" / "report.html").read_text()
    assert "data:image/png;base64," in html
    assert "True by construction, not findings" in html and "Findings of this run" in html
    assert "from helpers import" not in html and "plot_pairwise_accuracy(" not in html
    assert "<script src=" not in html


def test_an_unchanged_run_is_not_redone_and_force_reruns(reports):
    before = tree_digest(reports / "small")
    again = execute.run(validate(SMALL), reports)
    assert again.cached  # speed is measured in benchmarks/, not asserted here
    assert tree_digest(reports / "small") == before
    forced = execute.run(validate(SMALL), reports, force=True)
    assert not forced.cached


def test_same_parameters_give_byte_identical_tables_in_a_new_process(reports, tmp_path):
    other = tmp_path / "again"
    result = subprocess.run([sys.executable, "-m", "helpers", "run", "--reports-dir", str(other), *SMALL_ARGS],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for name in ("accuracy.csv", "confusion.csv", "accuracy_intervals.csv", "pair_outcomes.csv", "repeats.csv",
                 "robustness.csv", "accuracy.svg"):
        assert (other / "small" / name).read_bytes() == (reports / "small" / name).read_bytes(), name


def test_one_vs_one_method_runs_end_to_end(tmp_path):
    result = execute.run(validate({**SMALL, "name": "ovo", "method": "one_vs_one"}), tmp_path)
    run_dir = result.run_dir
    assert (run_dir / "pair_margins.csv").is_file()
    matrix = read_accuracy_csv(run_dir / "accuracy.csv").to_numpy()
    np.testing.assert_array_equal(matrix, matrix.T)


def _broken_notebooks(tmp_path: Path) -> Path:
    broken = tmp_path / "notebooks"
    shutil.copytree(execute.NOTEBOOKS_DIR, broken)
    path = broken / "02_matrix.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('simulated failure in a cell')"))
    nbformat.write(nb, str(path))
    return broken


def test_a_failed_run_keeps_the_previous_report_and_the_failed_notebooks(reports, tmp_path, monkeypatch):
    before = tree_digest(reports / "small")
    monkeypatch.setattr(execute, "NOTEBOOKS_DIR", _broken_notebooks(tmp_path))
    with pytest.raises(RunFailedError) as info:
        execute.run(validate(SMALL), reports, force=True)
    assert info.value.notebook == "02_matrix.ipynb" and "simulated failure" in str(info.value)
    assert tree_digest(reports / "small") == before
    failed = Path(info.value.failed_dir)
    assert failed.parent == reports / "_failed" and failed.name.startswith("small-")
    nb = nbformat.read(str(failed / "02_matrix.ipynb"), as_version=4)
    assert any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert not list(reports.glob(".small.work-*"))


def test_a_second_run_with_the_same_name_is_refused_while_one_holds_the_lock(reports):
    from filelock import FileLock

    with FileLock(str(reports / ".small.lock")):
        with pytest.raises(RunInProgressError):
            execute.run(validate(SMALL), reports, force=True)


def test_a_killed_run_leaves_the_previous_report_byte_identical(reports):
    before = tree_digest(reports / "small")
    args = ["run", "--reports-dir", str(reports), "--force", *SMALL_ARGS]
    proc = subprocess.Popen([sys.executable, "-m", "helpers", *args], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and not list(reports.glob(".small.work-*/01_train.ipynb")):
        time.sleep(0.05)
    assert list(reports.glob(".small.work-*")), "the run never started"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert tree_digest(reports / "small") == before
    # The next run files the killed run's work under _failed and leaves the report alone.
    assert execute.run(validate(SMALL), reports).cached
    assert not list(reports.glob(".small.work-*"))
    assert tree_digest(reports / "small") == before
    assert len(list((reports / "_failed").glob("small-*"))) >= 1


def test_sigterm_ends_a_run_cleanly(reports):
    before = tree_digest(reports / "small")
    args = ["run", "--reports-dir", str(reports), "--force", *SMALL_ARGS]
    proc = subprocess.Popen([sys.executable, "-m", "helpers", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list(reports.glob(".small.work-*/01_train.ipynb")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    assert "previous report is unchanged" in err and "_failed" in err
    assert tree_digest(reports / "small") == before


def test_plain_papermill_cli_runs_a_notebook_as_the_readme_shows(tmp_path):
    papermill_cli = Path(sys.executable).with_name("papermill")
    out = tmp_path / "01_train.ipynb"
    result = subprocess.run(
        [str(papermill_cli), "01_train.ipynb", str(out), "-y", "digits: [3, 5, 8]", "-p", "run_dir", str(tmp_path / "run")],
        cwd=execute.NOTEBOOKS_DIR, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    training = json.loads((tmp_path / "run" / "training.json").read_text())
    assert set(training["test_per_digit"]) == {"3", "5", "8"}


@pytest.mark.parametrize("parameters,parameter", [({"noise": -1.0}, "noise"), ({"nosie": 2.0}, "nosie")])
def test_papermill_runs_refuse_bad_parameters_right_after_the_parameters_cell(tmp_path, parameters, parameter):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as info:
        papermill.execute_notebook(
            str(execute.NOTEBOOKS_DIR / "01_train.ipynb"), str(tmp_path / "out.ipynb"),
            parameters={**parameters, "run_dir": str(tmp_path / "run")}, cwd=str(execute.NOTEBOOKS_DIR),
            kernel_name=execute.KERNEL, progress_bar=False,
        )
    assert info.value.ename == "ParameterError" and f"parameter {parameter!r}" in info.value.evalue
    nb = nbformat.read(str(tmp_path / "out.ipynb"), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tags = [c.metadata.get("tags", []) for c in code]
    failed = next(i for i, c in enumerate(code) if any(o.get("output_type") == "error" for o in c.outputs))
    assert "injected-parameters" in tags[failed - 1]  # the very next cell refused it
    assert not (tmp_path / "run").exists()  # nothing was trained or written


def test_runs_with_different_names_proceed_at_the_same_time(tmp_path):
    procs = [
        subprocess.Popen([sys.executable, "-m", "helpers", "run", "--reports-dir", str(tmp_path), *SMALL_ARGS[:-1], name],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("first", "second")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
    assert (tmp_path / "first" / "report.html").is_file() and (tmp_path / "second" / "report.html").is_file()


def test_a_28x28_npz_dataset_goes_through_the_whole_report(tmp_path):
    from helpers.datasets import synthetic_digits

    X, y = synthetic_digits(1500, side=28, seed=3)
    path = tmp_path / "mnist-like.npz"
    np.savez(path, X=X.reshape(len(X), -1), y=y)
    params = validate({"name": "big", "dataset": str(path), "digits": [3, 5, 8], "noise": 30.0, "repeats": 2,
                       "robustness_noise": [0, 60]})
    result = execute.run(params, tmp_path / "reports")
    training = json.loads((result.run_dir / "training.json").read_text())
    assert training["side"] == 28 and training["pixel_max"] == float(X.max())
    html = (result.run_dir / "report.html").read_text()
    assert "28\u00d728 pixels" in html
    # heatmap, gallery, mean images, robustness curve and confusion matrix
    assert html.count("<img") >= 5
    summary = json.loads((result.run_dir / "summary.json").read_text())
    assert summary["parameters"]["dataset"] == str(path)
