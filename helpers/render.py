"""The HTML report: the executed report notebook through nbconvert, code hidden."""

from __future__ import annotations

import json
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


def provenance_footer(summary: dict) -> str:
    """Markdown for the end of the report: parameters, versions, commit, when and how long."""
    prov = summary.get("provenance", {})
    git = prov.get("git") or {}
    commit = git.get("commit") or "unknown (not a git checkout)"
    if git.get("dirty"):
        commit += " with uncommitted changes"
    params = ", ".join(f"`{k}={json.dumps(v)}`" for k, v in summary["parameters"].items())
    versions = ", ".join(f"{k} {v}" for k, v in summary["versions"].items())
    return (
        "---\n\n## Provenance\n\n"
        f"- **Parameters:** {params}\n"
        f"- **Code:** commit {commit}\n"
        f"- **Data:** {summary['parameters'].get('dataset')}, sha256 {str(prov.get('data_hash', ''))[:16]}\n"
        f"- **Ran:** finished {prov.get('finished', 'unknown')}, took {prov.get('seconds', float('nan')):.1f} s\n"
        f"- **Libraries:** {versions}\n"
    )


def render_report(notebook_path: str | Path, html_path: str | Path, title: str = "Pairwise accuracy report",
                  footer: str | None = None) -> Path:
    """Render an executed notebook to one self-contained HTML file, with an optional markdown footer."""
    nb = nbformat.read(str(notebook_path), as_version=4)
    # Cells that only set parameters produce nothing a reader needs.
    nb.cells = [c for c in nb.cells if not {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))]
    if footer:
        nb.cells.append(nbformat.v4.new_markdown_cell(footer))
    nb.metadata["title"] = title
    body, _ = report_exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    html_path = Path(html_path)
    html_path.write_text(body, encoding="utf-8")
    return html_path
