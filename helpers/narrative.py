"""The interpretation, written from a run's numbers.

``headline_facts`` computes every number the text uses (JSON-able, stored in
summary.json); ``narrate`` turns those facts into markdown and adds no number of its
own. Statements that hold by construction are labelled so and kept apart from the
findings, which carry their uncertainty.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.stats import compare_pairs, distance_trend, error_direction

ARROW = "\u2194"


def pair_label(a: int, b: int) -> str:
    return f"{a}{ARROW}{b}"


def _pair_record(row) -> dict[str, Any]:
    return {
        "digit_a": int(row.digit_a), "digit_b": int(row.digit_b),
        "accuracy": float(row.accuracy), "n": int(row.n), "k": int(row.k),
        "low": float(row.low), "high": float(row.high),
    }


def repeat_facts(repeats: pd.DataFrame, pair: tuple[int, int]) -> dict[str, Any]:
    """How often each pair was the lowest across repeated splits, and ``pair``'s spread."""
    ordered = repeats.sort_values(["repeat", "accuracy", "digit_a", "digit_b"], kind="mergesort")
    lowest = ordered.groupby("repeat").head(1)
    tally = lowest.groupby(["digit_a", "digit_b"]).size().sort_values(ascending=False, kind="mergesort")
    mine = repeats[(repeats["digit_a"] == pair[0]) & (repeats["digit_b"] == pair[1])]["accuracy"]
    return {
        "n_repeats": int(repeats["repeat"].nunique()),
        "lowest_counts": [{"digit_a": int(a), "digit_b": int(b), "times": int(t)} for (a, b), t in tally.items()],
        "pair": list(pair),
        "min": float(mine.min()), "max": float(mine.max()),
        "sd": float(mine.std()) if len(mine) > 1 else 0.0,
    }


def headline_facts(outcomes: pd.DataFrame, counts: pd.DataFrame, confusion_counts: pd.DataFrame,
                   seed: int = 0, repeats: pd.DataFrame | None = None) -> dict[str, Any]:
    """Every number the narrative states, computed from the run's outcomes and counts."""
    ascending = counts.sort_values(["accuracy", "digit_a", "digit_b"], kind="mergesort")
    descending = counts.sort_values(["accuracy", "digit_a", "digit_b"], ascending=[False, True, True], kind="mergesort")
    lowest = ascending.iloc[0]
    lowest_pair = (int(lowest.digit_a), int(lowest.digit_b))

    # The lowest pair, and every next-lowest pair the data cannot tell apart from it.
    group = [_pair_record(lowest)]
    comparisons = []
    for row in ascending.iloc[1:].itertuples(index=False):
        cmp = compare_pairs(outcomes, lowest_pair, (int(row.digit_a), int(row.digit_b)), seed=seed)
        comparisons.append({
            "first": list(cmp.first), "second": list(cmp.second), "difference": cmp.difference,
            "low": cmp.low, "high": cmp.high, "distinguishable": cmp.distinguishable,
            "n_resamples": cmp.n_resamples,
        })
        if cmp.distinguishable:
            break
        group.append(_pair_record(row))

    trend = distance_trend(counts)
    directions = []
    for pair in group[:3]:
        d = error_direction(confusion_counts, pair["digit_a"], pair["digit_b"])
        directions.append({
            "digit_a": d.digit_a, "digit_b": d.digit_b, "a_as_b": d.a_as_b, "b_as_a": d.b_as_a,
            "n_a": d.n_a, "n_b": d.n_b, "p_value": d.p_value, "one_sided": d.one_sided,
            "dominant": list(d.dominant) if d.dominant else None,
        })

    return {
        "n_pairs": int(len(counts)),
        "n_test_images": int(confusion_counts.to_numpy().sum()),
        "diagonal": 1.0,
        "symmetric": True,
        "off_diagonal": {
            "min": float(counts["accuracy"].min()),
            "max": float(counts["accuracy"].max()),
            "mean": float(counts["accuracy"].mean()),
        },
        "lowest": group[0],
        "highest": _pair_record(descending.iloc[0]),
        "lowest_group": group,
        "comparisons": comparisons,
        "trend": {
            "rho": trend.rho, "p_value": trend.p_value, "n_pairs": trend.n_pairs,
            "testable": trend.testable, "significant": trend.significant,
            "direction": trend.direction, "alpha": trend.alpha,
        },
        "error_directions": directions,
        "repeats": repeat_facts(repeats, lowest_pair) if repeats is not None and repeats["repeat"].nunique() > 1 else None,
    }


