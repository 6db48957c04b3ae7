"""The repository's files as evidence for ticked checklist items (repository.py, evidence.py).

Repositories are made here with real `git init` / `git add`; reports come from the factory in
course-like words (COURSE_ITEMS). The rule's findings from real CLI runs and builds are in
test_evidence_rule.py."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from mkdocs_exam_report import repository
from mkdocs_exam_report.editions import EDITIONS
from mkdocs_exam_report.evidence import (
    COUNTED,
    EVIDENCE,
    EVIDENCE_FOUND,
    NO_EVIDENCE,
    NOT_CHECKABLE,
    _importer,
    _searcher,
    imported,
    entry_for,
    judge,
    look_at,
    tags,
)
from mkdocs_exam_report.report import checklist_items, parse
from mkdocs_exam_report.repository import list_files, report_folder
from tests.factory import COURSE_ITEMS, ReportSpec, build_report, write_repo
from tests.test_seeds import SEEDS

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

# One file (our own content) that shows each checkable entry of the table.
EVIDENCE_FILES: dict[str, dict[str, str]] = {
    "data-code": {"src/proj/data.py": "def load():\n    return []\n"},
    "model-code": {"src/proj/model.py": "class Net:\n    pass\n"},
    "dependencies": {"requirements.txt": "torch\n"},
    "data-version-control": {"data.dvc": "outs:\n- path: data\n"},
    "command-line": {"tasks.py": "from invoke import task\n"},
    "image-build-trigger": {"cloudbuild.yaml": "steps: []\n"},
    "dockerfiles": {"dockerfiles/train.dockerfile": "FROM python:3.12-slim\n"},
    "hydra": {"src/proj/run.py": "import os\nimport hydra\n"},
    "configuration-files": {"configs/train.yaml": "lr: 0.1\n"},
    "profiling": {"src/proj/speed.py": "import cProfile\n"},
    "weights-and-biases": {"src/proj/track.py": "from wandb import init\n"},
    "sweep": {"configs/sweep.yaml": "method: bayes\n"},
    "logging": {"src/proj/log.py": "import logging\n"},
    "lightning": {"src/proj/lit.py": "import lightning as L\n"},
    "coverage": {".coveragerc": "[run]\nsource = src\n"},
    "unit-tests": {"tests/test_model.py": "def test_shape():\n    assert True\n"},
    "load-test": {"tests/locustfile.py": "from locust import HttpUser\n"},
    "api-tests": {"tests/test_api.py": "from fastapi.testclient import TestClient\n"},
    "ci-caching-matrix": {".github/workflows/tests.yml": "jobs:\n  test:\n    strategy:\n      matrix:\n        os: [ubuntu-latest]\n"},
    "ci-linting": {".github/workflows/lint.yml": "jobs:\n  lint:\n    steps:\n      - run: ruff check .\n"},
    "pre-commit": {".pre-commit-config.yaml": "repos: []\n"},
    "continuous-integration": {".github/workflows/ci.yml": "on: push\n"},
    "data-trigger": {".github/workflows/data.yml": "on:\n  push:\n    paths:\n      - 'data.dvc'\n"},
    "registry-trigger": {".github/workflows/stage.yml": "on:\n  repository_dispatch:\n    types: [staged]\n"},
    "bucket": {".dvc/config": "[core]\n    remote = store\n['remote \"store\"']\n    url = gs://our-bucket/data\n"},
    "cloud-training": {"jobs/train_job.yaml": "workerPoolSpecs:\n  machineSpec: {}\n"},
    "fastapi": {"src/proj/api.py": "from fastapi import FastAPI\n"},
    "torchserve": {"serve/net.mar": "archive\n"},
    "cloud-deployment": {"deploy.sh": "gcloud run deploy api --source .\n"},
    "onnx-bentoml": {"src/proj/export.py": "import onnx\n"},
    "frontend": {"src/proj/ui.py": "import streamlit as st\n"},
    "drift": {"src/proj/drift.py": "from evidently.report import Report\n"},
    "system-metrics": {"src/proj/metrics.py": "from prometheus_client import Counter\n"},
    "distributed-data-loading": {"src/proj/loader.py": "loader = DataLoader(data, num_workers=4)\n"},
    "distributed-training": {"src/proj/ddp.py": "from torch.nn.parallel import DistributedDataParallel\n"},
    "quantization": {"src/proj/small.py": "model = torch.compile(model)\n"},
    "pages": {".github/workflows/docs.yml": "jobs:\n  docs:\n    steps:\n      - run: mkdocs gh-deploy --force\n"},
    "documentation": {"mkdocs.yml": "site_name: Project\n"},
}


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def make_repo(folder: Path, spec: ReportSpec, files: dict[str, str | bytes] | None = None, track: bool = True) -> Path:
    """folder/reports/README.md of ``spec`` and ``files``; a git repository with all of them
    added unless ``track`` is False (then no git at all). Returns the report's path."""
    readme = write_repo(folder, spec)
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if track:
        git(folder, "init", "-q")
        git(folder, "add", "-A")
    return readme


