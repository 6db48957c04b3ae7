"""Parse an exam report into its parts: headings, fenced code, checklist, question sections,
prompts and answers (``parse``).

This is our own reading of the structure (Markdown-aware: fenced code is not a heading). What the
official checker makes of the same text is modelled separately in ``official.py``; the pieces of
reading text both use (normalising, line numbers, heading recognition) are in ``text.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from .editions import Range
from .text import MARKER, LineIndex, find_markers, heading, normalise, question_heading, question_number, read_number

TICKED = frozenset({"x"})
VALID_MARKS = frozenset({" ", "x", "X"})
# Marks that clearly mean "done" but are not valid GitHub task-list syntax.
TICK_LIKE = frozenset({"y", "yes", "ok", "v", "done", "✓", "✔", "✔️", "✅", "☑", "☑️", "+", "*"})


class Heading(NamedTuple):
    """An ATX heading outside fenced code. ``line``: 1-based; ``level``: its number of '#';
    ``text``: its title; ``question``: the number it names ("Question N"), else None;
    ``start``/``end``: the offsets where its line starts and ends (at its "\\n", or the end of
    the text)."""

    line: int
    level: int
    text: str
    question: int | None
    start: int
    end: int


class ChecklistItem(NamedTuple):
    """One checklist item (``Checklist`` keeps those whose mark is not valid task-list syntax):
    ``line``, the ``mark`` between the brackets, whether it counts as ``done``, its ``text``
    (wrapped lines joined) and ``last_line``, the last line it wraps onto (``line`` when it has
    one line)."""

    line: int
    mark: str
    done: bool
    text: str
    last_line: int


class ChecklistSection(NamedTuple):
    """One part of the checklist (a week), or the whole checklist when it has no parts.
    ``line``: its heading's; ``done``/``total``: items ticked / items; ``odd``: the items marked
    with something other than '[ ]', '[x]' or '[X]'."""

    title: str
    line: int
    done: int = 0
    total: int = 0
    odd: tuple[ChecklistItem, ...] = ()


class Checklist(NamedTuple):
    """The report's checklist: ``line`` of its heading (None: the report has none), its
    sections in order and ``end``, the offset in the text where its last section ends."""

    line: int | None
    sections: tuple[ChecklistSection, ...]
    end: int | None = None

    @property
    def done(self) -> int:
        return sum(section.done for section in self.sections)

    @property
    def total(self) -> int:
        return sum(section.total for section in self.sections)

    def odd_items(self) -> Iterator[ChecklistItem]:
        """Items marked with something other than '[ ]', '[x]' or '[X]'."""
        for section in self.sections:
            yield from section.odd


class Question(NamedTuple):
    """One ``### Question N`` section.

    number: as written in the heading; heading: its Heading; position: 1-based order among
    question headings; last_line: end of the section, a trailing template section heading
    trimmed; markers: offsets of the "Answer:" markers in the section; marker_line: the line of
    the first (None without one); start/end: char offsets of the question's answer (after the
    first marker, else after the quoted prompt); prompt: the text from the line after the heading
    up to the first marker (or the quoted block); words_hint/images_hint: the prompt's own
    recommended lengths (Ranges), and hint_at: the offset where it gives them (None when it does
    not); example: the prompt's "Example:" text, one line ("" without one).
    """

    number: int
    heading: Heading
    position: int
    last_line: int
    markers: tuple[int, ...]
    marker_line: int | None
    start: int
    end: int
    prompt: str
    words_hint: Range | None
    images_hint: Range | None
    hint_at: int | None
    example: str


class Report(NamedTuple):
    """The parsed report, built whole by ``parse`` and never changed after (a NamedTuple).

    ``text`` is normalised (no BOM, "\\n" line endings); every offset is into it.
    ``front_matter_end``: the number of lines of a YAML front-matter block at the top (0: none);
    ``headings``, ``questions``: in order; ``fenced``: the (start, end) offsets of fenced code
    blocks, in order; ``markers``: the offset of every "Answer:" in the text, in order;
    ``lines``: the text's LineIndex, where every line number comes from."""

    text: str
    front_matter_end: int
    headings: tuple[Heading, ...]
    checklist: Checklist
    questions: tuple[Question, ...]
    fenced: tuple[tuple[int, int], ...]
    markers: tuple[int, ...]
    lines: LineIndex

    def line_of(self, offset: int) -> int:
        """The 1-based line of ``offset`` (see ``LineIndex.line_of``)."""
        return self.lines.line_of(offset)

    def offset_of(self, line: int) -> int:
        """The offset where ``line`` starts (see ``LineIndex.offset_of``)."""
        return self.lines.offset_of(line)

    def answer(self, question: Question) -> str:
        return self.text[question.start : question.end]

    def in_fence(self, offset: int) -> bool:
        """Whether ``offset`` is inside a fenced code block."""
        i = bisect_right(self.fenced, (offset, float("inf"))) - 1
        return i >= 0 and self.fenced[i][0] <= offset < self.fenced[i][1]


