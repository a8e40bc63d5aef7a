"""Pairwise accuracy and confusion matrices.

Pairwise accuracy of digits a != b: over the test images whose true digit is a or b,
the share whose score for the true digit is higher than for the other digit of the
pair. A tie counts as not ranked correctly. The cell (a, b) and the cell (b, a) count
the same images, so the matrix is symmetric by construction; a digit is never ranked
against itself, so the diagonal is 1 by definition.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix

from helpers.stats import wilson_interval

MARGIN_COLUMNS = ["digit_a", "digit_b", "image", "true_digit", "margin"]


def pair_margins(scores: np.ndarray, classes: list[int], y_true: np.ndarray, test_index: np.ndarray | None = None) -> pd.DataFrame:
    """Tidy margins from multi-class scores: score(digit_a) - score(digit_b) per image of the pair.

    ``scores`` has one column per class of ``classes``; only images whose true digit is
    digit_a or digit_b enter the pair.
    """
    scores = np.asarray(scores, dtype=float)
    y_true = np.asarray(y_true)
    if scores.ndim != 2 or scores.shape != (len(y_true), len(classes)):
        raise ValueError(f"scores must be (n_images, n_classes) = ({len(y_true)}, {len(classes)}), got {scores.shape}")
    image = np.arange(len(y_true)) if test_index is None else np.asarray(test_index)
    column = {digit: i for i, digit in enumerate(classes)}
    frames = []
    for a, b in combinations(sorted(classes), 2):
        rows = np.isin(y_true, [a, b])
        frames.append(pd.DataFrame({
            "digit_a": a, "digit_b": b, "image": image[rows], "true_digit": y_true[rows],
            "margin": scores[rows, column[a]] - scores[rows, column[b]],
        }))
    return pd.concat(frames, ignore_index=True)


def pair_outcomes(margins: pd.DataFrame) -> pd.DataFrame:
    """Add ``correct``: the true digit's score was strictly higher than the other's."""
    true_is_a = margins["true_digit"] == margins["digit_a"]
    correct = np.where(true_is_a, margins["margin"] > 0, margins["margin"] < 0)
    return margins.assign(correct=correct)


def pairwise_counts(outcomes: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """One row per pair digit_a < digit_b: n images, k ranked correctly, accuracy, Wilson interval."""
    counts = (
        outcomes.groupby(["digit_a", "digit_b"], sort=True)["correct"]
        .agg(n="size", k="sum").reset_index()
    )
    counts["k"] = counts["k"].astype(int)
    counts["accuracy"] = counts["k"] / counts["n"]
    bounds = [wilson_interval(k, n, confidence) for k, n in zip(counts["k"], counts["n"])]
    counts["low"] = [lo for lo, _ in bounds]
    counts["high"] = [hi for _, hi in bounds]
    return counts


def pairwise_accuracy(counts: pd.DataFrame, digits: list[int]) -> pd.DataFrame:
    """Long (tidy) table of every cell: digit_a, digit_b, accuracy.

    Off-diagonal cells are mirrored from the pair's count; diagonal cells are 1.
    """
    value = {(a, b): acc for a, b, acc in counts[["digit_a", "digit_b", "accuracy"]].itertuples(index=False)}
    rows = []
    for b in digits:
        for a in digits:
            acc = 1.0 if a == b else value[(min(a, b), max(a, b))]
            rows.append((a, b, acc))
    return pd.DataFrame(rows, columns=["digit_a", "digit_b", "accuracy"])


def accuracy_matrix(cells: pd.DataFrame) -> pd.DataFrame:
    """Square matrix from the long table: rows digit_b, columns digit_a, both increasing."""
    return cells.pivot(index="digit_b", columns="digit_a", values="accuracy").sort_index().sort_index(axis=1)


def confusion_counts(y_true: np.ndarray, y_pred: np.ndarray, digits: list[int]) -> pd.DataFrame:
    """Counts with rows = predicted digit, columns = true digit."""
    counts = confusion_matrix(y_true, y_pred, labels=digits).T
    return pd.DataFrame(counts, index=pd.Index(digits, name="predicted"), columns=pd.Index(digits, name="true"))


def confusion(counts: pd.DataFrame) -> pd.DataFrame:
    """Each column (true digit) normalised to sum to 1."""
    return counts / counts.sum(axis=0)


def confusion_cells(confusion_matrix_: pd.DataFrame) -> pd.DataFrame:
    """Long table of the confusion matrix: predicted, true, share."""
    return confusion_matrix_.stack().rename("share").reset_index()


def misranked(outcomes: pd.DataFrame, pairs: list[tuple[int, int]], limit: int = 12) -> pd.DataFrame:
    """Test images ranked wrongly within ``pairs``: image, pair, true digit and the digit it was taken for.

    Sorted by how wrong the margin was, most confident mistakes first.
    """
    frames = []
    for a, b in pairs:
        wrong = outcomes[(outcomes["digit_a"] == a) & (outcomes["digit_b"] == b) & ~outcomes["correct"]]
        wrong = wrong.assign(
            taken_for=np.where(wrong["true_digit"] == a, b, a),
            confidence=wrong["margin"].abs(),
        ).sort_values(["confidence", "image"], ascending=[False, True], kind="mergesort").head(limit)
        frames.append(wrong[["digit_a", "digit_b", "image", "true_digit", "taken_for", "margin"]])
    columns = ["digit_a", "digit_b", "image", "true_digit", "taken_for", "margin"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
