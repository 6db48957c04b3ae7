"""The report page is the plugin's own: in real builds in the course layout, every warning a strict
build prints about it is one of our findings, once, and the links that cannot work in the site
(the template's example figures, files elsewhere in the repository) are made to work."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from mkdocs_exam_report.links import COURSE_FIGURES as COURSE_URL
from tests.factory import COURSE_FIGURES, ReportSpec, valid_answer
from tests.test_plugin import badges, build, make_project, page

PREFIX = "WARNING -  mkdocs_exam_report: "


def warnings(out) -> list[str]:
    """The WARNING lines of a build, without MkDocs' level prefix (ours keep the plugin's name)."""
    return [line.removeprefix("WARNING -  ") for line in out.stderr.splitlines() if line.startswith("WARNING")]


def cli_lines(root: Path, *severities) -> list[str]:
    """The command line's findings on reports/README.md of ``root``, of the given severities."""
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs_exam_report", "check", "reports/README.md"],
        capture_output=True, text=True, cwd=root,
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("reports/README.md:") and ": [" in line]
    keep = []
    for line in lines:
        severity = "info" if "(info)" in line else "warning" if "(warning)" in line else "error"
        if severity in severities:
            keep.append(line)
    return keep


def ours(lines: list[str]) -> list[str]:
    return [line.removeprefix("mkdocs_exam_report: ") for line in lines]


def set_config(config: Path, **changes) -> None:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data.update(changes)
    config.write_text(yaml.safe_dump(data), encoding="utf-8")


def without_course_figures(root: Path) -> None:
    for name in COURSE_FIGURES.values():
        (root / "reports" / "figures" / name).unlink(missing_ok=True)


def figure_spec() -> ReportSpec:
    spec = ReportSpec(edition="2026")
    spec.course_figures = True
    return spec


# --- 1. the template's links to the course's example figures ----------------------------------


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_prompt_links_to_missing_course_figures_build_strictly(tmp_path, theme, tool):
    config = make_project(tmp_path, figure_spec(), theme=theme)
    without_course_figures(tmp_path)
    assert cli_lines(tmp_path, "error", "warning", "info") == []
    out = build(config, strict=True, tool=tool)
    assert out.returncode == 0, out.stderr
    assert warnings(out) == []
    html = page(config)
    for name in COURSE_FIGURES.values():
        assert f'<a href="{COURSE_URL}{name}">this figure</a>' in html, name


def test_prompt_links_become_text_when_figures_url_is_off(tmp_path):
    config = make_project(tmp_path, figure_spec(), options={"figures_url": False})
    without_course_figures(tmp_path)
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    html = page(config)
    assert "look at this figure." in html and "overview.png" not in html


