"""The `reactlib` command: validate data, print figures, render reports.

Every failure an analyst can cause ends in a short message on stderr and exit code 1, never a
traceback; messages never carry client codes, case ids or free text.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import signal
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reactlib.errors import (
    MAX_PROBLEM_LINES,
    InvalidDataError,
    ReactlibError,
    ReactlibWarning,
    UsageError,
    describe_os_error,
    format_problems,
)
from reactlib.load.options import READ_PARAMETERS, ReadOptions
from reactlib.terminal import shown, shown_lines

if TYPE_CHECKING:
    from reactlib.count.periods import Period
    from reactlib.render.changes import Render
    from reactlib.render.request import ReportRequest
    from reactlib.render.session import RenderSession

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 130

#: The commands that start notebook kernels: each first removes the kernel folders killed ones left.
_STARTS_KERNELS = frozenset({"report", "trend", "batch"})
#: The commands whose process renders one report and ends (`reactlib report` unless it watches).
_RENDERS_ONCE = frozenset({"report", "trend"})


class _CommandParser(argparse.ArgumentParser):
    """A subcommand's parser: an option it does not know is reported with its own usage.

    argparse hands a subcommand's unknown options back to the main parser, which then shows
    ``usage: reactlib [-h] COMMAND ...`` instead of the options the subcommand does take.
    """

    def parse_known_args(self, args=None, namespace=None):
        # Untyped on purpose: typeshed declares this method with overloads a subclass cannot repeat.
        parsed, unknown = super().parse_known_args(args, namespace)
        if unknown:
            self.error(f"unrecognized arguments: {' '.join(unknown)}")
        return parsed, unknown


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up only when asked for, not on every run."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def _version() -> str:
    """The installed package's version (the one in pyproject.toml)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reactlib")
    except PackageNotFoundError:  # run from a source tree that was never installed
        from reactlib import __version__

        return __version__


#: The report parameters that say which data a command reads and how (`reactlib validate` takes them too).
_DATA_PARAMETERS = ("data", "column_map", *READ_PARAMETERS)


def _parameter_options(parser: argparse.ArgumentParser, data: bool) -> None:
    """The options of the report parameters (`REPORT_PARAMETERS`): the data's, or the others'.

    Derived from the one declaration: its option, type, whether it is required, and its help.
    An option not given is None (the declaration's default is the notebook's, e.g. "" for none).
    """
    from reactlib.report.parameters import REPORT_PARAMETERS

    for parameter in REPORT_PARAMETERS:
        if parameter.cli and (parameter.name in _DATA_PARAMETERS) == data:
            parser.add_argument(
                parameter.cli, type=parameter.cli_type, required=parameter.required_on_cli, help=parameter.help
            )


def _data_arguments(parser: argparse.ArgumentParser) -> None:
    _parameter_options(parser, data=True)
    _all_problems_option(parser)


def _all_problems_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--all-problems", type=Path, metavar="FILE",
        help="when the data file has problems, write every one of them to FILE, one line each",
    )  # fmt: skip


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    _parameter_options(parser, data=False)


#: The report parameters a trend takes as they are (it takes --from and --to for --period).
_TREND_PARAMETERS = ("scope", "min_cell", "language")


