"""The output formats' registry (``outputs.FORMATS``) and the summary's one column list
(``outputs.columns.COLUMNS``): a column added to the list shows in every summary format, and the
command line offers exactly the registry's formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

from mkdocs_exam_report.cli import main
from mkdocs_exam_report.engine import check_file
from mkdocs_exam_report.outputs import FORMATS, columns, render
from mkdocs_exam_report.outputs.columns import SECTIONS, Column, PageColumn, of_report
from mkdocs_exam_report.outputs.rows import checked, not_checked
from tests.factory import ReportSpec, write_repo
from tests.test_course_page import Page
from tests.test_summary import parse_markdown, parse_table


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    root = tmp_path_factory.mktemp("outputs")
    first = check_file(write_repo(root / "g1", ReportSpec(edition="2026"), figures=True))
    spec = ReportSpec(edition="2025")
    spec.placeholder(4)
    second = check_file(write_repo(root / "g2", spec, figures=True))
    return [checked(first), checked(second), not_checked(str(root / "g3"), "no report", f"{root / 'g3'}: no report here")]


def test_the_command_line_offers_the_registrys_formats(capsys):
    assert list(FORMATS) == ["text", "json", "github", "sarif", "table", "csv", "markdown", "html"]
    with pytest.raises(SystemExit) as exit_:
        main(["check", "x", "--format", "yaml"])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("exam-report: argument --format: invalid choice: 'yaml'")
    assert all(repr(name) in error for name in FORMATS)


def test_summary_only_formats_imply_summary():
    assert [name for name, fmt in FORMATS.items() if fmt.implies_summary()] == ["table", "csv", "markdown", "html"]
    # --summary changes nothing for json and sarif; text becomes the table
    assert FORMATS["json"].summary is None and FORMATS["sarif"].summary is None
    assert FORMATS["text"].summary is FORMATS["table"].summary


def _stars(value: int, row) -> str:
    return f'<td class="num" data-v="{value}">{value}</td>'


# a column made up for the test: one entry right after the checklist sections
STARS = Column(
    name="stars",
    value=of_report(lambda r: 2 if r.edition.name == "2026" else 0),
    header="stars",
    csv=("stars",),
    align="right",
    total=("with a star", lambda value: bool(value)),
    json=True,
    page=PageColumn(header="star", title="stars of the repository", cell=_stars),
)


def test_one_column_added_to_the_list_shows_in_every_summary_format(rows, monkeypatch):
    listed = list(columns.COLUMNS)
    listed.insert(listed.index(SECTIONS) + 1, STARS)
    monkeypatch.setattr(columns, "COLUMNS", tuple(listed))

    table, totals = parse_table(render(rows, "table", True))
    assert [row["stars"] for row in table] == ["2", "0", ""]
    assert totals == "3 paths: 1 without errors, 1 with errors, 1 with a star, 1 without a report"

    markdown = parse_markdown(render(rows, "markdown", True))
    assert [row["stars"] for row in markdown] == ["2", "0", ""]
    assert list(markdown[0]).index("stars") == list(markdown[0]).index("Extra") + 1

    spreadsheet = list(csv.DictReader(io.StringIO(render(rows, "csv", True))))
    assert [row["stars"] for row in spreadsheet] == ["2", "0", ""]

    reports = json.loads(render(rows, "json", False))["reports"]
    assert [report["summary"]["stars"] for report in reports] == [2, 0]

    page = Page(render(rows, "html", True))
    headers = [cell["text"] for cell in page.head]
    assert headers.index("star") == headers.index("Extra") + 1  # after the checklist bars
    at = headers.index("star")
    assert [row["cells"][at]["text"] for row in page.rows[:2]] == ["2", "0"]
    assert page.rows[2]["cells"][at]["text"] == ""  # no report: an empty cell in the column
    assert page.totals["stars"] == "1 with a star"


def test_without_the_column_nothing_of_it_shows(rows):
    assert "stars" not in render(rows, "table", True) + render(rows, "csv", True)
    assert "stars" not in json.loads(render(rows, "json", False))["reports"][0]["summary"]


def test_a_section_titled_like_a_column_keeps_the_columns_apart(tmp_path):
    """A checklist section "reason" is a section column; the reason column stays plain text,
    aligned left, as every other row's reason."""
    readme = write_repo(tmp_path, ReportSpec(edition="2026"), figures=True)
    text = readme.read_text(encoding="utf-8")
    assert "### Week 1\n" in text
    readme.write_text(text.replace("### Week 1\n", "### reason\n", 1), encoding="utf-8")
    text = render([checked(check_file(readme))], "markdown", True)
    header, align = text.splitlines()[:2]
    assert "| checklist | `reason` | `Week 2` |" in header and header.endswith(
        "| `Extra` | unproven | dockerfiles | workflows | dvc | cloudbuild | tests | reason |")
    assert align.endswith("| ---: | :--- |")
