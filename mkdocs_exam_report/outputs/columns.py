"""The summary's columns, declared once.

``COLUMNS`` is the one list of what a course summary says about each report. It drives the
``table`` and ``markdown`` formats (``header``, ``text``, ``align``), ``csv`` (``csv``: one or
two CSV columns per column), the per-report ``summary`` block of the ``json`` format (``json``),
the totals line (``total``) and the course page of the ``html`` format (``page``). A column's
value comes from a ``Row`` (rows.py): a checked report, or a path that could not be checked,
where every figure is None.

The checklist has one column per section title (``SECTIONS``: "Week 1", ..., "Extra"), made
for each run from the titles its reports use. After them come the checklist evidence
(issue 17): ``unproven``, the ticked items without evidence, and the course statistics
script's counts (``COUNT_HEADERS``); their cells are empty for a report without a repository
folder. To add a column, add a ``Column`` to ``COLUMNS``; every format picks it up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from ..escape import printable
from ..evidence import tags
from ..limits import MAX_SECTION_COLUMNS
from ..text import quantity
from .rows import Row

if TYPE_CHECKING:
    from ..engine import CheckResult
    from ..evidence import RepositoryEvidence


def e(value: object) -> str:
    """Text or attribute value for the course page: printable (escape.printable, as in every
    other format), then HTML-escaped, quotes included (attribute values are double-quoted)."""
    return escape(printable(str(value)), quote=True)


def shown(value: object) -> str:
    """A figure as a table or Markdown cell: ``done/total`` for a ratio, empty for None."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return f"{value[0]}/{value[1]}"
    return str(value)


