"""The plugin in real builds: temporary projects in the course's layout (docs/mkdocs.yaml,
docs_dir: source, the report in reports/ outside it) and with the report inside docs_dir."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.factory import ReportSpec, write_repo

TOOLS = {"mkdocs": [sys.executable, "-m", "mkdocs"], "properdocs": [sys.executable, "-m", "properdocs"]}


def make_project(root: Path, spec: ReportSpec, *, theme="material", options=None, inside=False, nav=None) -> Path:
    """A student project; returns the config file."""
    docs = root / "docs"
    source = docs / "source"
    source.mkdir(parents=True, exist_ok=True)
    (source / "index.md").write_text("# Our project\n\nSee the report.\n", encoding="utf-8")
    if inside:
        write_repo(source, spec)  # source/reports/README.md
    else:
        write_repo(root, spec)
    plugin = {"exam-report": options} if options else "exam-report"
    config = {"site_name": "Student project", "docs_dir": "source", "theme": {"name": theme}, "plugins": ["search", plugin]}
    if nav:
        config["nav"] = nav
    path = docs / "mkdocs.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def build(config: Path, *, strict=False, tool="mkdocs", extra=()):
    cmd = [*TOOLS[tool], "build", "-f", str(config), *(["--strict"] if strict else []), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=config.parent.parent)


class Badges(HTMLParser):
    """Collects the data-exam-* attributes of every element, and the text inside badges."""

    def __init__(self):
        super().__init__()
        self.elements: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if any(k.startswith("data-exam-") for k in attrs):
            self.elements.append(attrs)


def badges(html: str) -> Badges:
    parser = Badges()
    parser.feed(html)
    return parser


def page(config: Path, url="report") -> str:
    return (config.parent / "site" / url / "index.html").read_text(encoding="utf-8")


def broken_spec() -> ReportSpec:
    spec = ReportSpec(edition="2026").todo(6, "TODO").placeholder(12)
    spec.answers[5] = "Far too short."
    return spec


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_strict_build_fails_and_lists_every_violation(tmp_path, theme, tool):
    config = make_project(tmp_path, broken_spec(), theme=theme)
    out = build(config, strict=True, tool=tool)
    assert out.returncode != 0
    log = out.stderr + out.stdout
    assert "Traceback" not in log
    for question, rule in ((5, "words"), (6, "todo"), (12, "placeholder"), (12, "words")):
        assert f"question {question}: [{rule}]" in log, (question, rule, log)
    # all of them, before aborting: every line the command line prints, with file and line
    cli = subprocess.run(
        [sys.executable, "-m", "mkdocs_exam_report", "check", "reports/README.md"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    findings = [line for line in cli.stdout.splitlines() if line.startswith("reports/README.md:") and "[" in line]
    assert len(findings) >= 4
    for line in findings:
        assert line in log, line
    assert "Aborted" in log and f"{len(findings)} warnings" in log


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_non_strict_build_succeeds_and_shows_fail_badges(tmp_path, theme):
    config = make_project(tmp_path, broken_spec(), theme=theme)
    out = build(config)
    assert out.returncode == 0, out.stderr
    assert "WARNING" in out.stderr and "[words]" in out.stderr
    found = badges(page(config))
    status = {int(e["data-exam-question"]): e["data-exam-status"] for e in found.elements if "data-exam-question" in e}
    assert status[5] == "fail" and status[12] == "fail" and status[7] == "pass"
    assert len(status) == 31


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_clean_report_strict_build_matches_the_cli(tmp_path, theme):
    spec = ReportSpec(edition="2026")
    spec.ticked = 30
    config = make_project(tmp_path, spec, theme=theme)
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    site = config.parent / "site"
    for n in (14, 19, 20, 21, 29):
        assert (site / "report" / "figures" / f"q{n}_1.png").is_file()
    html = page(config)
    assert 'src="figures/q14_1.png"' in html
    found = badges(html)
    summary = next(e for e in found.elements if "data-exam-passed" in e)
    cli = subprocess.run(
        [sys.executable, "-m", "mkdocs_exam_report", "check", str(tmp_path / "reports" / "README.md"), "--format", "json"],
        capture_output=True, text=True,
    )
    report = json.loads(cli.stdout)["reports"][0]
    assert cli.returncode == 0
    assert int(summary["data-exam-passed"]) == report["official"]["passed"] == 31
    assert int(summary["data-exam-total"]) == report["official"]["total"] == 31
    assert int(summary["data-exam-checklist-done"]) == report["checklist"]["done"] == 30
    assert int(summary["data-exam-checklist-total"]) == report["checklist"]["total"] == 53
    sections = {e["data-exam-section"] for e in found.elements if "data-exam-section" in e}
    assert sections == {s["title"] for s in report["checklist"]["sections"]}
    statuses = {e["data-exam-status"] for e in found.elements if "data-exam-status" in e}
    assert statuses == {"pass"}
    assert all("data-search-exclude" in e for e in found.elements)
    assert (site / "assets" / "exam-report" / "exam-report.css").is_file()
    assert "assets/exam-report/exam-report.css" in html


def test_plugin_and_cli_report_the_same_findings(tmp_path):
    spec = broken_spec().subheading_in_answer(13).plain_image_link(14)
    spec.front_matter = True  # MkDocs strips it; our line numbers must still be the file's
    config = make_project(tmp_path, spec)
    out = build(config)
    cli = subprocess.run(
        [sys.executable, "-m", "mkdocs_exam_report", "check", "reports/README.md"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    cli_lines = [line for line in cli.stdout.splitlines() if "[" in line and line.startswith("reports/")]
    assert cli_lines
    for line in cli_lines:
        assert line in out.stderr, line


def test_report_inside_docs_dir_is_detected(tmp_path):
    config = make_project(tmp_path, broken_spec(), inside=True)
    out = build(config)
    assert out.returncode == 0, out.stderr
    assert "question 5: [words]" in out.stderr
    html = (config.parent / "site" / "reports" / "index.html").read_text(encoding="utf-8")
    assert badges(html).elements


def test_option_report_and_url(tmp_path):
    report_dir = tmp_path / "elsewhere"
    write_repo(report_dir, ReportSpec(edition="2025"))
    config = make_project(tmp_path / "p", ReportSpec(edition="2026"), options={
        "report": str(Path("..") / ".." / "elsewhere" / "reports" / "README.md"), "url": "exam/",
    })
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    html = page(config, "exam")
    summary = next(e for e in badges(html).elements if "data-exam-total" in e)
    assert summary["data-exam-total"] == "31"
    assert "2025 template" in html
    assert (config.parent / "site" / "exam" / "figures" / "q14_1.png").is_file()


def test_option_edition_flags_an_outdated_template(tmp_path):
    config = make_project(tmp_path, ReportSpec(edition="2025"), options={"edition": "2026"})
    out = build(config, strict=True)
    assert out.returncode != 0
    assert "[edition]" in out.stderr


def test_option_badges_false_and_enabled_false(tmp_path):
    config = make_project(tmp_path / "a", broken_spec(), options={"badges": False})
    assert build(config).returncode == 0
    assert badges(page(config)).elements == []
    config = make_project(tmp_path / "b", broken_spec(), options={"enabled": False})
    out = build(config, strict=True)
    assert out.returncode == 0 and "[words]" not in out.stderr
    assert not (config.parent / "site" / "report").exists()


@pytest.mark.parametrize("annotate, shown", [("always", True), ("never", False), ("serve", False)])
def test_option_annotate(tmp_path, annotate, shown):
    config = make_project(tmp_path, broken_spec(), options={"annotate": annotate})
    assert build(config).returncode == 0
    html = page(config)
    assert ('data-exam-rule="todo"' in html) is shown


def test_option_rules_overrides(tmp_path):
    spec = ReportSpec(edition="2026").todo(6, "TODO")
    config = make_project(tmp_path / "off", spec, options={"rules": {"todo": "off"}})
    assert build(config, strict=True).returncode == 0
    config = make_project(tmp_path / "info", spec, options={"rules": {"todo": "info"}})
    out = build(config, strict=True)
    assert out.returncode == 0 and "[todo]" in out.stderr and "INFO" in out.stderr


@pytest.mark.parametrize(
    "options, expected",
    [
        ({"edition": "1999"}, "edition"),
        ({"rules": {"no-such-rule": "off"}}, "no-such-rule"),
        ({"rules": {"todo": "loud"}}, "todo"),
        ({"annotate": "sometimes"}, "annotate"),
        ({"badges": "yes please"}, "badges"),
        ({"report": "../missing/README.md"}, "missing"),
        ({"url": "../outside/"}, "url"),
    ],
)
def test_bad_options_give_a_config_error_not_a_traceback(tmp_path, options, expected):
    config = make_project(tmp_path, ReportSpec(edition="2026"), options=options)
    out = build(config)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert expected in out.stderr


def test_broken_structure_never_fails_the_build_without_strict(tmp_path):
    spec = ReportSpec(edition="2026").drop_answer_line(10)
    config = make_project(tmp_path, spec)
    out = build(config)
    assert out.returncode == 0, out.stderr
    assert "question 10: [structure]" in out.stderr
    summary = next(e for e in badges(page(config)).elements if "data-exam-readable" in e)
    assert summary["data-exam-readable"] == "false"


def test_report_text_is_escaped_in_badges(tmp_path):
    spec = ReportSpec(edition="2026")
    spec.answers[5] = 'Short "><img src=x onerror=alert(1)> {{ config }} <script>alert(2)</script>'
    config = make_project(tmp_path, spec, options={"annotate": "always"})
    assert build(config).returncode == 0
    html = page(config)
    start = html.index('data-exam-question="5"')
    badge = html[start : html.index("</div>", start)]
    assert "<img" not in badge and "<script" not in badge


def test_nothing_writes_to_sources(tmp_path):
    """Hash every source file before and after a build and every kind of command-line check."""
    import hashlib

    config = make_project(tmp_path, broken_spec().drop_answer_line(9))

    def digests():
        return {
            p: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in tmp_path.rglob("*")
            if p.is_file() and "site" not in p.relative_to(tmp_path).parts
        }

    before = digests()
    assert len(before) >= 8  # the report, its figures, the config and the pages
    build(config)
    for fmt in ("text", "json", "github", "sarif", "csv"):
        subprocess.run([sys.executable, "-m", "mkdocs_exam_report", "check", str(tmp_path), "--format", fmt],
                       capture_output=True, cwd=tmp_path)
    assert digests() == before


def test_explicit_nav_is_left_alone(tmp_path):
    config = make_project(tmp_path, ReportSpec(edition="2026"), nav=[{"Home": "index.md"}])
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    home = page(config, "")
    assert 'href="report/"' not in home and "report/" not in home.split("</nav>")[0].split("<nav")[-1]
    assert badges(page(config)).elements  # built and checked, only not in the nav


def test_auto_nav_lists_the_report(tmp_path):
    config = make_project(tmp_path, ReportSpec(edition="2026"))
    assert build(config).returncode == 0
    assert 'href="report/"' in page(config, "")


def test_files_the_report_links_to_are_published_beside_it(tmp_path):
    spec = ReportSpec(edition="2026")
    spec.answers[1] = "Group 7. Our [results](data/results.csv) and [notes](notes.txt#top)."
    config = make_project(tmp_path, spec)
    reports = tmp_path / "reports"
    (reports / "data").mkdir()
    (reports / "data" / "results.csv").write_text("epoch,loss\n1,0.5\n", encoding="utf-8")
    (reports / "notes.txt").write_text("notes\n", encoding="utf-8")
    (reports / "report.py").write_text("print('the course checker')\n", encoding="utf-8")  # not linked
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    site = config.parent / "site" / "report"
    assert (site / "data" / "results.csv").is_file() and (site / "notes.txt").is_file()
    assert not (site / "report.py").exists()
    assert 'href="data/results.csv"' in page(config)


@pytest.mark.parametrize("content", [
    b"\n\n",  # empty
    b"\x89PNG\r\n\x1a\n\x00\x00 not text",  # binary
    "# Rapport\n\n### Question 1\n\n> Answer:\n\nGruppe 7, S\u00f8ren og \u00c6sa.\n".encode("cp1252"),  # not UTF-8
])
def test_unusable_report_is_named_like_the_cli_and_never_a_traceback(tmp_path, content):
    config = make_project(tmp_path, ReportSpec(edition="2026"))
    (tmp_path / "reports" / "README.md").write_bytes(content)
    cli = subprocess.run([sys.executable, "-m", "mkdocs_exam_report", "check", "reports/README.md"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert cli.returncode == 2
    message = cli.stderr.strip().removeprefix("exam-report: ")
    out = build(config)
    assert "Traceback" not in out.stderr
    assert out.returncode == 0, out.stderr
    assert message in out.stderr
    assert build(config, strict=True).returncode != 0
    assert "data-exam-unusable" in page(config)


def test_a_folder_where_the_report_should_be_is_named_as_one(tmp_path):
    config = make_project(tmp_path, ReportSpec(edition="2026"))
    report = tmp_path / "reports" / "README.md"
    report.unlink()
    out = build(config, strict=True)
    assert out.returncode != 0 and "no exam report found" in out.stderr  # nothing there
    report.mkdir()
    out = build(config, strict=True)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "reports/README.md is a folder, not a report file" in out.stderr
    assert "no exam report found" not in out.stderr


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_edit_link_of_an_outside_report_opens_the_report(tmp_path, theme):
    config = make_project(tmp_path, ReportSpec(edition="2026"), theme=theme)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data.update(repo_url="https://github.com/group57/quaywatch", edit_uri="edit/main/docs/source/")
    if theme == "material":
        data["theme"]["features"] = ["content.action.edit"]
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    assert 'href="https://github.com/group57/quaywatch/edit/main/reports/README.md"' in page(config)
    assert "edit/main/docs/source/index.md" in page(config, "")
