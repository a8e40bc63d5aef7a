import pandas as pd

from helpers import narrative, reference
from helpers.matrices import pairwise_counts
from tests.conftest import outcomes_from_accuracies
from tests.test_narrative import _confusion


def _statuses(acc, errors=None, digits=(1, 2, 3, 4, 5)):
    outcomes = outcomes_from_accuracies(acc)
    counts = pairwise_counts(outcomes)
    facts = narrative.headline_facts(outcomes, counts, _confusion(list(digits), errors or {}))
    table = reference.compare_with_reference(counts, facts)
    claims = {c["id"]: c for c in reference.load_reference()["claims"]}
    by_text = dict(zip(table["claim"], table["status"]))
    return {cid: by_text[c["text"]] for cid, c in claims.items()}, table


def _reference_like():
    acc = {(a, b): (190, 200) for a in range(1, 6) for b in range(a + 1, 6)}
    acc[(1, 2)] = (184, 200)  # 0.92
    acc[(4, 5)] = (186, 200)  # 0.93
    acc[(3, 5)] = (174, 200)  # 0.87, and distinguishable from 0.95
    return acc


def test_the_reference_claims_are_reproduced_where_the_run_agrees():
    acc = _reference_like()
    status, _ = _statuses(acc, {(3, 5): 8, (5, 3): 6})
    assert status["diagonal"] == status["symmetry"] == reference.BY_CONSTRUCTION
    assert status["confusion_matrix"] == reference.NOT_REPRODUCED
    assert status["cell_1_2"] == status["cell_4_5"] == reference.REPRODUCED
    assert status["bidirectional"] == reference.REPRODUCED


def test_claims_fail_where_the_run_differs():
    acc = {(a, b): (199, 200) for a in range(1, 6) for b in range(a + 1, 6)}
    acc[(1, 2)] = (140, 200)  # lowest and far from 0.92
    status, table = _statuses(acc, {(1, 2): 40})
    assert status["cell_1_2"] == reference.NOT_REPRODUCED
    assert status["lowest_3_5"] == reference.NOT_REPRODUCED
    assert status["bidirectional"] == reference.NOT_REPRODUCED  # errors one way only
    row = table[table["claim"].str.startswith("3\u21945 has")].iloc[0]
    assert "the lowest is 1\u21942" in row["this run"]


def test_pairs_the_run_does_not_have_are_not_comparable():
    acc = {(6, 7): (180, 200), (6, 8): (190, 200), (7, 8): (170, 200)}
    status, _ = _statuses(acc, digits=(6, 7, 8))
    assert status["cell_1_2"] == status["lowest_3_5"] == reference.NOT_COMPARABLE


def test_markdown_table_escapes_pipes():
    table = pd.DataFrame([{"claim": "x", "status": "reproduced", "this run": "|a - b|"}])
    text = reference.narrate_reference(table)
    assert "\\|a - b\\|" in text and "1 reproduced" in text
