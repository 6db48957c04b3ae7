"""Render check results for people (text), programs (json) and GitHub Actions (github).
SARIF is in sarif.py, the one-row-per-report summaries in summary.py. Report text and paths are
escaped for each reader (escape.py): shown printable in lines for a terminal or a log, as JSON
escapes in JSON, and with GitHub's own encoding in workflow commands."""

from __future__ import annotations

import os
from collections.abc import Iterable

from .escape import json_text, printable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)

if TYPE_CHECKING:
    from .engine import CheckResult
    from .findings import Finding


def location(path: str, finding: "Finding") -> str:
    where = f"{path}:{finding.line}:"
    if finding.question is not None:
        where += f" question {finding.question}:"
    return where


def finding_line(path: str, finding: "Finding") -> str:
    """``path:line: question N: [rule] message``, one printable line (escape.printable) for a
    terminal or MkDocs' log."""
    severity = "" if finding.severity == "error" else f" ({finding.severity})"
    return printable(f"{location(path, finding)} [{finding.rule}]{severity} {finding.message}")


def summary_line(result: "CheckResult") -> str:
    """``path: 17/31 questions pass ...``, one printable line."""
    total = result.edition.total
    counts = f"{result.errors} error{'s' if result.errors != 1 else ''}, {result.warnings} warning{'s' if result.warnings != 1 else ''}"
    if result.official.readable:
        verdict = f"{result.official.passed}/{total} questions pass the official checks"
    else:
        verdict = (
            f"the official checker cannot read this report; by the same limits "
            f"{result.passed}/{total} questions pass"
        )
    return printable(f"{result.path}: {verdict}, {counts} ({result.edition.name} template, {result.edition_source})")


def render_text(results: Iterable["CheckResult"]) -> str:
    out = []
    for result in results:
        out.extend(finding_line(result.path, f) for f in result.findings)
        out.append(summary_line(result))
    return "\n".join(out)


def json_document(results: Iterable["CheckResult"], unusable: Iterable[tuple[str, str]] = ()) -> dict:
    document = {"version": 1, "reports": [r.to_dict() for r in results]}
    unusable = list(unusable)
    if unusable:
        document["unusable"] = [{"path": p, "message": m} for p, m in unusable]
    return document


def dumps(document: object, *, depth: int, many: bool) -> str:
    """JSON text. One report: indented (``indent=2``) for people. Many: the containers down to
    ``depth`` levels are laid out one item per line and everything deeper is compact, which is
    as easy to grep and diff and several times faster (Python's C encoder only runs without
    ``indent``; 1,000 indented reports took longer than checking them)."""
    import json  # here, not at the top: text and github output never need it (start-up time)

    if not many:
        return json_text(json.dumps(document, indent=2, ensure_ascii=False))
    compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    out: list[str] = []

    def emit(value: object, level: int, pad: str) -> None:
        if level >= depth or not value or not isinstance(value, (dict, list)):
            out.append(compact(value))
            return
        inner = pad + "  "
        if isinstance(value, dict):
            out.append("{\n")
            for i, (key, item) in enumerate(value.items()):
                out.append(f"{',' if i else ''}{chr(10) if i else ''}{inner}{compact(key)}: ")
                emit(item, level + 1, inner)
            out.append(f"\n{pad}}}")
        else:
            out.append("[\n")
            for i, item in enumerate(value):
                out.append(f"{',' + chr(10) if i else ''}{inner}")
                emit(item, level + 1, inner)
            out.append(f"\n{pad}]")

    emit(document, 0, "")
    return json_text("".join(out))


def render_json(results: Iterable["CheckResult"], unusable: Iterable[tuple[str, str]] = ()) -> str:
    document = json_document(results, unusable)
    return dumps(document, depth=2, many=len(document["reports"]) + len(document.get("unusable", ())) > 1)


# GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
# Every field is encoded: a message or a path holding a line break and '::error ...' must not
# start a command of its own.
def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def github_command(level: str, message: str, **properties: object) -> str:
    """``::level key=value,...::message`` with the values and the message escaped."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def github_annotation(path: str, finding: "Finding") -> str:
    """One finding as an annotation on its file and line. Report text is printable first (no
    control character reaches the log; line breaks are GitHub's to encode), then encoded as
    GitHub asks."""
    title = f"exam-report {finding.rule}" + (f" (question {finding.question})" if finding.question else "")
    message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
    message = printable(message, keep="\r\n")
    level = _GITHUB_LEVEL.get(finding.severity, "notice")
    return github_command(level, message, file=printable(_posix(path)), line=finding.line, title=title)


def github_log_line(result: "CheckResult") -> str:
    """The summary line as plain log text: printable, with the path encoded as a property (so a
    path cannot make the line read as a command: ``::`` or the runner's older ``##[``)."""
    line = summary_line(result)
    path = printable(result.path)
    return escape_property(path).replace("##[", "#%23[") + escape_data(line[len(path) :])


def render_github(results: Iterable["CheckResult"], unusable: Iterable[tuple[str, str]] = ()) -> str:
    """One annotation per finding, then each report's summary line (plain log text); a report
    file that cannot be read is an error annotation on that file."""
    out = []
    for result in results:
        out.extend(github_annotation(result.path, f) for f in result.findings if f.severity != "off")
        out.append(github_log_line(result))
    for path, message in unusable:
        where = printable(_posix(path)) if os.path.isfile(path) else None  # no file to point at for "no report"
        out.append(github_command("error", printable(message, keep="\r\n"), file=where, title="exam-report"))
    return "\n".join(out)