def describe_run(params, training: dict[str, Any]) -> str:
    """One paragraph of what was run, from the parameters and the fit's summary."""
    from helpers.classifiers import REGISTRY

    digits = ", ".join(str(d) for d in params.digits)
    method = (
        "one multi-class classifier on all of them, each pair ranked by its two class scores"
        if params.method == "restricted" else "one binary classifier per pair, trained on that pair's images"
    )
    noise = (
        f"Gaussian pixel noise of standard deviation {params.noise:g} (pixels run 0\u2013{training['pixel_max']:g}), "
        "seeded and clipped" if params.noise > 0 else "no added noise"
    )
    per_digit = training["test_per_digit"].values()
    side = training["side"]
    source = "scikit-learn's bundled handwritten digits" if params.dataset == "digits" else (
        "MNIST (OpenML mnist_784)" if params.dataset == "mnist" else f"the handwritten digits of {training['source']}"
    )
    return (
        f"A {REGISTRY[params.classifier].description} was trained on the digits {digits} of "
        f"{source} ({side}\u00d7{side} pixels), with {noise}; method: {method}. "
        f"{training['n_train']} images trained it and {training['n_test']} held-out images tested it "
        f"({min(per_digit)}\u2013{max(per_digit)} per digit; split and seed {params.seed}). "
        f"Overall test accuracy over all {len(params.digits)} digits: **{training['overall_accuracy']:.3f}**."
    )


def pair_table(intervals: pd.DataFrame) -> pd.DataFrame:
    """The pairs for reading, lowest first: one split's accuracy and interval, then the repeats'."""
    table = intervals.sort_values(["accuracy", "digit_a", "digit_b"], kind="mergesort")
    out = pd.DataFrame({
        "pair": [pair_label(a, b) for a, b in zip(table["digit_a"], table["digit_b"])],
        "test images (n)": table["n"].to_numpy(),
        "ranked correctly (k)": table["k"].to_numpy(),
        "accuracy": table["accuracy"].round(3).to_numpy(),
        "95% interval (Wilson)": [f"{lo:.3f}\u2013{hi:.3f}" for lo, hi in zip(table["low"], table["high"])],
    })
    if "repeats" in table and table["repeats"].max() > 1:
        out["mean over splits"] = table["mean"].round(3).to_numpy()
        out["range over splits"] = [f"{lo:.3f}\u2013{hi:.3f}" for lo, hi in zip(table["min"], table["max"])]
        out["sd over splits"] = table["sd"].round(3).to_numpy()
        out["pooled 95% interval"] = [f"{lo:.3f}\u2013{hi:.3f}" for lo, hi in zip(table["pooled_low"], table["pooled_high"])]
    return out.set_index("pair")


