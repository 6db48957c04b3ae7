"""A faithful model of the course's ``report.py check``: which text it takes as each answer,
what it counts, and when it gives up on the whole report.

The checker is string-based, not Markdown-aware: it splits the file on ``Answer:``, keeps each
part up to the first ``###`` and then up to the first ``##``, drops parts without ``###`` and
appends the last part once more. It counts words with ``str.split`` and images with one regular
expression (``text.count_words`` / ``text.count_images`` model both). We keep character offsets
so every answer maps back to lines.

Which checker a report was written for is a fact of its template edition (``Edition.checker``,
one of the ``Checker`` variants below): a group runs the copy of ``report.py`` that came with
its template.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .text import MARKER, count_images, count_words, find_markers

if TYPE_CHECKING:
    from .editions import Edition, QuestionSpec

__all__ = ["MARKER", "Checker", "CHECKER", "CHECKER_2023", "OfficialAnswer", "OfficialResult", "judge", "run_official"]


class Checker(NamedTuple):
    """One version of the course's checker, by what it does before it splits the file.

    ``header``: characters it cuts off the start of the file before splitting on "Answer:"
    (0: none); ``drops_first_kept``: it drops the first of the parts it kept (the 2023 checker),
    rather than the first part of the split (the text before the first "Answer:", later years)."""

    name: str
    header: int
    drops_first_kept: bool


CHECKER = Checker(name="2024 and later", header=0, drops_first_kept=False)
# The 2023 checker dropped the template's 43-character title line before splitting, and then
# dropped the first kept part, not the first split part.
CHECKER_2023 = Checker(name="2023", header=43, drops_first_kept=True)


class OfficialAnswer(NamedTuple):
    """One answer as the checker takes it: ``start``/``end``, character offsets of its text in
    the normalised report; ``words``/``images``: what the checker counts in it."""

    start: int
    end: int
    words: int
    images: int


class OfficialResult(NamedTuple):
    """What the checker makes of a report. ``readable``: it found exactly one answer per
    question of the edition (else it reports the wrong count and judges nothing); ``answers``:
    the answers it took, in order; ``verdicts``: one bool per question when readable, else
    empty; ``total``: the edition's number of questions."""

    readable: bool
    answers: tuple[OfficialAnswer, ...]
    verdicts: tuple[bool, ...]
    total: int

    @property
    def passed(self) -> int:
        return sum(self.verdicts)

    @property
    def found(self) -> int:
        return len(self.answers)


def judge(spec: QuestionSpec | None, words: int, images: int) -> bool:
    """The checker's verdict on one answer: its word and image counts within the question's
    inclusive limits (a question without limits, or without a spec, always passes)."""
    if spec is None:
        return True
    if spec.words is not None and words not in spec.words:
        return False
    if spec.images is not None and images not in spec.images:
        return False
    return True


def _parts(text: str, begin: int, markers: Sequence[int]) -> list[tuple[int, int]]:
    """The (start, end) spans of the checker's ``text[begin:].split("Answer:")``, given
    ``find_markers(text)``."""
    spans = []
    start = begin
    for at in markers:
        if at >= begin:
            spans.append((start, at))
            start = at + len(MARKER)
    spans.append((start, len(text)))
    return spans


def run_official(text: str, edition: Edition, markers: Sequence[int] | None = None) -> OfficialResult:
    """What the checker of ``edition`` (``edition.checker``) makes of the normalised ``text``;
    ``markers``: ``find_markers(text)`` if known.

    Step by step as the checker does it: cut its header (2023), split on "Answer:", drop the
    text before the first marker (2024 on), keep each part up to its first '##' when a '###'
    follows (else drop it), append the last part once more, drop the first kept part (2023);
    then count each answer's words and images, and judge them only when there is exactly one
    answer per question (``readable``)."""
    if markers is None:
        markers = find_markers(text)
    checker = edition.checker
    parts = _parts(text, min(checker.header, len(text)), markers)
    if not checker.drops_first_kept:
        parts = parts[1:]  # the text before the first "Answer:"
    kept = []
    for a, b in parts:
        # The checker keeps a part up to its first '###', then up to the first '##' in that, and
        # drops a part without '###'. The first '##' comes at or before the first '###' (which
        # holds one), so the cut is the first '##', and the part is kept when a '###' follows it.
        cut = text.find("##", a, b)
        if cut != -1 and text.find("###", cut, b) != -1:
            kept.append((a, cut))
    if parts:  # with no "Answer:" at all the real checker crashes on an empty list; it judges nothing
        kept.append(parts[-1])  # it appends the last part once more
    if checker.drops_first_kept:
        kept = kept[1:]
    answers = tuple(
        OfficialAnswer(start=a, end=b, words=count_words(text[a:b]), images=count_images(text, a, b))
        for a, b in kept
    )
    readable = len(answers) == edition.total
    verdicts: tuple[bool, ...] = ()
    if readable:
        verdicts = tuple(judge(spec, answer.words, answer.images) for spec, answer in zip(edition.questions, answers))
    return OfficialResult(readable=readable, answers=answers, verdicts=verdicts, total=edition.total)