@dataclass(frozen=True, slots=True)
class PageColumn:
    """A column of the course page, between the group and the questions: its header, the
    header's hover text, its cell for a checked report (``cell(value, row)``: a whole ``<td>``;
    a path that could not be checked gets an empty one) and extra attributes of the header
    cell."""

    header: str
    title: str
    cell: Callable[[object, Row], str]
    attributes: str = ""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the summary.

    ``name``: its key (the key in JSON's ``summary`` block); ``value(row)``: its figure for a
    row, a string, a number, a ``(done, total)`` ratio or None (not checked); ``header``: its
    table and Markdown header (None: not in the table, Markdown or CSV); ``csv``: its CSV headers,
    one per part of the value (two for a ratio); ``text(value)``: its table and Markdown cell;
    ``align``: "left" or "right" in the table and Markdown; ``header_code`` / ``cell_code``:
    header or cells are report text or paths, shown as code spans in Markdown; ``total``: (label,
    counted) for the totals line: how many rows have ``counted(value)``, said when not 0;
    ``json``: whether the value is in JSON's per-report ``summary`` block (``json_value`` of it);
    ``page``: how the course page shows it (None: not shown there)."""

    name: str
    value: Callable[[Row], object]
    header: str | None = None
    csv: tuple[str, ...] = ()
    text: Callable[[object], str] = shown
    align: str = "left"
    header_code: bool = False
    cell_code: bool = False
    total: tuple[str, Callable[[object], bool]] | None = None
    json: bool = False
    json_value: Callable[[object], object] = lambda value: value
    page: PageColumn | None = None

    def csv_cells(self, value: object) -> tuple[str, ...]:
        """The CSV cells of a value: one per CSV header, empty ones for None."""
        if value is None:
            return ("",) * len(self.csv)
        if isinstance(value, tuple):
            return tuple(str(part) for part in value)
        return (str(value),)


def of_report(figure: Callable[[CheckResult], object]) -> Callable[[Row], object]:
    """A value read from a checked report; None for a path that could not be checked."""
    return lambda row: None if row.result is None else figure(row.result)


def of_evidence(figure: Callable[[RepositoryEvidence], object]) -> Callable[[Row], object]:
    """A value read from a report's checklist evidence (evidence.py); None for a path that could
    not be checked or a report without a repository folder."""
    return of_report(lambda r: None if r.evidence is None else figure(r.evidence))


# The course statistics script's counts (evidence.COUNTED's names) shown as columns: name ->
# table and Markdown header. Files of each kind in the repository, as the script counts them.
COUNT_HEADERS = {
    "dockerfiles": "dockerfiles",
    "workflow_files": "workflows",
    "dvc_files": "dvc",
    "cloudbuild_files": "cloudbuild",
    "test_files": "tests",
}


def count_column(name: str, header: str) -> Column:
    """The column of one of the course statistics' counts (``evidence.COUNTED[name]``): files of
    that kind in the repository; the CSV header is ``name``, as in the JSON's ``counts``."""
    return Column(
        name=name,
        value=of_evidence(lambda ev: ev.counts[name]),
        header=header,
        csv=(name,),
        align="right",
        json=True,
    )


# --- the course page's cells ----------------------------------------------------------------------


def _edition_cell(value: tuple[str, str], row: Row) -> str:
    name, source = value
    forced = " (forced by --edition)" if source == "option" else " (detected)"
    return f'<td data-v="{e(name)}" title="{e(name + forced)} template">{e(name)}</td>'


def _passed_cell(value: tuple[int, int], row: Row) -> str:
    passed, total = value
    if row.result.official.readable:
        return (
            f'<td class="num" data-v="{passed / total:.4f}" title="{passed} of {total} questions pass '
            f'the official checks">{passed}/{total}</td>'
        )
    # The course checker stops on such a report: it passes nothing, so it sorts below 0/31.
    return (
        f'<td class="num u" data-v="-1" title="the course checker cannot read this report ({e(row.reason or "")}); '
        f'by its limits {passed} of {total} questions would pass">?/{total}</td>'
    )


def _count_cell(value: int, row: Row) -> str:
    return f'<td class="num" data-v="{value}">{value}</td>'


def _errors_cell(value: int, row: Row) -> str:
    return f'<td class="num{" bad" if value else ""}" data-v="{value}">{value}</td>'


def _unproven_cell(value: int | None, row: Row) -> str:
    if value is None:  # no repository folder: nothing was judged
        return '<td class="num" data-v="" title="no repository folder: nothing judged"></td>'
    # Each item by its module tag, its entry of the evidence table (docs/rules.md) and its line,
    # not its text: the texts took 1 MB of the page of 1,000 reports, which must stay under 5 MB.
    missing = row.result.evidence.missing
    listed = ", ".join(f"{_item_name(item)} (line {item.line})" for item in missing[:10])
    more = f", and {len(missing) - 10} more" if len(missing) > 10 else ""
    title = f"{quantity(value, 'ticked item')} without evidence" + (f": {listed}{more}" if listed else "")
    return f'<td class="num" data-v="{value}" title="{e(title)}">{value}</td>'


def _item_name(item) -> str:
    """'M2 dependencies': an item's module tags (in order) before its evidence entry's name."""
    modules = sorted(tags(item.item), key=lambda tag: int(tag[1:]))
    return " ".join([*modules, item.entry])


def _edition_text(value: tuple[str, str] | None) -> str:
    if value is None:
        return ""
    name, source = value
    return name + " (forced)" if source == "option" else name


# --- the columns ----------------------------------------------------------------------------------

SECTIONS = "checklist sections"  # where the per-section columns go (section_columns)

COLUMNS: tuple[Column | str, ...] = (
    Column(name="path", value=lambda row: row.path, header="path", csv=("path",), cell_code=True),
    Column(name="status", value=lambda row: row.status, header="status", csv=("status",)),
    Column(
        name="edition",
        value=of_report(lambda r: (r.edition.name, r.edition_source)),
        header="edition",
        csv=("edition", "edition_source"),
        text=_edition_text,
        page=PageColumn(header="ed.", title="template edition", cell=_edition_cell, attributes=' data-type="text"'),
    ),
    Column(
        name="passed",
        value=of_report(lambda r: (r.passed, r.edition.total)),
        header="passed",
        csv=("passed", "total"),
        align="right",
        json=True,
        json_value=lambda value: value[0],
        page=PageColumn(header="passed", title="questions passing the official checks", cell=_passed_cell),
    ),
    Column(
        name="structure",
        value=of_report(lambda r: "readable" if r.official.readable else "unreadable"),
        header="structure",
        csv=("structure",),
        total=("unreadable for the official checker", lambda value: value == "unreadable"),
    ),
    Column(
        name="errors",
        value=of_report(lambda r: r.errors),
        header="errors",
        csv=("errors",),
        align="right",
        json=True,
        page=PageColumn(header="err", title="errors", cell=_errors_cell),
    ),
    Column(
        name="warnings",
        value=of_report(lambda r: r.warnings),
        header="warnings",
        csv=("warnings",),
        align="right",
        json=True,
        page=PageColumn(header="warn", title="warnings", cell=_count_cell),
    ),
    Column(name="at_risk", value=of_report(lambda r: r.at_risk), json=True),
    Column(
        name="template",
        value=of_report(lambda r: "outdated" if r.count("edition") else "ok"),
        header="template",
        csv=("template",),
        total=("on another year's template", lambda value: value == "outdated"),
    ),
    Column(
        name="placeholders",
        value=of_report(lambda r: r.count("placeholder")),
        header="placeholders",
        csv=("placeholders",),
        align="right",
    ),
    Column(
        name="checklist",
        value=of_report(lambda r: (r.checklist.done, r.checklist.total)),
        header="checklist",
        csv=("checklist_done", "checklist_total"),
        align="right",
    ),
    SECTIONS,
    # The checklist evidence (issue 17): empty cells where the report has no repository folder.
    Column(
        name="unproven",
        value=of_evidence(lambda ev: len(ev.missing)),
        header="unproven",
        csv=("unproven",),
        align="right",
        total=("with ticked items without evidence", lambda value: bool(value)),
        json=True,
        page=PageColumn(header="unpr.", title="ticked checklist items without evidence in the repository",
                        cell=_unproven_cell),
    ),
    *(count_column(name, header) for name, header in COUNT_HEADERS.items()),
    Column(name="reason", value=lambda row: row.reason, header="reason", csv=("reason",), cell_code=True),
)


def section_titles(rows: Iterable[Row]) -> list[str]:
    """Checklist section titles ("Week 1", ..., "Extra") in order of first appearance, at most
    ``limits.MAX_SECTION_COLUMNS`` of them (the template has four; a report with thousands of
    checklist headings must not make a table of thousands of columns). The checklist column
    counts every section."""
    titles: dict[str, None] = {}
    for row in rows:
        for title in row.sections:
            if title not in titles:
                if len(titles) == MAX_SECTION_COLUMNS:
                    return list(titles)
                titles[title] = None
    return list(titles)


def _bar_cell(title: str) -> Callable[[object, Row], str]:
    def cell(value: tuple[int, int], row: Row) -> str:
        if title not in row.sections:
            return '<td class="bar" data-v=""></td>'
        done, total = value
        share = done / total if total else 0
        return (
            f'<td class="bar" data-v="{share:.3f}" title="{e(title)}: {done}/{total} ticked">'
            f'<span class="track"><span style="width:{share * 100:.0f}%"></span></span></td>'
        )

    return cell


def section_column(title: str) -> Column:
    """The column of one checklist section: ticked/items, 0/0 where a report lacks the
    section (a bar on the course page, empty there)."""
    return Column(
        name=title,
        value=lambda row: None if row.result is None else row.sections.get(title, (0, 0)),
        header=title,
        csv=(f"{title} done", f"{title} total"),
        align="right",
        header_code=True,
        page=PageColumn(
            header=title,
            title=f"checklist: {title}",
            cell=_bar_cell(title),
            attributes=' class="week"',
        ),
    )


def columns_for(rows: list[Row]) -> list[Column]:
    """The columns of a summary of ``rows``: COLUMNS with one column per checklist section."""
    out: list[Column] = []
    for column in COLUMNS:
        if column is SECTIONS:
            out.extend(section_column(title) for title in section_titles(rows))
        else:
            out.append(column)
    return out


def json_summary(result: CheckResult) -> dict:
    """The ``summary`` block of a report in the JSON output: the columns marked ``json``."""
    row = Row(path=result.path, result=result, status="")
    return {c.name: c.json_value(c.value(row)) for c in COLUMNS if isinstance(c, Column) and c.json}
