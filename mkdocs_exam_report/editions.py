"""The template editions of the exam report, as data, and how a report's edition is recognised.

Each entry of ``TEMPLATES`` is one revision of one year's template (2023; 2025 before and after
2025-01-08; 2026 of 2026-01-04 and of 2026-01-09) and carries everything the engine knows of it:
its questions' word and image limits (facts about the course's checker of that time), the facts
its template text holds that recognise it (recommended lengths in the prompts, phrases, the blank
checklist's section sizes), and which version of the checker judges it (``official.Checker``).
Adding a year's template is adding one entry (and its tests); ``register`` and ``added`` do the
same at run time (tests use ``added``).

Detection (``choose_revision``) is a loop over the entries: the number of questions picks the
candidates, ``template_evidence`` scores each by the facts above.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from .official import CHECKER, CHECKER_2023, Checker

if TYPE_CHECKING:
    from .report import Report


class Range(NamedTuple):
    """An inclusive range of counts (words or images), as the official checker compares them."""

    min: int
    max: int

    def __contains__(self, value: object) -> bool:
        return self.min <= value <= self.max

    def __str__(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}-{self.max}"


class QuestionSpec(NamedTuple):
    """Limits of one question: ``words`` and ``images`` are Ranges or None (no limit)."""

    number: int
    words: Range | None = None
    images: Range | None = None

    @property
    def constrained(self) -> bool:
        return self.words is not None or self.images is not None


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Edition:
    """One revision of a year's template; compared by identity (each is one entry of TEMPLATES).

    ``name``: the year; ``since``: the date (ISO) the course repository changed the template to
    this revision, None for the year's first known state. ``questions``: a QuestionSpec per
    question, in order (the limits of the checker that came with this revision).
    ``checklist``: the blank checklist's (section title, item count) pairs. ``checker``: the
    version of the course's checker that judges it (see official.py). ``says``: (place, phrase)
    pairs, text this revision's template holds and the other candidates may not; a place is a
    question number (its prompt) or ``"setup"`` (the lines that install the checker's
    dependencies). ``sections``: (first question, title) of the template's ``##`` sections.

    Recognised (``template_evidence``) by its number of questions, the prompts' recommended word
    ranges (``questions``), the phrases it ``says`` and the checklist's section sizes."""

    name: str
    questions: tuple[QuestionSpec, ...]
    checklist: tuple[tuple[str, int], ...]
    checker: Checker = CHECKER
    since: str | None = None
    says: tuple[tuple[int | str, str], ...] = ()
    sections: tuple[tuple[int, str], ...] = ()

    @property
    def total(self) -> int:
        """The number of questions."""
        return len(self.questions)

    @property
    def checklist_total(self) -> int:
        return sum(count for _, count in self.checklist)

    def spec(self, number: int) -> QuestionSpec | None:
        """The limits of question ``number``; None when the edition has no such question."""
        if 1 <= number <= len(self.questions):
            return self.questions[number - 1]
        return None


def specs(limits: dict[int, tuple[tuple[int, int] | None, tuple[int, int] | None]], total: int) -> tuple[QuestionSpec, ...]:
    """QuestionSpecs for questions 1..``total`` from {number: ((min, max) words or None,
    (min, max) images or None)}; questions left out have no limits."""
    out = []
    for n in range(1, total + 1):
        words, images = limits.get(n, (None, None))
        out.append(QuestionSpec(n, Range(*words) if words else None, Range(*images) if images else None))
    return tuple(out)


def _words(a: int, b: int, *numbers: int) -> dict:
    return {n: ((a, b), None) for n in numbers}


_2023 = {
    **_words(100, 200, 3, 4, 5, 8, 9, 10, 13, 15, 16, 18, 22, 23),
    **_words(50, 100, 6, 7, 12),
    **_words(200, 300, 11),
    14: ((200, 300), (1, 3)),
    17: ((50, 200), None),
    19: (None, (1, 2)),
    20: (None, (1, 1)),
    21: (None, (1, 1)),
    24: ((25, 100), None),
    25: ((200, 400), (1, 1)),
    26: ((200, 400), None),
    27: ((50, 200), None),
}

_2025 = {
    **_words(100, 200, 3, 4, 5, 6, 8, 9, 10, 13, 15, 16, 18, 22, 23, 24, 25, 26, 27),
    **_words(50, 100, 7, 12),
    **_words(200, 300, 11),
    14: ((200, 300), (1, 3)),
    17: ((50, 200), None),
    19: (None, (1, 2)),
    20: (None, (1, 2)),
    21: (None, (1, 2)),
    28: ((0, 200), None),
    29: ((200, 400), (1, 1)),
    30: ((200, 400), None),
    31: ((50, 300), None),
}

