"""The report factory itself: the template structure it writes, default answers that meet every
limit by plain counting, and defects that change exactly what they claim to.

These tests count with ``str.split`` and a regex of their own, not with the engine, so a fault in
the factory cannot hide behind the same fault in the engine."""

from __future__ import annotations

import re
import struct
import zlib

import pytest

from mkdocs_exam_report.editions import EDITIONS
from tests.factory import EXAMPLES, ReportSpec, build_report, valid_answer, write_repo

NAMES = ("2023", "2025", "2026")
IMAGE = re.compile(r"!\[.*?\]\(.*?\)")
HEADING = re.compile(r"^### Question (\d+)$", re.MULTILINE)


def question_block(text: str, n: int) -> str:
    """From the heading of question n up to the next question heading (or the end)."""
    start = text.index(f"### Question {n}\n")
    nxt = HEADING.search(text, start + 1)
    return text[start : nxt.start() if nxt else len(text)]


def answer_of(text: str, n: int) -> str:
    """The answer as written: after the '> Answer:' line, without a trailing section heading."""
    block = question_block(text, n).split("> Answer:\n", 1)[1]
    return re.split(r"^## ", block, maxsplit=1, flags=re.MULTILINE)[0].strip()


def trigrams(text: str) -> set[tuple[str, ...]]:
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


# --- structure ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_question_headings_in_order(name):
    text = build_report(ReportSpec(edition=name))
    numbers = [int(n) for n in HEADING.findall(text)]
    assert numbers == list(range(1, EDITIONS[name].total + 1))
    assert len(numbers) == (27 if name == "2023" else 31)
    assert text.count("> Answer:\n") == len(numbers)
    assert text.count("Answer:") == len(numbers)


@pytest.mark.parametrize("name", NAMES)
def test_preamble(name):
    text = build_report(ReportSpec(edition=name))
    title = text.split("\n", 1)[0]
    assert title.startswith("# ") and len(title) > 43
    preamble = text.split("## Overall project checklist", 1)[0]
    assert "```--- question 1 fill here ---```" in preamble
    assert "```markdown\n![my_image](figures/<image>.<extension>)\n```" in preamble


@pytest.mark.parametrize(
    "name, sections",
    [
        ("2023", [("Week 1", 17), ("Week 2", 10), ("Week 3", 6), ("Additional", 3)]),
        ("2025", [("Week 1", 20), ("Week 2", 18), ("Week 3", 8), ("Extra", 6)]),
        ("2026", [("Week 1", 20), ("Week 2", 18), ("Week 3", 9), ("Extra", 6)]),
    ],
)
def test_checklist_sections_and_items(name, sections):
    text = build_report(ReportSpec(edition=name, ticked=5))
    checklist = text.split("## Overall project checklist", 1)[1].split("\n## ", 1)[0]
    found = []
    for part in checklist.split("\n### ")[1:]:
        title, body = part.split("\n", 1)
        found.append((title, len(re.findall(r"^\* \[[ x]\] ", body, re.MULTILINE))))
    assert found == sections
    assert checklist.count("* [x]") == 5
    assert re.search(r"^\* \[ \] .*\n    \S.*\(M\d+\)$", checklist, re.MULTILINE), "no wrapped item"


@pytest.mark.parametrize("name", NAMES)
def test_prompts_state_the_edition_ranges(name):
    text = build_report(ReportSpec(edition=name))
    for spec in EDITIONS[name].questions:
        block = question_block(text, spec.number)
        prompt = block.split("> Answer:", 1)[0]
        assert all(line.startswith(">") for line in prompt.strip().split("\n")[1:] if line)
        hint = re.search(r"> Recommended answer length: (\d+)-(\d+) words", prompt)
        if spec.words is None:
            assert hint is None
        else:
            assert hint and (int(hint.group(1)), int(hint.group(2))) == tuple(spec.words)
        if spec.images is not None:
            assert "screenshot" in prompt
            if spec.words is not None:
                assert re.search(r"words \+ \d+( to \d+)? screenshots?\.$", prompt, re.MULTILINE)
        assert f"> *{EXAMPLES[name][spec.number]}*" in prompt


