"""Property-based tests over the engine and the command line: random edits of factory-made and
real reports never break it, give stable results, and a question's verdict depends on its answer.

CI runs a bounded number of examples (profile "ci"). A longer run:

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_exam_report.engine import check_file, check_text
from tests.factory import ReportSpec, build_report

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BASES = [build_report(ReportSpec(edition=e)) for e in ("2023", "2025", "2026")]
BASES += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("0*.txt"))] if SEEDS.is_dir() else []

SNIPPETS = [
    "###", "#### Sub-heading", "## Section", "### Question 7", "Answer:", "> Answer:", "```", "```python",
    "~~~", "<img src='figures/x.png'>", "<!-- exam-report: ignore todo,words -->", "<!-- exam-report: ignore all -->",
    "--- question 3 fill here ---", "![a](figures/a.png)", "[a](figures/a.png)", "![a](../../../etc/passwd.png)",
    "* [Y] odd mark", "TODO", "\x00", "x" * 5000, "\ufeff", "\r", "...", "s123456 s123456",
]

edit = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10**6)),
    st.tuples(st.just("duplicate"), st.integers(0, 10**6)),
    st.tuples(st.just("swap"), st.integers(0, 10**6), st.integers(0, 10**6)),
    st.tuples(st.just("truncate"), st.integers(0, 10**6)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.sampled_from(SNIPPETS)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.text(max_size=40)),
)


def apply(text: str, edits) -> str:
    lines = text.split("\n")
    for e in edits:
        if not lines:
            lines = [""]
        i = e[1] % len(lines)
        if e[0] == "delete":
            del lines[i]
        elif e[0] == "duplicate":
            lines.insert(i, lines[i])
        elif e[0] == "swap":
            j = e[2] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif e[0] == "truncate":
            lines = "\n".join(lines)[: e[1] % (len(text) + 1)].split("\n")
        else:
            lines.insert(i, e[2])
    return "\n".join(lines)


@given(base=st.sampled_from(range(len(BASES))), edits=st.lists(edit, max_size=8))
def test_never_raises_and_is_deterministic(base, edits):
    text = apply(BASES[base], edits)
    first = check_text(text).to_dict()
    assert check_text(text).to_dict() == first
    assert first["official"]["total"] in (27, 31)
    assert len(first["questions"]) == first["official"]["total"]
    for finding in first["findings"]:
        assert finding["line"] >= 1 and finding["severity"] in ("error", "warning", "info")


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)


@given(edition=st.sampled_from(["2023", "2025", "2026"]), words=st.lists(WORD, max_size=400))
def test_a_questions_verdict_depends_only_on_its_own_answer(edition, words):
    spec = ReportSpec(edition=edition)
    before = check_text(build_report(spec))
    spec.answers[7] = " ".join(words)
    after = check_text(build_report(spec))
    assert before.official.readable and after.official.readable
    changed = {q.number for q, p in zip(after.questions, before.questions) if q.official_ok != p.official_ok}
    assert changed <= {7}
    assert after.questions[6].words == len(words)


@settings(max_examples=8)
@given(base=st.sampled_from(range(len(BASES))), edits=st.lists(edit, max_size=4))
def test_the_command_line_agrees_with_the_engine(tmp_path_factory, base, edits):
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "README.md"
    text = apply(BASES[base], edits)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs_exam_report", "check", str(path), "--format", "json"],
        capture_output=True, text=True,
    )
    assert "Traceback" not in out.stderr
    if out.returncode == 2:  # unusable input (empty, binary): one line, and the engine agrees
        assert len(out.stderr.strip().splitlines()) == 1
        return
    assert json.loads(out.stdout)["reports"][0] == check_file(path).to_dict()


@settings(max_examples=4)
@given(edits=st.lists(edit, max_size=3))
def test_the_plugin_agrees_with_the_command_line(tmp_path_factory, edits):
    from tests.test_plugin import build, make_project

    root = tmp_path_factory.mktemp("plugin")
    config = make_project(root, ReportSpec(edition="2026"))
    report = root / "reports" / "README.md"
    report.write_text(apply(report.read_text(encoding="utf-8"), edits), encoding="utf-8")
    if not report.read_text(encoding="utf-8").strip() or "\x00" in report.read_text(encoding="utf-8"):
        return  # unusable input for the command line; the plugin logs it instead
    out = build(config)
    assert "Traceback" not in out.stderr
    cli = subprocess.run([sys.executable, "-m", "mkdocs_exam_report", "check", "reports/README.md"],
                         capture_output=True, text=True, cwd=root)
    for line in cli.stdout.splitlines():
        if line.startswith("reports/README.md:") and "[" in line:
            assert line in out.stderr, line
