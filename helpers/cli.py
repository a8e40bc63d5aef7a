"""``python -m helpers``: run the report, list presets and classifiers.

Exit status: 0 done, 1 the run failed (the previous report is untouched), 2 refused
input (nothing was run).
"""

from __future__ import annotations

import argparse
import signal
import sys
import textwrap

import yaml

from helpers.classifiers import REGISTRY
from helpers.exceptions import ParameterError, ReportError, RunFailedError
from helpers.params import field_help, markdown_table, preset_names, preset_values, resolve

EXIT_FAILED = 1
EXIT_REFUSED = 2


def _parameter_epilog() -> str:
    lines = ["parameters (set with -p key=value, a --params file or a --preset):"]
    for name, default, description in field_help():
        lines.append(f"  {name} (default {default})")
        lines.extend(textwrap.wrap(description, 76, initial_indent="      ", subsequent_indent="      "))
    lines.append("")
    lines.append("examples:")
    lines.append("  python -m helpers run")
    lines.append("  python -m helpers run --preset clean")
    lines.append("  python -m helpers run -p digits=[3,5,8] -p noise=6.5 --name three-five-eight")
    lines.append("  python -m helpers run --params my-params.yaml --force")
    return "\n".join(lines)


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one short line, like every refusal here."""

    def error(self, message: str):
        self.exit(EXIT_REFUSED, f"{self.prog}: error: {message}\n")


def _add_parameter_sources(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--preset", default="default", help="a preset: " + ", ".join(preset_names()))
    parser.add_argument("--params", metavar="FILE.yaml", help="a YAML file of parameters")
    parser.add_argument("-p", dest="assignments", metavar="key=value", action="append", default=[],
                        help="set one parameter; the value is read as YAML (repeatable)")
    parser.add_argument("--name", help="run name (default: the preset's or 'default')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m helpers", description="Pairwise accuracy report of a digit classifier.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser(
        "run", help="execute the notebooks and render reports/<name>/report.html",
        description="Execute notebooks/01-03 with papermill into reports/<name>/ and render report.html. "
        "Sources apply in order, later overriding earlier: defaults, --preset, --params, -p, --name.",
        epilog=_parameter_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_parameter_sources(run)
    run.add_argument("--force", action="store_true", help="rerun even if an identical finished run exists")
    run.add_argument("--reports-dir", default=None, help="where run folders go (default: reports/)")
    show = sub.add_parser(
        "show", help="print the parameters a run would use, as a YAML file to copy and edit",
        description="Resolve the same sources as `run` and print every parameter as YAML; "
        "`python -m helpers show --preset clean > mine.yaml` gives a complete file for --params.",
    )
    _add_parameter_sources(show)
    sub.add_parser("presets", help="list the presets and their values")
    sub.add_parser("classifiers", help="list the classifiers and their hyper-parameters")
    sweep = sub.add_parser(
        "sweep", help="run a grid of configurations in parallel and compare them in reports/sweeps/<name>/",
        description="Run every combination of a sweep file's grid (see helpers/sweep.py for the format) in "
        "worker processes, or on a Dask cluster with --scheduler, then render reports/sweeps/<name>/report.html.",
    )
    sweep.add_argument("sweep_file", metavar="SWEEP.yaml")
    sweep.add_argument("--workers", type=int, default=None, help="local worker processes (default: one per core)")
    sweep.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on this Dask distributed scheduler instead")
    sweep.add_argument("--reports-dir", default=None, help="where sweeps/<name>/ goes (default: reports/)")
    sweep.add_argument("--no-progress", action="store_true", help="no progress bar")
    index = sub.add_parser("index", help="rewrite reports/index.html (every run does this too)")
    index.add_argument("--reports-dir", default=None, help="the reports folder (default: reports/)")
    table = sub.add_parser("params-table", help="print the parameter table (markdown) that README.md shows")
    table.add_argument("--readme", metavar="PATH", help="rewrite the table inside this README instead of printing it")
    sub.add_parser("refresh-notebooks", help="re-execute notebooks/ in place with the defaults (for nbval)")
    return parser


def _terminate(signum, frame):
    # SIGTERM ends a run like Ctrl-C: the run keeps its work and leaves the report alone.
    raise KeyboardInterrupt(f"signal {signum}")


def _run(args) -> int:
    from helpers.execute import REPORTS_DIR, run  # heavy imports only when running

    params = resolve(args.preset, args.params, args.assignments, args.name)
    signal.signal(signal.SIGTERM, _terminate)
    result = run(params, args.reports_dir or REPORTS_DIR, force=args.force,
                 on_notebook=lambda nb: print(f"  running {nb}", file=sys.stderr, flush=True))
    if result.cached:
        print(f"{result.run_dir}/report.html is up to date (same parameters, code and data); use --force to rerun")
    else:
        print(f"wrote {result.run_dir}/report.html in {result.seconds:.1f} s")
    return 0


def _sweep(args) -> int:
    from helpers.execute import REPORTS_DIR
    from helpers.sweep import configurations, read_sweep, run_sweep

    spec = read_sweep(args.sweep_file)
    if args.workers is not None and args.workers < 1:
        raise ParameterError("--workers", args.workers, "an integer >= 1")
    n = len(configurations(spec))  # refuse a bad grid before starting
    where = f"Dask scheduler {args.scheduler}" if args.scheduler else f"{args.workers or 'one per core'} local workers"
    print(f"sweep {spec.name!r}: {n} configurations on {where}", file=sys.stderr)
    result = run_sweep(spec, args.reports_dir or REPORTS_DIR, args.workers, args.scheduler, progress=not args.no_progress)
    for failure in result.failed:
        print(f"failed: {failure['name']}: {failure['error']}", file=sys.stderr)
    print(f"wrote {result.sweep_dir}/report.html ({n - len(result.failed)} of {n} configurations in {result.seconds:.1f} s)")
    return EXIT_FAILED if result.failed else 0


def _presets() -> int:
    for name in preset_names():
        values = preset_values(name)
        print(f"{name}:" + ("  (the defaults)" if not values else ""))
        for key, value in values.items():
            print(f"  {key}: {yaml.safe_dump(value, default_flow_style=True).strip().removesuffix(chr(10) + '...')}")
    return 0


def _classifiers() -> int:
    for name, spec in REGISTRY.items():
        print(f"{name}: {spec.description}" + ("" if spec.seeded else " (no randomness)"))
        for key, field in spec.hyper.model_fields.items():
            print(f"  {key} (default {field.default!r}): {field.description}")
    return 0


README_START = "<!-- parameters: generated by"
README_END = "<!-- end of parameters -->"


def _replace_readme_table(path: str) -> None:
    from pathlib import Path

    text = Path(path).read_text(encoding="utf-8")
    head, start, rest = text.partition(README_START)
    marker_line, _, rest = rest.partition("\n")
    _, end, tail = rest.partition(README_END)
    if not (start and end):
        raise ParameterError("--readme", path, f"a file with the lines {README_START!r} ... {README_END!r}")
    Path(path).write_text(head + start + marker_line + "\n" + markdown_table() + "\n" + end + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "presets":
            return _presets()
        if args.command == "sweep":
            return _sweep(args)
        if args.command == "show":
            params = resolve(args.preset, args.params, args.assignments, args.name)
            print(yaml.safe_dump(params.notebook_parameters(), sort_keys=False, default_flow_style=None), end="")
            return 0
        if args.command == "index":
            from helpers.execute import REPORTS_DIR
            from helpers.index import write_index

            print(f"wrote {write_index(args.reports_dir or REPORTS_DIR)}")
            return 0
        if args.command == "params-table":
            if args.readme:
                _replace_readme_table(args.readme)
            else:
                print(markdown_table())
            return 0
        if args.command == "refresh-notebooks":
            from helpers.execute import refresh_notebooks

            refresh_notebooks()
            return 0
        return _classifiers()
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except RunFailedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
