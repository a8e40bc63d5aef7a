"""Shared fixtures: hand-made inputs whose right answers are known."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from helpers.matrices import pair_outcomes, pairwise_counts


def outcomes_from_accuracies(accuracies: dict[tuple[int, int], tuple[int, int]], per_digit: int | None = None) -> pd.DataFrame:
    """Outcomes where pair (a, b) has exactly k of n images ranked correctly.

    ``accuracies`` maps (a, b) to (k, n); each pair gets its own images (n/2 of each
    digit) and the first k are ranked correctly.
    """
    rows = []
    image = 0
    for (a, b), (k, n) in accuracies.items():
        for i in range(n):
            true = a if i % 2 == 0 else b
            correct = i < k
            margin = (1.0 if correct else -1.0) * (1 if true == a else -1)
            rows.append((a, b, image, true, margin))
            image += 1
    margins = pd.DataFrame(rows, columns=["digit_a", "digit_b", "image", "true_digit", "margin"])
    return pair_outcomes(margins)


# Small parameters for runs of the whole pipeline: three digits, few repeats.
SMALL = {"name": "small", "digits": [1, 2, 3], "noise": 4.0, "seed": 1, "repeats": 3, "robustness_noise": [0, 4, 8]}


@pytest.fixture(scope="session")
def small_reports(tmp_path_factory):
    """A reports folder holding one finished run of SMALL (the pipeline runs once per session)."""
    from helpers import execute
    from helpers.params import validate

    reports = tmp_path_factory.mktemp("reports")
    result = execute.run(validate(SMALL), reports)
    assert not result.cached
    return reports


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def known_scores():
    """Scores for classes [1, 2, 3] on six images with pairwise accuracies worked out by hand.

    Pair 1-2 (images 0-3): image 0 (true 1) 0.9>0.1 right; image 1 (true 1) 0.2<0.5 wrong;
    image 2 (true 2) 0.7>0.1 right; image 3 (true 2) 0.6>0.3 right  -> 3/4.
    Pair 1-3 (images 0, 1, 4, 5): image 0 0.9>0.0 right; image 1 0.2<0.3 wrong;
    image 4 (true 3) 0.8>0.1 right; image 5 (true 3) 0.4<0.5 wrong -> 2/4.
    Pair 2-3 (images 2-5): image 2 0.7>0.2 right; image 3 0.6>0.1 right;
    image 4 0.8>0.1 right; image 5 (true 3) 0.2<0.3 wrong -> 3/4.
    """
    scores = np.array([
        # class 1, class 2, class 3
        [0.9, 0.1, 0.0],   # true 1
        [0.2, 0.5, 0.3],   # true 1
        [0.1, 0.7, 0.2],   # true 2
        [0.3, 0.6, 0.1],   # true 2
        [0.1, 0.1, 0.8],   # true 3
        [0.5, 0.3, 0.2],   # true 3
    ])
    y_true = np.array([1, 1, 2, 2, 3, 3])
    expected = {(1, 2): (3, 4), (1, 3): (2, 4), (2, 3): (3, 4)}
    return scores, [1, 2, 3], y_true, expected


@pytest.fixture
def lowest_known_counts():
    """Five digits; pair 3-5 is clearly the lowest (0.60), everything else 0.95-0.99."""
    acc = {}
    for a in range(1, 6):
        for b in range(a + 1, 6):
            acc[(a, b)] = (190 + (a + b) % 9, 200)
    acc[(3, 5)] = (120, 200)
    outcomes = outcomes_from_accuracies(acc)
    return outcomes, pairwise_counts(outcomes)
