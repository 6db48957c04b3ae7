"""Kinds of genuine writing seen in real reports that rules mistook for faults, and faults next to
them that rules missed, each both ways on factory-made reports: the genuine writing stays silent,
the fault beside it is found (once, at its own line)."""

from __future__ import annotations

import pytest

from mkdocs_exam_report.engine import check_text
from tests.factory import EXAMPLES, SECTIONS, ReportSpec, build_report, valid_answer

EDITIONS = ("2023", "2025", "2026")
SECTIONS_OF = {edition: [n for n in SECTIONS[edition] if n > 1] for edition in EDITIONS}


def found(spec: ReportSpec, rule: str, **kwargs):
    return [f for f in check_text(build_report(spec), **kwargs).findings if f.rule == rule]


def line_of(spec: ReportSpec, needle: str) -> int:
    """The last line holding ``needle`` (an answer comes after its prompt's example)."""
    lines = build_report(spec).split("\n")
    return max(i for i, line in enumerate(lines, 1) if needle in line)


# --- placeholder-rest: an em dash is no leftover; every leftover found once -----------------------

GENUINE_DASHES = [
    "We tried it out---although it was slow, it showed the bottleneck.",
    "The first model---a small network---was good enough for the demo.",
    "We tried it out --- although it was slow --- and kept it.",
    "Accuracy went from 80 % to 91 %---a big step for one afternoon.",
    "| step | time |\n|------|------|\n| train | 3 h |",
    "```bash\n--- a/config.yaml\n+++ b/config.yaml\n```",
    "The last paragraph ends here.\n\n---\n\nAnd a thematic break above, after a blank line.",
]


@pytest.mark.parametrize("text", GENUINE_DASHES)
def test_dashes_inside_genuine_writing_are_silent(text):
    spec = ReportSpec(edition="2026").add_line(9, text)
    assert found(spec, "placeholder-rest") == []


LEFTOVERS = {
    # the answer written between the placeholder's two ends, spaced or glued
    "--- We did not use Compute Engine, only Vertex AI. ---": "at both ends of",
    "--- We did not use it.---": "at both ends of",
    "---We did not use it.---": "at both ends of",
    "--- We did not use it.": "at the start of",
    "---We did not use it.": "at the start of",
    "We did not use it. ---": "at the end of",
    "We did not use it.---": "at the end of",
    "> --- We did not use it. ---": "at both ends of",
}


@pytest.mark.parametrize("line", LEFTOVERS)
def test_every_placeholder_leftover_is_found_once_at_its_line(line):
    spec = ReportSpec(edition="2026").add_line(9, line)
    (finding,) = found(spec, "placeholder-rest")
    assert finding.question == 9 and finding.line == line_of(spec, line)
    assert LEFTOVERS[line] in finding.message and line.lstrip("> ")[:20] in finding.message


def test_a_leftover_over_two_lines_is_two_findings_each_at_its_own_line():
    spec = ReportSpec(edition="2025").add_line(9, "--- We kept the first line,\nand ended the second. ---")
    findings = found(spec, "placeholder-rest")
    assert [(f.line, "start" in f.message) for f in findings] == [
        (line_of(spec, "--- We kept"), True),
        (line_of(spec, "second. ---"), False),
    ]


def test_a_leftover_next_to_an_em_dash_is_still_found():
    spec = ReportSpec(edition="2023").add_line(9, "It was slow---but it worked. ---")
    (finding,) = found(spec, "placeholder-rest")
    assert "at the end of" in finding.message


# --- example-copied: following the example is writing; its gaps left are not ---------------------


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("code_dots", [False, True])
def test_an_answer_on_the_examples_pattern_with_every_gap_filled_is_silent(edition, code_dots):
    for own in (0, 40):
        spec = ReportSpec(edition=edition).follow_example(5, "filled", code_dots=code_dots, own=own)
        assert found(spec, "example-copied") == [], (own, spec.answers[5])


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_examples_gaps_left_are_found_at_the_first_gap(edition):
    for gaps in ("left", "some"):
        for own in (0, 40):  # also after words of the group's own
            spec = ReportSpec(edition=edition).follow_example(5, gaps, code_dots=True, own=own)
            (finding,) = found(spec, "example-copied")
            assert "still has its '...' gaps" in finding.message and finding.question == 5
            assert finding.line == line_of(spec, spec.answers[5].split("\n")[0][:40])