def _trend_arguments(parser: argparse.ArgumentParser) -> None:
    """`reactlib trend`'s options: the report's scope, min_cell and language, the range, the output."""
    from reactlib.report.parameters import REPORT_PARAMETERS

    for parameter in REPORT_PARAMETERS:
        if parameter.name in _TREND_PARAMETERS:
            parser.add_argument(
                parameter.cli, type=parameter.cli_type, required=parameter.required_on_cli, help=parameter.help
            )
    parser.add_argument("--from", dest="first", required=True, help="first period: 2022, 2022-H1, 2022-Q1 or 2022-01")
    parser.add_argument("--to", dest="last", required=True, help="last period, of the same kind (at most 40 periods)")
    parser.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs)")
    parser.add_argument("--format", default="html,pdf", help="comma-separated: html, pdf (default: html,pdf)")
    parser.add_argument("--settings", type=Path, help="YAML file with the contact line (contact)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reactlib", description="REAct case data: validate, count, report.")
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_CommandParser)

    validate = commands.add_parser("validate", help="check a case file against the data contract")
    _data_arguments(validate)
    validate.set_defaults(run=_run_validate)

    figures = commands.add_parser("figures", help="print a report's figures.json")
    _data_arguments(figures)
    _report_arguments(figures)
    figures.set_defaults(run=_run_figures)

    report = commands.add_parser("report", help="render a country report: HTML, PDF, executed notebook, figures.json")
    _data_arguments(report)
    _report_arguments(report)
    report.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs)")
    report.add_argument("--format", default="html,pdf", help="comma-separated: html, pdf (default: html,pdf)")
    report.add_argument(
        "--settings", type=Path, help="YAML file with the contact line and country notes (contact, group_notes)"
    )
    report.add_argument(
        "--notebook", type=Path, help="render this notebook (its parameters cell declares the report's parameters)"
    )
    report.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        dest="parameters",
        help="an extra parameter the notebook declares (repeatable); VALUE is read as the parameter's type",
    )
    report.add_argument(
        "--watch", action="store_true",
        help="render, then render again whenever the notebook, the data or the settings file changes, "
        "with the same kernel and browser, until Ctrl-C",
    )  # fmt: skip
    report.set_defaults(run=_run_report)

    trend = commands.add_parser("trend", help="render a trend report over periods: HTML, PDF, notebook, figures.json")
    _data_arguments(trend)
    _trend_arguments(trend)
    trend.set_defaults(run=_run_trend)

    batch = commands.add_parser("batch", help="render every report of a batch file (params/*.yaml) in parallel")
    batch.add_argument("batch_file", type=Path, metavar="BATCH.yaml", help="the batch definition")
    batch.add_argument("--workers", type=int, default=None, help="reports rendered at once (default: one per core)")
    batch.add_argument(
        "--force", action="store_true", help="render every report, even those whose inputs are unchanged"
    )
    batch.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs)")
    _all_problems_option(batch)
    batch.set_defaults(run=_run_batch)

    diff = commands.add_parser(
        "diff", help="what changed between two renders of a report (two report folders, or two output folders)"
    )
    diff.add_argument("old", type=Path, metavar="OLD", help="the earlier render: a report's folder or an output folder")
    diff.add_argument("new", type=Path, metavar="NEW", help="the later render, of the same kind")
    diff.add_argument("--json", action="store_true", help="print the changes as JSON, for machines")
    diff.set_defaults(run=_run_diff)
    audit = commands.add_parser(
        "audit", help="audit published folders together: what a reader can prove about each suppressed count"
    )
    audit.add_argument("folders", type=Path, nargs="+", metavar="DIR", help="published folders (searched through)")
    audit.add_argument(
        "--min-cell",
        type=int,
        default=None,
        help="threshold to check (default: the one the folders were published with)",
    )
    audit.set_defaults(run=_run_audit)

    sample = commands.add_parser("sample", help="write synthetic case data (bundled sample or a large table)")
    sample.add_argument("--out", type=Path, required=True, help="file to write: .csv, .xlsx or .parquet")
    sample.add_argument("--cases", type=int, default=None, help="a large random table of N cases instead of the sample")
    sample.add_argument("--seed", type=int, default=0, help="random seed of the large table")
    sample.set_defaults(run=_run_sample)
    return parser


def _load(args: argparse.Namespace):
    from reactlib import load_cases
    from reactlib.load.column_map import load_column_map
    from reactlib.sample.location import data_file_or_sample

    data = data_file_or_sample(args.data)
    return data, load_cases(data, load_column_map(args.column_map), **_reading(args).keywords())


def _reading(args: argparse.Namespace) -> ReadOptions:
    """How to read the data file, from the options; checked before the file is read."""
    from reactlib.report.parameters import report_value_problems

    given = {name: getattr(args, name) for name in READ_PARAMETERS}
    if problems := report_value_problems({name: value for name, value in given.items() if value is not None}):
        raise UsageError("; ".join(problems))
    return ReadOptions.from_parameters(given)


