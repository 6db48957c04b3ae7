"""Render check results for people (text), programs (json) and GitHub Actions (github).
SARIF is in sarif.py, the one-row-per-report summaries in summary.py."""

from __future__ import annotations

import os
from collections.abc import Iterable

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
    severity = "" if finding.severity == "error" else f" ({finding.severity})"
    return f"{location(path, finding)} [{finding.rule}]{severity} {finding.message}"


def summary_line(result: "CheckResult") -> str:
    total = result.edition.total
    counts = f"{result.errors} error{'s' if result.errors != 1 else ''}, {result.warnings} warning{'s' if result.warnings != 1 else ''}"
    if result.official.readable:
        verdict = f"{result.official.passed}/{total} questions pass the official checks"
    else:
        verdict = (
            f"the official checker cannot read this report; by the same limits "
            f"{result.passed}/{total} questions pass"
        )
    return f"{result.path}: {verdict}, {counts} ({result.edition.name} template, {result.edition_source})"


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
        return json.dumps(document, indent=2, ensure_ascii=False)
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
    return "".join(out)


def render_json(results: Iterable["CheckResult"], unusable: Iterable[tuple[str, str]] = ()) -> str:
    document = json_document(results, unusable)
    return dumps(document, depth=2, many=len(document["reports"]) + len(document.get("unusable", ())) > 1)


# GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
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
    title = f"exam-report {finding.rule}" + (f" (question {finding.question})" if finding.question else "")
    message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
    level = _GITHUB_LEVEL.get(finding.severity, "notice")
    return github_command(level, message, file=_posix(path), line=finding.line, title=title)


def render_github(results: Iterable["CheckResult"], unusable: Iterable[tuple[str, str]] = ()) -> str:
    """One annotation per finding, then each report's summary line (plain log text); a report
    file that cannot be read is an error annotation on that file."""
    out = []
    for result in results:
        out.extend(github_annotation(result.path, f) for f in result.findings if f.severity != "off")
        out.append(summary_line(result))
    for path, message in unusable:
        where = _posix(path) if os.path.isfile(path) else None  # no file to point at for "no report"
        out.append(github_command("error", message, file=where, title="exam-report"))
    return "\n".join(out)
