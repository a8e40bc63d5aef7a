"""The report's computation as plain Python, with no Jupyter.

The notebooks call the same step functions one cell at a time so a reader sees each
result; this module chains them for what runs many fits: repeated splits, the
robustness curve, the exploration notebook, sweeps and benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers import data, matrices, training
from helpers.narrative import headline_facts, narrate
from helpers.params import ReportParams
from helpers.stats import wilson_interval


@dataclass(frozen=True)
class Evaluation:
    """One split, one fit: everything the matrices need."""

    split: data.Split
    y_pred: np.ndarray
    outcomes: pd.DataFrame
    counts: pd.DataFrame
    confusion_counts: pd.DataFrame


def pair_margins_for(params: ReportParams, model, split: data.Split) -> pd.DataFrame:
    """The margins of the configured method: from the class scores, or one binary model per pair."""
    if params.method == "one_vs_one":
        return training.one_vs_one_margins(params.classifier, params.classifier_params, params.seed, split)
    return matrices.pair_margins(training.test_scores(model, split), model.classes_.tolist(), split.y_test, split.test_index)


def chosen_images(params: ReportParams) -> data.Images:
    """The clean images of the chosen digits (loaded once, then reused across fits)."""
    return data.select_digits(data.load_dataset(params.dataset), params.digits)


def evaluate(params: ReportParams, *, noise: float | None = None, split_seed: int | None = None,
             images: data.Images | None = None) -> Evaluation:
    """Degrade, split, fit and score once; ``noise`` and ``split_seed`` override the parameters."""
    chosen = images if images is not None else chosen_images(params)
    degraded = data.degrade(chosen, params.noise if noise is None else noise, params.seed)
    split = data.split(degraded, params.test_size, params.seed if split_seed is None else split_seed)
    model = training.fit(params.classifier, params.classifier_params, params.seed, split)
    outcomes = matrices.pair_outcomes(pair_margins_for(params, model, split))
    y_pred = model.predict(split.X_test)
    return Evaluation(
        split, y_pred, outcomes, matrices.pairwise_counts(outcomes),
        matrices.confusion_counts(split.y_test, y_pred, params.digits),
    )


def repeated_counts(params: ReportParams, images: data.Images | None = None) -> pd.DataFrame:
    """Each pair's n, k and accuracy on ``repeats`` stratified splits (seeds seed, seed+1, ...)."""
    images = images if images is not None else chosen_images(params)
    frames = []
    for r in range(params.repeats):
        counts = evaluate(params, split_seed=params.seed + r, images=images).counts
        frames.append(counts[["digit_a", "digit_b", "n", "k", "accuracy"]].assign(repeat=r))
    return pd.concat(frames, ignore_index=True)


def summarise_repeats(repeats: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Per pair: mean, spread (sd, min, max) across repeats and the pooled Wilson interval.

    The pooled interval adds up n and k over the repeats as if they were independent
    images; the repeats re-use the same images, so it is narrower than the truth. The
    spread across repeats is the honest measure of how much a split moves a cell.
    """
    grouped = repeats.groupby(["digit_a", "digit_b"], sort=True)
    summary = grouped.agg(
        repeats=("repeat", "size"), mean=("accuracy", "mean"), sd=("accuracy", "std"),
        min=("accuracy", "min"), max=("accuracy", "max"), pooled_n=("n", "sum"), pooled_k=("k", "sum"),
    ).reset_index()
    summary["sd"] = summary["sd"].fillna(0.0)
    bounds = [wilson_interval(k, n, confidence) for k, n in zip(summary["pooled_k"], summary["pooled_n"])]
    summary["pooled_low"] = [lo for lo, _ in bounds]
    summary["pooled_high"] = [hi for _, hi in bounds]
    return summary


def intervals_table(counts: pd.DataFrame, repeats: pd.DataFrame) -> pd.DataFrame:
    """accuracy_intervals.csv: one split's n, k, accuracy and Wilson interval, then the repeats."""
    return counts.merge(summarise_repeats(repeats), on=["digit_a", "digit_b"], how="left", validate="one_to_one")


def robustness(params: ReportParams, levels: list[float] | None = None, images: data.Images | None = None) -> pd.DataFrame:
    """Every pair's accuracy and Wilson interval at each noise level, same classifier and seed."""
    levels = params.robustness_noise if levels is None else levels
    images = images if images is not None else chosen_images(params)
    frames = [evaluate(params, noise=level, images=images).counts.assign(noise=float(level)) for level in levels]
    columns = ["noise", "digit_a", "digit_b", "n", "k", "accuracy", "low", "high"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def robustness_wide(curve: pd.DataFrame) -> pd.DataFrame:
    """The robustness curve as a table: one row per pair, one column per noise level."""
    if curve.empty:
        return pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=["digit_a", "digit_b"]))
    return curve.pivot(index=["digit_a", "digit_b"], columns="noise", values="accuracy")


@dataclass(frozen=True)
class RunData:
    evaluation: Evaluation
    cells: pd.DataFrame
    facts: dict[str, Any]
    narrative: str


def compute_run(params: ReportParams) -> RunData:
    """The default report's numbers and narrative in one call (no figures, no HTML)."""
    ev = evaluate(params)
    facts = headline_facts(ev.outcomes, ev.counts, ev.confusion_counts, seed=params.seed)
    return RunData(ev, matrices.pairwise_accuracy(ev.counts, params.digits), facts, narrate(facts))
