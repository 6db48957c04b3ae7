"""The hostile-input catalogue: each case is a named test with the message it must give.

Every case ends either in findings (exit 0 or 1) or in one line on standard error naming the
file (exit 2, ``ReportError`` from the engine) - never a traceback. The large inputs are sized
so that anything worse than linear time would not finish (nothing here times anything). The
last tests record every path the check touches and find all of them inside the repository.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
import time
from collections import Counter
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

import pytest
import yaml

from mkdocs_exam_report import cli as cli_module
from mkdocs_exam_report.engine import ReportError, check_file, check_text
from mkdocs_exam_report.limits import MAX_PER_REPORT, MAX_PER_RULE
from mkdocs_exam_report.outputs.json import report_dict
from tests.factory import EXAMPLES, ReportSpec, build_report, huge_example_report, png, valid_answer, write_repo
from tests.test_cli import clean, run_check
from tests.test_plugin import build, make_project, page
from tests.test_plugin_routes import clean_spec, cli_lines, mine, ours


def refused(path, message: str) -> None:
    """Exit 2 with exactly one line on standard error, and the engine raises the same message."""
    with pytest.raises(ReportError) as caught:
        check_file(path)
    text = str(caught.value)
    assert "\n" not in text and text.startswith(str(path)) and message in text, text
    out = run_check(path, "--format", "json")
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert out.stderr == f"exam-report: {text}\n"
    assert json.loads(out.stdout)["unusable"] == [{"path": str(path), "message": text}]


def judged(path):
    """Findings, exit 0 or 1, and the command line prints what the engine returns."""
    result = check_file(path)
    out = run_check(path, "--format", "json")
    assert "Traceback" not in out.stderr and out.stderr == "", out.stderr
    assert out.returncode == (0 if result.ok else 1)
    assert json.loads(out.stdout)["reports"] == [report_dict(result)]
    return result


def report_file(root: Path, data: bytes) -> Path:
    path = root / "reports" / "README.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def edited(tmp_path, change) -> Path:
    """A clean report with its figures, whose text is then changed by ``change``."""
    path = clean(tmp_path, "repo")
    path.write_bytes(change(path.read_text(encoding="utf-8")).encode())
    return path


def found(result, rule=None):
    return [(f.rule, f.question) for f in result.findings if rule is None or f.rule == rule]


# --- files that are not a report ---------------------------------------------------------------


def test_empty_file(tmp_path):
    refused(report_file(tmp_path, b""), "empty report")


def test_only_whitespace(tmp_path):
    refused(report_file(tmp_path, b" \t\n\r\n  \n\x0c\n"), "empty report")


def test_only_unicode_whitespace_and_a_bom(tmp_path):
    refused(report_file(tmp_path, "\ufeff\u3000\u00a0\u2028\n".encode()), "empty report")


def test_binary_file(tmp_path):
    refused(report_file(tmp_path, png() * 4), "binary file, not a Markdown report")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])  # with and without a BOM
def test_utf16_file_is_refused_saying_what_it_is(tmp_path, encoding):
    data = build_report(ReportSpec()).encode(encoding)
    refused(report_file(tmp_path, data), "saved as UTF-16 text (what PowerShell's '>' writes), not UTF-8; save it as UTF-8")


def test_non_utf8_bytes_name_line_and_byte(tmp_path):
    data = build_report(ReportSpec()).encode()
    line = data[: data.index(b"### Question 9")].count(b"\n") + 1
    data = data.replace(b"### Question 9", b"### Question 9 \xe6ble", 1)
    refused(report_file(tmp_path, data), f"line {line}: not UTF-8 text (byte 0xe6); save the report as UTF-8")


def test_non_utf8_bytes_after_a_bom_name_line_and_byte(tmp_path):
    # The BOM must not shift the position: the bad byte, not the one three before it, is named.
    data = b"\xef\xbb\xbf" + build_report(ReportSpec()).encode()
    line = data[: data.index(b"### Question 9")].count(b"\n") + 1
    data = data.replace(b"### Question 9", b"### Question 9\n\xe6ble", 1)
    refused(report_file(tmp_path, data), f"line {line + 1}: not UTF-8 text (byte 0xe6); save the report as UTF-8")


def test_truncated_utf8_sequence_at_the_end(tmp_path):
    data = build_report(ReportSpec()).encode() + "æ".encode()[:1]
    refused(report_file(tmp_path, data), "not UTF-8 text (byte 0xc3)")


def test_a_20_mb_report_is_refused_with_its_size(tmp_path):
    refused(report_file(tmp_path, b"word " * (4 * 1024 * 1024)), "20.0 MB is far too large for an exam report (limit 10 MB; a report is ~35 KB)")


# --- paths that are not a report -----------------------------------------------------------------


def test_path_is_a_folder_without_a_report(tmp_path):
    refused(tmp_path, f"no report (expected {tmp_path / 'reports' / 'README.md'})")


def test_report_path_is_a_folder(tmp_path):
    folder = tmp_path / "reports" / "README.md"
    folder.mkdir(parents=True)
    # named as what it is, from the repository, its reports folder and the path itself
    for given in (folder, tmp_path / "reports", tmp_path):
        refused(given, f"{given}: {folder} is a folder, not a report file")
    (tmp_path / "reports" / "Notes.md").mkdir()
    refused(tmp_path / "reports" / "Notes.md", "Notes.md is a folder, not a report file")


def test_path_is_missing(tmp_path):
    refused(tmp_path / "missing.md", "no such file")


def test_path_is_a_broken_symlink(tmp_path):
    link = tmp_path / "README.md"
    link.symlink_to(tmp_path / "gone.md")
    refused(link, "broken symbolic link")


def test_path_is_a_symlink_loop(tmp_path):
    link = tmp_path / "README.md"
    link.symlink_to(link)
    refused(link, "symbolic link loop")


def test_path_is_a_loop_through_two_links(tmp_path):
    (tmp_path / "a.md").symlink_to(tmp_path / "README.md")
    (tmp_path / "README.md").symlink_to(tmp_path / "a.md")
    refused(tmp_path / "README.md", "symbolic link loop")
    refused(tmp_path / "a.md", "symbolic link loop")


def test_path_through_a_folder_that_is_a_loop(tmp_path):
    (tmp_path / "reports").symlink_to(tmp_path / "reports")
    refused(tmp_path / "reports" / "README.md", "symbolic link loop")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root enters any folder")
def test_a_report_in_a_folder_that_cannot_be_entered(tmp_path):
    path = clean(tmp_path, "repo")
    path.parent.chmod(0o600)  # readable listing, but not searchable
    try:
        refused(path, "permission denied")
    finally:
        path.parent.chmod(0o755)


def test_permission_denied_on_the_way_is_not_no_such_file(tmp_path, monkeypatch):
    """The same case where tests run as root (who enters any folder): os.stat says EACCES."""
    import errno

    path = clean(tmp_path, "repo")
    real_stat = os.stat

    def stat(target, *args, **kwargs):
        if os.fspath(target) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_stat(target, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    assert not os.path.exists(path)  # what the old check went by: "no such file"
    with pytest.raises(ReportError, match="permission denied"):
        check_file(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_path_is_a_named_pipe_and_is_never_opened(tmp_path):
    fifo = tmp_path / "README.md"
    os.mkfifo(fifo)  # opening it for reading would block forever
    refused(fifo, "not a regular file")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = clean(tmp_path, "repo")
    path.chmod(0)
    try:
        refused(path, "cannot read (Permission denied)")
    finally:
        path.chmod(0o644)


def test_report_reached_through_a_symlink_is_judged(tmp_path):
    path = clean(tmp_path, "repo")
    link = tmp_path / "link.md"
    link.symlink_to(path)
    assert found(judged(link), "image-missing") == [(n, q) for n, q in found(judged(link), "image-missing")]


# --- encodings and line endings -----------------------------------------------------------------


def test_utf8_bom_is_read_like_without(tmp_path):
    path = clean(tmp_path, "repo")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert judged(path).findings == []


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "lone-cr"])
def test_crlf_and_lone_cr_give_the_same_findings_on_the_same_lines(tmp_path, newline):
    spec = ReportSpec().todo(6, "TODO").placeholder(12)
    spec.answers[5] = "short"
    reference = check_file(write_repo(tmp_path / "lf", spec))
    spec.newline = newline
    result = judged(write_repo(tmp_path / "other", spec))
    assert [f.to_dict() for f in result.findings] == [f.to_dict() for f in reference.findings]
    assert sorted(found(result), key=lambda f: f[1]) == [("words", 5), ("todo", 6), ("words", 12), ("placeholder", 12)]


def test_mixed_line_endings(tmp_path):
    path = clean(tmp_path, "repo")
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    mixed = "".join(line + ("\r\n", "\r", "\n")[i % 3] for i, line in enumerate(lines))
    path.write_bytes(mixed.encode())
    assert judged(path).findings == []


def test_nul_bytes_after_the_first_8_kb_are_judged_as_text(tmp_path):
    spec = ReportSpec()
    answer = valid_answer("2026", 11)
    spec.answers[11] = answer + " \x00\x00"
    result = judged(write_repo(tmp_path, spec))
    assert result.questions[10].words == len(answer.split()) + 1  # the NULs are one more word


# --- sizes ---------------------------------------------------------------------------------------


def test_a_100000_line_answer_is_judged(tmp_path):
    spec = ReportSpec()
    spec.answers[11] = "\n".join(f"line {i} of a long answer" for i in range(100_000))
    result = judged(write_repo(tmp_path, spec))
    assert result.questions[10].words == 600_000
    assert found(result) == [("words", 11)]
    assert "600000 words, allowed" in result.findings[0].message


def test_a_question_heading_repeated_500_times(tmp_path):
    result = judged(edited(tmp_path, lambda t: t.replace("### Question 7\n", "### Question 7\n" * 500, 1)))
    assert result.official.readable  # the official checker splits on 'Answer:' and never sees headings
    duplicates = [f for f in result.findings if f.rule == "structure" and "appears a second time" in f.message]
    # the first MAX_PER_RULE are listed, then one finding for the rest; the counts hold all of them
    # (and the first heading has no '> Answer:' of its own: 500 structure findings)
    assert len(duplicates) == MAX_PER_RULE - 1 and {f.question for f in duplicates} == {7}
    assert result.count("structure") == result.errors == 500 and result.dropped == {"structure": 400}
    assert result.findings[-1].message.startswith("… and 400 more structure findings not listed")
    assert result.findings[-1].question == 7  # all of them in question 7
    assert result.reason is None and not result.ok


def test_every_question_heading_repeated_300_times(tmp_path):
    text = build_report(ReportSpec())
    for n in range(1, 32):
        text = text.replace(f"### Question {n}\n", f"### Question {n}\n" * 300, 1)
    result = check_text(text)
    assert sum(f.rule == "structure" for f in result.findings) == MAX_PER_RULE + 1
    assert result.count("structure") == 31 * 300  # 299 duplicates, and a heading without '> Answer:'
    (more,) = [f for f in result.findings if f.message.startswith("… and ")]
    assert more.rule == "structure" and more.question is None  # the rest are in every question


def test_a_five_mb_line_without_a_newline(tmp_path):
    spec = ReportSpec()
    spec.answers[11] = "word " * 1_000_000
    result = judged(write_repo(tmp_path, spec))
    assert result.questions[10].words == 1_000_000


# One long line each (about 1 MB), in question 11's answer: before the fix in 34a39df each took
# from minutes to hours (quadratic or cubic regular-expression searches).
HOSTILE_LINES = {
    "run of '!['": ("![" * 500_000, []),
    "run of '[a]('": ("[a](" * 250_000, []),
    "run of '['": ("[" * 1_000_000, []),
    "run of dashes": ("-" * 1_000_000 + "x", ["placeholder-rest"]),
    # dashes that start a line's text are a placeholder's leftover: one finding for the line
    "line of '--- '": ("--- " * 250_000 + "x", ["words", "placeholder-rest"]),
    "em dashes between words": ("a---" * 100_000 + "x", []),
    "a placeholder's both ends around a long answer": ("--- " + "word " * 50_000 + "---", ["words", "placeholder-rest"]),
    "unclosed ignore comment and spaces": ("<!-- exam-report: ignore " + " " * 1_000_000 + "x", []),
    "unclosed ignore comment and words": ("<!-- exam-report: ignore " + "todo " * 200_000 + ".", ["words"]),
    "digits before 'screenshots'": ("1" * 1_000_000 + "x screenshots", []),
    "placeholders": ("\n".join(["--- question 11 fill here ---"] * 30_000), ["words"] + ["placeholder"] * 30_000),
    # Each finding's line is counted from the nearest heading: numbered per finding, far from one,
    # 300,000 of them took minutes.
    "a TODO on each of 300,000 lines": ("\n".join(["TODO"] * 300_000), ["words"] + ["todo"] * 300_000),
    "images without a closing parenthesis": ("![a](figures/x.png " * 50_000, ["words"]),
    "100,000 embedded images": ("![a](figures/q11_1.png) " * 100_000, ["words"]),  # question 11 has no image range
}


@pytest.mark.parametrize("name", HOSTILE_LINES)
def test_a_hostile_long_line_in_an_answer(tmp_path, name):
    line, rules = HOSTILE_LINES[name]
    spec = ReportSpec()
    spec.answers[11] = valid_answer("2026", 11) + "\n\n" + line
    result = check_file(write_repo(tmp_path, spec))
    # Counts, not lists: a failing comparison of 250,000-item lists would bury the report. Each
    # rule lists at most MAX_PER_RULE findings; the counts include those not listed.
    assert {rule: result.count(rule) for rule in {f.rule for f in result.findings}} == Counter(rules)
    assert all(n <= MAX_PER_RULE + 1 for n in Counter(f.rule for f in result.findings).values())
    assert {f.question for f in result.findings} <= {11}
    assert result.questions[10].words == len(spec.answers[11].split())


def test_a_heading_line_of_a_million_hashes_and_spaces(tmp_path):
    heading = "### Question 9\n\n# " + "# " * 500_000 + "x\n"
    result = judged(edited(tmp_path, lambda t: t.replace("### Question 9\n", heading, 1)))
    assert found(result) == []  # between a heading and a prompt, no '##' in it: nothing to find


def test_a_report_of_every_hostile_line_near_the_size_limit(tmp_path):
    spec = ReportSpec()
    for n, (line, _) in zip(range(4, 31), HOSTILE_LINES.values()):
        spec.answers[n] = line[: len(line) * 2 // 3]  # all of them is 13.8 MB, over the 10 MB limit
    path = write_repo(tmp_path, spec)
    assert 8_000_000 < path.stat().st_size < 10_000_000
    result = judged(path)
    assert result.official.readable


def test_an_answer_sharing_its_words_with_a_huge_example():
    # The example's word triples were each searched for in the answer: 40,000 triples in a 180 KB
    # answer took a minute. Now both are sets of triples.
    text, example, answer = huge_example_report()
    assert len(text) > 300_000
    start = time.perf_counter()
    result = check_text(text)
    assert time.perf_counter() - start < 2.0
    assert [f.rule for f in result.findings] == ["words"]  # shares words, not the example's triples
    # the same answer as the example, gap and all: found, as fast
    start = time.perf_counter()
    result = check_text(text.replace(answer, example + " ...", 1))
    assert time.perf_counter() - start < 2.0
    assert "example-copied" in {f.rule for f in result.findings}


def test_30000_checklist_items_each_with_its_own_mark(tmp_path):
    # Items were looked up once per kind of invalid mark: quadratic when every item has its own
    # (8,000 of them took 30 s).
    items = "".join(f"* [m{k}] item {k} (M1)\n" for k in range(30_000))
    result = judged(edited(tmp_path, lambda t: t.replace("### Week 1\n", "### Week 1\n" + items, 1)))
    odd = [f for f in result.findings if f.rule == "checklist"]
    assert len(odd) == MAX_PER_RULE + 1 and result.count("checklist") == 30_000
    assert [f.line for f in odd] == sorted(f.line for f in odd)
    assert "'[m99]'" in odd[-2].message and "… and 29900 more checklist findings" in odd[-1].message
    assert odd[-1].line == odd[-2].line  # on the line of the last one listed


def test_question_number_of_5000_digits(tmp_path):
    digits = "9" * 5000
    result = judged(edited(tmp_path, lambda t: t.replace("### Question 7\n", f"### Question {digits}\n", 1)))
    assert ("structure", 10**18) in found(result)  # there is no such question: a stand-in number
    assert any("question 7 is missing or renumbered" in f.message for f in result.findings)


def test_recommended_length_of_5000_digits(tmp_path):
    old, new = "Recommended answer length: 100-200 words", f"Recommended answer length: {'9' * 5000}-200 words"
    result = judged(edited(tmp_path, lambda t: t.replace(old, new, 1)))
    # one edited prompt makes no other year's template: the report is still this year's
    assert [f.rule for f in result.findings] == []
    assert result.edition.name == "2026"
    forced = check_file(edited(tmp_path, lambda t: t.replace(old, new, 1)), edition="2025")
    assert [f.rule for f in forced.findings] == ["edition"]


# --- image links --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "../../../etc/passwd.png",
        "figures/../../../outside.png",
        "%2e%2e/%2e%2e/outside.png",
        "..\\..\\outside.png",
        "/etc/passwd.png",
        "\\\\server\\share\\x.png",
        "C:\\Users\\me\\x.png",
        "file:///etc/passwd.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "http://example.com/a.png",
        "https://example.com/a.png",
        "//example.com/a.png",
    ],
)
def test_image_links_that_leave_the_report_folder(tmp_path, target):
    result = judged(write_repo(tmp_path, ReportSpec().image_path(19, target)))
    assert found(result) == [("image-path", 19)]


@pytest.mark.parametrize(
    "target, name",
    [
        ("figures/my%20shot.png", "my shot.png"),
        ("<figures/my shot.png>", "my shot.png"),
        ("figures/skærmbillede_ø.png", "skærmbillede_ø.png"),
        ("figures/%C3%A6ble.png", "æble.png"),
        ("figures/%E6%BC%A2%E5%AD%97.png", "漢字.png"),
        ("figures/a%2Bb.png", "a+b.png"),
        ("figures/100%25.png", "100%.png"),
        ("./figures/./q.png", "q.png"),
    ],
)
def test_spaces_percent_encoding_and_unicode_in_file_names(tmp_path, target, name):
    path = write_repo(tmp_path, ReportSpec().image_path(19, target), figures=False)
    assert found(check_file(path), "image-missing") == [(q, n) for q, n in found(check_file(path), "image-missing")]
    assert ("image-missing", 19) in found(check_file(path))
    (path.parent / "figures").mkdir(exist_ok=True)
    (path.parent / "figures" / name).write_bytes(png())
    assert ("image-missing", 19) not in found(judged(path))


def test_a_percent_sign_that_encodes_nothing(tmp_path):
    path = write_repo(tmp_path, ReportSpec().image_path(19, "figures/%zz.png"), figures=False)
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "%zz.png").write_bytes(png())
    assert ("image-missing", 19) not in found(judged(path))


def test_image_name_case_must_match(tmp_path):
    path = write_repo(tmp_path, ReportSpec().image_path(19, "figures/Shot.png"), figures=False)
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "shot.png").write_bytes(png())
    assert ("image-missing", 19) in found(judged(path))


def test_image_path_with_a_nul_byte_and_a_very_long_name(tmp_path):
    spec = ReportSpec().image_path(19, "figures/a%00b.png").image_path(20, "figures/" + "x" * 5000 + ".png")
    spec.image_path(21, "figures/" + "d/" * 2000 + "x.png")
    path = write_repo(tmp_path, spec, figures=False)
    for name in ("q14_1.png", "q29_1.png"):
        (path.parent / "figures").mkdir(exist_ok=True)
        (path.parent / "figures" / name).write_bytes(png())
    result = judged(path)
    assert {q for rule, q in found(result, "image-missing")} == {19, 20, 21}


def test_figures_folder_is_a_symlink_loop(tmp_path):
    path = write_repo(tmp_path, ReportSpec(), figures=False)
    (path.parent / "figures").symlink_to(path.parent / "figures")
    result = judged(path)
    assert {q for rule, q in found(result, "image-missing")} == {14, 19, 20, 21, 29}


def test_figures_loop_through_two_links_and_a_deep_path(tmp_path):
    spec = ReportSpec().image_path(19, "figures/a/" + "b/a/" * 50 + "x.png")
    path = write_repo(tmp_path, spec, figures=False)
    figures = path.parent / "figures"
    figures.mkdir()
    (figures / "a").symlink_to(figures / "b")
    (figures / "b").symlink_to(figures / "a")
    assert ("image-missing", 19) in found(judged(path))


# --- symbolic links out of the repository (issue 15.1) ------------------------------------------


def test_repository_root_is_the_git_folder_else_the_folder_above_reports(tmp_path):
    from mkdocs_exam_report.paths import repository_root

    (tmp_path / "a" / "course" / "reports").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    assert repository_root(tmp_path / "a" / "course" / "reports" / "README.md") == str(tmp_path / "a" / "course")
    assert repository_root(tmp_path / "b" / "report.md") == str(tmp_path / "b")
    (tmp_path / "a" / ".git").mkdir()
    assert repository_root(tmp_path / "a" / "course" / "reports" / "README.md") == str(tmp_path / "a")
    (tmp_path / "a" / "course" / ".git").write_text("gitdir: elsewhere\n")  # a worktree or submodule
    assert repository_root(tmp_path / "a" / "course" / "reports" / "README.md") == str(tmp_path / "a" / "course")


def linked_out(tmp_path, how: str) -> tuple[Path, Path]:
    """A repository whose report embeds figures/q19_1.png, made a symbolic link in one of several
    ways to a picture outside the repository. Returns (report, the picture)."""
    outside = tmp_path / "elsewhere"
    (outside / "shots").mkdir(parents=True)
    (outside / "shots" / "q19_1.png").write_bytes(png())
    path = write_repo(tmp_path / "repo", ReportSpec())
    figures = path.parent / "figures"
    target = figures / "q19_1.png"
    target.unlink()
    if how == "absolute link":
        target.symlink_to(outside / "shots" / "q19_1.png")
    elif how == "relative link":
        target.symlink_to(Path("..") / ".." / ".." / "elsewhere" / "shots" / "q19_1.png")
    elif how == "chain of links":
        (figures / "step.png").symlink_to(outside / "shots" / "q19_1.png")
        target.symlink_to(figures / "step.png")
    elif how == "folder link":
        for name in os.listdir(figures):
            (outside / "shots" / name).write_bytes(png())
        shutil.rmtree(figures)
        figures.symlink_to(outside / "shots")
    return path, outside / "shots" / "q19_1.png"


@pytest.mark.parametrize("how", ["absolute link", "relative link", "chain of links", "folder link"])
def test_a_figure_that_links_out_of_the_repository_is_refused(tmp_path, how):
    path, picture = linked_out(tmp_path, how)
    result = judged(path)
    refusals = [f for f in result.findings if f.rule == "image-path"]
    if how == "folder link":
        assert {f.question for f in refusals} == {14, 19, 20, 21, 29}
    else:
        assert [(f.question, f.rule) for f in result.findings] == [(19, "image-path")]
    finding = next(f for f in refusals if f.question == 19)
    assert finding.message.startswith(f"'figures/q19_1.png' is a symbolic link to {picture}, outside the repository")


@pytest.mark.parametrize("git", [False, True], ids=["no-git", "git"])
def test_links_that_stay_in_the_repository_are_kept(tmp_path, git):
    repo = tmp_path / "repo"
    path = write_repo(repo / "course", ReportSpec())
    (repo / "assets").mkdir()
    (repo / "course" / "shots").mkdir()
    for folder in (repo / "assets", repo / "course" / "shots"):
        (folder / "x.png").write_bytes(png())
    figures = path.parent / "figures"
    (figures / "q19_1.png").unlink()
    (figures / "q19_1.png").symlink_to(repo / "course" / "shots" / "x.png")  # inside either way
    (figures / "q20_1.png").unlink()
    (figures / "q20_1.png").symlink_to(Path("..") / ".." / ".." / "assets" / "x.png")  # inside only with .git
    if git:
        (repo / ".git").mkdir()
    result = judged(path)
    assert found(result) == ([] if git else [("image-path", 20)])


# --- nothing outside the repository -------------------------------------------------------------

_recording: list | None = None
_WRITES = ("os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.chmod", "os.utime", "os.truncate", "os.symlink", "os.link")


def _audit(event, args):
    if _recording is not None and (event in ("open", "os.listdir", "os.scandir") or event in _WRITES):
        _recording.append((event, args[0] if args else None, args[1] if event == "open" and len(args) > 1 else None))


sys.addaudithook(_audit)  # hooks cannot be removed: this one records only inside touched()


@contextmanager
def touched(monkeypatch):
    """Record every path opened, listed or stat'ed (os.stat and os.lstat have no audit event:
    they are wrapped; os.path.isfile, isdir, exists, islink and realpath go through them)."""
    global _recording
    seen: list = []
    real_stat, real_lstat = os.stat, os.lstat

    def stat(path, *args, **kwargs):
        seen.append(("os.stat", path, None))
        return real_stat(path, *args, **kwargs)

    def lstat(path, *args, **kwargs):
        seen.append(("os.lstat", path, None))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "lstat", lstat)
    _recording = seen
    try:
        yield seen
    finally:
        _recording = None
        monkeypatch.setattr(os, "stat", real_stat)
        monkeypatch.setattr(os, "lstat", real_lstat)


def outside(seen, root: Path, *, allowed=()) -> list:
    """What was written anywhere, or read outside ``root`` and the ``allowed`` folders."""
    root = os.path.realpath(root)
    bad = []
    for event, path, mode in seen:
        if event in _WRITES or (event == "open" and isinstance(mode, str) and set(mode) & set("wax+")):
            bad.append((event, path, mode))
        if isinstance(path, int) or path is None:
            continue  # an open file descriptor
        full = os.path.abspath(os.fsdecode(path))
        if event == "os.lstat" and os.path.commonpath([root, full]) == full:
            continue  # resolving the repository's own path (realpath) looks at each folder above it
        if event == "os.lstat" and os.path.basename(full) == ".git" and os.path.commonpath([root, os.path.dirname(full)]) == os.path.dirname(full):
            continue  # looking for the repository's .git in the folders above it (never read)
        if all(os.path.commonpath([top, full]) != top for top in (root, *allowed)):
            bad.append((event, full, mode))
    return bad


def hostile_repo(tmp_path) -> Path:
    """A repository whose report points everywhere outside it, next to real files out there."""
    (tmp_path / "outside.png").write_bytes(png())
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "x.png").write_bytes(png())
    spec = ReportSpec()
    targets = {
        14: "../../outside.png", 19: "figures/../../../outside.png", 20: "%2e%2e/%2e%2e/secret/x.png",
        21: "..\\..\\secret\\x.png", 29: f"{tmp_path}/outside.png",
    }
    for n, target in targets.items():
        spec.image_path(n, target)
    spec.answers[11] = valid_answer("2026", 11) + " ![a](file://" + str(tmp_path) + "/outside.png) ![b](figures/loop/loop/x.png)"
    repo = tmp_path / "repo"
    path = write_repo(repo, spec, figures=False)
    (path.parent / "figures").mkdir()
    (path.parent / "figures" / "loop").symlink_to(path.parent / "figures" / "loop")
    return repo


@pytest.mark.parametrize("how", ["report file", "repository folder", "relative path"])
def test_the_engine_touches_nothing_outside_the_repository(tmp_path, monkeypatch, how):
    repo = hostile_repo(tmp_path)
    target = {"report file": repo / "reports" / "README.md", "repository folder": repo, "relative path": Path("reports/README.md")}[how]
    monkeypatch.chdir(repo)
    check_file(target)  # imports and caches settle first
    with touched(monkeypatch) as seen:
        result = check_file(target)
    assert seen, "nothing recorded: the sentinel is broken"
    assert any(event == "open" for event, _, _ in seen)
    assert outside(seen, repo) == []
    assert {q for rule, q in found(result, "image-path")} == {11, 14, 19, 20, 21, 29}


def test_the_command_line_touches_nothing_outside_the_repository(tmp_path, monkeypatch):
    repo = hostile_repo(tmp_path)
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    formats = ["text", "json", "github", "sarif", "table", "csv", "markdown"]
    for fmt in formats:  # imports first
        with redirect_stdout(io.StringIO()):
            cli_module.main(["check", "reports/README.md", "--format", fmt])
    for fmt in formats:
        with touched(monkeypatch) as seen, redirect_stdout(io.StringIO()):
            code = cli_module.main(["check", str(repo), "reports/README.md", "--format", fmt, "--summary"])
        assert code == 1
        # argparse looks for its message translations in the Python installation: that is not the report's.
        python = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)}
        assert outside(seen, repo, allowed=python) == [], (fmt, outside(seen, repo, allowed=python))


def test_the_sentinel_sees_a_read_outside(tmp_path, monkeypatch):
    """The recorder itself: a path outside the repository is reported."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (tmp_path / "x.txt").write_text("x")
    with touched(monkeypatch) as seen:
        (tmp_path / "x.txt").read_text()
        os.path.isfile(tmp_path / "y")
        os.listdir(tmp_path)
    assert [event for event, _, _ in outside(seen, repo)] == ["open", "os.stat", "os.listdir"]


