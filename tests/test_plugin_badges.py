"""Badge rendering on its own: what goes where in the page HTML, whatever the heading markup."""

from __future__ import annotations

import re
from html import unescape

import markdown
import pytest

from mkdocs_exam_report.badges import _inline, deferred, inject, new_marker_prefix
from mkdocs_exam_report.engine import check_text
from tests.factory import ReportSpec, build_report


def render(text: str, **toc) -> str:
    return markdown.markdown(text, extensions=["toc", "attr_list"], extension_configs={"toc": toc})


def headings(html: str) -> dict[str, int]:
    """Heading text -> where its closing tag ends (first occurrence)."""
    ends: dict[str, int] = {}
    for m in re.finditer(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.DOTALL):
        text = unescape(re.sub(r"<[^>]+>", "", m.group(1)))
        ends.setdefault(text.rstrip("¶#").strip(), m.end())
    return ends


def result_for(spec: ReportSpec):
    text = build_report(spec)
    return text, check_text(text, path="reports/README.md", edition="auto")


def test_deferred_blocks_fill_their_own_markers_once_and_nothing_else():
    blocks: list[str] = []
    prefix = new_marker_prefix()
    html = inject(render(build_report(ReportSpec(edition="2026"))), result_for(ReportSpec(edition="2026"))[1],
                  annotate=True, defer=blocks, prefix=prefix)
    assert len(blocks) > 10 and html.count(prefix) == len(blocks)  # markers 0, 1, ..., 10, ... in the page
    # a second marker of a block, one beyond the blocks and another page's marker stay as they are
    rest = f"<p>{prefix}1--> {prefix}{len(blocks)}--> <!--exam-report-0123456789abcdef:0--></p>"
    filled = deferred(html + rest, blocks, prefix)
    assert filled.endswith(rest) and prefix not in filled[: -len(rest)]
    expected = html
    for i, block in enumerate(blocks):  # each marker's first occurrence, in turn
        expected = expected.replace(f"{prefix}{i}-->", block, 1)
    assert filled == expected + rest


@pytest.mark.parametrize("toc", [{}, {"permalink": True}, {"permalink": "#", "anchorlink": True}])
def test_every_badge_lands_after_its_heading(toc):
    spec = ReportSpec(edition="2026").todo(6)
    spec.answers[5] = "Too short."
    text, result = result_for(spec)
    html = inject(render(text, **toc), result, annotate=True)
    h1 = html.index("</h1>")
    assert html.index("data-exam-passed") > h1
    assert html.count("data-exam-passed") == 1
    ends = headings(html)
    for n in range(1, 32):
        after = html[ends[f"Question {n}"]:].lstrip()
        assert after.startswith('<div class="exam-report-badge exam-report-question'), n
        assert f'data-exam-question="{n}"' in after[:300]
    for section in result.checklist.sections:
        after = html[ends[section.title]:]
        assert after.startswith('<div class="exam-report-badge exam-report-section"'), section.title
        assert f'data-exam-section="{section.title}"' in after[:200]
    assert 'data-exam-question="5" data-exam-status="fail"' in html
    assert html.count('data-exam-rule="todo"') == 1


def test_summary_goes_first_without_a_title():
    spec = ReportSpec(edition="2026")
    text, result = result_for(spec)
    text = text.split("\n", 1)[1]  # no "# ..." title
    html = inject(render(text), result, annotate=False)
    assert html.startswith('<div class="exam-report-summary')


def test_annotations_only_when_asked():
    spec = ReportSpec(edition="2026").todo(6)
    text, result = result_for(spec)
    assert "exam-report-findings" not in inject(render(text), result, annotate=False)
    assert "exam-report-findings" in inject(render(text), result, annotate=True)


def test_code_spans_in_messages_are_built_from_escaped_text():
    assert _inline("between `Answer:` and <b>") == "between <code>Answer:</code> and &lt;b&gt;"
    assert _inline('`<img src=x onerror="a()">`') == "<code>&lt;img src=x onerror=&quot;a()&quot;&gt;</code>"
    assert _inline("a lone ` backtick & more") == "a lone ` backtick &amp; more"


def test_unreadable_report_says_why():
    spec = ReportSpec(edition="2026").drop_answer_line(10)
    text, result = result_for(spec)
    html = inject(render(text), result, annotate=True)
    assert 'data-exam-readable="false"' in html
    assert "cannot read this report" in html
    assert 'data-exam-rule="structure"' in html


def test_section_headings_written_with_markup_still_get_their_badge():
    spec = ReportSpec(edition="2026")
    text, _ = result_for(spec)
    text = text.replace("### Week 1\n", "### **Week 1** ##\n").replace("### Week 2\n", "### Week `2`\n")
    result = check_text(text, path="reports/README.md")
    titles = [s.title for s in result.checklist.sections]
    assert "**Week 1** ##" in titles or "**Week 1**" in titles
    html = inject(render(text, permalink=True), result, annotate=False)
    assert html.count('class="exam-report-badge exam-report-section"') == len(titles)
