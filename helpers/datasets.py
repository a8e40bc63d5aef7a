"""Where the images come from: the bundled digits, MNIST from OpenML, a local .npz, or
MNIST's IDX files. Every source gives square grey-scale images and digit labels 0-9.

Images are kept as float32: an MNIST-sized set (70,000 x 784) then takes 220 MB.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers.exceptions import ParameterError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = PROJECT_ROOT / "data" / "cache"
ALLOWED = "'digits', 'mnist', a .npz file with arrays X and y, or a folder of MNIST IDX files"


@dataclass(frozen=True)
class Images:
    """Square grey-scale images (n, side, side) with their true digits."""

    images: np.ndarray
    target: np.ndarray
    pixel_max: float
    source: str

    @property
    def X(self) -> np.ndarray:
        return self.images.reshape(len(self.images), -1)

    @property
    def side(self) -> int:
        return self.images.shape[1]

    def __len__(self) -> int:
        return len(self.target)

    def fingerprint(self) -> str:
        """A hash of the pixels and labels, recorded with every run."""
        h = hashlib.sha256()
        h.update(np.ascontiguousarray(self.images, dtype=np.float32).tobytes())
        h.update(np.ascontiguousarray(self.target, dtype=np.int64).tobytes())
        return h.hexdigest()


def as_images(X, y, source: str, name: str) -> Images:
    """Check and shape raw arrays: n square images (flat or not), integer labels 0-9."""
    X = np.asarray(X)
    y = np.asarray(y)
    if X.dtype.kind not in "uif":
        raise ParameterError("dataset", name, ALLOWED, f"X must be numeric (got {X.dtype})")
    if X.ndim == 2:
        side = int(round(np.sqrt(X.shape[1])))
        if side * side != X.shape[1]:
            raise ParameterError("dataset", name, ALLOWED, f"{X.shape[1]} pixels per image is not a square image")
        X = X.reshape(len(X), side, side)
    if X.ndim != 3 or X.shape[1] != X.shape[2]:
        raise ParameterError("dataset", name, ALLOWED, f"images must be (n, side, side) or (n, side*side), got {X.shape}")
    if len(X) != len(y):
        raise ParameterError("dataset", name, ALLOWED, f"{len(X)} images but {len(y)} labels")
    try:
        values = y.astype(np.float64)  # OpenML gives labels as strings '0'-'9'
    except ValueError:
        raise ParameterError("dataset", name, ALLOWED, "labels must be the digits 0-9") from None
    labels = values.astype(np.int64)
    if len(labels) == 0 or labels.min() < 0 or labels.max() > 9 or not np.array_equal(labels, values):
        raise ParameterError("dataset", name, ALLOWED, "labels must be the digits 0-9")
    images = X.astype(np.float32)
    if not np.isfinite(images).all() or images.min() < 0:
        raise ParameterError("dataset", name, ALLOWED, "pixels must be finite and >= 0")
    return Images(images, labels, float(images.max()) or 1.0, source)


def load_digits_bundled() -> Images:
    """scikit-learn's bundled digits: 1,797 images of 8x8 pixels valued 0-16."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return Images(bunch.images.astype(np.float32), bunch.target.astype(np.int64), 16.0, "sklearn.datasets.load_digits")


