"""The report page as the student sees it on GitHub (issue 17, section 1), in real builds: the
checklist's items as disabled check boxes whatever markdown_extensions the site has, each
question's status marked in the page's table of contents, and the summary linking the failing
questions to their headings."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from mkdocs_exam_report.badges import question_status, task_list
from mkdocs_exam_report.engine import check_text
from tests.factory import ReportSpec
from tests.test_plugin import build, make_project, page

OTHER_PAGE = "# Our project\n\nA list of our own, left alone:\n\n* [x] keep me as text\n* [ ] and me\n"
TICKED = 5


def spec() -> ReportSpec:
    s = ReportSpec(edition="2026").todo(6, "TODO")  # question 6: a warning
    s.answers[5] = "Too short."  # question 5: fails
    s.ticked = TICKED
    return s


def site(tmp_path: Path, *, theme="material", extensions=None, theme_options=None) -> Path:
    """A built site whose report has ``TICKED`` items ticked, the second one as ``[X]``; returns
    the config file."""
    config = make_project(tmp_path, spec())
    readme = tmp_path / "reports" / "README.md"
    text = readme.read_text(encoding="utf-8")
    first = text.index("[x]")
    second = text.index("[x]", first + 1)
    readme.write_text(text[:second] + "[X]" + text[second + 3:], encoding="utf-8")
    (config.parent / "source" / "index.md").write_text(OTHER_PAGE, encoding="utf-8")
    data = yaml.safe_load(config.read_text())
    data["theme"] = {"name": theme, **(theme_options or {})}
    if extensions is not None:
        data["markdown_extensions"] = extensions
    config.write_text(yaml.safe_dump(data))
    out = build(config, strict=False)
    assert out.returncode == 0, out.stderr
    return config


def checkboxes(html: str) -> list[str]:
    return re.findall(r"<input type=\"checkbox\"[^>]*>", html)


def checklist_total() -> int:
    from tests.factory import build_report

    return check_text(build_report(spec()), path="reports/README.md", edition="auto").checklist.total


CASES = {
    "material": ("material", None, '<label class="task-list-control"><input type="checkbox" disabled'),
    "material-tasklist": ("material", [{"pymdownx.tasklist": {"custom_checkbox": True}}],
                          '<label class="task-list-control"><input type="checkbox" disabled'),
    "material-plain-tasklist": ("material", ["pymdownx.tasklist"], '<li class="task-list-item"><input type="checkbox" disabled'),
    "mkdocs": ("mkdocs", None, '<li class="task-list-item exam-report-task"><input type="checkbox" disabled'),
}


@pytest.mark.parametrize("case", list(CASES))
def test_checklist_items_are_disabled_check_boxes_on_the_report_page_only(tmp_path, case):
    theme, extensions, markup = CASES[case]
    config = site(tmp_path, theme=theme, extensions=extensions)
    html = page(config)
    boxes = checkboxes(html)
    assert len(boxes) == checklist_total()  # one box per item, never two
    assert all("disabled" in box for box in boxes)
    assert sum("checked" in box for box in boxes) == TICKED  # the [X] item counts as ticked
    assert html.count(markup) == len(boxes)
    assert not re.search(r"<li>(\s*<p>)?\[[ xX]\]", html)  # no item left as text
    other = (config.parent / "site" / "index.html").read_text(encoding="utf-8")
    if extensions is None:
        assert "<li>[x] keep me as text</li>" in other and "<li>[ ] and me</li>" in other
        assert not checkboxes(other) and "task-list" not in other
    else:  # the site's own extension renders the other page as it always did
        assert "exam-report-task" not in other


def test_task_list_leaves_what_is_not_a_task_marker():
    html = "<ul>\n<li>[x]no space</li>\n<li>text [x] later</li>\n<li><code>[x]</code> code</li>\n<li>[y] odd</li>\n</ul>"
    assert task_list(html, material=False) == html
    assert task_list(html, material=True) == html
    loose = "<ul>\n<li>\n<p>[X] loose item</p>\n</li>\n</ul>"
    assert task_list(loose, material=False) == (
        '<ul>\n<li class="task-list-item exam-report-task">\n<p><input type="checkbox" disabled checked/> loose item</p>\n</li>\n</ul>'
    )


def toc_marks(html: str) -> dict[str, str]:
    """The heading id each marked TOC link points to -> the status its mark names."""
    marks = {}
    for m in re.finditer(r"<a href=\"#([^\"]+)\"[^>]*>((?:(?!</a>).)*)</a>", html, re.DOTALL):
        mark = re.search(r'class="exam-report-mark exam-report-(\w+)" role="img" aria-label="(\w+)"', m.group(2))
        if mark:
            assert mark.group(1) == mark.group(2)
            marks[m.group(1)] = mark.group(1)
    return marks


@pytest.mark.parametrize("theme,options", [("material", {}), ("mkdocs", {"navigation_depth": 3})])
def test_toc_marks_each_question_with_its_status(tmp_path, theme, options):
    config = site(tmp_path, theme=theme, theme_options=options)
    html = page(config)
    text = (tmp_path / "reports" / "README.md").read_text(encoding="utf-8")
    result = check_text(text, path="reports/README.md", edition="auto")
    expected = {f"question-{q.number}": question_status(q, result.findings_for(q.number)) for q in result.questions}
    marks = toc_marks(html)
    assert marks == expected
    assert marks["question-5"] == "fail" and marks["question-6"] == "finding" and marks["question-1"] == "pass"
    # the headings themselves and the other page carry no mark
    assert not re.search(r"<h\d[^>]*>[^<]*<span class=\"exam-report-mark", html)
    assert "exam-report-mark" not in (config.parent / "site" / "index.html").read_text(encoding="utf-8")


def test_summary_links_the_failing_questions_to_their_headings(tmp_path):
    config = site(tmp_path)
    html = page(config)
    summary = re.search(r'<div class="exam-report-summary.*?</div>', html, re.DOTALL).group(0)
    links = re.findall(r'<a href="#([^"]+)" data-exam-failing="(\d+)">Question (\d+)</a>', summary)
    assert [number for _, number, _ in links] == ["5"]
    for anchor, number, shown in links:
        assert number == shown
        heading = re.search(rf'<h(\d) id="{re.escape(anchor)}">(.*?)</h\1>', html, re.DOTALL)
        assert heading is not None, anchor
        assert unescape(re.sub(r"<[^>]+>", "", heading.group(2))).strip("¶ ") == f"Question {number}"


def test_summary_links_nothing_when_every_question_passes(tmp_path):
    config = make_project(tmp_path, ReportSpec(edition="2026"))
    assert build(config).returncode == 0
    html = page(config)
    assert "data-exam-failing" not in html and "exam-report-failing" not in html
    assert set(toc_marks(html).values()) == {"pass"}


def test_check_boxes_without_badges_and_no_marks(tmp_path):
    config = make_project(tmp_path, spec(), options={"badges": False})
    assert build(config).returncode == 0
    html = page(config)
    assert len(checkboxes(html)) == checklist_total()
    assert "exam-report-mark" not in html and "exam-report-failing" not in html
