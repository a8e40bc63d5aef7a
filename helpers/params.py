"""The one parameter schema: validation, CLI help, the README table and the notebooks'
``parameters`` cells all come from ``ReportParams``.

Presets are YAML files in ``presets/`` that override some of the defaults; a user can
copy one and pass it with ``--params``.
"""

from __future__ import annotations

import inspect
import math
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, field_validator, model_validator

from helpers.classifiers import REGISTRY, hyper_parameters
from helpers.datasets import check_dataset_name
from helpers.exceptions import ParameterError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PRESETS_DIR = PROJECT_ROOT / "presets"
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"

Digit = Annotated[StrictInt, Field(ge=0, le=9)]
ClassifierName = Literal[tuple(REGISTRY)]  # type: ignore[valid-type]


class ReportParams(BaseModel):
    """Everything that decides what a run computes and how it is drawn."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: str = Field(
        "default", pattern=NAME_PATTERN,
        description="run name; the report goes to reports/<name>/ "
        "(letters, digits, '-' and '_'; no path separators or '..')",
    )
    dataset: str = Field(
        "digits",
        description="'digits' (scikit-learn's bundled 8x8 digits), 'mnist' (OpenML mnist_784, "
        "28x28, downloaded once into data/cache/), a .npz file with arrays X and y, or a folder "
        "of MNIST IDX files",
    )
    digits: list[Digit] = Field(
        [1, 2, 3, 4, 5], min_length=2, max_length=10,
        description="2-10 distinct digits 0-9 to train on and compare (kept in increasing order)",
    )
    classifier: ClassifierName = Field(  # type: ignore[valid-type]
        "logistic_regression", description="one of: " + ", ".join(REGISTRY)
    )
    classifier_params: dict[str, Any] = Field(
        default_factory=dict,
        description="hyper-parameters of the classifier (see `python -m helpers classifiers`)",
    )
    method: Literal["restricted", "one_vs_one"] = Field(
        "restricted",
        description="'restricted': one classifier on all digits, each pair ranked by its two "
        "class scores; 'one_vs_one': one binary classifier per pair",
    )
    noise: float = Field(
        7.0, ge=0, allow_inf_nan=False,
        description="standard deviation of the Gaussian pixel noise, in the data's pixel units "
        "(0-16 for digits, 0-255 for MNIST); a finite number >= 0",
    )
    test_size: float = Field(
        0.5, gt=0, lt=1,
        description="share of each digit's images held out for testing; 0 < x < 1, "
        "leaving every digit enough test and training images",
    )
    seed: StrictInt = Field(0, ge=0, description="seed for the noise, the split and the classifier; an integer >= 0")
    repeats: StrictInt = Field(
        5, ge=1, le=100,
        description="stratified splits (seeds seed, seed+1, ...) over which each pair's spread "
        "and pooled interval are reported; 1-100",
    )
    robustness_noise: list[Annotated[float, Field(ge=0, allow_inf_nan=False)]] = Field(
        [0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0], max_length=20,
        description="noise levels of the robustness curve, in the same units as noise (each a "
        "finite number >= 0, at most 20; [] leaves the curve out)",
    )
    vmin: float = Field(0.0, allow_inf_nan=False, description="colour-scale value drawn red")
    vmax: float = Field(1.0, allow_inf_nan=False, description="colour-scale value drawn blue; > vmin")

    @field_validator("digits")
    @classmethod
    def _distinct_sorted(cls, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise ValueError("digits must be distinct")
        return sorted(value)

    @field_validator("dataset")
    @classmethod
    def _known_dataset(cls, value: str) -> str:
        return check_dataset_name(value)

    @field_validator("robustness_noise")
    @classmethod
    def _levels_sorted(cls, value: list[float]) -> list[float]:
        return sorted(set(value))

    @field_validator("noise", "test_size", "vmin", "vmax", mode="before")
    @classmethod
    def _a_number(cls, value: Any) -> Any:
        # strict mode already refuses strings; refuse booleans too (True is an int).
        if isinstance(value, bool):
            raise ValueError("a number is required")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "ReportParams":
        hyper_parameters(self.classifier, self.classifier_params)
        if not self.vmin < self.vmax:
            raise ParameterError("vmax", self.vmax, f"a number greater than vmin ({self.vmin})")
        return self

    def hyper(self):
        """The classifier's hyper-parameters with their defaults filled in."""
        return hyper_parameters(self.classifier, self.classifier_params)

    def notebook_parameters(self) -> dict[str, Any]:
        """The values papermill injects into a notebook's ``parameters`` cell."""
        return self.model_dump(mode="json")


def field_help() -> list[tuple[str, str, str]]:
    """(name, default, description) for every parameter, in schema order."""
    rows = []
    defaults = ReportParams().model_dump(mode="json")
    for name, field in ReportParams.model_fields.items():
        rows.append((name, yaml.safe_dump(defaults[name], default_flow_style=True).strip().removesuffix("\n..."), field.description or ""))
    return rows


