"""The course page in a real browser (Debian's Chromium driven by Playwright), opened from a
file as a teaching assistant would: no console error, no request but the page itself, sorting
and the "at risk" filter by clicks, cell links, hostile report text inert. Screenshots of a
200-group course at laptop and phone widths go to artifacts/screenshots/."""

from __future__ import annotations

import pytest

from mkdocs_exam_report.cli import main
from tests.test_browser import ARGS, ARTIFACTS, CHROMIUM, playwright_api, pytestmark  # noqa: F401
from tests.test_course_page import course, course_paths, expected, hostile_course  # noqa: F401


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def course_page(course, tmp_path_factory):
    root, _ = course
    target = tmp_path_factory.mktemp("page") / "course.html"
    assert main(["check", *course_paths(root), "--format", "html", "-o", str(target), "--quiet"]) == 1
    return target


def open_file(browser, path, width: int, height: int = 900):
    """The page from its file; every request and console error is recorded."""
    page = browser.new_page(viewport={"width": width, "height": height})
    seen = {"requests": [], "errors": [], "dialogs": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("console", lambda message: message.type == "error" and seen["errors"].append(message.text))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    return page, seen


def names(page) -> list[str]:
    return page.eval_on_selector_all("#grid tbody tr", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.cells[0].textContent)")


def test_opens_offline_and_sorts_and_filters(course, course_page, browser):
    root, _ = course
    exp = expected(root)
    page, seen = open_file(browser, course_page, 1366, 768)
    try:
        assert names(page)[:3] == ["group1", "group2", "group3"]
        # errors: the most first, then the fewest; rows without a report stay last
        page.click("#grid thead th:has-text('err')")
        errors = {name: r.errors for name, r in exp if not isinstance(r, str)}
        shown = names(page)
        assert [errors[n] for n in shown[: len(errors)]] == sorted(errors.values(), reverse=True)
        assert set(shown[len(errors):]) == {name for name, r in exp if isinstance(r, str)}
        assert page.get_attribute("#grid thead th:has-text('err')", "aria-sort") == "descending"
        page.click("#grid thead th:has-text('err')")
        assert [errors[n] for n in names(page)[: len(errors)]] == sorted(errors.values())
        # a question column: the worst state first (unreadable, then failing)
        page.click("#grid thead th.q >> text='5'")
        first = names(page)[0]
        assert dict(exp)[first].question_states()[4] == "unreadable"
        # back to the names, in natural order, from the keyboard
        page.focus("#grid thead th.group")
        page.keyboard.press("Enter")
        assert names(page) == [name for name, _ in exp]

        page.check("#risk")
        at_risk = [name for name, r in exp if isinstance(r, str) or r.at_risk]
        assert names(page) == at_risk and page.text_content("#shown") == str(len(at_risk))
        page.uncheck("#risk")
        assert len(names(page)) == len(exp)

        # a cell's link: the group's report at the question's line
        cell = page.locator("#grid tbody tr:nth-child(1) td a[data-l]").nth(4)
        cell.hover()
        line = cell.get_attribute("data-l")
        assert cell.get_attribute("href") == (root / "group1" / "reports" / "README.md").as_uri() + f"#L{line}"
        assert " words" in page.locator("#grid tbody tr:nth-child(1) td.p").nth(4).get_attribute("title")
        assert "allowed" in page.locator("#grid thead th.q").nth(4).get_attribute("title")  # said once a question

        assert seen["requests"] == [course_page.as_uri()]
        assert seen["errors"] == [] and seen["dialogs"] == []
    finally:
        page.close()


@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)])
def test_screenshots_of_a_200_group_course(course_page, browser, width, height):
    page, seen = open_file(browser, course_page, width, height)
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"course-{width}.png"))
        # the headers stay in view while the grid scrolls, and so does the group column
        page.eval_on_selector(".grid", "grid => { grid.scrollTop = 2000; grid.scrollLeft = 300; }")
        page.wait_for_timeout(100)
        page.screenshot(path=str(ARTIFACTS / f"course-{width}-scrolled.png"))
        grid = page.locator(".grid").bounding_box()
        head = page.locator("#grid thead th.q").first.bounding_box()
        group = page.locator("#grid tbody tr:nth-child(100) th").bounding_box()
        foot = page.locator("#grid tfoot td").first.bounding_box()
        assert abs(head["y"] - grid["y"]) < 3
        assert abs(group["x"] - grid["x"]) < 3
        assert foot["y"] + foot["height"] <= grid["y"] + grid["height"] + 1
        assert grid["width"] <= width
        if width >= 1366:
            # all 31 questions fit beside the group's figures without scrolling sideways
            assert page.eval_on_selector(".grid", "g => g.scrollWidth <= g.clientWidth")
        page.emulate_media(media="print")
        page.screenshot(path=str(ARTIFACTS / f"course-{width}-print.png"))
        assert page.eval_on_selector("header .controls label", "e => getComputedStyle(e).display") == "none"
        assert seen["errors"] == []
    finally:
        page.close()


def test_hostile_text_is_inert_in_the_browser(tmp_path, browser):
    root = hostile_course(tmp_path / "course")
    target = tmp_path / "hostile.html"
    main(["check", *map(str, root.iterdir()), "--format", "html", "-o", str(target)])
    page, seen = open_file(browser, target, 1366)
    try:
        page.hover("#grid tbody tr:nth-child(1) th")
        for i in range(1, 5):
            page.hover(f"#grid tbody tr:nth-child(1) td:nth-child({5 + i})")
        page.check("#risk")
        page.click("#grid thead th.week")
        assert page.evaluate("window.pwned") is None
        assert seen["dialogs"] == [] and seen["errors"] == []
        assert seen["requests"] == [target.as_uri()]
        assert page.locator("img, svg, iframe").count() == 0
    finally:
        page.close()
