"""What one notebook hands to the next, and the run's output files.

01_train writes model.joblib, test_scores.npz and training.json (plus pair_margins.csv
for the one-vs-one method); 02_matrix writes the matrices as CSV; 03_report writes the
figures and summary.json. Every table is written the same way each time, so the same
parameters give byte-identical files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd

from helpers.data import Split, images_at
from helpers.provenance import library_versions



def run_path(run_dir: str | Path) -> Path:
    path = Path(run_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8")


def read_json(path: Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_csv(frame: pd.DataFrame, path: Path, index: bool = False) -> None:
    frame.to_csv(path, index=index, lineterminator="\n")


# --- 01_train -> 02_matrix -------------------------------------------------------------

@dataclass(frozen=True)
class Training:
    classes: list[int]
    scores: np.ndarray
    y_test: np.ndarray
    y_pred: np.ndarray
    test_index: np.ndarray
    X_test: np.ndarray
    side: int
    summary: dict[str, Any]
    ovo_margins: pd.DataFrame | None

    def test_images(self, image_ids) -> np.ndarray:
        """The (degraded) test images with these ids, as (n, side, side)."""
        return images_at(self.test_index, self.X_test, self.side, image_ids)


def save_training(run_dir: str | Path, model, split: Split, scores: np.ndarray, y_pred: np.ndarray,
                  ovo_margins: pd.DataFrame | None = None) -> dict[str, Any]:
    """Save the fitted model, the test-set scores and a short summary of the fit."""
    path = run_path(run_dir)
    joblib.dump(model, path / "model.joblib")
    classes = np.asarray(model.classes_, dtype=int)
    np.savez_compressed(
        path / "test_scores.npz", classes=classes, scores=scores, y_test=split.y_test,
        y_pred=y_pred, test_index=split.test_index, X_test=split.X_test.astype(np.float32),
        side=np.array(split.side),
    )
    summary = {
        "source": split.source,
        "side": int(split.side),
        "pixel_max": float(split.pixel_max),
        "n_train": int(len(split.y_train)),
        "n_test": int(len(split.y_test)),
        "overall_accuracy": float(np.mean(y_pred == split.y_test)),
        "test_per_digit": {str(int(d)): int(n) for d, n in zip(*np.unique(split.y_test, return_counts=True))},
        "train_per_digit": {str(int(d)): int(n) for d, n in zip(*np.unique(split.y_train, return_counts=True))},
    }
    write_json(path / "training.json", summary)
    margins_file = path / "pair_margins.csv"
    if ovo_margins is not None:
        write_csv(ovo_margins, margins_file)
    elif margins_file.exists():
        margins_file.unlink()
    return summary


def load_training(run_dir: str | Path) -> Training:
    path = Path(run_dir)
    with np.load(path / "test_scores.npz", allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    margins_file = path / "pair_margins.csv"
    return Training(
        classes=arrays["classes"].astype(int).tolist(), scores=arrays["scores"],
        y_test=arrays["y_test"], y_pred=arrays["y_pred"], test_index=arrays["test_index"],
        X_test=arrays["X_test"], side=int(arrays["side"]),
        summary=read_json(path / "training.json"),
        ovo_margins=pd.read_csv(margins_file) if margins_file.exists() else None,
    )


# --- 02_matrix -> 03_report ------------------------------------------------------------

@dataclass(frozen=True)
class Matrices:
    outcomes: pd.DataFrame
    counts: pd.DataFrame       # one split: n, k, accuracy, Wilson low/high per pair
    intervals: pd.DataFrame    # counts plus the spread and pooled interval across repeats
    repeats: pd.DataFrame      # n, k, accuracy per pair and repeat
    robustness: pd.DataFrame   # n, k, accuracy, low, high per pair and noise level
    cells: pd.DataFrame
    confusion_counts: pd.DataFrame


COUNT_COLUMNS = ["digit_a", "digit_b", "n", "k", "accuracy", "low", "high"]


def accuracy_frame(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix as accuracy.csv holds it: rows digit_b, columns digit_a."""
    out = matrix.copy()
    out.index.name = "digit_b"
    out.columns = [str(c) for c in out.columns]
    return out


def save_matrices(run_dir: str | Path, outcomes: pd.DataFrame, intervals: pd.DataFrame, matrix: pd.DataFrame,
                  confusion_counts: pd.DataFrame, confusion: pd.DataFrame, repeats: pd.DataFrame,
                  robustness: pd.DataFrame) -> None:
    path = run_path(run_dir)
    write_csv(outcomes, path / "pair_outcomes.csv")
    write_csv(intervals, path / "accuracy_intervals.csv")
    write_csv(repeats, path / "repeats.csv")
    write_csv(robustness, path / "robustness.csv")
    write_csv(accuracy_frame(matrix), path / "accuracy.csv", index=True)
    write_csv(confusion_counts, path / "confusion_counts.csv", index=True)
    write_csv(confusion, path / "confusion.csv", index=True)


def load_matrices(run_dir: str | Path) -> Matrices:
    from helpers.matrices import pairwise_accuracy  # the long table is derived, not stored twice

    path = Path(run_dir)
    intervals = pd.read_csv(path / "accuracy_intervals.csv")
    confusion_counts = pd.read_csv(path / "confusion_counts.csv", index_col="predicted")
    confusion_counts.columns = confusion_counts.columns.astype(int)
    confusion_counts.columns.name = "true"
    digits = confusion_counts.columns.tolist()
    counts = intervals[COUNT_COLUMNS]
    return Matrices(
        outcomes=pd.read_csv(path / "pair_outcomes.csv"),
        counts=counts,
        intervals=intervals,
        repeats=pd.read_csv(path / "repeats.csv"),
        robustness=pd.read_csv(path / "robustness.csv"),
        cells=pairwise_accuracy(counts, digits),
        confusion_counts=confusion_counts,
    )


def read_accuracy_csv(path: str | Path) -> pd.DataFrame:
    """accuracy.csv back as a square matrix with integer labels."""
    frame = pd.read_csv(path, index_col="digit_b")
    frame.columns = frame.columns.astype(int)
    frame.columns.name = "digit_a"
    return frame


# --- 03_report -------------------------------------------------------------------------

def write_summary(run_dir: str | Path, params: dict[str, Any], training: dict[str, Any], intervals: pd.DataFrame,
                  cells: pd.DataFrame, facts: dict[str, Any], narrative: str, reference: pd.DataFrame,
                  extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """summary.json: parameters, every cell, the headline facts, the narrative, versions."""
    summary = {
        "parameters": params,
        "training": training,
        "cells": cells.to_dict(orient="records"),
        "pairs": intervals.to_dict(orient="records"),
        "facts": facts,
        "narrative": narrative,
        "reference_comparison": reference.to_dict(orient="records"),
        "versions": library_versions(),
        **(extra or {}),
    }
    write_json(run_path(run_dir) / "summary.json", _plain(summary))
    return summary


def _plain(value: Any) -> Any:
    """numpy scalars to Python ones and NaN to null, so json can write them."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None  # JSON has no NaN; a missing statistic is null
    return value
