"""notebooks/explore.ipynb and the Explorer behind it."""

from __future__ import annotations

import nbformat
import pytest

from helpers import execute
from helpers.explore import Explorer


def test_changing_a_control_recomputes_the_headline():
    explorer = Explorer()
    first = explorer.last.facts
    explorer.noise.value = 12.0
    assert explorer.message.value == ""
    assert explorer.last.facts["off_diagonal"]["mean"] < first["off_diagonal"]["mean"]
    explorer.digits.value = (3, 5, 8)
    assert explorer.last.facts["n_pairs"] == 3
    explorer.method.value = "one_vs_one"
    assert explorer.params().method == "one_vs_one" and explorer.last is not None


def test_a_refused_choice_is_shown_not_raised():
    explorer = Explorer()
    kept = explorer.last
    explorer.digits.value = (4,)
    assert "parameter &#x27;digits&#x27;" in explorer.message.value
    assert explorer.last is kept


@pytest.mark.slow
def test_explore_notebook_executes_headless(tmp_path):
    import papermill

    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(execute.NOTEBOOKS_DIR / "explore.ipynb"), str(out),
                               cwd=str(execute.NOTEBOOKS_DIR), kernel_name=execute.KERNEL, progress_bar=False)
    nb = nbformat.read(str(out), as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
