"""Template editions and their dated revisions (``editions.REVISIONS``): every revision is detected
as its own year and judged by its own limits; the ``edition`` warning fires only for another
year's template, both ways, on factory-made reports of every revision."""

from __future__ import annotations

import pytest

from mkdocs_exam_report import editions
from mkdocs_exam_report.editions import EDITIONS, REVISIONS, Edition, QuestionSpec, Range, added, register
from mkdocs_exam_report.official import CHECKER, CHECKER_2023
from mkdocs_exam_report.engine import check_text
from tests.factory import ReportSpec, build_report

ALL = [(year, revision.since) for year, revisions in REVISIONS.items() for revision in revisions]


def edition_findings(result):
    return [f for f in result.findings if f.rule == "edition"]


@pytest.mark.parametrize("year,since", ALL)
def test_every_revision_is_detected_as_itself_and_checks_clean(year, since):
    result = check_text(build_report(ReportSpec(edition=year, revision=since)))
    assert (result.edition.name, result.edition.since) == (year, since)
    assert result.findings == [] and result.official.passed == result.edition.total


@pytest.mark.parametrize("year,since", ALL)
def test_the_same_years_rules_never_call_a_revision_another_years_template(year, since):
    for setup in (True, False):  # also when the group deleted the setup lines
        result = check_text(build_report(ReportSpec(edition=year, revision=since, setup=setup)), edition=year)
        assert edition_findings(result) == [], (since, setup)
        assert result.edition.name == year and result.findings == []


@pytest.mark.parametrize("year,since", ALL)
def test_another_years_rules_say_so_once(year, since):
    text = build_report(ReportSpec(edition=year, revision=since))
    for other in EDITIONS:
        if other == year:
            continue
        result = check_text(text, edition=other)
        found = edition_findings(result)
        assert len(found) == 1, (since, other)
        assert f"the {year} template, not the {other} one" in found[0].message
        assert result.edition == EDITIONS[other]  # judged by the rules the group should have followed


def test_the_warning_names_the_fact_that_differs():
    # a prompt's range: at the line of "Recommended answer length" of Question 3
    text = build_report(ReportSpec(edition="2025"))
    (found,) = edition_findings(check_text(text, edition="2026"))
    assert found.question == 3 and "recommends 100-200 words, the 2026 template 0-200" in found.message
    assert text.split("\n")[found.line - 1].startswith("> Recommended answer length: 100-200")
    # no range differs (2026-01-04 kept 2025's limits): the setup line only that year has
    text = build_report(ReportSpec(edition="2026", revision="2026-01-04"))
    (found,) = edition_findings(check_text(text, edition="2025"))
    assert "'uv add typer markdown'" in found.message and found.question is None
    assert text.split("\n")[found.line - 1] == "uv add typer markdown"


def test_an_early_2025_report_is_judged_by_the_checker_of_its_time():
    # Question 31 allowed 50-200 words before 2025-01-08, 50-300 after
    for since, fails in ((None, True), ("2025-01-08", False)):
        spec = ReportSpec(edition="2025", revision=since)
        spec.answers[31] = " ".join(["word"] * 250)
        for edition in ("auto", "2025"):
            result = check_text(build_report(spec), edition=edition)
            q31 = result.questions[30]
            assert (q31.words, q31.official_ok) == (250, not fails), (since, edition)
            assert [f.question for f in result.findings if f.rule == "words"] == ([31] if fails else [])
            assert edition_findings(result) == []


def test_2026_before_the_ninth_keeps_the_old_question_3():
    spec = ReportSpec(edition="2026", revision="2026-01-04")
    spec.answers[3] = "We used nothing beyond the course."  # 6 words: 0-200 after 2026-01-09, 100-200 before
    result = check_text(build_report(spec), edition="2026")
    assert result.edition.since == "2026-01-04" and edition_findings(result) == []
    assert [f.question for f in result.findings if f.rule == "words"] == [3]
    spec.revision = "latest"
    assert [f.question for f in check_text(build_report(spec)).findings if f.rule == "words"] == []
    # the 2026-01-09 checklist has one more Week 3 item
    for since, week3 in (("2026-01-04", 8), ("2026-01-09", 9)):
        sections = check_text(build_report(ReportSpec(edition="2026", revision=since))).checklist.sections
        assert {s.title: s.total for s in sections}["Week 3"] == week3


def test_revisions_are_data_in_date_order():
    for year, revisions in REVISIONS.items():
        assert EDITIONS[year] is revisions[-1]
        assert all(r.name == year for r in revisions)
        dates = [r.since for r in revisions if r.since is not None]
        assert dates == sorted(dates) and all(d.startswith(year) for d in dates)
        assert len({r.total for r in revisions}) == 1


# --- a new year is one data entry ----------------------------------------------------------------

def _with_hint(text: str, number: int, words: str) -> str:
    """``text`` with the recommended length in Question ``number``'s prompt set to ``words``."""
    at = text.index(f"### Question {number}\n")
    start = text.index("Recommended answer length: ", at) + len("Recommended answer length: ")
    end = text.index(" words", start)
    return text[:start] + words + text[end:]


def test_a_new_year_is_one_data_entry_detected_and_judged_by_its_own_limits():
    # a 2027 template as the course might change it: Question 3 allows 0-150 words, Question 5
    # 20-60, and the setup lines gained `uv sync`; otherwise 2026's
    base = EDITIONS["2026"]
    questions = list(base.questions)
    questions[2] = QuestionSpec(3, Range(0, 150))
    questions[4] = QuestionSpec(5, Range(20, 60))
    new_year = Edition(
        name="2027",
        since="2027-01-05",
        questions=tuple(questions),
        checklist=base.checklist,
        says=(*base.says, ("setup", "uv sync")),
        sections=base.sections,
    )
    text = build_report(ReportSpec(edition="2026"))  # Question 5's answer: 150 words (for 100-200)
    text = _with_hint(_with_hint(text, 3, "0-150"), 5, "20-60")
    text = text.replace("uv add typer markdown\n", "uv add typer markdown\nuv sync\n", 1)

    assert check_text(text).edition is base  # unknown: 2026, the nearest known
    with added(new_year):
        assert "2027" in editions.EDITION_CHOICES and EDITIONS["2027"] is new_year
        result = check_text(text)
        assert result.edition is new_year and result.edition_source == "detected"
        assert result.official.readable and result.official.passed == 30
        assert [q.number for q in result.questions if not q.official_ok] == [5]
        assert [f.question for f in result.findings if f.rule == "words"] == [5]
        assert edition_findings(result) == []
        # the 2026 rules on a 2027 report: judged by 2026's limits, and told so once
        older = check_text(text, edition="2026")
        (found,) = edition_findings(older)
        assert "the 2027 template, not the 2026 one" in found.message
        assert older.edition is base and [q.number for q in older.questions if not q.official_ok] == []
    assert "2027" not in EDITIONS and "2027" not in editions.EDITION_CHOICES  # forgotten after the block
    assert check_text(text).edition is base


def test_an_entry_comes_after_the_known_ones():
    old = Edition(name="2024", questions=EDITIONS["2025"].questions, checklist=())
    with pytest.raises(ValueError, match="does not come after"):
        register(old)
    assert "2024" not in EDITIONS


def test_each_revision_names_the_checker_that_judges_it():
    assert {year: {r.checker for r in revisions} for year, revisions in REVISIONS.items()} == {
        "2023": {CHECKER_2023},
        "2025": {CHECKER},
        "2026": {CHECKER},
    }
