"""Reading the report's text: normalising it, numbering its lines, recognising headings, and
counting words and images the way the course's checker counts them.

Everything here works on plain ``str`` and character offsets into it. ``report.py`` builds the
report's structure from these pieces; ``official.py`` models the checker with the counting ones;
the plugin and the badges recognise question headings with ``heading`` and ``question_number``,
so that a page, a parsed report and a rendered heading agree on which question is which.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

MARKER = "Answer:"
"""What the template writes before each answer (``> Answer:``); the checker splits on it."""


def quantity(n: int, noun: str) -> str:
    """``n`` and ``noun``, the noun in the plural unless ``n`` is 1: "1 word", "0 words", "3 words"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def normalise(text: str) -> str:
    """What Python's universal newlines make of a file, without the BOM: "\\r\\n" and lone "\\r"
    become "\\n". Every offset and line number in the package is into the normalised text."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


class LineIndex:
    """The 1-based line numbers of one text (lines end at "\\n"), worked out once, on first use.

    Every line number the package reports comes from here (``Report.line_of`` and
    ``Report.offset_of`` ask the report's index)."""

    __slots__ = ("_text", "_starts")

    def __init__(self, text: str):
        self._text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """The offset where each line starts, in order (line 1 at offset 0). A text ending in
        "\\n" has an empty last line after it."""
        if self._starts is None:
            # each line starts one newline after the start and length of the line before it
            lengths = (len(line) + 1 for line in self._text.split("\n")[:-1])
            self._starts = list(accumulate(lengths, initial=0))
        return self._starts

    def __len__(self) -> int:
        """The number of lines."""
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """The line holding the character at ``offset`` (a "\\n" belongs to the line it ends);
        an offset past the end is on the last line."""
        return bisect_right(self.starts, offset)

    def offset_of(self, line: int) -> int:
        """The offset where ``line`` starts; lines outside the text are clamped to its first or
        last line."""
        starts = self.starts
        return starts[min(max(line, 1), len(starts)) - 1]


def read_number(digits: str) -> int:
    """A number written in the report (a question number, a recommended length). int() refuses
    more than 4,300 digits (ValueError, Python's default limit); such a number names no question
    and no sensible length: 10**18 stands in for it."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= 4300 else 10**18


# --- headings ----------------------------------------------------------------------------------

# An ATX heading line as CommonMark writes it: up to three spaces, one to six '#', then a space or
# tab and the title, and an optional closing run of '#'. The title is everything up to the last
# character that is not a space, tab or '#' (written greedy: a lazy ``(.*?)`` before
# ``[ \t#]*$`` is quadratic on a long line such as "# # # ... x").
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+((?:.*[^ \t#])?))?[ \t#]*$")
# A question heading's title: "Question N", any case, N the first number after it.
_QUESTION = re.compile(r"question[ \t]*(\d+)\b", re.IGNORECASE)
# A line that may be a heading: up to three spaces, then '#'.
_HASH_LINE = re.compile(r"^ {0,3}#[^\n]*", re.MULTILINE)


def heading(line: str) -> tuple[int, str] | None:
    """The (level, title) of an ATX heading ``line`` (one line, no "\\n"), or None when it is
    not one. The title is stripped of surrounding whitespace and of a closing run of '#'."""
    found = _HEADING.match(line)
    if found is None:
        return None
    hashes, title = found.groups()
    return len(hashes), title.strip() if title else ""


def question_number(title: str) -> int | None:
    """The N of a heading title that starts "Question N" (any case), or None.

    The one recogniser of question headings: the parser, the plugin (which page is a report) and
    the badges (which rendered heading gets which badge) all read a title with it."""
    found = _QUESTION.match(title)
    return read_number(found.group(1)) if found else None


def question_heading(line: str) -> int | None:
    """The question number of a heading ``line``, or None when it is no question heading."""
    found = heading(line)
    return question_number(found[1]) if found is not None else None


def has_question_heading(text: str, number: int = 1) -> bool:
    """Whether some line of ``text`` is a heading of question ``number`` (code blocks are not
    told apart: a quick test of whether a page is a report)."""
    return any(question_heading(m.group(0)) == number for m in _HASH_LINE.finditer(text))


# --- inline code -------------------------------------------------------------------------------

_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def inline_code(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) offsets of the inline code spans in ``text[start:end]`` (which should hold
    no fenced code), backticks included, in order.

    As CommonMark reads them: a run of N backticks opens a span that the next run of exactly N
    backticks in the same paragraph closes; a run without such a closer is literal text.
    Linear: the closers of each run length are visited once, in order (a hostile answer of
    thousands of unmatched runs would be quadratic otherwise)."""
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


def code_spans(text: str, fenced, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The code of ``text[start:end]`` as a page shows it: the ``fenced`` code blocks (sorted
    (start, end) spans, ``Report.fenced``) and the inline code spans between them
    (``inline_code``), as (start, end) offsets clipped to the part, in order."""
    end = len(text) if end is None else end
    i = max(bisect_right(fenced, (start, float("inf"))) - 1, 0)
    spans, pos = [], start
    for a, b in fenced[i:]:
        if a >= end:
            break
        if b <= start:
            continue
        a, b = max(a, start), min(b, end)
        spans += inline_code(text, pos, a)
        spans.append((a, b))
        pos = b
    return spans + inline_code(text, pos, end)


# --- what the course's checker counts ----------------------------------------------------------

def find_markers(text: str) -> list[int]:
    """The offset of every ``MARKER`` ("Answer:") in ``text``, in order, not overlapping: the
    places where the checker's ``text.split("Answer:")`` cuts."""
    markers = []
    at = text.find(MARKER)
    while at != -1:
        markers.append(at)
        at = text.find(MARKER, at + len(MARKER))
    return markers


def count_words(text: str) -> int:
    """The checker's word count: ``len(text.split())`` (any run of whitespace separates words;
    Markdown, links and code count as words)."""
    return len(text.split())


IMAGE = re.compile(r"!\[.*?\]\(.*?\)")
"""The checker's image pattern: ``![...](...)`` on one line (``<img>`` tags and links are not
images to it). Use ``iter_images``/``count_images``/``image_texts``, which find the same matches."""

# IMAGE at a '![', or else the rest of that line. A try at a '![' succeeds exactly when a '](' follows
# it on the line with a ')' after that; when it fails, every later '![' on the line fails too (it
# has the same or fewer of both after it). re alone retried every '![' to the line's end (and, at
# each, every '](' after it): cubic on a long hostile line such as '![a](![a](...'. Here a failed try
# takes the rest of the line (the second branch, no group) and the atomic groups never retry a later '](':
# linear, with the same images (group 1) in the same places.
_IMAGE_OR_REST = re.compile(r"(!\[(?>.*?\]\()(?>.*?\)))|!\[.*")


def iter_images(text: str, pos: int = 0, endpos: int | None = None):
    """The matches of ``IMAGE.finditer(text, pos, endpos)``, in linear time; each one's
    ``group(0)``, ``start()`` and ``end()`` are IMAGE's."""
    end = len(text) if endpos is None else min(endpos, len(text))
    return (m for m in _IMAGE_OR_REST.finditer(text, pos, end) if m.group(1) is not None)


def image_texts(text: str, pos: int = 0, endpos: int | None = None) -> list[str]:
    """``IMAGE.findall(text[pos:endpos])`` in linear time, with an empty string in place of each
    line where a try failed (an image is never empty)."""
    return _IMAGE_OR_REST.findall(text, pos, len(text) if endpos is None else endpos)


def count_images(text: str, pos: int = 0, endpos: int | None = None) -> int:
    """The checker's image count: ``len(IMAGE.findall(text[pos:endpos]))``, in linear time."""
    # Every image starts with '![', which str.find looks for 10x faster than the pattern's scan,
    # and most answers have none: the official model of a real report takes half the CPU, its
    # whole check ~7 % less (the seeds' 1,000-report course: 4.4 -> 4.1 ms a report).
    if text.find("![", pos, len(text) if endpos is None else endpos) == -1:
        return 0
    found = image_texts(text, pos, endpos)
    return len(found) - found.count("")
