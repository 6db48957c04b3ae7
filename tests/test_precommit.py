"""The pre-commit hook (.pre-commit-hooks.yaml) as a student's repository uses it: pre-commit
builds a virtualenv, pip-installs this package from a git repository and runs
``exam-report check`` when something under ``reports/`` is committed.

``pre-commit try-repo`` takes a repository's HEAD plus its *tracked* uncommitted changes; files
not yet added to git would be missing. So the hook is tried on a snapshot of this working tree
(package, pyproject, hook file) committed to a scratch repository: the test always exercises the
code and hook definition on disk. Each try builds a fresh environment (a few seconds each)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factory import ReportSpec, write_repo

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "exam-report tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "exam-report tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def commit_all(folder: Path) -> str:
    if not (folder / ".git").exists():
        git("init", "-q", cwd=folder)
    git("add", "-A", cwd=folder)
    git("commit", "-q", "--no-gpg-sign", "-m", "snapshot", cwd=folder)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, snapshot / name)
    shutil.copytree(
        ROOT / "mkdocs_exam_report",
        snapshot / "mkdocs_exam_report",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    return snapshot, commit_all(snapshot)


@pytest.fixture()
def env(tmp_path):
    return {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}


def pre_commit(*args, cwd, env):
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def student_repo(path: Path, spec: ReportSpec) -> Path:
    path.mkdir()
    write_repo(path, spec, figures=True)
    (path / "src").mkdir(exist_ok=True)
    (path / "src" / "train.py").write_text("print('training')\n", encoding="utf-8")
    commit_all(path)
    return path


def test_hook_manifest_is_what_the_docs_promise():
    import yaml  # pre-commit depends on PyYAML

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "exam-report"
    assert hook["entry"] == "exam-report check --strict"
    assert hook["language"] == "python"
    assert hook["files"] == "^reports/"
    assert hook["pass_filenames"] is False
    from pre_commit.clientlib import load_manifest

    assert load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))[0]["id"] == "exam-report"


def test_try_repo_passes_a_clean_report(hook_repo, tmp_path, env):
    repo, _ = hook_repo
    student = student_repo(tmp_path / "student", ReportSpec(edition="2026"))
    proc = pre_commit("try-repo", str(repo), "exam-report", "--files", "reports/README.md", cwd=student, env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "exam report (DTU 02476 MLOps)" in output and "Passed" in output


def test_try_repo_fails_a_broken_report(hook_repo, tmp_path, env):
    repo, _ = hook_repo
    spec = ReportSpec(edition="2025")
    spec.answers[5] = "short"
    spec.placeholder(12)
    student = student_repo(tmp_path / "student", spec)
    proc = pre_commit("try-repo", str(repo), "exam-report", "--files", "reports/README.md", cwd=student, env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Failed" in output
    assert "reports/README.md:" in output and "[words]" in output and "[placeholder]" in output


def test_hook_runs_for_a_figure_and_skips_other_files(hook_repo, tmp_path, env):
    """With a normal config (one environment for both runs): a new screenshot under reports/
    runs the check on the whole report; a change elsewhere does not run it."""
    repo, rev = hook_repo
    spec = ReportSpec(edition="2026")
    spec.answers[5] = "short"
    student = student_repo(tmp_path / "student", spec)
    (student / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: exam-report\n", encoding="utf-8"
    )
    figure = next((student / "reports" / "figures").iterdir())
    proc = pre_commit("run", "--files", str(figure.relative_to(student)), cwd=student, env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "[words]" in output, output

    proc = pre_commit("run", "--files", "src/train.py", cwd=student, env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "Skipped" in output, output
