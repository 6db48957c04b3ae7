"""Live preview: a real `mkdocs serve` on 127.0.0.1, the report outside docs_dir edited while it runs."""

from __future__ import annotations

import time
import urllib.request

import pytest

from tests.factory import ReportSpec, build_report, png
from tests.serving import serving
from tests.test_plugin import make_project

TIMEOUT = 60


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def wait_for(url: str, predicate, what: str) -> str:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        html = fetch(url)
        if html is not None and predicate(html):
            return html
        time.sleep(0.25)
    raise AssertionError(f"timed out after {TIMEOUT}s waiting for {what}")


@pytest.fixture(params=["mkdocs", "properdocs"])
def served(tmp_path, request):
    spec = ReportSpec(edition="2026")
    spec.answers[5] = "Too short for now."
    config = make_project(tmp_path, spec)
    (tmp_path / "reports" / "figures" / "q19_1.png").unlink()
    try:
        with serving(request.param, config, tmp_path / "serve.log") as (base, server):
            yield tmp_path, base + "report/", spec, server
    finally:
        print((tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace")[-4000:])  # shown on failure


def test_edits_to_the_report_and_its_figures_rebuild_the_page(served):
    root, url, spec, server = served
    report = root / "reports" / "README.md"
    html = wait_for(url, lambda h: 'data-exam-question="5"' in h, "the first build")
    assert 'data-exam-question="5" data-exam-status="fail"' in html
    # its figure is missing; under `mkdocs serve` findings are listed on the page (annotate: serve)
    assert 'data-exam-rule="image-missing"' in html

    del spec.answers[5]
    report.write_text(build_report(spec), encoding="utf-8")
    wait_for(url, lambda h: 'data-exam-question="5" data-exam-status="pass"' in h, "question 5 to pass after the edit")

    (root / "reports" / "figures" / "q19_1.png").write_bytes(png())
    wait_for(url, lambda h: 'data-exam-rule="image-missing"' not in h, "the missing-figure finding to go")

    # A broken structure never stops the server; the page says what is wrong.
    text = report.read_text(encoding="utf-8")
    start = text.index("### Question 10")
    marker = text.index("> Answer:", start)
    report.write_text(text[:marker] + text[marker + len("> Answer:") :], encoding="utf-8")
    html = wait_for(url, lambda h: 'data-exam-readable="false"' in h, "the structure finding")
    assert 'data-exam-rule="structure"' in html
    assert server.poll() is None
    log = (root / "serve.log").read_text(encoding="utf-8", errors="replace")
    assert "question 10: [structure]" in log and "Traceback" not in log


def test_configured_report_that_goes_away_and_comes_back(tmp_path):
    """`report:` set, and the file vanishes while serving (a branch switch): a warning, no
    traceback, a page saying the report is missing, the server keeps running and picks the
    report up again."""
    config = make_project(tmp_path, ReportSpec(edition="2026"), options={"report": "../reports/README.md"})
    report = tmp_path / "reports" / "README.md"
    text = report.read_text(encoding="utf-8")
    log_path = tmp_path / "serve.log"
    with serving("mkdocs", config, log_path) as (base, server):
        url = base + "report/"
        wait_for(url, lambda h: 'data-exam-passed="31"' in h, "the first build")
        report.unlink()
        deadline = time.monotonic() + TIMEOUT
        while "which is not a file" not in log_path.read_text(encoding="utf-8", errors="replace"):
            assert time.monotonic() < deadline, "no warning about the missing report"
            time.sleep(0.25)
        assert server.poll() is None
        wait_for(url, lambda h: "is missing" in h and "data-exam-passed" not in h, "a page saying it is missing")
        report.write_text(text, encoding="utf-8")
        wait_for(url, lambda h: 'data-exam-passed="31"' in h, "the report back")
    output = log_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in output and "error happened during the rebuild" not in output, output[-3000:]


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_the_reports_folder_deleted_and_made_again(tmp_path, tool):
    """`rm -rf reports` while serving, then a new reports/ (a branch switch, a fresh clone of the
    folder): the page says the report is missing, then shows the new report, and edits to the new
    report rebuild it - MkDocs' own watch on the old folder died with it."""
    import shutil

    spec = ReportSpec(edition="2026")
    project = tmp_path / "project"  # the log beside it: a file the server writes is not watched
    config = make_project(project, spec)
    reports = project / "reports"
    saved = tmp_path / "saved"
    shutil.copytree(reports, saved)
    log_path = tmp_path / "serve.log"
    try:
        with serving(tool, config, log_path) as (base, server):
            url = base + "report/"
            wait_for(url, lambda h: 'data-exam-passed="31"' in h, "the first build")
            shutil.rmtree(reports)
            html = wait_for(url, lambda h: "is missing" in h, "the page saying the report is missing")
            assert "reports/README.md" in html and "data-exam-passed" not in html
            shutil.copytree(saved, reports)
            wait_for(url, lambda h: 'data-exam-passed="31"' in h, "the new report")
            spec.answers[5] = "Too short now."
            (reports / "README.md").write_text(build_report(spec), encoding="utf-8")
            wait_for(url, lambda h: 'data-exam-question="5" data-exam-status="fail"' in h, "an edit to the new report")
            (reports / "figures" / "q19_1.png").unlink()
            wait_for(url, lambda h: 'data-exam-rule="image-missing"' in h, "a deleted figure of the new folder")
            assert server.poll() is None
    finally:
        print(log_path.read_text(encoding="utf-8", errors="replace")[-4000:])  # shown on failure
    output = log_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in output and "error happened during the rebuild" not in output, output[-3000:]
    assert "the report is gone (deleted or moved)" in output
    assert output.count("Building documentation") < 12  # a handful of rebuilds, not a loop


def test_a_log_written_beside_the_report_folder_does_not_rebuild_forever(tmp_path):
    """The server's own log in the report folder's parent (`mkdocs serve > serve.log` at the
    repository's top): the parent is not watched, only the report's folder, and the server says so."""
    config = make_project(tmp_path, ReportSpec(edition="2026"))
    log_path = tmp_path / "serve.log"
    with serving("mkdocs", config, log_path) as (base, server):
        wait_for(base + "report/", lambda h: 'data-exam-passed="31"' in h, "the first build")
        time.sleep(3)  # several polls of the watched folders
    output = log_path.read_text(encoding="utf-8", errors="replace")
    assert f"holds this server's log, {log_path}" in output
    assert output.count("Building documentation") == 1
