"""Property-based tests (Hypothesis) over the engine and the command line.

Reports made by ``tests/factory.py`` (every edition, with and without defects) and the real
student reports in ``../shared/seeds/`` are edited at random: lines deleted, duplicated, swapped,
the text truncated, and headings, ``Answer:`` markers, code fences, HTML, opt-out comments, odd
Unicode, NUL bytes and very long lines inserted, between lines or inside one. Properties:

- the engine never raises and its result is well formed;
- the same input gives the same output, also after other reports were checked in between (the
  engine keeps caches), and whatever the line endings or a byte-order mark;
- a question's official verdict depends only on its own answer;
- where the official checker can read a report, our own reading of an answer (the text from its
  only ``Answer:`` to the next question heading, when that holds no ``##``) counts what it counts;
- ``exam-report check FILE --format json`` prints exactly ``report_dict(check_file(FILE))`` (outputs/json.py);
- no output format carries a raw control character from report text or a folder name, a CSV
  cell that starts a formula, HTML from a report in the Markdown summary, or a line the GitHub
  runner would read as a command it was not meant to be.

CI runs the bounded profile "ci" (the default). A longer run:

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from mkdocs_exam_report.checks.content import _answer_parts, _answer_words, _words_without_gaps
from mkdocs_exam_report.checks.context import Context
from mkdocs_exam_report.editions import choose_revision
from mkdocs_exam_report.engine import ReportError, check_file, check_text
from mkdocs_exam_report.official import run_official
from mkdocs_exam_report.outputs.json import report_dict
from mkdocs_exam_report.report import parse
from mkdocs_exam_report.text import count_words, normalise
from tests.factory import ReportSpec, build_report, write_repo
from tests.test_cli import run_check

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile("long", max_examples=3000, deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Properties that start a process per example run a tenth as many (at least a few).
FEW = max(4, settings.default.max_examples // 12)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def _bases() -> list[tuple[str, str]]:
    bases = []
    for edition in ("2023", "2025", "2026"):
        bases.append((f"factory {edition}", build_report(ReportSpec(edition=edition))))
    broken = ReportSpec(edition="2026").drop_answer_line(10).demote_heading(7).placeholder(12).todo(6, "TODO")
    broken.answers[5] = "short"
    bases.append(("factory 2026 with defects", build_report(broken)))
    odd = ReportSpec(edition="2025", front_matter=True, newline="\r\n").subheading_in_answer(9)
    bases.append(("factory 2025 front matter, CRLF, sub-heading", build_report(odd.extra_answer_marker(14))))
    if SEEDS.is_dir():
        bases += [(f"seed {p.name}", p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("0*.txt"))]
    return bases


BASES = _bases()
READABLE = [(name, text) for name, text in BASES if check_text(text).official.readable]

SNIPPETS = [
    "###", "### ", "####", "#### Details", "## ", "## Deployment", "# Title", "###### six", "####### seven",
    "### Question 7", "### Question 31", "### Question 0", "## Question 5", "#### Question 8", "### question12",
    "Answer:", "> Answer:", "> Answer: inline text", "Answer:Answer:", "> **Answer:**",
    "```", "```python", "~~~", "    ```", "````", "- ```", "<!-- exam-report: ignore todo,words -->",
    "<!-- exam-report: ignore all -->", "<!-- exam-report: ignore", "<!-- exam-report: ignore ", "-->",
    "<img src='figures/x.png'>", "<div><p>html</p></div>", "<script>alert(1)</script>", "<!--", "&amp; &#0;",
    "![a](figures/a.png)", "![](x)", "![a](<figures/my shot.png>)", "[a](figures/a.png)", "![a](../../../etc/p.png)",
    "![a](/etc/passwd.png)", "![a](file:///etc/passwd.png)", "![a](data:image/png;base64,AAAA)", "![a](figures/%zz.png)",
    "![a](figures/a%00b.png)", "![a](figures/" + "a/" * 300 + "x.png)", "![", "](", "![a](", "[[[", "]]]",
    "--- question 7 fill here ---", "--- question 99999999999 fill here ---", "---", "===", "- [ ] item",
    "* [x] done", "* [Y] odd mark", "* [✅] tick", "TODO", "FIXME later", "...", "…", "s123456 s123456", "s12345",
    "Recommended answer length: 100-200 words", "2 screenshots", "|---|---|", "\x00", "\x00\x00\x00", "\ufeff",
    "\r", "\r\n", "\u2028", "\u0085", "\x0b\x0c", "\x1c\x1d\x1e", "\t\t", "\ud800", "🙂" * 10, "é" * 50,
    "x" * 20_000, "# " * 2_000 + "x", "![" * 1_000, "[a](" * 1_000, "--- " * 1_000, "-" * 5_000 + "x", " " * 5_000,
    "1" * 5_000, "<!-- exam-report: ignore " + "a " * 2_000, "### Question " + "9" * 5_000, "### Question " + "0" * 5_000 + "7",
    "Recommended answer length: " + "9" * 5_000 + "-1 words", "9" * 5_000 + " screenshots",
]

_POS = st.integers(0, 10**6)
EDIT = st.one_of(
    st.tuples(st.just("delete"), _POS),
    st.tuples(st.just("duplicate"), _POS),
    st.tuples(st.just("swap"), _POS, _POS),
    st.tuples(st.just("truncate"), _POS),
    st.tuples(st.just("line"), _POS, st.sampled_from(SNIPPETS)),
    st.tuples(st.just("line"), _POS, st.text(max_size=60)),
    st.tuples(st.just("splice"), _POS, st.sampled_from(SNIPPETS)),
    st.tuples(st.just("splice"), _POS, st.text(max_size=30)),
)


def apply(text: str, edits) -> str:
    """Line edits on ``text``; "splice" inserts inside a line (at a character offset)."""
    for edit in edits:
        kind, at = edit[0], edit[1]
        if kind == "truncate":
            text = text[: at % (len(text) + 1)]
            continue
        if kind == "splice":
            i = at % (len(text) + 1)
            text = text[:i] + edit[2] + text[i:]
            continue
        lines = text.split("\n")
        i = at % len(lines)
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = edit[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines.insert(i, edit[2])
        text = "\n".join(lines)
    return text


def edited(bases=BASES, max_edits=8):
    return st.tuples(st.sampled_from(range(len(bases))), st.lists(EDIT, max_size=max_edits)).map(
        lambda t: apply(bases[t[0]][1], t[1])
    )


def well_formed(result, text: str) -> None:
    data = report_dict(result)
    assert json.loads(json.dumps(data)) == data  # plain JSON, nothing that cannot be printed
    total = data["official"]["total"]
    assert total in (27, 31) and len(data["questions"]) == total
    assert [q["number"] for q in data["questions"]] == list(range(1, total + 1))
    lines = normalise(text).count("\n") + 1
    for f in data["findings"]:
        assert f["severity"] in ("error", "warning", "info"), f
        assert 1 <= f["line"] <= lines, (f, lines)
    assert [f["line"] for f in data["findings"]] == sorted(f["line"] for f in data["findings"])
    assert data["ok"] == (data["summary"]["errors"] == 0)
    if data["official"]["readable"]:
        assert data["official"]["reason"] is None and data["official"]["answers_found"] == total
        assert all(q["official_ok"] in (True, False) for q in data["questions"])
    else:
        assert data["official"]["reason"] and all(q["official_ok"] is None for q in data["questions"])
        assert any(f["rule"] == "structure" for f in data["findings"])


# --- never raises, deterministic ---------------------------------------------------------------


@pytest.mark.parametrize("snippet", range(len(SNIPPETS)))
def test_every_snippet_in_every_place(snippet):
    """The edits, each one on its own at the places that matter, without waiting for Hypothesis
    to pick it: as a line of its own in an answer and in a prompt, at the start, at the end, and
    inside the line of a question heading and of an answer marker."""
    snippet = SNIPPETS[snippet]
    text = build_report(ReportSpec(edition="2026"))
    prompt = text.index("### Question 7\n") + len("### Question 7\n")
    marker = text.index("> Answer:", prompt)
    answer = marker + len("> Answer:\n\n")
    places = [0, prompt, answer, len(text)]
    for at in places:
        variant = text[:at] + snippet + "\n" + text[at:]
        well_formed(check_text(variant), variant)
    for at in (prompt - 2, marker + 5, answer + 10):
        variant = text[:at] + snippet + text[at:]
        well_formed(check_text(variant), variant)


@given(text=edited())
def test_check_text_never_raises_and_is_well_formed(text):
    well_formed(check_text(text), text)


@given(text=edited(), other=edited(max_edits=2), edition=st.sampled_from(["auto", "2023", "2025", "2026"]))
def test_same_input_same_output_even_after_other_reports(text, other, edition):
    first = report_dict(check_text(text, edition=edition))
    assert report_dict(check_text(text, edition=edition)) == first
    check_text(other)  # fills the engine's caches with another report's prompts and examples
    assert report_dict(check_text(text, edition=edition)) == first


@given(text=edited(), newline=st.sampled_from(["\r\n", "\r"]), bom=st.booleans())
def test_line_endings_and_bom_do_not_change_the_result(text, newline, bom):
    assume("\r" not in text and not text.startswith("\ufeff"))
    plain = report_dict(check_text(text))
    other = ("\ufeff" if bom else "") + text.replace("\n", newline)
    assert report_dict(check_text(other)) == plain


@settings(max_examples=FEW * 2)
@given(base=st.sampled_from(range(len(BASES))), edits=st.lists(EDIT, max_size=4), figures=st.booleans())
def test_check_file_is_deterministic(tmp_path_factory, base, edits, figures):
    root = tmp_path_factory.mktemp("det")
    readme = write_repo(root, ReportSpec(edition="2026"), figures=figures)
    readme.write_text(apply(BASES[base][1], edits), encoding="utf-8", errors="surrogatepass")
    try:
        first = report_dict(check_file(root))
    except ReportError:
        return
    assert report_dict(check_file(root)) == first


# --- locality ----------------------------------------------------------------------------------

# Words without '#', 'Answer:' or anything else that makes structure (fences, quotes, lists, HTML).
WORD = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:?'()éøå漢🙂"),
    min_size=1,
    max_size=12,
).filter(lambda w: "Answer:" not in w)


def _insertion_points(result, number: int) -> list[int]:
    """Line starts inside question ``number``'s answer, or just after its marker."""
    q = next(q for q in result.report.questions if q.number == number)
    text = result.report.text
    points = [q.start]
    i = text.find("\n", q.start, q.end)
    while i != -1:
        points.append(i + 1)
        i = text.find("\n", i + 1, q.end + 1)
    return [p for p in points if p <= q.end]


