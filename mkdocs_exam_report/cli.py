"""``exam-report check``: the engine on the command line; the output formats are in outputs/.

Paths are checked in a fixed order (sorted, numbers in names compared as numbers) so that
``COURSE_DIR/*`` gives the same output whatever the shell and its locale. A folder without
``reports/README.md`` is a "no report" row, not the end of the run.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import os
import sys
from collections.abc import Sequence

from . import __version__
from .config import ConfigError, Settings, describe, find_config, load_settings
from .editions import EDITION_CHOICES
from .engine import ReportError, check_file, find_report
from .escape import printable
from .findings import rule_severities
from .outputs import FORMATS, render
from .outputs.rows import NO_REPORT, UNUSABLE, Row, checked, natural_key, not_checked

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, as argparse does, but without the usage block
        self.exit(EXIT_UNUSABLE, f"exam-report: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="exam-report", description="Check DTU 02476 MLOps exam reports.")
    parser.add_argument("--version", action="version", version=f"exam-report {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser(
        "check",
        help="check one or more reports (files or repository folders)",
        description="Check exam reports. Exit code 0: no errors; 1: errors in a report (or a report "
        "file that cannot be read); 2: unusable arguments, or no path could be checked at all.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="report file or repository folder (its reports/README.md); default: the MkDocs config's report, else reports/README.md",
    )
    check.add_argument(
        "--edition", choices=EDITION_CHOICES, default=None, help="template edition (default: the config's, else auto)"
    )
    check.add_argument(
        "--config-file",
        metavar="PATH",
        help="MkDocs config whose exam-report plugin entry gives report, edition and rules "
        "(default without PATH arguments: the first of mkdocs.yml, mkdocs.yaml, docs/mkdocs.yaml, "
        "docs/mkdocs.yml, properdocs.yml, ... here that lists the plugin)",
    )
    check.add_argument(
        "--strict", action="store_true", help="warnings fail too (exit 1), as in mkdocs build --strict"
    )
    check.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="ID=SEVERITY",
        help="set a rule's severity (error, warning, info or off) on top of the config; repeatable",
    )
    check.add_argument(
        "--format",
        choices=list(FORMATS),
        default="text",
        dest="fmt",
        help="output format (default: text); table, csv and markdown are summaries, one row per report; "
        "html is a page of the whole course",
    )
    check.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE instead of standard output")
    check.add_argument(
        "--summary",
        action="store_true",
        help="one row per report instead of one line per finding (text: an aligned table)",
    )
    check.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return parser


class _Progress:
    """``[#####.....] 12/200`` on standard error, redrawn only when it changes visibly."""

    width = 30

    def __init__(self, total: int):
        self.total = total
        self.shown = -1

    def __call__(self, done: int) -> None:
        step = 100 * done // self.total
        if step == self.shown and done != self.total:
            return
        self.shown = step
        filled = self.width * done // self.total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total}")
        if done == self.total:
            sys.stderr.write("\r" + " " * (self.width + 4 + 2 * len(str(self.total))) + "\r")
        sys.stderr.flush()


def show_progress(count: int, quiet: bool) -> bool:
    """A bar only for several reports, in a terminal, and not with --quiet."""
    if count < 2 or quiet:
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def ordered(paths: Sequence[str]) -> list[str]:
    return sorted(dict.fromkeys(paths), key=natural_key)


# From this many reports on, the checks run in a pool of processes, one per core (issue 16: 1,000
# reports in 3 s). For the benchmark's 1,000 reports the workers take ~5 s of CPU in all (checking,
# ~4.5 ms a report, and pickling each row back: no parsed report in it, see
# CheckResult.without_report) and the main process ~0.5 s (reading the rows back, rendering); on
# two cores the run takes about half of that CPU. Below this many, starting the workers costs more
# than they save.
PARALLEL_FROM = 50


def collect(paths: Sequence[str], edition: str, progress=None, rules=None) -> list[Row]:
    """Check every path (``rules``: ``{rule id: severity}`` overrides); return the rows in
    order (see outputs.rows.Row). A path naming a report already checked (a folder and its own
    ``reports/README.md``) is left out."""
    rows: list[Row | None] = []
    reports: list[tuple[int, str]] = []  # (index in rows, report file) of the reports to check
    seen = set()
    for path in paths:
        try:
            report_path = find_report(path)
        except ReportError as exc:
            rows.append(not_checked(path, NO_REPORT if os.path.isdir(path) else UNUSABLE, str(exc)))
            continue
        key = os.path.realpath(report_path)
        if key not in seen:
            seen.add(key)
            reports.append((len(rows), report_path))
            rows.append(None)
    check = functools.partial(check_one, edition=edition, rules=rules)
    files = [report_path for _, report_path in reports]
    workers = os.cpu_count() or 1
    with contextlib.ExitStack() as stack:
        done = None
        if len(files) >= PARALLEL_FROM and workers > 1:
            # imported here: it loads logging and traceback, ~7 ms (7 %) of a one-report check
            import concurrent.futures

            try:
                pool = stack.enter_context(concurrent.futures.ProcessPoolExecutor(workers))
                done = pool.map(check, files, chunksize=max(1, min(32, len(files) // (4 * workers))))
            except (OSError, NotImplementedError, ImportError):  # no process pools here: one process
                done = None
        if done is None:
            done = map(check, files)
        for n, ((index, _), row) in enumerate(zip(reports, done), 1):
            rows[index] = row
            if progress is not None:
                progress(len(paths) - len(reports) + n)
    if progress is not None and not reports:
        progress(len(paths))
    return rows


@contextlib.contextmanager
def _cycle_collector_paused():
    """Python's cycle collector paused (and the worker processes forked meanwhile start without
    it). The rows of a run are ~400 objects a report, all kept to its end, that hold no reference
    cycles; the collector walked them again and again as they came in and as the output was
    rendered: 1,000 reports took 0.7 s of CPU in the main process with it, 0.45 s without
    (serial: 4.5 -> 4.2 s). A check leaves next to no cyclic garbage to collect (150 objects for
    those 1,000 reports)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def check_one(report_path: str, edition: str, rules=None) -> Row:
    """One report checked, or why it could not be: never raises (one odd report must not stop a
    course-wide run). The row's result has no parsed report (``CheckResult.without_report``):
    the outputs do not read it, and a worker process sends the row back pickled."""
    try:
        return checked(check_file(report_path, edition=edition, rules=rules).without_report())
    except ReportError as exc:
        return not_checked(report_path, UNUSABLE, str(exc))
    except Exception as exc:  # noqa: BLE001
        message = f"{report_path}: internal error ({type(exc).__name__}: {exc}); please report this"
        return not_checked(report_path, UNUSABLE, message)


def exit_code(rows, strict: bool = False) -> int:
    """2 when nothing could be checked; 1 when a report has errors (with ``strict``, warnings
    too, as ``mkdocs build --strict`` fails on them) or a report file cannot be read; 0
    otherwise. Folders without a report do not change the code once something was checked
    (they are rows of their own in the summary)."""
    if not any(row.result is not None for row in rows):
        return EXIT_UNUSABLE
    if any(row.status in ("errors", UNUSABLE) for row in rows):
        return EXIT_ERRORS
    if strict and any(f.severity == "warning" for row in rows if row.result for f in row.result.findings):
        return EXIT_ERRORS
    return EXIT_OK


def resolve_settings(args: argparse.Namespace):
    """The settings this run uses: ``--config-file``'s, else (only when no PATH is given: other
    paths may be other groups' repositories) the config found here, else the defaults; then
    ``--edition`` and ``--rule`` on top. Raises config.ConfigError (one line)."""
    path = args.config_file or (None if args.paths else find_config())
    settings = load_settings(path) if path else Settings()
    overrides = {}
    for item in args.rule:
        rule, sep, severity = item.partition("=")
        if not sep or not rule.strip() or not severity.strip():
            raise ConfigError(f"--rule expects ID=SEVERITY (such as todo=off), not {item!r}")
        overrides[rule.strip()] = _yaml_word(severity.strip())
    try:
        rules = rule_severities({**settings.rules, **overrides})
    except ValueError as exc:
        raise ConfigError(f"--rule: {exc}") from None
    edition = args.edition or settings.edition
    return Settings(config_file=settings.config_file, report=settings.report, edition=edition, rules=rules)


def _yaml_word(word: str) -> object:
    """A severity word read as the config's YAML reads it, so ``--rule todo=off`` (or ``false``,
    ``no``) means what ``rules: {todo: off}`` does."""
    import yaml  # only for --rule: importing it takes ~13 ms, 15 % of a one-report check

    try:
        value = yaml.safe_load(word)
    except yaml.YAMLError:
        return word
    return value if value is False else word


def run_check(args: argparse.Namespace) -> int:
    try:
        args.settings = resolve_settings(args)
    except ConfigError as exc:
        print(f"exam-report: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    paths = ordered(args.paths or [args.settings.report or "reports/README.md"])
    progress = _Progress(len(paths)) if show_progress(len(paths), args.quiet) else None
    with _cycle_collector_paused():
        return _check_and_print(args, paths, progress)


def _check_and_print(args: argparse.Namespace, paths: list[str], progress) -> int:
    if args.output:  # COURSE_DIR/* may name last run's output file: it is no report
        paths = [p for p in paths if not _same_file(p, args.output)]
    settings = args.settings
    rows = collect(paths, settings.edition, progress, rules=settings.rules)

    fmt = FORMATS[args.fmt]
    summary = args.summary or fmt.implies_summary()
    text = render(rows, fmt.name, summary)
    if args.fmt == "text" and (settings.config_file or args.strict or args.rule):
        text = "\n".join(filter(None, [text, _settings_line(settings, args)]))
    elif args.fmt == "text" and args.paths:
        text = "\n".join(filter(None, [text, _unread_config_line(rows)]))
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text + "\n" if text else "")
        except OSError as exc:
            print(f"exam-report: {args.output}: cannot write ({exc.strerror or exc})", file=sys.stderr)
            return EXIT_UNUSABLE
    elif text:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    if not fmt.lists_rows(summary):
        for row in rows:
            if row.result is None:
                print(f"exam-report: {printable(row.message)}", file=sys.stderr)
    return exit_code(rows, strict=args.strict)


def _settings_line(settings, args: argparse.Namespace) -> str:
    """``settings: docs/mkdocs.yaml (rules todo=off); --strict: warnings fail``, the last line of
    the text output, so the reader knows which config (and options) judged the report."""
    return printable(f"settings: {describe(settings)}" + ("; --strict: warnings fail" if args.strict else ""))


def _unread_config_line(rows: list[Row]) -> str | None:
    """A last line for ``check PATH`` when a report checked is the one of the current folder's
    MkDocs config and that config sets the plugin's edition or rules: the config is read only
    without PATH (paths may be other groups' repositories), so the verdict can differ from
    ``mkdocs build``'s. None otherwise (no such config, or the reports are other groups')."""
    try:
        config = find_config()
        settings = load_settings(config) if config else None
    except ConfigError:
        return None  # not read, so not reported: a build of the site says what is wrong with it
    if settings is None or (settings.edition == "auto" and not settings.rules):
        return None
    own = os.path.realpath(settings.report or "reports/README.md")
    if not any(row.result is not None and os.path.realpath(row.path) == own for row in rows):
        return None
    return printable(
        f"settings: the defaults; {describe(settings)} is read only when no PATH is given "
        f"(or with --config-file {config})"
    )


def _same_file(path: str, other: str) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def _never_fail_on_encoding() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


def main(argv: Sequence[str] | None = None) -> int:
    _never_fail_on_encoding()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command != "check":
        parser.print_help(sys.stderr)
        return EXIT_UNUSABLE
    try:
        return run_check(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `exam-report check --summary ... | head`: stop quietly, and keep Python from complaining
        # when it flushes the closed pipe on the way out.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