def markdown_table() -> str:
    """The README's parameter table, from the schema."""
    rows = ["| parameter | default | allowed values and meaning |", "|---|---|---|"]
    for name, default, description in field_help():
        rows.append(f"| `{name}` | `{default}` | {description.replace('|', '/')} |")
    return "\n".join(rows)


def validate(values: dict[str, Any]) -> ReportParams:
    """Validate ``values`` into ``ReportParams`` or raise one ``ParameterError``."""
    if not isinstance(values, dict):
        raise ParameterError("parameters", values, "a mapping of parameter names to values")
    try:
        return ReportParams.model_validate(values)
    except ParameterError:
        raise
    except ValidationError as exc:
        raise _as_parameter_error(exc, values) from None


def _as_parameter_error(exc: ValidationError, values: dict[str, Any]) -> ParameterError:
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"]]
    field = loc[0] if loc else "parameters"
    # A ParameterError raised inside a validator arrives wrapped; unwrap it.
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, ParameterError):
        return cause
    if err["type"] == "extra_forbidden":
        return ParameterError(field, values.get(field), "known parameters: " + ", ".join(ReportParams.model_fields), "unknown parameter")
    info = ReportParams.model_fields.get(field)
    allowed = info.description if info and info.description else "see `python -m helpers run --help`"
    value = values.get(field, err.get("input"))
    if isinstance(value, float) and math.isnan(value):
        value = float("nan")
    reason = re.sub(r"^Value error, ", "", err["msg"])
    return ParameterError(field, value, allowed, reason)


# --- notebooks -----------------------------------------------------------------------

# Where a notebook opened by hand (JupyterLab, nbval) writes; a run passes its own.
INTERACTIVE_RUN_DIR = "../reports/_interactive"
_NOT_PARAMETERS = {"In", "Out", "exit", "quit", "get_ipython", "display"}


def parameters_cell_source() -> str:
    """The notebooks' ``parameters`` cell, written from the schema's defaults."""
    lines = ["# Parameters (papermill replaces these). `python -m helpers run --help` explains each."]
    for key, value in ReportParams().notebook_parameters().items():
        lines.append(f"{key} = {value!r}")
    lines.append(f"run_dir = {INTERACTIVE_RUN_DIR!r}  # where this notebook writes; a run passes its own folder")
    return "\n".join(lines)


def from_notebook(namespace: dict[str, Any]) -> tuple[ReportParams, Path]:
    """Validate the variables a notebook's ``parameters`` cell (and papermill) defined.

    Called right after the parameters cell, so the namespace holds only imports and
    parameters: a name the schema does not know is refused, where papermill would
    only warn.
    """
    values = {
        key: value for key, value in namespace.items()
        if not key.startswith("_") and key not in _NOT_PARAMETERS
        and not (inspect.ismodule(value) or inspect.isclass(value) or callable(value))
    }
    run_dir = values.pop("run_dir", INTERACTIVE_RUN_DIR)
    if "classifier_params" in values and values["classifier_params"] is None:
        values["classifier_params"] = {}
    return validate(values), Path(run_dir)


# --- presets -------------------------------------------------------------------------

def preset_names() -> list[str]:
    return ["default"] + sorted(p.stem for p in PRESETS_DIR.glob("*.yaml") if p.stem != "default")


def read_params_file(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping of parameters; refuse a missing or malformed file by name."""
    path = Path(path)
    if not path.is_file():
        raise ParameterError("params file", str(path), "a path to an existing YAML file", "no such file")
    try:
        values = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise ParameterError("params file", str(path), "a YAML mapping such as 'noise: 5'", f"not valid YAML: {exc.__class__.__name__}") from None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise ParameterError("params file", str(path), "a YAML mapping such as 'noise: 5'", f"holds a {type(values).__name__}, not a mapping")
    return values


def preset_values(name: str) -> dict[str, Any]:
    """The overrides a preset makes; ``default`` makes none."""
    if name == "default":
        return {}
    path = PRESETS_DIR / f"{name}.yaml"
    if not path.is_file():
        raise ParameterError("preset", name, ", ".join(preset_names()))
    return read_params_file(path)


def parse_assignment(text: str) -> tuple[str, Any]:
    """``key=value`` with the value read as YAML (``digits=[3,5,8]``, ``noise=6.5``)."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ParameterError("-p", text, "key=value, the value written in YAML, e.g. -p noise=6.5")
    try:
        return key, yaml.safe_load(raw)
    except yaml.YAMLError:
        raise ParameterError(key, raw, "a YAML value, e.g. 6.5, [3, 5, 8] or logistic_regression", "not valid YAML") from None


def resolve(preset: str = "default", params_file: str | Path | None = None,
            assignments: list[str] | None = None, name: str | None = None) -> ReportParams:
    """Merge the sources, later overriding earlier: defaults < preset < file < -p < --name."""
    values: dict[str, Any] = dict(preset_values(preset))
    if params_file is not None:
        values.update(read_params_file(params_file))
    for text in assignments or []:
        key, value = parse_assignment(text)
        values[key] = value
    if name is not None:
        values["name"] = name
    return validate(values)
