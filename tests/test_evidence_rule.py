"""The checklist-evidence rule in real command-line runs and real builds on factory repositories
(git repositories made with `git init` / `git add`; the evidence files of test_evidence)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import jsonschema
import pytest

from mkdocs_exam_report.editions import EDITIONS
from mkdocs_exam_report.evidence import EVIDENCE, entry_for, tags
from mkdocs_exam_report.limits import listed
from mkdocs_exam_report.report import checklist_items, parse
from tests.factory import COURSE_ITEMS, ReportSpec, build_report
from tests.test_course_page import Page
from tests.test_evidence import EVIDENCE_FILES, git, make_repo
from tests.test_plugin import build, make_project, page

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "mkdocs_exam_report" / "assets" / "report.schema.json").read_text())
ALL_EVIDENCE = {name: content for files in EVIDENCE_FILES.values() for name, content in files.items()}
# One ticked item without evidence (at info: the only one; at warning: each)
FINDING = re.compile(r"^(?P<path>.+):(?P<line>\d+): \[checklist-evidence\] \((?P<severity>info|warning)\) "
                     r"ticked '(?P<item>.+)', but the repository has no (?P<what>.+)$")
# Several at info: one finding for them all
FOLDED = re.compile(r"^(?P<path>.+):(?P<line>\d+): \[checklist-evidence\] \(info\) (?P<count>\d+) ticked items have no "
                    r"evidence in the repository \((?P<names>[^()]+)\)(?:; (?P<untracked>.+) exists? but git does not "
                    r"track (?:it|them) \(commit (?:it|them)\))?\. The report's page marks each with '\?' in its checklist "
                    r"\(under mkdocs serve or with annotate: always\), --format json names what was looked for, and the "
                    r"rule raised to warning \(--rule checklist-evidence=warning\) lists each$")


def check(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_exam_report", "check", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def evidence_findings(stdout: str) -> list[re.Match]:
    return [m for m in map(FINDING.match, stdout.splitlines()) if m]


def folded_findings(stdout: str) -> list[re.Match]:
    return [m for m in map(FOLDED.match, stdout.splitlines()) if m]


def names_of(items) -> list[str]:
    """The fold's names for items (of COURSE_ITEMS): each module once, in order, or the entry's name."""
    names = [sorted(tags(item), key=lambda tag: int(tag[1:])) or [entry_for(" ".join(item.split())).name] for item in items]
    return list(dict.fromkeys(name for group in names for name in group))


def item_lines(edition: str) -> dict[str, int]:
    """The first line of each factory item's text -> its line in the report."""
    text = build_report(ReportSpec(edition, course_checklist=True, ticked=99))
    return {line[6:]: k for k, line in enumerate(text.split("\n"), 1) if line.startswith("* [x] ")}


@pytest.mark.parametrize("edition", sorted(EDITIONS))
def test_cli_one_finding_for_all_ticked_items_without_evidence_and_each_at_warning(tmp_path, edition):
    spec = ReportSpec(edition, course_checklist=True, ticked=99)
    empty = tmp_path / "empty"
    make_repo(empty, spec)
    expected = [item for item in COURSE_ITEMS[edition]
                if entry_for(item).checkable and entry_for(item).name != "git-repository"]
    starts = item_lines(edition)
    # info (the default): one finding for them all, at the first one's line, naming their modules
    done = check(str(empty))
    assert done.returncode == 0, done.stderr  # info: never fails
    assert done.stdout.count("[checklist-evidence]") == 1 and evidence_findings(done.stdout) == []
    (fold,) = folded_findings(done.stdout)
    assert int(fold["count"]) == len(expected) and int(fold["line"]) == starts[expected[0].split("\n")[0]]
    assert fold["names"] == listed(names_of(expected)) and fold["untracked"] is None
    # raised to warning: each item is its own finding, at its line
    done = check(str(empty), "--rule", "checklist-evidence=warning")
    assert done.returncode == 0, done.stderr  # warnings fail only a strict run
    found = evidence_findings(done.stdout)
    assert len(found) == len(expected) and folded_findings(done.stdout) == []
    assert {m["severity"] for m in found} == {"warning"}
    for match, item in zip(found, expected):
        assert match["what"] == entry_for(item).looked_for
        assert int(match["line"]) == starts[item.split("\n")[0]]
        whole = " ".join(item.split())  # a long item is shortened in the message, its tag kept
        head, _, tag = match["item"].partition(" ... ")
        assert match["item"] == whole or (whole.startswith(head) and whole.endswith(tag)), (match["item"], whole)
    assert check(str(empty), "--rule", "checklist-evidence=warning", "--strict").returncode == 1
    full = tmp_path / "full"
    make_repo(full, spec, ALL_EVIDENCE)
    for args in ((), ("--rule", "checklist-evidence=warning"), ("--rule", "checklist-evidence=error")):
        done = check(str(full), *args)
        assert done.returncode == 0 and "[checklist-evidence]" not in done.stdout, done.stdout


