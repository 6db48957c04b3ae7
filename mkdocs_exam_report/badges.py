"""Badges and annotations in the rendered report page.

Works on the HTML that Python-Markdown produced, which is the same under every theme: a summary
after the page title, done/total under each checklist section heading, and words/images against
the allowed range under each question heading. Every piece of report text is escaped; every
badge carries ``data-search-exclude`` so that Material's search does not index it.
"""

from __future__ import annotations

import re
import secrets
from html import escape, unescape

from .text import quantity, question_number

# An opening heading tag. Its attributes stop at the next '<' as well as at '>': a '<h6 ' that
# never closes cannot make re read on to the end of the page.
_HEADING_OPEN = re.compile(r"<h([1-6])(?:\s[^<>]*)?>")
_TAGS = re.compile(r"<[^>]+>")


# The toc extension's permalink: <a class="headerlink" ...>¶</a>, with any text (¶, #, §, an icon).
_PERMALINK = re.compile(r"<a\s[^>]*class=\"[^\"]*\bheaderlink\b[^\"]*\"[^>]*>.*?</a>", re.DOTALL)


def _text(inner_html: str) -> str:
    """The visible heading text, without the permalink."""
    return unescape(_TAGS.sub("", _PERMALINK.sub("", inner_html))).replace("¶", "").strip()


_CODE = re.compile(r"`([^`\n]+)`")


def _inline(text: str) -> str:
    """Engine text for HTML: escaped, then its `code` spans (messages and hints quote the
    template that way) shown as code. The code spans are made from escaped text, so nothing
    from the report can open a tag."""
    return _CODE.sub(r"<code>\1</code>", escape(text))


def _attr(value) -> str:
    return escape(str(value), quote=True)


def _bar(done: int, total: int) -> str:
    percent = 0 if total == 0 else round(100 * done / total)
    return (
        f'<span class="exam-report-progress" role="progressbar" aria-valuemin="0" aria-valuemax="{total}" '
        f'aria-valuenow="{done}"><span class="exam-report-progress-bar" style="width: {percent}%"></span></span>'
    )


def _findings_list(findings) -> str:
    if not findings:
        return ""
    items = []
    for f in findings:
        hint = f'<span class="exam-report-hint">{_inline(f.hint)}</span>' if f.hint else ""
        items.append(
            f'<li class="exam-report-finding exam-report-{_attr(f.severity)}" data-exam-rule="{_attr(f.rule)}">'
            f'<code class="exam-report-rule">{escape(f.rule)}</code> <span class="exam-report-line">line {f.line}</span> '
            f"{_inline(f.message)}{hint}</li>"
        )
    return f'<ul class="exam-report-findings">{"".join(items)}</ul>'


def question_status(question, findings) -> str:
    """``fail`` when the official limits fail or any of our error findings does (the question
    badge's status); ``finding`` when it passes with warnings; else ``pass``."""
    if not question.ok or any(f.severity == "error" for f in findings):
        return "fail"
    return "finding" if any(f.severity == "warning" for f in findings) else "pass"


def _failing_links(result, anchors: dict[int, str]) -> str:
    """Links to the headings of the failing questions (``anchors``: question number -> heading
    id, see ``question_anchors``), so a student reaches them without scrolling."""
    links = [
        f'<a href="#{_attr(anchors[q.number])}" data-exam-failing="{q.number}">Question {q.number}</a>'
        for q in result.questions
        if q.number in anchors and question_status(q, result.findings_for(q.number)) == "fail"
    ]
    if not links:
        return ""
    return f'<p class="exam-report-failing">Failing: {", ".join(links)}</p>'


_RANK = {"error": 0, "warning": 1, "info": 2}


