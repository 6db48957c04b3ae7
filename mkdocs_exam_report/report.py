"""Parse an exam report into its parts: checklist, question sections, prompts and answers.

This is our own reading of the structure (Markdown-aware: fenced code is not a heading). What the
official checker makes of the same text is modelled separately in ``official.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from operator import add, attrgetter
from collections import Counter, namedtuple

from .editions import Range, new_record
from .official import MARKER, find_markers

# The title is everything up to the last character that is not a space, tab or '#' (the closing
# sequence). Written as a greedy group ending in such a character, not as a lazy ``(.*?)`` before
# ``[ \t#]*$``: the lazy form rescans the rest of the line at every step, quadratic on a long
# heading line such as "# # # ... x" (the same matches, in linear time).
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+((?:.*[^ \t#])?))?[ \t#]*$")
_QUESTION = re.compile(r"question[ \t]*(\d+)\b", re.IGNORECASE)
# A checklist item, with the indented lines it wraps onto: a task-list item as GitHub renders
# one, in a bullet list ('*', '-', '+') or an ordered one ('1.', '1)'); '[text](url)' is a link.
_ITEM_BLOCK = re.compile(
    r"\n {0,3}(?:[*+-]|\d{1,9}[.)])[ \t]+\[([^\]\n]*)\](?!\()[ \t]?([^\n]*(?:\n[ \t]+(?![*+-][ \t])\S[^\n]*)*)"
)
_ITEM_MARK = re.compile(r"\n {0,3}(?:[*+-]|\d{1,9}[.)])[ \t]+\[([^\]\n]*)\](?!\()")  # where _ITEM_BLOCK starts
_WORDS_RANGE = re.compile(r"Recommended answer length:?\s*(\d+)\s*-\s*(\d+)\s*words", re.IGNORECASE)
# (?<!\d): a match can only start where a run of digits starts (it must take the whole run), so
# re need not retry from every digit of a long run: quadratic before, the same matches.
_IMAGES_RANGE = re.compile(r"(?<!\d)(\d+)(?:\s*(?:to|-)\s*(\d+))?\s*screenshots?", re.IGNORECASE)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# A line that may be a heading or fence, after the newline before it (possessive: [ \t] is never
# '#', '`' or '~'). The match runs to the line's end, so its span is the line's.
_CANDIDATE = re.compile(r"\n([ \t]*+[#`~][^\n]*)")
_CANDIDATE_AT = re.compile(r"[ \t]*+[#`~][^\n]*")  # the same, for the line a search starts at
_INDENTED_FENCE = re.compile(r"[ \t]+(`{3,}|~{3,})")  # fences in list items are indented further


def _number(digits: str) -> int:
    """A number written in the report. int() refuses more than 4,300 digits (ValueError, Python's
    default limit); such a number names no question and no sensible length: 10**18 stands in."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= 4300 else 10**18


def _heading(line: str) -> tuple[int, str] | None:
    """The level and title of an ATX heading line, or None. The usual line, '#'s at its start and
    a space after them, is read with str methods; any other goes to _HEADING (a regex call costs
    more than the rest of reading a heading)."""
    if line[:1] == "#":
        rest = line.lstrip("#")
        level = len(line) - len(rest)
        if level <= 6:
            if not rest:
                return level, ""
            if rest[0] in " \t":
                return level, rest.lstrip(" \t").rstrip(" \t#").strip()
            # Anything else after the '#'s is no heading (not even with fewer of them).
            return None
    h = _HEADING.match(line)
    if h is None:
        return None
    hashes, title = h.groups()
    return len(hashes), title.strip() if title else ""


def _question_number(title: str) -> int | None:
    """The N of a title "Question N ...", or None. The template's own "Question 12" is read with
    str methods; any other goes to _QUESTION."""
    digits = title[9:]
    if title.startswith("Question ") and digits.isdigit() and digits.isascii() and len(digits) < 6:
        return int(digits)
    q = _QUESTION.match(title)
    return _number(q.group(1)) if q else None


# The one recogniser of question headings: the parser, the plugin (which page is a report) and the
# badges (which rendered heading gets which badge) all read a heading's title with it.
question_number = _question_number