@pytest.mark.parametrize(
    ("edition", "number", "entry"),
    [("2026", 27, "pre-commit"), ("2025", 12, "dockerfiles"), ("2023", 14, "hydra"), ("2026", 26, "ci-linting")],
)
def test_cli_a_single_ticked_item_both_ways(tmp_path, edition, number, entry):
    item = " ".join(COURSE_ITEMS[edition][number - 1].split())
    assert entry_for(item).name == entry
    spec = ReportSpec(edition, course_checklist=True, tick=(number,))
    without = make_repo(tmp_path / "without", spec)
    (match,) = evidence_findings(check(str(tmp_path / "without")).stdout)
    looked_for = next(e.looked_for for e in EVIDENCE if e.name == entry)
    assert match["item"] == item and match["what"] == looked_for
    assert without.read_text(encoding="utf-8").split("\n")[int(match["line"]) - 1].endswith(item)
    make_repo(tmp_path / "with", spec, EVIDENCE_FILES[entry])
    assert evidence_findings(check(str(tmp_path / "with")).stdout) == []


def test_json_gives_each_judged_item_and_the_counts_and_fits_the_schema(tmp_path):
    spec = ReportSpec("2026", course_checklist=True, ticked=99)
    make_repo(tmp_path, spec, {**EVIDENCE_FILES["pre-commit"], **EVIDENCE_FILES["dockerfiles"]})
    done = check(str(tmp_path), "--format", "json")
    document = json.loads(done.stdout)
    jsonschema.validate(document, SCHEMA)
    evidence = document["reports"][0]["checklist"]["evidence"]
    assert evidence["git"] is True and evidence["truncated"] is False and evidence["note"] is None
    assert evidence["counts"]["dockerfiles"] == 1 and evidence["counts"]["workflow_files"] == 0
    by_entry = {item["entry"]: item for item in evidence["items"]}
    assert len(evidence["items"]) == EDITIONS["2026"].checklist_total
    assert by_entry["pre-commit"]["status"] == "evidence" and by_entry["pre-commit"]["file"] == ".pre-commit-config.yaml"
    assert by_entry["hydra"]["status"] == "none" and by_entry["hydra"]["looked_for"] == "Python file that imports hydra"
    assert by_entry["understanding"]["status"] == "not checkable" and by_entry["understanding"]["why"]
    unproven = [i for i in evidence["items"] if i["status"] == "none"]
    assert document["reports"][0]["summary"]["unproven"] == len(unproven) > 1
    # at info one finding for them all, at the first one's line; each item is in checklist.evidence
    (fold,) = [f for f in document["reports"][0]["findings"] if f["rule"] == "checklist-evidence"]
    assert (fold["line"], fold["severity"], fold["question"]) == (unproven[0]["line"], "info", None)
    assert fold["message"].startswith(f"{len(unproven)} ticked items have no evidence in the repository (M2, M6, ")
    # at warning one finding per item; the per-item evidence and the summary are the same
    raised = json.loads(check(str(tmp_path), "--format", "json", "--rule", "checklist-evidence=warning").stdout)
    jsonschema.validate(raised, SCHEMA)
    findings = [f for f in raised["reports"][0]["findings"] if f["rule"] == "checklist-evidence"]
    assert [f["line"] for f in findings] == [i["line"] for i in unproven]
    assert all(f["severity"] == "warning" and f["question"] is None for f in findings)
    assert raised["reports"][0]["checklist"]["evidence"] == evidence
    assert raised["reports"][0]["summary"]["unproven"] == len(unproven)