def summary(result, annotate: bool, anchors: dict[int, str] | None = None) -> str:
    checklist = result.checklist
    total = result.edition.total
    status = "pass" if result.ok else "fail"
    if result.official.readable:
        verdict = f"<strong>{result.passed}/{total}</strong> questions pass the official checks"
    else:
        verdict = (
            "<strong>The official checker cannot read this report</strong>: "
            f"{escape(result.reason or '')} — by the same limits {result.passed}/{total} questions pass"
        )
    # errors first, then warnings, then notes, each in the order of the text: a note (the
    # checklist's evidence, say) never stands above the fault that fails the report
    general = sorted((f for f in result.findings if f.question is None), key=lambda f: _RANK[f.severity]) if annotate else []
    return (
        f'<div class="exam-report-summary exam-report-{status}" data-search-exclude '
        f'data-exam-passed="{result.passed}" data-exam-total="{total}" '
        f'data-exam-readable="{str(result.official.readable).lower()}" '
        f'data-exam-errors="{result.errors}" data-exam-warnings="{result.warnings}" '
        f'data-exam-checklist-done="{checklist.done}" data-exam-checklist-total="{checklist.total}">'
        f'<p class="exam-report-verdict">{verdict}</p>'
        f'<p class="exam-report-counts"><span class="{"exam-report-errors" if result.errors else ""}">'
        f'{result.errors} error{"s" if result.errors != 1 else ""}</span> · '
        f'<span class="{"exam-report-warnings" if result.warnings else ""}">{result.warnings} '
        f'warning{"s" if result.warnings != 1 else ""}</span> · {escape(result.edition.name)} template '
        f"({escape(result.edition_source)})</p>"
        f'<p class="exam-report-checklist">Checklist {checklist.done}/{checklist.total} '
        f"{_bar(checklist.done, checklist.total)}</p>"
        f"{_failing_links(result, anchors or {})}"
        f"{_findings_list(general)}</div>"
    )


def unusable(message: str) -> str:
    """In place of the summary when the report cannot be judged at all."""
    return (
        '<div class="exam-report-summary exam-report-fail exam-report-unusable" data-search-exclude '
        f'data-exam-unusable="{_attr(message)}">'
        f'<p class="exam-report-verdict"><strong>The report could not be checked</strong>: {escape(message)}</p>'
        "</div>"
    )


def section_badge(section) -> str:
    return (
        f'<div class="exam-report-badge exam-report-section" data-search-exclude '
        f'data-exam-section="{_attr(section.title)}">'
        f"{section.done}/{section.total} done {_bar(section.done, section.total)}</div>"
    )


def question_badge(question, findings, annotate: bool) -> str:
    """The badge under one question heading. ``status`` is ``fail`` when the official limits fail
    or any of our error findings does; the badge says which: ``data-exam-official`` is the
    official verdict (``unknown`` when the checker cannot read the report: the same limits by our
    count), ``data-exam-errors`` the number of error findings of the question."""
    errors = [f for f in findings if f.severity == "error"]
    official = "unknown" if question.official_ok is None else ("pass" if question.official_ok else "fail")
    status = "fail" if question_status(question, findings) == "fail" else "pass"
    spec = question.spec
    limits = "pass" if question.ok else "fail"
    verdict = f"official checks: {limits}" if official != "unknown" else f"by the official limits: {limits}"
    parts = [verdict]
    if spec is not None and spec.words is not None:
        parts.append(f"{quantity(question.words, 'word')} (allowed {spec.words})")
    elif question.words is not None:
        parts.append(quantity(question.words, "word"))
    if spec is not None and spec.images is not None:
        parts.append(f"{quantity(question.images, 'image')} (required {spec.images})")
    if errors:
        rules = ", ".join(dict.fromkeys(f.rule for f in errors))
        parts.append(
            f'<span class="exam-report-errors">{quantity(len(errors), "error")} '
            f"({escape(rules)})</span>"
        )
    body = " · ".join(parts)
    listed = _findings_list(findings) if annotate else ""
    return (
        f'<div class="exam-report-badge exam-report-question exam-report-{status}" data-search-exclude '
        f'data-exam-question="{question.number}" data-exam-status="{status}" '
        f'data-exam-official="{official}" data-exam-errors="{len(errors)}">'
        f'<span class="exam-report-status">{status}</span> <span class="exam-report-counts">{body}</span>'
        f"{listed}</div>"
    )


def _key(title: str) -> str:
    """A heading as the Markdown source writes it (``**Week 1** ##``) and as the HTML shows it
    (``Week 1``) compare equal."""
    title = re.sub(r"[*_`~]", "", unescape(_TAGS.sub("", title))).strip().rstrip("#")
    return " ".join(title.split()).casefold()


def new_marker_prefix() -> str:
    """The start of the markers of one page: an HTML comment with a random token, which no report
    can write in advance (a report's own ``<!--exam-report:0-->`` is only text to us)."""
    return f"<!--exam-report-{secrets.token_hex(8)}:"