_SECTIONS_2023 = (
    (1, "Group information"), (4, "Coding environment"), (7, "Version control"),
    (12, "Running code and tracking experiments"), (17, "Working in the cloud"), (22, "Deployment"),
    (24, "Overall discussion of project"),
)
_SECTIONS = (
    (1, "Group information"), (4, "Coding environment"), (7, "Version control"),
    (12, "Running code and tracking experiments"), (17, "Working in the cloud"), (23, "Deployment"),
    (29, "Overall discussion of project"),
)
_CHECKLIST_2025 = (("Week 1", 20), ("Week 2", 18), ("Week 3", 8), ("Extra", 6))
_PIP = ("setup", "pip install typer markdown")

# The template revisions, each year's oldest first, as the course repository changed them during
# the course. The last revision of a year is its current template.
TEMPLATES: list[Edition] = [
    Edition(
        name="2023",
        questions=specs(_2023, 27),
        checklist=(("Week 1", 17), ("Week 2", 10), ("Week 3", 6), ("Additional", 3)),
        checker=CHECKER_2023,
        says=(_PIP,),
        sections=_SECTIONS_2023,
    ),
    # Question 31 allowed 50-200 words until the course added a sentence on generative AI.
    Edition(
        name="2025",
        questions=specs({**_2025, 31: ((50, 200), None)}, 31),
        checklist=_CHECKLIST_2025,
        says=(_PIP, (3, "third-party")),
        sections=_SECTIONS,
    ),
    Edition(
        name="2025",
        since="2025-01-08",
        questions=specs(_2025, 31),
        checklist=_CHECKLIST_2025,
        says=(_PIP, (3, "third-party"), (31, "generative AI")),
        sections=_SECTIONS,
    ),
    # From 2025-01-08's template the course first changed the setup lines: `uv add` joined `pip install`.
    Edition(
        name="2026",
        since="2026-01-04",
        questions=specs(_2025, 31),
        checklist=_CHECKLIST_2025,
        says=(_PIP, ("setup", "uv add typer markdown"), (3, "third-party"), (31, "generative AI")),
        sections=_SECTIONS,
    ),
    # Question 3 became the open-source question (0-200 words); Week 3 gained an item.
    Edition(
        name="2026",
        since="2026-01-09",
        questions=specs({**_2025, 3: ((0, 200), None)}, 31),
        checklist=(("Week 1", 20), ("Week 2", 18), ("Week 3", 9), ("Extra", 6)),
        says=(_PIP, ("setup", "uv add typer markdown"), (3, "open-source"), (31, "generative AI")),
        sections=_SECTIONS,
    ),
]

# Views of TEMPLATES, kept up to date by _index() (the dicts in place: modules hold them by name).
REVISIONS: dict[str, tuple[Edition, ...]] = {}
"""Each year's revisions, oldest first."""
EDITIONS: dict[str, Edition] = {}
"""Each year's current template (its last revision)."""
EDITION_CHOICES: tuple[str, ...] = ()
"""What the ``edition`` option accepts: "auto" or a year."""
LATEST = ""
"""The latest year."""


def _index() -> None:
    global EDITION_CHOICES, LATEST
    REVISIONS.clear()
    for edition in TEMPLATES:
        REVISIONS[edition.name] = (*REVISIONS.get(edition.name, ()), edition)
    EDITIONS.clear()
    EDITIONS.update({year: revisions[-1] for year, revisions in REVISIONS.items()})
    EDITION_CHOICES = ("auto", *EDITIONS)
    LATEST = TEMPLATES[-1].name


_index()


def register(edition: Edition) -> None:
    """Add a template revision after the known ones: a new year, or a later revision of the last
    year. Raises ValueError when it would not come last (an older year or date). (The command
    line's and the plugin's ``edition`` options list the years known when they were loaded.)"""
    last = TEMPLATES[-1]
    if edition.name < last.name or (edition.name == last.name and (edition.since or "") <= (last.since or "")):
        raise ValueError(f"template {edition.name} {edition.since or ''} does not come after {last.name} {last.since or ''}")
    TEMPLATES.append(edition)
    _index()


@contextmanager
def added(edition: Edition) -> Iterator[Edition]:
    """``register(edition)`` for the duration of a with-block, then forget it again (tests of a
    new year's data, without editing this module)."""
    register(edition)
    try:
        yield edition
    finally:
        TEMPLATES.remove(edition)
        _index()


# --- detection: which entry a report was written on -------------------------------------------

class Evidence(NamedTuple):
    """How well a report fits one template revision: ``score`` (+1 for each fact of the report
    that the revision has, -1 for each it contradicts) and ``against``: the contradicting facts as
    (line, what the report says), the recommended lengths first, each kind in the report's order."""

    score: int
    against: list[tuple[int, str]]


