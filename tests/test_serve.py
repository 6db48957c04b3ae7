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


def wait_for_gone(url: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while fetch(url) is not None:
        assert time.monotonic() < deadline, f"{url} still served"
        time.sleep(0.25)


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
    traceback, the server keeps running and picks the report up again."""
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
        wait_for_gone(url)
        report.write_text(text, encoding="utf-8")
        wait_for(url, lambda h: 'data-exam-passed="31"' in h, "the report back")
    output = log_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in output and "error happened during the rebuild" not in output, output[-3000:]