# Lines that may be a question heading: '#'s, then 'question' (cheap to search a whole page for).
_QUESTION_LINE = re.compile(r"^ {0,3}#{1,6}[ \t]*question[^\n]*", re.IGNORECASE | re.MULTILINE)


def has_question_heading(text: str, number: int = 1) -> bool:
    """Whether ``text`` has a heading that the parser reads as question ``number``."""
    for m in _QUESTION_LINE.finditer(text):
        heading = _heading(m.group(0))
        if heading is not None and _question_number(heading[1]) == number:
            return True
    return False


def _is_question(line: str) -> bool:
    heading = _heading(line)
    return heading is not None and _question_number(heading[1]) is not None

TICKED = frozenset({"x"})
VALID_MARKS = frozenset({" ", "x", "X"})
# Marks that clearly mean "done" but are not valid GitHub task-list syntax.
TICK_LIKE = frozenset({"y", "yes", "ok", "v", "done", "✓", "✔", "✔️", "✅", "☑", "☑️", "+", "*"})


# Heading: 1-based line, level (number of #), text, the question number it names (or None), and
# the char offsets where its line starts and ends (at its "\n", or the end of the text).
Heading = namedtuple("Heading", "line level text question start end")
_LINE, _START = attrgetter("line"), attrgetter("start")


class ChecklistItem:
    """An item whose mark is not valid task-list syntax (only those are kept one by one)."""

    __slots__ = ("line", "mark", "done", "text")

    def __init__(self, line: int, mark: str, done: bool, text: str):
        self.line, self.mark, self.done, self.text = line, mark, done, text


class ChecklistSection:
    __slots__ = ("title", "line", "done", "total", "odd")

    def __init__(self, title: str, line: int, done: int = 0, total: int = 0, odd: list[ChecklistItem] | None = None):
        self.title, self.line, self.done, self.total = title, line, done, total
        self.odd = odd if odd is not None else []


class Checklist:
    __slots__ = ("line", "sections")

    def __init__(self, line: int | None, sections: list[ChecklistSection]):
        self.line, self.sections = line, sections

    @property
    def done(self) -> int:
        return sum(section.done for section in self.sections)

    @property
    def total(self) -> int:
        return sum(section.total for section in self.sections)

    def odd_items(self):
        """Items marked with something other than '[ ]', '[x]' or '[X]'."""
        for section in self.sections:
            yield from section.odd


class Question(
    namedtuple(
        "Question",
        "number heading position last_line markers marker_line start end prompt words_hint images_hint hint_at",
    )
):
    """One ``### Question N`` section.

    number: as written in the heading; position: 1-based order among question headings;
    last_line: end of the section, a trailing template section heading trimmed; markers: offsets
    of the "Answer:" markers in the section; marker_line: the line of the first (None without
    one); start/end: char offsets of the group's answer (after the first marker);
    words_hint/images_hint: the prompt's own recommended lengths, and hint_at: the offset where it
    gives them (None when it does not).
    """

    __slots__ = ()

    @property
    def example(self) -> str:
        return _example(self.prompt)


COUNT_AT_MOST = 16 * 1024  # chars Report.line_of counts newlines over; a section is ~1 KB


class Report:
    """The parsed report. ``text`` is normalised (no BOM, "\n" line endings); ``fenced`` holds
    the char spans of fenced code blocks."""

    __slots__ = ("text", "front_matter_end", "headings", "checklist", "questions", "fenced", "markers", "_known", "_all")

    def __init__(self, text, front_matter_end, headings, checklist, questions, fenced, known, markers):
        self.text = text
        self.markers = markers  # the offset of every "Answer:" in the text, in order
        self.front_matter_end = front_matter_end
        self.headings = headings
        self.checklist = checklist
        self.questions = questions
        self.fenced = fenced
        # Line starts whose numbers the parse learnt (offsets, numbers): a line number is the
        # nearest of them plus the newlines in between. Numbering all ~600 lines of a report
        # costs more than counting for the few offsets that are ever asked about.
        self._known = known
        self._all: list[int] | None = None

    def line_of(self, offset: int) -> int:
        starts, lines = self._known
        i = bisect_right(starts, offset) - 1
        if offset - starts[i] <= COUNT_AT_MOST:
            return lines[i] + self.text.count("\n", starts[i], offset)
        # Far from any heading (a huge answer): number every line once, so that many findings in
        # it do not each count the same long stretch again.
        return bisect_right(self.line_starts, offset)

    @property
    def line_starts(self) -> list[int]:
        """The offset of every line."""
        if self._all is None:
            self._all = _line_starts(self.text.split("\n"))
        return self._all

    def offset_of(self, line: int) -> int:
        starts = self.line_starts
        return starts[min(max(line, 1), len(starts)) - 1]

    def answer(self, question: Question) -> str:
        return self.text[question.start : question.end]

    def in_fence(self, offset: int) -> bool:
        i = bisect_right(self.fenced, (offset, float("inf"))) - 1
        return i >= 0 and self.fenced[i][0] <= offset < self.fenced[i][1]