def _places(report: Report, phrases: dict[object, set[str]]) -> dict[object, tuple[str, dict[str, int], int]]:
    """For each place the revisions' ``says`` name that the report has: its text in lower case
    with the template's quote marks, bold stars and line breaks taken out, the line of each of
    ``phrases[place]`` found there, and the place's own line (its question's heading, or the first
    setup line). The setup lines are the text before the first question; a report whose group
    deleted them (none of their phrases left) has no such place."""
    first: dict[int, object] = {}
    for q in report.questions:
        first.setdefault(q.number, q)
    out = {}
    for place, known in phrases.items():
        if place == "setup":
            end = report.questions[0].heading.start if report.questions else len(report.text)
            raw = report.text[:end].lower()
            found = {p: report.line_of(raw.find(p)) for p in known if p in raw}
            if not found:
                continue
            line = min(found.values())
        elif place in first and first[place].prompt:
            raw, found, line = first[place].prompt.lower(), {}, first[place].heading.line
        else:
            continue
        text = " ".join(raw.replace(">", " ").replace("*", " ").split())
        out[place] = (text, found, line)
    return out


def template_evidence(report: Report, revisions) -> dict[Edition, Evidence]:
    """The Evidence for each of ``revisions`` (Editions of the same number of questions), from
    the facts the revision data holds: each prompt's recommended word range, the phrases a
    revision's template ``says`` (a phrase found counts for the revisions that have it and
    against the others; one missing from a place the report keeps counts against the revisions
    that have it; the setup lines count only when the report kept them), and the checklist's
    section sizes (a blank checklist of exactly one revision's sizes counts for it)."""
    first: dict[int, object] = {}
    for q in report.questions:
        first.setdefault(q.number, q)
    phrases: dict[object, set[str]] = {}
    for revision in revisions:
        for place, phrase in revision.says:
            phrases.setdefault(place, set()).add(phrase.lower())
    places = _places(report, phrases)
    sizes = tuple((s.title, s.total) for s in report.checklist.sections)
    out = {}
    for revision in revisions:
        score, against, said_against = 0, [], []
        for n, q in first.items():
            spec = revision.spec(n)
            if q.words_hint is None or spec is None or spec.words is None:
                continue
            if q.words_hint == spec.words:
                score += 1
            else:
                score -= 1
                line = report.line_of(q.hint_at) if q.hint_at is not None else q.heading.line
                against.append((line, f"the prompt of Question {n} recommends {q.words_hint} words, the "
                                      f"{revision.name} template {spec.words}"))
        has = {(place, phrase.lower()) for place, phrase in revision.says}
        for place, (text, found_at, place_line) in places.items():
            where = "the setup lines" if place == "setup" else f"the prompt of Question {place}"
            for phrase in sorted(phrases[place]):
                found, said = phrase in text, (place, phrase) in has
                if found and said:
                    score += 1
                elif found or said:
                    score -= 1
                    verb = "have" if found else "lack"
                    said_against.append((found_at.get(phrase, place_line),
                                         f"{where} {verb} '{phrase}', unlike the {revision.name} template"))
        if sizes and sizes == revision.checklist:
            score += 1
        out[revision] = Evidence(score=score, against=against + sorted(said_against))
    return out


def choose_revision(report: Report, year: str | None = None) -> tuple[Edition, Edition | None]:
    """The template revision to judge ``report`` by, and the revision of another year it fits
    better (None when it fits ``year``, or with ``year`` None, the automatic choice).

    Which year: by the number of questions (2023's 27 or 31), then by ``template_evidence``;
    among revisions that fit equally well the latest. With ``year`` given, a report that fits no
    revision of that year as well as one of another year is judged by that year's current template
    (``EDITIONS[year]``), the rules the group should have followed.

    A revision is judged by its own limits: the course's checker, ``report.py``, sits in the
    same ``reports/`` folder as the template, and a group runs the copy it took with the template
    from the course repository. So a report on the template from before 2025-01-08 has Question
    31 judged by 50-200 words, the range of the checker of its time.
    """
    numbers = [q.number for q in report.questions]
    totals = sorted({r.total for r in TEMPLATES})
    if numbers:
        # The fewest questions that hold every number (one duplicated heading allowed).
        total = next((t for t in totals if max(numbers) <= t and len(numbers) <= t + 1), totals[-1])
    else:
        total = EDITIONS[LATEST].total
    candidates = [r for r in TEMPLATES if r.total == total]
    evidence = template_evidence(report, candidates)
    best = max(reversed(candidates), key=lambda r: evidence[r].score)  # ties: the latest
    if year is None:
        return best, None
    own = list(REVISIONS[year])
    if own[0].total != total:
        return EDITIONS[year], best
    fits = max(reversed(own), key=lambda r: evidence[r].score)
    if best.name != year and evidence[best].score > evidence[fits].score:
        return EDITIONS[year], best
    return fits, None


def detect_edition(report: Report) -> Edition:
    """The template revision the report fits best (see ``choose_revision``)."""
    return choose_revision(report)[0]
