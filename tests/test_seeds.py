"""Acceptance: five real student reports, read from ../shared/seeds (never copied here).

The expected official verdicts are the questions the course's own checker fails for each report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_exam_report.engine import check_file
from mkdocs_exam_report.outputs.json import report_dict

# ../shared/seeds beside the repository; from a git worktree under wt/, one folder further up.
SEEDS = next(
    (p / "shared" / "seeds" for p in Path(__file__).resolve().parents[2:4] if (p / "shared" / "seeds").is_dir()),
    Path(__file__).resolve().parents[2] / "shared" / "seeds",
)

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS}")

OFFICIAL_FAILS = {
    "000_794b41474425deb9.txt": ("2025", "5 7 8 11 13 14 15 16 18 19 20 21 22 24 25 26 27 29 30 31"),
    "001_1aee4ee151deab41.txt": ("2026", "4 5 6 7 8 11 12 13 14 15 16 23 29 30"),
    "003_adfaf4d977882d3d.txt": ("2025", "7 8 11 14 15 16 17 18 20 21 22 27 29 30 31"),
    "004_3efdffdd4ec33e9f.txt": ("2025", "4 5 6 8 10 11 12 13 14 15 16 18 22 23 24 25 26 27 30 31"),
}
UNREADABLE = "002_90984031f8cedab6.txt"


def rules_at(result, rule):
    return [(f.question, f.line) for f in result.findings if f.rule == rule]


@pytest.mark.parametrize("name", sorted(OFFICIAL_FAILS))
def test_official_verdicts_match_the_course_checker(name):
    edition, fails = OFFICIAL_FAILS[name]
    result = check_file(SEEDS / name)
    assert result.edition.name == edition
    assert result.official.readable
    failing = [q.number for q in result.questions if q.official_ok is False]
    assert failing == [int(n) for n in fails.split()]
    assert result.official.passed == result.edition.total - len(failing)
    # every failing question has a words or images finding, and no passing one has
    flagged = {f.question for f in result.findings if f.rule in ("words", "images")}
    assert flagged == set(failing)


def test_deleted_answer_line_is_pinpointed_and_the_rest_still_judged():
    result = check_file(SEEDS / UNREADABLE)
    assert result.edition.name == "2026"
    assert not result.official.readable
    assert result.official.found == 30
    structure = [f for f in result.findings if f.rule == "structure"]
    assert [f.question for f in structure] == [10]
    assert "Question 10" in structure[0].message and "Answer:" in structure[0].message
    assert "30 answers instead of 31" in structure[0].message
    # the line is inside question 10's section, between its heading and question 11's
    q10 = next(q for q in result.questions if q.number == 10)
    q11 = next(q for q in result.questions if q.number == 11)
    assert q10.line < structure[0].line < q11.line
    assert "Question 10" in result.reason
    # every question is still judged by our own count
    assert all(q.official_ok is None for q in result.questions)
    assert all(q.ok is not None for q in result.questions)
    assert any(f.rule == "words" for f in result.findings)


def test_seed_000_plain_links_and_leftover_placeholder():
    result = check_file(SEEDS / "000_794b41474425deb9.txt")
    links = rules_at(result, "image-link")
    assert {q for q, _ in links} >= {14, 19, 20, 21}
    # question 14 has an answer and, after it, the placeholder
    placeholder14 = [f for f in result.findings if f.rule == "placeholder" and f.question == 14]
    assert placeholder14 and "next to your answer" in placeholder14[0].message
    # the preamble's example placeholder and example image are not answers
    assert all(f.line > 100 for f in result.findings)


def test_seed_001_copied_examples_stray_dashes_and_q3_placeholder():
    result = check_file(SEEDS / "001_1aee4ee151deab41.txt")
    copied = {q for q, _ in rules_at(result, "example-copied")}
    # 6 and 7 keep the example's '...' gaps; 4 follows the example's pattern with every gap
    # filled and much of its own, which is a written answer
    assert copied == {6, 7}
    assert [q for q, _ in rules_at(result, "placeholder-rest")] == [2]
    assert 3 in {q for q, _ in rules_at(result, "placeholder")}


def test_seed_002_todo():
    result = check_file(SEEDS / UNREADABLE)
    assert rules_at(result, "todo")


@pytest.mark.parametrize("name", ["003_adfaf4d977882d3d.txt", "004_3efdffdd4ec33e9f.txt"])
def test_seed_images_missing_and_unfilled_questions(name):
    result = check_file(SEEDS / name)
    assert rules_at(result, "image-missing")  # the seeds come without figures
    assert rules_at(result, "placeholder") or rules_at(result, "words")


def test_seed_004_upper_case_png():
    result = check_file(SEEDS / "004_3efdffdd4ec33e9f.txt")
    formats = [f for f in result.findings if f.rule == "image-format"]
    assert formats and all(".PNG" in f.message for f in formats)


def test_cli_json_on_all_seeds_matches_the_engine(tmp_path):
    names = sorted(p.name for p in SEEDS.glob("0*.txt"))
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs_exam_report", "check", "--format", "json", *map(str, (SEEDS / n for n in names))],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1, out.stderr
    document = json.loads(out.stdout)
    assert document["version"] == 1
    assert [Path(r["path"]).name for r in document["reports"]] == names
    for report in document["reports"]:
        expected = report_dict(check_file(report["path"]))
        assert report == expected
        assert set(report) >= {"path", "edition", "edition_source", "ok", "official", "checklist", "questions", "findings"}
        if report["official"]["readable"]:
            fails = [q["number"] for q in report["questions"] if q["official_ok"] is False]
            assert fails == [int(n) for n in OFFICIAL_FAILS[Path(report["path"]).name][1].split()]
        else:
            assert all(q["official_ok"] is None for q in report["questions"])
