import numpy as np
import pytest

from helpers import data
from helpers.exceptions import ParameterError


@pytest.fixture(scope="module")
def digits():
    return data.load_dataset("digits")


def test_bundled_digits_are_8x8_pixels_0_to_16(digits):
    assert digits.images.shape[1:] == (8, 8) and len(digits) == 1797
    assert digits.images.min() == 0 and digits.images.max() == 16 and digits.pixel_max == 16


def test_select_keeps_only_the_chosen_digits(digits):
    chosen = data.select_digits(digits, [3, 5])
    assert set(np.unique(chosen.target)) == {3, 5}
    assert len(chosen) == int(np.isin(digits.target, [3, 5]).sum())


def test_degrade_is_seeded_clipped_and_zero_noise_is_identity(digits):
    a = data.degrade(digits, 7.0, seed=1)
    b = data.degrade(digits, 7.0, seed=1)
    c = data.degrade(digits, 7.0, seed=2)
    np.testing.assert_array_equal(a.images, b.images)
    assert not np.array_equal(a.images, c.images)
    assert a.images.min() >= 0 and a.images.max() <= 16
    assert data.degrade(digits, 0.0, seed=1) is digits
    # noise of sd 7 really moves pixels: far more than rounding
    assert np.abs(a.images - digits.images).mean() > 3


def test_split_is_stratified_and_reproducible(digits):
    chosen = data.select_digits(digits, [1, 2, 3])
    s1 = data.split(chosen, 0.5, seed=0)
    s2 = data.split(chosen, 0.5, seed=0)
    np.testing.assert_array_equal(s1.test_index, s2.test_index)
    table = data.split_table(s1)
    share = table["test"] / (table["train"] + table["test"])
    assert share.between(0.48, 0.52).all()
    assert len(np.intersect1d(s1.test_index, np.setdiff1d(np.arange(len(chosen)), s1.test_index))) == 0


@pytest.mark.parametrize("test_size", [0.005, 0.99])
def test_a_test_size_that_starves_a_digit_is_refused(digits, test_size):
    chosen = data.select_digits(digits, [1, 2])
    with pytest.raises(ParameterError) as info:
        data.split(chosen, test_size, seed=0)
    assert info.value.parameter == "test_size" and "digit" in str(info.value)


def test_unknown_dataset_is_refused():
    with pytest.raises(ParameterError, match="dataset"):
        data.load_dataset("imagenet")


def test_fingerprint_changes_with_the_data(digits):
    assert digits.fingerprint() == data.load_dataset("digits").fingerprint()
    assert digits.fingerprint() != data.degrade(digits, 1.0, 0).fingerprint()
