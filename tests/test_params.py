import ast
import math

import nbformat
import pytest

from helpers import params as P
from helpers.exceptions import ParameterError
from helpers.execute import NOTEBOOKS, NOTEBOOKS_DIR


def test_defaults_are_the_reference_regime():
    p = P.validate({})
    assert p.digits == [1, 2, 3, 4, 5]
    assert p.classifier == "logistic_regression" and p.method == "restricted"
    assert p.noise == 7.0 and p.test_size == 0.5 and p.name == "default"
    assert (p.vmin, p.vmax) == (0.0, 1.0)


def test_digits_are_kept_in_increasing_order():
    assert P.validate({"digits": [8, 3, 5]}).digits == [3, 5, 8]


REFUSALS = [
    ({"digits": [3]}, "digits"),
    ({"digits": [3, 3]}, "digits"),
    ({"digits": [1, 12]}, "digits"),
    ({"digits": [1, "three"]}, "digits"),
    ({"digits": [-1, 2]}, "digits"),
    ({"digits": list(range(10)) + [0]}, "digits"),
    ({"digits": "1,2"}, "digits"),
    ({"noise": -1}, "noise"),
    ({"noise": float("nan")}, "noise"),
    ({"noise": float("inf")}, "noise"),
    ({"noise": "loud"}, "noise"),
    ({"noise": True}, "noise"),
    ({"test_size": 1.5}, "test_size"),
    ({"test_size": 0}, "test_size"),
    ({"seed": -3}, "seed"),
    ({"seed": 1.5}, "seed"),
    ({"classifier": "deep_magic"}, "classifier"),
    ({"method": "all_pairs"}, "method"),
    ({"dataset": "imagenet"}, "dataset"),
    ({"name": "../escape"}, "name"),
    ({"name": "a/b"}, "name"),
    ({"name": ".."}, "name"),
    ({"name": ""}, "name"),
    ({"vmin": 1.0, "vmax": 0.5}, "vmax"),
    ({"colour": "red"}, "colour"),
    ({"classifier_params": {"C": -1}}, "classifier_params.C"),
    ({"classifier_params": {"kernel": "poly"}}, "classifier_params.kernel"),
    ({"classifier": "knn", "classifier_params": {"n_neighbors": 0}}, "classifier_params.n_neighbors"),
]


@pytest.mark.parametrize("values,parameter", REFUSALS, ids=[str(v) for v, _ in REFUSALS])
def test_bad_values_are_refused_naming_the_parameter_value_and_what_is_allowed(values, parameter):
    with pytest.raises(ParameterError) as info:
        P.validate(values)
    err = info.value
    assert err.parameter == parameter
    message = str(err)
    assert repr(parameter) in message and "allowed:" in message
    bad = values.get(parameter.split(".")[0])
    if parameter.startswith("classifier_params."):
        bad = values["classifier_params"][parameter.split(".")[1]]
    if not (isinstance(bad, float) and math.isnan(bad)):
        assert repr(bad) in message


def test_the_message_is_one_short_line():
    with pytest.raises(ParameterError) as info:
        P.validate({"digits": [3, 3]})
    assert "\n" not in str(info.value) and len(str(info.value)) < 200
    assert "distinct" in str(info.value)


def test_later_sources_override_earlier(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("noise: 3\ndigits: [2, 4]\nname: from-file\n")
    p = P.resolve("clean", f, ["noise=6.5", "digits=[3,5,8]"], None)
    assert p.noise == 6.5 and p.digits == [3, 5, 8] and p.name == "from-file"
    assert P.resolve("clean", f, [], "cli-name").name == "cli-name"


def test_assignment_values_are_read_as_yaml():
    assert P.parse_assignment("digits=[3,5,8]") == ("digits", [3, 5, 8])
    assert P.parse_assignment("noise=6.5") == ("noise", 6.5)
    assert P.parse_assignment("classifier=knn") == ("classifier", "knn")
    with pytest.raises(ParameterError, match="key=value"):
        P.parse_assignment("noise")


def test_presets_are_files_and_unknown_presets_are_refused():
    assert "clean" in P.preset_names() and P.preset_names()[0] == "default"
    assert P.preset_values("clean")["noise"] == 0
    assert P.preset_values("default") == {}
    with pytest.raises(ParameterError) as info:
        P.preset_values("nope")
    assert info.value.parameter == "preset" and "clean" in info.value.allowed


@pytest.mark.parametrize("text,reason", [
    (None, "no such file"),
    ("noise: [1, 2\n", "not valid YAML"),
    ("- 1\n- 2\n", "not a mapping"),
])
def test_missing_or_malformed_params_files_are_refused(tmp_path, text, reason):
    path = tmp_path / "params.yaml"
    if text is not None:
        path.write_text(text)
    with pytest.raises(ParameterError, match=reason) as info:
        P.read_params_file(path)
    assert info.value.parameter == "params file"


def test_from_notebook_validates_and_refuses_unknown_names():
    import numpy  # a module in the namespace is not a parameter

    namespace = {"np": numpy, "digits": [3, 5], "noise": 1.0, "run_dir": "/tmp/x", "In": [], "_": None}
    params, run_dir = P.from_notebook(namespace)
    assert params.digits == [3, 5] and str(run_dir) == "/tmp/x"
    with pytest.raises(ParameterError) as info:
        P.from_notebook({**namespace, "nosie": 2.0})
    assert info.value.parameter == "nosie" and "unknown" in str(info.value)


def _parameters_cell(name: str) -> dict:
    nb = nbformat.read(str(NOTEBOOKS_DIR / name), as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{name} must have exactly one cell tagged 'parameters'"
    values = {}
    for node in ast.parse(cells[0].source).body:
        assert isinstance(node, ast.Assign), f"{name}: the parameters cell holds only assignments"
        values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_parameters_agree_with_the_schema(name):
    values = _parameters_cell(name)
    assert values.pop("run_dir") == P.INTERACTIVE_RUN_DIR
    assert values == P.ReportParams().notebook_parameters()


def test_field_help_covers_every_parameter():
    assert [row[0] for row in P.field_help()] == list(P.ReportParams.model_fields)
    assert all(row[2] for row in P.field_help())


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_notebooks_hold_text_outputs_but_no_png_bytes(name):
    nb = nbformat.read(str(NOTEBOOKS_DIR / name), as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs, f"{name} must be committed with the default run's outputs (make notebooks)"
    assert not any("image/png" in o.get("data", {}) for o in outputs)
