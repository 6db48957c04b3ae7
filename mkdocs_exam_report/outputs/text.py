"""The ``text`` format: one line per finding and a summary line per report, for people (and
MkDocs' log, which prints the same lines). Report text and paths are shown printable
(escape.printable): nothing reaches the terminal that moves the cursor or forges a line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..escape import printable
from ..text import quantity

if TYPE_CHECKING:
    from ..engine import CheckResult
    from ..findings import Finding
    from .rows import Row


def location(path: str, finding: Finding) -> str:
    where = f"{path}:{finding.line}:"
    if finding.question is not None:
        where += f" question {finding.question}:"
    return where


def finding_line(path: str, finding: Finding) -> str:
    """``path:line: question N: [rule] message``, one printable line (escape.printable) for a
    terminal or MkDocs' log."""
    severity = "" if finding.severity == "error" else f" ({finding.severity})"
    return printable(f"{location(path, finding)} [{finding.rule}]{severity} {finding.message}")


def summary_line(result: CheckResult) -> str:
    """``path: 17/31 questions pass ...``, one printable line."""
    total = result.edition.total
    counts = f"{quantity(result.errors, 'error')}, {quantity(result.warnings, 'warning')}"
    if result.official.readable:
        verdict = f"{result.official.passed}/{total} questions pass the official checks"
    else:
        verdict = (
            f"the official checker cannot read this report; by the same limits "
            f"{result.passed}/{total} questions pass"
        )
    if result.edition_source == "detected" and all(q.line is None for q in result.questions):
        template = "no template recognised"  # not one question heading to tell the edition by
    else:
        template = f"{result.edition.name} template, {result.edition_source}"
    return printable(f"{result.path}: {verdict}, {counts} ({template})")


def render_text(results: Iterable[CheckResult]) -> str:
    out = []
    for result in results:
        out.extend(finding_line(result.path, f) for f in result.findings)
        out.append(summary_line(result))
    return "\n".join(out)


def render_rows(rows: list[Row]) -> str:
    """The ``text`` format of a run (paths that could not be checked are said on standard error)."""
    # imported here: the plugin logs finding_line and summary_line, and loading rows.py (its Row
    # dataclass) for them was ~1.2 ms of the plugin's ~48 ms in a build
    from .rows import split

    return render_text(split(rows)[0])
