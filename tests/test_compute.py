import numpy as np
import pandas as pd
import pytest

from helpers import compute, matrices, narrative, plotting
from helpers.params import validate


def test_summarise_repeats_on_hand_made_counts():
    repeats = pd.DataFrame({
        "digit_a": [1, 1, 1], "digit_b": [2, 2, 2], "repeat": [0, 1, 2],
        "n": [100, 100, 100], "k": [90, 80, 85], "accuracy": [0.90, 0.80, 0.85],
    })
    row = compute.summarise_repeats(repeats).iloc[0]
    assert row["repeats"] == 3 and row["mean"] == pytest.approx(0.85)
    assert row["sd"] == pytest.approx(0.05) and (row["min"], row["max"]) == (0.80, 0.90)
    assert (row["pooled_n"], row["pooled_k"]) == (300, 255)
    assert row["pooled_low"] < 0.85 < row["pooled_high"]


def test_repeats_start_from_the_report_split_and_differ_after():
    params = validate({"digits": [1, 2, 3], "repeats": 3, "noise": 6.0})
    repeats = compute.repeated_counts(params)
    assert sorted(repeats["repeat"].unique()) == [0, 1, 2]
    main = compute.evaluate(params).counts
    first = repeats[repeats["repeat"] == 0].reset_index(drop=True)
    pd.testing.assert_series_equal(first["k"], main["k"], check_names=False)
    assert not repeats.groupby("repeat")["k"].apply(tuple).duplicated().any()


def test_robustness_covers_every_level_and_pair_and_falls_with_noise():
    params = validate({"digits": [1, 2, 3], "robustness_noise": [0, 6, 14]})
    curve = compute.robustness(params)
    assert sorted(curve["noise"].unique()) == [0.0, 6.0, 14.0]
    assert len(curve) == 3 * 3
    mean = curve.groupby("noise")["accuracy"].mean()
    assert mean[0.0] > mean[14.0]
    wide = compute.robustness_wide(curve)
    assert wide.shape == (3, 3)
    assert compute.robustness(validate({"robustness_noise": []})).empty


def test_another_seed_can_change_the_lowest_pair_and_the_narrative_follows():
    runs = {seed: compute.compute_run(validate({"seed": seed, "repeats": 1})) for seed in (0, 1)}
    lowest = {seed: (r.facts["lowest"]["digit_a"], r.facts["lowest"]["digit_b"]) for seed, r in runs.items()}
    assert lowest[0] != lowest[1]
    for seed, run in runs.items():
        assert narrative.pair_label(*lowest[seed]) + " (" in run.narrative
    assert runs[0].narrative != runs[1].narrative


def test_misranked_lists_only_wrong_images_most_confident_first(known_scores):
    scores, classes, y_true, _ = known_scores
    outcomes = matrices.pair_outcomes(matrices.pair_margins(scores, classes, y_true))
    wrong = matrices.misranked(outcomes, [(1, 2), (1, 3)])
    # pair 1-2: image 1 (true 1, taken for 2); pair 1-3: images 1 and 5
    assert list(zip(wrong.digit_a, wrong.digit_b, wrong.image)) == [(1, 2, 1), (1, 3, 5), (1, 3, 1)]
    assert list(wrong.taken_for) == [2, 1, 3]


def test_robustness_plot_draws_a_line_and_band_per_pair():
    curve = pd.DataFrame({
        "noise": [0, 5, 0, 5], "digit_a": [1, 1, 2, 2], "digit_b": [2, 2, 3, 3],
        "accuracy": [0.99, 0.9, 0.98, 0.8], "low": [0.95, 0.85, 0.94, 0.74], "high": [1, 0.94, 0.99, 0.85],
    })
    ax = plotting.plot_robustness(narrative.with_pair_labels(curve), marker_noise=3)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["1\u21942", "2\u21943"]
    assert len(ax.collections) == 2  # one band per pair
    assert ax.get_xlabel().startswith("noise")


def test_mean_images_show_each_digit_and_their_difference():
    from helpers import data

    images = data.select_digits(data.load_dataset(), [3, 5])
    axes = plotting.plot_mean_images(images, [3, 5], pixel_max=16)
    assert [ax.get_title() for ax in np.ravel(axes)] == ["mean 3", "mean 5", "3 \u2212 5"]


def test_the_presets_give_the_regimes_the_readme_describes():
    from helpers.params import resolve

    default = compute.compute_run(resolve("default")).facts["off_diagonal"]
    clean = compute.compute_run(resolve("clean")).facts["off_diagonal"]
    # README: the default gives off-diagonal cells of roughly 0.88-0.98; clean puts every pair at >= 0.98
    assert 0.85 <= default["min"] <= 0.90 and 0.96 <= default["max"] <= 0.99
    assert clean["min"] >= 0.98
