"""One row per report for teachers checking a whole course: ``exam-report check --summary``.

The same rows (rows.py) and columns (columns.py) render as an aligned table for a terminal
(``table``, and ``text`` with ``--summary``), a Markdown table (for a GitHub job summary or an
issue) and CSV for a spreadsheet.
"""

from __future__ import annotations

import csv
import io

from ..escape import csv_cell, markdown_code, printable
from ..text import quantity
from .columns import Column, columns_for
from .rows import NO_REPORT, UNUSABLE, Row


def _shown_columns(rows: list[Row]) -> list[Column]:
    return [column for column in columns_for(rows) if column.header is not None]


def totals_line(rows: list[Row], columns: list[Column]) -> str:
    """``4 paths: 1 without errors, 2 with errors, ...``: the rows by status, with the counts of
    the columns that have a ``total`` (when not 0) between those checked and those not."""
    count = {status: 0 for status in ("ok", "errors", NO_REPORT, UNUSABLE)}
    for row in rows:
        count[row.status] += 1
    parts = [f"{count['ok']} without errors", f"{count['errors']} with errors"]
    for column in columns:
        if column.total is not None:
            label, counted = column.total
            n = sum(1 for row in rows if counted(column.value(row)))
            if n:
                parts.append(f"{n} {label}")
    if count[NO_REPORT]:
        parts.append(f"{count[NO_REPORT]} without a report")
    if count[UNUSABLE]:
        parts.append(f"{count[UNUSABLE]} unusable")
    n = len(rows)
    return f"{quantity(n, 'path')}: " + ", ".join(parts)


def render_table(rows: list[Row]) -> str:
    """Aligned columns for a terminal; the free-text reason comes last so it may run long."""
    columns = _shown_columns(rows)
    header = [printable(column.header) for column in columns]
    body = [[printable(column.text(column.value(row))) for column in columns] for row in rows]
    widths = [max(len(header[i]), *(len(cells[i]) for cells in body)) if body else len(header[i]) for i in range(len(header))]
    right = [column.align == "right" for column in columns]

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
    lines.append(totals_line(rows, columns))
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def render_markdown(rows: list[Row]) -> str:
    """A GitHub-flavoured Markdown table with the table format's columns. Text from reports and
    paths (path, section titles, reason) is in code spans: nothing in it renders as HTML, an
    image or a link in a GitHub job summary or issue."""
    columns = _shown_columns(rows)
    lines = [
        "| " + " | ".join(markdown_code(c.header) if c.header_code else _md_cell(c.header) for c in columns) + " |",
        "| " + " | ".join("---:" if c.align == "right" else ":---" for c in columns) + " |",
    ]
    for row in rows:
        cells = []
        for column in columns:
            text = column.text(column.value(row))
            cells.append(markdown_code(text) if column.cell_code else _md_cell(text))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render_csv(rows: list[Row]) -> str:
    """One header line, one line per report; counts in their own numeric columns (no ``3/20``,
    which spreadsheets turn into dates); empty cells where a path could not be checked."""
    columns = _shown_columns(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(header) for column in columns for header in column.csv])
    for row in rows:
        cells = [cell for column in columns for cell in column.csv_cells(column.value(row))]
        writer.writerow([csv_cell(cell) for cell in cells])  # OWASP: no cell starts a formula
    return buffer.getvalue().rstrip("\n")
