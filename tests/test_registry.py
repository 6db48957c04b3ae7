"""The rule registry (checks/registry.py), the Finding factory and the Context: a rule is one
unit, a mistyped rule id fails at import or the first time its code runs, and nothing a check
learns outlives the check of one report."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace

import pytest

from mkdocs_exam_report.checks import RULES, Context
from mkdocs_exam_report.checks import registry
from mkdocs_exam_report.engine import check_file, check_text
from mkdocs_exam_report.findings import Finding
from tests.factory import ReportSpec, build_report, write_repo

TEXT = dict(severity="warning", title="A title", why="Why it matters.", fix="How to fix it.")


def test_every_rule_is_one_unit_with_its_own_check():
    checks = [rule.check for rule in RULES.values()]
    assert len(set(checks)) == len(checks)  # no check serves two rules
    for rule in RULES.values():
        assert rule.check.__module__.startswith("mkdocs_exam_report.checks.")
        assert rule.severity in ("error", "warning", "info") and rule.title and rule.why and rule.fix


def test_the_old_names_read_the_same_registry():
    import mkdocs_exam_report.findings as findings

    assert findings.RULES is RULES and findings.Rule is registry.Rule


def test_a_finding_of_an_unknown_rule_cannot_be_made():
    with pytest.raises(ValueError, match="no rule 'tood'"):
        Finding(rule="tood", severity="warning", message="x", line=1)
    with pytest.raises(ValueError, match="no rule 'tood'"):
        Finding.of("tood", "x", 1)
    report = check_text(build_report(ReportSpec()))
    ctx = Context(report.report, report.edition, report.official)
    with pytest.raises(ValueError, match="no rule 'tood'"):
        ctx.finding("tood", "x", 1)
    with pytest.raises(ValueError, match="no rule 'tood'"):
        replace(ctx.finding("todo", "x", 1), rule="tood")


def test_a_finding_takes_its_rules_severity_and_fix():
    finding = Finding.of("todo", "'TODO' left in the answer", 7, 3)
    assert (finding.rule, finding.severity, finding.line, finding.question) == ("todo", "warning", 7, 3)
    assert finding.hint == RULES["todo"].fix
    assert Finding.of("todo", "x", 7, hint="Do this.").hint == "Do this."


@pytest.fixture
def scratch_registry(monkeypatch):
    """A copy of the registry to register into, so the tests leave the real one as it is."""
    monkeypatch.setattr(registry, "RULES", dict(RULES))
    return registry.RULES


def test_a_new_rule_is_registered_with_its_check(scratch_registry):
    @registry.rule(id="new-rule", **TEXT)
    def check_new(ctx):
        yield ctx.finding("new-rule", "x", 1)

    assert scratch_registry["new-rule"].check is check_new
    assert list(scratch_registry)[-1] == "new-rule"
    assert "new-rule" not in RULES


@pytest.mark.parametrize(
    "fields, fault",
    [
        (dict(id="todo", **TEXT), "registered twice"),
        (dict(id="Todo_Two", **TEXT), "lower-case words joined by hyphens"),
        (dict(id="new-rule", **{**TEXT, "severity": "loud"}), "severity must be one of"),
        (dict(id="new-rule", **{**TEXT, "why": " "}), "why is empty"),
        (dict(id="new-rule", **{**TEXT, "title": ""}), "title is empty"),
    ],
)
def test_a_duplicate_or_incomplete_rule_is_refused_at_registration(scratch_registry, fields, fault):
    before = dict(scratch_registry)
    with pytest.raises(ValueError, match=fault):

        @registry.rule(**fields)
        def check_new(ctx):
            return iter(())

    assert scratch_registry == before


def test_one_check_cannot_serve_two_rules(scratch_registry):
    def check_both(ctx):
        return iter(())

    registry.rule(id="first-rule", **TEXT)(check_both)
    with pytest.raises(ValueError, match="already the check of rule 'first-rule'"):
        registry.rule(id="second-rule", **TEXT)(check_both)
    with pytest.raises(ValueError, match="not callable"):
        registry.register(registry.Rule(id="third-rule", check=None, **TEXT))


def test_a_mistyped_rule_fails_when_its_module_is_imported(tmp_path, scratch_registry):
    module = tmp_path / "subject.py"
    module.write_text(
        "from mkdocs_exam_report.checks.registry import rule\n\n"
        "@rule(id='image-missing', severity='error', title='t', why='w', fix='f')\n"
        "def check_images_again(ctx):\n"
        "    return iter(())\n",
        encoding="utf-8",
    )
    spec = importlib.util.spec_from_file_location("subject_under_test", module)
    with pytest.raises(ValueError, match="'image-missing' is registered twice"):
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert "subject_under_test" not in sys.modules


def test_each_check_yields_only_its_own_rule(tmp_path):
    spec = ReportSpec()
    spec.answers[5] = "--- question 5 fill here --- TODO ![](figures/nothing.gif) [shot](figures/a.png) <img src=x>"
    spec.answers[1] = "no number"
    result = check_file(write_repo(tmp_path, spec, figures=False))
    assert {"placeholder", "todo", "image-missing", "image-format", "image-link", "image-html", "group-number"} <= {
        f.rule for f in result.findings
    }
    ctx = Context(result.report, result.edition, result.official, base_dir=tmp_path / "reports", root=tmp_path)
    for rule in RULES.values():
        assert {f.rule for f in rule.check(ctx)} <= {rule.id}


def test_a_context_sees_the_files_as_they_are_now(tmp_path):
    """Directory listings are the Context's, not the module's: under `mkdocs serve` a figure
    added between two checks is found by the second."""
    spec = ReportSpec()
    spec.answers[5] = spec.answers.get(5, "") + "\n\n![the new figure](figures/new.png)\n"
    readme = write_repo(tmp_path, spec)
    figure = tmp_path / "reports" / "figures" / "new.png"
    figure.unlink()  # the factory wrote every figure the report embeds
    missing = [f for f in check_file(readme).findings if f.rule == "image-missing"]
    assert [f.message for f in missing] == ["'figures/new.png' does not exist next to the report"]
    figure.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert not [f for f in check_file(readme).findings if f.rule == "image-missing"]