def test_the_example_without_its_gaps_and_nothing_added_is_copied():
    spec = ReportSpec(edition="2026").follow_example(5, "dropped")
    (finding,) = found(spec, "example-copied")
    assert "hardly a word of its own" in finding.message
    spec = ReportSpec(edition="2026").follow_example(5, "dropped", own=12)
    assert found(spec, "example-copied") == []
    # every gap filled with a single word is a (short) written answer; gaps left empty are not
    example = EXAMPLES["2026"][5]
    words = ["ruff", "lint", "mypy", "tests", "docs"]
    spec.answers[5] = "".join(p + (words[i] if i < 5 else "") for i, p in enumerate(example.split("...")))
    assert found(spec, "example-copied") == []
    spec.answers[5] = "".join(p + (words[i] if i < 2 else "") for i, p in enumerate(example.split("...")))
    assert "hardly a word" in found(spec, "example-copied")[0].message


def test_gaps_in_code_only_are_no_gaps():
    spec = ReportSpec(edition="2026").follow_example(5, "filled", code_dots=True)
    assert "`train(config=...)`" in spec.answers[5] and "latest ...\n```" in spec.answers[5]
    assert found(spec, "example-copied") == []
    # the same dots in prose, where the example has its gaps, are found
    spec.answers[5] = spec.answers[5].replace("`train(config=...)`", "train(config= ... )").replace("```", "")
    assert found(spec, "example-copied") == []  # still not where the example has a gap
    spec.answers[5] = EXAMPLES["2026"][5]
    assert found(spec, "example-copied")


def test_an_ellipsis_elsewhere_in_a_written_answer_is_silent():
    spec = ReportSpec(edition="2026")
    spec.answers[5] = valid_answer("2026", 5) + " We tried ruff, mypy, ... and kept all of them."
    assert found(spec, "example-copied") == []


# --- official-cut: only words the group wrote are lost --------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_section_intro_without_its_quote_marks_is_not_the_groups_words(edition):
    spec = ReportSpec(edition=edition)
    for n in SECTIONS_OF[edition]:
        spec.plain_section_intro(n)
    result = check_text(build_report(spec))
    assert [f for f in result.findings if f.rule == "official-cut"] == []
    assert result.findings == [] and result.official.passed == result.edition.total


def test_the_groups_own_heading_before_an_unquoted_intro_is_still_found():
    spec = ReportSpec(edition="2026").plain_section_intro(4).add_line(3, "## Why we chose it\n\nIt saved us a week of work.")
    (cut,) = found(spec, "official-cut")
    assert cut.question == 3 and cut.line == line_of(spec, "## Why we chose it")
    # the words lost: the heading's four and the sentence's seven, not the course's intro
    q3 = check_text(build_report(spec)).questions[2]
    assert f"counts {q3.words} of the {q3.words + 11} words you wrote" in cut.message


def test_a_bare_answer_label_on_every_answer_loses_no_words():
    for label in ("Answer:", "**Answer:**", "> Answer:"):
        spec = ReportSpec(edition="2025").answer_label()
        text = build_report(spec).replace("\n\nAnswer:\n\n", f"\n\n{label}\n\n")
        result = check_text(text)
        assert [f for f in result.findings if f.rule == "official-cut"] == [], label
        assert result.official.passed == 31


def test_words_before_a_second_answer_are_still_found():
    spec = ReportSpec(edition="2025").answer_label().extra_answer_marker(13)
    (cut,) = found(spec, "official-cut")
    assert cut.question == 13 and "another 'Answer:' on line" in cut.message
    before = spec.answer(13).split("Answer:")[1].rsplit("Answer:", 1)[0]  # after the bare label
    lost = sum(1 for w in before.split() if any(c.isalnum() for c in w))
    assert f"ignores the {lost} words you wrote before it" in cut.message