def _others(result, number: int):
    return (
        [(q.number, q.official_ok, q.words, q.images) for q in result.questions if q.number != number],
        Counter((f.rule, f.severity, f.question) for f in result.findings if f.question != number),
    )


@given(
    base=st.sampled_from(range(len(READABLE))),
    words=st.lists(WORD, min_size=1, max_size=300),
    where=st.integers(0, 10**6),
    number=st.sampled_from([7, 7, 7, 1, 2, 14, 27]),
)
def test_a_questions_verdict_depends_only_on_its_own_answer(base, words, where, number):
    text = normalise(READABLE[base][1])
    before = check_text(text)
    assume(any(q.number == number for q in before.report.questions))
    points = _insertion_points(before, number)
    at = points[where % len(points)]
    insert = " " + " ".join(words) + " " if at == points[0] else " ".join(words) + "\n"
    after = check_text(text[:at] + insert + text[at:])

    assert after.official.readable
    assert _others(after, number) == _others(before, number)
    seen = before.official.answers[number - 1]
    if seen.start <= at <= seen.end and before.edition == after.edition:
        assert after.questions[number - 1].words == before.questions[number - 1].words + len(words)


# --- our reading of an answer against the official checker's ------------------------------------


@given(text=edited(READABLE, max_edits=6))
def test_own_count_equals_the_official_count_where_both_read_the_same_text(text):
    result = check_text(text)
    assume(result.official.readable)
    text = result.report.text
    by_start = {}
    for answer in result.official.answers:  # the first: the checker appends the last part once more
        by_start.setdefault(answer.start, answer)
    questions = result.report.questions
    for i, q in enumerate(questions):
        heading_end = result.report.offset_of(q.heading.line + 1) if q.heading.line < len(result.report.lines) else len(text)
        end = result.report.offset_of(questions[i + 1].heading.line) if i + 1 < len(questions) else len(text)
        section = text[heading_end:end]
        region = text[q.start:end]
        if section.count("Answer:") != 1 or "##" in region or q.start not in by_start:
            continue
        assert count_words(region) == by_start[q.start].words, (q.number, region[:200])


