"""The template editions of the exam report and the limits the official checker applies to each.

The numbers are facts about the course's checker (word and image ranges per question); they are
all the engine knows about a year's rules.
"""

from __future__ import annotations

from collections import namedtuple


# Records are namedtuples, not dataclasses: the command line must start fast (see benchmarks/).
# Loops that make many records call new_record(Cls, (fields...)): a namedtuple's own __new__ is
# Python code and costs twice as much, and a report makes ~180 records.
new_record = tuple.__new__


class Range(namedtuple("Range", "min max")):
    """An inclusive range of counts, as the official checker compares them."""

    __slots__ = ()

    def __contains__(self, value: int) -> bool:
        return self.min <= value <= self.max

    def __str__(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}-{self.max}"


class QuestionSpec(namedtuple("QuestionSpec", "number words images", defaults=(None, None))):
    """Limits of one question: ``words`` and ``images`` are Ranges or None (no limit)."""

    __slots__ = ()

    @property
    def constrained(self) -> bool:
        return self.words is not None or self.images is not None


class Edition(
    namedtuple(
        "Edition",
        "name questions checklist legacy_split since says sections",
        defaults=(False, None, (), ()),
    )
):
    """One revision of a year's template: its QuestionSpecs in order, the blank checklist's
    (section, item count) pairs, and ``legacy_split``: the 2023 checker cut a fixed-size header
    before splitting and dropped the first kept part instead of the first split part (see
    official.py).

    ``name`` is the year; ``since`` the date (ISO) the course repository changed the template to
    this revision, None for the year's first known state. ``says``: (place, phrase) pairs, text
    this revision's template holds and the year's other revisions may not; a place is a question
    number (its prompt) or ``"setup"`` (the lines that install the checker's dependencies).
    ``sections``: (first question, title) of the template's ``##`` sections.
    """
    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def checklist_total(self) -> int:
        return sum(count for _, count in self.checklist)

    def spec(self, number: int) -> QuestionSpec | None:
        if 1 <= number <= len(self.questions):
            return self.questions[number - 1]
        return None


def _specs(limits: dict[int, tuple[tuple[int, int] | None, tuple[int, int] | None]], total: int):
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

# The dated revisions of each year's template, oldest first, as the course repository changed
# them during the course. The last revision of a year is its current template.
REVISIONS: dict[str, tuple[Edition, ...]] = {
    "2023": (
        Edition(
            "2023",
            _specs(_2023, 27),
            (("Week 1", 17), ("Week 2", 10), ("Week 3", 6), ("Additional", 3)),
            legacy_split=True,
            says=(_PIP,),
            sections=_SECTIONS_2023,
        ),
    ),
    "2025": (
        # Question 31 allowed 50-200 words until the course added a sentence on generative AI.
        Edition(
            "2025",
            _specs({**_2025, 31: ((50, 200), None)}, 31),
            _CHECKLIST_2025,
            says=(_PIP, (3, "third-party")),
            sections=_SECTIONS,
        ),
        Edition(
            "2025",
            _specs(_2025, 31),
            _CHECKLIST_2025,
            since="2025-01-08",
            says=(_PIP, (3, "third-party"), (31, "generative AI")),
            sections=_SECTIONS,
        ),
    ),
    "2026": (
        # From 2025-01-08's template the course first changed the setup lines: `uv add` joined `pip install`.
        Edition(
            "2026",
            _specs(_2025, 31),
            _CHECKLIST_2025,
            since="2026-01-04",
            says=(_PIP, ("setup", "uv add typer markdown"), (3, "third-party"), (31, "generative AI")),
            sections=_SECTIONS,
        ),
        # Question 3 became the open-source question (0-200 words); Week 3 gained an item.
        Edition(
            "2026",
            _specs({**_2025, 3: ((0, 200), None)}, 31),
            (("Week 1", 20), ("Week 2", 18), ("Week 3", 9), ("Extra", 6)),
            since="2026-01-09",
            says=(_PIP, ("setup", "uv add typer markdown"), (3, "open-source"), (31, "generative AI")),
            sections=_SECTIONS,
        ),
    ),
}

EDITIONS: dict[str, Edition] = {year: revisions[-1] for year, revisions in REVISIONS.items()}
"""Each year's current template (its last revision)."""

EDITION_CHOICES = ("auto", *EDITIONS)
LATEST = "2026"
