"""Installs that work: the install commands of docs/ci.md, each run as written in a fresh virtual
environment (``python -m venv``, without the system's packages; dependencies from PyPI), and the
installed command line and plugin then used from a folder outside any source tree, with no
PYTHONPATH: ``sys.path`` holds the environment only.

The project's GitHub address in a command is replaced by a scratch repository holding this
working tree (tests/test_docs.py's ``released``), as pip would clone the real one."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mkdocs_exam_report import __version__
from tests.factory import ReportSpec
from tests.test_docs import course_repo, git, install_commands, local, released, warnings_only  # noqa: F401 - fixture
from tests.test_plugin import make_project

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX virtual environment layout")


def fresh_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, capture_output=True, timeout=300)
    assert "include-system-site-packages = false" in (path / "pyvenv.cfg").read_text()
    return path / "bin"


def in_venv(bin_dir: Path, command: str, cwd: Path) -> subprocess.CompletedProcess:
    """``command`` through bash with the environment activated and no source tree on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(PATH=os.pathsep.join([str(bin_dir), env.get("PATH", "")]), VIRTUAL_ENV=str(bin_dir.parent), PIP_DISABLE_PIP_VERSION_CHECK="1")
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=900, env=env)


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def uses_the_installed_package(bin_dir: Path, cwd: Path) -> None:
    probe = "import mkdocs_exam_report, sys; print(mkdocs_exam_report.__file__); print(*sys.path, sep='\\n')"
    lines = ok(in_venv(bin_dir, f'python -c "{probe}"', cwd)).stdout.splitlines()
    venv = str(bin_dir.parent)
    assert lines[0].startswith(venv) and "site-packages" in lines[0], lines[0]
    root = str(Path(__file__).resolve().parents[1])
    assert not any(entry.startswith(root) for entry in lines[1:] if entry), lines
    assert ok(in_venv(bin_dir, "exam-report --version", cwd)).stdout.strip() == f"exam-report {__version__}"


def test_built_wheel_in_a_fresh_venv(tmp_path, released):  # noqa: F811 - the fixture
    """`python -m build` makes the sdist and the wheel the docs name; the wheel, installed alone,
    gives a working command line and plugin."""
    (command,) = [c for c in install_commands() if c.startswith("python -m build")]
    wheel = f"mkdocs_exam_report-{__version__}-py3-none-any.whl"
    assert f"dist/{wheel}" in command
    checkout = tmp_path / "checkout"
    git("clone", "-q", str(released), str(checkout), cwd=tmp_path)
    bin_dir = fresh_venv(tmp_path / "venv")
    ok(in_venv(bin_dir, "python -m pip install build", checkout))  # as docs/ci.md says, first
    ok(in_venv(bin_dir, command, checkout))
    assert sorted(p.name for p in (checkout / "dist").iterdir()) == sorted([wheel, f"mkdocs_exam_report-{__version__}.tar.gz"])
    with zipfile.ZipFile(checkout / "dist" / wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(f"mkdocs_exam_report-{__version__}.dist-info/METADATA").decode()
        entry_points = archive.read(f"mkdocs_exam_report-{__version__}.dist-info/entry_points.txt").decode()
    assert "mkdocs_exam_report/assets/exam-report.css" in names
    assert f"Version: {__version__}" in metadata
    assert "Requires-Dist: mkdocs>=1.5" in metadata and "Requires-Dist: pyyaml" in metadata
    assert "exam-report = mkdocs_exam_report.cli:main" in entry_points
    assert "exam-report = mkdocs_exam_report.plugin:ExamReportPlugin" in entry_points

    work = tmp_path / "work"
    work.mkdir()
    uses_the_installed_package(bin_dir, work)
    clean = course_repo(work / "clean", ReportSpec(edition="2026"))
    warned = course_repo(work / "warned", warnings_only())
    assert ok(in_venv(bin_dir, "exam-report check --strict", clean)).stdout.endswith("--strict: warnings fail\n")
    proc = in_venv(bin_dir, "exam-report check --strict", warned)
    assert proc.returncode == 1 and "[todo] (warning)" in proc.stdout
    ok(in_venv(bin_dir, "mkdocs build --strict -f docs/mkdocs.yaml", clean))
    assert "data-exam-passed" in (clean / "docs" / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert (clean / "docs" / "site" / "assets" / "exam-report" / "exam-report.css").is_file()
    proc = in_venv(bin_dir, "mkdocs build --strict -f docs/mkdocs.yaml", warned)
    assert proc.returncode == 1 and "[todo]" in proc.stderr


def test_install_from_the_repository_in_a_fresh_venv(tmp_path, released):  # noqa: F811 - the fixture
    """The `pip install ... git+https://...` commands of the docs and the workflows: the command
    line, and a Material site (the [mkdocs] extra) built strictly."""
    commands = [c for c in install_commands() if "git+" in c]
    assert len(commands) == 2 and any("[mkdocs]" in c for c in commands)
    bin_dir = fresh_venv(tmp_path / "venv")
    work = tmp_path / "work"
    work.mkdir()
    for command in sorted(commands, key=lambda c: "[mkdocs]" in c):  # the plain one first
        ok(in_venv(bin_dir, local(command, released), work))
        uses_the_installed_package(bin_dir, work)
    config = make_project(work / "site", ReportSpec(edition="2026"), theme="material")
    ok(in_venv(bin_dir, "mkdocs build --strict -f docs/mkdocs.yaml", config.parent.parent))
    ok(in_venv(bin_dir, "exam-report check --strict", config.parent.parent))
