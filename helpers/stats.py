"""Uncertainty and trends, from scipy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

ALPHA = 0.05


def wilson_interval(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials."""
    if n == 0:
        return (float("nan"), float("nan"))
    ci = stats.binomtest(int(k), int(n)).proportion_ci(confidence_level=confidence, method="wilson")
    return float(ci.low), float(ci.high)


@dataclass(frozen=True)
class Trend:
    """Spearman's rank correlation between |a - b| and a pair's accuracy."""

    rho: float
    p_value: float
    n_pairs: int
    alpha: float = ALPHA

    @property
    def testable(self) -> bool:
        return self.n_pairs >= 3 and np.isfinite(self.rho)

    @property
    def significant(self) -> bool:
        return self.testable and self.p_value < self.alpha

    @property
    def direction(self) -> str:
        """'falls', 'rises' or 'none' as |a - b| grows."""
        if not self.significant:
            return "none"
        return "falls" if self.rho < 0 else "rises"


def distance_trend(counts: pd.DataFrame, alpha: float = ALPHA) -> Trend:
    """Does accuracy change with the distance |a - b| between the digits of a pair?"""
    distance = (counts["digit_b"] - counts["digit_a"]).abs().to_numpy()
    accuracy = counts["accuracy"].to_numpy()
    n = len(counts)
    if n < 3 or np.ptp(distance) == 0 or np.ptp(accuracy) == 0:
        return Trend(float("nan"), float("nan"), n, alpha)
    result = stats.spearmanr(distance, accuracy)
    return Trend(float(result.statistic), float(result.pvalue), n, alpha)


@dataclass(frozen=True)
class PairComparison:
    """Paired bootstrap of accuracy(first) - accuracy(second) over the test images."""

    first: tuple[int, int]
    second: tuple[int, int]
    difference: float
    low: float
    high: float
    n_resamples: int

    @property
    def distinguishable(self) -> bool:
        """The 95% interval of the difference excludes 0."""
        return bool(self.high < 0 or self.low > 0)


def compare_pairs(outcomes: pd.DataFrame, first: tuple[int, int], second: tuple[int, int],
                  seed: int = 0, n_resamples: int = 2000, confidence: float = 0.95) -> PairComparison:
    """Is ``first`` really less (or more) accurate than ``second``?

    The two pairs may share test images (3-5 and 2-3 share every 3), so their
    accuracies are correlated; resampling whole images keeps that correlation. The
    percentile interval comes from ``scipy.stats.bootstrap``.
    """
    key = ["digit_a", "digit_b"]
    one = outcomes.set_index(key).loc[first]
    two = outcomes.set_index(key).loc[second]
    images = np.union1d(one["image"].to_numpy(), two["image"].to_numpy())
    pos = {img: i for i, img in enumerate(images)}

    def column(part: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        member = np.zeros(len(images))
        correct = np.zeros(len(images))
        idx = [pos[i] for i in part["image"]]
        member[idx] = 1.0
        correct[idx] = part["correct"].to_numpy(dtype=float)
        return member, correct

    in1, c1 = column(one)
    in2, c2 = column(two)

    def difference(idx, axis=-1):
        idx = np.asarray(idx, dtype=int)
        acc1 = c1[idx].sum(axis=axis) / np.maximum(in1[idx].sum(axis=axis), 1)
        acc2 = c2[idx].sum(axis=axis) / np.maximum(in2[idx].sum(axis=axis), 1)
        return acc1 - acc2

    observed = float(difference(np.arange(len(images))))
    result = stats.bootstrap(
        (np.arange(len(images)),), difference, vectorized=True, n_resamples=n_resamples,
        confidence_level=confidence, method="percentile", rng=np.random.default_rng(seed),
        batch=max(1, 2_000_000 // max(len(images), 1)),  # bound memory: ~2M resampled indices at a time
    )
    ci = result.confidence_interval
    return PairComparison(tuple(first), tuple(second), observed, float(ci.low), float(ci.high), n_resamples)


@dataclass(frozen=True)
class ErrorDirection:
    """Errors between digits a and b in the confusion counts, in each direction."""

    digit_a: int
    digit_b: int
    a_as_b: int  # true a, predicted b
    b_as_a: int  # true b, predicted a
    n_a: int
    n_b: int
    p_value: float  # Fisher's exact test of equal rates
    alpha: float = ALPHA

    @property
    def one_sided(self) -> bool:
        return self.p_value < self.alpha

    @property
    def dominant(self) -> tuple[int, int] | None:
        """(true, predicted) of the direction that dominates, when one does."""
        if not self.one_sided:
            return None
        rate_ab = self.a_as_b / self.n_a
        rate_ba = self.b_as_a / self.n_b
        return (self.digit_a, self.digit_b) if rate_ab > rate_ba else (self.digit_b, self.digit_a)


def error_direction(confusion_counts: pd.DataFrame, a: int, b: int, alpha: float = ALPHA) -> ErrorDirection:
    """Compare the rate of a->b errors with the rate of b->a errors (rows predicted, columns true)."""
    a_as_b = int(confusion_counts.loc[b, a])
    b_as_a = int(confusion_counts.loc[a, b])
    n_a = int(confusion_counts[a].sum())
    n_b = int(confusion_counts[b].sum())
    p = 1.0 if a_as_b + b_as_a == 0 else float(
        stats.fisher_exact([[a_as_b, n_a - a_as_b], [b_as_a, n_b - b_as_a]]).pvalue
    )
    return ErrorDirection(a, b, a_as_b, b_as_a, n_a, n_b, p, alpha)