def parse(text: str) -> Report:
    """Read a report (any line endings, with or without a BOM) into a Report. Never raises on
    text: anything unexpected is left for the checks to report."""
    text = normalise(text)
    lines = LineIndex(text)
    front_matter_lines, body = _front_matter(text)
    headings, fenced = _headings_and_fences(text, body, lines)
    markers = tuple(find_markers(text))  # found once here, for both the questions and the official model
    return Report(
        text=text,
        front_matter_end=front_matter_lines,
        headings=headings,
        checklist=_checklist(text, headings, lines),
        questions=_questions(text, headings, markers, lines),
        fenced=fenced,
        markers=markers,
        lines=lines,
    )


def _front_matter(text: str) -> tuple[int, int]:
    """The number of lines of a YAML front-matter block at the top (a '---' line, up to 198
    lines, a closing '---' or '...' line), and the offset after it; (0, 0) without one."""
    end = text.find("\n")
    if end == -1 or text[:end].rstrip() != "---":
        return 0, 0
    for i in range(1, 200):
        start, end = end + 1, text.find("\n", end + 1)
        if end == -1:
            end = len(text)
        if text[start:end].rstrip() in ("---", "..."):
            return i + 1, min(end + 1, len(text))
        if end == len(text):
            break
    return 0, 0


# --- headings and fenced code: one scan over the lines that matter ----------------------------

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_INDENTED_FENCE = re.compile(r"[ \t]+(`{3,}|~{3,})")  # fences in list items are indented further
# A line that may be a heading or open or close a fence: '#', '`' or '~' after spaces or tabs.
_CANDIDATE = r"[ \t]*+[#`~]"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _lines_that_matter(fence_indent: int) -> re.Pattern:
    """A pattern for the next line that can change what ``_headings_and_fences`` knows (group 1),
    after the newline before it: a candidate heading or fence line, and inside a fence opened in
    a list item (indented by ``fence_indent``) any line indented less, which ends it. Every other
    line leaves the state as it is (blank lines included). (Starting with the newline lets re
    scan for that one character: ``^`` in MULTILINE mode tries every position, 8x slower.)"""
    if fence_indent == 0:
        return re.compile(rf"\n({_CANDIDATE}[^\n]*)")
    return re.compile(rf"\n((?:{_CANDIDATE}|[^\S\n]{{0,{fence_indent - 1}}}\S)[^\n]*)")