def evidence_of(readme: Path):
    return look_at(parse(readme.read_text(encoding="utf-8")), readme, readme.parent, repository.repository_root(readme))


def test_every_entry_is_whole_and_has_a_fixture():
    names = [entry.name for entry in EVIDENCE]
    assert len(names) == len(set(names))
    for entry in EVIDENCE:
        # the git entry is found (.git) or not checkable (no .git here): it says why, never what is missing
        assert entry.words and (entry.looked_for if entry.checkable and not entry.git else entry.why), entry.name
    checkable = {entry.name for entry in EVIDENCE if entry.checkable} - {"git-repository"}
    assert checkable == set(EVIDENCE_FILES)


@pytest.mark.parametrize("edition", sorted(EDITIONS))
def test_every_item_of_each_edition_has_an_entry(edition):
    items = list(checklist_items(parse(build_report(ReportSpec(edition, course_checklist=True, ticked=99)))))
    assert len(items) == EDITIONS[edition].checklist_total
    assert [entry_for(item.text) is not None for item in items] == [True] * len(items)
    if edition == "2023":  # no module tags: words alone, the first entry in order
        assert not any(tags(item.text) for item in items)


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS}")
def test_the_seeds_items_have_the_entries_of_the_same_items_in_our_words():
    """The real reports' wording (2025 and 2026) and ours go to the same entries, item by item."""
    seeds = sorted(SEEDS.glob("0*.txt"))
    assert seeds
    for seed in seeds:
        items = [item.text for item in checklist_items(parse(seed.read_text(encoding="utf-8")))]
        ours = next(words for words in COURSE_ITEMS.values() if len(words) == len(items))
        assert [entry_for(text).name for text in items] == [entry_for(" ".join(text.split())).name for text in ours], seed.name


def test_every_pattern_of_the_table_compiles():
    """The table's patterns are compiled when first used, not at import: each must compile."""
    for entry in EVIDENCE:
        re.compile(entry.words, re.IGNORECASE)
        if entry.text:
            re.compile(entry.text, re.IGNORECASE)
        if entry.imports:
            assert _importer(entry.imports)(f"import {entry.imports[0]}\n"), entry.name
        # ASCII text is matched lower-cased with the pattern lower-cased (entry_for, _searcher):
        # exact only while no pattern has an upper-case escape (\S, \W, \D, \B ...)
        for pattern in (entry.words, entry.text or ""):
            assert not re.search(r"\\[A-Z]", pattern), entry.name


def test_case_is_ignored_in_ascii_and_other_text_alike(tmp_path):
    """Items and files in capitals, ASCII or not, match as in lower case; a file or item
    without the words does not."""
    assert entry_for("SETUP CLOUD MONITORING OF YOUR INSTRUMENTED APPLICATION (M28)").name == "cloud-monitoring"
    assert entry_for("Überwache die Anwendung: MONITORING (M28)").name == "cloud-monitoring"
    assert entry_for("USE A CLI FOR THE PROJECT (M9)").name == "command-line"
    assert entry_for("Überlege eine CLIQUE (M9)") is None  # \bcli\b: a whole word only
    assert entry_for("Use a ſweep (M14)").name == "sweep"  # re's own case folding of non-ASCII text kept
    assert _searcher("prometheus")("ſcrape: prometheus_client") and not _searcher("prometheus")("Über: nichts")
    found = statuses(tmp_path / "found", {
        "src/proj/ascii.py": "X = 1\n# PROMETHEUS SCRAPES THIS\n",
        "src/proj/ddp.py": "# Über die Daten\nfrom torch.nn.parallel import DISTRIBUTEDDATAPARALLEL\n",
    })
    assert found["system-metrics"] == (EVIDENCE_FOUND, "src/proj/ascii.py")
    assert found["distributed-training"] == (EVIDENCE_FOUND, "src/proj/ddp.py")
    none = statuses(tmp_path / "none", {"src/proj/ascii.py": "X = 1\n", "src/proj/ddp.py": "# Über die Daten\nY = 2\n"})
    assert none["system-metrics"] == none["distributed-training"] == (NO_EVIDENCE, None)


