import pandas as pd
import pytest

from helpers import narrative
from helpers.matrices import pairwise_counts
from tests.conftest import outcomes_from_accuracies


def _confusion(digits, errors: dict[tuple[int, int], int], n: int = 100) -> pd.DataFrame:
    """Rows predicted, columns true; errors[(true, predicted)] = count."""
    frame = pd.DataFrame(0, index=pd.Index(digits, name="predicted"), columns=pd.Index(digits, name="true"))
    for d in digits:
        frame.loc[d, d] = n - sum(v for (t, _), v in errors.items() if t == d)
    for (t, p), v in errors.items():
        frame.loc[p, t] = v
    return frame


def test_a_known_lowest_pair_is_named_with_its_interval(lowest_known_counts):
    outcomes, counts = lowest_known_counts
    facts = narrative.headline_facts(outcomes, counts, _confusion([1, 2, 3, 4, 5], {(3, 5): 30, (5, 3): 10}))
    assert (facts["lowest"]["digit_a"], facts["lowest"]["digit_b"]) == (3, 5)
    assert len(facts["lowest_group"]) == 1
    text = narrative.narrate(facts)
    assert "The lowest pair is 3\u21945 (0.60; 95% CI 0.53\u20130.67, 120 of 200 ranked correctly)" in text


def test_lowest_pairs_within_noise_are_not_called_the_lowest():
    acc = {(1, 2): (180, 200), (1, 3): (182, 200), (2, 3): (199, 200)}
    outcomes = outcomes_from_accuracies(acc)
    counts = pairwise_counts(outcomes)
    facts = narrative.headline_facts(outcomes, counts, _confusion([1, 2, 3], {}))
    assert [(g["digit_a"], g["digit_b"]) for g in facts["lowest_group"]] == [(1, 2), (1, 3)]
    text = narrative.narrate(facts)
    assert "cannot be told apart at this sample size" in text
    assert "The lowest pair is" not in text
    assert "The next pair, 2\u21943, is distinguishably higher" in text


def test_construction_is_labelled_and_kept_out_of_the_findings(lowest_known_counts):
    outcomes, counts = lowest_known_counts
    text = narrative.narrate(narrative.headline_facts(outcomes, counts, _confusion([1, 2, 3, 4, 5], {})))
    construction, findings = text.split("**Findings of this run**")
    assert "1.00 *by definition*" in construction and "*symmetric by construction*" in construction
    for phrase in ("symmetric", "by construction", "by definition", "diagonal is"):
        assert phrase not in findings


def test_no_trend_is_said_plainly(lowest_known_counts):
    outcomes, counts = lowest_known_counts
    facts = narrative.headline_facts(outcomes, counts, _confusion([1, 2, 3, 4, 5], {}))
    assert not facts["trend"]["significant"]
    assert "There is no such trend with |a \u2212 b|" in narrative.narrate(facts)


def test_a_real_trend_is_reported_with_rho_and_p():
    acc = {(a, b): (200 - 12 * (b - a) - a, 200) for a in range(1, 6) for b in range(a + 1, 6)}
    outcomes = outcomes_from_accuracies(acc)
    counts = pairwise_counts(outcomes)
    facts = narrative.headline_facts(outcomes, counts, _confusion([1, 2, 3, 4, 5], {}))
    text = narrative.narrate(facts)
    assert facts["trend"]["direction"] == "falls"
    assert "Accuracy falls as |a \u2212 b| grows: Spearman's \u03c1 = -0.9" in text


def test_error_direction_of_the_weakest_pair_is_reported_with_counts(lowest_known_counts):
    outcomes, counts = lowest_known_counts
    facts = narrative.headline_facts(outcomes, counts, _confusion([1, 2, 3, 4, 5], {(3, 5): 30, (5, 3): 2}))
    text = narrative.narrate(facts)
    assert "30 of 100 true 3s (30.0%) were taken for 5, and 2 of 100 true 5s (2.0%) for 3" in text
    assert "the errors go mostly one way, 3 taken for 5" in text


def test_one_pair_only():
    outcomes = outcomes_from_accuracies({(4, 9): (90, 100)})
    facts = narrative.headline_facts(outcomes, pairwise_counts(outcomes), _confusion([4, 9], {(4, 9): 5, (9, 4): 5}))
    text = narrative.narrate(facts)
    assert "There is one pair only: 4\u21949 (0.90" in text
    assert "cannot be tested with 1 pair" in text


def test_pair_table_is_sorted_lowest_first(lowest_known_counts):
    _, counts = lowest_known_counts
    table = narrative.pair_table(counts)
    assert table.index[0] == "3\u21945" and table["accuracy"].is_monotonic_increasing
