"""Render check results for people (text), programs (json) and GitHub Actions (github)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable

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


def render_json(results: Iterable["CheckResult"], unusable: Iterable[tuple[str, str]] = ()) -> str:
    return json.dumps(json_document(results, unusable), indent=2, ensure_ascii=False)


# GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def render_github(results: Iterable["CheckResult"]) -> str:
    out = []
    for result in results:
        for f in result.findings:
            title = f"exam-report {f.rule}" + (f" (question {f.question})" if f.question else "")
            message = f.message + (f"\n{f.hint}" if f.hint else "")
            out.append(
                f"::{_GITHUB_LEVEL.get(f.severity, 'notice')} file={escape_property(result.path)},"
                f"line={f.line},title={escape_property(title)}::{escape_data(message)}"
            )
        out.append(summary_line(result))
    return "\n".join(out)