def normalise(text: str) -> str:
    """What Python's universal newlines make of a file, without the BOM."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _line_starts(lines: list[str]) -> list[int]:
    # start of line i = length of the lines before it + one newline each
    return list(map(add, accumulate(map(len, lines), initial=0), range(len(lines))))


def _front_matter(text: str) -> tuple[int, int]:
    """The number of lines of a YAML front-matter block at the top, and the offset after it."""
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


def parse(text: str) -> Report:
    text = normalise(text)
    length = len(text)
    fm_lines, fm_end = _front_matter(text)

    headings: list[Heading] = []
    qheads: list[Heading] = []  # the question headings
    sections: list[Heading] = []  # the other headings of level 1 or 2
    fenced: list[tuple[int, int]] = []
    fence: str | None = None
    fence_start = fence_indent = 0
    count, find = text.count, text.find
    # Only heading and fence lines matter, except inside an indented fence (see below).
    # (start, end) of each candidate line; a search by (pos,) finds the first starting at pos or later
    candidates = [m.span(1) for m in _CANDIDATE.finditer(text, fm_end)]
    first_line = _CANDIDATE_AT.match(text, fm_end)
    if first_line:
        candidates.insert(0, first_line.span())
    pos, line_no = fm_end, fm_lines + 1  # the next line to look at: its offset and number
    next_candidate, last_candidate = 0, len(candidates)
    while True:
        if fence is None or fence_indent == 0:
            if next_candidate == last_candidate:
                break
            here, end = candidates[next_candidate]
            next_candidate += 1
            line_no += count("\n", pos, here)
        elif pos > length:
            break
        else:
            here = pos
            end = find("\n", here)
            if end == -1:
                end = length
        line = text[here:end]
        pos = end + 1
        if fence is not None and line.strip():
            indent = len(line) - len(line.lstrip())
            # A fence opened inside a list item ends with the item (CommonMark), and a question
            # heading always ends it: an unclosed fence must not swallow the rest of the report.
            if indent < fence_indent or (indent == 0 and line.startswith("#") and _is_question(line)):
                fenced.append((fence_start, here))
                fence = None
                next_candidate = bisect_left(candidates, (pos,), next_candidate)  # after this line
        first = line[:1]
        if first not in ("#", "`", "~", " "):
            line_no += 1
            continue
        m = _FENCE.match(line) if fence is not None or first != "#" else None
        if m is None and first == " " and fence is None:
            m = _INDENTED_FENCE.match(line)
        if m:
            ticks = m.group(1)
            if fence is None:
                fence, fence_start = ticks, here
                fence_indent = len(line) - len(line.lstrip())
            elif ticks[0] == fence[0] and len(ticks) >= len(fence) and not line.strip()[len(ticks) :]:
                if fence_indent:  # the lines of an indented fence were looked at one by one
                    next_candidate = bisect_left(candidates, (pos,), next_candidate)
                fence = None
                fenced.append((fence_start, end))
        elif fence is None and "#" in line[:4]:
            heading = _heading(line)
            if heading is not None:
                level, title = heading
                number = _question_number(title) if title[:1] in "qQ" else None
                heading = new_record(Heading, (line_no, level, title, number, here, end))
                headings.append(heading)
                if number is not None:
                    qheads.append(heading)
                elif level <= 2:
                    sections.append(heading)
        line_no += 1
    if fence is not None:
        fenced.append((fence_start, length))

    known = ([0, *map(_START, headings)], [1, *map(_LINE, headings)])
    # "Answer:" found once here, for both the questions and the official model
    report = Report(text, fm_lines, headings, Checklist(None, []), [], fenced, known, find_markers(text))
    report.checklist = _parse_checklist(report)
    report.questions = _parse_questions(report, qheads, sections)
    return report


def _parse_checklist(report: Report) -> Checklist:
    text, headings = report.text, report.headings
    first = next((i for i, h in enumerate(headings) if h.level <= 2 and "checklist" in h.text.lower()), None)
    if first is None:
        return Checklist(None, [])
    top = headings[first]
    # The headings after it up to the next section or question (headings are in order). A
    # heading of a section's level ('## Week 1' under '## Overall project checklist') goes on with
    # the checklist while items follow it before the next heading.
    last = None
    for i in range(first + 1, len(headings)):
        head = headings[i]
        if head.question is not None:
            last = i
            break
        if head.level <= 2:
            part_end = headings[i + 1].start if i + 1 < len(headings) else len(text)
            if _ITEM_MARK.search(text, head.end, part_end) is None:
                last = i
                break
    end = headings[last].start if last is not None else len(text)
    subheads = headings[first + 1 : last]
    sections: list[ChecklistSection] = []
    for i, head in enumerate(subheads or [top]):
        # From the newline that ends the heading's line: the pattern starts at a newline.
        a, b = head.end, subheads[i + 1].start if i + 1 < len(subheads) else end
        # The marks alone, counted per kind: a section has ~20 items but two or three kinds of mark.
        marks = Counter(_ITEM_MARK.findall(text, a, b))
        section = ChecklistSection(head.text if subheads else "Checklist", head.line, total=sum(marks.values()))
        odd: dict[str, bool] = {}  # each invalid mark, and whether it counts as done
        for mark, n in marks.items():
            low = mark.strip().lower()
            done = low in TICKED or low in TICK_LIKE
            section.done += n if done else 0
            if mark not in VALID_MARKS:
                odd[mark] = done
        if odd:  # one scan for all of them: one per kind is quadratic when every item has its own
            section.odd = list(_odd_items(report, a, b, odd))
        if section.total or subheads:
            sections.append(section)
    return Checklist(top.line, sections)


def _odd_items(report: Report, a: int, b: int, odd: dict[str, bool]):
    """The items between ``a`` and ``b`` marked with one of ``odd``, in order."""
    for m in _ITEM_BLOCK.finditer(report.text, a, b):
        mark = m.group(1)
        if mark in odd:
            body = m.group(2) if "\n" not in m.group(2) else " ".join(m.group(2).split())
            yield ChecklistItem(report.line_of(m.start() + 1), mark, odd[mark], body.strip())


def _parse_questions(report: Report, qheads: list[Heading], sections: list[Heading]) -> list[Question]:
    """``qheads``: the question headings; ``sections``: the other headings of level 1 or 2, which
    a question's region may end with (most regions hold none)."""
    text = report.text
    length = len(text)
    count, find = text.count, text.find
    marks = report.markers
    section_lines = [h.line for h in sections]
    questions: list[Question] = []
    k = 0  # the first marker not before the current region
    for pos, head in enumerate(qheads, 1):
        if pos < len(qheads):
            following = qheads[pos]
            last, region_end = following.line - 1, following.start - 1
        else:
            last, region_end = report.line_of(length), length
        first_section = bisect_right(section_lines, head.line) if section_lines else 0
        inside = bisect_right(section_lines, last, first_section) if section_lines else 0
        if inside > first_section:
            trimmed = _trim_section_block(text, sections[first_section:inside], region_end)
            last -= count("\n", trimmed, region_end)
            region_end = trimmed
        last_end = region_end  # where the region's last line ends
        region_start = min(head.end + 1, length)
        region_end = max(region_end, region_start)

        # The markers wholly inside the region. The first one's line comes from the prompt below;
        # the others' only when a finding needs one (Report.line_of).
        k = bisect_left(marks, region_start, k)
        markers = tuple(marks[k : bisect_right(marks, region_end - len(MARKER), k)])

        if markers:
            prompt_end = markers[0]
            start = prompt_end + len(MARKER)
        else:
            # No marker: the prompt is the quoted block under the heading; the answer follows it.
            n = region_start
            while n <= last_end and n < length:
                e = find("\n", n)
                if e == -1:
                    e = length
                line = text[n:e].lstrip()
                if line and not line.startswith(">"):
                    break
                n = e + 1
            prompt_end = min(n, length)
            start = min(prompt_end, region_end)

        prompt = text[region_start:prompt_end]
        words_hint, images_hint, hint_at, newlines = _hints(prompt)
        if hint_at is not None:
            hint_at += region_start
        # The prompt runs from the line after the heading to the first marker.
        marker_line = head.line + 1 + newlines if markers else None
        questions.append(
            new_record(
                Question,
                (head.question, head, pos, last, markers, marker_line, start, region_end, prompt, words_hint, images_hint, hint_at),
            )
        )
    return questions


