"""The rows of a run: one per path given to ``exam-report check``, in a fixed order.

A row is a checked report (a ``CheckResult``) or a path that could not be checked: a folder
without ``reports/README.md`` ("no report") or a file the engine refused ("unusable": empty,
binary, not UTF-8, far too large). Every output format renders a list of rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import CheckResult

NO_REPORT, UNUSABLE = "no report", "unusable"


@dataclass(frozen=True, slots=True)
class Row:
    """``path``: the report checked (or the path given when none could be); ``result``: the
    CheckResult, None unless checked (the command line's has no parsed report:
    ``CheckResult.without_report``); ``status``: "ok", "errors", "no report" or "unusable";
    ``message``: why a path could not be checked, one line naming it (None when checked);
    ``sections``: checklist section title -> (items ticked, items), sections of the same title
    added up, in the report's order (empty when not checked)."""

    path: str
    result: CheckResult | None
    status: str
    message: str | None = None
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def reason(self) -> str | None:
        """Why the path could not be checked, without the path the message starts with; for a
        checked report, why the official checker cannot read it (None when it can)."""
        if self.result is not None:
            return self.result.reason
        message = self.message or ""
        prefix = f"{self.path}: "
        return message[len(prefix) :] if message.startswith(prefix) else message


def checked(result: CheckResult) -> Row:
    sections: dict[str, tuple[int, int]] = {}
    for section in result.checklist.sections:
        done, total = sections.get(section.title, (0, 0))
        sections[section.title] = (done + section.done, total + section.total)
    return Row(path=result.path, result=result, status="ok" if result.ok else "errors", sections=sections)


def not_checked(path: str, status: str, message: str) -> Row:
    return Row(path=path, result=None, status=status, message=message)


def split(rows: list[Row]) -> tuple[list[CheckResult], list[tuple[str, str]]]:
    """The checked results, and (path, message) of each path that could not be checked."""
    results = [row.result for row in rows if row.result is not None]
    unusable = [(row.path, row.message) for row in rows if row.result is None]
    return results, unusable


_DIGITS = re.compile(r"([0-9]+)")


def natural_key(path: str) -> tuple:
    """Sort ``group2`` before ``group10``; the plain string breaks ties so the order is total
    and the same whatever the shell's locale made of ``COURSE_DIR/*``. Numbers compare by their
    digits (fewer digits first, without leading zeros), never by int(): Python refuses to
    convert more than 4,300 digits, and a path may be any argument."""
    parts = _DIGITS.split(path.replace("\\", "/"))
    key = []
    for i, part in enumerate(parts):
        if i % 2:
            digits = part.lstrip("0")
            key.append((0, len(digits), digits))
        else:
            key.append((1, 0, part))
    return tuple(key), path