def test_q3_prompt_names_the_edition():
    q3 = {name: question_block(build_report(ReportSpec(edition=name)), 3).lower() for name in NAMES}
    assert "requirement" in q3["2025"] and "third-party" in q3["2025"]
    assert "open-source" in q3["2026"] and "requirement" not in q3["2026"]
    assert "open-source" not in q3["2025"] and "third-party" not in q3["2023"]


@pytest.mark.parametrize("name", NAMES)
def test_sections_have_blank_line_and_quoted_intro(name):
    text = build_report(ReportSpec(edition=name))
    sections = re.findall(r"^## (.+)\n\n(.*)$", text, re.MULTILINE)
    titles = [t for t, _ in sections]
    assert titles[0] == "Overall project checklist" and "Group information" in titles
    assert "Overall discussion of project" in titles and len(titles) == 8
    for title, first in sections[2:]:
        assert first.startswith("> "), title


# --- default answers ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_default_answers_meet_every_limit_by_plain_counting(name):
    text = build_report(ReportSpec(edition=name))
    for spec in EDITIONS[name].questions:
        answer = answer_of(text, spec.number)
        assert answer == valid_answer(name, spec.number)
        words, images = len(answer.split()), len(IMAGE.findall(answer))
        if spec.words is not None:
            assert words in spec.words, (spec.number, words)
            middle = (spec.words.min + spec.words.max) // 2
            assert abs(words - middle) <= 2, (spec.number, words)
        if spec.images is not None:
            assert images in spec.images
            for k in range(1, images + 1):
                assert f"](figures/q{spec.number}_{k}.png)" in answer
        else:
            assert images == 0
        for bad in ("...", "…", "TODO", "FIXME", "#", "Answer:", "fill here", "---"):
            assert bad not in answer, (spec.number, bad)
        assert not trigrams(answer) & trigrams(EXAMPLES[name][spec.number]), spec.number


