"""The pairwise accuracy heatmap, drawn as the reference figure: seaborn, tidy input."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

# Byte-identical SVGs: fixed ids, no creation date.
matplotlib.rcParams["svg.hashsalt"] = "pairwise-digits"


def plot_heatmap(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    ax: plt.Axes | None = None,
    vmin: float = 0.0,
    vmax: float = 1.0,
    cmap: str = "RdBu",
    title: str = "",
    fmt: str = ".2f",
    cbar: bool = True,
    **heatmap_kws,
) -> plt.Axes:
    """Heatmap of a long table with one row per cell; returns the Axes drawn on.

    x and y increase left to right and top to bottom; the colour scale is fixed at
    [vmin, vmax], not fitted to the data; every cell is annotated; colour bar right.
    """
    matrix = data.pivot(index=y, columns=x, values=value).sort_index().sort_index(axis=1)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.6, 4.6))
    sns.heatmap(
        matrix, ax=ax, vmin=vmin, vmax=vmax, cmap=cmap, annot=True, fmt=fmt,
        square=True, linewidths=0.5, linecolor="white",
        cbar=cbar, cbar_kws={"location": "right"} if cbar else None, **heatmap_kws,
    )
    ax.set_title(title)
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.tick_params(axis="y", rotation=0)
    return ax


def plot_pairwise_accuracy(cells: pd.DataFrame, **kws) -> plt.Axes:
    """The reference figure: "Accuracy", digit_a across, digit_b down, red 0 to blue 1."""
    style = {"x": "digit_a", "y": "digit_b", "value": "accuracy", "cmap": "RdBu", "title": "Accuracy"}
    return plot_heatmap(cells, **{**style, **kws})


def plot_confusion(cells: pd.DataFrame, **kws) -> plt.Axes:
    """The column-normalised confusion matrix: true digit across, predicted down."""
    style = {"x": "true", "y": "predicted", "value": "share", "cmap": "Blues", "title": "Confusion (each column sums to 1)"}
    return plot_heatmap(cells, **{**style, **kws})


def save_figure(fig: plt.Figure, stem: str | Path) -> None:
    """Write ``stem``.png and ``stem``.svg; metadata without dates so reruns match."""
    stem = Path(stem)
    fig.savefig(stem.with_suffix(".png"), dpi=150, bbox_inches="tight", metadata={"Software": None})
    fig.savefig(stem.with_suffix(".svg"), bbox_inches="tight", metadata={"Date": None, "Creator": None})


def plot_images(images, titles: list[str] | None = None, *, ncols: int = 8, axes=None,
                cmap: str = "gray_r", vmin: float = 0.0, vmax: float | None = None, panel_size: float = 1.1):
    """Square images in a grid, one per panel, titled; returns the array of Axes."""
    import numpy as np

    images = np.asarray(images)
    n = len(images)
    if axes is None:
        nrows = max(1, -(-n // ncols))
        _, axes = plt.subplots(nrows, ncols, figsize=(panel_size * ncols, panel_size * 1.25 * nrows), squeeze=False)
    flat = np.asarray(axes).reshape(-1)
    for i, ax in enumerate(flat):
        ax.set_axis_off()
        if i < n:
            ax.imshow(images[i], cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
            if titles is not None:
                ax.set_title(titles[i], fontsize=8)
    return axes


def plot_clean_and_degraded(clean, degraded):
    """First image of each digit: clean on the top row, as the classifier sees it below."""
    import numpy as np

    digits = np.unique(clean.target)
    first = [int(np.flatnonzero(clean.target == d)[0]) for d in digits]
    _, axes = plt.subplots(2, len(digits), figsize=(1.1 * len(digits), 2.6), squeeze=False)
    plot_images(clean.images[first], [f"{d}" for d in digits], axes=axes[0], vmax=clean.pixel_max)
    plot_images(degraded.images[first], [f"{d} + noise" for d in digits], axes=axes[1], vmax=degraded.pixel_max)
    return axes


def plot_robustness(data: pd.DataFrame, *, ax: plt.Axes | None = None, marker_noise: float | None = None,
                    hue: str = "pair", x: str = "noise", y: str = "accuracy", low: str = "low", high: str = "high",
                    title: str = "Pairwise accuracy against noise") -> plt.Axes:
    """One line per pair with its interval band; an optional vertical line at the run's noise."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.6))
    pairs = list(dict.fromkeys(data[hue]))
    palette = sns.color_palette("husl" if len(pairs) > 10 else "tab10", len(pairs))
    for colour, pair in zip(palette, pairs):
        part = data[data[hue] == pair].sort_values(x)
        ax.plot(part[x], part[y], marker="o", markersize=3, color=colour, label=pair)
        ax.fill_between(part[x], part[low], part[high], color=colour, alpha=0.12, linewidth=0)
    if marker_noise is not None:
        ax.axvline(marker_noise, color="grey", linestyle="--", linewidth=1)
        ax.annotate("this run", (marker_noise, ax.get_ylim()[0]), textcoords="offset points", xytext=(4, 4), color="grey")
    ax.set_xlabel(f"{x} (standard deviation, pixel units)")
    ax.set_ylabel(f"pairwise {y}")
    ax.set_title(title)
    ax.legend(title=hue, bbox_to_anchor=(1.02, 1), loc="upper left", fontsize=8, ncol=1 if len(pairs) <= 15 else 2)
    return ax


