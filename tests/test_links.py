"""The rule link-missing in both directions, and the link rewriting the plugin builds on, on
factory-made reports in a repository of our own."""

from __future__ import annotations

import time
from pathlib import Path

import markdown
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mkdocs_exam_report.engine import check_file, check_text
from mkdocs_exam_report.links import iter_links, rewrite
from mkdocs_exam_report.report import parse
from mkdocs_exam_report.text import code_spans
from tests.factory import ReportSpec, build_report, valid_answer, write_repo


def repo(tmp_path: Path, answer_5: str, spec: ReportSpec | None = None) -> Path:
    spec = spec or ReportSpec(edition="2026")
    spec.answers[5] = valid_answer("2026", 5) + " " + answer_5
    path = write_repo(tmp_path, spec)
    for name in ("dockerfiles/train.dockerfile", "README.md", "src/app.py", "reports/notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    return path


def missing(result):
    return [(f.question, f.message) for f in result.findings if f.rule == "link-missing"]


def test_links_that_work_on_github_are_silent(tmp_path):
    spec = ReportSpec(edition="2026")
    spec.course_figures = True  # the template's own links: the course's figures, absent here
    answer = (
        "[dockerfile](../dockerfiles/train.dockerfile) [readme](<../README.md#setup>) [code](../src/) "
        "[notes](notes.txt) [web](https://example.com/x.html) [mail](mailto:a@b.dk) [top](#question-5) "
        "[root](/docs/x.md) `[code span](../nowhere.md)`\n\n```\n[fenced](../nowhere.md)\n```\n\n"
        "[ref]: ../README.md"
    )
    path = repo(tmp_path, answer, spec)
    for name in ("wandb.png", "bucket.png", "registry.png", "build.png", "overview.png"):
        (path.parent / "figures" / name).unlink()
    assert check_file(path).findings == []


def test_links_to_nothing_are_found_with_question_and_line(tmp_path):
    answer = (
        "[old](../scripts/old.py) and [case](../readme.md) and [far](../../outside.txt)\n\n"
        "[gone]: ../docs/gone.md"
    )
    path = repo(tmp_path / "repo", answer)
    (tmp_path / "outside.txt").write_text("x")  # exists, but outside the repository
    result = check_file(path)
    found = missing(result)
    assert [q for q, _ in found] == [5, 5, 5, 5]
    assert "'../scripts/old.py' does not exist in the repository" in found[0][1]
    assert found[1][1].endswith(
        "'../readme.md' does not exist in the repository; '../README.md' does, but names are case-sensitive on GitHub"
    )
    assert "case" not in found[0][1]  # no file of another case: no hint
    # the folder of the exact name is read, even beside one of another case ('Src/')
    both = repo(tmp_path / "both", "[app](../src/App.py)")
    (tmp_path / "both" / "Src").mkdir()
    assert missing(check_file(both))[0][1].endswith("'../src/app.py' does, but names are case-sensitive on GitHub")
    assert "'../../outside.txt' points outside the repository" in found[2][1]
    assert "'../docs/gone.md' does not exist" in found[3][1]
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("[old]")].count("\n") + 1
    assert [f.line for f in result.findings if f.rule == "link-missing"][:3] == [line, line, line]
    assert all(f.severity == "warning" for f in result.findings if f.rule == "link-missing")


def test_an_image_outside_the_answers_is_checked_and_answer_images_are_left_to_image_missing(tmp_path):
    spec = ReportSpec(edition="2026")
    path = write_repo(tmp_path, spec)
    text = path.read_text(encoding="utf-8")
    text = text.replace("## Overall project checklist", "![logo](figures/logo.png)\n\n## Overall project checklist", 1)
    path.write_text(text, encoding="utf-8")
    (path.parent / "figures" / "q14_1.png").unlink()
    result = check_file(path)
    assert [(f.rule, f.question) for f in result.findings] == [("link-missing", None), ("image-missing", 14)]


def test_no_folder_no_file_checks():
    spec = ReportSpec(edition="2026")
    spec.answers[5] = valid_answer("2026", 5) + " [old](../scripts/old.py)"
    assert missing(check_text(build_report(spec))) == []


def test_rewrite_keeps_code_and_changes_only_what_it_is_told():
    markdown = "See [a](x.md), `[b](y.md)`, [c](z.md \"t\") and ![d](i.png).\n\n```\n[e](x.md)\n```\n"
    report = parse(markdown)
    calls = []

    def decide(path, image, in_prompt):
        calls.append(path)
        return {"x.md": "https://h/x.md", "z.md": "", "i.png": "https://h/i a.png"}.get(path)

    out = rewrite(markdown, report, decide)
    assert calls == ["x.md", "z.md", "i.png"]
    assert out == (
        "See [a](https://h/x.md), `[b](y.md)`, c and ![d](<https://h/i a.png>).\n\n```\n[e](x.md)\n```\n"
    )


