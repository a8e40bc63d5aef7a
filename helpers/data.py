"""The images: loading, choosing digits, degrading with noise, the stratified split."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from helpers.datasets import Images, load_dataset
from helpers.exceptions import ParameterError

__all__ = ["Images", "Split", "load_dataset", "select_digits", "degrade", "split", "check_parameters"]

# Below this many test images of a digit, a pair's accuracy says little.
MIN_TEST_IMAGES = 5
MIN_TRAIN_IMAGES = 5


@dataclass(frozen=True)
class Split:
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    test_index: np.ndarray  # positions of the test images in the degraded Images
    side: int
    pixel_max: float = 16.0
    source: str = ""


def images_at(test_index: np.ndarray, X_test: np.ndarray, side: int, image_ids) -> np.ndarray:
    """The test images with these ids (positions in the degraded Images), as (n, side, side)."""
    rows = np.searchsorted(test_index, np.asarray(image_ids, dtype=int))
    return X_test[rows].reshape(-1, side, side)


def select_digits(data: Images, digits: list[int]) -> Images:
    """Keep only the images of ``digits``; refuse a digit that has no image."""
    missing = sorted(set(digits) - set(np.unique(data.target).tolist()))
    if missing:
        raise ParameterError("digits", digits, f"digits present in {data.source}", f"no images of {missing}")
    keep = np.isin(data.target, digits)
    return Images(data.images[keep], data.target[keep], data.pixel_max, data.source)


def degrade(data: Images, noise: float, seed: int) -> Images:
    """Add Gaussian pixel noise of standard deviation ``noise``, clipped to the pixel range."""
    if noise == 0:
        return data
    rng = np.random.default_rng(seed)
    noisy = data.images + rng.normal(0.0, noise, size=data.images.shape).astype(np.float32)
    return Images(np.clip(noisy, 0.0, data.pixel_max), data.target, data.pixel_max, data.source)


def check_test_size(target: np.ndarray, test_size: float) -> None:
    """Refuse a test share that leaves a digit with too few test or training images.

    Mirrors how ``train_test_split`` rounds: the test set gets ceil(test_size * n)
    images in all, spread over the digits in proportion.
    """
    digits, counts = np.unique(target, return_counts=True)
    n = counts.sum()
    n_test = int(np.ceil(test_size * n))
    for digit, count in zip(digits.tolist(), counts.tolist()):
        expected_test = n_test * count / n
        if np.floor(expected_test) < MIN_TEST_IMAGES or count - np.ceil(expected_test) < MIN_TRAIN_IMAGES:
            raise ParameterError(
                "test_size", test_size,
                f"a share that leaves each digit at least {MIN_TEST_IMAGES} test and "
                f"{MIN_TRAIN_IMAGES} training images",
                f"digit {digit} has {count} images, about {expected_test:.1f} of them would be test images",
            )


def split(data: Images, test_size: float, seed: int) -> Split:
    """A stratified train/test split: every digit keeps its share in both parts."""
    check_test_size(data.target, test_size)
    index = np.arange(len(data))
    i_train, i_test = train_test_split(index, test_size=test_size, stratify=data.target, random_state=seed)
    i_train, i_test = np.sort(i_train), np.sort(i_test)
    X = data.X
    return Split(X[i_train], X[i_test], data.target[i_train], data.target[i_test], i_test, data.side,
                 data.pixel_max, data.source)


def split_table(split: Split) -> pd.DataFrame:
    """Images per digit in each part of the split."""
    digits = np.unique(np.concatenate([split.y_train, split.y_test]))
    return pd.DataFrame(
        {"train": [int(np.sum(split.y_train == d)) for d in digits],
         "test": [int(np.sum(split.y_test == d)) for d in digits]},
        index=pd.Index(digits, name="digit"),
    )


def check_parameters(dataset: str, digits: list[int], test_size: float) -> Images:
    """Every data-dependent refusal, before any training: returns the chosen images."""
    chosen = select_digits(load_dataset(dataset), digits)
    check_test_size(chosen.target, test_size)
    return chosen