# --- example-copied's quick reading of an answer without gaps -----------------------------------

# Pieces that meet at the edges of code and words, and letters whose lower case is unusual: the
# Greek capital sigma (its lower case depends on the letters around it), the dotted capital I
# (two characters in lower case), the sharp s and a ligature.
ANSWER_PIECE = st.sampled_from([
    "we", "Used", "ΟΔΟΣ", "Σ", "ς", "İ", "ß", "ﬁ", "é", " ", "\n", "\t", "\u00a0", "\u2028", "`", "``",
    "\n```\n", "\n~~~\n", "\n  ```\n", "'", ".", "..", "_", "*", "-", ":", "(", "]", "…x",
])


@given(pieces=st.lists(ANSWER_PIECE, max_size=60), number=st.sampled_from([5, 9, 14]))
@example(pieces=["ΟΔΟΣ", ".", "we", "`", "İ", "`", "Used"], number=5)  # σ in the text, ς in the word
def test_an_answer_without_gaps_is_read_in_one_go_as_part_by_part(pieces, number):
    """checks/content.py reads an answer without '...' or '…' (no gap can be left) in one go,
    without its code spans: the same words, in lower case, as reading it part by part around
    its code."""
    spec = ReportSpec(edition="2026")
    spec.answers[number] = "".join(pieces)
    report = parse(build_report(spec))
    edition = choose_revision(report)[0]
    ctx = Context(report, edition, run_official(report.text, edition, report.markers))
    for n, answer in ctx.answers.items():
        if "..." not in answer and "…" not in answer:
            assert _words_without_gaps(answer) == _answer_words(_answer_parts(ctx, n), report.text), n


