"""Every snippet of docs/rules.md, read from the page and run: the output of the checklist-evidence
rule is what a real command-line run on a factory repository prints."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.factory import ReportSpec
from tests.test_evidence import make_repo

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def snippets(language: str) -> list[str]:
    return [m.group(2) for m in FENCE.finditer((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
            if m.group(1) == language]


def check(repo: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "mkdocs_exam_report", "check", *args], capture_output=True, text=True,
                          cwd=repo, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_snippet_is_run():
    languages = [m.group(1) for m in FENCE.finditer((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))]
    assert sorted(set(languages)) == ["markdown", "text"], languages


def test_evidence_output_is_what_the_command_line_prints(tmp_path):
    """The repository the page describes: the two Docker items, Hydra and pre-commit ticked (and
    the environment item, shown by the committed requirements.txt)."""
    make_repo(tmp_path, ReportSpec("2026", course_checklist=True, tick=(3, 12, 13, 15, 27)), {"requirements.txt": "torch\n"})
    folded, each = snippets("text")[:2]
    assert check(tmp_path).splitlines()[:-1] == folded.splitlines()
    assert check(tmp_path, "--rule", "checklist-evidence=warning").splitlines()[:-2] == each.splitlines()