def with_pair_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Add a ``pair`` column ("3\u21945") for plotting one line per pair."""
    return frame.assign(pair=[pair_label(a, b) for a, b in zip(frame["digit_a"], frame["digit_b"])])


def weakest_pairs(facts: dict[str, Any], most: int = 2) -> list[tuple[int, int]]:
    """The lowest pair and, when they cannot be told apart, the next lowest ones."""
    return [(g["digit_a"], g["digit_b"]) for g in facts["lowest_group"][:most]]


def _ci(record: dict[str, Any]) -> str:
    return f"95% CI {record['low']:.2f}\u2013{record['high']:.2f}, {record['k']} of {record['n']} ranked correctly"


def _cell(record: dict[str, Any]) -> str:
    return f"{pair_label(record['digit_a'], record['digit_b'])} ({record['accuracy']:.2f}; {_ci(record)})"


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def narrate_construction() -> str:
    """The two statements that hold for any run; said once, labelled, never as findings."""
    return (
        "**True by construction, not findings.**\n\n"
        "- The diagonal is 1.00 *by definition*: a digit is never ranked against itself.\n"
        "- The matrix is *symmetric by construction*: cells (a, b) and (b, a) count the same "
        "test images with the same rule. Symmetry therefore says nothing about whether errors "
        "go both ways; the confusion matrix does (below).\n"
    )


def narrate_findings(facts: dict[str, Any]) -> str:
    """The findings, each with its uncertainty."""
    lines = ["**Findings of this run** (each a measurement with its 95% interval).", ""]
    off = facts["off_diagonal"]
    lines.append(
        f"- Off-diagonal accuracy ranges from {off['min']:.2f} to {off['max']:.2f} "
        f"(mean {off['mean']:.2f}) over {facts['n_pairs']} pair{'s' if facts['n_pairs'] != 1 else ''}."
    )
    group, lowest, highest = facts["lowest_group"], facts["lowest"], facts["highest"]
    separating = facts["comparisons"][-1] if facts["comparisons"] and facts["comparisons"][-1]["distinguishable"] else None
    if facts["n_pairs"] == 1:
        lines.append(f"- There is one pair only: {_cell(lowest)}.")
    elif len(group) == 1:
        lines.append(
            f"- The lowest pair is {_cell(lowest)}. It is lower than the next lowest, "
            f"{pair_label(*separating['second'])}, by {-separating['difference']:.3f} (paired bootstrap "
            f"95% interval of the difference {separating['low']:.3f} to {separating['high']:.3f}, which excludes 0)."
        )
    else:
        others = ", ".join(f"{pair_label(r['digit_a'], r['digit_b'])} ({r['accuracy']:.2f})" for r in group[1:])
        widest = facts["comparisons"][len(group) - 2]
        lines.append(
            f"- The lowest pairs cannot be told apart at this sample size: {_cell(lowest)} and "
            f"{others}. Even the last of them differs from "
            f"{pair_label(lowest['digit_a'], lowest['digit_b'])} by an amount whose paired bootstrap "
            f"95% interval, {widest['low']:.3f} to {widest['high']:.3f}, includes 0."
        )
        if separating:
            lines.append(
                f"  The next pair, {pair_label(*separating['second'])}, is distinguishably higher "
                f"(interval {separating['low']:.3f} to {separating['high']:.3f})."
            )
    if facts["n_pairs"] > 1:
        lines.append(f"- The highest pair is {_cell(highest)}.")
    rep = facts.get("repeats")
    if rep and facts["n_pairs"] > 1:
        tally = ", ".join(
            f"{pair_label(t['digit_a'], t['digit_b'])} in {t['times']}" for t in rep["lowest_counts"]
        )
        label = pair_label(*rep["pair"])
        lines.append(
            f"- Across {rep['n_repeats']} stratified splits, the lowest pair was {tally} of them; "
            f"{label} ranged from {rep['min']:.2f} to {rep['max']:.2f} (sd {rep['sd']:.3f})."
        )

    trend = facts["trend"]
    if not trend["testable"]:
        lines.append(
            f"- Whether accuracy falls as |a \u2212 b| grows cannot be tested with "
            f"{trend['n_pairs']} pair{'s' if trend['n_pairs'] != 1 else ''} "
            "(or with no variation in distance or accuracy)."
        )
    elif trend["significant"]:
        lines.append(
            f"- Accuracy {trend['direction']} as |a \u2212 b| grows: Spearman's "
            f"\u03c1 = {trend['rho']:.2f}, {_p(trend['p_value'])} over {trend['n_pairs']} pairs."
        )
    else:
        lines.append(
            f"- There is no such trend with |a \u2212 b|: Spearman's \u03c1 = {trend['rho']:.2f}, "
            f"{_p(trend['p_value'])} over {trend['n_pairs']} pairs, not significant at the "
            f"{trend['alpha']:.0%} level."
        )

    for d in facts["error_directions"]:
        a, b = d["digit_a"], d["digit_b"]
        head = (
            f"- Errors within {pair_label(a, b)}, from the confusion matrix: {d['a_as_b']} of {d['n_a']} "
            f"true {a}s ({d['a_as_b'] / d['n_a']:.1%}) were taken for {b}, and {d['b_as_a']} of "
            f"{d['n_b']} true {b}s ({d['b_as_a'] / d['n_b']:.1%}) for {a}; Fisher's exact test "
            f"{_p(d['p_value'])}"
        )
        if d["a_as_b"] + d["b_as_a"] == 0:
            lines.append(head + ": no errors either way.")
        elif d["dominant"]:
            t, p = d["dominant"]
            lines.append(head + f": the errors go mostly one way, {t} taken for {p}.")
        else:
            lines.append(head + ": no clear direction at this sample size.")
    return "\n".join(lines) + "\n"


def summarise(facts: dict[str, Any], params) -> str:
    """One paragraph of the findings, for the top of the report and the index of runs."""
    from helpers.classifiers import REGISTRY

    off, group, trend = facts["off_diagonal"], facts["lowest_group"], facts["trend"]
    pairs = f"{facts['n_pairs']} pair{'s' if facts['n_pairs'] != 1 else ''}"
    text = (
        f"**In short.** Over the {pairs} of the digits {', '.join(map(str, params.digits))}, a "
        f"{REGISTRY[params.classifier].description} at noise {params.noise:g} ranks a pair's test images "
        f"correctly {off['min']:.0%} to {off['max']:.0%} of the time (mean {off['mean']:.0%}). "
    )
    if facts["n_pairs"] > 1:
        if len(group) == 1:
            text += f"The lowest pair is {_cell(group[0])}, distinguishably below the rest. "
        else:
            names = ", ".join(f"{pair_label(g['digit_a'], g['digit_b'])} ({g['accuracy']:.2f})" for g in group)
            text += f"The lowest pairs, {names}, cannot be told apart at this sample size. "
        text += f"The highest is {pair_label(facts['highest']['digit_a'], facts['highest']['digit_b'])} ({facts['highest']['accuracy']:.2f}). "
    if trend["testable"]:
        text += (
            f"Accuracy {trend['direction']} as |a \u2212 b| grows (Spearman's \u03c1 = {trend['rho']:.2f}, {_p(trend['p_value'])}). "
            if trend["significant"] else
            f"Accuracy shows no trend with |a \u2212 b| (Spearman's \u03c1 = {trend['rho']:.2f}, {_p(trend['p_value'])}). "
        )
    return text + "Symmetry and the unit diagonal hold by construction and are not findings."


def narrate(facts: dict[str, Any]) -> str:
    """The whole interpretation as markdown: construction first, then findings."""
    return narrate_construction() + "\n" + narrate_findings(facts)
