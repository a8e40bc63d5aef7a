"""The data sources, on small files the tests write."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from helpers import datasets
from helpers.exceptions import ParameterError
from helpers.params import validate


def write_idx(path: Path, array: np.ndarray, compress: bool = False) -> Path:
    codes = {np.dtype(np.uint8): 0x08, np.dtype(np.int32): 0x0C}
    header = bytes([0, 0, codes[array.dtype], array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    payload = header + array.astype(array.dtype.newbyteorder(">")).tobytes()
    if compress:
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(payload))
    else:
        path.write_bytes(payload)
    return path


@pytest.fixture
def small_28(tmp_path):
    X, y = datasets.synthetic_digits(400, side=28, seed=0)
    return X, y


def test_npz_with_flat_or_square_images(tmp_path, small_28):
    X, y = small_28
    flat = tmp_path / "flat.npz"
    np.savez(flat, X=X.reshape(len(X), -1), y=y)
    images = datasets.load_dataset(str(flat))
    assert images.images.shape == (400, 28, 28) and images.side == 28
    assert images.pixel_max == X.max() and images.images.dtype == np.float32
    square = tmp_path / "square.npz"
    np.savez(square, X=X, y=y)
    np.testing.assert_array_equal(datasets.load_dataset(str(square)).images, images.images)


@pytest.mark.parametrize("arrays,reason", [
    ({"X": np.zeros((4, 10)), "y": np.zeros(4)}, "not a square image"),
    ({"X": np.zeros((4, 9)), "y": np.zeros(3)}, "4 images but 3 labels"),
    ({"X": np.zeros((4, 9)), "y": np.array([0, 1, 2, 12])}, "digits 0-9"),
    ({"X": -np.ones((4, 9)), "y": np.zeros(4)}, ">= 0"),
    ({"images": np.zeros((4, 9))}, "not X and y"),
    ({"X": np.array([object()] * 4, dtype=object), "y": np.zeros(4)}, "not a readable .npz"),
])
def test_bad_npz_files_are_refused_with_the_reason(tmp_path, arrays, reason):
    path = tmp_path / "bad.npz"
    np.savez(path, **arrays)
    with pytest.raises(ParameterError, match=reason) as info:
        datasets.load_dataset(str(path))
    assert info.value.parameter == "dataset"


@pytest.mark.parametrize("compress", [False, True])
def test_idx_folder_pairs_images_with_labels(tmp_path, small_28, compress):
    X, y = small_28
    write_idx(tmp_path / "train-images-idx3-ubyte", X[:300], compress)
    write_idx(tmp_path / "train-labels-idx1-ubyte", y[:300].astype(np.uint8), compress)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", X[300:], compress)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", y[300:].astype(np.uint8), compress)
    images = datasets.load_dataset(str(tmp_path))
    assert len(images) == 400 and images.side == 28
    # sorted file names: t10k first, then train
    np.testing.assert_array_equal(images.target, np.concatenate([y[300:], y[:300]]))


def test_idx_errors_are_clear(tmp_path, small_28):
    X, _ = small_28
    write_idx(tmp_path / "train-images-idx3-ubyte", X)
    with pytest.raises(ParameterError, match="has no train-labels-idx1-ubyte"):
        datasets.load_dataset(str(tmp_path))
    (tmp_path / "other").mkdir()
    with pytest.raises(ParameterError, match="no \\*images-idx3-ubyte"):
        datasets.load_dataset(str(tmp_path / "other"))
    bad = tmp_path / "bad-images-idx3-ubyte"
    bad.write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(ParameterError, match="bad magic"):
        datasets.read_idx(bad)


def test_mnist_loads_from_the_cache_without_network(tmp_path, small_28, monkeypatch):
    X, y = small_28
    np.savez_compressed(tmp_path / "mnist_784.npz", X=X.reshape(len(X), -1), y=y)

    def no_network(*args, **kwargs):
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr("sklearn.datasets.fetch_openml", no_network)
    images = datasets.load_mnist(tmp_path)
    assert images.side == 28 and len(images) == 400


def test_mnist_offline_and_not_cached_is_a_clear_error(tmp_path, monkeypatch):
    from urllib.error import URLError

    def offline(*args, **kwargs):
        raise URLError("Temporary failure in name resolution")

    monkeypatch.setattr("sklearn.datasets.fetch_openml", offline)
    with pytest.raises(ParameterError) as info:
        datasets.load_mnist(tmp_path)
    message = str(info.value)
    assert info.value.parameter == "dataset" and "could not download OpenML mnist_784" in message
    assert "mnist_784.npz" in message and "local .npz or IDX folder" in message


def test_mnist_download_is_cached_as_npz(tmp_path, small_28, monkeypatch):
    X, y = small_28
    calls = []

    def fake_fetch(name, **kwargs):
        calls.append((name, kwargs["data_home"]))
        return X.reshape(len(X), -1).astype(float), y.astype(str)  # OpenML's labels are strings

    monkeypatch.setattr("sklearn.datasets.fetch_openml", fake_fetch)
    first = datasets.load_mnist(tmp_path)
    second = datasets.load_mnist(tmp_path)
    assert len(calls) == 1 and calls[0][0] == "mnist_784"
    np.testing.assert_array_equal(first.images, second.images)
    np.testing.assert_array_equal(first.target, y)


def test_schema_accepts_paths_and_makes_them_absolute(tmp_path, small_28, monkeypatch):
    X, y = small_28
    np.savez(tmp_path / "mine.npz", X=X, y=y)
    monkeypatch.chdir(tmp_path)
    assert validate({"dataset": "mine.npz"}).dataset == str(tmp_path / "mine.npz")
    with pytest.raises(ParameterError) as info:
        validate({"dataset": "missing.npz"})
    assert info.value.parameter == "dataset" and "'mnist'" in info.value.allowed


def test_synthetic_digits_are_learnable():
    from sklearn.linear_model import LogisticRegression

    X, y = datasets.synthetic_digits(3000, side=16, seed=1)
    model = LogisticRegression(max_iter=500).fit(X[:2000].reshape(2000, -1) / 255, y[:2000])
    score = model.score(X[2000:].reshape(1000, -1) / 255, y[2000:])
    assert 0.4 < score < 0.99  # far above chance (0.1), with real confusions left