def _headings_and_fences(text: str, start: int, lines: LineIndex) -> tuple[tuple[Heading, ...], tuple[tuple[int, int], ...]]:
    """The headings outside fenced code, and the (start, end) offsets of the fenced code blocks,
    of the lines from offset ``start`` on (after the front matter).

    A fence opens on a line of three or more backticks or tildes (indented at most three spaces,
    or further inside a list item) and closes on a line of at least as many of the same
    character and nothing else. A fence opened inside a list item ends where a line is indented
    less than its opening line (CommonMark: the item ends); an unclosed fence ends at a question
    heading, so that it cannot swallow the rest of the report, or at the end of the text."""
    headings: list[Heading] = []
    fenced: list[tuple[int, int]] = []
    fence = None  # the open fence's run of backticks or tildes
    fence_start = fence_indent = 0
    pos = start  # the start of the next line to look at
    while pos <= len(text):
        if pos == 0:  # the first line of the text: no newline before it
            end = text.find("\n")
            here, end = 0, len(text) if end == -1 else end
        else:
            found = _lines_that_matter(fence_indent).search(text, pos - 1)
            if found is None:
                break
            here, end = found.span(1)  # where the line starts and ends
        line = text[here:end]
        pos = end + 1
        if fence is not None and line.strip():
            indent = _indent(line)
            if indent < fence_indent or (indent == 0 and question_heading(line) is not None):
                fenced.append((fence_start, here))
                fence, fence_indent = None, 0
        first = line[:1]
        if first not in ("#", "`", "~", " "):
            continue
        # A fence line: inside a fence any line may close it; outside, '#' starts no fence.
        found = _FENCE.match(line) if fence is not None or first != "#" else None
        if found is None and first == " " and fence is None:
            found = _INDENTED_FENCE.match(line)
        if found:
            run = found.group(1)
            if fence is None:
                fence, fence_start, fence_indent = run, here, _indent(line)
            elif run[0] == fence[0] and len(run) >= len(fence) and not line.strip()[len(run) :]:
                fence, fence_indent = None, 0
                fenced.append((fence_start, end))
        elif fence is None and "#" in line[:4]:
            found = heading(line)
            if found is not None:
                level, title = found
                headings.append(
                    Heading(
                        line=lines.line_of(here),
                        level=level,
                        text=title,
                        question=question_number(title),
                        start=here,
                        end=end,
                    )
                )
    if fence is not None:
        fenced.append((fence_start, len(text)))
    return tuple(headings), tuple(fenced)


# --- the checklist -----------------------------------------------------------------------------

# A checklist item: a task-list item as GitHub renders one, in a bullet list ('*', '-', '+') or
# an ordered one ('1.', '1)'), its mark between the brackets; '[text](url)' is a link.
_ITEM_START = r"\n {0,3}(?:[*+-]|\d{1,9}[.)])[ \t]+\[([^\]\n]*)\](?!\()"
_ITEM = re.compile(_ITEM_START)
# The same item with its text and the indented lines it wraps onto (an indented numbered item is
# read as such a line: it is counted as an item, but its text is part of the item above).
_ITEM_WITH_TEXT = re.compile(_ITEM_START + r"[ \t]?([^\n]*(?:\n[ \t]+(?![*+-][ \t])\S[^\n]*)*)")
# An HTML comment in an item's text: GitHub does not show it, so its words are not the item's.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _checklist(text: str, headings: tuple[Heading, ...], lines: LineIndex) -> Checklist:
    """The checklist: from the first heading of level 1 or 2 that says "checklist", its sections
    (the headings under it, or the checklist as one section without any) up to the next question
    or top-level section. A heading of a section's level ('## Week 1' under '## Overall project
    checklist') goes on with the checklist while items follow it before the next heading."""
    first = next((i for i, h in enumerate(headings) if h.level <= 2 and "checklist" in h.text.lower()), None)
    if first is None:
        return Checklist(line=None, sections=())
    top = headings[first]
    last = None  # the index of the first heading after the checklist
    for i in range(first + 1, len(headings)):
        head = headings[i]
        if head.question is not None:
            last = i
            break
        if head.level <= 2:
            part_end = headings[i + 1].start if i + 1 < len(headings) else len(text)
            if _ITEM.search(text, head.end, part_end) is None:
                last = i
                break
    end = headings[last].start if last is not None else len(text)
    subheads = headings[first + 1 : last]
    sections = []
    for i, head in enumerate(subheads or [top]):
        # From the newline that ends the heading's line: the pattern starts at a newline.
        a, b = head.end, subheads[i + 1].start if i + 1 < len(subheads) else end
        marks = _ITEM.findall(text, a, b)
        if not (marks or subheads):
            continue
        done = sum(map(_is_done, marks))
        odd = ()
        if any(mark not in VALID_MARKS for mark in marks):
            odd = tuple(_odd_items(text, a, b, lines))
        sections.append(
            ChecklistSection(
                title=head.text if subheads else "Checklist",
                line=head.line,
                done=done,
                total=len(marks),
                odd=odd,
            )
        )
    return Checklist(line=top.line, sections=tuple(sections), end=end)


