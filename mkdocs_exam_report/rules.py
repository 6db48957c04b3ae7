"""The checks. Each takes the parsed report and what we know of the official verdicts and yields
findings; ``engine.py`` runs them all and applies opt-outs and severity overrides."""

from __future__ import annotations

import os
import posixpath
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from itertools import accumulate

from .editions import Edition, new_record
from .findings import RULES, Finding
from .links import check_links
from .limits import listed
from .official import MARKER, OfficialResult, image_texts, iter_images
from .paths import outside_repository
from .report import COUNT_AT_MOST, Question, Report, inline_code

# Patterns start with a literal where possible: Python's re scans those far faster.
# (?<!---): a match can only start where a run of dashes starts (it must take the whole run), so
# re need not retry from every dash of a long run: quadratic before, the same matches. Checked
# after the leading '--', which re still scans for as a literal prefix (fast).
PLACEHOLDER = re.compile(r"--(?<!---)-*\s*question\s*\d+\s*fill\s*here\s*--+", re.IGNORECASE)
TODO_WORDS = ("TODO", "FIXME", "TBD", "XXX")
# Not part of a longer word (the sXXXXXX of a study number): no word character just before.
# A marker word on its own: not part of a file name or path ("TODO.md", "../TODO.md").
TODOS = re.compile(rf"(?<![\w/.\\-])({'|'.join(TODO_WORDS)})\b(?!\.\w)")
IMAGE_TARGET = re.compile(r"!\[[^\]\n]*\]\(\s*(<[^>\n]*>|[^)\s]*)(?:\s+[\"'(][^\n]*?)?\)")
PLAIN_IMAGE_LINK = re.compile(
    r"\[([^\]\n]*)\]\(\s*<?([^)\s>]+\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?))>?(?:\s+\"[^\"\n]*\")?\s*\)",
    re.IGNORECASE,
)
_IMAGE_NAME = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?)", re.IGNORECASE)  # as in PLAIN_IMAGE_LINK
_OPEN_AT_LINE_END = re.compile(r"\]\([^\S\n]*(?:\n|\Z)")  # a link whose path may be on the next line
_LINK_TEXT_END = re.compile(r"[\]\n]")
_LINK_PATH = re.compile(r"\s*<?[^)\s>]*")  # what PLAIN_IMAGE_LINK reads as the path after ']('


def _iter_plain_links(text: str, pos: int = 0) -> Iterator[re.Match]:
    """``PLAIN_IMAGE_LINK.finditer(text, pos)`` in linear time.

    re tries the pattern at every '[', and each try reads the link text up to the next ']' or
    newline, then the path after '](' to its end: quadratic on a long run of '[' or of '[a]('.
    When a try fails, a later '[' whose ']' comes before that ']' or newline fails the same way, and
    so does one whose '](' lies inside the path just read (its path is a shorter end of the same
    path; the extension and what follows are the same). The search goes on after those.
    A link names an image file on the line of its '[' (or, after '](' and a line break, on a later
    one), so other lines are skipped: a 10 MB report of '![](x)' lines has millions of '[' and no link.
    """
    find, match, stop, name_at = text.find, PLAIN_IMAGE_LINK.match, _LINK_TEXT_END.search, _IMAGE_NAME.search
    i = find("[", pos)
    open_at = _OPEN_AT_LINE_END.search
    eol = name = opening = -1  # the end of i's line; the next image file name; the next '](' ending a line
    while i != -1:
        if i > eol:
            eol = find("\n", i)
            if eol == -1:
                eol = len(text)
        if name < i:
            found = name_at(text, i)
            if found is None:
                return
            name = found.start()
        if opening < i:
            found = open_at(text, i)
            opening = found.start() if found else len(text)
        if name > eol and opening > eol:  # no image file named on the rest of this line, nor below it
            target = min(name, opening)
            i = find("[", text.rfind("\n", eol, target) + 1)
            continue
        m = match(text, i)
        if m:
            yield m
            i = find("[", m.end())
            continue
        after = stop(text, i + 1)
        if after is None:
            return
        resume = after.end()
        if text.startswith("](", after.start()):
            path_end = _LINK_PATH.match(text, after.start() + 2).end()
            inside = text.rfind("]", after.start(), path_end - 2)  # the last ']' with path after it
            if inside != -1:
                resume = inside + 1
        i = find("[", resume)


HTML_IMG = re.compile(r"<img\b", re.IGNORECASE)
# The rule list starts and ends with a character that is not a space. The older lazy form
# ``\s+([\w\-,\s*]+?)\s*-->`` let three quantifiers share the same spaces: cubic on an unclosed
# comment followed by a long run of spaces or words. (A comment with a blank list, which the lazy
# form matched, now does not match; either way it ignores nothing.)
IGNORE = re.compile(r"<!--\s*exam-report:\s*ignore\s+([\w\-,*](?:[\w\-,\s*]*[\w\-,*])?)\s*-->", re.IGNORECASE)
# Up to four digits of their own, also inside a group's name ("MLOps51", "Group27", "group_12").
GROUP_NUMBER = re.compile(r"(?<!\d)\d{1,4}(?!\d)")
# \b[sS]\d{6}\b, written to start with the letter (re then skips to each 's' or 'S' instead of
# trying every position of a long answer) and to look back for the word boundary before it.
STUDY_NUMBER = re.compile(r"[sS](?<=\b[sS])\d{6}\b")
# Near one but not one: 's' and four, five, seven or eight digits.
ODD_STUDY_NUMBER = re.compile(r"[sS](?<=\b[sS])(?:\d{7,8}|\d{4,5})\b")
URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:|^//")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")


