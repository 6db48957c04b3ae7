"""Text from the report that reaches our badges and annotations is escaped: checked on the built
HTML with an HTML parser, not by searching strings."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.factory import ReportSpec
from tests.test_plugin import build, make_project, page

SCRIPT = "<script>document.title=1</script>"  # no spaces or ')': it must fit in an image path
IMG = '"><img src=x onerror=alert(2)>'
JINJA = "{{ config.site_name }}{% if true %}x{% endif %}"
ALLOWED = {"div", "p", "span", "strong", "ul", "li", "code", "a"}  # a: the summary's links to failing questions


class BadgeTree(HTMLParser):
    """Every element inside our badges, and the text they show."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside a badge
        self.stack: list[bool] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        ours = any(cls.startswith("exam-report-") for cls in (attrs.get("class") or "").split())
        inside = self.depth > 0 or (ours and tag == "div")
        if tag in ("img", "br", "hr", "input", "meta", "link"):  # void elements
            if self.depth:
                self.tags.append((tag, attrs))
            return
        self.stack.append(inside)
        if inside:
            self.depth += 1
            self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in ("img", "br", "hr", "input", "meta", "link"):
            return
        if self.stack and self.stack.pop():
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def hostile_spec() -> ReportSpec:
    spec = ReportSpec(edition="2026")
    # image-link quotes the link, image-missing and image-format quote the path,
    # placeholder-rest quotes the line's end, where its leftover is: report text inside rule messages
    spec.answers[14] = (
        spec.answer(14).replace("![Screenshot 1](figures/q14_1.png)", f"[{IMG}](figures/q14_1.png)")
        + f"\n\n![shot](figures/{SCRIPT}.gif)\n\n{IMG} {JINJA}---"
    )
    spec.answers[5] = f"Too short {SCRIPT} {IMG} **bold** {JINJA}"
    return spec


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_hostile_report_text_is_escaped_in_badges_and_annotations(tmp_path, theme):
    config = make_project(tmp_path, hostile_spec(), theme=theme, options={"annotate": "always"})
    out = build(config)
    assert out.returncode == 0, out.stderr
    tree = BadgeTree()
    tree.feed(page(config))
    assert tree.tags, "no badges found"
    tags = {tag for tag, _ in tree.tags}
    assert tags <= ALLOWED, tags - ALLOWED
    for tag, attrs in tree.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert all("<" not in (value or "") for value in attrs.values()), (tag, attrs)
        if tag == "a":  # only to a heading of the page
            assert re.fullmatch(r"#[\w-]+", attrs["href"]), attrs
    shown = "".join(tree.text)
    # the hostile strings are there as text, shown to the reader, not as markup
    assert SCRIPT in shown
    assert "onerror=alert(2)" in shown
    assert "{{ config.site_name }}" in shown and "{% if true %}" in shown
    rules = {attrs.get("data-exam-rule") for _, attrs in tree.tags if attrs.get("data-exam-rule")}
    assert {"image-link", "image-format", "image-html", "placeholder-rest", "words"} <= rules


def test_hostile_file_name_in_log_lines_is_plain_text(tmp_path):
    config = make_project(tmp_path, hostile_spec())
    out = build(config)
    assert f"figures/{SCRIPT}.gif" in out.stderr  # logs are text; nothing to escape there
