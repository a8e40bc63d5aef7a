"""The HTML report: the executed report notebook through nbconvert, code hidden."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

TEMPLATES = Path(__file__).resolve().parent / "templates"


def report_exporter() -> HTMLExporter:
    """nbconvert's lab template minus network scripts; inputs and prompts hidden."""
    return HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def render_report(notebook_path: str | Path, html_path: str | Path, title: str = "Pairwise accuracy report") -> Path:
    """Render an executed notebook to one self-contained HTML file."""
    nb = nbformat.read(str(notebook_path), as_version=4)
    # Cells that only set parameters produce nothing a reader needs.
    nb.cells = [c for c in nb.cells if not {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))]
    nb.metadata["title"] = title
    body, _ = report_exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    html_path = Path(html_path)
    html_path.write_text(body, encoding="utf-8")
    return html_path