def checklist_items(report: Report) -> Iterator[ChecklistItem]:
    """Every item of the report's checklist in order, whatever its mark: ``done`` as the
    checklist's progress counts it ('[x]', '[X]' and tick-like marks), ``text`` with the lines it
    wraps onto joined by single spaces and its HTML comments left out, ``last_line`` the last of
    those lines."""
    checklist = report.checklist
    if checklist.line is None or checklist.end is None:
        return
    for item in _ITEM_WITH_TEXT.finditer(report.text, report.offset_of(checklist.line), checklist.end):
        mark = item.group(1)
        yield ChecklistItem(
            line=report.line_of(item.start() + 1),
            mark=mark,
            done=_is_done(mark),
            # HTML comments (an '<!-- exam-report: ignore ... -->' on the item, say) are not shown
            # on GitHub: their words are not the item's
            text=" ".join(_COMMENT.sub(" ", item.group(2)).split()),
            last_line=report.line_of(item.end()),
        )


def _is_done(mark: str) -> bool:
    """Whether a checklist mark means "done": 'x' or 'X', or a tick-like mark (TICK_LIKE)."""
    low = mark.strip().lower()
    return low in TICKED or low in TICK_LIKE


def _odd_items(text: str, a: int, b: int, lines: LineIndex) -> Iterator[ChecklistItem]:
    """The items between offsets ``a`` and ``b`` marked with something other than a valid mark,
    in order."""
    for item in _ITEM_WITH_TEXT.finditer(text, a, b):
        mark = item.group(1)
        if mark not in VALID_MARKS:
            body = " ".join(item.group(2).split()) if "\n" in item.group(2) else item.group(2)
            yield ChecklistItem(
                line=lines.line_of(item.start() + 1),
                mark=mark,
                done=_is_done(mark),
                text=body.strip(),
                last_line=lines.line_of(item.end()),
            )


# --- the questions -----------------------------------------------------------------------------

_WORDS_RANGE = re.compile(r"Recommended answer length:?\s*(\d+)\s*-\s*(\d+)\s*words", re.IGNORECASE)
# (?<!\d): a match can only start where a run of digits starts (it must take the whole run), so
# re need not retry from every digit of a long run (quadratic on a hostile prompt otherwise).
_IMAGES_RANGE = re.compile(r"(?<!\d)(\d+)(?:\s*(?:to|-)\s*(\d+))?\s*screenshots?", re.IGNORECASE)
# Lines that are blank or quoted, each after the newline that ends the line above.
_QUOTED_LINES = re.compile(r"(?:\n[^\S\n]*(?:>[^\n]*)?)*")