# --- the plugin: configuration (issue 15.7) -------------------------------------------------------
# Real builds in the course layout (tests/test_plugin_routes.py has the helpers).

def test_url_dot_with_a_home_page_is_an_error(tmp_path):
    config = make_project(tmp_path, clean_spec(), options={"url": "."})
    out = build(config)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "the site already has the home page (index.md)" in out.stderr


def test_url_dot_without_a_home_page_makes_the_report_the_home_page(tmp_path):
    config = make_project(tmp_path, clean_spec(), options={"url": "."})
    (config.parent / "source" / "index.md").unlink()
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    home = (config.parent / "site" / "index.html").read_text(encoding="utf-8")
    assert 'data-exam-passed="31"' in home and 'src="figures/q14_1.png"' in home
    assert (config.parent / "site" / "figures" / "q14_1.png").is_file()


@pytest.mark.parametrize("url", ["%2e%2e/x", "%2E%2E/%2e%2e/x", "x/%2e%2e/%2e%2e/y", "..\\x", "a/../../b",
                                 "https://example.com/", "report?x=1", "report#top", "re\nport"])
def test_url_that_a_browser_reads_as_leaving_the_site_is_refused(tmp_path, url):
    config = make_project(tmp_path, clean_spec(), options={"url": url})
    out = build(config)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "'url' must be a relative path inside the site" in out.stderr