def _run_validate(args: argparse.Namespace) -> int:
    from reactlib.load.cases import read_notes

    data, cases = _load(args)
    countries = cases["country"].nunique()
    first, last = cases["registered_on"].min().date(), cases["registered_on"].max().date()
    print(f"{Path(data).name}: {len(cases)} cases, valid ({countries} countries, {first}..{last})")
    for note in read_notes(cases):  # how it was read: sheet, header row, date format, blank rows
        print(f"  {shown(note)}")
    return EXIT_OK


def _checked_period(args: argparse.Namespace) -> Period:
    """The period of ``--period``, parsed here once; ``--min-cell`` and ``--language`` checked; before the data is read."""
    from reactlib.count.periods import parse_period
    from reactlib.report.parameters import report_value_problems

    given = {name: getattr(args, name) for name in ("min_cell", "language") if getattr(args, name) is not None}
    if problems := report_value_problems(given):
        raise UsageError("; ".join(problems))  # the same words as a notebook's or a batch's
    return parse_period(args.period)


def _run_figures(args: argparse.Namespace) -> int:
    with _imports_uncollected():
        from reactlib import load_cases  # noqa: F401 - imported here, where no garbage is collected
        from reactlib.count.figures import compute_figures

    period = _checked_period(args)
    _, cases = _load(args)
    figures = compute_figures(cases, args.scope, period, args.min_cell or None, args.language or "en")
    sys.stdout.write(_printable_json(figures.to_json()))
    return EXIT_OK


@contextlib.contextmanager
def _imports_uncollected() -> Iterator[None]:
    """Import without collecting garbage, then keep what was imported out of later collections.

    Imports make hundreds of thousands of objects and hardly any garbage: collected as they are
    made, pandas and the rest cost ~0.1 s of searching (1 M cases' `reactlib figures`), found
    nothing, and made every later full collection search them again. A command that renders one
    report and ends runs whole in this block: what it makes besides its imports is freed with the
    process. In a process that has imported them already (a test calling `main`), nothing changes.
    """
    if "pandas" in sys.modules:
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _printable_json(text: str) -> str:
    """``text`` (JSON), with a name's control characters written as JSON escapes, never raw.

    JSON escapes only those below U+0020 itself; the same data, all in ASCII escapes, keeps
    the rest (DEL, C1 controls, bidi overrides) from the terminal too.
    """
    if shown_lines(text) == text:
        return text
    return json.dumps(json.loads(text), indent=2).replace("\x7f", "\\u007f") + "\n"


def _run_report(args: argparse.Namespace) -> int:
    from reactlib.render.kinds import report_kind
    from reactlib.render.output import refuse_if_locked
    from reactlib.render.request import ReportRequest, parse_formats
    from reactlib.render.session import RenderSession

    formats = parse_formats(args.format)
    # Before the kernel starts: a notebook that cannot be had in the report's language.
    report_kind(args.notebook).check_language(args.language or "en")
    if not args.watch:  # a watch renders again and again: each render is refused while another command writes
        refuse_if_locked(args.out)
    # Options refused without the data or the notebook are refused before a kernel starts: a
    # mistyped --period or --language costs no kernel process and none of its client's imports.
    period, reading = _checked_period(args), _reading(args)
    # The kernel starts now and imports what the notebook imports while this process imports,
    # reads and counts.
    with RenderSession(browser="pdf" in formats, preload=_kernel_preload) as session:
        from reactlib.render.pipeline import render

        request = ReportRequest(
            scope=args.scope, period=period, out=args.out, data=args.data,
            formats=formats, min_cell=args.min_cell or 0, language=args.language or "en",
            column_map=args.column_map, reading=reading, settings=args.settings,
            notebook=args.notebook, extra=_extra_parameters(args.notebook, args.parameters),
        )  # fmt: skip
        if args.watch:
            return _watch(session, request, args)
        written = render(request, session)
        print(f"{written[0].parent}: {', '.join(path.name for path in written)}")
    return EXIT_OK


