import numpy as np
import pandas as pd
import pytest

from helpers import matrices


def test_pairwise_accuracy_of_a_hand_made_score_matrix(known_scores):
    scores, classes, y_true, expected = known_scores
    outcomes = matrices.pair_outcomes(matrices.pair_margins(scores, classes, y_true))
    counts = matrices.pairwise_counts(outcomes)
    got = {(a, b): (k, n) for a, b, k, n in counts[["digit_a", "digit_b", "k", "n"]].itertuples(index=False)}
    assert got == expected
    assert counts.set_index(["digit_a", "digit_b"]).loc[(1, 3), "accuracy"] == pytest.approx(0.5)


def test_matrix_is_symmetric_with_unit_diagonal_and_ordered_axes(known_scores):
    scores, classes, y_true, _ = known_scores
    counts = matrices.pairwise_counts(matrices.pair_outcomes(matrices.pair_margins(scores, classes, y_true)))
    matrix = matrices.accuracy_matrix(matrices.pairwise_accuracy(counts, classes))
    assert matrix.index.name == "digit_b" and matrix.columns.name == "digit_a"
    assert matrix.index.tolist() == [1, 2, 3] and matrix.columns.tolist() == [1, 2, 3]
    np.testing.assert_array_equal(matrix.to_numpy(), matrix.to_numpy().T)
    np.testing.assert_array_equal(np.diag(matrix.to_numpy()), 1.0)
    assert matrix.loc[3, 1] == pytest.approx(0.5)  # row digit_b=3, column digit_a=1


def test_a_tie_is_not_ranked_correctly():
    margins = pd.DataFrame({"digit_a": [1, 1], "digit_b": [2, 2], "image": [0, 1], "true_digit": [1, 2], "margin": [0.0, 0.0]})
    assert not matrices.pair_outcomes(margins)["correct"].any()


def test_only_images_of_the_pair_enter_it(known_scores):
    scores, classes, y_true, _ = known_scores
    margins = matrices.pair_margins(scores, classes, y_true, test_index=np.arange(100, 106))
    pair = margins[(margins.digit_a == 1) & (margins.digit_b == 2)]
    assert sorted(pair["image"]) == [100, 101, 102, 103]
    assert set(pair["true_digit"]) == {1, 2}


def test_scores_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match="scores must be"):
        matrices.pair_margins(np.zeros((3, 2)), [1, 2, 3], np.array([1, 2, 3]))


def test_confusion_rows_are_predicted_columns_true_and_columns_sum_to_one():
    y_true = np.array([1, 1, 1, 1, 2, 2])
    y_pred = np.array([1, 1, 1, 2, 2, 2])
    counts = matrices.confusion_counts(y_true, y_pred, [1, 2])
    assert counts.loc[2, 1] == 1  # one true 1 predicted as 2
    assert counts.loc[1, 2] == 0
    share = matrices.confusion(counts)
    np.testing.assert_allclose(share.sum(axis=0), 1.0)
    assert share.loc[1, 1] == pytest.approx(0.75)
    long = matrices.confusion_cells(share)
    assert list(long.columns) == ["predicted", "true", "share"]