@pytest.mark.parametrize("url, folder", [("exam", "exam"), ("/exam/", "exam"), ("./a/./b/", "a/b")])
def test_plain_urls_are_folders_of_the_site(tmp_path, url, folder):
    config = make_project(tmp_path, clean_spec(), options={"url": url})
    assert build(config, strict=True).returncode == 0
    assert 'data-exam-passed="31"' in page(config, folder)


def test_edition_as_an_unquoted_year(tmp_path):
    config = make_project(tmp_path, ReportSpec(edition="2025"))
    text = config.read_text(encoding="utf-8").replace("- exam-report", "- exam-report:\n    edition: 2026")
    config.write_text(text, encoding="utf-8")
    assert yaml.safe_load(text)["plugins"][1]["exam-report"]["edition"] == 2026  # an int
    out = build(config, strict=True)
    assert out.returncode != 0 and "[edition]" in out.stderr  # judged by 2026's rules
    assert "Traceback" not in out.stderr and "Config value" not in out.stderr


def test_report_option_through_a_symlink_loop_says_loop(tmp_path):
    config = make_project(tmp_path, clean_spec(), options={"report": "../loop/README.md"})
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    out = build(config)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "symbolic link loop" in out.stderr


# --- the plugin: nothing from outside the repository is published (issue 15.1) ---------------------