class Context:
    """What the checks share: the parsed report, the edition, the official result, the report's
    folder (None: do not look at files), the parsed question standing in for each expected
    number, and the (words, images) counts each question is judged by."""

    def __init__(self, report: Report, edition: Edition, official: OfficialResult, base_dir: str | None):
        self.report = report
        self.edition = edition
        self.official = official
        self.base_dir = base_dir
        self.root: str | None = None  # the repository; images whose real path is outside it are refused
        self.by_number: dict[int, Question] = {}
        self.counts: dict[int, tuple[int, int]] = {}
        self._answers = ""  # every answer, in order, joined by _BETWEEN
        self._starts: list[int] = []  # where each answer starts in _answers
        self._shifts: list[int] = []  # its offset in the report minus its offset in _answers
        self._numbers: list[int] = []
        self.answers: dict[int, str] = {}  # the text of each question's answer, by number
        self._placeholders: list[tuple[int, int, int, str]] | None = None
        # (revision, [(line, fact)]): the report fits this revision of another year better than
        # any of the judged year's, and the facts that contradict the judged template
        self.template: tuple[Edition, list[tuple[int, str]]] | None = None
        self._code: dict[int, list[tuple[int, int]]] = {}
        self.collector = None  # limits.Collector: which findings are listed (set by the engine)

    def has_code(self, number: int) -> bool:
        """Whether question ``number``'s answer has a code block or inline code."""
        self.in_code(number, -1)
        return bool(self._code[number])

    def in_code(self, number: int, offset: int) -> bool:
        """Whether ``offset`` in question ``number``'s answer lies in a code block or inline code."""
        spans = self._code.get(number)
        if spans is None:
            q = self.by_number[number]
            spans = self._code[number] = _code_spans(self, q.start, q.end)
        i = bisect_right(spans, (offset, float("inf"))) - 1
        return i >= 0 and spans[i][0] <= offset < spans[i][1]

    def room(self, rule: str, number: int | None) -> bool:
        """Whether a finding of ``rule`` in question ``number`` would be listed (limits.py).
        Checks that can find millions of things ask before working out a finding's line and
        message; when the rule is full, asking counts the finding as not listed."""
        return self.collector is None or self.collector.room(rule, number)

    def listed(self, rule: str, pattern: re.Pattern, finditer=None) -> Iterator[tuple[int, int, re.Match]]:
        """``in_answers(pattern, finditer)``, only the matches whose finding of ``rule`` is
        listed. Once the rule is full the rest are only counted as findings not listed (with
        ``findall``, in C, where there is a pattern to count)."""
        if self.collector is not None and self.collector.overrides.get(rule) == "off":
            return
        found = self.in_answers(pattern, finditer)
        for item in found:
            if self.room(rule, item[0]):
                yield item
            elif self.collector.full(rule):
                if finditer is None:  # one findall per answer left
                    starts, ends = self._starts, [*self._starts[1:], len(self._answers)]
                    k = bisect_right(starts, item[2].start()) - 1
                    rest = {
                        self._numbers[i]: len(pattern.findall(self._answers, item[2].end() if i == k else starts[i], ends[i]))
                        for i in range(k, len(starts))
                    }
                else:
                    rest = Counter(number for number, _, _ in found)
                self.collector.drop_counted(rule, rest)
                return

    @property
    def placeholders(self) -> list[tuple[int, int, int, str]]:
        """(question, start, end, text) of each template placeholder in the answers, in order."""
        if self._placeholders is None:
            self._placeholders = [
                (n, m.start() + shift, m.end() + shift, m.group(0)) for n, shift, m in self.in_answers(PLACEHOLDER)
            ]
        return self._placeholders

    def index_answers(self) -> None:
        spans = [(q.start, q.end, n) for n, q in self.by_number.items()]
        spans.sort()  # in question order already, unless questions were moved
        text = self.report.text
        pieces = [text[a:b] for a, b, _ in spans]
        self._answers = _BETWEEN.join(pieces)
        self._starts = list(accumulate((len(p) + len(_BETWEEN) for p in pieces[:-1]), initial=0)) if pieces else []
        self._shifts = [a - at for (a, _, _), at in zip(spans, self._starts)]
        self._numbers = [n for _, _, n in spans]
        self.answers = dict(zip(self._numbers, pieces))

    def in_answers(self, pattern: re.Pattern, finditer=None) -> Iterator[tuple[int, int, re.Match]]:
        """Matches of ``pattern`` (or of ``finditer(text)``) inside the answers, with the
        question's number and the shift that turns the match's offsets into offsets in the report.
        One scan of the answers alone: less than half the report, and nothing in between."""
        starts, shifts, numbers = self._starts, self._shifts, self._numbers
        for m in (finditer or pattern.finditer)(self._answers):
            i = bisect_right(starts, m.start()) - 1
            yield numbers[i], shifts[i], m

    def answers_with(self, literal: str) -> bool:
        return literal in self._answers

    def answers_containing(self, literal: str) -> set[int]:
        """The numbers of the questions whose answers contain ``literal``: one scan, which skips
        to the next answer at each hit."""
        found: set[int] = set()
        find, starts, i = self._answers.find, self._starts, self._answers.find(literal)
        while i != -1:
            k = bisect_right(starts, i) - 1
            found.add(self._numbers[k])
            i = find(literal, starts[k + 1]) if k + 1 < len(starts) else -1
        return found


