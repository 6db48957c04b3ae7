"""The report reached by other routes than reports/README.md published at `url`, and other plugins
around it (issue 13.6-13.9, 15.1, 15.7): real builds in the course layout (docs/mkdocs.yaml,
docs_dir: source, the report in reports/ outside it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.factory import ReportSpec
from tests.test_plugin import badges, broken_spec, build, make_project, page

def configure(config: Path, **changes) -> None:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data.update(changes)
    config.write_text(yaml.safe_dump(data), encoding="utf-8")


def cli_lines(root: Path) -> list[str]:
    """The command line's finding lines for reports/README.md, run from the repository."""
    out = subprocess.run([sys.executable, "-m", "mkdocs_exam_report", "check", "reports/README.md"],
                         capture_output=True, text=True, cwd=root)
    return [line for line in out.stdout.splitlines() if line.startswith("reports/README.md:") and "[" in line]


def ours(log: str) -> list[str]:
    """Our finding lines in a build's log, without MkDocs' prefix."""
    return [line.split("mkdocs_exam_report: ", 1)[1] for line in log.splitlines()
            if "mkdocs_exam_report: " in line and "question" in line and "[" in line]


def mine(log: str) -> str:
    """This plugin's lines of a build's log (MkDocs' own link warnings are another matter)."""
    return "\n".join(line for line in log.splitlines() if "mkdocs_exam_report: " in line)


def clean_spec() -> ReportSpec:
    spec = ReportSpec(edition="2026")
    spec.ticked = 30
    return spec


# --- 13.6 the report reached through a symbolic link, or a copy made by mkdocs-gen-files -------


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_a_symlink_in_docs_dir_is_the_report_itself(tmp_path, theme, tool):
    config = make_project(tmp_path, clean_spec(), theme=theme)
    (config.parent / "source" / "report.md").symlink_to(Path("..") / ".." / "reports" / "README.md")
    out = build(config, strict=True, tool=tool)
    assert out.returncode == 0, out.stderr
    assert "reports/README.md: 31/31 questions pass" in out.stderr  # judged at its real path, once
    assert out.stderr.count("questions pass the official checks") == 1
    site = config.parent / "site"
    html = page(config)
    assert 'data-exam-passed="31"' in html
    for n in (14, 19, 20, 21, 29):  # its images, beside the page, where its links lead
        assert (site / "figures" / f"q{n}_1.png").is_file()
        assert f'src="../figures/q{n}_1.png"' in html
    assert not (site / "report" / "figures").exists()  # published once


def test_a_symlinked_report_with_faults_says_each_once_like_the_cli(tmp_path):
    config = make_project(tmp_path, broken_spec())
    (tmp_path / "reports" / "figures" / "q19_1.png").unlink()
    (config.parent / "source" / "report.md").symlink_to(Path("..") / ".." / "reports" / "README.md")
    out = build(config, strict=True)
    assert out.returncode != 0
    expected = cli_lines(tmp_path)
    assert any("[image-missing]" in line for line in expected)
    assert sorted(ours(out.stderr)) == sorted(expected)


GEN_SCRIPT = '''
import mkdocs_gen_files
from pathlib import Path

text = (Path(__file__).parent.parent / "reports" / "README.md").read_bytes()
with mkdocs_gen_files.open("exam.md", "wb") as page:
    page.write(text)
'''


@pytest.mark.parametrize("first", [True, False], ids=["gen-files-first", "exam-report-first"])
def test_a_copy_generated_by_gen_files_is_judged_at_its_real_path_once(tmp_path, first):
    config = make_project(tmp_path, broken_spec())
    (config.parent / "gen_report.py").write_text(GEN_SCRIPT, encoding="utf-8")
    gen = {"gen-files": {"scripts": ["gen_report.py"]}}
    configure(config, plugins=["search", gen, "exam-report"] if first else ["search", "exam-report", gen])
    out = build(config)
    assert out.returncode == 0, out.stderr
    assert sorted(ours(out.stderr)) == sorted(cli_lines(tmp_path))
    assert "[image-missing]" not in out.stderr and "mkdocs_gen_files" not in out.stderr
    site = config.parent / "site"
    assert not (site / "report").exists()  # not published a second time at url
    html = (site / "exam" / "index.html").read_text(encoding="utf-8")
    assert 'data-exam-question="5" data-exam-status="fail"' in html
    assert (site / "figures" / "q14_1.png").is_file() and 'src="../figures/q14_1.png"' in html


# --- 13.7 other plugins that drop or overwrite the page --------------------------------------


def i18n(config: Path) -> None:
    languages = [{"locale": "en", "default": True, "name": "English"}, {"locale": "da", "name": "Dansk", "build": True}]
    configure(config, plugins=["search", {"i18n": {"docs_structure": "suffix", "languages": languages}}, "exam-report"])


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_static_i18n_keeps_the_report_and_it_is_judged_once(tmp_path, theme):
    config = make_project(tmp_path, broken_spec(), theme=theme)
    i18n(config)
    out = build(config, strict=True)
    assert out.returncode != 0
    assert "Unhandled file case" not in out.stderr
    expected = cli_lines(tmp_path)
    assert sorted(ours(out.stderr)) == sorted(expected)  # once, not once per language
    assert 'data-exam-question="5" data-exam-status="fail"' in page(config)
    assert (config.parent / "site" / "da" / "index.html").is_file()