def test_group_and_study_numbers():
    text = build_report(ReportSpec())
    assert re.fullmatch(r"\d{1,4}", answer_of(text, 1))
    numbers = [n.strip() for n in answer_of(text, 2).split(",")]
    assert all(re.fullmatch(r"s\d{6}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers) >= 2


def test_examples_have_gaps_and_cover_every_question():
    for name in NAMES:
        assert set(EXAMPLES[name]) == set(range(1, EDITIONS[name].total + 1))
        assert all("..." in example for example in EXAMPLES[name].values())


def test_overrides_and_options():
    spec = ReportSpec(edition="2026")
    spec.answers[5] = "my text"
    spec.answers[9] = None
    text = build_report(spec)
    assert answer_of(text, 5) == "my text"
    assert answer_of(text, 9) == "--- question 9 fill here ---"
    spec.ticked = 38
    assert build_report(spec).count("* [x]") == 38
    assert build_report(ReportSpec(front_matter=True)).startswith("---\ntitle: ")
    crlf = build_report(ReportSpec(newline="\r\n"))
    assert "\r\n" in crlf and "\n" not in crlf.replace("\r\n", "")
    assert crlf.replace("\r\n", "\n") == build_report(ReportSpec())


# --- defects -----------------------------------------------------------------------------------


def test_defect_methods_are_chainable():
    spec = ReportSpec()
    assert spec.drop_answer_line(10).todo(6).copy_example(5).html_image(19) is spec


def test_drop_answer_line():
    text = build_report(ReportSpec().drop_answer_line(10))
    assert "> Answer:" not in question_block(text, 10)
    assert text.count("Answer:") == 30


def test_demote_renumber_duplicate():
    text = build_report(ReportSpec().demote_heading(7))
    assert "\n## Question 7\n" in text and "### Question 7" not in text
    text = build_report(ReportSpec().renumber(7, 8))
    assert HEADING.findall(text).count("8") == 2 and "7" not in HEADING.findall(text)
    text = build_report(ReportSpec().duplicate_heading(7))
    numbers = HEADING.findall(text)
    assert numbers.count("7") == 2 and numbers.index("8") == numbers.index("7") + 2


def test_heading_after_last():
    text = build_report(ReportSpec().heading_after_last("### Appendix"))
    tail = text[text.rindex("Answer:") :]
    assert "\n### Appendix\n\n" in tail and tail.rstrip().split("\n")[-1].strip()


def test_placeholder_with_text_around():
    text = build_report(ReportSpec().placeholder(12, before="Some text.", after="More text."))
    assert answer_of(text, 12) == "Some text.\n\n--- question 12 fill here ---\n\nMore text."


def test_subheading_in_answer_cuts_the_official_count():
    text = build_report(ReportSpec().subheading_in_answer(13, "#### Details"))
    answer = answer_of(text, 13)
    before, after = answer.split("#### Details")
    assert before.strip() == valid_answer("2026", 13)
    assert len(after.split()) >= 20  # what the official checker no longer sees


def test_extra_answer_marker():
    answer = answer_of(build_report(ReportSpec().extra_answer_marker(13)), 13)
    before, after = answer.split("Answer:")
    assert len(before.split()) > 50 and len(after.split()) >= 3
    assert answer.count("Answer:") == 1


def test_image_styles_and_paths():
    text = build_report(ReportSpec().plain_image_link(14).html_image(19).image_path(20, "figures/Missing.PNG"))
    q14, q19, q20 = (answer_of(text, n) for n in (14, 19, 20))
    assert not IMAGE.findall(q14) and "[Screenshot 1](figures/q14_1.png)" in q14
    assert not IMAGE.findall(q19) and '<img src="figures/q19_1.png"' in q19
    assert IMAGE.findall(q20) == ["![Screenshot 1](figures/Missing.PNG)"]


def test_todo_and_copy_example():
    text = build_report(ReportSpec().todo(6, "TODO").copy_example(5))
    assert re.search(r"\bTODO\b", answer_of(text, 6))
    assert answer_of(text, 6).startswith(valid_answer("2026", 6))
    assert answer_of(text, 5) == EXAMPLES["2026"][5] and "..." in answer_of(text, 5)


# --- files -------------------------------------------------------------------------------------


def read_png(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, size, kinds = 8, None, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        if kind == b"IDAT":
            zlib.decompress(body)
        kinds.append(kind)
        pos += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    return size


def test_write_repo_writes_bytes_and_figures(tmp_path):
    spec = ReportSpec(newline="\r\n")
    readme = write_repo(tmp_path, spec)
    assert readme == tmp_path / "reports" / "README.md"
    assert readme.read_bytes() == build_report(spec).encode("utf-8") and b"\r\n" in readme.read_bytes()
    figures = sorted(p.name for p in (tmp_path / "reports" / "figures").iterdir())
    assert figures == ["q14_1.png", "q19_1.png", "q20_1.png", "q21_1.png", "q29_1.png"]
    for name in figures:
        assert read_png((tmp_path / "reports" / "figures" / name).read_bytes())[0] > 0


def test_write_repo_without_figures_and_outside_targets(tmp_path):
    write_repo(tmp_path / "a", ReportSpec(), figures=False)
    assert not (tmp_path / "a" / "reports" / "figures").exists()
    spec = ReportSpec().image_path(19, "../../secret.png").image_path(20, "https://example.com/a.png")
    spec.image_path(21, "figures/Missing.PNG")
    write_repo(tmp_path / "b", spec)
    assert not (tmp_path / "secret.png").exists() and not (tmp_path / "b" / "secret.png").exists()
    made = {p.name for p in (tmp_path / "b" / "reports" / "figures").iterdir()}
    assert made == {"q14_1.png", "Missing.PNG", "q29_1.png"}
    assert not (tmp_path / "b" / "reports" / "figures" / "<image>.<extension>").exists()