def _questions(text: str, headings: tuple[Heading, ...], markers: tuple[int, ...], lines: LineIndex) -> tuple[Question, ...]:
    """A Question per question heading, in order. A question's region runs from the line after
    its heading to the line before the next question heading (or the end of the text), without
    a trailing template section (``## Title`` and its quoted intro)."""
    qheads = [h for h in headings if h.question is not None]
    sections = [h for h in headings if h.question is None and h.level <= 2]
    section_starts = [h.start for h in sections]
    questions = []
    for position, head in enumerate(qheads, 1):
        if position < len(qheads):
            region_end = qheads[position].start - 1  # the newline before the next question heading
        else:
            region_end = len(text)
        inside = sections[bisect_right(section_starts, head.start) : bisect_right(section_starts, region_end)]
        if inside:
            region_end = _trim_section_block(text, inside, region_end)
        last_end = region_end  # where the region's last line ends
        region_start = min(head.end + 1, len(text))
        region_end = max(region_end, region_start)

        # The markers wholly inside the region.
        mine = tuple(markers[bisect_left(markers, region_start) : bisect_right(markers, region_end - len(MARKER))])
        if mine:
            prompt_end = mine[0]
            start = prompt_end + len(MARKER)
        else:
            # No marker: the prompt is the quoted block under the heading; the answer follows it.
            prompt_end = _after_quoted_block(text, region_start, last_end)
            start = min(prompt_end, region_end)
        prompt = text[region_start:prompt_end]
        words_hint, images_hint, hint_at = _hints(prompt)
        questions.append(
            Question(
                number=head.question,
                heading=head,
                position=position,
                last_line=lines.line_of(last_end),
                markers=mine,
                marker_line=lines.line_of(mine[0]) if mine else None,
                start=start,
                end=region_end,
                prompt=prompt,
                words_hint=words_hint,
                images_hint=images_hint,
                hint_at=region_start + hint_at if hint_at is not None else None,
                example=_example(prompt),
            )
        )
    return tuple(questions)


def _trim_section_block(text: str, sections: list[Heading], end: int) -> int:
    """Cut a trailing template section (``## Title`` and its quoted intro) off a question's region.
    ``sections``: the section headings inside the region; ``end``: where the region's last line
    ends. The result is where the trimmed region's last line ends: before the first of the
    section headings after which there are only blank lines, quoted lines and such headings."""
    trimmed = end
    for section in reversed(sections):
        if _QUOTED_LINES.fullmatch(text, section.end, trimmed) is None:
            break
        trimmed = section.start - 1
    return trimmed


def _after_quoted_block(text: str, start: int, last_end: int) -> int:
    """The offset of the first line from ``start`` on that is neither blank nor quoted ('>'),
    looking no further than the line ending at ``last_end``; the end of the text at most."""
    n = start
    while n <= last_end and n < len(text):
        e = text.find("\n", n)
        if e == -1:
            e = len(text)
        line = text[n:e].lstrip()
        if line and not line.startswith(">"):
            break
        n = e + 1
    return min(n, len(text))


# Prompts repeat across every report of one template: with these two caches checking 1,000
# reports takes ~15 % less time (benchmarks/run.py, "1,000 reports in one call"). Both are pure
# functions of the prompt; nothing needs to empty them.
@lru_cache(maxsize=512)
def _hints(prompt: str) -> tuple[Range | None, Range | None, int | None]:
    """The prompt's own recommended word and screenshot ranges ("Recommended answer length:
    100-200 words", "1 to 2 screenshots"), and the offset in the prompt where the first of them is
    written (None when it gives neither)."""
    words = images = at = None
    m = _WORDS_RANGE.search(prompt)
    if m:
        words, at = Range(read_number(m.group(1)), read_number(m.group(2))), m.start()
    m = _IMAGES_RANGE.search(prompt)
    if m:
        low = read_number(m.group(1))
        images = Range(low, read_number(m.group(2)) if m.group(2) else low)
        at = m.start() if at is None else at
    return words, images, at


@lru_cache(maxsize=512)  # see _hints
def _example(prompt: str) -> str:
    """The text after the prompt's "Example:", its lines stripped of quote marks and emphasis
    stars and joined by spaces ("" without one)."""
    idx = prompt.find("Example:")
    if idx == -1:
        return ""
    out = []
    for line in prompt[idx + len("Example:") :].split("\n"):
        line = line.strip().lstrip(">").strip().strip("*").strip()
        if line:
            out.append(line)
    return " ".join(out)
