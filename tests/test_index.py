import json

import pytest

from helpers.index import run_entries, write_index
from helpers.render import provenance_footer


def _fake_run(reports, name, finished, lowest=(3, 5), acc=0.81, png=None):
    run = reports / name
    run.mkdir(parents=True)
    (run / "report.html").write_text("<html></html>")
    summary = {
        "parameters": {"digits": [3, 5], "classifier": "knn", "noise": 2.0},
        "facts": {"lowest": {"digit_a": lowest[0], "digit_b": lowest[1], "accuracy": acc},
                  "lowest_group": [{"digit_a": lowest[0], "digit_b": lowest[1]}] * (2 if name == "older" else 1),
                  "off_diagonal": {"mean": 0.9}},
        "provenance": {"finished": finished},
    }
    (run / "summary.json").write_text(json.dumps(summary))
    if png:
        (run / "accuracy.png").write_bytes(png.read_bytes())
    return run


@pytest.fixture
def png(tmp_path):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1])
    path = tmp_path / "thumb-source.png"
    fig.savefig(path)
    return path


def test_index_lists_runs_newest_first_and_skips_non_runs(tmp_path, png):
    reports = tmp_path / "reports"
    _fake_run(reports, "older", "2026-01-01T00:00:00+00:00")
    _fake_run(reports, "newer", "2026-06-01T00:00:00+00:00", lowest=(1, 2), acc=0.7, png=png)
    _fake_run(reports, "_failed", "2026-07-01T00:00:00+00:00")
    (reports / "half").mkdir()  # no summary: not a finished run
    entries = run_entries(reports)
    assert [e["name"] for e in entries] == ["newer", "older"]
    assert entries[0]["lowest"] == "1\u21942 0.700" and entries[0]["thumbnail"] and entries[1]["thumbnail"] is None
    assert entries[1]["lowest"] == "3\u21945 0.810 (not distinct from 1 other pair)"
    html = write_index(reports).read_text()
    assert html.index("newer/report.html") < html.index("older/report.html")
    assert "<script" not in html and "http" not in html and "data:image/png;base64," in html


def test_an_empty_reports_folder_gets_an_index_that_says_so(tmp_path):
    assert "No runs yet" in write_index(tmp_path).read_text()


def test_provenance_footer_has_parameters_versions_commit_time_and_duration():
    summary = {
        "parameters": {"noise": 7.0, "digits": [1, 2]},
        "versions": {"scikit-learn": "9.9"},
        "provenance": {"git": {"commit": "abc123", "dirty": True}, "finished": "2026-12-03T10:00:00+00:00",
                       "seconds": 9.87, "data_hash": "f" * 64},
    }
    footer = provenance_footer(summary)
    for text in ("`noise=7.0`", "`digits=[1, 2]`", "scikit-learn 9.9", "abc123 with uncommitted changes",
                 "2026-12-03T10:00:00+00:00", "took 9.9 s", "ffffffffffffffff"):
        assert text in footer


def test_index_lists_finished_sweeps(tmp_path):
    sweep_dir = tmp_path / "sweeps" / "grid1"
    sweep_dir.mkdir(parents=True)
    (sweep_dir / "report.html").write_text("<html></html>")
    (sweep_dir / "summary.json").write_text(json.dumps({
        "grid": {"noise": [0, 4]}, "configurations": 2, "failed": [{"name": "x", "error": "boom"}],
        "finished": "2026-05-01T00:00:00+00:00",
    }))
    html = write_index(tmp_path).read_text()
    assert 'href="sweeps/grid1/report.html"' in html and "noise in [0, 4]" in html
    assert "No runs yet" in html  # sweeps are listed apart from runs
