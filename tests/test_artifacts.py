import json

import numpy as np
import pandas as pd
import pytest

from helpers import artifacts, compute, data, matrices, training


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("run")
    chosen = data.select_digits(data.load_dataset("digits"), [1, 2, 3])
    split = data.split(data.degrade(chosen, 2.0, 0), 0.5, 0)
    model = training.fit("logistic_regression", {}, 0, split)
    scores = training.test_scores(model, split)
    y_pred = model.predict(split.X_test)
    summary = artifacts.save_training(run_dir, model, split, scores, y_pred)
    return run_dir, split, scores, y_pred, summary


def test_training_round_trip(trained):
    run_dir, split, scores, y_pred, summary = trained
    back = artifacts.load_training(run_dir)
    np.testing.assert_array_equal(back.scores, scores)
    np.testing.assert_array_equal(back.y_test, split.y_test)
    np.testing.assert_array_equal(back.test_index, split.test_index)
    assert back.classes == [1, 2, 3] and back.side == 8 and back.ovo_margins is None
    assert summary["n_test"] == len(split.y_test)
    assert summary["overall_accuracy"] == pytest.approx(float(np.mean(y_pred == split.y_test)))
    assert sum(summary["test_per_digit"].values()) == summary["n_test"]


def test_matrices_round_trip_and_accuracy_csv_layout(trained):
    run_dir, split, scores, y_pred, _ = trained
    outcomes = matrices.pair_outcomes(matrices.pair_margins(scores, [1, 2, 3], split.y_test, split.test_index))
    counts = matrices.pairwise_counts(outcomes)
    matrix = matrices.accuracy_matrix(matrices.pairwise_accuracy(counts, [1, 2, 3]))
    cc = matrices.confusion_counts(split.y_test, y_pred, [1, 2, 3])
    repeats = counts[["digit_a", "digit_b", "n", "k", "accuracy"]].assign(repeat=0)
    intervals = compute.intervals_table(counts, repeats)
    curve = counts.assign(noise=2.0)
    artifacts.save_matrices(run_dir, outcomes, intervals, matrix, cc, matrices.confusion(cc), repeats, curve)
    first_line = (run_dir / "accuracy.csv").read_text().splitlines()[0]
    assert first_line == "digit_b,1,2,3"
    back = artifacts.read_accuracy_csv(run_dir / "accuracy.csv")
    pd.testing.assert_frame_equal(back, matrix, check_names=False)
    loaded = artifacts.load_matrices(run_dir)
    pd.testing.assert_frame_equal(loaded.counts, counts, check_dtype=False)
    assert loaded.intervals["pooled_k"].tolist() == counts["k"].tolist()
    assert loaded.robustness["noise"].eq(2.0).all() and len(loaded.repeats) == len(counts)
    test_images = artifacts.load_training(run_dir).test_images(split.test_index[[2, 0]])
    np.testing.assert_array_equal(test_images[0], split.X_test[2].reshape(8, 8))
    assert loaded.confusion_counts.loc[1, 1] == cc.loc[1, 1]


def test_summary_json_is_strict_json_with_nan_as_null(tmp_path):
    counts = pd.DataFrame({"digit_a": [1], "digit_b": [2], "accuracy": [0.9]})
    cells = pd.DataFrame({"digit_a": [1], "digit_b": [2], "accuracy": [0.9]})
    facts = {"trend": {"rho": float("nan"), "p": np.float64(0.5)}}
    artifacts.write_summary(tmp_path, {"noise": 1.0}, {}, counts, cells, facts, "text", pd.DataFrame())
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["facts"]["trend"] == {"rho": None, "p": 0.5}
    assert summary["versions"]["scikit-learn"]
