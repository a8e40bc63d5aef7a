"""The reference figure's claims, checked one by one against a run.

The claims are data (``data/reference/seed-figure.yaml``); each is marked
``true by construction``, ``reproduced``, ``not reproduced`` or ``not comparable``
(a pair this run does not have), with what holds in this run instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from helpers.narrative import pair_label

REFERENCE_FILE = Path(__file__).resolve().parent.parent / "data" / "reference" / "seed-figure.yaml"

BY_CONSTRUCTION = "true by construction"
REPRODUCED = "reproduced"
NOT_REPRODUCED = "not reproduced"
NOT_COMPARABLE = "not comparable"


def load_reference(path: str | Path = REFERENCE_FILE) -> dict[str, Any]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _cell(counts: pd.DataFrame, pair: list[int]) -> dict[str, Any] | None:
    a, b = sorted(pair)
    row = counts[(counts["digit_a"] == a) & (counts["digit_b"] == b)]
    return None if row.empty else row.iloc[0].to_dict()


def _interval(cell: dict[str, Any]) -> str:
    return f"{cell['accuracy']:.2f} (95% CI {cell['low']:.2f}\u2013{cell['high']:.2f})"


def check_claim(claim: dict[str, Any], counts: pd.DataFrame, facts: dict[str, Any]) -> tuple[str, str]:
    """(status, what this run shows) for one claim."""
    kind = claim["kind"]
    if kind == "misnomer":
        return NOT_REPRODUCED, (
            "a confusion matrix is neither symmetric nor 1 on its diagonal; this is a pairwise "
            "accuracy matrix (the confusion matrix is shown separately)"
        )
    if kind == "by_definition":
        return BY_CONSTRUCTION, "1 by definition: a digit is never ranked against itself"
    if kind == "by_construction":
        return BY_CONSTRUCTION, "symmetric by construction: (a, b) and (b, a) count the same images"
    if kind == "bidirectional":
        if not facts["error_directions"]:
            return NOT_COMPARABLE, "no pair to examine"
        d = facts["error_directions"][0]
        a, b = d["digit_a"], d["digit_b"]
        shown = (
            f"symmetry cannot show this (it holds by construction); the confusion matrix can. Weakest pair "
            f"{pair_label(a, b)}: {d['a_as_b']} true {a}s taken for {b}, {d['b_as_a']} true {b}s taken for {a}"
        )
        if d["a_as_b"] > 0 and d["b_as_a"] > 0 and not d["one_sided"]:
            return REPRODUCED, shown + " (both ways, no significant direction)"
        return NOT_REPRODUCED, shown + (
            f" (mostly {d['dominant'][0]} taken for {d['dominant'][1]})" if d["dominant"] else " (not both ways)"
        )
    if kind in ("cell", "lowest"):
        cell = _cell(counts, claim["pair"])
        if cell is None:
            return NOT_COMPARABLE, f"this run has no pair {pair_label(*sorted(claim['pair']))}"
        within = cell["low"] <= claim["value"] <= cell["high"]
        shown = f"{pair_label(*sorted(claim['pair']))} = {_interval(cell)}"
        if kind == "cell":
            return (REPRODUCED if within else NOT_REPRODUCED), shown + (
                "; the reference value lies inside the interval" if within else "; the reference value lies outside the interval"
            )
        group = [(g["digit_a"], g["digit_b"]) for g in facts["lowest_group"]]
        pair = tuple(sorted(claim["pair"]))
        if group == [pair] and len(counts) > 1:
            return (REPRODUCED if within else NOT_REPRODUCED), shown + "; it is the lowest pair, distinguishably"
        lowest = ", ".join(pair_label(*g) for g in group)
        if pair in group:
            return NOT_REPRODUCED, shown + f"; it is among the lowest ({lowest}), which cannot be told apart"
        return NOT_REPRODUCED, shown + f"; the lowest is {lowest} at {facts['lowest']['accuracy']:.2f}"
    if kind == "trend":
        t = facts["trend"]
        if not t["testable"]:
            return NOT_COMPARABLE, f"too few pairs ({t['n_pairs']}) to test a trend"
        shown = f"Spearman's \u03c1 = {t['rho']:.2f}, p = {t['p_value']:.3f}"
        if t["direction"] == claim["direction"]:
            return REPRODUCED, f"accuracy {t['direction']} with |a \u2212 b| ({shown})"
        if t["direction"] == "none":
            return NOT_REPRODUCED, f"no significant trend with |a \u2212 b| ({shown})"
        return NOT_REPRODUCED, f"accuracy {t['direction']} with |a \u2212 b| ({shown})"
    raise ValueError(f"unknown claim kind {kind!r} in the reference file")


def compare_with_reference(counts: pd.DataFrame, facts: dict[str, Any], reference: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per reference claim: the claim, its status, and what this run shows."""
    reference = reference or load_reference()
    rows = []
    for claim in reference["claims"]:
        status, shown = check_claim(claim, counts, facts)
        rows.append({"claim": claim["text"], "status": status, "this run": shown})
    return pd.DataFrame(rows, columns=["claim", "status", "this run"])


def _cell_text(value: str) -> str:
    return str(value).replace("|", "\\|")  # |a - b| must not end a table cell


def narrate_reference(table: pd.DataFrame) -> str:
    """Markdown: the reference's statements beside what this run shows."""
    tally = table["status"].value_counts()
    head = (
        "**The reference figure's interpretation, checked.** "
        + ", ".join(f"{int(tally.get(s, 0))} {s}" for s in (REPRODUCED, NOT_REPRODUCED, BY_CONSTRUCTION, NOT_COMPARABLE) if tally.get(s, 0))
        + ".\n\n| reference says | status | this run |\n|---|---|---|\n"
    )
    body = "".join(
        "| " + " | ".join(_cell_text(v) for v in row) + " |\n" for row in table.itertuples(index=False)
    )
    return head + body