def test_a_course_figure_the_repository_has_is_published_and_linked(tmp_path):
    config = make_project(tmp_path, figure_spec())
    without_course_figures(tmp_path)
    (tmp_path / "reports" / "figures" / "overview.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    html = page(config)
    assert '<a href="figures/overview.png">this figure</a>' in html
    assert (config.parent / "site" / "report" / "figures" / "overview.png").is_file()
    assert f"{COURSE_URL}wandb.png" in html


def test_links_in_answers_are_not_template_text(tmp_path):
    """The same figure name linked from an answer is the group's link: a missing target is ours."""
    spec = figure_spec()
    spec.answers[28] = valid_answer("2026", 28) + " See [our figure](figures/overview.png)."
    config = make_project(tmp_path, spec)
    without_course_figures(tmp_path)
    expected = cli_lines(tmp_path, "error", "warning")
    assert [line.split(": [")[1].split("]")[0] for line in expected] == ["image-link", "link-missing"]
    assert "question 28: [link-missing]" in expected[1]
    out = build(config, strict=True)
    assert out.returncode != 0
    assert ours(warnings(out)) == expected


# --- 2. links to the rest of the repository ----------------------------------------------------


def repo_links_project(tmp_path, **config_changes):
    spec = ReportSpec(edition="2026")
    spec.answers[5] = valid_answer("2026", 5) + (
        " We build [the training image](../dockerfiles/train.dockerfile), test with"
        " [this workflow](../.github/workflows/tests.yaml), explain setup in [the README](../README.md)"
        " and keep code in [src](../src/). The [old script](../scripts/old.py) is gone."
    )
    config = make_project(tmp_path, spec)
    for path in ("dockerfiles/train.dockerfile", ".github/workflows/tests.yaml", "README.md", "src/app.py"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x\n", encoding="utf-8")
    if config_changes:
        set_config(config, **config_changes)
    return config


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_links_to_repository_files_go_to_the_repository(tmp_path, tool):
    config = repo_links_project(
        tmp_path, repo_url="https://github.com/group57/quaywatch", edit_uri="edit/dev/docs/source/"
    )
    expected = cli_lines(tmp_path, "error", "warning")
    assert len(expected) == 1
    assert "question 5: [link-missing]" in expected[0] and "'../scripts/old.py' does not exist" in expected[0]
    out = build(config, strict=True, tool=tool)
    assert out.returncode != 0
    assert ours(warnings(out)) == expected  # ours, once; no MkDocs "not found"
    html = page(config)
    base = "https://github.com/group57/quaywatch"
    assert f'href="{base}/blob/dev/dockerfiles/train.dockerfile"' in html
    assert f'href="{base}/blob/dev/.github/workflows/tests.yaml"' in html
    assert f'href="{base}/blob/dev/README.md"' in html
    assert f'href="{base}/tree/dev/src"' in html


def test_branch_option_and_default_branch(tmp_path):
    config = repo_links_project(tmp_path / "a", repo_url="https://github.com/g/p")
    build(config)
    assert 'href="https://github.com/g/p/blob/HEAD/README.md"' in page(config)
    config = repo_links_project(tmp_path / "b", repo_url="https://github.com/g/p", edit_uri="edit/main/docs/source/")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["plugins"][1] = {"exam-report": {"branch": "release"}}
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    build(config)
    assert 'href="https://github.com/g/p/blob/release/README.md"' in page(config)


def test_links_to_repository_files_without_repo_url_are_text(tmp_path):
    config = repo_links_project(tmp_path)
    expected = cli_lines(tmp_path, "error", "warning")
    out = build(config, strict=True)
    assert ours(warnings(out)) == expected and len(expected) == 1
    html = page(config)
    assert "the training image" in html and "train.dockerfile" not in html


# --- 3. a missing screenshot is reported once ---------------------------------------------------


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_a_missing_screenshot_is_reported_once(tmp_path, tool):
    config = make_project(tmp_path, ReportSpec(edition="2026"))
    (tmp_path / "reports" / "figures" / "q14_1.png").unlink()
    expected = cli_lines(tmp_path, "error", "warning")
    assert len(expected) == 1 and "question 14: [image-missing]" in expected[0]
    out = build(config, strict=True, tool=tool)
    assert out.returncode != 0
    assert ours(warnings(out)) == expected
    assert "not found" not in out.stderr


def test_a_report_not_in_utf8_gets_our_one_warning_and_no_link_warnings_of_mkdocs(tmp_path):
    """Saved as Windows-1252 (Danish letters), with the template's links to the course's example
    figures and a missing screenshot: the build says once what to fix (the encoding); the
    template's links still go to the course's copies, and MkDocs adds no lines of its own about
    them or the screenshot (our findings name that once the report reads as UTF-8)."""
    config = make_project(tmp_path, figure_spec())
    without_course_figures(tmp_path)
    (tmp_path / "reports" / "figures" / "q14_1.png").unlink()
    readme = tmp_path / "reports" / "README.md"
    readme.write_bytes(("<!-- S\u00f8ren og \u00c6sa -->\n" + readme.read_text(encoding="utf-8")).encode("cp1252"))
    cli = subprocess.run([sys.executable, "-m", "mkdocs_exam_report", "check", "reports/README.md"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert cli.returncode == 2 and "not UTF-8" in cli.stderr
    out = build(config, strict=True)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert ours(warnings(out)) == [cli.stderr.strip().removeprefix("exam-report: ")]
    html = page(config)
    for name in COURSE_FIGURES.values():
        assert f'<a href="{COURSE_URL}{name}">this figure</a>' in html, name
    readme.write_bytes(readme.read_bytes().decode("cp1252").encode("utf-8"))  # saved as UTF-8
    out = build(config, strict=True)
    assert [line for line in ours(warnings(out)) if "q14_1.png" in line] == [
        line for line in cli_lines(tmp_path, "error", "warning") if "q14_1.png" in line]
    assert "not found" not in out.stderr


def test_mkdocs_still_checks_the_links_of_other_pages(tmp_path):
    config = make_project(tmp_path, ReportSpec(edition="2026"))
    (config.parent / "source" / "index.md").write_text("# Home\n\n![gone](gone.png)\n", encoding="utf-8")
    out = build(config, strict=True)
    assert out.returncode != 0
    assert any("gone.png" in line and "not found" in line for line in warnings(out))


# --- 4. badges: the official verdict and our errors; one recogniser of question headings -------


def test_badge_shows_the_official_pass_and_our_error(tmp_path):
    spec = ReportSpec(edition="2026")
    config = make_project(tmp_path, spec)
    (tmp_path / "reports" / "figures" / "q14_1.png").unlink()
    build(config)
    badge = next(e for e in badges(page(config)).elements if e.get("data-exam-question") == "14")
    assert badge["data-exam-official"] == "pass" and badge["data-exam-errors"] == "1"
    assert badge["data-exam-status"] == "fail"
    html = page(config)
    start = html.index('data-exam-question="14"')
    text = html[start : html.index("</div>", start)]
    assert "official checks: pass" in text and "1 error (image-missing)" in text


def test_badge_of_a_misspelt_answer_line_says_structure(tmp_path):
    spec = ReportSpec(edition="2026")
    config = make_project(tmp_path, spec)
    readme = tmp_path / "reports" / "README.md"
    text = readme.read_text(encoding="utf-8")
    marker = text.index("### Question 7")
    readme.write_text(text[:marker] + text[marker:].replace("> Answer:", "> Answr:", 1), encoding="utf-8")
    build(config)
    badge = next(e for e in badges(page(config)).elements if e.get("data-exam-question") == "7")
    assert badge["data-exam-status"] == "fail" and int(badge["data-exam-errors"]) >= 1


def test_a_question_heading_without_a_space_gets_its_badge(tmp_path):
    config = make_project(tmp_path, ReportSpec(edition="2026"))
    readme = tmp_path / "reports" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("### Question 5\n", "### Question5\n"), encoding="utf-8")
    assert build(config, strict=True).returncode == 0
    found = [e for e in badges(page(config)).elements if e.get("data-exam-question") == "5"]
    assert len(found) == 1 and found[0]["data-exam-status"] == "pass"


# --- 5. -q does not hide the findings of a strict build ----------------------------------------


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
@pytest.mark.parametrize("how", ["--strict", "strict: true"])
def test_quiet_strict_build_fails_and_lists_every_finding(tmp_path, tool, how):
    spec = ReportSpec(edition="2026").todo(6, "TODO")
    spec.answers[5] = "Far too short."
    config = make_project(tmp_path, spec)
    if how == "strict: true":
        set_config(config, strict=True)
    out = build(config, strict=how == "--strict", tool=tool, extra=["-q"])
    assert out.returncode != 0, out.stderr
    expected = cli_lines(tmp_path, "error", "warning")
    assert len(expected) == 2
    assert ours(warnings(out)) == expected


def test_quiet_build_without_strict_stays_quiet_and_passes(tmp_path):
    config = make_project(tmp_path, ReportSpec(edition="2026").todo(6, "TODO"))
    out = build(config, extra=["-q"])
    assert out.returncode == 0 and warnings(out) == [] and "[todo]" not in out.stderr


# --- issue 15: nothing in the report collides with the plugin's markers or stalls the badges ----


@pytest.mark.parametrize("text", ["<!--exam-report:42-->", "<!--exam-report:0--> <!--exam-report:1-->x"])
def test_report_text_shaped_like_a_badge_marker(tmp_path, text):
    spec = ReportSpec(edition="2026")
    spec.answers[6] = valid_answer("2026", 6) + "\n\n" + text
    config = make_project(tmp_path, spec)
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    html = page(config)
    assert text.split(" ")[0] in html  # the report's own comment, left as it is
    assert len([e for e in badges(html).elements if "data-exam-question" in e]) == 31


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_32000_unclosed_h6_tags_build_quickly(tmp_path, theme):
    """The badges' heading search was quadratic on unclosed heading tags (19 s for this page), and
    Python-Markdown and Material's search plugin take minutes on it by themselves: the plugin
    checks such a report in full but shows its findings instead of its text."""
    spec = ReportSpec(edition="2026")
    spec.answers[11] = valid_answer("2026", 11) + "\n\n" + "<h6>" * 32_000 + "\n\n<h6>x"
    config = make_project(tmp_path, spec, theme=theme)
    start = time.monotonic()
    out = build(config)
    assert out.returncode == 0, out.stderr
    assert time.monotonic() - start < 60  # minutes before; a bound against a hang, not a speed target
    assert "links, images and HTML tags are too many to show as a page (limit 2,000" in out.stderr
    # the report is still checked in full, and its page has the verdict in the summary box
    assert "31/31 questions pass the official checks" in out.stderr
    html = page(config)
    assert "This report is not shown here" in html and "<h6>" not in html
    assert 'class="exam-report-summary' in html


def test_unclosed_heading_tags_in_the_badges_are_linear():
    from mkdocs_exam_report.badges import inject
    from mkdocs_exam_report.engine import check_text
    from tests.factory import build_report

    text = build_report(ReportSpec(edition="2026"))
    result = check_text(text)
    html = "<h1>Report</h1>" + "<h6>" * 32_000 + "<h6 " * 32_000 + "".join(
        f"<h3>Question {n}</h3><p>a</p>" for n in range(1, 32)
    )
    start = time.monotonic()
    out = inject(html, result, annotate=False)
    assert time.monotonic() - start < 1
    assert out.count('class="exam-report-badge exam-report-question') == 31


# --- acceptance: the real reports in the course layout, without the course's example figures ---

from tests.test_seeds import SEEDS  # noqa: E402


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS}")
@pytest.mark.parametrize("theme, tool", [("material", "mkdocs"), ("mkdocs", "properdocs")])
@pytest.mark.parametrize("name", ["000_794b41474425deb9.txt", "001_1aee4ee151deab41.txt", "002_90984031f8cedab6.txt",
                                  "003_adfaf4d977882d3d.txt", "004_3efdffdd4ec33e9f.txt"])
def test_seed_strict_build_warns_exactly_the_cli_findings(tmp_path, name, theme, tool):
    config = make_project(tmp_path, ReportSpec(edition="2026"), theme=theme)
    readme = tmp_path / "reports" / "README.md"
    readme.write_bytes((SEEDS / name).read_bytes())  # read from the shared folder, never kept here
    for figure in (tmp_path / "reports" / "figures").iterdir():
        figure.unlink()
    expected = cli_lines(tmp_path, "error", "warning")
    assert expected
    out = build(config, strict=True, tool=tool)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert ours(warnings(out)) == expected


def test_a_report_over_a_megabyte_is_checked_but_not_shown(tmp_path):
    """Plain text over MAX_SHOWN_BYTES: checked (its long answer found), shown as a short page."""
    spec = ReportSpec(edition="2026")
    spec.answers[11] = "word " * 250_000  # 1.2 MB
    config = make_project(tmp_path, spec, theme="mkdocs")
    out = build(config, strict=True)
    assert out.returncode == 1
    assert "question 11: [words] 250000 words" in out.stderr
    assert "MB is too large to show as a page (limit 1 MB" in out.stderr
    assert "word word" not in page(config)


def test_a_report_over_the_size_limit_is_refused_and_not_rendered(tmp_path):
    """Over engine.MAX_BYTES the report is not checked; its 10.6 MB of images were handed to
    Python-Markdown as they were, which held the build for over five minutes."""
    spec = ReportSpec(edition="2026")
    spec.answers[11] = "![x](figures/q14_1.png) " * 460_000
    config = make_project(tmp_path, spec, theme="mkdocs")
    out = build(config, strict=True)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert ours(warnings(out)) == [
        "reports/README.md: 10.6 MB is far too large for an exam report (limit 10 MB; a report is ~35 KB): is it the right file?"]
    assert "This report is not shown here" in page(config) and "q14_1.png" not in page(config)


def test_a_real_report_is_shown_whole(tmp_path):
    """The bounds are far above a real report: the sample project's report renders in full."""
    spec = ReportSpec(edition="2026")
    config = make_project(tmp_path, spec, theme="mkdocs")
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    assert "too large to show" not in out.stderr and "too many to show" not in out.stderr
    assert "This report is not shown here" not in page(config)