# Between answers in Context._answers: a line of its own that no pattern here matches across.
_BETWEEN = "\n\x00\n"


def finding(rule: str, message: str, line: int, question: int | None = None, hint: str | None = None) -> Finding:
    known = RULES[rule]
    return new_record(Finding, (rule, known.severity, message, line, question, hint or known.fix))


def _lineno(ctx: Context, offset: int, number: int | None = None) -> int:
    """The line of ``offset``. In the answer to question ``number``, counted from its '> Answer:'
    line, which is nearer than the heading Report.line_of counts from (but not over a long
    stretch: line_of numbers every line of a huge answer once)."""
    q = ctx.by_number.get(number)
    if q is not None and q.markers and 0 <= offset - q.markers[0] <= COUNT_AT_MOST:
        return q.marker_line + ctx.report.text.count("\n", q.markers[0], offset)
    return ctx.report.line_of(offset)


def _answer_line(q: Question) -> int:
    """The line of the question's '> Answer:', or of its heading when it has none."""
    return q.marker_line or q.heading.line


# --- structure -------------------------------------------------------------------------------


def check_structure(ctx: Context) -> Iterator[Finding]:
    report, edition = ctx.report, ctx.edition
    total = edition.total
    seen: dict[int, Question] = {}
    expected = 1
    for q in report.questions:
        n = q.number
        line = q.heading.line
        if n in seen:
            yield finding(
                "structure",
                f"'{q.heading.text}' appears a second time (first on line {seen[n].heading.line}); "
                "the official checker sees one answer too many",
                line,
                n,
                "Delete or merge the duplicated question.",
            )
            continue
        if not 1 <= n <= total:
            yield finding(
                "structure",
                f"there is no Question {n} in the {edition.name} template ({total} questions)",
                line,
                n,
            )
            continue
        if n != expected and n not in seen:
            if n > expected:
                missing = ", ".join(str(k) for k in range(expected, n) if k not in seen)
                if missing:
                    yield finding(
                        "structure",
                        f"'{q.heading.text}' follows Question {expected - 1 or 'headings'}: "
                        f"question {missing} is missing or renumbered",
                        line,
                        n,
                    )
            else:
                yield finding(
                    "structure",
                    f"'{q.heading.text}' is out of order (expected Question {expected} here)",
                    line,
                    n,
                )
        seen[n] = q
        expected = max(expected, n + 1)
        if q.heading.level != 3:
            level = "#" * q.heading.level
            yield finding(
                "structure",
                f"question heading is '{level} {q.heading.text}' but must be '### {q.heading.text}'; "
                "the official checker loses this answer and stops for the whole report",
                line,
                n,
                "Restore the heading level: three '#' followed by 'Question N'.",
            )
        if not q.markers:
            if ctx.official.readable:
                effect = "the official checker then takes the wrong text as this question's answer"
            else:
                effect = (
                    f"so the official checker finds {ctx.official.found} answers instead of {total} "
                    "and stops for the whole report"
                )
            yield finding(
                "structure",
                f"Question {n} has no '> Answer:' line, {effect}",
                report.line_of(q.start),
                n,
                "Put back the line '> Answer:' between the prompt and your answer.",
            )
    if report.questions:
        present = {q.number for q in report.questions}
        for k in range(1, total + 1):
            if k not in present and k >= expected:
                last = report.questions[-1]
                yield finding(
                    "structure",
                    f"Question {k} is missing: the report ends after Question {last.number}",
                    last.last_line,
                    k,
                )
        tail = report.text.rfind("Answer:")
        hit = report.text.find("###", tail) if tail != -1 else -1
        last = report.questions[-1]
        if hit != -1 and report.line_of(hit) > last.heading.line:
            yield finding(
                "structure",
                "a '###' after the last answer makes the official checker count that answer twice "
                "and stop for the whole report",
                report.line_of(hit),
                last.number,
                "Remove the heading after the last question, or make it bold text.",
            )
    elif report.text.strip():
        yield finding("structure", "no '### Question N' headings found: this is not an exam report", 1)


