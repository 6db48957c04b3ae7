"""``exam-report check COURSE/* --summary``: one row per group for teaching assistants. A course
folder of 50 factory-made repositories (three template years, folders without a report, broken
structure, placeholders, a half-ticked checklist) must come out with the figures ``check_file``
gives for each report, the same in the table, CSV, Markdown and JSON formats."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from mkdocs_exam_report.cli import main
from mkdocs_exam_report.engine import check_file
from mkdocs_exam_report.outputs.rows import checked, natural_key, not_checked
from mkdocs_exam_report.outputs.summary import render_csv, render_markdown, render_table
from mkdocs_exam_report.outputs.json import report_dict
from tests.factory import ReportSpec, write_repo

EDITIONS = ("2023", "2025", "2026")
N = 50


def make_course(root: Path) -> dict[str, str]:
    """50 repositories named group1..group50; returns name -> what was done to it."""
    kinds = {}
    for i in range(N):
        name = f"group{i + 1}"
        kind = ("clean", "dropped-answer", "placeholders", "no-report", "demoted", "short-todo", "ticked", "no-figures", "clean", "clean")[i % 10]
        kinds[name] = kind
        if kind == "no-report":
            (root / name / "src").mkdir(parents=True)
            continue
        spec = ReportSpec(edition=EDITIONS[i % 3])
        if kind == "dropped-answer":
            spec.drop_answer_line(10)
        elif kind == "placeholders":
            spec.placeholder(12)
            spec.placeholder(6)
        elif kind == "demoted":
            spec.demote_heading(7)
        elif kind == "short-todo":
            spec.answers[5] = "short"
            spec.todo(6)
        elif kind == "ticked":
            spec.ticked = 30
        write_repo(root / name, spec, figures=kind != "no-figures")
    return kinds


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    kinds = make_course(root)
    return root, kinds


def course_paths(root: Path) -> list[str]:
    # what a shell makes of COURSE/*, in a deliberately unhelpful order
    return [str(p) for p in sorted(root.iterdir(), key=lambda p: p.name[::-1])]


def expected_rows(root: Path, edition: str = "auto") -> list[dict]:
    rows = []
    for name in sorted((p.name for p in root.iterdir()), key=natural_key):
        folder = root / name
        report = folder / "reports" / "README.md"
        if not report.exists():
            rows.append({"path": str(folder), "status": "no report"})
            continue
        r = check_file(folder, edition=edition)
        rows.append(
            {
                "path": str(report),
                "status": "ok" if r.ok else "errors",
                "edition": r.edition.name,
                "edition_source": r.edition_source,
                "passed": r.passed,
                "total": r.edition.total,
                "structure": "readable" if r.official.readable else "unreadable",
                "reason": r.reason or "",
                "errors": r.errors,
                "warnings": r.warnings,
                "template": "outdated" if r.count("edition") else "ok",
                "placeholders": r.count("placeholder"),
                "checklist": (r.checklist.done, r.checklist.total),
                "sections": {s.title: (s.done, s.total) for s in r.checklist.sections},
            }
        )
    return rows


def summary(argv, capsys) -> tuple[int, str]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out


def ratio(text: str) -> tuple[int, int]:
    done, total = text.split("/")
    return int(done), int(total)


# --- the course -------------------------------------------------------------------------------


def test_course_has_what_the_test_needs(course):
    root, kinds = course
    rows = expected_rows(root)
    assert len(rows) == N
    checked_rows = [r for r in rows if r["status"] != "no report"]
    assert {r["edition"] for r in checked_rows} == set(EDITIONS)
    assert any(r["structure"] == "unreadable" for r in checked_rows)
    assert any(r["placeholders"] for r in checked_rows)
    assert any(r["status"] == "ok" for r in checked_rows) and any(r["status"] == "errors" for r in checked_rows)
    assert len({r["checklist"] for r in checked_rows}) > 1


def test_csv_has_one_row_per_group_with_the_engines_figures(course, capsys):
    root, kinds = course
    code, out = summary([*course_paths(root), "--summary", "--format", "csv"], capsys)
    assert code == 1
    table = list(csv.DictReader(io.StringIO(out)))
    expected = expected_rows(root)
    assert [row["path"] for row in table] == [e["path"] for e in expected]
    for row, exp in zip(table, expected):
        assert row["status"] == exp["status"]
        if exp["status"] == "no report":
            assert row["edition"] == row["passed"] == row["errors"] == ""
            assert row["reason"].startswith("no report (expected ")
            continue
        assert row["edition"] == exp["edition"] and row["edition_source"] == exp["edition_source"]
        assert (int(row["passed"]), int(row["total"])) == (exp["passed"], exp["total"])
        assert row["structure"] == exp["structure"] and row["reason"] == exp["reason"]
        assert (int(row["errors"]), int(row["warnings"])) == (exp["errors"], exp["warnings"])
        assert row["template"] == exp["template"]
        assert int(row["placeholders"]) == exp["placeholders"]
        assert (int(row["checklist_done"]), int(row["checklist_total"])) == exp["checklist"]
        for title, (done, total) in exp["sections"].items():
            assert (int(row[f"{title} done"]), int(row[f"{title} total"])) == (done, total)
    # the unreadable ones say why
    unreadable = [r for r in table if r["structure"] == "unreadable"]
    assert unreadable and all("Question" in r["reason"] or "question" in r["reason"] for r in unreadable)


def unspan(cell: str) -> str:
    """The text of a cell that may be a code span (report text and paths are)."""
    fence = re.match(r"`+", cell)
    if not fence or not cell.endswith(fence.group()):
        return cell
    inner = cell[len(fence.group()) : -len(fence.group())]
    return inner[1:-1] if inner.startswith(" ") and inner.endswith(" ") and inner.strip() else inner


def parse_markdown(text: str) -> list[dict]:
    lines = text.splitlines()
    split = lambda line: [unspan(c.strip()).replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
    header = split(lines[0])
    assert re.fullmatch(r"\|( :?-+:? \|)+", lines[1])
    return [dict(zip(header, split(line))) for line in lines[2:]]


def test_markdown_gives_back_the_same_numbers(course, capsys):
    root, kinds = course
    code, out = summary([*course_paths(root), "--format", "markdown"], capsys)  # markdown implies --summary
    assert code == 1
    table = parse_markdown(out)
    expected = expected_rows(root)
    assert len(table) == N
    for row, exp in zip(table, expected):
        assert row["path"] == exp["path"] and row["status"] == exp["status"]
        if exp["status"] == "no report":
            assert row["passed"] == row["checklist"] == ""
            continue
        assert ratio(row["passed"]) == (exp["passed"], exp["total"])
        assert (int(row["errors"]), int(row["warnings"]), int(row["placeholders"])) == (
            exp["errors"],
            exp["warnings"],
            exp["placeholders"],
        )
        assert ratio(row["checklist"]) == exp["checklist"]
        assert {t: ratio(row[t]) for t in exp["sections"]} == exp["sections"]
        assert row["structure"] == exp["structure"] and row["reason"] == exp["reason"]


def parse_table(text: str) -> tuple[list[dict], str]:
    """Columns from the dashes under the header; the last column (reason) runs to the end."""
    lines = text.splitlines()
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    spans[-1] = (spans[-1][0], None)
    cell = lambda line, span: line[span[0] : span[1]].strip()
    header = [cell(lines[0], s) for s in spans]
    body = lines[2 : lines.index("")]
    return [dict(zip(header, (cell(line, s) for s in spans))) for line in body], lines[-1]


def test_table_for_the_terminal_is_aligned_and_complete(course, capsys):
    root, kinds = course
    code, out = summary([*course_paths(root), "--summary"], capsys)  # text + --summary = table
    assert code == 1
    table, footer = parse_table(out)
    expected = expected_rows(root)
    assert [row["path"] for row in table] == [e["path"] for e in expected]
    for row, exp in zip(table, expected):
        if exp["status"] == "no report":
            assert row["status"] == "no report" and row["reason"].startswith("no report")
            continue
        assert ratio(row["passed"]) == (exp["passed"], exp["total"])
        assert int(row["errors"]) == exp["errors"] and ratio(row["checklist"]) == exp["checklist"]
    # numbers are right-aligned: every "passed" cell ends in the same column
    header = out.splitlines()[0]
    end = header.index("passed") + len("passed")
    for line in out.splitlines()[2 : 2 + N]:
        if "no report" not in line:
            assert line[end - 1].isdigit() and line[end] == " "
    ok = sum(e["status"] == "ok" for e in expected)
    bad = sum(e["status"] == "errors" for e in expected)
    missing = sum(e["status"] == "no report" for e in expected)
    assert footer.startswith(f"{N} paths: {ok} without errors, {bad} with errors")
    assert footer.endswith(f"{missing} without a report")
    assert summary([*course_paths(root), "--format", "table"], capsys)[1] == out


def test_json_summary_is_the_per_report_json(course, capsys):
    root, kinds = course
    code, out = summary([*course_paths(root), "--summary", "--format", "json"], capsys)
    assert code == 1
    document = json.loads(out)
    expected = expected_rows(root)
    reports = [e for e in expected if e["status"] != "no report"]
    assert document["version"] == 1
    assert document["reports"] == [report_dict(check_file(Path(e["path"]).parents[1])) for e in reports]
    missing = [e["path"] for e in expected if e["status"] == "no report"]
    assert [u["path"] for u in document["unusable"]] == missing
    assert all("no report" in u["message"] for u in document["unusable"])
    # the same document without --summary; one report per line for a course
    assert summary([*course_paths(root), "--format", "json"], capsys)[1] == out
    lines = out.splitlines()
    one_per_line = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith('    {"path": ')]
    assert one_per_line == document["reports"] + document["unusable"]


def test_forced_edition_flags_groups_on_an_outdated_template(course, capsys):
    root, kinds = course
    code, out = summary([*course_paths(root), "--summary", "--format", "csv", "--edition", "2026"], capsys)
    table = {row["path"]: row for row in csv.DictReader(io.StringIO(out))}
    expected = expected_rows(root, edition="2026")
    outdated = 0
    for exp in expected:
        row = table[exp["path"]]
        if exp["status"] == "no report":
            continue
        assert row["edition"] == "2026" and row["edition_source"] == "option"
        assert row["template"] == exp["template"]
        outdated += exp["template"] == "outdated"
    # the 2025 reports differ from 2026 in their prompts' recommended lengths (question 3)
    assert outdated > 0
    code, text = summary([*course_paths(root), "--summary", "--edition", "2026"], capsys)
    assert "2026 (forced)" in text and f"{outdated} on another year's template" in text


def test_every_format_lists_groups_in_the_same_order(course, capsys):
    root, kinds = course
    csv_paths = [row["path"] for row in csv.DictReader(io.StringIO(summary([*course_paths(root), "--format", "csv"], capsys)[1]))]
    text_out = summary([*course_paths(root)], capsys)[1]
    summary_line = re.compile(r"(\S+README\.md): (\d+/\d+ questions|the official checker cannot read)")
    text_paths = [m.group(1) for m in map(summary_line.match, text_out.splitlines()) if m]
    assert text_paths == [p for p in csv_paths if p.endswith("README.md")]
    names = [Path(p).parts[len(root.parts)] for p in csv_paths]
    assert names == [f"group{i}" for i in range(1, N + 1)]


# --- small cases ------------------------------------------------------------------------------


def test_renderers_on_no_rows():
    assert render_csv([]).splitlines()[0].startswith("path,status,edition,")
    assert render_markdown([]).count("\n") == 1
    assert render_table([]).splitlines()[-1] == "0 paths: 0 without errors, 0 with errors"


def test_markdown_escapes_pipes_and_newlines(tmp_path):
    result = check_file(write_repo(tmp_path, ReportSpec(edition="2026"), figures=True))
    rows = [checked(result), not_checked("a|b", "unusable", "a|b: weird\nname")]
    table = parse_markdown(render_markdown(rows))
    # a line break in report text or a path is shown as \n (escape.printable): one row stays one line
    assert table[1]["path"] == "a|b" and table[1]["reason"] == "weird\\nname"


def test_natural_order():
    names = ["g10", "g2", "G1", "g1", "g1b", "g01"]
    assert sorted(names, key=natural_key) == ["G1", "g01", "g1", "g1b", "g2", "g10"]
