"""``exam-report check`` as users meet it: exit codes, bad input without tracebacks, the order of
many paths, the progress bar, ``python -m mkdocs_exam_report``, and the time for a course."""

from __future__ import annotations

import concurrent.futures
import gc
import io
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_exam_report import cli
from mkdocs_exam_report.cli import main
from mkdocs_exam_report.engine import check_file
from mkdocs_exam_report.outputs import FORMATS
from tests.factory import ReportSpec, build_report, write_repo

ROOT = Path(__file__).resolve().parents[1]


def run(*args, cwd=None, env=None, **kwargs):
    """The real command line, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_exam_report", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kwargs,
    )


def run_check(*args, cwd=None):
    """``exam-report check ARGS`` in a fresh interpreter; output read as UTF-8 whatever it holds."""
    return run("check", *map(str, args), cwd=cwd, encoding="utf-8", errors="replace")


def clean(tmp_path, name="", edition="2026") -> Path:
    return write_repo(tmp_path / name if name else tmp_path, ReportSpec(edition=edition), figures=True)


def broken(tmp_path, name="", edition="2026") -> Path:
    spec = ReportSpec(edition=edition)
    spec.answers[5] = "short"
    return write_repo(tmp_path / name if name else tmp_path, spec, figures=True)


# --- exit codes ---------------------------------------------------------------------------------


def test_clean_report_exits_0(tmp_path, monkeypatch, capsys):
    clean(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "reports/README.md: 31/31 questions pass the official checks, 0 errors, 0 warnings (2026 template, detected)"


def test_a_file_with_no_question_heading_names_no_template(tmp_path, capsys):
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nNothing of the exam report here.\n", encoding="utf-8")
    assert main(["check", str(notes)]) == 1
    out = capsys.readouterr().out
    assert "[structure] no '### Question N' headings found: this is not an exam report" in out
    assert out.rstrip().endswith("1 error, 0 warnings (no template recognised)")
    # one heading is enough to tell the edition by
    notes.write_text("# Notes\n\n### Question 1\n\n> Answer:\n\nGroup 7\n", encoding="utf-8")
    main(["check", str(notes)])
    assert "template, detected)" in capsys.readouterr().out


def test_errors_exit_1(tmp_path, capsys):
    broken(tmp_path)
    assert main(["check", str(tmp_path)]) == 1
    assert "[words]" in capsys.readouterr().out


def test_warnings_alone_exit_0(tmp_path, capsys):
    spec = ReportSpec(edition="2025")
    spec.todo(6)
    write_repo(tmp_path, spec, figures=True)
    assert main(["check", str(tmp_path)]) == 0
    assert "(warning)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--format", "xml"],
        ["check", "--edition", "2024"],
        ["check", "--bogus"],
        ["frobnicate"],
        [],
    ],
)
def test_unusable_arguments_exit_2_with_one_line(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        code = main(argv)
        raise SystemExit(code)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if argv and argv[0] == "check":
        assert len(err.strip().splitlines()) == 1 and err.startswith("exam-report: ")


def test_nothing_checkable_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2  # no reports/README.md here
    assert capsys.readouterr().err.startswith("exam-report: reports/README.md: no such file")
    (tmp_path / "g1").mkdir()
    (tmp_path / "g2").mkdir()
    assert main(["check", "g1", "g2", "--summary"]) == 2


def test_folder_without_report_does_not_stop_the_run(tmp_path, capsys):
    clean(tmp_path, "g1")
    (tmp_path / "g2").mkdir()
    broken(tmp_path, "g3")
    assert main(["check", str(tmp_path / "g1"), str(tmp_path / "g2"), str(tmp_path / "g3")]) == 1
    captured = capsys.readouterr()
    assert "g1/reports/README.md: 31/31" in captured.out and "g3/reports/README.md:" in captured.out
    assert "g2: no report (expected" in captured.err
    # a folder without a report alone does not make the run fail when the others are clean
    assert main(["check", str(tmp_path / "g1"), str(tmp_path / "g2")]) == 0


def test_unreadable_report_file_among_others_exits_1(tmp_path, capsys):
    clean(tmp_path, "g1")
    (tmp_path / "g2" / "reports").mkdir(parents=True)
    (tmp_path / "g2" / "reports" / "README.md").write_text("   \n", encoding="utf-8")
    assert main(["check", str(tmp_path / "g1"), str(tmp_path / "g2")]) == 1
    assert "empty report" in capsys.readouterr().err


# --- bad input: one line on standard error, never a traceback ------------------------------------

BAD_FILES = {
    "empty": (b"", "empty report"),
    "blank": (b"  \n\n\t\n", "empty report"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    "latin-1": ("### Question 1\n\n> Answer:\n\nGrüße\n".encode("latin-1"), "not UTF-8"),
    "huge": (None, "far too large"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_files_exit_2_with_one_line_in_a_fresh_process(tmp_path, kind):
    data, expected = BAD_FILES[kind]
    path = tmp_path / "README.md"
    if data is None:  # 20 MB of text
        line = b"lorem ipsum dolor sit amet " * 3 + b"\n"
        path.write_bytes(line * (20 * 1024 * 1024 // len(line) + 1))
    else:
        path.write_bytes(data)
    proc = run("check", str(path))
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"exam-report: {path}: ") and expected in lines[0]
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("target", ["missing.md", "a-folder", "broken-link"])
def test_missing_paths_exit_2(tmp_path, target):
    (tmp_path / "a-folder").mkdir()
    os.symlink(tmp_path / "nowhere", tmp_path / "broken-link")
    proc = run("check", target, cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_bom_and_crlf_give_the_same_verdicts(tmp_path, capsys):
    text = build_report(ReportSpec(edition="2026"))
    plain = check_file(write_repo(tmp_path / "plain", ReportSpec(edition="2026"), figures=True))
    for name, data in {
        "bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "bom-crlf": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    }.items():
        report = write_repo(tmp_path / name, ReportSpec(edition="2026"), figures=True)
        Path(report).write_bytes(data)
        assert main(["check", str(tmp_path / name)]) == 0, capsys.readouterr().out
        result = check_file(report)
        assert [(q.number, q.line, q.words, q.images) for q in result.questions] == [
            (q.number, q.line, q.words, q.images) for q in plain.questions
        ]
    capsys.readouterr()


def test_broken_structure_is_reported_not_raised(tmp_path, capsys):
    spec = ReportSpec(edition="2026")
    spec.drop_answer_line(10)
    write_repo(tmp_path, spec, figures=True)
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "[structure]" in out and "question 10" in out.lower()


def test_internal_error_in_one_report_does_not_stop_the_others(tmp_path, monkeypatch, capsys):
    clean(tmp_path, "g1")
    clean(tmp_path, "g2")
    original = cli.check_file

    def flaky(path, **kwargs):
        if "g1" in str(path):
            raise RuntimeError("boom")
        return original(path, **kwargs)

    monkeypatch.setattr(cli, "check_file", flaky)
    assert main(["check", str(tmp_path / "g1"), str(tmp_path / "g2"), "--summary"]) == 1
    out = capsys.readouterr().out
    assert "internal error (RuntimeError: boom)" in out and "g2/reports/README.md" in out


# --- order ----------------------------------------------------------------------------------


def test_paths_are_sorted_with_numbers_as_numbers_and_deduplicated(tmp_path, capsys):
    for name in ("group10", "group2", "group1", "Group3"):
        clean(tmp_path, name)
    given = [str(tmp_path / n) for n in ("group10", "group2", "group1", "Group3", "group2")]
    given.append(str(tmp_path / "group1" / "reports" / "README.md"))  # the same report again
    assert main(["check", *given]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [Path(line.split(":")[0]).parts[-3] for line in lines]
    assert names == ["Group3", "group1", "group2", "group10"]


def test_many_reports_are_checked_in_worker_processes_with_the_same_output(tmp_path, monkeypatch, capsys):
    """From cli.PARALLEL_FROM reports on, the checks run in a process pool: the output of every
    format is the one a single process gives, in the same order, duplicates left out, folders
    without a report and unusable files in their places (the workers send back rows without the
    parsed report: CheckResult.without_report)."""
    for i in range(6):
        (broken if i % 2 else clean)(tmp_path, f"g{i}", edition=("2025", "2026")[i % 2])
    (tmp_path / "g6").mkdir()  # no report
    (tmp_path / "g7" / "reports").mkdir(parents=True)
    (tmp_path / "g7" / "reports" / "README.md").write_bytes(b"")  # unusable
    given = sorted(str(p) for p in tmp_path.iterdir()) + [str(tmp_path / "g1" / "reports" / "README.md")]
    pools = []

    class Pool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, workers):
            pools.append(workers)
            super().__init__(workers)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    outputs = {}
    for parallel_from in (10**9, 2):
        monkeypatch.setattr(cli, "PARALLEL_FROM", parallel_from)
        for fmt in FORMATS:
            assert main(["check", *given, "--format", fmt]) == 1
            captured = capsys.readouterr()
            outputs.setdefault(fmt, []).append((captured.out, captured.err))
    for fmt, (one_process, pool) in outputs.items():
        assert pool == one_process, fmt
    rows = outputs["csv"][0][0].splitlines()[1:]
    assert [Path(row.split(",")[0]).relative_to(tmp_path).parts[0] for row in rows] == [f"g{i}" for i in range(8)]
    assert set(outputs) == set(FORMATS) and all(out for (out, _), _ in outputs.values())
    assert "unproven" in outputs["csv"][0][0] and "without evidence" in outputs["html"][0][0]
    assert pools == [2] * len(FORMATS)  # one pool of two workers per run


def test_a_run_pauses_the_cycle_collector_and_leaves_it_as_it_found_it(tmp_path, monkeypatch, capsys):
    """The rows of a run hold no reference cycles: the cycle collector is paused while they are
    made and the output rendered (cli._cycle_collector_paused), and is as it was afterwards."""
    clean(tmp_path)
    during = []
    collect = cli.collect
    monkeypatch.setattr(cli, "collect", lambda *args, **kwargs: during.append(gc.isenabled()) or collect(*args, **kwargs))
    assert gc.isenabled()
    assert main(["check", str(tmp_path)]) == 0
    assert during == [False] and gc.isenabled()
    gc.disable()
    try:
        assert main(["check", str(tmp_path)]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert "questions pass" in capsys.readouterr().out


def test_a_row_keeps_the_results_facts_but_not_the_parsed_report(tmp_path):
    """What a worker sends back: the result without its parsed report (most of its pickled
    size), with everything the outputs read, the checklist among them."""
    report = broken(tmp_path, "g1")
    full = check_file(report)
    row = cli.check_one(str(report), "auto")
    assert full.report is not None and row.result.report is None
    assert row.result.checklist == full.checklist == full.report.checklist
    assert row.result.to_dict() == full.to_dict()
    assert row.sections and row.status == "errors"
    assert len(pickle.dumps(row)) < len(pickle.dumps(full)) / 2


def test_same_output_whatever_order_the_shell_gave(tmp_path):
    for i in range(12):
        if i == 5:
            (tmp_path / "g5-empty").mkdir()
        else:
            (broken if i % 3 else clean)(tmp_path, f"g{i}")
    names = sorted(p.name for p in tmp_path.iterdir())
    outputs = set()
    for order in (names, names[::-1], names[3:] + names[:3]):
        proc = run("check", *order, "--format", "csv", cwd=tmp_path)
        assert proc.returncode == 1
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    rows = [line.split(",")[0] for line in outputs.pop().splitlines()[1:]]
    assert rows[:3] == ["g0/reports/README.md", "g1/reports/README.md", "g2/reports/README.md"]
    assert "g5-empty" in rows and rows[-1] == "g11/reports/README.md"


# --- the progress bar -------------------------------------------------------------------------


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_in_a_terminal_and_not_with_quiet(tmp_path, monkeypatch, capsys):
    paths = [str(clean(tmp_path, f"g{i}")) for i in range(5)]

    fake = FakeTTY()
    monkeypatch.setattr(sys, "stderr", fake)
    assert main(["check", *paths, "--summary"]) == 0
    bar = fake.getvalue()
    assert "[" + "#" * 30 + "] 5/5" in bar and "1/5" in bar
    assert bar.endswith("\r") and bar.rstrip("\r").endswith(" ")  # the line is wiped at the end

    fake = FakeTTY()
    monkeypatch.setattr(sys, "stderr", fake)
    assert main(["check", *paths, "--summary", "--quiet"]) == 0
    assert fake.getvalue() == ""

    fake = FakeTTY()
    monkeypatch.setattr(sys, "stderr", fake)
    assert main(["check", paths[0]]) == 0  # one report: no bar
    assert fake.getvalue() == ""

    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal
    assert main(["check", *paths, "--summary"]) == 0
    assert sys.stderr.getvalue() == ""
    capsys.readouterr()


def test_progress_bar_is_redrawn_at_most_once_per_percent():
    out = FakeTTY()
    sys_stderr = sys.stderr
    try:
        sys.stderr = out
        progress = cli._Progress(1000)
        for i in range(1, 1001):
            progress(i)
    finally:
        sys.stderr = sys_stderr
    assert out.getvalue().count("\r[") == 101  # 0 %, 1 %, ..., 100 %


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_bar_on_a_real_terminal_and_not_on_a_pipe(tmp_path):
    paths = [str(clean(tmp_path, f"g{i}")) for i in range(3)]
    master, slave = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs_exam_report", "check", *paths, "--format", "csv"],
            stdout=subprocess.PIPE,
            stderr=slave,
            timeout=120,
        )
        os.close(slave)
        slave = None
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    assert proc.returncode == 0
    assert b"] 3/3" in b"".join(chunks)
    assert proc.stdout.decode().count("\n") == 4  # header and three rows, no bar on stdout

    piped = run("check", *paths, "--format", "csv")
    assert piped.returncode == 0 and piped.stderr == ""


# --- python -m and the console script ---------------------------------------------------------


def test_python_m_and_the_console_script_agree(tmp_path):
    broken(tmp_path, "g1")
    clean(tmp_path, "g2")
    via_module = run("check", "g1", "g2", "--format", "json", cwd=tmp_path)
    script = Path(sys.executable).with_name("exam-report")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "import sys; from mkdocs_exam_report.cli import main; sys.exit(main())"]
    via_script = subprocess.run([*command, "check", "g1", "g2", "--format", "json"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert via_module.returncode == via_script.returncode == 1
    assert via_module.stdout == via_script.stdout
    assert len(json.loads(via_module.stdout)["reports"]) == 2


def test_version_and_help():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("exam-report ")
    proc = run("check", "--help")
    assert proc.returncode == 0 and "--summary" in proc.stdout and "Exit code" in proc.stdout


def test_a_closed_pipe_ends_quietly(tmp_path):
    for i in range(30):
        broken(tmp_path, f"g{i}")
    proc = subprocess.run(
        f"{sys.executable} -m mkdocs_exam_report check g* | head -n 1",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
