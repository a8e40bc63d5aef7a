"""Sweeps: many configurations of the report's computation, in parallel, compared in one report.

A sweep file names a grid of parameters (any of the report's) and a base for the rest:

    name: classifiers-by-noise
    base: {digits: [1, 2, 3, 4, 5]}
    grid:
      classifier: [logistic_regression, knn]
      noise: [0, 4, 8]
      seed: [0, 1]

Every combination is validated before anything starts. Configurations run in worker
processes (joblib) on this machine, or on a Dask cluster given its scheduler address; a
configuration that fails is reported and the others finish.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from datetime import datetime, timezone
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from helpers import atomic
from helpers.exceptions import ParameterError
from helpers.params import NAME_PATTERN, ReportParams, read_params_file, validate

MAX_CONFIGURATIONS = 1000


class SweepSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=NAME_PATTERN, description="the sweep's name; output goes to reports/sweeps/<name>/")
    base: dict[str, Any] = Field(default_factory=dict, description="parameters shared by every configuration")
    grid: dict[str, list[Any]] = Field(min_length=1, description="parameter -> list of values; every combination runs")


def read_sweep(path: str | Path) -> SweepSpec:
    values = read_params_file(path)
    try:
        return SweepSpec.model_validate(values)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "sweep"
        raise ParameterError(f"sweep {field}", err.get("input"), "name: NAME, base: {parameters}, grid: {parameter: [values]}", err["msg"]) from None


def configurations(spec: SweepSpec) -> list[ReportParams]:
    """Every combination of the grid over the base, validated; refuses the first bad one by name."""
    known = set(ReportParams.model_fields) - {"name"}
    for key, values in spec.grid.items():
        if key not in known:
            raise ParameterError(f"grid.{key}", values, "parameters of the report: " + ", ".join(sorted(known)), "unknown parameter")
        if not values:
            raise ParameterError(f"grid.{key}", values, "a non-empty list of values")
    keys = list(spec.grid)
    combos = list(itertools.product(*(spec.grid[k] for k in keys)))
    if len(combos) > MAX_CONFIGURATIONS:
        raise ParameterError("grid", f"{len(combos)} configurations", f"at most {MAX_CONFIGURATIONS}")
    configs = []
    for i, combo in enumerate(combos):
        values = {**spec.base, **dict(zip(keys, combo)), "name": f"{spec.name}-{i:03d}"}
        try:
            configs.append(validate(values))
        except ParameterError as exc:
            where = ", ".join(f"{k}={v!r}" for k, v in zip(keys, combo))
            raise ParameterError(exc.parameter, exc.value, exc.allowed, f"in the configuration {where}: {exc.reason}".rstrip(": ")) from None
    return configs


def run_configuration(values: dict[str, Any]) -> dict[str, Any]:
    """One configuration in a worker: its cells and headline facts, or its error. Never raises."""
    from helpers.compute import compute_run

    started = time.perf_counter()
    try:
        params = validate(values)
        run = compute_run(params)
        facts = run.facts
        return {
            "name": params.name, "parameters": params.notebook_parameters(), "error": None,
            "cells": run.cells.to_dict(orient="records"),
            "lowest": [facts["lowest"]["digit_a"], facts["lowest"]["digit_b"]],
            "lowest_accuracy": facts["lowest"]["accuracy"],
            "lowest_tied": len(facts["lowest_group"]) > 1,
            "mean_accuracy": facts["off_diagonal"]["mean"],
            "seconds": time.perf_counter() - started, "pid": os.getpid(),
        }
    except Exception as exc:  # a failed configuration is a result, so the others finish
        return {
            "name": values.get("name"), "parameters": values, "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(limit=5), "seconds": time.perf_counter() - started, "pid": os.getpid(),
        }


def _progress(iterable: Iterable, total: int, show: bool):
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc="configurations", unit="run", disable=not show)


def execute_local(values: list[dict[str, Any]], workers: int, progress: bool = True) -> list[dict[str, Any]]:
    """Run on this machine: in this process for one worker, else in a pool of worker processes.

    The computation's modules are imported here first and the workers are forked where
    the platform allows, so they start with scikit-learn and pandas already loaded
    instead of importing them again (about 1.5 s a worker, most of a short sweep's gain).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    import helpers.compute  # noqa: F401  (loaded once, inherited by forked workers)

    if workers == 1:
        return list(_progress(map(run_configuration, values), len(values), progress))
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(run_configuration, v) for v in values]
        return [f.result() for f in _progress(as_completed(futures), len(values), progress)]


def execute_dask(values: list[dict[str, Any]], scheduler: str, progress: bool = True) -> list[dict[str, Any]]:
    """Run on a Dask distributed cluster; its workers need this project installed."""
    from dask.distributed import Client, as_completed

    with Client(scheduler, timeout="30s") as client:
        futures = client.map(run_configuration, values, pure=False)
        return [f.result() for f in _progress(as_completed(futures), len(values), progress)]


@dataclass(frozen=True)
class SweepResult:
    name: str
    sweep_dir: Path
    results: list[dict[str, Any]]
    seconds: float

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.results if r["error"]]


