"""One row per report for teachers checking a whole course: ``exam-report check --summary``.

A row is a checked report (a ``CheckResult``) or a path that could not be checked: a folder
without ``reports/README.md`` ("no report") or a file the engine refused ("unusable": empty,
binary, not UTF-8, far too large). The same rows render as an aligned table for a terminal, CSV
for a spreadsheet and a Markdown table (for a GitHub job summary or an issue).
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterable

from .escape import csv_cell, markdown_code, printable
from .limits import MAX_SECTION_COLUMNS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms of every check's start-up)
if TYPE_CHECKING:
    from .engine import CheckResult

NO_REPORT, UNUSABLE = "no report", "unusable"


class Row(namedtuple("Row", "path result status message", defaults=(None,))):
    """``path``: the report checked (or the path given when none could be); ``result``: the
    CheckResult, None unless checked; ``status``: "ok", "errors", "no report" or "unusable";
    ``message``: why a path could not be checked (None when checked)."""

    __slots__ = ()


def checked(result: "CheckResult") -> Row:
    return Row(result.path, result, "ok" if result.ok else "errors")


def not_checked(path: str, status: str, message: str) -> Row:
    return Row(path, None, status, message)


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


def section_titles(rows: Iterable[Row]) -> list[str]:
    """Checklist section titles ("Week 1", ..., "Extra") in order of first appearance, at most
    ``limits.MAX_SECTION_COLUMNS`` of them (the template has four; a report with thousands of
    checklist headings must not make a table of thousands of columns). The checklist column
    counts every section."""
    titles: dict[str, None] = {}
    for row in rows:
        if row.result is not None:
            for section in row.result.checklist.sections:
                if section.title not in titles:
                    if len(titles) == MAX_SECTION_COLUMNS:
                        return list(titles)
                    titles[section.title] = None
    return list(titles)


def _sections(result: "CheckResult") -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for section in result.checklist.sections:
        done, total = out.get(section.title, (0, 0))
        out[section.title] = (done + section.done, total + section.total)
    return out


def record(row: Row, titles: list[str]) -> dict:
    """The figures of one row; numbers are None where a path could not be checked."""
    r = row.result
    rec = {
        "path": row.path,
        "status": row.status,
        "edition": None,
        "edition_source": None,
        "passed": None,
        "total": None,
        "structure": None,
        "errors": None,
        "warnings": None,
        "template": None,
        "placeholders": None,
        "checklist_done": None,
        "checklist_total": None,
        "sections": {title: (None, None) for title in titles},
        "reason": row.message,
    }
    if r is None:
        message = row.message or ""
        prefix = f"{row.path}: "
        rec["reason"] = message[len(prefix):] if message.startswith(prefix) else message
        return rec
    sections = _sections(r)
    rec.update(
        edition=r.edition.name,
        edition_source=r.edition_source,
        passed=r.passed,
        total=r.edition.total,
        structure="readable" if r.official.readable else "unreadable",
        errors=r.errors,
        warnings=r.warnings,
        template="outdated" if r.count("edition") else "ok",
        placeholders=r.count("placeholder"),
        checklist_done=r.checklist.done,
        checklist_total=r.checklist.total,
        sections={title: sections.get(title, (0, 0)) for title in titles},
        reason=r.reason,
    )
    return rec


def _ratio(done: int | None, total: int | None) -> str:
    return "" if done is None else f"{done}/{total}"


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


def display_cells(rec: dict, titles: list[str]) -> list[str]:
    """The cells of the table and Markdown formats (ratios as ``done/total``)."""
    edition = rec["edition"] or ""
    if edition and rec["edition_source"] == "option":
        edition += " (forced)"
    return [
        rec["path"],
        rec["status"],
        edition,
        _ratio(rec["passed"], rec["total"]),
        rec["structure"] or "",
        _num(rec["errors"]),
        _num(rec["warnings"]),
        rec["template"] or "",
        _num(rec["placeholders"]),
        _ratio(rec["checklist_done"], rec["checklist_total"]),
        *(_ratio(*rec["sections"][title]) for title in titles),
        rec["reason"] or "",
    ]


def display_header(titles: list[str]) -> list[str]:
    return [
        "path",
        "status",
        "edition",
        "passed",
        "structure",
        "errors",
        "warnings",
        "template",
        "placeholders",
        "checklist",
        *titles,
        "reason",
    ]


# Columns aligned right in the table (numbers and ratios).
_RIGHT = {"passed", "errors", "warnings", "placeholders", "checklist"}


def totals_line(rows: list[Row]) -> str:
    count = {status: 0 for status in ("ok", "errors", NO_REPORT, UNUSABLE)}
    unreadable = 0
    outdated = 0
    for row in rows:
        count[row.status] += 1
        if row.result is not None:
            unreadable += not row.result.official.readable
            outdated += row.result.count("edition") > 0
    parts = [f"{count['ok']} without errors", f"{count['errors']} with errors"]
    if unreadable:
        parts.append(f"{unreadable} unreadable for the official checker")
    if outdated:
        parts.append(f"{outdated} on another year's template")
    if count[NO_REPORT]:
        parts.append(f"{count[NO_REPORT]} without a report")
    if count[UNUSABLE]:
        parts.append(f"{count[UNUSABLE]} unusable")
    n = len(rows)
    return f"{n} path{'s' if n != 1 else ''}: " + ", ".join(parts)


def render_table(rows: list[Row]) -> str:
    """Aligned columns for a terminal; the free-text reason comes last so it may run long."""
    titles = section_titles(rows)
    header = display_header(titles)
    body = [display_cells(record(row, titles), titles) for row in rows]
    header = [printable(cell) for cell in header]
    body = [[printable(cell) for cell in cells] for cells in body]
    widths = [max(len(header[i]), *(len(cells[i]) for cells in body)) if body else len(header[i]) for i in range(len(header))]
    sections = set(titles)
    right = [name in _RIGHT or name in sections for name in display_header(titles)]

    def line(cells: list[str]) -> str:
        out = []
        last = len(cells) - 1
        for i, cell in enumerate(cells):
            if i == last:
                out.append(cell)
            elif right[i]:
                out.append(cell.rjust(widths[i]))
            else:
                out.append(cell.ljust(widths[i]))
        return "  ".join(out).rstrip()

    lines = [line(header), line(["-" * w for w in widths[:-1]] + ["-" * len(header[-1])])]
    lines.extend(line(cells) for cells in body)
    lines.append("")
    lines.append(totals_line(rows))
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def render_markdown(rows: list[Row]) -> str:
    """A GitHub-flavoured Markdown table with the table format's columns. Text from reports and
    paths (path, section titles, reason) is in code spans: nothing in it renders as HTML, an
    image or a link in a GitHub job summary or issue."""
    titles = section_titles(rows)
    header = display_header(titles)
    sections = set(titles)
    align = ["---:" if (name in _RIGHT or name in sections) else ":---" for name in header]
    lines = [
        "| " + " | ".join(markdown_code(h) if h in sections else _md_cell(h) for h in header) + " |",
        "| " + " | ".join(align) + " |",
    ]
    last = len(header) - 1
    for row in rows:
        cells = display_cells(record(row, titles), titles)
        cells = [markdown_code(c) if i in (0, last) else _md_cell(c) for i, c in enumerate(cells)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def csv_header(titles: list[str]) -> list[str]:
    return [
        "path",
        "status",
        "edition",
        "edition_source",
        "passed",
        "total",
        "structure",
        "errors",
        "warnings",
        "template",
        "placeholders",
        "checklist_done",
        "checklist_total",
        *(f"{title} {part}" for title in titles for part in ("done", "total")),
        "reason",
    ]


def render_csv(rows: list[Row]) -> str:
    """One header line, one line per report; counts in their own numeric columns (no ``3/20``,
    which spreadsheets turn into dates); empty cells where a path could not be checked."""
    import csv
    import io

    titles = section_titles(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(cell) for cell in csv_header(titles)])
    for row in rows:
        rec = record(row, titles)
        cells = [
            rec["path"],
            rec["status"],
            rec["edition"] or "",
            rec["edition_source"] or "",
            _num(rec["passed"]),
            _num(rec["total"]),
            rec["structure"] or "",
            _num(rec["errors"]),
            _num(rec["warnings"]),
            rec["template"] or "",
            _num(rec["placeholders"]),
            _num(rec["checklist_done"]),
            _num(rec["checklist_total"]),
            *(_num(v) for title in titles for v in rec["sections"][title]),
            rec["reason"] or "",
        ]
        writer.writerow([csv_cell(cell) for cell in cells])  # OWASP: no cell starts a formula
    return buffer.getvalue().rstrip("\n")