def structure_summary(ctx: Context) -> Finding | None:
    """The catch-all when the official checker gives up and nothing above pinpointed why."""
    return finding(
        "structure",
        f"the official checker finds {ctx.official.found} answers instead of {ctx.edition.total} and "
        "stops for the whole report ('Number of answers are different from the expected "
        f"{ctx.edition.total}')",
        1,
    )


# --- official verdicts -------------------------------------------------------------------------


def check_counts(ctx: Context) -> Iterator[Finding]:
    verdicts = ctx.official.verdicts
    for number, spec in enumerate(ctx.edition.questions, 1):
        if number not in ctx.counts or (verdicts and verdicts[number - 1]):
            continue  # not there, or within the limits by the official checker's own verdict
        words, images = ctx.counts[number]
        q = ctx.by_number.get(number)
        line = _answer_line(q) if q else 1
        if spec.words is not None and words not in spec.words:
            gap = spec.words.min - words if words < spec.words.min else words - spec.words.max
            side = "too few" if words < spec.words.min else "too many"
            yield finding(
                "words",
                f"{words} words, allowed {spec.words} ({gap} {side})",
                line,
                number,
            )
        if spec.images is not None and images not in spec.images:
            yield finding(
                "images",
                f"{images} embedded image{'s' if images != 1 else ''}, required {spec.images}",
                line,
                number,
            )


def _written_words(text: str) -> int:
    """Words a student wrote: those with a letter or digit (not a quote mark '>' or '**')."""
    return sum(1 for word in text.split() if any(c.isalnum() for c in word))


def _next_section_start(ctx: Context, q: Question, number: int) -> int:
    """Where the template's section heading that opens question ``number + 1``'s section starts
    inside ``q``'s region (the parser trims it only with its intro still quoted), else ``q.end``.
    What follows it is the course's heading and intro, not the group's writing."""
    title = dict(ctx.edition.sections).get(number + 1)
    if title is None:
        return q.end
    key = title.casefold()
    headings = ctx.report.headings
    i = bisect_right(headings, q.end, key=_heading_start) - 1
    while i >= 0 and headings[i].start >= q.start:
        h = headings[i]
        if h.level <= 2 and h.question is None and " ".join(h.text.split()).casefold() == key:
            return h.start
        i -= 1
    return q.end


def _heading_start(heading) -> int:
    return heading.start


def check_official_cut(ctx: Context) -> Iterator[Finding]:
    """Words the group wrote that the official checker does not count: before a second
    'Answer:' (the label itself, a bare 'Answer:' line, loses nothing), or after a '##' inside
    the answer (the next section's template heading and intro, quoted or not, are not the
    group's)."""
    text = ctx.report.text
    last_number = ctx.edition.total
    for number, q in ctx.by_number.items():
        if not q.markers or number not in ctx.counts:
            continue
        if ctx.official.readable:
            seen_span = ctx.official.answers[number - 1]
            if seen_span.start == q.start and not text[seen_span.end : q.end].strip():
                continue  # the checker read exactly what was written
        seen = ctx.counts[number][0]
        if len(q.markers) > 1:
            # the checker keeps what follows the last 'Answer:'
            lost = _written_words(text[q.start : q.markers[-1]].replace(MARKER, " "))
            if lost:
                line = ctx.report.line_of(q.markers[-1])
                which = "a second" if len(q.markers) == 2 else "another"
                yield finding(
                    "official-cut",
                    f"{which} 'Answer:' on line {line}: the official checker ignores the {lost} words "
                    f"you wrote before it and counts {seen}",
                    line,
                    number,
                )
            continue
        if number == last_number:
            continue
        end = _next_section_start(ctx, q, number)
        cut = text.find("##", q.start, end)
        lost = _written_words(text[cut:end]) if cut != -1 else 0
        if lost:
            yield finding(
                "official-cut",
                f"the official checker stops reading at the '##' on line {ctx.report.line_of(cut)} "
                f"and counts {seen} of the {seen + lost} words you wrote",
                ctx.report.line_of(cut),
                number,
            )


# --- content ---------------------------------------------------------------------------------


def check_placeholders(ctx: Context) -> Iterator[Finding]:
    trimmed: dict[int, tuple[int, int]] = {}
    for number, start, end, placeholder in ctx.placeholders:
        if not ctx.room("placeholder", number):
            continue
        q = ctx.by_number[number]
        # Is there anything but whitespace in the answer outside this placeholder? From where the
        # answer's text starts and ends, found once per answer, not by splitting it once per
        # placeholder (quadratic on an answer of many placeholders).
        if number not in trimmed:
            answer = ctx.answers[number]
            first = q.start + len(answer) - len(answer.lstrip())
            trimmed[number] = (first, q.start + len(answer.rstrip()))
        first, last = trimmed[number]
        rest = first < start or last > end
        state = "next to your answer" if rest else "instead of an answer"
        yield finding(
            "placeholder",
            f"the placeholder '{placeholder}' is still there {state} ({len(placeholder.split())} "
            "words that count)",
            _lineno(ctx, start, number),
            number,
        )


