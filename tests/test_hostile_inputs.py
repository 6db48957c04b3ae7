"""The hostile-input catalogue: every case ends in findings or one clear line (exit 2), never a
traceback, and the checker reads nothing outside the report's repository."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_exam_report.engine import ReportError, check_file
from tests.factory import ReportSpec, build_report, png, write_repo


def cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_exam_report", "check", *map(str, args)],
        capture_output=True, text=True, cwd=cwd,
    )


def unusable(path, expected):
    out = cli(path)
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and str(path) in lines[0], lines
    with pytest.raises(ReportError, match=expected):
        check_file(path)


def judged(path):
    out = cli(path)
    assert out.returncode in (0, 1), out.stderr
    assert "Traceback" not in out.stderr
    return check_file(path)


def report_file(tmp_path, data: bytes) -> Path:
    path = tmp_path / "reports" / "README.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_empty_file(tmp_path):
    unusable(report_file(tmp_path, b""), "empty report")


def test_only_whitespace(tmp_path):
    unusable(report_file(tmp_path, b"  \n\t\n   \n"), "empty report")


def test_binary_file(tmp_path):
    unusable(report_file(tmp_path, png() * 3), "binary file")


def test_non_utf8_bytes_name_the_line(tmp_path):
    text = build_report(ReportSpec()).encode("utf-8").replace(b"Our service", b"Our s\xe9rvice", 1)
    path = report_file(tmp_path, text)
    line = text[: text.index(b"\xe9")].count(b"\n") + 1
    unusable(path, f"line {line}: not UTF-8")


def test_utf8_bom_is_read_like_without(tmp_path):
    plain = judged(write_repo(tmp_path / "a", ReportSpec()))
    path = report_file(tmp_path / "b", b"\xef\xbb\xbf" + build_report(ReportSpec()).encode())
    (path.parent / "figures").mkdir()
    for figure in (tmp_path / "a" / "reports" / "figures").iterdir():
        (path.parent / "figures" / figure.name).write_bytes(figure.read_bytes())
    assert judged(path).to_dict()["findings"] == plain.to_dict()["findings"] == []


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_lone_cr_line_endings(tmp_path, newline):
    spec = ReportSpec()
    spec.answers[5] = "short"
    reference = check_file(write_repo(tmp_path / "lf", spec))
    spec.newline = newline
    result = judged(write_repo(tmp_path / "other", spec))
    assert [(f.rule, f.line, f.question) for f in result.findings] == [
        (f.rule, f.line, f.question) for f in reference.findings
    ]


def test_a_20_mb_report_is_refused_with_its_size(tmp_path):
    path = report_file(tmp_path, b"word " * (4 * 1024 * 1024))
    unusable(path, "MB is far too large")


def test_a_100000_line_answer_is_judged(tmp_path):
    spec = ReportSpec()
    spec.answers[11] = "\n".join(f"line {i} of a very long answer" for i in range(100_000))
    result = judged(write_repo(tmp_path, spec))
    assert result.questions[10].words == 700_000
    assert [f.question for f in result.findings if f.rule == "words"] == [11]


def test_path_is_a_folder_without_a_report(tmp_path):
    unusable(tmp_path, "no report")


def test_path_is_missing(tmp_path):
    unusable(tmp_path / "nope.md", "no such file")


def test_path_is_a_broken_symlink(tmp_path):
    link = tmp_path / "README.md"
    link.symlink_to(tmp_path / "gone.md")
    unusable(link, "broken symbolic link")


def test_figures_folder_is_a_symlink_loop(tmp_path):
    path = write_repo(tmp_path, ReportSpec(), figures=False)
    (path.parent / "figures").symlink_to(path.parent / "figures")
    result = judged(path)
    assert {f.question for f in result.findings if f.rule == "image-missing"} == {14, 19, 20, 21, 29}


@pytest.mark.parametrize(
    "target, rule",
    [
        ("../../../etc/passwd.png", "image-path"),
        ("/etc/passwd.png", "image-path"),
        ("file:///etc/passwd.png", "image-path"),
        ("data:image/png;base64,iVBORw0KGgo=", "image-path"),
        ("http://example.com/a.png", "image-path"),
        ("https://example.com/a.png", "image-path"),
    ],
)
def test_image_links_that_leave_the_folder(tmp_path, target, rule):
    result = judged(write_repo(tmp_path, ReportSpec().image_path(19, target)))
    assert [(f.rule, f.question) for f in result.findings] == [(rule, 19)]


@pytest.mark.parametrize(
    "target, name",
    [
        ("figures/my%20shot.png", "my shot.png"),
        ("<figures/my shot.png>", "my shot.png"),
        ("figures/skærmbillede_ø.png", "skærmbillede_ø.png"),
        ("figures/%C3%A6ble.png", "æble.png"),
    ],
)
def test_spaces_percent_encoding_and_unicode_in_file_names(tmp_path, target, name):
    path = write_repo(tmp_path, ReportSpec().image_path(19, target), figures=False)
    result = check_file(path)
    assert 19 in {f.question for f in result.findings if f.rule == "image-missing"}
    (path.parent / "figures").mkdir(exist_ok=True)
    (path.parent / "figures" / name).write_bytes(png())
    assert 19 not in {f.question for f in judged(path).findings if f.rule == "image-missing"}


def test_a_question_heading_repeated_500_times(tmp_path):
    text = build_report(ReportSpec())
    text = text.replace("### Question 7\n", "### Question 7\n" * 500, 1)
    result = judged(report_file(tmp_path, text.encode()))
    duplicates = [f for f in result.findings if f.rule == "structure" and "second time" in f.message]
    assert len(duplicates) == 499


def test_reads_nothing_outside_the_repository(tmp_path):
    """Every file the check opens or lists lies inside the report's repository."""
    spec = ReportSpec()
    for n, target in ((19, "../../../outside.png"), (20, "/etc/passwd.png"), (21, "figures/../../x.png")):
        spec.image_path(n, target)
    repo = tmp_path / "repo"
    path = write_repo(repo, spec)
    (tmp_path / "outside.png").write_bytes(png())
    script = f"""
import os, sys
seen = []
sys.addaudithook(lambda event, args: seen.append((event, args[0])) if event in ("open", "os.listdir", "os.scandir") else None)
from mkdocs_exam_report.engine import check_file
check_file({str(path)!r})
root = {str(repo)!r}
outside = [p for e, p in seen if isinstance(p, (str, bytes)) and os.path.isabs(p) and not os.fspath(p).startswith(root)
           and not os.fspath(p).startswith(sys.prefix) and not os.fspath(p).startswith(sys.base_prefix)]
import json
print(json.dumps([os.fsdecode(p) for p in outside]))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=repo)
    assert out.returncode == 0, out.stderr
    opened = json.loads(out.stdout)
    assert [p for p in opened if "mkdocs_exam_report" not in p] == []