def test_github_and_sarif_have_one_note_at_info_and_one_annotation_per_item_at_warning(tmp_path):
    spec = ReportSpec("2026", course_checklist=True, tick=(27, 12, 15))
    make_repo(tmp_path, spec, EVIDENCE_FILES["pre-commit"])  # M18 shown; M10 and M11 not
    starts = item_lines("2026")
    lines = [starts["Write one or more Dockerfiles for the code (M10)"],
             starts["Load the configurations and hyperparameters with Hydra (M11)"]]
    github = [line for line in check("--format", "github", cwd=tmp_path).stdout.splitlines() if "checklist-evidence" in line]
    assert len(github) == 1 and github[0].startswith(f"::notice file=reports/README.md,line={lines[0]},title=exam-report "
                                                     "checklist-evidence::2 ticked items have no evidence in the repository (M10, M11).")
    raised = check("--format", "github", "--rule", "checklist-evidence=warning", cwd=tmp_path).stdout.splitlines()
    assert [line.split("::")[1] for line in raised if "checklist-evidence" in line] == [
        f"warning file=reports/README.md,line={n},title=exam-report checklist-evidence" for n in lines]

    def sarif(*args):
        results = json.loads(check(str(tmp_path), "--format", "sarif", *args).stdout)["runs"][0]["results"]
        return [(r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"], r["message"]["text"])
                for r in results if r["ruleId"] == "checklist-evidence"]

    ((level, line, text),) = sarif()
    assert (level, line) == ("note", lines[0]) and text.startswith("2 ticked items have no evidence")
    assert [(level, line) for level, line, _ in sarif("--rule", "checklist-evidence=error")] == [("error", n) for n in lines]


def test_a_report_on_its_own_gets_no_evidence(tmp_path):
    report = tmp_path / "report.md"
    report.write_text(build_report(ReportSpec("2026", course_checklist=True, ticked=99)), encoding="utf-8")
    done = check(str(report), "--format", "json")
    document = json.loads(done.stdout)
    assert "evidence" not in document["reports"][0]["checklist"]
    assert "checklist-evidence" not in done.stdout


def test_a_folder_that_is_not_a_git_repository(tmp_path):
    """A downloaded copy (no .git): the git item is not checkable, so no finding; in a git
    repository it has evidence. The JSON says why it is not checkable."""
    spec = ReportSpec("2026", course_checklist=True, tick=(1, 27))
    assert "git repositor" in COURSE_ITEMS["2026"][0] and entry_for(COURSE_ITEMS["2026"][0]).name == "git-repository"
    make_repo(tmp_path / "copy", spec, EVIDENCE_FILES["pre-commit"], track=False)
    done = check(str(tmp_path / "copy"), "--format", "json")
    (git_item, _) = json.loads(done.stdout)["reports"][0]["checklist"]["evidence"]["items"]
    assert git_item["status"] == "not checkable" and git_item["why"].startswith("the folder is not a git repository")
    assert evidence_findings(check(str(tmp_path / "copy")).stdout) == []
    make_repo(tmp_path / "repo", spec, EVIDENCE_FILES["pre-commit"])
    done = check(str(tmp_path / "repo"), "--format", "json")
    (git_item, _) = json.loads(done.stdout)["reports"][0]["checklist"]["evidence"]["items"]
    assert (git_item["status"], git_item["file"]) == ("evidence", ".git")
    # a copy with nothing of an item still gets that item's finding
    make_repo(tmp_path / "bare", spec, track=False)
    (match,) = evidence_findings(check(str(tmp_path / "bare")).stdout)
    assert match["what"] == next(e.looked_for for e in EVIDENCE if e.name == "pre-commit")


def test_raised_severity_fails_the_run(tmp_path):
    make_repo(tmp_path, ReportSpec("2026", course_checklist=True, tick=(27,)))
    assert check(str(tmp_path)).returncode == 0
    raised = check(str(tmp_path), "--rule", "checklist-evidence=error")
    assert raised.returncode == 1 and "[checklist-evidence] ticked 'Set up pre-commit hooks" in raised.stdout


def test_untracked_and_ignored_files_are_no_evidence_in_the_cli(tmp_path):
    make_repo(tmp_path, ReportSpec("2026", course_checklist=True, tick=(27, 12)), {".gitignore": "Dockerfile\n"})
    (tmp_path / "Dockerfile").write_text("FROM x\n", encoding="utf-8")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    # the files are there but not the hand-in: the message says so rather than "has no"
    out = check(str(tmp_path)).stdout
    assert evidence_findings(out) == []
    (fold,) = folded_findings(out)  # at info, in the one finding
    assert (fold["count"], fold["names"], fold["untracked"]) == ("2", "M10, M18", "Dockerfile, .pre-commit-config.yaml")
    out = check(str(tmp_path), "--rule", "checklist-evidence=warning").stdout
    assert evidence_findings(out) == []
    assert "but Dockerfile exists but git does not track it (commit it)" in out
    assert "but .pre-commit-config.yaml exists but git does not track it (commit it)" in out
    git(tmp_path, "add", ".pre-commit-config.yaml")
    out = check(str(tmp_path)).stdout
    assert ".pre-commit-config.yaml" not in out and out.count("[checklist-evidence]") == 1
    (tmp_path / "Dockerfile").unlink()  # gone: then the repository has none
    (match,) = evidence_findings(check(str(tmp_path)).stdout)
    assert match["what"].startswith("Dockerfile")


# --- silenced per checklist item, or for the whole checklist ---------------------------------

IGNORE_EVIDENCE = "<!-- exam-report: ignore checklist-evidence -->"
DOCKER = "Write one or more Dockerfiles for the code (M10)"
WRAPPED = "* [x] Keep the dependency files (`requirements*.txt`, or `pyproject.toml` together with `uv.lock`) in\n" \
          "    step with everything the code imports (M2+M6)"


def edited(readme: Path, *changes: tuple[str, str]) -> None:
    text = readme.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    readme.write_text(text, encoding="utf-8")


def findings_of(repo: Path, *args: str) -> list[dict]:
    done = check(str(repo), "--format", "json", *args)
    return [f for f in json.loads(done.stdout)["reports"][0]["findings"] if f["rule"] == "checklist-evidence"]


def test_a_comment_on_an_item_silences_that_item_only(tmp_path):
    """On the item's line or on a line it wraps onto; at info the rest are folded (one left: its
    own message), at warning listed; the JSON's evidence and the summary keep the item."""
    readme = make_repo(tmp_path, ReportSpec("2026", course_checklist=True, tick=(12, 15, 7)))
    starts = item_lines("2026")
    before = json.loads(check(str(tmp_path), "--format", "json").stdout)["reports"][0]
    assert [f["message"].split(" (")[0] for f in findings_of(tmp_path)] == ["3 ticked items have no evidence in the repository"]
    edited(readme, (f"* [x] {DOCKER}\n", f"* [x] {DOCKER} {IGNORE_EVIDENCE}\n"),
           (WRAPPED, WRAPPED.replace("    step with", f"    {IGNORE_EVIDENCE.replace('evidence', 'evidence,todo')} step with")))
    (only,) = findings_of(tmp_path)
    hydra = starts["Load the configurations and hyperparameters with Hydra (M11)"]
    assert (only["line"], only["severity"]) == (hydra, "info")
    assert only["message"] == "ticked 'Load the configurations and hyperparameters with Hydra (M11)', but the repository has no " \
        "Python file that imports hydra"
    assert [f["line"] for f in findings_of(tmp_path, "--rule", "checklist-evidence=error")] == [hydra]
    after = json.loads(check(str(tmp_path), "--format", "json").stdout)["reports"][0]
    # facts about the repository: the items, their texts (the comment is no part of an item) and the count
    assert after["checklist"]["evidence"] == before["checklist"]["evidence"]
    assert after["summary"]["unproven"] == before["summary"]["unproven"] == 3
    # the fault: a comment that names another rule silences nothing
    edited(readme, (IGNORE_EVIDENCE, "<!-- exam-report: ignore todo -->"))
    assert [f["line"] for f in findings_of(tmp_path, "--rule", "checklist-evidence=warning")] == [starts[DOCKER], hydra]


@pytest.mark.parametrize("comment", [IGNORE_EVIDENCE, "<!-- exam-report: ignore all -->",
                                     "<!-- exam-report: ignore image-link, checklist-evidence -->"])
def test_a_comment_in_the_checklist_outside_the_items_silences_the_whole_checklist(tmp_path, comment):
    readme = make_repo(tmp_path, ReportSpec("2026", course_checklist=True, tick=(12, 15, 27)))
    edited(readme, ("### Week 2\n\n", f"### Week 2\n\n{comment}\n\n"))
    for severity in ("info", "error"):
        done = check(str(tmp_path), "--rule", f"checklist-evidence={severity}")
        assert done.returncode == 0 and "[checklist-evidence]" not in done.stdout, done.stdout
    assert json.loads(check(str(tmp_path), "--format", "json").stdout)["reports"][0]["summary"]["unproven"] == 3
    # the same comment in an answer silences that question only, not the checklist
    edited(readme, (f"\n{comment}\n", "\n"))
    text = readme.read_text(encoding="utf-8")
    at = text.index("### Question 1")
    readme.write_text(text[:at] + text[at:].replace("Answer:", f"Answer:\n\n{comment}\n", 1), encoding="utf-8")
    assert len(findings_of(tmp_path, "--rule", "checklist-evidence=warning")) == 3


def test_the_comments_words_are_no_part_of_the_item(tmp_path):
    """Comments whose words would match another row (or hide the tag at the end) change nothing:
    every item of every edition keeps its entry, text and tag with them; the checklist rule's
    odd mark is silenced the same way on its item."""
    for edition in sorted(EDITIONS):
        spec = ReportSpec(edition, course_checklist=True, ticked=99)
        plain = parse(build_report(spec))
        noisy = parse(re.sub(r"(\n\* \[x\] [^\n]*)", r"\1 <!-- exam-report: ignore hydra, docker --> <!-- wandb cli -->",
                             build_report(spec)))
        assert [(i.line, i.text, entry_for(i.text)) for i in checklist_items(plain)] == \
            [(i.line, i.text, entry_for(i.text)) for i in checklist_items(noisy)]
    readme = make_repo(tmp_path, ReportSpec("2026", course_checklist=True, tick=(12,)))
    edited(readme, (f"* [x] {DOCKER}\n", f"* [x] {DOCKER} <!-- exam-report: ignore checklist --> <!-- hydra -->\n"),
           ("* [ ] Load the configurations", "* [~] Load the configurations"),
           ("* [ ] Profile the code", "* [?] Profile the code <!-- exam-report: ignore checklist -->"))
    done = check(str(tmp_path), "--format", "json")
    findings = json.loads(done.stdout)["reports"][0]["findings"]
    starts = item_lines("2026")
    assert [(f["rule"], f["line"]) for f in findings if f["rule"].startswith("checklist")] == [
        ("checklist-evidence", starts[DOCKER]), ("checklist", starts["Load the configurations and hyperparameters with Hydra (M11)"])]
    assert next(f for f in findings if f["rule"] == "checklist-evidence")["message"] == \
        f"ticked '{DOCKER}', but the repository has no Dockerfile (Dockerfile, *.dockerfile, dockerfiles/)"


# --- the plugin ---

MARK = re.compile(r'<span class="exam-report-evidence exam-report-evidence-([a-z-]+)"[^>]*title="([^"]*)"')


def project(tmp_path: Path, files: dict, options=None, theme="material") -> Path:
    config = make_project(tmp_path, ReportSpec("2026", course_checklist=True, tick=(27, 12, 15, 52)), theme=theme,
                          options=options)
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    return config


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_build_marks_each_ticked_item_with_annotate_always(tmp_path, theme):
    config = project(tmp_path, EVIDENCE_FILES["pre-commit"], {"annotate": "always"}, theme)
    done = build(config, strict=True)
    assert done.returncode == 0, done.stderr  # info findings never fail a strict build
    log = done.stderr + done.stdout
    # one INFO line for the two items without evidence, at the first one's line; each is marked below
    (line,) = [line for line in log.splitlines() if "[checklist-evidence]" in line]
    docker = item_lines("2026")["Write one or more Dockerfiles for the code (M10)"]
    assert line.startswith("INFO    -  ") and f"README.md:{docker}: [checklist-evidence] (info) 2 ticked items have no " \
        "evidence in the repository (M10, M11). The report's page marks each with '?'" in line
    assert "pre-commit" not in log
    marks = [(kind, unescape(title)) for kind, title in MARK.findall(page(config))]
    assert marks == [
        ("none", "no evidence in the repository: it has no Dockerfile (Dockerfile, *.dockerfile, dockerfiles/)"),
        ("none", "no evidence in the repository: it has no Python file that imports hydra"),
        ("evidence", "evidence in the repository: .pre-commit-config.yaml"),
        ("not-checkable", "not checkable: team work shows in how the group works, not in the repository's files"),
    ]


def findings_in_summary(html: str) -> list[tuple[str, str, str]]:
    """(severity, rule, text) of each finding listed in the page's summary box, in order."""
    box = html[html.index('<div class="exam-report-summary'):]
    box = box[: box.index("</div>")]
    return [(severity, rule, unescape(re.sub(r"<[^>]+>", "", text)))
            for severity, rule, text in re.findall(r'<li class="exam-report-finding exam-report-(\w+)" '
                                                   r'data-exam-rule="([\w-]+)">(.*?)</li>', box)]


def test_build_at_warning_lists_each_item_and_the_summary_box_puts_faults_first(tmp_path):
    """Raised to warning in the plugin's rules: a strict build fails and logs each item, and the
    page's summary box lists each; at info the box has one note for them all, below the
    checklist's own warning (an odd mark on a later line)."""
    config = project(tmp_path, EVIDENCE_FILES["pre-commit"], {"annotate": "always"})
    readme = tmp_path / "reports" / "README.md"
    text = readme.read_text(encoding="utf-8")
    last = text.rindex("* [ ]", 0, text.index("## Group information"))  # an unticked item after the ticked ones
    readme.write_text(text[:last] + "* [-]" + text[last + 5 :], encoding="utf-8")
    done = build(config, strict=True)
    assert done.returncode == 1  # the odd mark is a warning
    box = findings_in_summary(page(config))
    assert [(severity, rule) for severity, rule, _ in box] == [("warning", "checklist"), ("info", "checklist-evidence")]
    docker = item_lines("2026")["Write one or more Dockerfiles for the code (M10)"]
    assert box[1][2].startswith(f"checklist-evidence line {docker} 2 ticked items have no evidence in the repository (M10, M11).")

    readme.write_text(text, encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace(
        "annotate: always", "annotate: always\n    rules:\n      checklist-evidence: warning"), encoding="utf-8")
    done = build(config, strict=True)
    assert done.returncode == 1
    log = done.stderr + done.stdout
    warned = [line for line in log.splitlines() if "[checklist-evidence]" in line]
    assert [line.split("] ", 1)[1] for line in warned] == [
        "(warning) ticked 'Write one or more Dockerfiles for the code (M10)', but the repository has no Dockerfile "
        "(Dockerfile, *.dockerfile, dockerfiles/)",
        "(warning) ticked 'Load the configurations and hyperparameters with Hydra (M11)', but the repository has no "
        "Python file that imports hydra",
    ]
    assert all(line.startswith("WARNING -  ") for line in warned)
    box = findings_in_summary(page(config))
    assert [(severity, rule) for severity, rule, _ in box] == [("warning", "checklist-evidence")] * 2


def test_build_with_a_silenced_item_logs_the_other_and_still_marks_both(tmp_path):
    config = project(tmp_path, EVIDENCE_FILES["pre-commit"], {"annotate": "always"})
    edited(tmp_path / "reports" / "README.md", (f"* [x] {DOCKER}\n", f"* [x] {DOCKER} {IGNORE_EVIDENCE}\n"))
    done = build(config, strict=True)
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in (done.stderr + done.stdout).splitlines() if "[checklist-evidence]" in line]
    assert line.endswith("[checklist-evidence] (info) ticked 'Load the configurations and hyperparameters with Hydra (M11)', "
                         "but the repository has no Python file that imports hydra")
    html = page(config)
    # the marks are facts about the repository: the silenced item keeps its '?'
    assert [kind for kind, _ in MARK.findall(html)] == ["none", "none", "evidence", "not-checkable"]
    assert "exam-report: ignore" not in re.sub(r"<!--.*?-->", "", html)  # a comment, not shown
    assert [rule for _, rule, _ in findings_in_summary(html)] == ["checklist-evidence"]


