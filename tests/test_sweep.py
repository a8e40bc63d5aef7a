"""Sweeps: grid validation, parallel and Dask execution, failures, the comparison report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from helpers import sweep
from helpers.exceptions import ParameterError

ROOT = Path(__file__).resolve().parent.parent
BASE = {"digits": [1, 2, 3], "repeats": 1}


def spec(**grid) -> sweep.SweepSpec:
    return sweep.SweepSpec(name="t", base=BASE, grid=grid)


def test_every_combination_is_a_validated_configuration():
    configs = sweep.configurations(spec(classifier=["logistic_regression", "knn"], noise=[0, 5], seed=[0, 1, 2]))
    assert len(configs) == 12
    assert {c.classifier for c in configs} == {"logistic_regression", "knn"} and configs[0].digits == [1, 2, 3]
    assert len({c.name for c in configs}) == 12


@pytest.mark.parametrize("grid,parameter,text", [
    ({"colour": ["red"]}, "grid.colour", "unknown parameter"),
    ({"noise": []}, "grid.noise", "non-empty"),
    ({"noise": [1, -1]}, "noise", "in the configuration noise=-1"),
    ({"classifier": ["knn", "magic"]}, "classifier", "classifier='magic'"),
    ({"seed": list(range(40)), "noise": list(range(30))}, "grid", "at most 1000"),
])
def test_a_bad_grid_is_refused_before_anything_runs(grid, parameter, text):
    with pytest.raises(ParameterError) as info:
        sweep.configurations(spec(**grid))
    assert info.value.parameter == parameter and text in str(info.value)


def test_sweep_file_errors_name_the_field(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"name": "../x", "grid": {"noise": [1]}}))
    with pytest.raises(ParameterError, match="sweep name"):
        sweep.read_sweep(path)
    path.write_text(yaml.safe_dump({"name": "ok", "grid": {}}))
    with pytest.raises(ParameterError, match="sweep grid"):
        sweep.read_sweep(path)


def test_a_failing_configuration_is_reported_and_the_rest_finish(tmp_path):
    bad = tmp_path / "bad.npz"
    np.savez(bad, X=np.zeros((4, 9)), y=np.array([1, 2, 1, 2]))  # has no 3s: fails inside the worker
    results = sweep.execute_local(
        [{**BASE, "name": "good"}, {**BASE, "name": "bad", "dataset": str(bad)}, {**BASE, "name": "good2", "noise": 3.0}],
        workers=1, progress=False,
    )
    by_name = {r["name"]: r for r in results}
    assert by_name["good"]["error"] is None and by_name["good2"]["error"] is None
    assert "ParameterError" in by_name["bad"]["error"] and "no images of [3]" in by_name["bad"]["error"]


@pytest.mark.slow
def test_sweep_cli_runs_in_parallel_and_renders_the_comparison(tmp_path):
    path = tmp_path / "sweep.yaml"
    path.write_text(yaml.safe_dump({"name": "cmp", "base": BASE, "grid": {"classifier": ["logistic_regression", "knn"], "noise": [1, 6]}}))
    result = subprocess.run([sys.executable, "-m", "helpers", "sweep", str(path), "--workers", "2", "--reports-dir",
                             str(tmp_path / "reports"), "--no-progress"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    out = tmp_path / "reports" / "sweeps" / "cmp"
    configs = pd.read_csv(out / "configurations.csv")
    assert len(configs) == 4 and (configs["status"] == "ok").all()
    cells = pd.read_csv(out / "cells.csv")
    assert len(cells) == 4 * 9
    html = (out / "report.html").read_text()
    assert html.count("data:image/png;base64,") >= 2 and "Every configuration" in html and "<script src=" not in html
    summary = json.loads((out / "summary.json").read_text())
    assert summary["engine"] == "2 local workers" and summary["failed"] == []
    assert 'href="sweeps/cmp/report.html"' in (tmp_path / "reports" / "index.html").read_text()


def test_two_local_workers_share_the_configurations():
    values = [{**BASE, "name": f"c{i}", "noise": float(i)} for i in range(4)]
    results = sweep.execute_local(values, workers=2, progress=False)
    pids = {r["pid"] for r in results}
    assert sorted(r["name"] for r in results) == ["c0", "c1", "c2", "c3"]
    assert os.getpid() not in pids and all(r["error"] is None for r in results)


@pytest.mark.slow
def test_sweep_runs_on_a_dask_cluster(tmp_path):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        s = sweep.SweepSpec(name="dask", base=BASE, grid={"noise": [0, 4, 8]})
        result = sweep.run_sweep(s, tmp_path, scheduler=cluster.scheduler_address, progress=False, render=False)
    assert len(result.results) == 3 and not result.failed
    assert os.getpid() not in {r["pid"] for r in result.results}  # ran in the cluster's worker processes
    configs = pd.read_csv(result.sweep_dir / "configurations.csv")
    assert configs["mean_accuracy"].is_monotonic_decreasing  # more noise, lower accuracy
    assert json.loads((result.sweep_dir / "summary.json").read_text())["engine"].startswith("Dask scheduler tcp://127.0.0.1:")


@pytest.mark.slow
def test_a_sweep_where_every_configuration_fails_still_reports(tmp_path):
    bad = tmp_path / "no-threes.npz"
    np.savez(bad, X=np.zeros((4, 9)), y=np.array([1, 2, 1, 2]))
    s = sweep.SweepSpec(name="allfail", base={**BASE, "dataset": str(bad)}, grid={"noise": [1, 2]})
    result = sweep.run_sweep(s, tmp_path / "reports", workers=1, progress=False)
    assert len(result.failed) == 2
    configs = pd.read_csv(result.sweep_dir / "configurations.csv")
    assert (configs["status"] == "failed").all() and configs["error"].str.contains("no images of \\[3\\]").all()
    assert "2 failed" in (result.sweep_dir / "report.html").read_text()