_DASH_RUN = re.compile(r"---+")


def _quote(text: str, at: str) -> str:
    """At most 60 characters of a line's text, from the side ``at`` ("start", "end", "both")."""
    if len(text) <= 60:
        return text
    if at == "start":
        return text[:59] + "…"
    if at == "end":
        return "…" + text[-59:]
    return text[:29] + "…" + text[-30:]


def check_placeholder_rest(ctx: Context) -> Iterator[Finding]:
    """Dashes left over from a half-deleted placeholder, or a '---' line under text (which
    Markdown turns into a heading of the line above).

    What is left of ``--- question N fill here ---`` when only its words were replaced sits at
    the start or the end of an answer's line (``--- We used it. ---``, ``our text---``), with
    or without a space; dashes between two words are an em dash typed as ``---``. One finding per
    line, at its first leftover."""
    report, text = ctx.report, ctx.report.text
    line_end = -1
    # The dashes of a whole placeholder are no leftover: skip them without looking at their line.
    placeholders = [(start, end) for _, start, end, _ in ctx.placeholders]
    for number, shift, m in ctx.in_answers(_DASH_RUN):
        start = m.start() + shift
        if start <= line_end:
            continue  # the line of an earlier run: judged once, as a whole
        k = bisect_right(placeholders, (start, len(text))) - 1
        if k >= 0 and start < placeholders[k][1]:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", m.end() + shift)
        if line_end == -1:
            line_end = len(text)
        line = text[line_start:line_end]
        if "|" in line or PLACEHOLDER.search(line) is not None or report.in_fence(start):
            continue  # a table row, the placeholder rule's line, or code
        content = line.strip().lstrip(">").strip()  # the line's text, also inside a quote
        if set(content) == {"-"}:
            above_end = line_start - 1
            above = text[text.rfind("\n", 0, max(above_end, 0)) + 1 : max(above_end, 0)]
            if above.strip() and line_start > ctx.by_number[number].start and ctx.room("placeholder-rest", number):
                yield finding(
                    "placeholder-rest",
                    "a '---' line right under text turns that text into a heading when rendered",
                    _lineno(ctx, start, number),
                    number,
                )
            continue
        # three or more dashes before (after) the first (last) other character
        lead = len(content) - len(content.lstrip("-")) >= 3
        body = content.rstrip("-")
        tail = len(content) - len(body) >= 3
        if lead and tail:
            where, at = "at both ends of", line_start + line.index(content)
        elif lead or tail:
            where = "at the start of" if lead else "at the end of"
            at = line_start + line.index(content) + (0 if lead else len(body))
        else:
            continue  # dashes between words: an em dash
        side = "both" if lead and tail else "start" if lead else "end"
        if not ctx.room("placeholder-rest", number):
            continue
        yield finding(
            "placeholder-rest",
            f"'---' left {where} '{_quote(content, side)}': a leftover of the placeholder?",
            _lineno(ctx, at, number),
            number,
        )


# Words as the examples are compared: runs of characters other than spaces and punctuation, in
# lower case; in prose a '...' (or '…') is a gap of the example's.
_PUNCTUATION = "*_`.,;:!?()[]\"'…"
_WORD = re.compile(rf"[^\s{re.escape(_PUNCTUATION)}]+")
_WORD_OR_GAP = re.compile(rf"\.{{3,}}|…|[^\s{re.escape(_PUNCTUATION)}]+")
GAP = "..."  # the token of a gap (no word is made of dots)


def _example_words(text: str) -> list[str]:
    """The words and gaps of a template example."""
    return [m.group(0).lower() if m.group(0)[0] not in ".…" else GAP for m in _WORD_OR_GAP.finditer(text)]


def _answer_parts(ctx: Context, q: Question) -> list[tuple[re.Pattern, int, int]]:
    """How an answer is read into words: (pattern, start, end) per part, in order. A '...' inside
    inline code or a code block is no gap (``@hydra.main(...)``, ``docker run image ...``): the
    code's words count, its dots do not."""
    parts, pos = [], q.start
    for a, b in [*_code_spans(ctx, q.start, q.end), (q.end, q.end)]:
        parts += [(_WORD_OR_GAP, pos, a), (_WORD, a, b)]
        pos = b
    return parts


def _answer_words(parts: list[tuple[re.Pattern, int, int]], text: str) -> list[str]:
    """The words (lower case) and gaps (GAP) of an answer read by ``_answer_parts``. findall, not
    a Python step per word: an answer can be megabytes (the 10 MB hostile report took 3 s here)."""
    words: list[str] = []
    for pattern, a, b in parts:
        words += pattern.findall(text, a, b)
    return [GAP if word[0] in ".…" else word.lower() for word in words]


def _word_offset(parts: list[tuple[re.Pattern, int, int]], text: str, index: int) -> int:
    """Where the ``index``-th word of ``_answer_words`` starts in ``text``."""
    for pattern, a, b in parts:
        for m in pattern.finditer(text, a, b):
            if index == 0:
                return m.start()
            index -= 1
    raise IndexError(index)