def plot_misranked(table: pd.DataFrame, images, *, ncols: int = 8):
    """The misranked test images: each titled with its true digit and the digit it was taken for."""
    titles = [f"true {t} \u2192 {f}" for t, f in zip(table["true_digit"], table["taken_for"])]
    return plot_images(images, titles, ncols=ncols)


def plot_mean_images(images, digits: list[int], *, pixel_max: float):
    """Mean image of each digit side by side, and their difference (first minus second)."""
    import numpy as np

    means = [images.images[images.target == d].mean(axis=0) for d in digits]
    _, axes = plt.subplots(1, len(means) + 1, figsize=(2.2 * (len(means) + 1), 2.6), squeeze=False)
    plot_images(np.stack(means), [f"mean {d}" for d in digits], axes=axes[0, :len(means)], vmax=pixel_max, panel_size=2)
    diff = means[0] - means[1]
    limit = float(np.abs(diff).max()) or 1.0
    ax = axes[0, -1]
    ax.imshow(diff, cmap="RdBu", vmin=-limit, vmax=limit, interpolation="nearest")
    ax.set_title(f"{digits[0]} \u2212 {digits[1]}", fontsize=8)
    ax.set_axis_off()
    return axes


def plot_small_multiples(cells: pd.DataFrame, *, by: str = "label", ncols: int = 4, panel_size: float = 2.6,
                         vmin: float = 0.0, vmax: float = 1.0, **kws):
    """One small pairwise-accuracy heatmap per configuration, on a shared colour scale."""
    import numpy as np

    groups = list(dict.fromkeys(cells[by]))
    if not groups:  # every configuration failed: say so instead of drawing nothing
        fig, ax = plt.subplots(figsize=(4, 1))
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no configuration finished", ha="center", va="center")
        return np.asarray([[ax]])
    ncols = max(1, min(ncols, len(groups)))
    nrows = max(1, -(-len(groups) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size * ncols, panel_size * nrows), squeeze=False)
    for ax, group in zip(axes.ravel(), groups):
        plot_pairwise_accuracy(cells[cells[by] == group], ax=ax, vmin=vmin, vmax=vmax, cbar=False,
                               title=str(group), annot_kws={"fontsize": 6}, **kws)
        ax.title.set_fontsize(7)
    for ax in axes.ravel()[len(groups):]:
        ax.set_axis_off()
    fig.tight_layout()
    return np.asarray(axes)


def plot_mean_accuracy(configs: pd.DataFrame, *, x: str = "noise", hue: str | None = "classifier",
                       y: str = "mean_accuracy", ax: plt.Axes | None = None) -> plt.Axes:
    """Mean off-diagonal accuracy against a swept parameter, one line per ``hue`` (mean and range over the rest)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 4.2))
    if configs.empty:
        ax.text(0.5, 0.5, "no configuration finished", ha="center", va="center", transform=ax.transAxes)
    else:
        sns.lineplot(data=configs, x=x, y=y, hue=hue if hue in configs else None, marker="o",
                     errorbar=("pi", 100), ax=ax)
    ax.set_ylabel("mean off-diagonal accuracy")
    ax.set_title(f"Mean pairwise accuracy against {x}")
    return ax