SECRET = b"\x89PNG\r\n\x1a\n not a picture: the content of a file outside the repository"


def leaky_project(tmp_path: Path, *, git: bool = False) -> tuple[Path, Path, Path]:
    """A project in tmp/repo whose report's folder links out of the repository in every way, next
    to links that stay inside it. Returns (config, repository, the folder outside)."""
    outside = tmp_path / "outside"
    (outside / "shots").mkdir(parents=True)
    for name in ("secret.png", "secret.txt", "shots/s.png"):
        (outside / name).write_bytes(SECRET + name.encode())
    # a report too, whose text must not reach the site
    (outside / "report.md").write_text(build_report(clean_spec()).replace("Group", "Secret group"), encoding="utf-8")
    spec = clean_spec()
    spec.answers[1] = "Group 7. Our [notes](notes.txt), [the inside notes](inside.txt) and [data](data/d.csv)."
    spec.image_path(19, "figures/extra/s.png").image_path(20, "figures/inside.png")
    repo = tmp_path / "repo"
    config = make_project(repo, spec)
    if git:
        (repo / ".git").mkdir()
    reports = repo / "reports"
    shutil.rmtree(reports / "figures" / "extra")  # the factory made the images the report names
    (reports / "figures" / "inside.png").unlink()
    (reports / "figures" / "q14_1.png").unlink()
    (reports / "figures" / "q14_1.png").symlink_to(outside / "secret.png")  # an embedded image
    (reports / "figures" / "unused.png").symlink_to(outside / "secret.png")  # not linked at all
    (reports / "figures" / "extra").symlink_to(outside / "shots")  # a folder
    (reports / "notes.txt").symlink_to(outside / "secret.txt")  # a linked file
    (reports / "figures" / "loop").symlink_to(reports / "figures")  # a loop, inside
    (repo / "assets").mkdir()
    (repo / "assets" / "inside.png").write_bytes(png())
    (repo / "assets" / "inside.txt").write_text("our notes\n", encoding="utf-8")
    (reports / "data").symlink_to(repo / "assets")  # inside the repository: kept
    (repo / "assets" / "d.csv").write_text("a,b\n", encoding="utf-8")
    (reports / "figures" / "inside.png").symlink_to(repo / "assets" / "inside.png")
    (reports / "inside.txt").symlink_to(repo / "assets" / "inside.txt")
    return config, repo, outside


