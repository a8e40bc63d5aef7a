import numpy as np
import pandas as pd
import pytest

from helpers import plotting
from helpers.matrices import pairwise_accuracy


@pytest.fixture
def cells():
    counts = pd.DataFrame({
        "digit_a": [1, 1, 2], "digit_b": [2, 3, 3], "accuracy": [0.87, 0.5, 0.934],
    })
    return pairwise_accuracy(counts, [1, 2, 3])


def test_heatmap_matches_the_reference_layout(cells):
    ax = plotting.plot_pairwise_accuracy(cells)
    assert ax.get_title() == "Accuracy"
    assert ax.get_xlabel() == "digit_a" and ax.get_ylabel() == "digit_b"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "2", "3"]
    # digit_b increases top to bottom: row 0 is drawn at the top (the y axis is inverted)
    assert ax.yaxis_inverted()
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 9 and texts[:3] == ["1.00", "0.87", "0.50"]
    mesh = ax.collections[0]
    assert mesh.get_clim() == (0.0, 1.0)
    cmap = mesh.get_cmap()
    red, blue = cmap(0.0), cmap(1.0)
    assert red[0] > red[2] and blue[2] > blue[0]  # red at 0, blue at 1
    colorbar_axes = [a for a in ax.figure.axes if a is not ax]
    assert len(colorbar_axes) == 1
    assert colorbar_axes[0].get_position().x0 > ax.get_position().x1  # on the right


def test_colour_limits_are_fixed_not_fitted(cells):
    high = cells.assign(accuracy=cells["accuracy"].clip(lower=0.9))
    ax = plotting.plot_pairwise_accuracy(high)
    assert ax.collections[0].get_clim() == (0.0, 1.0)
    ax = plotting.plot_pairwise_accuracy(high, vmin=0.5, vmax=1.0)
    assert ax.collections[0].get_clim() == (0.5, 1.0)


def test_styling_is_a_parameter(cells):
    ax = plotting.plot_pairwise_accuracy(cells, title="Other", cmap="viridis")
    assert ax.get_title() == "Other" and ax.collections[0].get_cmap().name == "viridis"


def test_confusion_uses_the_same_heatmap():
    long = pd.DataFrame({"predicted": [1, 1, 2, 2], "true": [1, 2, 1, 2], "share": [0.9, 0.2, 0.1, 0.8]})
    ax = plotting.plot_confusion(long)
    assert ax.get_xlabel() == "true" and ax.get_ylabel() == "predicted"


def test_saved_figures_are_byte_identical_across_saves(cells, tmp_path):
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        ax = plotting.plot_pairwise_accuracy(cells)
        plotting.save_figure(ax.figure, tmp_path / run / "accuracy")
    for suffix in (".png", ".svg"):
        assert (tmp_path / "a" / f"accuracy{suffix}").read_bytes() == (tmp_path / "b" / f"accuracy{suffix}").read_bytes()


def test_image_grid_titles_every_panel():
    axes = plotting.plot_images(np.zeros((3, 8, 8)), ["a", "b", "c"], ncols=2)
    titles = [ax.get_title() for ax in np.asarray(axes).ravel()]
    assert titles == ["a", "b", "c", ""]
