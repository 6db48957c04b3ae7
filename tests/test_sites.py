"""The project's own documentation site and the bundled example both build strictly."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_docs import actionlint

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("config", ["mkdocs.yml", "examples/student-project/docs/mkdocs.yaml"])
def test_strict_build(tmp_path, config):
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(tmp_path / "site")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert "0 errors, 0 warnings" in out.stderr  # the sample report passes every check
    pages = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("index.html")}
    expected = "demo/index.html" if config == "mkdocs.yml" else "report/index.html"
    assert expected in pages
    html = (tmp_path / "site" / expected).read_text(encoding="utf-8")
    assert 'data-exam-passed="31"' in html and 'data-exam-total="31"' in html
    published = {p.suffix for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert ".py" not in published and ".yml" not in published and ".yaml" not in published  # no build code
    # the example's checklist is shown by its files but for the profiling item, on purpose
    (evidence,) = [line for line in out.stderr.splitlines() if "checklist-evidence" in line]
    assert evidence.endswith("[checklist-evidence] (info) ticked 'Profile the code and speed up the slow parts (M12)', "
                             "but the repository has no profiler in the code or notes (cProfile, torch.profiler, "
                             "line_profiler ...)")
    if config == "mkdocs.yml":  # the demo page shows annotations: a mark beside each ticked item, one '?'
        marks = re.findall(r'class="exam-report-evidence exam-report-evidence-([a-z-]+)"', html)
        assert (marks.count("evidence"), marks.count("none"), marks.count("not-checkable")) == (33, 1, 11)


def test_the_example_ticks_what_its_files_show():
    """Every ticked item of the bundled example that files can show is shown by a file in its own
    folder (its .git is this repository's), but the profiling item; the JSON names each file."""
    done = subprocess.run([sys.executable, "-m", "mkdocs_exam_report", "check", "examples/student-project", "--format",
                           "json"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)["reports"][0]
    items = report["checklist"]["evidence"]["items"]
    assert [item["entry"] for item in items if item["status"] == "none"] == ["profiling"]
    shown = {item["entry"]: item["file"] for item in items if item["status"] == "evidence"}
    assert shown.pop("git-repository").endswith(".git")
    assert all((ROOT / "examples" / "student-project" / path).is_file() for path in shown.values()), shown
    assert report["summary"]["unproven"] == 1
    assert [f["rule"] for f in report["findings"]] == ["checklist-evidence"]


def test_the_examples_workflows_pass_actionlint():
    workflows = sorted((ROOT / "examples" / "student-project" / ".github" / "workflows").glob("*.yaml"))
    assert [p.name for p in workflows] == ["docs.yaml", "lint.yaml", "tests.yaml"]
    proc = subprocess.run([actionlint(), "-no-color", *map(str, workflows)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_rule_reference_covers_every_rule(tmp_path):
    from mkdocs_exam_report.findings import RULES

    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")], cwd=ROOT, check=True,
                   capture_output=True)
    html = (tmp_path / "site" / "rules" / "index.html").read_text(encoding="utf-8")
    for rule in RULES:
        assert f'id="{rule}"' in html, rule
