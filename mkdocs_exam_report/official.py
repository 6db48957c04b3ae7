"""A faithful model of the course's ``report.py check``: which text it takes as each answer,
what it counts, and when it gives up on the whole report.

The checker is string-based, not Markdown-aware: it splits the file on ``Answer:``, keeps each
part up to the first ``###`` and then up to the first ``##``, drops parts without ``###`` and
appends the last part once more. We keep character offsets so every answer maps back to lines.
"""

from __future__ import annotations

import re
from collections import namedtuple

from .editions import Edition, QuestionSpec, new_record

IMAGE = re.compile(r"!\[.*?\]\(.*?\)")
MARKER = "Answer:"
# The 2023 checker dropped a fixed-size header before splitting.
LEGACY_HEADER = 43


# start/end: char offsets of the answer in the normalised text; words/images: what the checker counts.
OfficialAnswer = namedtuple("OfficialAnswer", "start end words images")


class OfficialResult(namedtuple("OfficialResult", "readable answers verdicts total")):
    """``verdicts``: one bool per question when readable, else empty."""

    __slots__ = ()

    @property
    def passed(self) -> int:
        return sum(self.verdicts)

    @property
    def found(self) -> int:
        return len(self.answers)


# 0 for the characters str.split() splits on, 1 for the rest, for every byte of ASCII text.
_WORD_CLASSES = bytes(0 if chr(i).isspace() else 1 for i in range(128)) + bytes(128)


def count_words(text: str) -> int:
    """``len(text.split())``. ASCII text is counted without making a string of every word: a
    word starts wherever a separator is followed by another character."""
    if not text.isascii():
        return len(text.split())
    classes = text.encode("ascii").translate(_WORD_CLASSES)
    return classes.count(b"\0\1") + (classes[:1] == b"\1")


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


def count_images(text: str, pos: int = 0, endpos: int | None = None) -> int:
    """``len(IMAGE.findall(text[pos:endpos]))``, in linear time."""
    found = image_texts(text, pos, endpos)
    return len(found) - found.count("")


def image_texts(text: str, pos: int = 0, endpos: int | None = None) -> list[str]:
    """``IMAGE.findall(text[pos:endpos])`` in linear time, with an empty string in place of each
    line where a try failed (an image is never empty)."""
    return _IMAGE_OR_REST.findall(text, pos, len(text) if endpos is None else endpos)


def judge(spec: QuestionSpec | None, words: int, images: int) -> bool:
    if spec is None:
        return True
    # Comparisons, not `in`: Range.__contains__ is a Python call, and this runs for every question.
    limit = spec.words
    if limit is not None and not limit.min <= words <= limit.max:
        return False
    limit = spec.images
    if limit is not None and not limit.min <= images <= limit.max:
        return False
    return True


def find_markers(text: str) -> list[int]:
    """The offset of every "Answer:" in ``text``, in order."""
    markers = []
    find = text.find
    at = find(MARKER)
    while at != -1:
        markers.append(at)
        at = find(MARKER, at + len(MARKER))
    return markers


def _parts(text: str, begin: int, markers: list[int]) -> list[tuple[int, int]]:
    """Spans of ``text[begin:].split("Answer:")``, given ``find_markers(text)``."""
    spans = []
    start = begin
    for at in markers:
        if at >= begin:
            spans.append((start, at))
            start = at + len(MARKER)
    spans.append((start, len(text)))
    return spans


def run_official(text: str, edition: Edition, markers: list[int] | None = None) -> OfficialResult:
    """What the checker makes of ``text``; ``markers``: ``find_markers(text)`` if known."""
    if markers is None:
        markers = find_markers(text)
    if edition.legacy_split:
        parts = _parts(text, min(LEGACY_HEADER, len(text)), markers)
        skip = 1  # it dropped the first kept part, not the first split part
    else:
        parts = _parts(text, 0, markers)[1:]
        skip = 0
    find, startswith = text.find, text.startswith
    kept = []
    for a, b in parts:
        # The checker keeps a part up to its first '###', then up to the first '##' in that, and
        # drops a part without '###'. The first '##' comes at or before the first '###' (which
        # holds one), so one search finds the cut, and a second is needed only to learn whether
        # a '###' follows at all.
        cut = find("##", a, b)
        if cut != -1 and (startswith("###", cut, b) or find("###", cut, b) != -1):
            kept.append((a, cut))
    if parts:  # with no "Answer:" at all the real checker crashes on an empty list; it judges nothing
        kept.append(parts[-1])
    kept = kept[skip:]
    chunks = [text[a:b] for a, b in kept]
    words = list(map(count_words, chunks))
    images = list(map(count_images, chunks))
    answers = tuple(new_record(OfficialAnswer, (a, b, n, k)) for (a, b), n, k in zip(kept, words, images))
    readable = len(answers) == edition.total
    verdicts: tuple[bool, ...] = ()
    if readable:
        verdicts = tuple(map(judge, edition.questions, words, images))
    return OfficialResult(readable, answers, verdicts, edition.total)
