import numpy as np
import pandas as pd
import pytest

from helpers import stats
from tests.conftest import outcomes_from_accuracies
from helpers.matrices import pairwise_counts


@pytest.mark.parametrize("k,n", [(8, 10), (81, 100), (0, 20), (180, 180)])
def test_wilson_interval_matches_the_closed_form(k, n):
    z = 1.959963984540054
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low, high = stats.wilson_interval(k, n)
    assert low == pytest.approx(max(0.0, centre - half), abs=1e-9)
    assert high == pytest.approx(min(1.0, centre + half), abs=1e-9)


def test_wilson_interval_known_value():
    # 8 of 10: the textbook Wilson 95% interval is 0.490 to 0.943.
    low, high = stats.wilson_interval(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)


def _counts(values: dict[tuple[int, int], float]) -> pd.DataFrame:
    return pd.DataFrame(
        [(a, b, v) for (a, b), v in values.items()], columns=["digit_a", "digit_b", "accuracy"]
    )


def test_a_real_trend_with_distance_is_found():
    values = {(a, b): 1.0 - 0.02 * (b - a) - 0.001 * a for a in range(1, 6) for b in range(a + 1, 6)}
    trend = stats.distance_trend(_counts(values))
    assert trend.significant and trend.direction == "falls" and trend.rho < -0.8


def test_no_trend_when_accuracy_ignores_distance():
    values = {(1, 2): 0.91, (1, 3): 0.95, (1, 4): 0.93, (1, 5): 0.92, (2, 3): 0.94,
              (2, 4): 0.90, (2, 5): 0.96, (3, 4): 0.92, (3, 5): 0.93, (4, 5): 0.95}
    trend = stats.distance_trend(_counts(values))
    assert not trend.significant and trend.direction == "none"


def test_too_few_pairs_for_a_trend():
    trend = stats.distance_trend(_counts({(1, 2): 0.9, (1, 3): 0.8}))
    assert not trend.testable and trend.direction == "none"


def test_a_clearly_lower_pair_is_distinguishable():
    outcomes = outcomes_from_accuracies({(1, 2): (120, 200), (3, 4): (195, 200)})
    cmp = stats.compare_pairs(outcomes, (1, 2), (3, 4), seed=1)
    assert cmp.distinguishable and cmp.high < 0
    assert cmp.difference == pytest.approx(0.6 - 0.975)


def test_pairs_within_noise_are_not_distinguishable():
    outcomes = outcomes_from_accuracies({(1, 2): (180, 200), (3, 4): (182, 200)})
    cmp = stats.compare_pairs(outcomes, (1, 2), (3, 4), seed=1)
    assert not cmp.distinguishable and cmp.low < 0 < cmp.high


def test_comparison_is_reproducible_for_a_seed():
    outcomes = outcomes_from_accuracies({(1, 2): (170, 200), (3, 4): (182, 200)})
    assert stats.compare_pairs(outcomes, (1, 2), (3, 4), seed=3) == stats.compare_pairs(outcomes, (1, 2), (3, 4), seed=3)


def _confusion(a_as_b: int, b_as_a: int, n: int = 100) -> pd.DataFrame:
    # rows predicted, columns true: column 3 holds the true 3s, column 5 the true 5s
    return pd.DataFrame([[n - a_as_b, b_as_a], [a_as_b, n - b_as_a]],
                        index=pd.Index([3, 5], name="predicted"), columns=pd.Index([3, 5], name="true"))


def test_asymmetric_confusion_has_a_dominant_direction():
    d = stats.error_direction(_confusion(a_as_b=20, b_as_a=2), 3, 5)
    assert (d.a_as_b, d.b_as_a, d.n_a, d.n_b) == (20, 2, 100, 100)
    assert d.one_sided and d.dominant == (3, 5)


def test_balanced_confusion_has_no_direction():
    d = stats.error_direction(_confusion(a_as_b=6, b_as_a=5), 3, 5)
    assert not d.one_sided and d.dominant is None