# Lines that are blank or quoted, each after the newline that ends the line above.
_QUOTED_LINES = re.compile(r"(?:\n[^\S\n]*(?:>[^\n]*)?)*")


def _trim_section_block(text: str, sections: list[Heading], end: int) -> int:
    """Cut a trailing template section (``## Title`` and its quoted intro) off a question's region.
    ``sections``: the section headings inside the region; ``end``: where the region's last line
    ends. The result is where the trimmed region's last line ends: before the first of the
    section headings after which there are only blank lines, quoted lines and such headings."""
    trimmed = end
    for heading in reversed(sections):
        if _QUOTED_LINES.fullmatch(text, heading.end, trimmed) is None:
            break
        trimmed = heading.start - 1
    return trimmed


@lru_cache(maxsize=512)  # prompts repeat across every report of one template
def _hints(prompt: str) -> tuple[Range | None, Range | None, int | None, int]:
    """The prompt's own recommended word and screenshot ranges, where they are written, and the
    prompt's number of newlines (cached with them, so a marker's line costs nothing)."""
    words = images = at = None
    m = _WORDS_RANGE.search(prompt) if "ecommended" in prompt else None
    if m:
        words, at = Range(_number(m.group(1)), _number(m.group(2))), m.start()
    m = _IMAGES_RANGE.search(prompt) if "screenshot" in prompt else None
    if m:
        lo = _number(m.group(1))
        images = Range(lo, _number(m.group(2)) if m.group(2) else lo)
        at = m.start() if at is None else at
    return words, images, at, prompt.count("\n")


