"""``exam-report check``: the engine on the command line. Imports stay lazy so that one check
runs well inside a pre-commit hook's time budget."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

FORMATS = ("text", "json", "github")
EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, as argparse does, but without the usage block
        self.exit(EXIT_UNUSABLE, f"exam-report: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from .editions import EDITION_CHOICES

    parser = _Parser(prog="exam-report", description="Check DTU 02476 MLOps exam reports.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser("check", help="check one or more reports (files or repository folders)")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="report file or repository folder (its reports/README.md); default: reports/README.md",
    )
    check.add_argument("--edition", choices=EDITION_CHOICES, default="auto", help="template edition (default: auto)")
    check.add_argument("--format", choices=FORMATS, default="text", dest="fmt", help="output format (default: text)")
    check.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return parser


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\r" + " " * (width + 24) + "\r")
    sys.stderr.flush()


def run_check(args: argparse.Namespace) -> int:
    from .engine import ReportError, check_file

    paths = args.paths or ["reports/README.md"]
    results, unusable = [], []
    show_progress = len(paths) > 1 and not args.quiet and sys.stderr.isatty()
    for i, path in enumerate(paths, 1):
        try:
            results.append(check_file(path, edition=args.edition))
        except ReportError as exc:
            unusable.append((path, str(exc)))
        if show_progress:
            _progress(i, len(paths))

    from . import output

    if args.fmt == "json":
        text = output.render_json(results, unusable)
    elif args.fmt == "github":
        text = output.render_github(results)
    else:
        text = output.render_text(results)
    if text:
        print(text)
    for path, message in unusable:
        print(f"exam-report: {message}", file=sys.stderr)
    if not results:
        return EXIT_UNUSABLE
    return EXIT_ERRORS if any(not r.ok for r in results) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
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
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