def _kernel_preload() -> str:
    """What a batch's kernels import before their first report: the report notebook's imports."""
    from reactlib.batch.workers import PRELOAD_CODE  # imported while the kernel's process starts

    return PRELOAD_CODE


def _watch(session: RenderSession, request: ReportRequest, args: argparse.Namespace) -> int:
    """`reactlib report --watch`: a line for each render, the one-shot's message for each failure; Ctrl-C ends it."""
    from reactlib.batch.interrupts import Stopped, forget_caught_interrupt
    from reactlib.render.watch import Rendered, watch, watched_files

    names = ", ".join(shown(str(path)) for path in watched_files(request))
    print(f"watching {names}; Ctrl-C stops", flush=True)

    def report(rendered: Rendered) -> None:
        after = f"; {', '.join(shown(path.name) for path in rendered.changed)} changed" if rendered.changed else ""
        if rendered.error is None:
            files = ", ".join(path.name for path in rendered.files)
            print(f"{rendered.files[0].parent}: {files} ({rendered.seconds:.2f} s{after})", flush=True)
        else:
            _failure(rendered.error, args)
            print(f"render failed ({rendered.seconds:.2f} s{after}); watching for the next change", flush=True)

    try:
        watch(session, request, report)
    except KeyboardInterrupt as stop:
        if isinstance(stop, Stopped):  # `kill PID`, a closed terminal: as any command stops
            raise
        forget_caught_interrupt()
        print("stopped watching", flush=True)  # Ctrl-C is how the loop ends: no error
    return EXIT_OK


def _run_trend(args: argparse.Namespace) -> int:
    from reactlib.count.trends import trend_periods
    from reactlib.render.pipeline import render
    from reactlib.render.request import TrendRequest, parse_formats
    from reactlib.report.parameters import report_value_problems

    given = {name: getattr(args, name) for name in ("min_cell", "language") if getattr(args, name) is not None}
    if problems := report_value_problems(given):
        raise UsageError("; ".join(problems))
    trend_periods(args.first, args.last)  # the range is checked before the data is read
    request = TrendRequest(
        scope=args.scope, first=args.first.strip(), last=args.last.strip(), out=args.out, data=args.data,
        formats=parse_formats(args.format), min_cell=args.min_cell or 0, language=args.language or "en",
        column_map=args.column_map, reading=_reading(args), settings=args.settings,
    )  # fmt: skip
    written = render(request)
    print(f"{written[0].parent}: {', '.join(path.name for path in written)}")
    return EXIT_OK


def _extra_parameters(notebook: Path | None, pairs: list[list[str]]) -> dict[str, object]:
    """``-p NAME VALUE`` pairs as values, each read as the type ``notebook`` declares for it.

    A parameter declared as text takes VALUE as it is (``-p note 2023`` is the text "2023");
    any other type reads it as a YAML 1.2 scalar, as a settings file would (``5``, ``true``).
    Names and types are checked against the notebook afterwards, before any data is read.
    """
    if not pairs:
        return {}
    from reactlib.render.kinds import report_kind
    from reactlib.report.parameters import parameter_value, read_parameters

    declared = read_parameters(report_kind(notebook).notebook_file())
    names = [name for name, _ in pairs]
    if duplicates := sorted({name for name in names if names.count(name) > 1}):
        raise UsageError(f"-p {duplicates[0]} is given more than once")
    return {name: parameter_value(text, declared.get(name)) for name, text in pairs}


