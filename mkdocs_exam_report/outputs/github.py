"""The ``github`` format: GitHub Actions workflow commands, one annotation per finding on its
file and line, then each report's summary line as plain log text."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..escape import printable
from .text import summary_line
from .rows import Row, split

if TYPE_CHECKING:
    from ..engine import CheckResult
    from ..findings import Finding


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


def github_annotation(path: str, finding: Finding) -> str:
    """One finding as an annotation on its file and line. Report text is printable first (no
    control character reaches the log; line breaks are GitHub's to encode), then encoded as
    GitHub asks."""
    title = f"exam-report {finding.rule}" + (f" (question {finding.question})" if finding.question else "")
    message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
    message = printable(message, keep="\r\n")
    level = _GITHUB_LEVEL.get(finding.severity, "notice")
    return github_command(level, message, file=printable(_posix(path)), line=finding.line, title=title)


def github_log_line(result: CheckResult) -> str:
    """The summary line as plain log text: printable, with the path encoded as a property (so a
    path cannot make the line read as a command: ``::`` or the runner's older ``##[``)."""
    line = summary_line(result)
    path = printable(result.path)
    return escape_property(path).replace("##[", "#%23[") + escape_data(line[len(path) :])


def render_github(results: Iterable[CheckResult], unusable: Iterable[tuple[str, str]] = ()) -> str:
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


def render_rows(rows: list[Row]) -> str:
    return render_github(*split(rows))
