"""Interactive exploration in JupyterLab: widgets over the same computation as the report.

``Explorer().widget`` shows controls for digits, classifier, noise and method; every
change recomputes with ``compute.compute_run`` and redraws the heatmap, the headline and
the weakest pair's misranked images. Bad choices show the refusal instead of a traceback.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

from helpers import matrices, narrative, plotting
from helpers.classifiers import classifier_names
from helpers.compute import RunData, compute_run
from helpers.data import images_at
from helpers.exceptions import ParameterError
from helpers.params import ReportParams, validate


class Explorer:
    def __init__(self, params: ReportParams | None = None, gallery_size: int = 8):
        self.base = params or ReportParams()
        self.gallery_size = gallery_size
        self.digits = widgets.SelectMultiple(options=list(range(10)), value=tuple(self.base.digits),
                                             description="digits", rows=10)
        self.classifier = widgets.Dropdown(options=classifier_names(), value=self.base.classifier, description="classifier")
        self.noise = widgets.FloatSlider(value=self.base.noise, min=0.0, max=16.0, step=0.5, description="noise",
                                         continuous_update=False)
        self.method = widgets.ToggleButtons(options=["restricted", "one_vs_one"], value=self.base.method, description="method")
        self.message = widgets.HTML()
        self.output = widgets.Output()
        self.last: RunData | None = None
        for control in (self.digits, self.classifier, self.noise, self.method):
            control.observe(lambda _change: self.update(), names="value")
        controls = widgets.VBox([self.classifier, self.noise, self.method])
        self.widget = widgets.VBox([widgets.HBox([self.digits, controls]), self.message, self.output])
        self.update()

    def params(self) -> ReportParams:
        values = self.base.model_dump()
        values.update(digits=list(self.digits.value), classifier=self.classifier.value,
                      noise=float(self.noise.value), method=self.method.value, classifier_params={}, repeats=1)
        return validate(values)

    def update(self) -> RunData | None:
        """Recompute and redraw; on a refused choice, say why and keep the last picture."""
        try:
            params = self.params()
            run = compute_run(params)
        except ParameterError as exc:
            self.message.value = f"<span style='color:#b00'>{html.escape(str(exc))}</span>"
            return None
        self.message.value = ""
        self.last = run
        with self.output:
            self.output.clear_output(wait=True)
            display(Markdown(narrative.summarise(run.facts, params)))
            ax = plotting.plot_pairwise_accuracy(run.cells, vmin=params.vmin, vmax=params.vmax)
            plt.show()
            weakest = narrative.weakest_pairs(run.facts, most=1)
            wrong = matrices.misranked(run.evaluation.outcomes, weakest, limit=self.gallery_size)
            if len(wrong):
                split = run.evaluation.split
                plotting.plot_misranked(wrong, images_at(split.test_index, split.X_test, split.side, wrong["image"]))
                plt.show()
            plt.close(ax.figure)
        return run
