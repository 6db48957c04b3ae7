"""checklist-evidence for a project folder below the top of its git repository (a monorepo, the
example inside this repository): the files tools read only at the git top (evidence.ROOT_ONLY:
workflows, pre-commit, .dvc/config ...) count when git tracks them there; everything else only
in the project folder. Real git repositories, real CLI runs and real builds (issue 17)."""

from __future__ import annotations

import json
import os
from html import unescape
from pathlib import Path

from mkdocs_exam_report import repository
from mkdocs_exam_report.evidence import EVIDENCE, ROOT_ONLY
from tests.factory import ReportSpec, write_repo
from tests.test_evidence import evidence_of, git
from tests.test_evidence_rule import MARK, check, evidence_findings
from tests.test_plugin import build, make_project, page

# Items of 2026: a git repository, data under version control, Dockerfiles, unit tests, CI, linting in CI,
# pre-commit, the GCP bucket.
TICKED = (1, 10, 12, 21, 24, 26, 27, 30)
SPEC = ReportSpec("2026", course_checklist=True, tick=TICKED)
# Files at the top of the git repository: read there by GitHub, pre-commit and DVC ...
ROOT_FILES = {
    ".github/workflows/ci.yml": "on: push\njobs:\n  lint:\n    steps:\n      - run: ruff check .\n",
    ".pre-commit-config.yaml": "repos: []\n",
    ".dvc/config": "['remote \"store\"']\n    url = gs://our-bucket/data\n",
}
# ... and files that would count in the project folder but not at the top of a monorepo.
OTHER_TOP_FILES = {"Dockerfile": "FROM python:3.12-slim\n", "tests/test_top.py": "def test_top():\n    assert True\n"}


def write(folder: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, encoding="utf-8")


def monorepo(top: Path, files: dict[str, str], spec: ReportSpec = SPEC, project: str = "mlops-project") -> Path:
    """top/ a git repository holding ``files`` and the project top/<project>/reports/README.md,
    every file added. Returns the project folder."""
    write_repo(top / project, spec)
    write(top, files)
    git(top, "init", "-q")
    git(top, "add", "-A")
    return top / project


def by_entry(folder: Path) -> dict:
    done = check(str(folder), "--format", "json")
    evidence = json.loads(done.stdout)["reports"][0]["checklist"]["evidence"]
    return {item["entry"]: item for item in evidence["items"]} | {"": evidence}


def entries_found(folder: Path) -> set[str]:
    names = {e.looked_for: e.name for e in EVIDENCE if e.looked_for}
    # at warning each item is its own finding (at info several are one)
    return {names[m["what"]] for m in evidence_findings(check(str(folder), "--rule", "checklist-evidence=warning").stdout)}


def test_root_only_files_at_the_git_top_count_and_are_named(tmp_path):
    folder = monorepo(tmp_path / "team-repo", {**ROOT_FILES, **OTHER_TOP_FILES})
    # only the Dockerfile and the tests, which count in the project folder alone, are missing
    assert entries_found(folder) == {"dockerfiles", "unit-tests"}
    items = by_entry(folder)
    assert items["git-repository"]["file"] == "../.git"
    assert {name: items[name]["file"] for name in ("data-version-control", "continuous-integration", "ci-linting",
                                                   "pre-commit", "bucket")} == {
        "data-version-control": "../.dvc/config",
        "continuous-integration": "../.github/workflows/ci.yml",
        "ci-linting": "../.github/workflows/ci.yml",
        "pre-commit": "../.pre-commit-config.yaml",
        "bucket": "../.dvc/config",
    }
    assert items[""]["counts"]["workflow_files"] == 1 and items[""]["counts"]["dvc_files"] == 1
    assert items[""]["counts"]["dockerfiles"] == 0 and items[""]["counts"]["test_files"] == 0
    assert items[""]["note"] is None


def test_without_them_the_monorepo_project_gets_the_findings(tmp_path):
    folder = monorepo(tmp_path / "team-repo", OTHER_TOP_FILES)
    assert entries_found(folder) == {"data-version-control", "dockerfiles", "unit-tests", "continuous-integration",
                                     "ci-linting", "pre-commit", "bucket"}
    assert by_entry(folder)[""]["counts"]["workflow_files"] == 0


def test_a_project_at_its_own_git_top_is_unchanged(tmp_path):
    """The same files in the project folder, which is its git top: named without '../'; an outer
    folder's (even an outer git repository's) root files do not count for a project cloned
    inside it with its own .git (a teacher's course folder of clones)."""
    course = tmp_path / "course"
    write(course, ROOT_FILES)
    git(course, "init", "-q")
    git(course, "add", "-A")
    with_files = course / "group-1"
    write_repo(with_files, SPEC)
    write(with_files, {**ROOT_FILES, **OTHER_TOP_FILES})
    git(with_files, "init", "-q")
    git(with_files, "add", "-A")
    assert entries_found(with_files) == set()
    assert by_entry(with_files)["pre-commit"]["file"] == ".pre-commit-config.yaml"
    assert by_entry(with_files)["git-repository"]["file"] == ".git"
    bare = course / "group-2"
    write_repo(bare, SPEC)
    git(bare, "init", "-q")
    git(bare, "add", "-A")
    assert repository.git_top(bare) is None and repository.top_files(bare, ROOT_ONLY) is None
    assert "pre-commit" in entries_found(bare) and "continuous-integration" in entries_found(bare)