# --- image-code: a screenshot the official checker counts but nobody sees -----------------------


def image_questions(edition: str) -> list[int]:
    from mkdocs_exam_report.editions import EDITIONS as ALL

    return [s.number for s in ALL[edition].questions if s.images is not None]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("how", ["code", "fenced"])
def test_every_screenshot_in_code_is_found_and_the_verdict_stays(edition, how):
    spec = ReportSpec(edition=edition)
    for n in image_questions(edition):
        spec.image_in_code(n, how)
    text = build_report(spec)
    result = check_text(text, base_dir=None)
    assert result.official.passed == result.edition.total  # the course's checker counts them
    code = [f for f in result.findings if f.rule == "image-code"]
    assert {f.question for f in code} == set(image_questions(edition))
    lines = text.split("\n")
    for f in code:
        assert "![Screenshot" in lines[f.line - 1] and f.severity == "warning"
        assert ("backticks" if how == "code" else "code block") in f.message
    assert {f.rule for f in result.findings} == {"image-code"}


def test_screenshots_shown_as_images_are_silent_next_to_code():
    spec = ReportSpec(edition="2026")
    spec.answers[14] = (
        valid_answer("2026", 14)
        + "\n\nWe ran `dvc pull` first, then `python train.py`. ![Loss](figures/q14_9.png) shows the loss.\n\n"
        "```bash\ndocker build -t trainer .\n```\n\n![Sweep](figures/q14_8.png)"
    )
    result = check_text(build_report(spec))
    assert [f for f in result.findings if f.rule == "image-code"] == []
    # one of them in backticks beside the others: only that one
    spec.answers[14] = spec.answers[14].replace("![Loss](figures/q14_9.png)", "`![Loss](figures/q14_9.png)`")
    (found_,) = [f for f in check_text(build_report(spec)).findings if f.rule == "image-code"]
    assert found_.question == 14 and found_.line == line_of(spec, "`![Loss]")


# --- checklist: as GitHub renders it --------------------------------------------------------------


@pytest.mark.parametrize("heading", ["#", "##", "###", "####"])
@pytest.mark.parametrize("marker", ["*", "-", "+", "1.", "3)"])
def test_checklists_count_whatever_the_heading_level_and_list_marker(heading, marker):
    spec = ReportSpec(edition="2026", checklist_heading=heading, checklist_marker=marker, ticked=23)
    result = check_text(build_report(spec))
    assert (result.checklist.done, result.checklist.total) == (23, 53)
    assert [(s.title, s.done, s.total) for s in result.checklist.sections] == [
        ("Week 1", 20, 20), ("Week 2", 3, 18), ("Week 3", 0, 9), ("Extra", 0, 6)
    ]
    assert result.findings == []


def test_a_checklist_still_ends_at_the_next_section_and_finds_odd_marks():
    spec = ReportSpec(edition="2025", checklist_heading="##", checklist_marker="-", ticked=5)
    text = build_report(spec).replace("- [ ]", "- [Y]", 1)
    result = check_text(text)
    assert [s.title for s in result.checklist.sections] == ["Week 1", "Week 2", "Week 3", "Extra"]
    assert result.checklist.done == 6  # [Y] counts as done, and is reported
    (odd,) = [f for f in result.findings if f.rule == "checklist"]
    assert "'[Y]'" in odd.message and text.split("\n")[odd.line - 1].startswith("- [Y]")
    # a list of links under a '##' heading after the checklist is no checklist
    text = text.replace("## Group information\n", "## Links\n\n- [Our repository](https://example.org/repo)\n\n## Group information\n")
    assert [s.title for s in check_text(text).checklist.sections] == ["Week 1", "Week 2", "Week 3", "Extra"]


