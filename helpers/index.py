"""reports/index.html: every finished run, newest first, self-contained and offline."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import jinja2
from PIL import Image

from helpers.artifacts import read_json
from helpers.narrative import pair_label

TEMPLATES = Path(__file__).resolve().parent / "templates" / "index"
KEY_PARAMETERS = ["digits", "classifier", "method", "noise", "seed", "test_size"]


def thumbnail(png: Path, width: int = 280) -> str:
    """A small PNG of the heatmap, base64-encoded for an inline <img>."""
    with Image.open(png) as image:
        image.thumbnail((width, width))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def run_entries(reports_dir: Path) -> list[dict[str, Any]]:
    """One entry per finished run folder (names starting with '_' or '.' are not runs)."""
    entries = []
    for summary_path in reports_dir.glob("*/summary.json"):
        run_dir = summary_path.parent
        if run_dir.name.startswith(("_", ".")) or not (run_dir / "report.html").is_file():
            continue
        try:
            summary = read_json(summary_path)
            facts, params = summary["facts"], summary["parameters"]
        except (OSError, ValueError, KeyError):
            continue  # not a run this version can read; leave it out rather than fail
        lowest = facts["lowest"]
        others = len(facts.get("lowest_group", [lowest])) - 1
        tie = f" (not distinct from {others} other pair{'s' if others > 1 else ''})" if others else ""
        png = run_dir / "accuracy.png"
        entries.append({
            "name": run_dir.name,
            "href": f"{run_dir.name}/report.html",
            "parameters": ", ".join(f"{k}={params[k]}" for k in KEY_PARAMETERS if k in params),
            "lowest": f"{pair_label(lowest['digit_a'], lowest['digit_b'])} {lowest['accuracy']:.3f}{tie}",
            "mean": facts["off_diagonal"]["mean"],
            "finished": summary.get("provenance", {}).get("finished", ""),
            "thumbnail": thumbnail(png) if png.is_file() else None,
        })
    return sorted(entries, key=lambda e: (e["finished"], e["name"]), reverse=True)


def sweep_entries(reports_dir: Path) -> list[dict[str, Any]]:
    """One entry per finished sweep under reports/sweeps/, newest first."""
    entries = []
    for summary_path in (reports_dir / "sweeps").glob("*/summary.json"):
        sweep_dir = summary_path.parent
        if sweep_dir.name.startswith(("_", ".")) or not (sweep_dir / "report.html").is_file():
            continue
        try:
            summary = read_json(summary_path)
            grid = "; ".join(f"{k} in {v}" for k, v in summary["grid"].items())
        except (OSError, ValueError, KeyError, AttributeError):
            continue
        entries.append({
            "name": sweep_dir.name, "href": f"sweeps/{sweep_dir.name}/report.html", "grid": grid,
            "configurations": summary.get("configurations", 0), "failed": len(summary.get("failed", [])),
            "finished": summary.get("finished", ""),
        })
    return sorted(entries, key=lambda e: (e["finished"], e["name"]), reverse=True)


def write_index(reports_dir: str | Path) -> Path:
    reports_dir = Path(reports_dir)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    html = env.get_template("index.html.j2").render(runs=run_entries(reports_dir), sweeps=sweep_entries(reports_dir))
    target = reports_dir / "index.html"
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(target)  # never a half-written index
    return target
