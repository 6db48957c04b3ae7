"""The benchmark's guard against timing a stale install (benchmarks/run.py, package_digest): the
"same Python" row times the exam-report installed beside the course's checker only when it is
this checkout's code. Nothing here is timed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import run  # noqa: E402


@pytest.fixture
def copy_of_package(tmp_path: Path) -> Path:
    """A folder to put on PYTHONPATH holding a copy of the package's sources."""
    shutil.copytree(ROOT / "mkdocs_exam_report", tmp_path / "mkdocs_exam_report",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_the_same_sources_give_the_same_digest(copy_of_package, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    ours = run.package_digest(sys.executable)
    assert re.fullmatch("[0-9a-f]{64}", ours)  # a SHA-256, in hex
    monkeypatch.setenv("PYTHONPATH", str(copy_of_package))
    assert run.package_digest(sys.executable) == ours  # another place, the same code


def test_a_changed_module_gives_another_digest(copy_of_package, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    ours = run.package_digest(sys.executable)
    module = copy_of_package / "mkdocs_exam_report" / "text.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# an older or newer copy\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(copy_of_package))
    assert run.package_digest(sys.executable) not in ("", ours)


def test_a_python_without_the_package_gives_no_digest(tmp_path, monkeypatch):
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "venv")], check=True)
    python = tmp_path / "venv" / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    assert run.package_digest(str(python)) == ""


def test_a_commands_peak_memory_is_its_own_not_the_benchmarks():
    # Linux counts into a child's peak the memory of the process that started it: a benchmark
    # grown to 200 MB must not make a bare interpreter "peak" at 200 MB, and a command that takes
    # 150 MB must show it
    held = bytearray(200 * 2**20)
    held[:: 4096] = b"x" * len(held[:: 4096])  # touched, so resident
    bare = run.run_measured([sys.executable, "-S", "-c", "pass"])
    assert bare.code == 0 and bare.megabytes < 100
    grows = "import sys; b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096]); sys.exit(3)"
    big = run.run_measured([sys.executable, "-S", "-c", grows])
    assert big.code == 3 and big.megabytes >= 150 and big.cpu > 0
    del held