@pytest.mark.parametrize(
    ("code", "modules"),
    [
        ("import hydra\n", {"hydra"}),
        ("from hydra.core import cfg\n", {"hydra"}),
        ("import os, hydra.utils as hu, wandb\n", {"os", "hydra"}),  # a list is read up to its first 'as'
        ("  import torch\n", {"torch"}),
        ('    "import streamlit as st\\n",\n', {"streamlit"}),  # a notebook's JSON
        ("from . import data\n", set()),
        ("import numpy as np, hydra\n", {"numpy"}),
        ("importlib.import_module('hydra')\n# import hydra_core\nx = 1  # from hydra import a\n", set()),
        ("from hydra_zen import builds\nimport lightning_fabric\n", {"hydra_zen", "lightning_fabric"}),
    ],
)
def test_imported_reads_the_top_level_modules(code, modules):
    assert imported(code) == modules
    names = ("hydra",)
    assert _importer(names)(code) == ("hydra" in modules)


def test_tags_read_one_or_more_modules():
    assert tags("Keep the dependency files in step (M2+M6)") == {"M2", "M6"}
    assert tags("Use PyTorch Lightning (M15) [we used another library]") == {"M15"}
    assert tags("Have all of the code on GitHub") == set()
    # a tag keeps an item from another module's entry that shares its words
    assert entry_for("Build the Docker images automatically with a trigger (M21)").name == "image-build-trigger"
    assert entry_for("Write one or more Dockerfiles for the code (M10)").name == "dockerfiles"
    assert entry_for("Write one or more Dockerfiles for the code (M99)") is None


@pytest.mark.parametrize("edition", sorted(EDITIONS))
def test_each_entry_both_ways(tmp_path, edition):
    """An empty repository: every ticked checkable item is `none`, naming what was looked for;
    with one entry's file: that entry's items have evidence, naming the file."""
    spec = ReportSpec(edition, course_checklist=True, ticked=99)
    empty = evidence_of(make_repo(tmp_path / "empty", spec))
    by_line = {item.line: item for item in empty.items}
    assert len(empty.items) == EDITIONS[edition].checklist_total
    for item in empty.items:
        entry = next(e for e in EVIDENCE if e.name == item.entry)
        if entry.name == "git-repository":
            assert item.status == EVIDENCE_FOUND and item.file == ".git"
        elif entry.checkable:
            assert (item.status, item.looked_for) == (NO_EVIDENCE, entry.looked_for), item
        else:
            assert (item.status, item.why) == (NOT_CHECKABLE, entry.why)
    judged = {item.entry for item in empty.items}
    for name, files in EVIDENCE_FILES.items():
        if name not in judged:  # e.g. torchserve is a 2023 item, input collection 2026's
            continue
        shown = evidence_of(make_repo(tmp_path / name, spec, files))
        mine = [item for item in shown.items if item.entry == name]
        assert mine and all((i.status, i.file) == (EVIDENCE_FOUND, next(iter(files))) for i in mine), (name, mine)
        # the other entries stay as they were in the empty repository, or found by the same file
        for item in shown.items:
            if item.entry != name and item.status != by_line[item.line].status:
                assert item.file == next(iter(files)), (name, item)