def test_without_git_nothing_above_the_folder_counts(tmp_path):
    """A downloaded copy: the folder is walked, and the files above it are not the group's."""
    write(tmp_path, ROOT_FILES)
    folder = tmp_path / "mlops-project"
    write_repo(folder, SPEC)
    assert not repository.in_git(str(folder))
    assert entries_found(folder) == {"data-version-control", "dockerfiles", "unit-tests", "continuous-integration",
                                     "ci-linting", "pre-commit", "bucket"}


def test_a_git_repository_of_many_groups_counts_its_top_for_none(tmp_path):
    """A course's folder committed as one git repository: the top's workflows are the course's
    (or one group's), so they count for no group, and the JSON's note says why."""
    course = tmp_path / "course"
    write_repo(course / "group-2", SPEC)
    g1 = monorepo(course, ROOT_FILES, project="group-1")
    assert "pre-commit" in entries_found(g1) and "continuous-integration" in entries_found(g1)
    note = by_entry(g1)[""]["note"]
    assert note.startswith("the git repository above the folder also holds other projects' reports "
                           "(../group-2/reports/README.md), so the files at its top (../.dvc/config, ")
    assert by_entry(course / "group-2")[""]["counts"]["workflow_files"] == 0


def test_an_untracked_file_at_the_top_is_named(tmp_path):
    folder = monorepo(tmp_path / "team-repo", ROOT_FILES)
    git(tmp_path / "team-repo", "rm", "-q", "--cached", ".pre-commit-config.yaml")
    done = check(str(folder), "--rule", "checklist-evidence=warning")
    line = next(line for line in done.stdout.splitlines() if "pre-commit hooks" in line)
    assert line.endswith("but ../.pre-commit-config.yaml exists but git does not track it (commit it)")


def test_a_link_out_of_the_top_does_not_count(tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("repos: []\n", encoding="utf-8")
    top = tmp_path / "team-repo"
    top.mkdir()
    os.symlink(outside, top / ".pre-commit-config.yaml")
    folder = monorepo(top, {".github/workflows/ci.yml": ROOT_FILES[".github/workflows/ci.yml"]})
    listed = repository.top_files(folder, ROOT_ONLY)
    assert listed.listing.paths == (".github/workflows/ci.yml",) and listed.others == ()
    assert "pre-commit" in entries_found(folder)


def test_only_the_root_only_files_are_listed_at_the_top(tmp_path):
    """git ls-files with the patterns as pathspecs: a workflow in a subfolder of workflows/, a
    pre-commit file below the top and the top's other files are not listed."""
    files = {**ROOT_FILES, **OTHER_TOP_FILES, ".github/workflows/old/ci.yml": "on: push\n",
             "lib/.pre-commit-config.yaml": "repos: []\n"}
    folder = monorepo(tmp_path / "team-repo", files)
    listed = repository.top_files(folder, ROOT_ONLY)
    assert listed.listing.folder == str(tmp_path / "team-repo") and listed.listing.git
    assert listed.listing.paths == (".dvc/config", ".github/workflows/ci.yml", ".pre-commit-config.yaml")
    assert evidence_of(folder / "reports" / "README.md").counts["workflow_files"] == 1


def test_build_in_the_course_layout_of_a_monorepo(tmp_path):
    """A real mkdocs build of the project's docs/mkdocs.yaml (docs_dir: source, the report in
    reports/), the project a folder of a larger git repository: silent on the pre-commit item
    with the file at the top, whose mark names it; found without it."""
    spec = ReportSpec("2026", course_checklist=True, tick=(12, 27))
    for name, files in (("with", ROOT_FILES), ("without", {})):
        top = tmp_path / name
        config = make_project(top / "mlops-project", spec, options={"annotate": "always"})
        write(top, files)
        git(top, "init", "-q")
        git(top, "add", "-A")
        done = build(config, strict=True)
        assert done.returncode == 0, done.stderr
        log = done.stderr + done.stdout
        marks = [(kind, unescape(title)) for kind, title in MARK.findall(page(config))]
        if name == "with":
            assert "[checklist-evidence] (info) ticked 'Write one or more Dockerfiles for the code (M10)'" in log
            assert "pre-commit" not in log
            assert marks[1] == ("evidence", "evidence at the top of the git repository: ../.pre-commit-config.yaml")
        else:  # both items without evidence: one note for the two at info, each marked on the page
            assert "[checklist-evidence] (info) 2 ticked items have no evidence in the repository (M10, M18)." in log
            assert marks[1] == ("none", "no evidence in the repository: it has no .pre-commit-config.yaml")
