"""Every rule in both directions, on factory-made reports: it fires on the defect, and stays quiet
on a clean report."""

from __future__ import annotations

import pytest

from mkdocs_exam_report.engine import check_file, check_text
from mkdocs_exam_report.findings import RULES
from tests.factory import EXAMPLES, ReportSpec, build_report, valid_answer, write_repo

EDITIONS = ("2023", "2025", "2026")


def check(spec: ReportSpec, tmp_path=None, **kwargs):
    if tmp_path is not None:
        return check_file(write_repo(tmp_path, spec), **kwargs)
    return check_text(build_report(spec), **kwargs)


def rules(result, question=None):
    return {f.rule for f in result.findings if question is None or f.question == question}


def only(result, rule):
    return [f for f in result.findings if f.rule == rule]


@pytest.mark.parametrize("edition", EDITIONS)
def test_clean_report_has_no_findings(tmp_path, edition):
    result = check(ReportSpec(edition=edition), tmp_path)
    assert result.findings == []
    assert result.ok and result.official.readable
    assert result.official.passed == result.edition.total == (27 if edition == "2023" else 31)
    assert result.edition.name == edition and result.edition_source == "detected"


@pytest.mark.parametrize("edition", EDITIONS)
def test_edition_is_detected_and_can_be_forced(edition):
    text = build_report(ReportSpec(edition=edition))
    assert check_text(text).edition.name == edition
    forced = check_text(text, edition="2026")
    assert forced.edition.name == "2026" and forced.edition_source == "option"


def test_too_short_and_too_long_answers_fail_words():
    spec = ReportSpec(edition="2026")
    spec.answers[5] = "Far too short."
    spec.answers[7] = " ".join(["word"] * 150)  # Q7 allows 50-100
    result = check(spec)
    words = {f.question: f for f in only(result, "words")}
    assert set(words) == {5, 7}
    assert "3 words, allowed 100-200 (97 too few)" in words[5].message
    assert "150 words, allowed 50-100 (50 too many)" in words[7].message
    assert [q.official_ok for q in result.questions if q.number in (5, 7)] == [False, False]
    assert result.official.passed == 29 and not result.ok
    spec.answers[5] = "Short."
    assert "1 word, allowed 100-200 (99 too few)" in {f.question: f for f in only(check(spec), "words")}[5].message


def test_missing_screenshot_fails_images():
    spec = ReportSpec(edition="2025")
    spec.answers[20] = "We did not take a screenshot."
    result = check(spec)
    assert [(f.question, f.severity) for f in only(result, "images")] == [(20, "error")]


def test_q3_range_differs_between_2025_and_2026():
    for edition, fires in (("2025", True), ("2026", False)):
        spec = ReportSpec(edition=edition)
        spec.answers[3] = "We used nothing beyond the course."
        assert (3 in {f.question for f in only(check(spec), "words")}) is fires


def test_deleted_answer_line_is_a_structure_error_and_others_are_still_judged():
    spec = ReportSpec(edition="2026").drop_answer_line(10)
    spec.answers[5] = "short"
    result = check(spec)
    structure = only(result, "structure")
    assert [f.question for f in structure] == [10]
    assert "30 answers instead of 31" in structure[0].message
    assert not result.official.readable
    assert 5 in {f.question for f in only(result, "words")}
    assert result.reason and "Question 10" in result.reason


def test_demoted_heading_is_a_structure_error():
    result = check(ReportSpec(edition="2026").demote_heading(7))
    structure = only(result, "structure")
    assert structure and structure[0].question == 7 and "### " in structure[0].message
    assert not result.official.readable


def test_renumbered_and_duplicated_headings():
    result = check(ReportSpec(edition="2025").renumber(7, 8))
    assert any(f.question in (7, 8) for f in only(result, "structure"))
    result = check(ReportSpec(edition="2025").duplicate_heading(7))
    assert any("second time" in f.message for f in only(result, "structure"))


def test_heading_after_last_answer_is_a_structure_error():
    result = check(ReportSpec(edition="2026").heading_after_last("### Appendix"))
    structure = only(result, "structure")
    assert structure and "after the last answer" in structure[0].message
    assert not result.official.readable


@pytest.mark.parametrize("edition", EDITIONS)
def test_subheading_inside_answer_is_an_official_cut(edition):
    result = check(ReportSpec(edition=edition).subheading_in_answer(13, "#### Details"))
    cuts = only(result, "official-cut")
    assert [f.question for f in cuts] == [13] and cuts[0].severity == "warning"
    assert "stops reading" in cuts[0].message
    # the verdict follows the official (shorter) count
    q13 = next(q for q in result.questions if q.number == 13)
    assert str(q13.words) in cuts[0].message