def _run_batch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from reactlib.batch import run as batch
    from reactlib.batch.outcomes import Outcome
    from reactlib.batch.spec import load_batch
    from reactlib.batch.summary import summary_table
    from reactlib.sample.location import data_file_or_sample

    spec = load_batch(args.batch_file)
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")

    def load():
        with _imports_uncollected():  # pandas and the data: the bulk of what this process makes
            from reactlib.load.cases import load_cases  # only when a report needs rendering
            from reactlib.load.column_map import load_column_map

            data, column_map = data_file_or_sample(spec.data), load_column_map(spec.column_map)
            return load_cases(data, column_map, **spec.reading.keywords())

    # Shown from the first report on: a batch refused at once (its --out, its data) prints no bar.
    # Then every report's outcome, as it comes (tqdm's defaults skip an update that comes within
    # 0.1 s of the last shown, and so may never show a report that renders quickly).
    with tqdm(
        desc="reports", unit="report", file=sys.stderr, dynamic_ncols=True, delay=0.1, mininterval=0, miniters=1
    ) as bar:

        def progress(outcome: Outcome, done: int, total: int) -> None:
            bar.total = total
            bar.set_postfix_str(f"{shown(outcome.job.name)}: {outcome.status}", refresh=False)
            bar.update(done - bar.n)

        workers = args.workers or batch.default_workers()
        result = batch.run_batch(spec, load, args.out, workers, args.force, progress)
    print(summary_table(result))
    if result.audit is not None:
        print(f"disclosure control: {result.audit.line()}")
    if result.index is not None:
        print(f"index: {result.index}")
    for problem in result.problems:
        _error(problem)
    if os.environ.get("REACTLIB_DEBUG"):  # on this terminal only: the errors may quote the data
        for outcome in result.failed:
            if outcome.detail:
                _error(f"{outcome.job.name}: {outcome.detail}")
    return EXIT_ERROR if result.failed or result.problems else EXIT_OK


def _run_diff(args: argparse.Namespace) -> int:
    """Every figure that changed, report by report, headline counts first; exit 0 whether or not any did."""
    from reactlib.render.changes import diff_folders
    from reactlib.report.changes_section import change_lines

    compared = diff_folders(args.old, args.new)
    if args.json:
        document = {
            "reports": [
                {"old": str(old.folder), "new": str(new.folder), **diff.to_dict()} for old, new, diff in compared.diffs
            ],
            "only_in_old": [_render_dict(render) for render in compared.only_old],
            "only_in_new": [_render_dict(render) for render in compared.only_new],
        }
        sys.stdout.write(_printable_json(json.dumps(document, indent=2, ensure_ascii=False) + "\n"))
        return EXIT_OK
    lines = []
    for old, new, diff in compared.diffs:
        count = len(diff.changes)
        what = "no figure changed" if not count else f"{count} figure{'s' if count > 1 else ''} changed"
        dates = f", rendered {old.rendered_on} and {new.rendered_on}" if old.rendered_on and new.rendered_on else ""
        lines.append(f"{new.name}: {what}{dates}")
        lines += [f"  {line}" for line in change_lines(diff)]
    lines += [f"only in {args.old}: {render.name}" for render in compared.only_old]
    lines += [f"only in {args.new}: {render.name}" for render in compared.only_new]
    print(shown_lines("\n".join(lines)))
    return EXIT_OK


def _render_dict(render: Render) -> dict[str, str]:
    """A report found in only one of two output folders, as ``diff --json`` names it."""
    scope, period, language = render.key
    return {"scope": scope, "period": period, "language": language, "folder": str(render.folder)}


def _run_audit(args: argparse.Namespace) -> int:
    from reactlib.batch.publication import audit_folders, audit_lines
    from reactlib.count.min_cell import min_cell_problem

    if args.min_cell is not None and (args.min_cell == 0 or min_cell_problem(args.min_cell)):
        raise UsageError(f"--min-cell must be at least 2, not {args.min_cell}")
    audit = audit_folders(args.folders, args.min_cell)
    for line in audit_lines(audit):
        print(shown(line))
    return EXIT_OK if audit.summary().passed else EXIT_ERROR


def _run_sample(args: argparse.Namespace) -> int:
    from reactlib.sample import bundled, files, generator

    for option, value in (("--cases", args.cases), ("--seed", args.seed)):
        if value is not None and value < 0:
            raise UsageError(f"{option} must be 0 or more, not {value}")
    files.check_suffix(args.out, args.cases)  # before a large table is made
    if args.cases is None and args.out.suffix.lower() == ".csv":
        bundled.write_sample(args.out)  # byte for byte the bundled file
        print(f"{args.out}: the bundled sample")
        return EXIT_OK
    frame = bundled.generate_sample() if args.cases is None else generator.generate_cases(args.cases, args.seed)
    files.write_table(frame, args.out)
    print(f"{args.out}: {len(frame)} cases")
    return EXIT_OK


