"""Typed errors. Each carries what a user needs to fix the problem."""

from __future__ import annotations

from typing import Any


class ReportError(Exception):
    """Base class for every error this project raises on purpose."""


class ParameterError(ReportError, ValueError):
    """A parameter was refused: names the parameter, the value and what is allowed."""

    def __init__(self, parameter: str, value: Any, allowed: str, reason: str = ""):
        self.parameter = parameter
        self.value = value
        self.allowed = allowed
        self.reason = reason
        why = f" ({reason})" if reason else ""
        super().__init__(
            f"parameter {parameter!r}: {value!r} is not allowed{why}; allowed: {allowed}"
        )


class RunInProgressError(ReportError):
    """Another run with the same name holds the lock."""

    def __init__(self, name: str, lock_path: str):
        self.name = name
        self.lock_path = lock_path
        super().__init__(
            f"another run named {name!r} is in progress (lock {lock_path}); "
            "wait for it to finish or choose another --name"
        )


class RunFailedError(ReportError):
    """A notebook failed; the previous report is untouched."""

    def __init__(self, name: str, notebook: str, failed_dir: str, cause: str):
        self.name = name
        self.notebook = notebook
        self.failed_dir = failed_dir
        self.cause = cause
        super().__init__(
            f"run {name!r} failed in {notebook}: {cause}\n"
            f"the previous report is unchanged; the executed notebooks are in {failed_dir}"
        )