def test_build_without_annotations_has_no_marks(tmp_path):
    config = project(tmp_path, {})
    done = build(config)
    assert done.returncode == 0, done.stderr
    assert "[checklist-evidence]" in done.stderr + done.stdout
    assert "exam-report-evidence" not in page(config)


# --- the teachers' summary columns (issue 17 section 2, issue 18) ------------------------------

COUNT_COLUMNS = ("dockerfiles", "workflow_files", "dvc_files", "cloudbuild_files", "test_files")


def test_summary_columns_with_and_without_the_evidence_and_without_a_repository(tmp_path):
    """The Dockerfile item of 2025 ticked alone: with a Dockerfile in the repository the CSV says
    1 Dockerfile and 0 unproven items; without one, 0 and 1; a report on its own (no repository
    folder) has empty cells, in the CSV, the table, Markdown, JSON and the course page."""
    spec = ReportSpec("2025", course_checklist=True, tick=(12,))
    assert entry_for(" ".join(COURSE_ITEMS["2025"][11].split())).name == "dockerfiles"
    make_repo(tmp_path / "course" / "g1", spec, {"Dockerfile": "FROM python:3.12-slim\n"})
    make_repo(tmp_path / "course" / "g2", spec)
    alone = tmp_path / "alone" / "group-report.md"
    alone.parent.mkdir()
    alone.write_text(build_report(spec), encoding="utf-8")
    paths = (str(tmp_path / "course" / "g1"), str(tmp_path / "course" / "g2"), str(alone))

    # rows sorted by path: the report on its own (errors: its figures are not there), g1, g2
    done = check(*paths, "--format", "csv")
    assert done.stderr == "" and done.returncode == 1
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    header = next(csv.reader(io.StringIO(done.stdout)))
    assert header[header.index("unproven"):] == ["unproven", *COUNT_COLUMNS, "reason"]
    assert [(row["unproven"], row["dockerfiles"]) for row in rows] == [("", ""), ("0", "1"), ("1", "0")]
    assert [row["workflow_files"] for row in rows] == ["", "0", "0"]

    table = check(*paths, "--format", "table").stdout.splitlines()
    assert table[0].split()[-7:] == ["unproven", "dockerfiles", "workflows", "dvc", "cloudbuild", "tests", "reason"]
    assert table[-1] == "3 paths: 2 without errors, 1 with errors, 1 with ticked items without evidence"
    markdown = check(*paths, "--format", "markdown").stdout.splitlines()
    assert [line.split("|")[-8:-1] for line in markdown[2:5]] == [
        ["  ", "  ", "  ", "  ", "  ", "  ", "  "],
        [" 0 ", " 1 ", " 0 ", " 0 ", " 0 ", " 0 ", "  "],
        [" 1 ", " 0 ", " 0 ", " 0 ", " 0 ", " 0 ", "  "],
    ]

    document = json.loads(check(*paths, "--format", "json").stdout)
    jsonschema.validate(document, SCHEMA)
    summaries = [report["summary"] for report in document["reports"]]
    assert [(s["unproven"], s["dockerfiles"], s["test_files"]) for s in summaries] == [(None, None, None), (0, 1, 0), (1, 0, 0)]

    page = Page(check(*paths, "--format", "html").stdout)
    headers = [cell["text"] for cell in page.head]
    at = headers.index("unpr.")
    assert [row["cells"][at]["text"] for row in page.rows] == ["", "0", "1"]
    # the item by its module tag, its entry of the evidence table and its line
    assert re.fullmatch(r"1 ticked item without evidence: M10 dockerfiles \(line \d+\)", page.rows[2]["cells"][at]["attrs"]["title"])
    assert page.totals["unproven"] == "1 with ticked items without evidence"
