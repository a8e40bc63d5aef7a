"""The command line: help, listings and refusals (exit 2, one line, no traceback)."""

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import cli
from helpers.params import ReportParams

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "helpers", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_help_documents_every_parameter(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for name in ReportParams.model_fields:
        assert f"  {name} (default " in out
    assert "--preset" in out and "--params" in out and "--force" in out


def test_presets_lists_names_and_values(capsys):
    assert cli.main(["presets"]) == 0
    out = capsys.readouterr().out
    assert "default:" in out and "clean:" in out and "noise: 0" in out


def test_classifiers_lists_hyper_parameters(capsys):
    assert cli.main(["classifiers"]) == 0
    out = capsys.readouterr().out
    assert "logistic_regression:" in out and "n_neighbors" in out


REFUSED = [
    (["-p", "digits=[3]"], "digits"),
    (["-p", "digits=[3,3]"], "digits"),
    (["-p", "digits=[1,12]"], "digits"),
    (["-p", "digits=[1,three]"], "digits"),
    (["-p", "noise=-1"], "noise"),
    (["-p", "noise=.nan"], "noise"),
    (["-p", "test_size=1.5"], "test_size"),
    (["-p", "test_size=0.004"], "test_size"),
    (["-p", "classifier=deep_magic"], "classifier"),
    (["--preset", "nope"], "preset"),
    (["--params", "does-not-exist.yaml"], "params file"),
    (["-p", "colour=red"], "colour"),
    (["--name", "../up"], "name"),
    (["--name", "a/b"], "name"),
    (["-p", "method=every_way"], "method"),
    (["-p", "seed=-1"], "seed"),
]


@pytest.mark.parametrize("args,parameter", REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_bad_input_exits_2_naming_the_parameter_and_touches_nothing(args, parameter, tmp_path, capsys):
    reports = tmp_path / "reports"
    (reports / "default").mkdir(parents=True)
    (reports / "default" / "report.html").write_text("the previous report")
    before = sorted((p.relative_to(reports), p.read_bytes() if p.is_file() else None) for p in reports.rglob("*"))
    code = cli.main(["run", "--reports-dir", str(reports), *args])
    err = capsys.readouterr().err
    assert code == 2
    assert f"parameter {parameter!r}" in err and "allowed:" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    after = sorted((p.relative_to(reports), p.read_bytes() if p.is_file() else None) for p in reports.rglob("*"))
    assert after == before  # refused before anything was written, not even a lock file


def test_a_malformed_params_file_is_refused(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("noise: [1, 2\n")
    assert cli.main(["run", "--reports-dir", str(tmp_path / "r"), "--params", str(bad)]) == 2
    assert "not valid YAML" in capsys.readouterr().err


def test_refusal_from_a_real_process_has_no_traceback():
    result = run_cli("run", "-p", "digits=[4]")
    assert result.returncode == 2
    assert result.stderr.startswith("error: parameter 'digits'") and "Traceback" not in result.stderr


def test_unknown_option_exits_2():
    result = run_cli("run", "--colour", "red")
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr


def test_show_prints_a_complete_params_file_that_round_trips(tmp_path, capsys):
    from helpers.params import resolve

    assert cli.main(["show", "--preset", "clean", "-p", "digits=[8,3,5]"]) == 0
    path = tmp_path / "mine.yaml"
    path.write_text(capsys.readouterr().out)
    assert resolve(params_file=path) == resolve("clean", assignments=["digits=[3,5,8]"])
    text = path.read_text()
    assert all(f"\n{name}:" in f"\n{text}" for name in ReportParams.model_fields)
