"""The classifier registry: each entry names its hyper-parameters and builds a model.

Every model is a scikit-learn pipeline that standardises the pixels first, so that
one noise level means the same thing to every classifier. ``class_scores`` returns
one score per class (higher means more likely), from ``decision_function`` where the
model has one and ``predict_proba`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from helpers.exceptions import ParameterError

# scikit-learn is imported inside the builders: validating parameters (and so deciding
# that a finished run is current) must not pay for importing it.


class _Hyper(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class LogisticRegressionParams(_Hyper):
    C: float = Field(1.0, gt=0, allow_inf_nan=False, description="inverse regularisation strength")
    max_iter: int = Field(2000, ge=1, description="iterations of the lbfgs solver")


class LinearSVMParams(_Hyper):
    C: float = Field(0.1, gt=0, allow_inf_nan=False, description="inverse regularisation strength")
    max_iter: int = Field(5000, ge=1, description="iterations of liblinear")


class RBFSVMParams(_Hyper):
    C: float = Field(1.0, gt=0, allow_inf_nan=False, description="inverse regularisation strength")
    gamma: float | str = Field("scale", description='kernel width: a positive number, "scale" or "auto"')


class KNNParams(_Hyper):
    n_neighbors: int = Field(5, ge=1, description="neighbours that vote")
    weights: str = Field("distance", pattern="^(uniform|distance)$", description='"uniform" or "distance"')


class RandomForestParams(_Hyper):
    n_estimators: int = Field(200, ge=1, description="trees in the forest")
    max_depth: int | None = Field(None, ge=1, description="depth limit, or null for none")


class MLPParams(_Hyper):
    hidden_layer_sizes: list[int] = Field([64], min_length=1, description="units per hidden layer, e.g. [64] or [128, 64]")
    alpha: float = Field(1e-3, ge=0, allow_inf_nan=False, description="L2 penalty")
    max_iter: int = Field(1000, ge=1, description="training epochs")


@dataclass(frozen=True)
class ClassifierSpec:
    name: str
    description: str
    hyper: type[_Hyper]
    build: Callable[[_Hyper, int], Any]
    seeded: bool


def _logistic(h: LogisticRegressionParams, seed: int):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=h.C, max_iter=h.max_iter, random_state=seed)


def _linear_svm(h: LinearSVMParams, seed: int):
    from sklearn.svm import LinearSVC

    return LinearSVC(C=h.C, max_iter=h.max_iter, random_state=seed)


def _rbf_svm(h: RBFSVMParams, seed: int):
    from sklearn.svm import SVC

    return SVC(kernel="rbf", C=h.C, gamma=h.gamma, random_state=seed)


def _knn(h: KNNParams, seed: int):
    from sklearn.neighbors import KNeighborsClassifier

    return KNeighborsClassifier(n_neighbors=h.n_neighbors, weights=h.weights)


def _random_forest(h: RandomForestParams, seed: int):
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(
        n_estimators=h.n_estimators, max_depth=h.max_depth, random_state=seed, n_jobs=1
    )


def _mlp(h: MLPParams, seed: int):
    from sklearn.neural_network import MLPClassifier

    return MLPClassifier(
        hidden_layer_sizes=tuple(h.hidden_layer_sizes), alpha=h.alpha, max_iter=h.max_iter, random_state=seed
    )


REGISTRY: dict[str, ClassifierSpec] = {
    spec.name: spec
    for spec in [
        ClassifierSpec("logistic_regression", "multinomial logistic regression", LogisticRegressionParams, _logistic, True),
        ClassifierSpec("linear_svm", "linear support vector machine (one-vs-rest)", LinearSVMParams, _linear_svm, True),
        ClassifierSpec("rbf_svm", "support vector machine with an RBF kernel", RBFSVMParams, _rbf_svm, True),
        ClassifierSpec("knn", "k-nearest neighbours", KNNParams, _knn, False),
        ClassifierSpec("random_forest", "random forest", RandomForestParams, _random_forest, True),
        ClassifierSpec("mlp", "multi-layer perceptron", MLPParams, _mlp, True),
    ]
}


def classifier_names() -> list[str]:
    return list(REGISTRY)


def hyper_parameters(name: str, given: dict[str, Any] | None = None) -> _Hyper:
    """Validate ``given`` against the classifier's hyper-parameters, filling defaults."""
    if name not in REGISTRY:
        raise ParameterError("classifier", name, ", ".join(REGISTRY))
    spec = REGISTRY[name]
    try:
        return spec.hyper.model_validate(dict(given or {}))
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "?"
        fields = spec.hyper.model_fields
        allowed = (
            f"{key}: {fields[key].description}" if key in fields
            else "hyper-parameters of " + name + ": " + ", ".join(fields)
        )
        raise ParameterError(
            f"classifier_params.{key}", err.get("input"), allowed, err["msg"]
        ) from None


def make_classifier(name: str, given: dict[str, Any] | None = None, seed: int = 0):
    """A fresh, unfitted scikit-learn Pipeline: standardise, then the named classifier."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    hyper = hyper_parameters(name, given)
    return make_pipeline(StandardScaler(), REGISTRY[name].build(hyper, seed))


def class_scores(model, X: np.ndarray) -> np.ndarray:
    """Scores for each class in ``model.classes_`` order; higher favours the class.

    For a binary model the result is one column: positive favours ``classes_[1]``.
    """
    # A Pipeline exposes decision_function only when its last step has one.
    if hasattr(model, "decision_function"):
        return np.asarray(model.decision_function(X), dtype=float)
    proba = np.asarray(model.predict_proba(X), dtype=float)
    return proba[:, 1] - proba[:, 0] if proba.shape[1] == 2 else proba
