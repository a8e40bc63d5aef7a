import numpy as np
import pytest

from helpers import classifiers, data, training
from helpers.exceptions import ParameterError


@pytest.fixture(scope="module")
def small_split():
    images = data.select_digits(data.load_dataset(), [1, 7, 8])
    return data.split(images, 0.5, seed=0)


@pytest.mark.parametrize("name", classifiers.classifier_names())
def test_every_classifier_fits_and_scores_one_column_per_class(name, small_split):
    fast = {"random_forest": {"n_estimators": 20}, "mlp": {"max_iter": 200}}.get(name, {})
    model = training.fit(name, fast, 0, small_split)
    scores = training.test_scores(model, small_split)
    assert scores.shape == (len(small_split.y_test), 3)
    # the highest score is the prediction
    np.testing.assert_array_equal(model.classes_[scores.argmax(axis=1)], model.predict(small_split.X_test))
    assert (model.predict(small_split.X_test) == small_split.y_test).mean() > 0.8


def test_registry_has_the_six_documented_classifiers():
    assert set(classifiers.classifier_names()) == {
        "logistic_regression", "linear_svm", "rbf_svm", "knn", "random_forest", "mlp"
    }


def test_hyper_parameters_fill_defaults_and_refuse_unknown_ones():
    assert classifiers.hyper_parameters("logistic_regression", {"C": 0.5}).C == 0.5
    assert classifiers.hyper_parameters("knn").n_neighbors == 5
    with pytest.raises(ParameterError) as info:
        classifiers.hyper_parameters("knn", {"C": 1.0})
    assert info.value.parameter == "classifier_params.C"


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_seeded_classifiers_are_reproducible(small_split):
    a = training.test_scores(training.fit("mlp", {"max_iter": 100}, 3, small_split), small_split)
    b = training.test_scores(training.fit("mlp", {"max_iter": 100}, 3, small_split), small_split)
    np.testing.assert_array_equal(a, b)


def test_one_vs_one_margins_are_positive_for_digit_a(small_split):
    margins = training.one_vs_one_margins("logistic_regression", {}, 0, small_split)
    assert sorted({(a, b) for a, b in zip(margins.digit_a, margins.digit_b)}) == [(1, 7), (1, 8), (7, 8)]
    pair = margins[(margins.digit_a == 1) & (margins.digit_b == 7)]
    assert (pair.loc[pair.true_digit == 1, "margin"] > 0).mean() > 0.9
    assert (pair.loc[pair.true_digit == 7, "margin"] < 0).mean() > 0.9
