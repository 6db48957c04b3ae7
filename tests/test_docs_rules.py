"""Every snippet of docs/rules.md, read from the page and run: the output of the checklist-evidence
rule is what a real command-line run on a factory repository prints."""

from __future__ import annotations

import json
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


def check(repo: Path, *args: str, passes: bool = True) -> str:
    done = subprocess.run([sys.executable, "-m", "mkdocs_exam_report", "check", *args], capture_output=True, text=True,
                          cwd=repo, timeout=300)
    assert done.returncode in ((0,) if passes else (0, 1)), done.stderr
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


def findings(repo: Path, *args: str) -> list[tuple[str, int]]:
    document = json.loads(check(repo, "--format", "json", *args, passes=False))
    return [(f["rule"], f["line"]) for f in document["reports"][0]["findings"]]


def test_the_ignore_comment_in_an_answer(tmp_path):
    """The page's first snippet, in an answer with a TODO and a screenshot written as a link."""
    (comment,) = snippets("markdown")[0].splitlines()
    answer = "We split the data by harbour, TODO add the dates, see [the plot](figures/plot.png) for the split."
    make_repo(tmp_path, ReportSpec("2026", answers={5: answer}))
    rules = {rule for rule, _ in findings(tmp_path)}
    assert {"todo", "image-link"} <= rules
    make_repo(tmp_path, ReportSpec("2026", answers={5: f"{answer}\n\n{comment}"}))
    assert not {"todo", "image-link"} & {rule for rule, _ in findings(tmp_path)}


def test_the_ignore_comments_in_the_checklist(tmp_path):
    """The page's two checklist snippets: on an item it silences that item, on a line of its own
    the whole checklist; the item with the comment is the factory's 2026 item in the same words."""
    on_item, whole = (text.strip() for text in snippets("markdown")[1:3])
    item = on_item.split(" <!--")[0]
    readme = make_repo(tmp_path, ReportSpec("2026", course_checklist=True, tick=(12, 32)))  # Dockerfiles, GCP training
    text = readme.read_text(encoding="utf-8")
    assert text.count(item + "\n") == 1
    lines = {line: k for k, line in enumerate(text.split("\n"), 1)}
    raised = ("--rule", "checklist-evidence=warning")
    assert findings(tmp_path, *raised) == [("checklist-evidence", lines["* [x] Write one or more Dockerfiles for the code (M10)"]),
                                           ("checklist-evidence", lines[item])]
    readme.write_text(text.replace(item + "\n", on_item + "\n"), encoding="utf-8")
    assert findings(tmp_path, *raised) == [("checklist-evidence", lines["* [x] Write one or more Dockerfiles for the code (M10)"])]
    readme.write_text(text.replace("### Week 2\n\n", f"### Week 2\n\n{whole}\n\n"), encoding="utf-8")
    assert findings(tmp_path, *raised) == []