# --- a UTF-16 report ----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])  # "utf-16" writes a BOM
def test_a_utf16_report_says_so_and_how_to_save_it_as_utf8(tmp_path, encoding):
    from tests.test_cli import run_check

    path = tmp_path / "README.md"
    path.write_bytes(build_report(ReportSpec(edition="2026")).encode(encoding))
    proc = run_check(path)
    assert proc.returncode == 2 and proc.stdout == ""
    (line,) = proc.stderr.strip().splitlines()
    assert line == (
        f"exam-report: {path}: saved as UTF-16 text (what PowerShell's '>' writes), not UTF-8; save it "
        "as UTF-8 (VS Code: 'Save with Encoding', UTF-8; PowerShell: '| Out-File -Encoding utf8')"
    )
    # a UTF-8 file with zero bytes is still a binary file, not UTF-16
    path.write_bytes(b"# Report\n\x00\x00\x01 binary")
    assert "binary file" in run_check(path).stderr


# --- the plugin: week badges under '##' headings, image-code, a UTF-16 report -------------------


def test_the_plugin_shows_these_kinds_in_a_real_build(tmp_path):
    from tests.test_plugin import badges, build, make_project, page

    spec = ReportSpec(edition="2026", checklist_heading="##", checklist_marker="-", ticked=30)
    spec.image_in_code(19).plain_section_intro(4).add_line(9, "We tried it out---although it was slow.")
    config = make_project(tmp_path / "a", spec)
    out = build(config)
    assert out.returncode == 0, out.stderr
    warnings = [line for line in out.stderr.splitlines() if "WARNING -" in line]
    assert len(warnings) == 1 and "[image-code]" in warnings[0] and "question 19" in warnings[0]
    found_ = badges(page(config))
    sections = {e["data-exam-section"]: e for e in found_.elements if "data-exam-section" in e}
    assert set(sections) == {"Week 1", "Week 2", "Week 3", "Extra"}
    summary = next(e for e in found_.elements if "data-exam-checklist-done" in e)
    assert (summary["data-exam-checklist-done"], summary["data-exam-checklist-total"]) == ("30", "53")

    config = make_project(tmp_path / "b", ReportSpec(edition="2026"))
    readme = tmp_path / "b" / "reports" / "README.md"
    readme.write_bytes(readme.read_text(encoding="utf-8").encode("utf-16"))
    out = build(config, strict=True)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "saved as UTF-16 text (what PowerShell's '>' writes), not UTF-8; save it as UTF-8" in out.stderr
    assert "saved as UTF-16 text" in page(config)


# --- todo: a marker left in prose, not code or a file name; once per line -------------------------

GENUINE_TODOS = [
    "Ruff flags `TODO` comments, so none are left in the code.",
    "```python\n# TODO: speed up the data loader\nx = 1\n```",
    "The open points are listed in the TODO.md file of the repository.",
    "See [TODO.md](../TODO.md) for what we would do next.",
    "Our notes live in docs/TODO.md and in `FIXME.txt`.",
]


@pytest.mark.parametrize("text", GENUINE_TODOS)
def test_todo_words_in_code_and_file_names_are_silent(text):
    spec = ReportSpec(edition="2026").add_line(6, text)
    assert found(spec, "todo") == []


@pytest.mark.parametrize("text", ["TODO: write about the API.", "We used TBD for the deployment.", "TODO TODO finish", "Done. FIXME"])
def test_a_todo_left_in_prose_is_found_once_per_line(text):
    spec = ReportSpec(edition="2026").add_line(6, "Ruff flags `TODO` comments.\n\n" + text)
    (finding,) = found(spec, "todo")
    assert finding.question == 6 and finding.line == line_of(spec, text)


# --- group-number: a number inside the group's name counts ---------------------------------------


@pytest.mark.parametrize("answer", ["MLOps51", "Group27", "G27", "group_12", "MLOps 51", "Group #27", "mlops-27", "42"])
def test_a_group_number_inside_a_name_counts(answer):
    spec = ReportSpec(edition="2026")
    spec.answers[1] = answer
    assert found(spec, "group-number") == []


@pytest.mark.parametrize("answer", ["our group", "MLOps", "s123456", "group 123456"])
def test_an_answer_without_a_group_number_is_found(answer):
    spec = ReportSpec(edition="2026")
    spec.answers[1] = answer
    assert [f.question for f in found(spec, "group-number")] == [1]