def _code_spans(ctx: Context, start: int, end: int) -> list[tuple[int, int]]:
    """The fenced code blocks and inline code spans between ``start`` and ``end``, in order."""
    fenced = ctx.report.fenced
    i = max(bisect_right(fenced, (start, float("inf"))) - 1, 0)
    spans, pos = [], start
    for a, b in fenced[i:]:
        if a >= end:
            break
        if b <= start:
            continue
        a, b = max(a, start), min(b, end)
        spans += inline_code(ctx.report.text, pos, a)
        spans.append((a, b))
        pos = b
    return spans + inline_code(ctx.report.text, pos, end)


_example_cache: dict[str, tuple[frozenset, frozenset, Counter, int]] = {}


def _example_facts(q: Question) -> tuple[frozenset, frozenset, Counter, int]:
    """Of the question's example: its word triples (read over its gaps), the (word before, word
    after) of each gap (None at either end), its words counted, and its number of gaps. Cached by prompt: every report of
    one template edition has the same prompts."""
    cached = _example_cache.get(q.prompt)
    if cached is None:
        words = _example_words(q.example)
        ends = [None, *words, None]
        gaps = frozenset((ends[i], ends[i + 2]) for i, w in enumerate(words) if w == GAP)
        gap_count = words.count(GAP)
        words = [w for w in words if w != GAP]
        if len(_example_cache) >= 1024:  # edited prompts of many reports: keep memory bounded
            _example_cache.clear()
        cached = _example_cache[q.prompt] = (_triples(words), gaps, Counter(words), gap_count)
    return cached


def _triples(words: list[str]) -> frozenset:
    return frozenset(zip(words, words[1:], words[2:]))


def check_examples(ctx: Context) -> Iterator[Finding]:
    """Answers not written yet: the template's example with its gaps still in, or the example
    with hardly a word of the group's own. An answer that follows the example's pattern and fills
    its gaps is written (the template means the example as a pattern).

    A gap left is a '...' in prose (not in code) with the same word before and after it as one
    of the example's gaps, in an answer that repeats at least 20 % of the example's word triples
    (three words in a row, read over the gaps).
    Copied is an answer that repeats at least 60 % of them and has fewer words that are not the
    example's than the example has gaps (no such word, for an example without gaps): a gap got
    no word. Linear in the answer and the example (sets of triples)."""
    for number, q in ctx.by_number.items():
        triples, gaps, example_words, gap_count = _example_facts(q)
        if not triples:
            continue
        parts = _answer_parts(ctx, q)
        words = _answer_words(parts, ctx.report.text)
        prose = [w for w in words if w != GAP]
        shared = len(triples & _triples(prose)) / len(triples)
        if shared < 0.2:
            continue
        ends = [None, *words, None]
        left = next((i for i, w in enumerate(words) if w == GAP and (ends[i], ends[i + 2]) in gaps), None)
        if left is not None:
            yield finding(
                "example-copied",
                "the answer follows the template's example and still has its '...' gaps",
                _lineno(ctx, _word_offset(parts, ctx.report.text, left), number),
                number,
            )
        elif shared >= 0.6:
            own = Counter(prose)
            own.subtract(example_words)
            # fewer than one word for each of the example's gaps (one for an example without gaps)
            if sum(n for n in own.values() if n > 0) < max(1, gap_count):
                yield finding(
                    "example-copied",
                    f"the answer repeats {round(shared * 100)}% of the template's example and adds "
                    "hardly a word of its own",
                    _answer_line(q),
                    number,
                )


def check_todos(ctx: Context) -> Iterator[Finding]:
    """``todo``: a marker word (TODO, FIXME, TBD, XXX) in an answer's prose; not in code (a
    quoted `# TODO` comment), not in a file name (``TODO.md``), once per word and line."""
    if not any(map(ctx.answers_with, TODO_WORDS)):  # most reports have none: a plain search says so fastest
        return
    code = None  # the answers' code blocks and spans: a `TODO` there is code the group quotes
    seen = set()
    for number, shift, m in ctx.listed("todo", TODOS):
        start = m.start() + shift
        if code is None:
            code = sorted(span for q in ctx.by_number.values() for span in _code_spans(ctx, q.start, q.end))
        i = bisect_right(code, (start, float("inf"))) - 1
        if i >= 0 and code[i][0] <= start < code[i][1]:
            continue
        line = _lineno(ctx, start, number)
        if (line, m.group(1)) not in seen:  # one finding per marker word and line
            seen.add((line, m.group(1)))
            yield finding("todo", f"'{m.group(1)}' left in the answer", line, number)