def test_extra_answer_marker_is_an_official_cut():
    result = check(ReportSpec(edition="2026").extra_answer_marker(13))
    cuts = only(result, "official-cut")
    assert [f.question for f in cuts] == [13] and "second 'Answer:'" in cuts[0].message


def test_placeholder_left_fires_also_next_to_text_but_not_in_the_preamble():
    result = check(ReportSpec(edition="2026").placeholder(12, before="Some text we wrote."))
    found = only(result, "placeholder")
    assert [(f.question, f.severity) for f in found] == [(12, "error")]
    assert "next to your answer" in found[0].message
    spec = ReportSpec(edition="2026")
    spec.answers[9] = None  # unanswered
    assert [f.question for f in only(check(spec), "placeholder")] == [9]


def test_placeholder_rest_glued_dashes():
    spec = ReportSpec(edition="2026")
    spec.answers[2] = "s123456, s234567---"
    assert [f.question for f in only(check(spec), "placeholder-rest")] == [2]
    spec.answers[2] = "s123456, s234567\n\n---\n"  # a thematic break after a blank line is fine
    assert only(check(spec), "placeholder-rest") == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_copied_example_fires(edition):
    result = check(ReportSpec(edition=edition).copy_example(5))
    assert 5 in {f.question for f in only(result, "example-copied")}
    assert EXAMPLES[edition][5]


def test_todo_markers():
    result = check(ReportSpec(edition="2026").todo(6, "TODO"))
    assert [f.question for f in only(result, "todo")] == [6]
    spec = ReportSpec(edition="2026")
    spec.answers[6] = valid_answer("2026", 6) + " We kept a todo list and studied sXXXXXX patterns."
    assert only(check(spec), "todo") == []


def test_plain_image_link_fires_with_the_fix(tmp_path):
    result = check(ReportSpec(edition="2026").plain_image_link(14), tmp_path)
    links = only(result, "image-link")
    assert links and all(f.question == 14 for f in links)
    assert links[0].hint.startswith("Write it as '![")
    assert 14 in {f.question for f in only(result, "images")}


def test_a_plain_image_link_in_code_is_text_not_a_screenshot():
    # how to write a link, shown as code: no advice to embed it; the same outside code: advised
    spec = ReportSpec(edition="2026")
    spec.answers[5] = valid_answer("2026", 5) + " We wrote `[plot](figures/loss.png)` in the README.\n\n```\n[plot](figures/loss.png)\n```\n"
    assert only(check(spec), "image-link") == []
    spec.answers[5] += "\nSee [plot](figures/loss.png) too."
    assert [f.question for f in only(check(spec), "image-link")] == [5]


def test_html_img_fires():
    result = check(ReportSpec(edition="2026").html_image(19))
    assert [f.question for f in only(result, "image-html")] == [19]


def test_missing_and_wrong_case_image_files(tmp_path):
    result = check(ReportSpec(edition="2026"), tmp_path / "a")
    assert only(result, "image-missing") == []
    result = check_file(write_repo(tmp_path / "b", ReportSpec(edition="2026"), figures=False))
    assert {f.question for f in only(result, "image-missing")} == {14, 19, 20, 21, 29}
    # the file exists, but under another case
    spec = ReportSpec(edition="2026").image_path(19, "figures/Q19_1.png")
    path = write_repo(tmp_path / "c", spec)
    (path.parent / "figures" / "Q19_1.png").rename(path.parent / "figures" / "q19_1.png")
    found = only(check_file(path), "image-missing")
    assert [f.question for f in found] == [19]
    assert found[0].message == (
        "'figures/Q19_1.png' does not exist next to the report; 'figures/q19_1.png' does, but names "
        "are case-sensitive on GitHub and in the published site"
    )
    assert found[0].hint.endswith("or write its name as 'figures/q19_1.png' in the report.")
    # a missing file with no other spelling gets no case hint
    assert all("case" not in f.message and "git mv" not in f.hint for f in only(result, "image-missing"))
    # the folder in another case too
    (path.parent / "figures").rename(path.parent / "Figures")
    found = {f.question: f.message for f in only(check_file(path), "image-missing")}
    assert "'figures/Q19_1.png' does not exist next to the report; 'Figures/q19_1.png' does" in found[19]
    assert "'Figures/q14_1.png' does" in found[14]
    # both 'figures/' and 'Figures/' (a rename half done in git): the one of the exact name is read
    (path.parent / "Figures").rename(path.parent / "figures")
    (path.parent / "Figures").mkdir()
    found = {f.question: f.message for f in only(check_file(path), "image-missing")}
    assert list(found) == [19] and "'figures/q19_1.png' does" in found[19]