@lru_cache(maxsize=512)  # prompts repeat across every report of one template
def _example(prompt: str) -> str:
    idx = prompt.find("Example:")
    if idx == -1:
        return ""
    out = []
    for line in prompt[idx + len("Example:") :].split("\n"):
        line = line.strip().lstrip(">").strip().strip("*").strip()
        if line:
            out.append(line)
    return " ".join(out)


_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def inline_code(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) offsets of the inline code spans in ``text[start:end]`` (which should hold
    no fenced code), backticks included, in order.

    As CommonMark reads them: a run of N backticks opens a span that the next run of exactly N
    backticks in the same paragraph closes; a run without such a closer is literal text.
    Linear: the closers of each run length are visited once, in order."""
    runs = [m.span() for m in _BACKTICKS.finditer(text, start, end)]
    if len(runs) < 2:
        return []
    by_length: dict[int, list[int]] = {}  # run length -> the indexes of the runs of that length
    for i, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(i)
    next_of = dict.fromkeys(by_length, 0)  # per length: the first run not yet passed
    breaks = [m.start() for m in _BLANK_LINE.finditer(text, start, end)]  # paragraph ends
    spans = []
    i = 0
    while i < len(runs):
        a, b = runs[i]
        same = by_length[b - a]
        k = next_of[b - a]
        while k < len(same) and same[k] <= i:
            k += 1
        next_of[b - a] = k
        if k < len(same):
            j = same[k]
            close = runs[j][0]
            if bisect_left(breaks, b) == bisect_left(breaks, close):  # no paragraph break between
                spans.append((a, runs[j][1]))
                i = j + 1
                continue
        i += 1
    return spans