def load_npz(path: Path, name: str | None = None) -> Images:
    """Arrays ``X`` (images) and ``y`` (labels) from a .npz file, never unpickling."""
    name = name or str(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            if not {"X", "y"} <= set(npz.files):
                raise ParameterError("dataset", name, ALLOWED, f"the .npz holds {sorted(npz.files)}, not X and y")
            X, y = npz["X"], npz["y"]
    except ParameterError:
        raise
    except (OSError, ValueError) as exc:
        raise ParameterError("dataset", name, ALLOWED, f"not a readable .npz file ({exc.__class__.__name__})") from None
    return as_images(X, y, f"{path}", name)


_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: Path) -> np.ndarray:
    """One IDX file (MNIST's format; gzipped or not): a 4-byte magic, the dimensions, the data."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        raw = handle.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_TYPES:
        raise ParameterError("dataset", str(path), ALLOWED, "not an IDX file (bad magic number)")
    ndim = raw[3]
    shape = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=_IDX_TYPES[raw[2]], offset=4 + 4 * ndim)
    if data.size != int(np.prod(shape)):
        raise ParameterError("dataset", str(path), ALLOWED, f"IDX header says {shape}, the file holds {data.size} values")
    return data.reshape(shape)


def load_idx_folder(folder: Path) -> Images:
    """Every ``*images-idx3-ubyte[.gz]`` file with its ``*labels-idx1-ubyte[.gz]`` twin, concatenated."""
    images, labels = [], []
    for image_file in sorted(folder.glob("*images-idx3-ubyte*")):
        label_name = image_file.name.replace("images-idx3", "labels-idx1")
        label_file = folder / label_name
        if not label_file.is_file():
            raise ParameterError("dataset", str(folder), ALLOWED, f"{image_file.name} has no {label_name}")
        images.append(read_idx(image_file))
        labels.append(read_idx(label_file))
    if not images:
        raise ParameterError("dataset", str(folder), ALLOWED, "no *images-idx3-ubyte files in the folder")
    return as_images(np.concatenate(images), np.concatenate(labels), f"IDX files in {folder}", str(folder))


def load_mnist(cache_dir: Path = CACHE_DIR) -> Images:
    """OpenML's mnist_784 (70,000 images of 28x28, pixels 0-255), downloaded once and cached."""
    cached = cache_dir / "mnist_784.npz"
    if cached.is_file():
        return load_npz(cached, "mnist")
    from sklearn.datasets import fetch_openml

    try:
        X, y = fetch_openml("mnist_784", version=1, return_X_y=True, as_frame=False,
                            data_home=str(cache_dir / "openml"), parser="liac-arff")
    except Exception as exc:  # urllib, http and socket errors differ by platform; all mean "no data"
        raise ParameterError(
            "dataset", "mnist", ALLOWED,
            f"could not download OpenML mnist_784 ({exc.__class__.__name__}: {exc}) and there is no "
            f"cached copy at {cached}; run once with network access, or pass a local .npz or IDX folder",
        ) from None
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, X=np.asarray(X, dtype=np.uint8), y=np.asarray(y).astype(np.int64))
    tmp.replace(cached)
    return load_npz(cached, "mnist")


def load_dataset(name: str = "digits", cache_dir: Path = CACHE_DIR) -> Images:
    if name == "digits":
        return load_digits_bundled()
    if name == "mnist":
        return load_mnist(cache_dir)
    path = Path(name)
    if path.is_file() and path.suffix == ".npz":
        return load_npz(path)
    if path.is_dir():
        return load_idx_folder(path)
    raise ParameterError("dataset", name, ALLOWED, "no such file or folder" if not path.exists() else "unknown kind of file")


def check_dataset_name(name: str) -> str:
    """Schema-level check (cheap, no loading): a known name or an existing path, made absolute."""
    if name in ("digits", "mnist"):
        return name
    path = Path(name).expanduser()
    if path.is_file() and path.suffix == ".npz" or path.is_dir():
        return str(path.resolve())  # notebooks run in notebooks/, so a relative path would break
    raise ValueError("no such .npz file or folder" if not path.exists() else "not a .npz file or a folder")


def synthetic_digits(n: int, side: int = 28, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` digit-like images of side x side pixels (uint8, 0-255) with labels 0-9.

    Each image is the bundled digits' mean image of its class, enlarged, blended with up
    to 60% of another digit's, shifted by up to two pixels and covered in noise:
    learnable like MNIST but with real confusions, for tests and benchmarks of the
    loaders at MNIST's size without a download.
    """
    from scipy.ndimage import zoom

    base = load_digits_bundled()
    templates = np.stack([zoom(base.images[base.target == d].mean(axis=0), side / 8, order=1) for d in range(10)])
    templates = (templates / templates.max() * 255.0).astype(np.float32)
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 10, size=n)
    X = np.empty((n, side, side), dtype=np.uint8)
    for start in range(0, n, 5000):  # in chunks: a 70,000-image float copy would cost 220 MB more
        stop = min(n, start + 5000)
        other = rng.integers(0, 10, size=stop - start)
        blend = rng.uniform(0.0, 0.6, size=(stop - start, 1, 1)).astype(np.float32)
        chunk = (1 - blend) * templates[y[start:stop]] + blend * templates[other]
        shifts = rng.integers(-2, 3, size=(stop - start, 2))
        for i, (dy, dx) in enumerate(shifts):
            chunk[i] = np.roll(chunk[i], (dy, dx), axis=(0, 1))
        chunk += rng.normal(0.0, 80.0, size=chunk.shape).astype(np.float32)
        X[start:stop] = np.clip(chunk, 0, 255).astype(np.uint8)
    return X, y