def no_outside_bytes(site: Path, outside: Path) -> None:
    secrets = {p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    leaked = [p for p in site.rglob("*") if p.is_file() and p.read_bytes() in secrets]
    assert leaked == []
    text = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".txt"))
    assert b"not a picture" not in text and b"Secret group" not in text


@pytest.mark.parametrize("git", [False, True], ids=["no-git", "git"])
@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_no_file_whose_real_path_is_outside_the_repository_is_in_the_site(tmp_path, tool, git):
    config, repo, outside = leaky_project(tmp_path, git=git)
    out = build(config, tool=tool)
    assert out.returncode == 0, out.stderr
    site = config.parent / "site"
    no_outside_bytes(site, outside)
    # refused, each said once by the check, in the command line too: the embedded images
    # (image-path) and the linked file (link-missing), with question and line
    findings = ours(out.stderr)
    for question, target in ((14, "figures/q14_1.png"), (19, "figures/extra/s.png")):
        said = [f for f in findings if f"'{target}' is a symbolic link to {outside}" in f]
        assert len(said) == 1 and f"question {question}: [image-path]" in said[0]
        assert mine(out.stderr).count(f"'{target}'") == 1
    assert "WARNING -  mkdocs_exam_report: reports/README.md: 'figures/extra'" not in out.stderr  # the check said it
    assert mine(out.stderr).count("'notes.txt'") == 1
    (said,) = [f for f in findings if "'notes.txt'" in f]
    assert "[link-missing] (warning) the link target 'notes.txt' is a symbolic link to a file outside the repository" in said
    # a file the report does not link to is not published either, said at INFO (nothing to fix)
    assert "INFO    -  mkdocs_exam_report: reports/README.md: 'figures/unused.png' is a symbolic link" in out.stderr
    assert sorted(ours(out.stderr)) == sorted(cli_lines(repo))
    # symbolic links that stay inside the repository keep working
    report = site / "report"
    assert (report / "figures" / "inside.png").read_bytes() == png()
    assert (report / "inside.txt").is_file() and (report / "data" / "d.csv").is_file()
    assert "question 20:" not in out.stderr
    assert build(config, strict=True, tool=tool).returncode != 0


