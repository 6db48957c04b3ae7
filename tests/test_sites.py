"""The project's own documentation site and the bundled example both build strictly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


def test_rule_reference_covers_every_rule(tmp_path):
    from mkdocs_exam_report.findings import RULES

    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")], cwd=ROOT, check=True,
                   capture_output=True)
    html = (tmp_path / "site" / "rules" / "index.html").read_text(encoding="utf-8")
    for rule in RULES:
        assert f'id="{rule}"' in html, rule
