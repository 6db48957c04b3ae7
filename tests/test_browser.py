"""What users see, in a real browser: Debian's Chromium driven by Playwright.

The built report page in Material light, Material dark and the default theme, at desktop and
phone widths: badges, the checklist's check boxes and the table of contents' marks. Screenshots are kept in artifacts/screenshots/ as build artefacts of the run.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from tests.factory import ReportSpec
from tests.test_plugin import build, make_project

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM} (.ci/run installs it)")

THEMES = {
    "material-light": {"name": "material", "features": ["navigation.instant"],
                       "palette": [{"scheme": "default", "toggle": {"icon": "material/brightness-7", "name": "Dark"}},
                                   {"scheme": "slate", "toggle": {"icon": "material/brightness-4", "name": "Light"}}]},
    "material-dark": {"name": "material", "features": ["navigation.instant"], "palette": {"scheme": "slate"}},
    # highlight.js comes from a CDN, which this offline machine cannot reach
    # navigation_depth 3: the theme's table of contents then lists the questions (### headings)
    "mkdocs": {"name": "mkdocs", "highlightjs": False, "navigation_depth": 3},
    "mkdocs-dark": {"name": "mkdocs", "highlightjs": False, "color_mode": "dark", "navigation_depth": 3},
}


def spec() -> ReportSpec:
    s = ReportSpec(edition="2026", course_checklist=True).todo(6, "TODO")
    s.answers[5] = "Too short."
    s.ticked = 33
    return s


# Two of the ticked items have evidence in the project (the rest: none, or not checkable).
EVIDENCE = {"Dockerfile": "FROM python:3.12-slim\n", ".pre-commit-config.yaml": "repos: []\n"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """One built site per theme, served over HTTP on 127.0.0.1."""
    root = tmp_path_factory.mktemp("browser")
    servers, urls = [], {}
    for name, theme in THEMES.items():
        config = make_project(root / name, spec(), options={"annotate": "always"})
        for file, content in EVIDENCE.items():
            (root / name / file).write_text(content, encoding="utf-8")
        data = yaml.safe_load(config.read_text())
        data["theme"] = theme
        config.write_text(yaml.safe_dump(data))
        (config.parent / "source" / "index.md").write_text("# Our project\n\nRead [the exam report](report/index.md).\n")
        out = build(config)
        assert out.returncode == 0, out.stderr
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(config.parent / "site"))
        handler.log_message = lambda *a, **k: None
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls[name] = f"http://127.0.0.1:{server.server_address[1]}/"
    yield urls
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def open_page(browser, url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    origin = url.split("/", 3)[:3]
    own = "/".join(origin)

    def console(message):
        # Offline, the themes' external fonts and CDN scripts fail to load; that is not ours.
        source = (message.location or {}).get("url", "")
        if message.type == "error" and (source.startswith(own) or not source):
            errors.append(f"{message.text} ({source})")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route(lambda u: not u.startswith(own), lambda route: route.abort())
    page.goto(url, wait_until="networkidle")
    return page, errors


def boxes_overlap(a, b) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("theme", list(THEMES))
def test_badges_are_visible_and_clear_of_headings(sites, browser, theme, width):
    page, errors = open_page(browser, sites[theme] + "report/", width)
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"report-{theme}-{width}.png"))
        summary = page.locator("[data-exam-passed]")
        assert summary.count() == 1 and summary.is_visible()
        assert summary.get_attribute("data-exam-passed") == "30"
        bars = page.locator("[data-exam-section] .exam-report-progress")
        assert bars.count() == 4
        for i in range(4):
            bars.nth(i).scroll_into_view_if_needed()
            assert bars.nth(i).is_visible()
            assert bars.nth(i).bounding_box()["width"] > 10
        badges = page.locator("[data-exam-question]")
        assert badges.count() == 31
        for i in range(31):
            badge = badges.nth(i)
            badge.scroll_into_view_if_needed()
            assert badge.is_visible()
            number = badge.get_attribute("data-exam-question")
            heading = page.locator(f"h3:has-text('Question {number}')").first
            box, head = badge.bounding_box(), heading.bounding_box()
            assert box and head and not boxes_overlap(box, head), number
            assert box["x"] + box["width"] <= width + 1  # nothing runs off a phone screen
        assert page.locator('[data-exam-question="5"]').get_attribute("data-exam-status") == "fail"
        if theme == "mkdocs-dark":
            # the theme's darkmode.js switches highlight.js stylesheets that highlightjs: false left out
            errors = [e for e in errors if "setting 'disabled'" not in e]
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize("light, dark", [("material-light", "material-dark"), ("mkdocs", "mkdocs-dark")])
def test_dark_palette_changes_the_badge_colours(sites, browser, light, dark):
    """Dark schemes (Material's slate, the default theme's color_mode: dark) get dark boxes with
    light text, not the light theme's colours."""
    styles = {}
    for theme in (light, dark):
        page, _ = open_page(browser, sites[theme] + "report/", 1280)
        styles[theme] = page.locator("[data-exam-passed]").evaluate(
            "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]")
        page.close()

    def luminance(css: str) -> float:
        r, g, b = (int(x) for x in re.findall(r"\d+", css)[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    assert styles[light][0] != styles[dark][0]
    assert luminance(styles[light][0]) > luminance(styles[light][1])  # dark text on light
    assert luminance(styles[dark][0]) < luminance(styles[dark][1])  # light text on dark


def test_instant_navigation_from_home_shows_the_badges(sites, browser):
    page, errors = open_page(browser, sites["material-light"], 1280)
    try:
        page.locator("article a:has-text('the exam report')").click()
        page.wait_for_selector("[data-exam-question='31']", timeout=15000)
        assert page.locator("[data-exam-passed]").is_visible()
        assert "report" in page.url
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("theme", list(THEMES))
def test_checklist_check_boxes_and_toc_marks(sites, browser, theme, width):
    """The checklist's items are check boxes without a bullet, ticked as written and not
    clickable; at desktop width the table of contents marks each question's status."""
    page, errors = open_page(browser, sites[theme] + "report/", width)
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        items = page.locator("li.task-list-item")
        total = int(page.locator("[data-exam-passed]").get_attribute("data-exam-checklist-total"))
        assert items.count() == total
        boxes = page.locator("li.task-list-item input[type=checkbox]")
        assert boxes.count() == total
        assert sum(boxes.nth(i).is_checked() for i in range(total)) == 33
        first = items.first
        assert first.evaluate("e => getComputedStyle(e).listStyleType") == "none"
        if theme.startswith("material"):  # Material draws the box as the indicator's ::before
            size = first.locator(".task-list-indicator").evaluate(
                "e => [parseFloat(getComputedStyle(e, '::before').width), getComputedStyle(e, '::before').content]")
            assert size[0] > 8 and size[1] != "none"
        else:
            box = first.locator("input").bounding_box()
            assert box and box["width"] > 8 and box["height"] > 8
            assert box["x"] + box["width"] <= width and box["x"] >= 0  # on screen, before the text
        page.locator("li.task-list-item").nth(30).scroll_into_view_if_needed()  # ticked and not
        page.screenshot(path=str(ARTIFACTS / f"checklist-{theme}-{width}.png"))
        boxes.nth(40).click(force=True)
        assert not boxes.nth(40).is_checked() and boxes.nth(40).is_disabled()
        if width >= 1280:  # the table of contents is a sidebar at desktop width only
            toc = page.locator(".md-sidebar--secondary" if theme.startswith("material") else "#toc-collapse")
            link = toc.locator('a[href$="#question-5"]')
            assert link.count() == 1
            link.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"toc-{theme}-{width}.png"))
            fail = link.locator(".exam-report-mark")
            assert fail.is_visible() and fail.get_attribute("aria-label") == "fail"
            ok = toc.locator('a[href$="#question-1"] .exam-report-mark')
            assert ok.get_attribute("aria-label") == "pass"
            colour = "e => getComputedStyle(e).color"
            assert fail.evaluate(colour) != ok.evaluate(colour)
        if theme == "mkdocs-dark":
            errors = [e for e in errors if "setting 'disabled'" not in e]
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("theme", list(THEMES))
def test_evidence_marks_beside_ticked_items(sites, browser, theme, width):
    """With annotations on, each ticked item the repository was searched for has a small mark on
    its own line, after its check box; its title says what was found or looked for."""
    page, errors = open_page(browser, sites[theme] + "report/", width)
    try:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        marks = page.locator("li.task-list-item .exam-report-evidence")
        assert marks.count() == 33  # the ticked items, every one known to the evidence table
        kinds = [marks.nth(i).get_attribute("class").split()[-1] for i in range(33)]
        assert kinds.count("exam-report-evidence-evidence") == 3  # the two Dockerfile items, pre-commit
        docker = page.locator("li.task-list-item", has_text="Write one or more Dockerfiles").locator(".exam-report-evidence")
        assert docker.get_attribute("title") == "evidence in the repository: Dockerfile"
        hydra = page.locator("li.task-list-item", has_text="with Hydra").locator(".exam-report-evidence")
        assert hydra.get_attribute("title") == "no evidence in the repository: it has no Python file that imports hydra"
        for mark, item in ((docker, "Write one or more Dockerfiles"), (hydra, "with Hydra")):
            box = page.locator("li.task-list-item", has_text=item).locator("input[type=checkbox]")
            a, b = mark.bounding_box(), box.bounding_box()
            assert a and b and mark.is_visible()
            assert abs((a["y"] + a["height"] / 2) - (b["y"] + b["height"] / 2)) < b["height"]  # same line
            assert a["x"] >= b["x"] + b["width"] - 1 and a["x"] + a["width"] <= width  # after the box, on screen
        colour = "e => getComputedStyle(e).color"
        assert docker.evaluate(colour) != hydra.evaluate(colour)
        docker.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"evidence-{theme}-{width}.png"))
        if theme == "mkdocs-dark":
            errors = [e for e in errors if "setting 'disabled'" not in e]
        assert errors == []
    finally:
        page.close()