def test_a_report_that_is_a_symlink_out_of_the_repository_is_neither_read_nor_published(tmp_path):
    config, repo, outside = leaky_project(tmp_path)
    readme = repo / "reports" / "README.md"
    readme.unlink()
    readme.symlink_to(outside / "report.md")
    out = build(config)
    assert "Traceback" not in out.stderr
    assert f"reports/README.md: a symbolic link to {outside / 'report.md'}, outside the repository" in out.stderr
    assert "neither read nor published" in out.stderr
    site = config.parent / "site"
    assert not (site / "report").exists()
    no_outside_bytes(site, outside)
    assert build(config, strict=True).returncode != 0


def test_a_symlink_in_docs_dir_to_a_report_outside_the_repository_is_refused(tmp_path):
    config, repo, outside = leaky_project(tmp_path)
    (repo / "reports" / "README.md").unlink()
    (config.parent / "source" / "report.md").symlink_to(outside / "report.md")
    out = build(config)
    assert "a symbolic link to" in out.stderr and "neither read nor published" in out.stderr
    no_outside_bytes(config.parent / "site", outside)


def test_a_report_inside_docs_dir_drops_figures_linked_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(SECRET)
    config = make_project(tmp_path / "repo", clean_spec(), inside=True)
    figures = config.parent / "source" / "reports" / "figures"
    (figures / "q14_1.png").unlink()
    (figures / "q14_1.png").symlink_to(outside / "secret.png")
    out = build(config)
    assert "question 14: [image-path]" in out.stderr
    no_outside_bytes(config.parent / "site", outside)
    assert (config.parent / "site" / "reports" / "figures" / "q19_1.png").is_file()


# --- bounded time and memory: capped findings (issue 15) -----------------------------------------
# Each shape once took from seconds to hours, or gigabytes, in some output format. Sized so that a
# quadratic step or a finding per match in every format would not finish in the suite's time.


def all_formats(result) -> dict[str, str]:
    """Every output format of the command line for one checked report (rendered in-process)."""
    from mkdocs_exam_report.outputs import FORMATS, render
    from mkdocs_exam_report.outputs.rows import checked

    rows = [checked(result)]
    return {name: render(rows, name, fmt.implies_summary()) for name, fmt in FORMATS.items()}


def capped(result, counts: dict[str, int]) -> None:
    """Every rule lists at most MAX_PER_RULE findings and says how many more; the report lists
    at most MAX_PER_REPORT and one "… and N more" per rule; the counts are the true ones."""
    assert {rule: result.count(rule) for rule in counts} == counts
    listed = Counter(f.rule for f in result.findings if not f.message.startswith("… and "))
    assert all(n <= MAX_PER_RULE for n in listed.values()) and sum(listed.values()) <= MAX_PER_REPORT
    for rule, n in result.dropped.items():
        (more,) = [f for f in result.findings if f.rule == rule and f.message.startswith("… and ")]
        assert more.message.startswith(f"… and {n} more {rule} finding")
        assert listed[rule] + n == result.count(rule)


def test_question_2_repeating_one_study_number_300000_times(tmp_path):
    spec = ReportSpec()
    spec.answers[2] = "s123456, " * 150_000 + "S123456 " * 150_000 + "s1234 s12345678 " * 20_000
    result = judged(write_repo(tmp_path, spec))
    messages = [f.message for f in result.findings if f.rule == "study-numbers"]
    assert messages[0] == "study number listed twice: s123456"
    # a message lists at most 10 of them
    assert messages[1] == "not a study number (s + 6 digits): " + ", ".join(["s1234", "s12345678"] * 5) + " … and 39990 more"


def test_100000_checklist_subheadings_in_every_format(tmp_path):
    items = "".join(f"### Part {k}\n* [x] item\n" for k in range(100_000))
    path = edited(tmp_path, lambda t: t.replace("### Week 1\n", items + "### Week 1\n", 1))
    result = judged(path)
    assert len(result.checklist.sections) > 100_000
    outputs = all_formats(result)
    # the summaries have a column for the first MAX_SECTION_COLUMNS sections; the checklist column counts all
    from mkdocs_exam_report.limits import MAX_SECTION_COLUMNS

    header = next(csv.reader(io.StringIO(outputs["csv"])))
    assert sum(cell.endswith(" done") for cell in header) == MAX_SECTION_COLUMNS
    assert f"{result.checklist.done}/{result.checklist.total}" in outputs["table"]


# A few MB each: millions of findings before the caps.
MANY_FINDINGS = {
    "'![](x)' lines": ("![](x)\n" * 500_000, {"image-format": 500_000, "image-missing": 500_000}),
    "'TODO' lines": ("TODO FIXME\n" * 300_000, {"todo": 600_000}),
    "plain image links": ("[a](b.png) " * 300_000, {"image-link": 300_000}),
    "<img> tags": ("<img src=x> " * 300_000, {"image-html": 300_000}),
    "placeholders": ("--- question 11 fill here ---\n" * 100_000, {"placeholder": 100_000}),
    "images of three kinds": ("![](x) ![](/abs.png) ![](y.PNG)\n" * 200_000,
                              {"image-format": 400_000, "image-missing": 200_000, "image-path": 200_000}),
    "images in and out of code": ("`![](x)` ![](y)\n" * 200_000,
                                  {"image-code": 200_000, "image-format": 200_000, "image-missing": 200_000}),
    "images after a code span": ("`code`\n\n" + "![](x)\n" * 500_000, {"image-format": 500_000, "image-missing": 500_000}),
}


