"""The default report's computation as one plain Python function: no Jupyter, no HTML.

The same helpers the notebooks call, in the same order, writing the same tables and
figures; the benchmark compares a papermill run against this.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from helpers import artifacts, compute, data, matrices, narrative, plotting, reference  # noqa: E402
from helpers.params import ReportParams, validate  # noqa: E402


def plain_report(params: ReportParams, out_dir: Path) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    ev = compute.evaluate(params)
    repeats = compute.repeated_counts(params)
    intervals = compute.intervals_table(ev.counts, repeats)
    curve = compute.robustness(params)
    cells = matrices.pairwise_accuracy(ev.counts, params.digits)
    confusion = matrices.confusion(ev.confusion_counts)
    artifacts.save_matrices(out_dir, ev.outcomes, intervals, matrices.accuracy_matrix(cells),
                            ev.confusion_counts, confusion, repeats, curve)
    facts = narrative.headline_facts(ev.outcomes, ev.counts, ev.confusion_counts, seed=params.seed, repeats=repeats)
    text = narrative.narrate(facts)
    comparison = reference.compare_with_reference(ev.counts, facts)
    ax = plotting.plot_pairwise_accuracy(cells, vmin=params.vmin, vmax=params.vmax)
    plotting.save_figure(ax.figure, out_dir / "accuracy")
    ax = plotting.plot_confusion(matrices.confusion_cells(confusion))
    ax.figure.savefig(out_dir / "confusion.png")
    weakest = narrative.weakest_pairs(facts)
    wrong = matrices.misranked(ev.outcomes, weakest, limit=16)
    split = ev.split
    axes = plotting.plot_misranked(wrong, data.images_at(split.test_index, split.X_test, split.side, wrong["image"]))
    axes.flat[0].figure.savefig(out_dir / "misranked.png")
    clean = data.select_digits(data.load_dataset(params.dataset), params.digits)
    axes = plotting.plot_mean_images(clean, list(weakest[0]), pixel_max=clean.pixel_max)
    axes.flat[0].figure.savefig(out_dir / "means.png")
    ax = plotting.plot_robustness(narrative.with_pair_labels(curve), marker_noise=params.noise)
    plotting.save_figure(ax.figure, out_dir / "robustness")
    plt.close("all")
    training = {"n_train": len(split.y_train), "n_test": len(split.y_test)}
    return artifacts.write_summary(out_dir, params.notebook_parameters(), training, intervals, cells, facts, text, comparison)


if __name__ == "__main__":
    plain_report(validate({}), Path(sys.argv[1]))