def tables(results: list[dict[str, Any]], grid_keys: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per configuration, one row per configuration and cell), in configuration order."""
    rows, cells = [], []
    for r in sorted(results, key=lambda r: r["name"]):
        label = ", ".join(f"{k}={r['parameters'].get(k)}" for k in grid_keys)
        row = {"name": r["name"], "label": label, **{k: r["parameters"].get(k) for k in grid_keys},
               "status": "failed" if r["error"] else "ok", "error": r["error"] or ""}
        if not r["error"]:
            row.update(lowest_pair=f"{r['lowest'][0]}\u2194{r['lowest'][1]}", lowest_accuracy=r["lowest_accuracy"],
                       lowest_tied=r["lowest_tied"], mean_accuracy=r["mean_accuracy"])
            cells.extend({"name": r["name"], "label": label, **c} for c in r["cells"])
        rows.append(row)
    outcome_columns = ["lowest_pair", "lowest_accuracy", "lowest_tied", "mean_accuracy"]
    configs = pd.DataFrame(rows).reindex(columns=["name", "label", *grid_keys, "status", "error", *outcome_columns])
    for key in grid_keys:  # a list value (digits) cannot be grouped on: keep it as text
        if configs[key].map(lambda v: isinstance(v, (list, dict))).any():
            configs[key] = configs[key].map(json.dumps)
    cell_columns = ["name", "label", "digit_a", "digit_b", "accuracy"]
    return configs, pd.DataFrame(cells).reindex(columns=cell_columns)


def run_sweep(spec: SweepSpec, reports_dir: str | Path, workers: int | None = None, scheduler: str | None = None,
              progress: bool = True, render: bool = True) -> SweepResult:
    """Run every configuration, then write reports/sweeps/<name>/ (tables, summary, report.html)."""
    started = time.perf_counter()
    configs = configurations(spec)  # refuses a bad grid before anything runs
    values = [c.model_dump(mode="json") for c in configs]
    if scheduler:
        results = execute_dask(values, scheduler, progress)
    else:
        results = execute_local(values, workers or os.cpu_count() or 1, progress)
    sweeps_dir = Path(reports_dir) / "sweeps"
    atomic.recover(sweeps_dir, spec.name)
    work = atomic.work_dir(sweeps_dir, spec.name)
    try:
        configs_table, cells_table = tables(results, list(spec.grid))
        configs_table.to_csv(work / "configurations.csv", index=False, lineterminator="\n")
        cells_table.to_csv(work / "cells.csv", index=False, lineterminator="\n")
        (work / "sweep.yaml").write_text(yaml.safe_dump(spec.model_dump(), sort_keys=False))
        seconds = time.perf_counter() - started
        summary = {"name": spec.name, "grid": spec.grid, "base": spec.base, "configurations": len(results),
                   "failed": [{"name": r["name"], "error": r["error"]} for r in results if r["error"]],
                   "engine": f"Dask scheduler {scheduler}" if scheduler else f"{workers or os.cpu_count()} local workers",
                   "seconds": round(seconds, 1),
                   "finished": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        (work / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        if render:
            render_sweep_report(work, spec.name)
    except BaseException:
        atomic.keep_failed(work, sweeps_dir, spec.name)  # the previous sweep report stays as it was
        raise
    dest = sweeps_dir / spec.name
    atomic.replace(work, dest)
    if render:
        from helpers.index import write_index

        write_index(Path(reports_dir))
    return SweepResult(spec.name, dest, results, seconds)


def render_sweep_report(sweep_dir: Path, name: str) -> Path:
    """Execute notebooks/sweep_report.ipynb on the sweep's tables and render it as HTML."""
    import papermill

    from helpers.execute import KERNEL, NOTEBOOKS_DIR
    from helpers.render import render_report

    executed = sweep_dir / "sweep_report.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS_DIR / "sweep_report.ipynb"), str(executed),
                               parameters={"sweep_dir": str(sweep_dir)}, cwd=str(NOTEBOOKS_DIR),
                               kernel_name=KERNEL, progress_bar=False)
    return render_report(executed, sweep_dir / "report.html", title=f"Sweep \u2014 {name}")


def sweep_axes(grid: dict[str, list[Any]]) -> dict[str, str | None]:
    """x and hue for the mean-accuracy plot: noise across and classifiers as lines when swept."""
    keys = list(grid)
    x = "noise" if "noise" in grid else keys[0]
    hue = next((k for k in ("classifier", "method", "digits") if k in grid and k != x), None)
    return {"x": x, "hue": hue}


def sweep_overview(summary: dict[str, Any], configs: pd.DataFrame) -> str:
    """A paragraph on the sweep: its size, engine, time, failures, best and worst configuration."""
    ok = configs[configs["status"] == "ok"]
    grid = "; ".join(f"`{k}` in {v}" for k, v in summary["grid"].items())
    text = (
        f"**{summary['configurations']} configurations** ({grid}) ran on {summary['engine']} "
        f"in {summary['seconds']:.1f} s."
    )
    if len(ok):
        best = ok.loc[ok["mean_accuracy"].idxmax()]
        worst = ok.loc[ok["mean_accuracy"].idxmin()]
        text += (
            f" Mean off-diagonal accuracy runs from {worst['mean_accuracy']:.3f} ({worst['label']}) "
            f"to {best['mean_accuracy']:.3f} ({best['label']})."
        )
    if summary["failed"]:
        text += f" **{len(summary['failed'])} failed:** " + "; ".join(
            f"{f['name']} ({f['error']})" for f in summary["failed"]
        ) + "."
    return text


def weakest_table(configs: pd.DataFrame) -> pd.DataFrame:
    """The weakest pair of each configuration, for reading."""
    ok = configs["status"] == "ok"
    return pd.DataFrame({
        "configuration": configs["label"],
        "lowest pair": configs["lowest_pair"].where(ok, "\u2014") if "lowest_pair" in configs else "\u2014",
        "its accuracy": configs["lowest_accuracy"].round(3) if "lowest_accuracy" in configs else None,
        "tied with the next": configs["lowest_tied"].map({True: "tied", False: "distinct"}).where(ok, "")
        if "lowest_tied" in configs else "",
        "mean accuracy": configs["mean_accuracy"].round(3) if "mean_accuracy" in configs else None,
        "status": configs["status"].where(ok, "failed: " + configs["error"].fillna("").astype(str)),
    }).set_index("configuration")