# --- the command line equals the engine ----------------------------------------------------------


@settings(max_examples=FEW)
@given(
    text=edited(max_edits=5),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    bom=st.booleans(),
    as_folder=st.booleans(),
    edition=st.sampled_from(["auto", "2023", "2026"]),
)
def test_the_command_line_prints_what_the_engine_returns(tmp_path_factory, text, newline, bom, as_folder, edition):
    root = tmp_path_factory.mktemp("cli")
    readme = write_repo(root, ReportSpec(edition="2026"), figures=True)
    data = text.replace("\n", newline).encode("utf-8", "surrogatepass")
    readme.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    target = root if as_folder else readme

    out = run_check(target, "--format", "json", "--edition", edition)
    assert "Traceback" not in out.stderr
    try:
        expected = check_file(target, edition=edition)
    except ReportError as exc:
        assert out.returncode == 2
        assert out.stderr.strip().splitlines() == [f"exam-report: {exc}"]
        return
    assert out.returncode == (0 if expected.ok else 1), out.stderr
    assert out.stderr == ""
    assert json.loads(out.stdout)["reports"] == [report_dict(expected)]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS}")
def test_the_command_line_prints_what_the_engine_returns_for_every_seed():
    seeds = sorted(SEEDS.glob("0*.txt"))
    out = run_check(*seeds, "--format", "json")
    assert "Traceback" not in out.stderr
    reports = json.loads(out.stdout)["reports"]
    assert reports == [report_dict(check_file(p)) for p in seeds]


# --- the plugin says what the command line says ------------------------------------------------


@settings(max_examples=4)
@given(edits=st.lists(EDIT, max_size=3))
def test_the_plugin_logs_every_finding_the_command_line_prints(tmp_path_factory, edits):
    from tests.test_plugin import build, make_project

    root = tmp_path_factory.mktemp("plugin")
    config = make_project(root, ReportSpec(edition="2026"))
    report = root / "reports" / "README.md"
    report.write_bytes(apply(report.read_text(encoding="utf-8"), edits).encode("utf-8", "surrogatepass"))
    cli_out = run_check("reports/README.md", cwd=root)
    assume(cli_out.returncode != 2)  # unusable input: the plugin logs one line instead (tests/test_plugin.py)
    out = build(config)
    assert "Traceback" not in out.stderr
    printed = [line for line in cli_out.stdout.splitlines() if line.startswith("reports/README.md:") and "[" in line]
    assert printed or cli_out.returncode == 0
    for line in printed:
        assert line in out.stderr, line