def deferred(html: str, blocks: list[str], prefix: str) -> str:
    """Put the badge blocks back where ``inject(..., defer=blocks, prefix=prefix)`` left markers:
    each of the ``len(blocks)`` markers at most once; nothing else in ``html`` is touched. One
    pass over the page (a replace per block scanned the whole page ~40 times)."""
    placed: set[int] = set()

    def fill(marker: re.Match) -> str:
        i = int(marker.group(1))
        if i >= len(blocks) or i in placed:
            return marker.group(0)
        placed.add(i)
        return blocks[i]

    return re.sub(re.escape(prefix) + r"(\d+)-->", fill, html)


def _headings(html: str):
    """(level, start, end, inner HTML) of each heading element, in order, in linear time: the
    closing tag is found with str.find, and a level whose closing tag is found nowhere after an
    opening tag is not looked for again (a run of unclosed ``<h6>`` tags rescanned the rest of the
    page at each one)."""
    closing: dict[str, int] = {}  # level -> where its next closing tag is (-1: none any more)
    pos = 0
    while True:
        m = _HEADING_OPEN.search(html, pos)
        if m is None:
            return
        level = m.group(1)
        close = closing.get(level, 0)
        if close != -1 and close < m.end():
            close = closing[level] = html.find(f"</h{level}>", m.end())
        if close == -1:
            pos = m.end()
            continue
        end = close + len(f"</h{level}>")
        yield int(level), m.start(), end, html[m.end() : close]
        pos = end


def inject(html: str, result, *, annotate: bool, defer: list[str] | None = None, prefix: str = "") -> str:
    """The page content with the badges in place. With ``defer``, each badge block goes into
    that list and the content gets a short marker starting with ``prefix`` instead (see
    ``deferred`` and ``new_marker_prefix``)."""

    def place(block: str) -> str:
        if defer is None:
            return block
        defer.append(block)
        return f"{prefix}{len(defer) - 1}-->"

    questions = {q.number: q for q in result.questions if q.line is not None}
    sections = {}
    for section in result.checklist.sections:
        sections.setdefault(_key(section.title), section)
    first_question = True
    done_questions: set[int] = set()
    done_sections: set[str] = set()
    pieces: list[str] = []
    last = 0
    summary_html = summary(result, annotate, question_anchors(html, result))
    placed_summary = False

    for level, _start, end, inner in _headings(html):
        text = _text(inner)
        insert = ""
        if level == 1 and not placed_summary:
            insert = summary_html
            placed_summary = True
        number = question_number(text)
        if number is not None and number in questions and number not in done_questions:
            done_questions.add(number)
            first_question = False
            insert += question_badge(questions[number], result.findings_for(number), annotate)
        elif first_question and _key(text) in sections and _key(text) not in done_sections:
            done_sections.add(_key(text))
            insert += section_badge(sections[_key(text)])
        if insert:
            pieces.append(html[last:end])
            pieces.append(place(insert))
            last = end
    pieces.append(html[last:])
    out = "".join(pieces)
    return out if placed_summary else place(summary_html) + out


_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def question_anchors(html: str, result) -> dict[int, str]:
    """Question number -> the id of its heading in ``html`` (the heading ``inject`` puts the
    question's badge under: the first one with that number); questions whose heading has no id
    are left out."""
    questions = {q.number for q in result.questions if q.line is not None}
    anchors: dict[int, str] = {}
    seen: set[int] = set()
    for _level, start, _end, inner in _headings(html):
        number = question_number(_text(inner))
        if number is None or number not in questions or number in seen:
            continue
        seen.add(number)
        found = _ID.search(_HEADING_OPEN.match(html, start).group(0))
        if found:
            anchors[number] = unescape(found.group(1) if found.group(1) is not None else found.group(2))
    return anchors


_MARKS = {"pass": "\u2713", "fail": "\u2717", "finding": "!"}


def mark_toc(toc, html: str, result) -> None:
    """Beside each question's entry in the page's table of contents (MkDocs' ``page.toc``: items
    with ``.id``, ``.title`` (HTML, as the themes print it) and ``.children``), a mark of its
    status (``question_status``): a span whose class, ``title`` and ``aria-label`` name it. Only
    our own words go in; the entry's title is kept as MkDocs escaped it."""
    by_number = {q.number: q for q in result.questions}
    statuses = {
        anchor: question_status(by_number[number], result.findings_for(number))
        for number, anchor in question_anchors(html, result).items()
    }

    def walk(items) -> None:
        for item in items:
            status = statuses.pop(getattr(item, "id", None), None)
            if status is not None:
                item.title = (
                    f'{item.title} <span class="exam-report-mark exam-report-{status}" role="img" '
                    f'aria-label="{status}" title="{status}">{_MARKS[status]}</span>'
                )
            walk(getattr(item, "children", None) or [])

    walk(toc or [])


