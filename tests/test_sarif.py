"""Machine-readable outputs for CI: SARIF 2.1.0 (validated against the official OASIS schema in
tests/data/) and GitHub Actions workflow commands (escaped the way the runner requires)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from mkdocs_exam_report.cli import main
from mkdocs_exam_report.engine import check_file, check_text
from mkdocs_exam_report.findings import RULES, Finding
from mkdocs_exam_report.outputs.github import escape_data, escape_property, github_annotation, render_github
from mkdocs_exam_report.outputs.sarif import artifact_uri, render_sarif, rule_name, sarif_document
from tests.factory import ReportSpec, build_report, write_repo

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

# jsonschema checks "uri"/"uri-reference" only with optional packages; check them here by the
# RFC 3986 character set so a space or a backslash in a path would fail validation.
_URI_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*")
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("uri-reference")
def _uri_reference(value: object) -> bool:
    return not isinstance(value, str) or _URI_CHARS.fullmatch(value) is not None


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or (
        re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", value) is not None and _URI_CHARS.fullmatch(value) is not None
    )


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("http://json-schema.org/draft-07/")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=FORMATS)


def assert_valid(validator, document):
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def broken_spec(edition="2026") -> ReportSpec:
    spec = ReportSpec(edition=edition)
    spec.answers[5] = "short"
    spec.placeholder(12)
    spec.todo(6)
    return spec


# --- SARIF -------------------------------------------------------------------------------------


def test_schema_itself_rejects_a_broken_log(validator):
    assert list(validator.iter_errors({"version": "2.0.0", "runs": []}))
    assert list(validator.iter_errors({"version": "2.1.0", "runs": [{"tool": {}}]}))  # driver missing
    bad_uri = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": "has space/README.md"}}}]}]}],
    }
    assert list(validator.iter_errors(bad_uri))


def test_sarif_of_a_clean_and_a_broken_report_validates(validator, tmp_path):
    clean = check_file(write_repo(tmp_path / "clean", ReportSpec(edition="2025"), figures=True))
    broken = check_file(write_repo(tmp_path / "broken", broken_spec(), figures=True))
    document = sarif_document([clean, broken], [(str(tmp_path / "empty"), "empty: no report (expected ...)")])
    assert_valid(validator, document)

    run = document["runs"][0]
    assert document["version"] == "2.1.0"
    driver = run["tool"]["driver"]
    assert driver["name"] == "exam-report"
    # one reporting descriptor per rule of the catalogue, in catalogue order
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    for descriptor in driver["rules"]:
        rule = RULES[descriptor["id"]]
        assert descriptor["name"] == rule_name(rule.id)
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["fullDescription"]["text"] == rule.why
        assert rule.fix in descriptor["help"]["text"]
        expected = {"error": "error", "warning": "warning", "info": "note"}[rule.severity]
        assert descriptor["defaultConfiguration"]["level"] == expected

    # one result per finding of the broken report, none for the clean one
    assert len(run["results"]) == len(broken.findings) > 0
    for result, finding in zip(run["results"], broken.findings):
        assert result["ruleId"] == finding.rule
        assert driver["rules"][result["ruleIndex"]]["id"] == finding.rule
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity]
        assert finding.message in result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["region"]["startLine"] == finding.line
        uri = location["artifactLocation"]["uri"]
        assert not uri.startswith("/") and uri.endswith("broken/reports/README.md")
    assert {r["ruleId"] for r in run["results"]} >= {"words", "placeholder", "todo"}

    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["empty: no report (expected ...)"]


def test_sarif_uri_is_relative_to_the_current_folder_and_percent_encoded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert artifact_uri(str(tmp_path / "reports" / "README.md")) == "reports/README.md"
    assert artifact_uri("./reports/README.md") == "reports/README.md"
    assert artifact_uri("group 7/reports/README.md") == "group%207/reports/README.md"
    assert artifact_uri("grüppe#1/reports/README.md") == "gr%C3%BCppe%231/reports/README.md"


def test_sarif_end_to_end_from_the_command_line(validator, tmp_path, monkeypatch, capsys):
    write_repo(tmp_path, broken_spec("2023"), figures=True)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--format", "sarif"])
    out = capsys.readouterr().out
    assert code == 1
    document = json.loads(out)
    assert_valid(validator, document)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]}
    assert uris == {"reports/README.md"}


def test_sarif_for_many_reports_is_one_result_per_line_and_still_valid(validator, tmp_path, monkeypatch, capsys):
    for name in ("g1", "g2", "g3"):
        write_repo(tmp_path / name, broken_spec(), figures=True)
    (tmp_path / "g4").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["check", "g3", "g1", "g2", "g4", "--format", "sarif"]) == 1
    out = capsys.readouterr().out
    document = json.loads(out)
    assert_valid(validator, document)
    results = document["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].split("/")[0] for r in results] == sorted(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].split("/")[0] for r in results
    )
    result_lines = [line for line in out.splitlines() if line.lstrip().startswith('{"ruleId"')]
    assert len(result_lines) == len(results)


def test_rule_names_are_identifier_like():
    assert rule_name("image-missing") == "ImageMissing"
    assert rule_name("words") == "Words"
    assert all(re.fullmatch(r"[A-Z][A-Za-z]*", rule_name(r)) for r in RULES)


def test_single_report_sarif_is_indented(tmp_path):
    result = check_file(write_repo(tmp_path, broken_spec(), figures=True))
    text = render_sarif([result])
    assert text.startswith('{\n  "$schema"') and json.loads(text)["runs"][0]["results"]


# --- GitHub workflow commands ------------------------------------------------------------------


def test_escape_data_and_properties():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_data("a:b,c") == "a:b,c"  # data keeps ':' and ','
    assert escape_property("dir: x, y\n%") == "dir%3A x%2C y%0A%25"
    # '%' first, so an escape is never escaped twice
    assert escape_property("%3A") == "%253A"


def test_annotation_of_a_hand_made_finding():
    finding = Finding(rule="words", severity="error", message="50% too short:\nsee below, please\r", line=12, question=5, hint="Line one\nline two, with: colon")
    line = github_annotation("group 1,a:b/reports/README.md", finding)
    assert line == (
        "::error file=group 1%2Ca%3Ab/reports/README.md,line=12,title=exam-report words (question 5)"
        "::50%25 too short:%0Asee below, please%0D%0ALine one%0Aline two, with: colon"
    )
    assert "\n" not in line and "\r" not in line


def test_annotation_levels_and_title_without_question():
    warning = Finding(rule="checklist", severity="warning", message="odd mark", line=3)
    info = Finding(rule="todo", severity="info", message="note", line=4, question=2)
    assert github_annotation("r.md", warning) == "::warning file=r.md,line=3,title=exam-report checklist::odd mark"
    assert github_annotation("r.md", info).startswith("::notice file=r.md,line=4,")


def test_github_format_end_to_end(tmp_path, monkeypatch, capsys):
    spec = broken_spec()
    write_repo(tmp_path, spec, figures=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert main(["check", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    result = check_file("reports/README.md")
    annotations = [line for line in out if line.startswith("::")]
    assert len(annotations) == len(result.findings)
    pattern = re.compile(r"::(error|warning|notice) file=reports/README\.md,line=(\d+),title=([^:,]+)::(.+)")
    for line, finding in zip(annotations, result.findings):
        m = pattern.fullmatch(line)
        assert m, line
        assert int(m.group(2)) == finding.line
        assert m.group(4).replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%").startswith(finding.message)
    assert out[-1].startswith("reports/README.md: ")  # the plain summary line


def test_github_format_annotates_an_unreadable_report_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "README.md").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "github"]) == 2
    out = capsys.readouterr().out
    assert out.startswith("::error file=reports/README.md,title=exam-report::")
    assert "empty report" in out


def test_github_summary_goes_to_the_job_summary(tmp_path, monkeypatch, capsys):
    write_repo(tmp_path / "a", ReportSpec(edition="2026"), figures=True)
    write_repo(tmp_path / "b", broken_spec(), figures=True)
    step_summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    monkeypatch.chdir(tmp_path)
    assert main(["check", "a", "b", "--format", "github", "--summary"]) == 1
    out = capsys.readouterr().out
    assert "| path |" not in out and "::error" in out
    table = step_summary.read_text(encoding="utf-8")
    assert "| path | status |" in table and "a/reports/README.md" in table and "b/reports/README.md" in table


def test_render_github_keeps_each_command_on_one_line():
    text = build_report(ReportSpec(edition="2026"))
    result = check_text(text.replace("> Answer:", "> Answer:\n\nTODO: 100%, really:\r\nmore", 1), path="x,y:z.md")
    rendered = render_github([result])
    for line in rendered.splitlines():
        if line.startswith("::"):
            props = line.split("::")[1]
            assert props.split(" ", 1)[1].startswith("file=x%2Cy%3Az.md,")
