"""The model of the course's checker on small hand-made texts: what it takes as an answer."""

from __future__ import annotations

from mkdocs_exam_report.editions import EDITIONS, Edition, QuestionSpec, Range
from mkdocs_exam_report.official import run_official
from mkdocs_exam_report.text import count_images, count_words

TWO = Edition(name="test", questions=(QuestionSpec(1, Range(2, 3)), QuestionSpec(2, None, Range(1, 1))), checklist=())


def answers(text, edition=TWO):
    result = run_official(text, edition)
    return [text[a.start : a.end].strip("\n") for a in result.answers], result


def test_answers_run_from_marker_to_next_heading():
    text = "# T\n### Question 1\n> Answer:\none two\n\n### Question 2\n> Answer:\n![a](b.png)\n"
    found, result = answers(text)
    assert found == ["one two\n\n", "![a](b.png)"] or found == ["one two", "![a](b.png)"]
    assert result.readable and result.verdicts == (True, True)
    assert [a.words for a in result.answers] == [2, 1]


def test_a_section_heading_between_questions_is_cut_at_the_double_hash():
    text = "### Question 1\n> Answer:\none two three\n## Section\n> intro\n### Question 2\n> Answer:\n![a](b)\n"
    found, result = answers(text)
    assert found[0].strip() == "one two three"


def test_any_double_hash_inside_an_answer_cuts_it_even_in_code():
    text = "### Question 1\n> Answer:\none two\n```bash\n## comment\nmore words here\n```\n### Question 2\n> Answer:\n![a](b)\n"
    found, result = answers(text)
    assert found[0].strip() == "one two\n```bash"
    assert result.answers[0].words == 3


def test_extra_answer_marker_drops_what_comes_before_it():
    text = "### Question 1\n> Answer:\nlost words here Answer: kept\n### Question 2\n> Answer:\n![a](b)\n"
    found, result = answers(text)
    assert result.readable
    assert found[0].strip() == "kept"


def test_deleted_marker_makes_it_unreadable():
    text = "### Question 1\n> prompt\none two\n### Question 2\n> Answer:\n![a](b)\n"
    _, result = answers(text)
    assert not result.readable and result.found == 1 and result.verdicts == ()
    assert result.passed == 0


def test_deleted_marker_of_the_last_question_keeps_the_count_but_misreads():
    # The checker appends the last part anyway, so it does not stop: it judges the wrong text.
    text = "### Question 1\n> Answer:\none two\n### Question 2\n> prompt\n![a](b)\n"
    found, result = answers(text)
    assert result.readable and result.found == 2
    assert "### Question 2" in found[1]


def test_heading_after_last_answer_appends_the_last_part_twice():
    text = "### Question 1\n> Answer:\none two\n### Question 2\n> Answer:\n![a](b)\n### Appendix\n"
    _, result = answers(text)
    assert result.found == 3 and not result.readable


def test_no_marker_at_all_judges_nothing():
    _, result = answers("just text\n")
    assert not result.readable and result.found == 0


def test_words_are_whitespace_separated_tokens_markdown_included():
    assert count_words("**bold** [link](http://x.y/z) `code`\n--- question 3 fill here ---") == 9
    assert count_words("") == 0


def test_images_are_bang_bracket_paren_on_one_line():
    assert count_images("![a](x.png) ![b](y.jpg)") == 2
    assert count_images("[a](x.png) <img src='x.png'>") == 0
    assert count_images("![a\n](x.png)") == 0


def test_limits_are_inclusive():
    text = "### Question 1\n> Answer:\n{}\n### Question 2\n> Answer:\n{}\n"
    for words, images, ok in [(2, 1, (True, True)), (3, 1, (True, True)), (1, 1, (False, True)), (4, 2, (False, False))]:
        _, result = answers(text.format(" ".join(["w"] * words), " ".join(["![i](p)"] * images)))
        assert result.verdicts == ok


def test_legacy_2023_split_skips_the_header_and_the_first_kept_part():
    edition = EDITIONS["2023"]
    body = "".join(f"### Question {n}\n> Answer:\nword\n\n" for n in range(1, 28))
    result = run_official("# Exam template for 02476 Machine Learning Operations\n## Checklist\n### Week 1\n" + body, edition)
    assert result.readable and result.found == 27
    # without any '###' before the first answer the 2023 checker drops the first real answer
    title = "# Exam template for 02476 Machine Learning Operations\n"  # longer than the cut header
    result = run_official(title + body.replace("### Question 1\n", "Question 1\n", 1), edition)
    assert result.found == 26 and not result.readable
