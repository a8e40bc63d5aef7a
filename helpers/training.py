"""Fitting the classifier and scoring the test images, for both methods."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from helpers.classifiers import class_scores, make_classifier
from helpers.data import Split


def fit(classifier: str, classifier_params: dict, seed: int, split: Split):
    """Fit the multi-class classifier on the training images of every chosen digit."""
    return make_classifier(classifier, classifier_params, seed).fit(split.X_train, split.y_train)


def test_scores(model, split: Split) -> np.ndarray:
    """One score per test image and class, columns in ``model.classes_`` order."""
    return class_scores(model, split.X_test)


def one_vs_one_margins(classifier: str, classifier_params: dict, seed: int, split: Split) -> pd.DataFrame:
    """One binary classifier per pair, trained and scored on that pair's images only.

    Returns the tidy margins table of ``matrices.pair_margins``: a positive margin
    favours digit_a.
    """
    digits = np.unique(split.y_train).tolist()
    frames = []
    for a, b in combinations(digits, 2):
        train = np.isin(split.y_train, [a, b])
        test = np.isin(split.y_test, [a, b])
        model = make_classifier(classifier, classifier_params, seed).fit(split.X_train[train], split.y_train[train])
        # classes_ is [a, b]; a binary score is positive for classes_[1] = b.
        margin = -class_scores(model, split.X_test[test]).reshape(-1)
        frames.append(pd.DataFrame({
            "digit_a": a, "digit_b": b,
            "image": split.test_index[test], "true_digit": split.y_test[test], "margin": margin,
        }))
    return pd.concat(frames, ignore_index=True)