def test_a_folder_that_is_not_a_git_repository_is_walked(tmp_path):
    spec = ReportSpec("2026", course_checklist=True, ticked=99)
    readme = make_repo(tmp_path, spec, {**EVIDENCE_FILES["pre-commit"], **EVIDENCE_FILES["hydra"]}, track=False)
    found = evidence_of(readme)
    assert found.folder == str(tmp_path) and not found.git and found.note is None
    status = {item.entry: (item.status, item.file or item.looked_for) for item in found.items}
    # a downloaded copy (a ZIP) has no .git: whether the group used git cannot be seen, not denied
    git_item = next(item for item in found.items if item.entry == "git-repository")
    assert (git_item.status, git_item.looked_for) == (NOT_CHECKABLE, None)
    assert git_item.why.startswith("the folder is not a git repository here")
    assert status["pre-commit"] == (EVIDENCE_FOUND, ".pre-commit-config.yaml")
    assert status["hydra"] == (EVIDENCE_FOUND, "src/proj/run.py")


def statuses(tmp_path: Path, files: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    """Each entry's (status, file) for a 2026 report with every item ticked, in a git repository
    of ``files``."""
    readme = make_repo(tmp_path, ReportSpec("2026", course_checklist=True, ticked=99), files)
    return {item.entry: (item.status, item.file) for item in evidence_of(readme).items}


CLOUD_BUILD_INLINE = """steps:
  - name: 'gcr.io/cloud-builders/docker'
    args: ['build', '-t', 'europe-docker.pkg.dev/$PROJECT_ID/repo/api', '.']
  - name: 'gcr.io/cloud-builders/gcloud'
    args: ['run', 'deploy', 'api', '--image', 'europe-docker.pkg.dev/$PROJECT_ID/repo/api']
"""
CLOUD_BUILD_LINES = """steps:
- name: gcr.io/cloud-builders/gcloud
  entrypoint: gcloud
  args:
  - beta
  - run
  - deploy
  - api
"""
CLOUD_BUILD_ONLY_BUILDS = """steps:
- name: gcr.io/cloud-builders/docker
  args: ['build', '-t', 'europe-docker.pkg.dev/$PROJECT_ID/repo/api', '.']
- name: gcr.io/cloud-builders/docker
  args:
  - push
  - europe-docker.pkg.dev/$PROJECT_ID/repo/api
- name: gcr.io/cloud-builders/gcloud
  args: ['storage', 'cp', 'model.pt', 'gs://our-bucket/']
"""


@pytest.mark.parametrize("content", [CLOUD_BUILD_INLINE, CLOUD_BUILD_LINES], ids=["inline-list", "one-a-line"])
def test_cloud_run_deploy_in_cloud_build_list_form_is_evidence(tmp_path, content):
    assert statuses(tmp_path, {"cloudbuild.yaml": content})["cloud-deployment"] == (EVIDENCE_FOUND, "cloudbuild.yaml")


def test_a_cloud_build_that_only_builds_and_pushes_is_no_deployment(tmp_path):
    assert statuses(tmp_path, {"cloudbuild.yaml": CLOUD_BUILD_ONLY_BUILDS})["cloud-deployment"] == (NO_EVIDENCE, None)


@pytest.mark.parametrize("module", ["pytorch_lightning.loggers", "lightning.pytorch.loggers"])
def test_weights_and_biases_through_lightnings_logger_is_evidence(tmp_path, module):
    code = f"from {module} import WandbLogger\n\nlogger = WandbLogger(project='proj')\n"
    found = statuses(tmp_path, {"src/proj/train.py": code})
    assert found["weights-and-biases"] == (EVIDENCE_FOUND, "src/proj/train.py")
    other = f"from {module} import TensorBoardLogger\n\nlogger = TensorBoardLogger('logs')\n"
    assert statuses(tmp_path / "other", {"src/proj/train.py": other})["weights-and-biases"] == (NO_EVIDENCE, None)


def test_the_walk_skips_hidden_folders_environments_and_caches_but_not_github_and_dvc(tmp_path):
    files = {
        ".venv/Dockerfile": "FROM x\n", "env/pyvenv.cfg": "home = /usr\n", "env/lib/Dockerfile": "FROM x\n",
        "conda/conda-meta/history": "", "conda/Dockerfile": "FROM x\n", "node_modules/a/Dockerfile": "FROM x\n",
        "src/__pycache__/Dockerfile": "", ".cache/Dockerfile": "", ".github/workflows/ci.yml": "on: push\n",
        ".dvc/config": "[core]\n", "src/app.py": "print(1)\n",
        "docs/site/sitemap.xml.gz": "", "docs/site/search/search_index.json": '{"text": "import hydra"}',
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    listing = list_files(tmp_path)
    assert listing.paths == (".dvc/config", ".github/workflows/ci.yml", "src/app.py")
    assert not listing.git and not listing.truncated


def test_only_files_git_tracks_count(tmp_path):
    spec = ReportSpec("2026", course_checklist=True, ticked=99)
    readme = make_repo(tmp_path, spec, {".gitignore": "Dockerfile\n*.log\n"})
    (tmp_path / "Dockerfile").write_text("FROM x\n", encoding="utf-8")  # ignored
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")  # untracked
    found = evidence_of(readme)
    assert found.git
    assert "Dockerfile" not in list_files(tmp_path).paths
    status = {item.entry: (item.status, item.untracked) for item in found.items}
    assert status["dockerfiles"] == (NO_EVIDENCE, "Dockerfile")
    assert status["pre-commit"] == (NO_EVIDENCE, ".pre-commit-config.yaml")
    assert status["hydra"] == (NO_EVIDENCE, None)  # nothing of it in the folder at all
    git(tmp_path, "add", ".pre-commit-config.yaml")
    status = {item.entry: (item.status, item.untracked) for item in evidence_of(readme).items}
    assert status["pre-commit"] == (EVIDENCE_FOUND, None)


def test_the_report_folder_is_never_evidence(tmp_path):
    """reports/ holds the course's template and its checker (which imports typer) and the
    figures: none of it is the group's work."""
    spec = ReportSpec("2026", course_checklist=True, ticked=99)
    readme = make_repo(tmp_path, spec, {"reports/report.py": "import typer\nimport hydra\n",
                                         "reports/Dockerfile": "FROM x\n"})
    status = {item.entry: item.status for item in evidence_of(readme).items}
    assert status["command-line"] == status["hydra"] == status["dockerfiles"] == NO_EVIDENCE


def test_a_report_on_its_own_has_no_repository(tmp_path):
    report = tmp_path / "group-report.md"
    report.write_text(build_report(ReportSpec("2026", course_checklist=True, ticked=99)), encoding="utf-8")
    assert report_folder(tmp_path, repository.repository_root(report)) is None
    assert evidence_of(report) is None
    assert look_at(parse(report.read_text(encoding="utf-8")), report, None, None) is None


def test_unticked_items_are_not_judged(tmp_path):
    spec = ReportSpec("2026", course_checklist=True, tick=(27,))  # the pre-commit item only
    found = evidence_of(make_repo(tmp_path, spec))
    assert [(item.entry, item.status) for item in found.items] == [("pre-commit", NO_EVIDENCE)]
    assert "pre-commit" in COURSE_ITEMS["2026"][26]


# --- hostile repositories ---


def test_symbolic_links_out_of_the_repository_and_loops_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Dockerfile").write_text("FROM x\n", encoding="utf-8")
    (outside / "secret.py").write_text("import hydra\n", encoding="utf-8")
    for track in (False, True):
        repo = tmp_path / f"repo-{track}"
        readme = make_repo(repo, ReportSpec("2026", course_checklist=True, ticked=99), track=False)
        (repo / "Dockerfile").symlink_to(outside / "Dockerfile")
        (repo / "tools").symlink_to(outside, target_is_directory=True)
        (repo / "loop").symlink_to(repo, target_is_directory=True)
        (repo / "a").symlink_to(repo / "b")
        (repo / "b").symlink_to(repo / "a")
        (repo / "src").mkdir()
        (repo / "src" / "train.py").write_text("import wandb\n", encoding="utf-8")
        (repo / "src" / "again.py").symlink_to(repo / "src" / "train.py")  # inside: counts
        if track:
            git(repo, "init", "-q")
            git(repo, "add", "-A")
        listing = list_files(repo)
        assert listing.git is track
        assert "Dockerfile" not in listing.paths and not any(p.startswith(("tools", "loop", "a", "b")) for p in listing.paths)
        assert "src/again.py" in listing.paths
        status = {item.entry: (item.status, item.file) for item in evidence_of(readme).items}
        assert status["dockerfiles"] == (NO_EVIDENCE, None) and status["hydra"] == (NO_EVIDENCE, None)
        assert status["weights-and-biases"] == (EVIDENCE_FOUND, "src/again.py")


def test_binary_and_huge_files_are_not_read(tmp_path):
    spec = ReportSpec("2026", course_checklist=True, ticked=99)
    files = {
        "src/packed.py": b"import hydra\n\x00\x01\x02",  # a NUL byte: binary
        "src/big.py": b"import wandb\n" + b"# padding\n" * 5_000_000,  # 50 MB
        "src/ok.py": b"import logging\n\xff\xfe not UTF-8 but text\n",
    }
    readme = make_repo(tmp_path, spec, files)
    listing = list_files(tmp_path)
    assert {"src/packed.py", "src/big.py", "src/ok.py"} <= set(listing.paths)
    assert listing.read_text("src/packed.py") is None and listing.read_text("src/big.py") is None
    status = {item.entry: (item.status, item.file) for item in evidence_of(readme).items}
    assert status["hydra"] == (NO_EVIDENCE, None) and status["weights-and-biases"] == (NO_EVIDENCE, None)
    assert status["logging"] == (EVIDENCE_FOUND, "src/ok.py")


@pytest.mark.parametrize("track", [False, True])
def test_a_bounded_number_of_files_and_the_result_says_so(tmp_path, track):
    spec = ReportSpec("2026", course_checklist=True, ticked=99)
    readme = make_repo(tmp_path, spec, {f"data/part-{k:04d}.csv": "1\n" for k in range(300)}, track=track)
    listing = list_files(tmp_path, max_files=100)
    assert len(listing.paths) == 100 and listing.truncated
    assert listing.note == "over 100 files: only the first 100 were looked at"
    found = judge(parse(readme.read_text(encoding="utf-8")), listing)
    assert found.truncated and found.note == listing.note


def test_without_git_the_folder_is_walked_and_the_note_says_why(tmp_path, monkeypatch):
    spec = ReportSpec("2026", course_checklist=True, ticked=99)
    make_repo(tmp_path, spec, {".gitignore": "*.log\n"})
    (tmp_path / "run.log").write_text("x\n", encoding="utf-8")
    monkeypatch.setattr(repository.shutil, "which", lambda name: None)
    listing = list_files(tmp_path)
    assert not listing.git and "run.log" in listing.paths
    assert listing.note == "git is not installed, so every file of the folder counts, ignored ones too"


def test_a_broken_git_repository_falls_back_to_the_walk(tmp_path):
    spec = ReportSpec("2026", course_checklist=True, ticked=99)
    make_repo(tmp_path, spec, {"Dockerfile": "FROM x\n"}, track=False)
    (tmp_path / ".git").write_text("gitdir: /nonexistent/elsewhere\n", encoding="utf-8")
    listing = list_files(tmp_path)
    assert not listing.git and "Dockerfile" in listing.paths
    assert listing.note.startswith("git ls-files failed (fatal: not a git repository")


def test_counts_of_the_course_statistics(tmp_path):
    files = {"Dockerfile": "FROM x\n", "dockerfiles/api.dockerfile": "FROM x\n", ".github/workflows/a.yml": "on: push\n",
             ".github/workflows/b.yaml": "on: push\n", "data.dvc": "outs: []\n", ".dvc/config": "[core]\n",
             "cloudbuild.yaml": "steps: []\n", "tests/test_a.py": "", "tests/b_test.py": "", "tests/conftest.py": "",
             "requirements.txt": "", "requirements_dev.txt": "", "reports/report.py": "import typer\n"}
    readme = make_repo(tmp_path, ReportSpec("2026"), files)
    counts = evidence_of(readme).counts
    assert set(counts) == set(COUNTED)
    assert counts == {"dockerfiles": 2, "workflow_files": 2, "dvc_files": 2, "cloudbuild_files": 1, "test_files": 2,
                      "requirements_files": 2, "python_files": 3}