# Hostile lines for the link scan (about 1 MB each, in question 11's answer): each try of the
# link pattern stops where the next can start, so none of these is slower than linear.
HOSTILE_LINKS = {
    "run of '[a](<'": ("[a](<" * 200_000, 0),
    "run of '[a](x \"'": ("[a](x \"" * 150_000, 0),
    "run of '[a](../x'": ("[a](../x" * 120_000, 0),
    "100,000 links to one missing file": ("[a](../gone.txt) " * 60_000, 60_000),
    "100,000 backticks and links": ("`[a](../gone.txt) " * 60_000, 30_000),
}


@pytest.mark.parametrize("name", HOSTILE_LINKS)
def test_a_hostile_line_of_links(tmp_path, name):
    line, count = HOSTILE_LINKS[name]
    spec = ReportSpec(edition="2026")
    spec.answers[11] = valid_answer("2026", 11) + "\n\n" + line
    start = time.monotonic()
    result = check_file(write_repo(tmp_path, spec))
    assert time.monotonic() - start < 10
    assert result.count("link-missing") == count  # listed up to the cap, counted in full
    assert {q for q, _ in missing(result)} <= {11}


# Lines of links, images, backticks and words, in paragraphs (an empty line ends one).
_LINE_TOKENS = ["[a](x.md)", "![i](y.png)", "`", "word", " "]


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.lists(st.sampled_from(_LINE_TOKENS), max_size=12), max_size=8))
def test_links_in_code_spans_are_the_ones_the_rendered_page_shows_as_code(lines):
    # Code spans as Markdown pairs backtick runs (a run without a closer is plain text, a span
    # may cross the lines of its paragraph): iter_links finds the links and images that
    # Python-Markdown (MkDocs' renderer) turns into <a> and <img>, no more, no fewer; the same
    # in two parts of whole lines, as the rules search answers
    text = "\n".join("".join(tokens).lstrip(" ") for tokens in lines) + "\n"  # no indented code
    # Runs of one backtick only: Python-Markdown opens a span inside a longer run, where
    # CommonMark (GitHub, and text.inline_code) reads the run whole
    assume("``" not in text)
    html = markdown.markdown(text)
    found = list(iter_links(text, code_spans(text, [])))
    assert sum(not link.image for link in found) == html.count('<a href="x.md">')
    assert sum(link.image for link in found) == html.count("<img ")
    middle = text.find("\n", len(text) // 2) + 1
    assert list(iter_links(text, code_spans(text, []), spans=[(0, middle), (middle, len(text))])) == found


def test_a_link_inside_an_images_angle_target_is_part_of_the_image(tmp_path):
    # '[1](../gone.txt)' inside the image's <target> is the image's text, not a link; the same
    # words outside it are a link to a file that is not there
    path = repo(tmp_path, "![shot](<figures/a [1](../gone.txt)>) and [2](../gone.txt)")
    gone = "the link target '../gone.txt' does not exist in the repository"
    assert missing(check_file(path)) == [(5, gone)]


# Pieces of links and images, for texts where they overlap, nest and break off.
_LINK_PIECES = ["![", "[", "]", "](", "](<", "<", ">", ")", "a", "x.png", " ", "\t", "\n", '"t"', "'t'", "(t)", "[c](d)", "`"]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(_LINK_PIECES), max_size=40), cut=st.integers(0, 200))
def test_leaving_images_out_finds_the_links_that_reading_them_finds(pieces, cut):
    # iter_links(images=False) turns images down inside re; it must find exactly the links that
    # the full scan finds among the images (which is what a reader of the page sees)
    text = "".join(pieces)
    report = parse(text)
    with_images = [link for link in iter_links(text, code_spans(text, report.fenced)) if not link.image]
    assert list(iter_links(text, code_spans(text, report.fenced), images=False)) == with_images
    # in parts of the text: a '[' right after a '!' starts an image, also when the '!' lies before the part
    spans = [(0, min(cut, len(text))), (min(cut, len(text)), len(text))]
    in_parts = [
        link for link in iter_links(text, code_spans(text, report.fenced), spans=spans) if not link.image and text[link.start - 1 : link.start] != "!"
    ]
    assert list(iter_links(text, code_spans(text, report.fenced), images=False, spans=spans)) == in_parts