# --- no output acts on its reader ----------------------------------------------------------------

# Characters and snippets that act on a terminal, a spreadsheet, a Markdown renderer or the GitHub
# Actions runner, to put into report text and folder names.
HOSTILE_PIECES = [
    "\x1b[31m", "\x1b]0;t\x07", "\x9b", "\x07", "\x08", "\x00", "\x7f", "\r", "\n", "\t", "\u202e", "\u2066", "\u2028",
    "=", "+", "-", "@", "＝", "=SUM(1+1)", "-2+3", "@A1", "|", "`", "```", "<img src=x onerror=alert(1)>",
    "![x](http://e/x.png)", "[a](javascript:x)", "<script>", "::error::", "::warning file=a::", "##[error]", "%0A",
    "%25", ":", ",", "\\", "*", "_", "#", "é", "漢",
]
HOSTILE_TEXT = st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(max_size=3), min_size=1, max_size=6).map("".join)
FOLDER = st.binary(min_size=1, max_size=12).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_")).filter(
    lambda b: b not in (b".", b"..")
)
# Control characters that may never appear raw in any output (a line break only between lines).
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
FORMULA = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _hostile_repo(root: Path, folder: bytes, heading: str, section: str, answer: str) -> Path:
    repo = root / os.fsdecode(folder)
    readme = write_repo(repo, ReportSpec(edition="2026"), figures=True)
    text = readme.read_text(encoding="utf-8")
    flat = lambda s: s.replace("\r", " ").replace("\n", " ").replace("\x00", " ")  # stays one heading line
    text = text.replace("### Week 1\n", f"### {flat(section)}\n* [x] a\n### Week 1\n", 1)
    # a question repeated with its answer: unreadable, and the reason quotes the heading
    text = text.replace("### Question 7\n", f"### Question 7\n> Answer:\n\nx\n\n### Question 7 {flat(heading)}\n", 1)
    text = text.replace("### Question 12\n", f"### Question 12\n\n> Answer:\n\nTODO ![{flat(answer)}]({flat(answer)}.PNG)\n\n", 1)
    readme.write_bytes(text.encode("utf-8", "surrogatepass"))
    return repo


@settings(max_examples=FEW * 3)
@given(folder=FOLDER, heading=HOSTILE_TEXT, section=HOSTILE_TEXT, answer=HOSTILE_TEXT)
def test_no_output_format_carries_a_raw_control_character_or_a_formula(tmp_path_factory, folder, heading, section, answer):
    import contextlib
    import csv
    import io

    import markdown

    from mkdocs_exam_report import cli

    root = tmp_path_factory.mktemp("hostile")
    repo = _hostile_repo(root, folder, heading, section, answer)
    job_summary = root / "job-summary.md"
    os.environ["GITHUB_STEP_SUMMARY"] = str(job_summary)
    try:
        for fmt in cli.FORMATS:
            for summary in ([], ["--summary"]):
                out, err = io.StringIO(), io.StringIO()
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    code = cli.main(["check", str(repo), "--format", fmt, *summary])
                assert code in (1, 2), (fmt, err.getvalue())
                for text in (out.getvalue(), err.getvalue()):
                    assert not RAW.search(text), (fmt, summary, RAW.search(text), text[:300])
                if fmt == "csv":
                    for row in csv.reader(io.StringIO(out.getvalue())):
                        assert not [cell for cell in row if cell.startswith(FORMULA)], row
                if fmt == "markdown":
                    html = markdown.markdown(out.getvalue(), extensions=["tables"])
                    assert not re.search(r"<(img|script|a)\b", html), html
                if fmt == "github":
                    for line in out.getvalue().splitlines():
                        # a command, or plain log text that no runner reads as one
                        assert line.startswith("::") or (not line.lstrip().startswith("::") and "##[" not in line), line
    finally:
        del os.environ["GITHUB_STEP_SUMMARY"]
    if job_summary.exists():
        text = job_summary.read_text(encoding="utf-8")
        assert not RAW.search(text)
        assert not re.search(r"<(img|script|a)\b", markdown.markdown(text, extensions=["tables"]))