def _problems_message(error: InvalidDataError, all_problems: Path | None) -> str:
    """The file's problems, each kind once; with ``--all-problems FILE``, every problem written there too."""
    footer = ""
    if all_problems is not None:
        try:
            written = error.write_problems(all_problems)
        except OSError as failure:
            footer = f"  --all-problems: {describe_os_error(failure)}"
        else:
            footer = f"  every problem ({written:,}) is in {all_problems}"
    elif any(len(group) > 1 for group in error.groups) or len(error.groups) > MAX_PROBLEM_LINES - 2:
        footer = "  (--all-problems FILE writes every problem, one line each)"
    return format_problems(error.file_name, error.groups, footer)


def _error(message: str) -> int:
    print(f"reactlib: error: {shown_lines(message)}", file=sys.stderr)
    return EXIT_ERROR


@contextlib.contextmanager
def _warnings_shown() -> Iterator[None]:
    """Show each of reactlib's warnings once, as ``reactlib: warning: …`` on stderr; others as Python does."""
    with warnings.catch_warnings():
        warnings.simplefilter("default", ReactlibWarning)
        python_shows = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):  # warnings.showwarning's signature
            if issubclass(category, ReactlibWarning):
                print(f"reactlib: warning: {shown_lines(str(message))}", file=sys.stderr)
            else:
                python_shows(message, category, filename, lineno, file, line)

        warnings.showwarning = show  # restored when the block ends
        yield


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reactlib` console script."""
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    from reactlib.batch.interrupts import forget_caught_interrupt, stop_signals_interrupt

    if args.command in _STARTS_KERNELS:
        from reactlib.render.leftovers import remove_orphaned_kernel_folders

        remove_orphaned_kernel_folders()  # those of killed commands, which nobody else removes

    # A render's process makes nearly all its objects by importing (pandas, jupyter_client, papermill,
    # nbconvert, openpyxl: 0.15-0.2 core-s of collections that freed next to nothing); a watch lives on.
    once = args.command in _RENDERS_ONCE and not getattr(args, "watch", False)
    try:
        # `kill PID` cleans up on the way out, as Ctrl-C does.
        with stop_signals_interrupt(), _warnings_shown(), _imports_uncollected() if once else contextlib.nullcontext():
            return run(args)
    except KeyboardInterrupt as stop:  # Ctrl-C, or `Stopped` by SIGTERM or SIGHUP
        forget_caught_interrupt()  # the status below is the command's, however it was stopped
        signum = getattr(stop, "signum", signal.SIGINT)
        _error("interrupted" if signum == signal.SIGINT else f"stopped ({signal.Signals(signum).name})")
        return EXIT_INTERRUPTED if signum == signal.SIGINT else 128 + signum  # as a shell reports it
    except Exception as error:
        if os.environ.get("REACTLIB_DEBUG") and not isinstance(error, ReactlibError | OSError):
            raise
        return _failure(error, args)


def _failure(error: Exception, args: argparse.Namespace) -> int:
    """Say on stderr why a command failed, in a few lines and without a traceback; its exit code.

    `reactlib report --watch` says it of each render that fails, in the same words.
    """
    if isinstance(error, InvalidDataError):
        print(shown_lines(_problems_message(error, getattr(args, "all_problems", None))), file=sys.stderr)
        return EXIT_ERROR
    if isinstance(error, ReactlibError):  # every error reactlib raises on purpose says what to do
        return _error(str(error))
    if isinstance(error, OSError):  # a file or folder the system refused: which one, and why
        return _error(describe_os_error(error))
    # A bug: say what happened without a traceback full of data.
    return _error(f"internal error ({type(error).__name__}); run with REACTLIB_DEBUG=1 for details")


def console() -> None:
    """The `reactlib` console script: `main`, and a quick exit.

    Tearing down the interpreter traced every object pandas, pandera and the rest had made, in
    search of garbage, for 0.3 to 0.5 s of every run; frozen, they are only freed.
    """
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    console()