def check_images(ctx: Context) -> Iterator[Finding]:
    for number, shift, m in ctx.listed("image-link", PLAIN_IMAGE_LINK, _plain_links):
        yield finding(
            "image-link",
            f"'{m.group(0)}' is a link, not an embedded image; the official checker counts it as 0",
            _lineno(ctx, m.start() + shift, number),
            number,
            f"Write it as '!{m.group(0)}'.",
        )
    for number, shift, m in ctx.listed("image-html", HTML_IMG) if ctx.answers_with("<") else ():
        yield finding(
            "image-html",
            "an HTML <img> tag; the official checker counts it as 0 images",
            _lineno(ctx, m.start() + shift, number),
            number,
        )
    # What each image written is found to be, by its text: its rules and (rule, message, hint).
    verdicts: dict[str, tuple[frozenset[str], list[tuple[str, str, str | None]]]] = {}

    def verdict(image: str) -> tuple[frozenset[str], list[tuple[str, str, str | None]]]:
        target = IMAGE_TARGET.match(image)
        found = []
        for rule, message, *hint in _check_image_target(ctx, target.group(1)) if target else ():
            found.append((rule, message, hint[0] if hint else None))
        verdicts[image] = frozenset(rule for rule, _, _ in found), found
        return verdicts[image]

    collector = ctx.collector
    for number, answer in ctx.answers.items():
        if "![" not in answer:
            continue
        q = ctx.by_number[number]
        code = ctx.has_code(number)  # images in code are check_image_code's
        # Rules that list nothing more in this answer; an image whose findings are all of those
        # is only counted (millions of images must not cost a finding each).
        closed = {rule for rule in _IMAGE_RULES if collector is not None and not collector.open(rule, number)}
        counted: Counter[str] = Counter()
        tried = None  # the closed rules when the rest was last counted in one go
        for m in iter_images(answer):
            if code and ctx.in_code(number, q.start + m.start()):
                continue  # shown as code, not as an image: check_image_code says so
            image = m.group(0)
            rules, found = verdicts.get(image) or verdict(image)
            if rules <= closed:
                if tried != closed and not code:  # at most once per rule that closes: linear
                    tried = set(closed)
                    # Most likely the rest of the answer lists nothing more either: count it in one go.
                    rest = Counter(image_texts(answer, m.start()))
                    del rest[""]
                    if all((verdicts.get(image) or verdict(image))[0] <= closed for image in rest):
                        counted.update(rest)
                        break
                counted[image] += 1
                continue
            wanted = [(rule, message, hint) for rule, message, hint in found if ctx.room(rule, number)]
            if wanted:
                line = _lineno(ctx, q.start + m.start(), number)
                for rule, message, hint in wanted:
                    yield finding(rule, message, line, number, hint)
                if collector is not None:
                    closed.update(rule for rule in _IMAGE_RULES if not collector.open(rule, number))
        for image, n in counted.items():
            for rule in verdicts[image][0]:
                collector.drop_counted(rule, {number: n})


def check_image_code(ctx: Context) -> Iterator[Finding]:
    """Screenshots written inside backticks or a code block: the official checker counts them
    (it does not read Markdown), but GitHub and the course's HTML page show the text as code."""
    for number, answer in ctx.answers.items():
        if "![" not in answer or not ctx.has_code(number):
            continue  # most answers: no image, or no code to hide one in
        start_of = ctx.by_number[number].start
        for m in iter_images(answer):
            start = start_of + m.start()
            if not ctx.in_code(number, start) or not ctx.room("image-code", number):
                continue
            where = "a code block" if ctx.report.in_fence(start) else "backticks (inline code)"
            image = m.group(0) if len(m.group(0)) <= 80 else m.group(0)[:79] + "…"
            yield finding(
                "image-code",
                f"'{image}' is inside {where}: the official checker counts it as an image, but it is shown "
                "as code and the screenshot is not visible",
                _lineno(ctx, start, number),
                number,
            )


_IMAGE_RULES = ("image-missing", "image-path", "image-format")


def _plain_links(text: str) -> Iterator[re.Match]:
    """The plain links to an image file in ``text``: not the ``[...](...)`` of an embedded image."""
    return (m for m in _iter_plain_links(text) if not (m.start() and text[m.start() - 1] == "!"))


def _check_image_target(ctx: Context, raw: str) -> Iterator[tuple[str, ...]]:
    """(rule, message) or (rule, message, hint) of each finding on the image target ``raw``."""
    target = raw.strip("<>").strip()
    if not target:
        yield "image-missing", "an embedded image without a path"
        return
    if URL.match(target) or target.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", target):
        yield "image-path", f"'{target}' is a URL or absolute path; it will not be part of the handed-in report folder"
        return
    path = target.split("#", 1)[0].split("?", 1)[0]
    if "%" in path:  # unquote changes nothing else; urllib.parse costs the CLI 2 ms to import
        from urllib.parse import unquote

        path = unquote(path)
    path = path.replace("\\", "/")
    normal = posixpath.normpath(path)
    if normal.startswith("../") or normal == "..":
        yield "image-path", f"'{target}' points outside the report's folder"
        return
    suffix = posixpath.splitext(normal)[1]
    if suffix not in IMAGE_EXTENSIONS:
        if suffix.lower() in IMAGE_EXTENSIONS:
            message = f"'{target}' has the upper-case extension '{suffix}'; use '{suffix.lower()}'"
        else:
            message = f"'{target}' is not a .png, .jpg or .jpeg file"
        yield "image-format", message
    if ctx.base_dir is not None and not _exists_exact(ctx.base_dir, normal):
        yield "image-missing", f"'{target}' does not exist next to the report (names are case-sensitive)"
    elif ctx.base_dir is not None and ctx.root is not None:
        yield from _check_image_inside(ctx, target, normal)


