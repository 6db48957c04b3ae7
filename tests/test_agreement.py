"""One configuration, one verdict: on the same repository (the course's layout, docs/mkdocs.yaml
with the plugin), ``mkdocs build --strict`` and ``exam-report check --strict`` pass or fail
together and list the same findings.

The plugin's lines are the ones its own logger writes (``mkdocs_exam_report: ...``); MkDocs' own
warnings (a seed's links to figures that were not handed in, say) are MkDocs' business and are
left out of the comparison. The factory's repositories carry every figure they embed, so there
the strict build has no warning but ours, and the count of warnings it aborts on is checked too.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factory import ReportSpec
from tests.test_plugin import build, make_project
from tests.test_seeds import SEEDS

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

# A line of the plugin's logger in MkDocs' console output: "WARNING -  mkdocs_exam_report: ...".
OUR_LINE = re.compile(r"^(WARNING|INFO)\s+-\s+mkdocs_exam_report: (.*)$")


def plugin_lines(log: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in map(OUR_LINE.match, log.splitlines()) if m]


def cli(root: Path, *args):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_exam_report", "check", "--strict", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def agree(root: Path, config: Path) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """Both verdicts on ``root``; asserts they agree, line for line, and returns both runs."""
    site = build(config, strict=True)
    check = cli(root)
    assert "Traceback" not in site.stderr + check.stderr
    *findings, settings = check.stdout.strip().splitlines()
    assert settings.startswith("settings: docs/mkdocs.yaml") and settings.endswith("--strict: warnings fail")
    logged = plugin_lines(site.stderr)
    assert [line for _level, line in logged] == findings, site.stderr
    assert (site.returncode == 0) == (check.returncode == 0), (site.stderr, check.stdout)
    # what fails the strict build among our lines is exactly what fails the strict check:
    # errors and warnings are WARNING records, info findings and the summary are INFO
    failing = [line for level, line in logged if level == "WARNING"]
    assert failing == [line for line in findings[:-1] if "(info)" not in line]
    return site, check


def factory_repo(root: Path, spec: ReportSpec, options=None) -> Path:
    return make_project(root, spec, theme="mkdocs", options=options)


def with_warnings_only() -> ReportSpec:
    return ReportSpec(edition="2026").todo(6, "TODO").todo(9, "FIXME")


def with_errors() -> ReportSpec:
    spec = ReportSpec(edition="2025").todo(6, "TODO")
    spec.answers[5] = "Far too short."
    return spec


def test_clean_report_passes_both(tmp_path):
    site, check = agree(tmp_path, factory_repo(tmp_path, ReportSpec(edition="2026")))
    assert site.returncode == 0 and check.returncode == 0
    assert "WARNING" not in site.stderr


def test_warnings_only_fail_both_strictly_and_nothing_else_warns(tmp_path):
    site, check = agree(tmp_path, factory_repo(tmp_path, with_warnings_only()))
    assert site.returncode == 1 and check.returncode == 1
    warnings = [line for level, line in plugin_lines(site.stderr) if level == "WARNING"]
    assert len(warnings) == 2 and all("(warning)" in line for line in warnings)
    assert f"Aborted with {len(warnings)} warnings in strict mode" in site.stdout + site.stderr
    # without --strict neither fails
    assert build(tmp_path / "docs" / "mkdocs.yaml").returncode == 0
    plain = subprocess.run([sys.executable, "-m", "mkdocs_exam_report", "check"], cwd=tmp_path, capture_output=True)
    assert plain.returncode == 0


def test_errors_fail_both(tmp_path):
    site, check = agree(tmp_path, factory_repo(tmp_path, with_errors()))
    assert site.returncode == 1 and check.returncode == 1
    assert any("[words]" in line for _level, line in plugin_lines(site.stderr))


@pytest.mark.parametrize("severity, passes", [("off", True), ("info", True), ("error", False)])
def test_the_configs_rules_decide_both(tmp_path, severity, passes):
    """`rules: {todo: off}` unquoted (a YAML boolean) in docs/mkdocs.yaml: both pass the TODOs."""
    config = factory_repo(tmp_path, with_warnings_only())
    config.write_text(
        config.read_text(encoding="utf-8").replace("- exam-report\n", f"- exam-report:\n    rules:\n      todo: {severity}\n"),
        encoding="utf-8",
    )
    assert f"todo: {severity}\n" in config.read_text(encoding="utf-8")
    site, check = agree(tmp_path, config)
    assert (site.returncode == 0) is passes and (check.returncode == 0) is passes


@pytest.mark.skipif(not SEED_NAMES, reason=f"seed reports not found at {SEEDS}")
@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_reports_get_the_same_verdict_and_findings(tmp_path, name):
    """The five real reports, each as reports/README.md of a repository in the course's layout
    (read from the shared folder into a temporary repository, never into ours)."""
    config = factory_repo(tmp_path, ReportSpec(edition="2026"))
    (tmp_path / "reports" / "README.md").write_bytes((SEEDS / name).read_bytes())
    site, check = agree(tmp_path, config)
    assert site.returncode == 1 and check.returncode == 1  # every seed has errors
    assert len(plugin_lines(site.stderr)) > 5