@pytest.mark.parametrize("name", MANY_FINDINGS)
def test_millions_of_findings_are_capped_and_counted(tmp_path, name):
    answer, counts = MANY_FINDINGS[name]
    spec = ReportSpec()
    spec.answers[11] = answer
    result = check_file(write_repo(tmp_path, spec))
    capped(result, counts)
    assert result.errors + result.warnings == sum(f.severity in ("error", "warning") for f in result.findings) + sum(
        n - 1 for n in result.dropped.values()
    )
    assert result.to_dict()["dropped"] == result.dropped


def test_a_10_mb_report_of_images_in_every_format(tmp_path):
    spec = ReportSpec()
    spec.answers[11] = "![](x)\n" * (9_900_000 // 7)
    path = write_repo(tmp_path, spec)
    assert 9_900_000 < path.stat().st_size < 10 * 1024 * 1024
    result = judged(path)  # the command line's JSON too
    capped(result, {"image-format": 1_414_285, "image-missing": 1_414_285})
    outputs = all_formats(result)
    for fmt, text in outputs.items():
        assert len(text) < 200_000, fmt  # the caps, not 2.8 million lines
    import jsonschema

    data = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
    schema = Path(__file__).parents[1] / "mkdocs_exam_report" / "assets" / "report.schema.json"
    jsonschema.validate(json.loads(outputs["json"]), json.loads(schema.read_text(encoding="utf-8")))
    jsonschema.validate(json.loads(outputs["sarif"]), json.loads(data.read_text(encoding="utf-8")))
    report = json.loads(outputs["json"])["reports"][0]
    assert report["dropped"] == {"image-format": 1_414_185, "image-missing": 1_414_185}
    sarif = json.loads(outputs["sarif"])
    (note,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["properties"]["dropped"] == report["dropped"] and "2828370 findings not listed" in note["message"]["text"]
    assert f"{result.errors} errors" in outputs["text"].splitlines()[-1] and result.errors > 1_414_285


def test_caps_respect_opt_outs_and_severities(tmp_path):
    spec = ReportSpec()
    spec.answers[11] = "TODO\n" * 300
    spec.answers[12] = valid_answer("2026", 12) + "\n<!-- exam-report: ignore todo -->\n" + "TODO\n" * 300
    path = write_repo(tmp_path, spec)
    result = check_file(path)
    assert result.count("todo") == 300 and result.dropped == {"todo": 200}
    more = [f for f in result.findings if f.message.startswith("… and ")]
    assert [(f.question, f.severity) for f in more] == [(11, "warning")]  # all in question 11
    assert check_file(path, rules={"todo": "error"}).errors == 300 + result.errors
    quiet = check_file(path, rules={"todo": "off"})
    assert quiet.count("todo") == 0 and quiet.dropped == {}


# --- the command line never stops with a traceback (issue 15) --------------------------------------


def test_a_path_of_4301_digits(tmp_path, capsys):
    digits = "7" * 4301
    code = cli_module.main(["check", digits, str(clean(tmp_path, "repo"))])
    out, err = capsys.readouterr()
    assert code == 1 and err == f"exam-report: {digits}: file name too long\n"  # one line, the OS's reason
    from mkdocs_exam_report.outputs.rows import natural_key

    names = ["g" + "9" * 5000, "g10", "g" + "0" * 6000 + "9", "g9", "g" + "1" + "0" * 4400]
    # 9 (the same number, ties by the text), 10, 10**4400, 10**5000 - 1
    assert sorted(names, key=natural_key) == [names[2], names[3], names[1], names[4], names[0]]
    assert cli_module.main(["check", digits]) == 2


def odd_named_repo(tmp_path: Path, name: bytes) -> Path:
    """A repository in a folder whose name is ``name`` (any bytes but '/' and NUL), with one
    finding (a missing figure), so that every format names the file."""
    folder = tmp_path / os.fsdecode(name)
    (clean(folder).parent / "figures" / "q14_1.png").unlink()
    return folder


@pytest.mark.parametrize("name", [b"bad\xffname", b"\xe6ble", b"a\xc3"], ids=["xff", "latin-1", "cut-utf-8"])
def test_a_path_that_is_not_utf8_in_every_format(tmp_path, monkeypatch, name):
    repo = odd_named_repo(tmp_path, name)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    shown = os.fsdecode(name).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    for fmt in cli_module.FORMATS:
        for extra in ([], ["--summary"]):
            out = run_env(["check", str(repo), "--format", fmt, *extra], GITHUB_STEP_SUMMARY=str(summary))
            assert out.returncode == 1 and "Traceback" not in out.stderr, (fmt, extra, out.stderr)
            if fmt == "sarif":
                from urllib.parse import quote

                assert quote(name) in out.stdout  # the file name's own bytes, percent-encoded
            elif fmt == "json":  # the same path back, its odd bytes as \udcNN escapes
                assert json.loads(out.stdout)["reports"][0]["path"] == str(repo / "reports" / "README.md")
            elif fmt != "github" or not extra:
                assert shown in out.stdout or shown.replace("\\", "\\\\") in out.stdout, (fmt, out.stdout[:300])
    assert shown in summary.read_text(encoding="utf-8")  # the job summary, written by --format github --summary


def run_env(args, **env):
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "mkdocs_exam_report", *args], capture_output=True, env={**os.environ, **env},
        text=True, encoding="utf-8", errors="surrogateescape",
    )


# --- outputs that act on their reader (issue 15) --------------------------------------------------