def test_static_i18n_with_a_clean_report_passes_strict(tmp_path):
    config = make_project(tmp_path, clean_spec())
    i18n(config)
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    assert (config.parent / "site" / "report" / "figures" / "q14_1.png").is_file()


DROP_HOOK = '''
from mkdocs.plugins import event_priority


@event_priority(-200)  # after exam-report
def on_files(files, config):
    report = files.get_file_from_path("report/index.md")
    if report is not None:
        files.remove(report)
    return files
'''


def test_a_plugin_that_drops_the_report_page_is_named(tmp_path):
    config = make_project(tmp_path, clean_spec())
    (config.parent / "hooks.py").write_text(DROP_HOOK, encoding="utf-8")
    configure(config, hooks=["hooks.py"])
    out = build(config, strict=True)
    assert out.returncode != 0
    assert "another plugin removed the report's page (report/index.md)" in out.stderr
    assert "neither checked nor published" in out.stderr
    assert not (config.parent / "site" / "report" / "index.html").exists()


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_a_user_page_at_the_reports_address_is_an_error(tmp_path, use_directory_urls):
    config = make_project(tmp_path, clean_spec())
    (config.parent / "source" / "report.md").write_text("# Our own report page\n", encoding="utf-8")
    configure(config, use_directory_urls=use_directory_urls)
    out = build(config)
    if use_directory_urls:  # report.md is report/index.html too
        assert out.returncode != 0 and "Traceback" not in out.stderr
        assert "the site already has a page at report/ (report.md)" in out.stderr
    else:  # report.html and report/index.html: no clash
        assert out.returncode == 0, out.stderr
        assert "Our own report page" in (config.parent / "site" / "report.html").read_text(encoding="utf-8")


# --- 13.8 verdicts on the file as committed ---------------------------------------------------


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_mkdocs_macros_does_not_change_the_verdicts(tmp_path, theme):
    spec = clean_spec()
    spec.answers[23] = (
        "We keep the key in GitHub secrets and the workflow reads it as ${{ secrets.GCP_SA_KEY }} "
        "before it deploys the container to Cloud Run with the gcloud action. " + "More words here. " * 30
    )
    config = make_project(tmp_path, spec, theme=theme)
    configure(config, plugins=["search", "macros", "exam-report"])
    assert cli_lines(tmp_path) == []
    out = build(config, strict=True)
    assert "not an exam report" not in out.stderr
    assert "[structure]" not in out.stderr and "[words]" not in out.stderr
    assert "reports/README.md: 31/31 questions pass" in out.stderr


HOOK = '''
def on_page_markdown(markdown, page, config, files):
    return markdown.replace("{{ long_answer }}", " ".join(["word"] * 120))
'''


def test_markdown_rewritten_by_other_plugins_is_not_what_is_judged(tmp_path):
    """A macro-like hook fills in an answer: the page shows 120 words, but the file has 3, and
    the file is what the course judges. Line numbers are the file's, front matter included."""
    spec = ReportSpec(edition="2026").todo(6, "TODO").placeholder(12)
    spec.answers[5] = "{{ long_answer }}"
    spec.front_matter = True
    config = make_project(tmp_path, spec)
    (config.parent / "hooks.py").write_text(HOOK, encoding="utf-8")
    configure(config, hooks=["hooks.py"])
    out = build(config)
    assert out.returncode == 0, out.stderr
    expected = cli_lines(tmp_path)
    assert any("question 5: [words] 3 words" in line for line in expected)
    assert sorted(ours(out.stderr)) == sorted(expected)
    status = {e["data-exam-question"]: e["data-exam-status"] for e in badges(page(config)).elements
              if "data-exam-question" in e}
    assert status["5"] == "fail" and status["12"] == "fail" and status["7"] == "pass"


# --- 13.9 --dirty --------------------------------------------------------------------------------


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_dirty_build_rechecks_the_report_after_a_screenshot_is_deleted(tmp_path, tool):
    config = make_project(tmp_path, clean_spec())
    first = build(config, strict=True, tool=tool)
    assert first.returncode == 0, first.stderr
    (tmp_path / "reports" / "figures" / "q19_1.png").unlink()
    out = build(config, strict=True, tool=tool, extra=["--dirty"])
    assert out.returncode != 0
    assert "question 19: [image-missing]" in out.stderr
    assert 'data-exam-rule="image-missing"' not in page(config)  # annotate: serve
    assert 'data-exam-question="19"' in page(config)


# --- the documentation's snippets ----------------------------------------------------------------


def snippet(name: str) -> str:
    """The code block right after ``<!-- test: NAME -->`` in docs/configuration.md."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "configuration.md").read_text(encoding="utf-8")
    after = text.split(f"<!-- test: {name} -->\n", 1)[1]
    return after.split("```", 2)[1].split("\n", 1)[1]


def test_the_documented_gen_files_setup_builds_strictly(tmp_path):
    config = make_project(tmp_path, clean_spec())
    script = snippet("gen-files-script")
    assert script.startswith("# docs/gen_report.py\n")
    (config.parent / "gen_report.py").write_text(script, encoding="utf-8")
    configure(config, **yaml.safe_load(snippet("gen-files-config")))
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yaml"],
                         capture_output=True, text=True, cwd=config.parent)  # scripts run from docs/
    assert out.returncode == 0, out.stderr
    assert "reports/README.md: 31/31 questions pass" in out.stderr
    assert 'data-exam-passed="31"' in page(config, "exam")
    assert not (config.parent / "site" / "report").exists()