# A list item that starts with GitHub's task marker: "[ ]", "[x]" or "[X]" and a space, directly
# or in the paragraph of a loose list. pymdownx.tasklist, when configured, has already made its
# own check boxes, and this finds nothing.
_TASK = re.compile(r"<li>(\s*<p>)?\[([ xX])\](?=\s)")


def task_list(html: str, *, material: bool) -> str:
    """The checklist's items as disabled check boxes, as GitHub shows them: in Material with the
    markup of pymdownx.tasklist's ``custom_checkbox`` (Material's own look), otherwise a plain
    check box styled by our stylesheet (``exam-report-task``)."""

    def box(match: re.Match) -> str:
        checked = " checked" if match.group(2) in "xX" else ""
        if material:
            control = (
                f'<label class="task-list-control"><input type="checkbox" disabled{checked}/>'
                '<span class="task-list-indicator"></span></label>'
            )
            return f'<li class="task-list-item">{match.group(1) or ""}{control}'
        return (
            f'<li class="task-list-item exam-report-task">{match.group(1) or ""}'
            f'<input type="checkbox" disabled{checked}/>'
        )

    return _TASK.sub(box, html)


# A task-list item's check box as task_list() or pymdownx.tasklist (plain or custom_checkbox)
# writes it: the mark goes right after it, before the item's text. Compiled when first used (re
# keeps it): only annotate (`mkdocs serve`, or `always`) needs it, and compiling it with the module
# was ~0.3 ms of every build.
_TASK_BOX = (
    r'<li class="task-list-item[^"<>]*">(?:\s*<p>)?(?:<label class="task-list-control">)?<input type="checkbox"[^<>]*>'
    r'(?:<span class="task-list-indicator"></span></label>)?'
)
_EVIDENCE_MARKS = {"evidence": "\u2713", "none": "?", "not checkable": "\u2013"}


def evidence_marks(html: str, result) -> str:
    """Beside each ticked checklist item the repository was searched for (``result.evidence``,
    evidence.py), a small mark: ✓ evidence (its title names the file), ? none found (names what
    was looked for), – not checkable (says why). The page's task-list items are the checklist's
    items with a valid mark ('[ ]', '[x]', '[X]'), in order, first on the page; when the page has
    fewer, nothing is marked. Only our own words and the repository's file names, escaped."""
    from .evidence import EVIDENCE_FOUND, NO_EVIDENCE
    from .report import VALID_MARKS, checklist_items

    evidence = getattr(result, "evidence", None)
    if evidence is None or not evidence.items:
        return html
    by_line = {item.line: item for item in evidence.items}
    order = [item.line for item in checklist_items(result.report) if item.mark in VALID_MARKS]
    boxes = list(re.finditer(_TASK_BOX, html))
    if len(boxes) < len(order):
        return html
    out, at = [], 0
    for box, line in zip(boxes, order):
        item = by_line.get(line)
        if item is None:
            continue
        if item.status == EVIDENCE_FOUND and item.file.startswith("../"):  # evidence.ROOT_ONLY, above the folder
            title = f"evidence at the top of the git repository: {item.file}"
        elif item.status == EVIDENCE_FOUND:
            title = f"evidence in the repository: {item.file}"
        elif item.status == NO_EVIDENCE and item.untracked:
            title = f"no evidence in the repository: {item.untracked} exists but git does not track it"
        elif item.status == NO_EVIDENCE:
            title = f"no evidence in the repository: it has no {item.looked_for}"
        else:
            title = f"not checkable: {item.why}"
        kind = item.status.replace(" ", "-")
        out.append(html[at : box.end()])
        out.append(
            f' <span class="exam-report-evidence exam-report-evidence-{kind}" role="img" data-search-exclude '
            f'title="{_attr(title)}" aria-label="{_attr(title)}">{_EVIDENCE_MARKS[item.status]}</span>'
        )
        at = box.end()
    out.append(html[at:])
    return "".join(out)