def _check_image_inside(ctx: Context, target: str, normal: str) -> Iterator[tuple[str, str, str]]:
    """An image that exists but is (or lies in a folder that is) a symbolic link to somewhere
    outside the repository ``ctx.root``: refused (the plugin does not publish it; GitHub shows
    no image for it)."""
    real = outside_repository(os.path.join(ctx.base_dir, *normal.split("/")), ctx.root)
    if real is not None:
        yield (
            "image-path",
            f"'{target}' is a symbolic link to {real}, outside the repository; it is not published "
            "and shows as a broken image on GitHub",
            "Copy the image into the report's folder instead of linking to it.",
        )


_listing_cache: dict[str, frozenset[str] | None] = {}


def _listing(folder: str) -> frozenset[str] | None:
    if folder not in _listing_cache:
        try:
            _listing_cache[folder] = frozenset(os.listdir(folder))
        except OSError:
            _listing_cache[folder] = None
    return _listing_cache[folder]


def _exists_exact(base: str, relative: str) -> bool:
    """Exact-case existence of a file below ``base``, without leaving it or reading any file."""
    parts = [p for p in relative.split("/") if p not in ("", ".")]
    # One stat settles a missing file; only a file that exists needs its folders listed, for the
    # case of each name (a case-insensitive file system finds 'Figures/A.PNG' too).
    if not parts or not os.path.isfile(os.path.join(base, *parts)):
        return False
    folder = base
    for part in parts:
        entries = _listing(folder)
        if entries is None or part not in entries:
            return False
        folder = os.path.join(folder, part)
    return True


def clear_cache() -> None:
    _listing_cache.clear()


def check_group_info(ctx: Context) -> Iterator[Finding]:
    q1 = ctx.by_number.get(1)
    if q1 is not None:
        answer = PLACEHOLDER.sub("", ctx.answers[1])
        if not GROUP_NUMBER.search(answer):
            yield finding("group-number", "no group number in the answer", _answer_line(q1), 1)
    q2 = ctx.by_number.get(2)
    if q2 is not None:
        answer = PLACEHOLDER.sub("", ctx.answers[2])
        numbers: Counter[str] = Counter()
        for written, times in Counter(STUDY_NUMBER.findall(answer)).items():
            numbers[written.lower()] += times
        line = _answer_line(q2)
        if not numbers:
            yield finding("study-numbers", "no study numbers (s + 6 digits) in the answer", line, 2)
        dupes = sorted(n for n, times in numbers.items() if times > 1)
        if dupes:
            yield finding("study-numbers", f"study number listed twice: {listed(dupes)}", line, 2)
        odd = ODD_STUDY_NUMBER.findall(answer)
        if odd:
            yield finding(
                "study-numbers",
                f"not a study number (s + 6 digits): {listed(odd)}",
                line,
                2,
            )


def check_checklist(ctx: Context) -> Iterator[Finding]:
    for item in ctx.report.checklist.odd_items():
        if not ctx.room("checklist", None):
            continue
        counted = "counted as done" if item.done else "not counted as done"
        yield finding(
            "checklist",
            f"checklist mark '[{item.mark}]' is not '[ ]' or '[x]' ({counted})",
            item.line,
            hint="Use '[x]' for done and '[ ]' for not done.",
        )


def check_edition(ctx: Context) -> Iterator[Finding]:
    """A report on another year's template, judged by this year's (``--edition``): one finding,
    at the first fact that contradicts the judged template (a prompt's recommended length, or a
    phrase of another revision). Revisions of the same year are that year and never fire."""
    if ctx.template is None:
        return
    other, against = ctx.template
    line, fact = against[0] if against else (1, "its prompts")
    number = next((q.number for q in reversed(ctx.report.questions) if q.heading.line <= line), None)
    yield finding(
        "edition",
        f"{fact}: the report seems to use the {other.name} template, not the {ctx.edition.name} one",
        line,
        number if number in ctx.by_number else None,
    )


CHECKS = (
    check_counts,
    check_official_cut,
    check_placeholders,
    check_placeholder_rest,
    check_examples,
    check_todos,
    check_images,
    check_image_code,
    check_group_info,
    check_checklist,
    check_edition,
    check_links,
)


def ignored_rules(text: str, q: Question) -> set[str]:
    rules: set[str] = set()
    for m in IGNORE.finditer(text, q.start, q.end):
        rules.update(r.strip().lower() for r in m.group(1).split(",") if r.strip())
    return rules