def test_image_format_and_outside_paths(tmp_path):
    spec = ReportSpec(edition="2026").image_path(19, "figures/shot.gif")
    assert [f.question for f in only(check(spec), "image-format")] == [19]
    spec = ReportSpec(edition="2026").image_path(19, "figures/shot.PNG")
    assert ".PNG" in only(check(spec), "image-format")[0].message
    for target in ("../../secret.png", "/etc/passwd.png", "https://example.com/a.png", "file:///x.png", "data:image/png;base64,AAAA"):
        spec = ReportSpec(edition="2026").image_path(20, target)
        result = check(spec, tmp_path / str(abs(hash(target))))
        assert [f.question for f in only(result, "image-path")] == [20], target
        assert 20 not in {f.question for f in only(result, "image-missing")}


def test_group_and_study_numbers():
    spec = ReportSpec(edition="2026")
    spec.answers[1] = "Our group"
    spec.answers[2] = "s123456, s123456, s12345"
    result = check(spec)
    assert [f.question for f in only(result, "group-number")] == [1]
    messages = " ".join(f.message for f in only(result, "study-numbers"))
    assert "twice" in messages and "s12345" in messages
    spec.answers[2] = "none yet"
    assert "no study numbers" in only(check(spec), "study-numbers")[0].message


def test_checklist_counts_and_odd_marks():
    spec = ReportSpec(edition="2026")
    spec.ticked = 10
    text = build_report(spec)
    result = check_text(text)
    assert (result.checklist.done, result.checklist.total) == (10, 53)
    assert [(s.title, s.total) for s in result.checklist.sections] == [
        ("Week 1", 20), ("Week 2", 18), ("Week 3", 9), ("Extra", 6)
    ]
    assert only(result, "checklist") == []
    odd = text.replace("* [ ]", "* [Y]", 1).replace("* [ ]", "* [-]", 1).replace("* [x]", "* [X]", 1)
    result = check_text(odd)
    assert result.checklist.done == 11  # [Y] counts, [-] does not, [X] is valid
    marks = [f.message for f in only(result, "checklist")]
    assert len(marks) == 2 and "[Y]" in marks[0] and "[-]" in marks[1]


def test_outdated_template_under_this_years_rules():
    text = build_report(ReportSpec(edition="2025"))
    result = check_text(text, edition="2026")
    assert [f.question for f in only(result, "edition")] == [3]
    assert only(check_text(text), "edition") == []


def test_inline_ignore_silences_named_rules_for_that_question_only():
    spec = ReportSpec(edition="2026").todo(6, "TODO").todo(8, "FIXME")
    spec.answers[6] = valid_answer("2026", 6) + "\n<!-- exam-report: ignore todo -->"
    result = check(spec)
    assert [f.question for f in only(result, "todo")] == [8]


def test_severity_overrides():
    spec = ReportSpec(edition="2026").todo(6, "TODO")
    assert only(check(spec, rules={"todo": "off"}), "todo") == []
    assert only(check(spec, rules={"todo": "error"}), "todo")[0].severity == "error"
    assert not check(spec, rules={"todo": "error"}).ok


def test_line_numbers_survive_crlf_bom_and_front_matter():
    spec = ReportSpec(edition="2026")
    spec.answers[5] = "short"
    plain = check_text(build_report(spec))
    line = only(plain, "words")[0].line
    spec.newline = "\r\n"
    assert only(check_text("\ufeff" + build_report(spec)), "words")[0].line == line
    spec.newline = "\n"
    spec.front_matter = True
    shifted = check_text(build_report(spec))
    assert only(shifted, "words")[0].line > line
    assert shifted.official.readable


def test_every_rule_has_reference_text():
    for rule in RULES.values():
        assert rule.severity in ("error", "warning", "info")
        assert rule.title and rule.why and rule.fix


def test_rule_severities_accepts_yaml_off_and_refuses_unknown_words():
    import yaml

    from mkdocs_exam_report.findings import rule_severities

    # YAML 1.1 reads unquoted off/no/false as False: each means "off"
    assert rule_severities(yaml.safe_load("{todo: off, words: warning, images: no}")) == {
        "todo": "off",
        "words": "warning",
        "images": "off",
    }
    for bad in ({"todo": True}, {"todo": "loud"}, {"nosuchrule": "off"}, ["todo"]):
        with pytest.raises(ValueError):
            rule_severities(bad)