FORMULAS = ["=SUM(1+1)", "+1+1", "-2+3", "@SUM(A1)", "＝1+1", "=HYPERLINK(\"http://x\",\"y\")"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_cells_never_start_a_formula(tmp_path, formula):
    path = edited(tmp_path, lambda t: t.replace("### Week 1\n", f"### {formula}\n* [x] a\n### Week 1\n", 1))
    repo = tmp_path / formula.replace("/", "_")  # a repository folder named like a formula
    repo.mkdir()
    os.rename(path.parent.parent, repo / "g")
    out = run_env(["check", str(repo / "g"), "--format", "csv"])
    rows = list(csv.reader(io.StringIO(out.stdout)))
    cells = [cell for row in rows for cell in row]
    assert f"'{formula} done" in rows[0]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"))]


@pytest.mark.parametrize(
    "heading",
    [
        "![x](https://example.com/t.png)",
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "`code` | pipe | <b>bold</b>",
        "``` fence",
    ],
)
def test_markdown_summary_renders_no_html_image_or_link_from_a_report(tmp_path, monkeypatch, heading):
    import markdown

    # A checklist section with the text (a column of its own), and a question repeated with its
    # answer, which makes the report unreadable for the official checker: the reason column quotes it.
    def change(text):
        text = text.replace("### Week 1\n", f"### {heading}\n* [x] a\n### Week 1\n", 1)
        return text.replace("### Question 7\n", f"### Question 7\n> Answer:\n\nx\n\n### Question 7 {heading}\n", 1)

    path = edited(tmp_path, change)
    assert f"'Question 7 {heading}' appears a second time" in check_file(path).reason
    summary = tmp_path / "summary.md"
    out = run_env(["check", str(path), "--format", "github", "--summary"], GITHUB_STEP_SUMMARY=str(summary))
    assert out.returncode == 1
    for text in (summary.read_text(encoding="utf-8"), run_env(["check", str(path), "--format", "markdown"]).stdout):
        assert text.count(heading.replace("|", "\\|")) == 2  # in a header cell and in the reason
        html = markdown.markdown(text, extensions=["tables"])
        assert not re.search(r"<(img|script|a|b)\b", html), html
        assert html.count("<code>") >= 3  # path, section title, reason


CONTROLS = ["\x1b[31m", "\x1b]0;title\x07", "\x9b2J", "\u202e", "\x08\x08", "\x00", "\x7f", "\u2028"]


@pytest.mark.parametrize("control", CONTROLS, ids=[repr(c) for c in CONTROLS])
def test_control_characters_from_a_report_are_shown_escaped(tmp_path, control):
    from mkdocs_exam_report.escape import printable

    # a question repeated with its answer: the report is unreadable and every format quotes the heading
    heading = f"Question 7 red{control}text"
    path = edited(tmp_path, lambda t: t.replace("### Question 7\n", f"### Question 7\n> Answer:\n\nx\n\n### {heading}\n", 1))
    result = check_file(path)
    assert heading in result.reason
    assert any(control in f.message for f in result.findings)
    for fmt, text in all_formats(result).items():
        assert not (set(text) & set(CONTROLS_CHARS)), (fmt, text[:200])
        if fmt in ("text", "table", "github"):
            assert printable(control) in text, fmt
        if fmt in ("json", "sarif"):
            json.loads(text)  # still valid, the same data
    data = json.loads(all_formats(result)["json"])
    assert any(control in f["message"] for f in data["reports"][0]["findings"])


CONTROLS_CHARS = [chr(c) for c in (*range(0, 9), *range(11, 32), *range(0x7F, 0xA0))] + ["\u202e", "\u2028"]


def test_control_characters_never_reach_mkdocs_log(tmp_path):
    from tests.test_plugin import build, make_project

    config = make_project(tmp_path, ReportSpec(), theme="mkdocs")  # Material prints a coloured banner
    report = tmp_path / "reports" / "README.md"
    text = report.read_text(encoding="utf-8").replace("### Question 7\n", "### Question 7 \x1b[2J\x1b]0;x\x07gone\n" * 2, 1)
    report.write_text(text, encoding="utf-8")
    out = build(config)
    assert out.returncode == 0 and "appears a second time" in out.stderr
    assert "\x1b" not in out.stderr and "\x07" not in out.stderr
    assert "\\x1b[2J\\x1b]0;x\\x07gone" in out.stderr


@pytest.mark.parametrize(
    "folder",
    ["x\n::error file=a.py,line=1::forged", "x\r\n::warning::forged", "::error::forged", "##[error]forged", "50%0Aforged"],
)
def test_github_commands_cannot_be_forged_by_a_folder_name(tmp_path, folder):
    repo = tmp_path / folder
    path = clean(repo)
    (path.parent / "figures" / "q14_1.png").unlink()  # one finding: an annotation with the path in it
    out = run_env(["check", str(repo), "--format", "github"])
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert len(lines) == 2
    annotation, summary = lines
    assert annotation.startswith("::error file=") and "forged" in annotation
    assert not summary.startswith("::") and "##[" not in summary and "forged" in summary
    # each property and the message are encoded: what is left of the command holds no raw '::'
    command, message = annotation[2:].split("::", 1)
    assert "::" not in message


def test_github_message_with_percent_and_line_breaks_of_a_report(tmp_path):
    path = edited(tmp_path, lambda t: t.replace("### Question 7\n", "### Question 7 100%0A::error::x\n" * 2, 1))
    out = run_env(["check", str(path), "--format", "github"]).stdout
    assert "100%250A%3A%3Aerror%3A%3Ax" not in out  # the message is data: ':' stays
    assert "100%250A::error::x" in out
    assert all(line.startswith("::") or ": " in line for line in out.splitlines())


def test_a_report_lists_at_most_max_per_report_findings(tmp_path):
    # 100 findings of each of six rules, in blocks: each rule is within its cap, the report is not
    spec = ReportSpec()
    blocks = ["TODO", "[a](b.png)", "<img src=b.png>", "![](x)", "--- question 11 fill here ---"]
    spec.answers[11] = "\n\n".join("\n".join([block] * 100) for block in blocks)
    result = check_file(write_repo(tmp_path, spec))
    counts = {"todo": 100, "image-link": 100, "image-html": 100, "image-format": 100, "image-missing": 100, "placeholder": 100}
    capped(result, counts)
    listed = [f for f in result.findings if not f.message.startswith("… and ")]
    assert len(listed) == MAX_PER_REPORT
    # the last lines are the ones not listed (the question's words finding comes first): the last
    # missing image and the placeholders, each counted
    assert result.dropped == {"image-missing": 1, "placeholder": 100}
    assert "placeholder" not in {f.rule for f in listed}
    (more,) = [f for f in result.findings if f.rule == "placeholder"]
    assert more.message.startswith("… and 100 more placeholder findings") and more.severity == "error"
    assert more.line == result.report.line_of(result.report.text.index("--- question 11 fill here ---"))
    assert result.errors == sum(f.severity == "error" for f in listed) + 1 + 100


def test_the_plugin_logs_capped_findings_in_a_real_build(tmp_path):
    """20,000 images in a real `mkdocs build`: the log has the findings listed and one line for
    the rest, not 40,000 warnings."""
    from tests.test_plugin import build, make_project

    spec = ReportSpec()
    spec.answers[11] = "![](x)\n\n" * 20_000
    config = make_project(tmp_path, spec, theme="mkdocs")
    out = build(config)
    assert out.returncode == 0, out.stderr[-2000:]
    warnings = [line for line in out.stderr.splitlines() if line.startswith("WARNING") and "[image-" in line]
    assert len(warnings) == 2 * MAX_PER_RULE + 2
    assert sum("… and 19900 more image-" in line for line in warnings) == 2
    assert "20001 errors, 20000 warnings" in out.stderr  # the counts hold all of them
    # 20,000 images are far more than a report has: the page says why it does not show them
    page = (tmp_path / "docs" / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert 'src="x"' not in page and "This report is not shown here" in page
    assert "links, images and HTML tags are too many to show as a page (limit 2,000" in out.stderr
