"""Every snippet of docs/getting-started.md and docs/configuration.md (the plugin's pages), read
from the page itself and run in a temporary project in the course layout: configuration is built
strictly, commands are run, log lines are compared with what the build prints."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

from tests.factory import ReportSpec
from tests.serving import free_port
from tests.test_docs import install_commands
from tests.test_plugin import build, make_project

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^(?:<!-- test: ([\w-]+) -->\n)?```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def snippets(page: str) -> list[tuple[str, str]]:
    """(language, text) of each fenced block; the language is ``test:NAME`` for a block marked
    ``<!-- test: NAME -->``, which tests/test_plugin_routes.py runs by that name."""
    return [
        (f"test:{m.group(1)}" if m.group(1) else m.group(2), m.group(3))
        for m in FENCE.finditer((ROOT / "docs" / page).read_text(encoding="utf-8"))
    ]


def run_elsewhere(language: str, text: str) -> bool:
    """A block marked for tests/test_plugin_routes.py: its ``snippet(NAME)`` reads exactly it."""
    if not language.startswith("test:"):
        return False
    from tests.test_plugin_routes import snippet

    assert snippet(language.removeprefix("test:")) == text
    return True


def plugin_options(snippet: str) -> dict:
    """A snippet of the plugin's options, written as the docs do (a whole ``plugins:`` list, or the
    lines under ``- exam-report:``), as the options mapping."""
    if snippet.lstrip().startswith("plugins:"):
        data = yaml.safe_load(snippet)
    else:
        data = yaml.safe_load("plugins:\n  - exam-report:\n" + snippet)
    entry = next(p for p in data["plugins"] if p == "exam-report" or (isinstance(p, dict) and "exam-report" in p))
    return {} if entry == "exam-report" else (entry["exam-report"] or {})


def project(tmp_path: Path, spec: ReportSpec | None = None, **config) -> Path:
    path = make_project(tmp_path, spec or ReportSpec(edition="2026"))
    if config:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.update(config)
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def short_answer_spec() -> ReportSpec:
    spec = ReportSpec(edition="2026")
    spec.answers[5] = " ".join(["word"] * 43)
    return spec


def check_log_line(tmp_path: Path, line: str) -> None:
    """The documented line, with the line number our factory's report has, is in the build's log."""
    config = project(tmp_path, short_answer_spec())
    cli = subprocess.run([sys.executable, "-m", "mkdocs_exam_report", "check", "reports/README.md"],
                         capture_output=True, text=True, cwd=tmp_path)
    number = re.search(r"reports/README\.md:(\d+): question 5: \[words\]", cli.stdout).group(1)
    out = build(config)
    assert line.strip().replace(":190:", f":{number}:") in out.stderr, out.stderr


def run_in(tmp_path: Path, command: str) -> subprocess.CompletedProcess:
    words = shlex.split(command)
    if words[0] in ("mkdocs", "exam-report"):
        words = [sys.executable, "-m", "mkdocs" if words[0] == "mkdocs" else "mkdocs_exam_report", *words[1:]]
    elif words[0] == "pip":
        # the same command as docs/ci.md's, which tests/test_install.py runs in a fresh venv
        assert command in install_commands(), command
        return subprocess.CompletedProcess(words, 0, "", "")
    return subprocess.run(words, capture_output=True, text=True, cwd=tmp_path)


def serve_shows_the_report(tmp_path: Path, command: str) -> None:
    port = free_port()
    words = shlex.split(command)
    assert words[:2] == ["mkdocs", "serve"]
    server = subprocess.Popen([sys.executable, "-m", *words, "-a", f"127.0.0.1:{port}"], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/report/", timeout=5) as response:
                    assert "data-exam-passed" in response.read().decode("utf-8")
                    return
            except OSError:
                assert time.monotonic() < deadline, "mkdocs serve never showed /report/"
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_getting_started_snippets(tmp_path):
    blocks = snippets("getting-started.md")
    ran = 0
    for i, (language, text) in enumerate(blocks):
        where = tmp_path / str(i)
        where.mkdir()
        if run_elsewhere(language, text):
            pass
        elif language == "yaml":
            data = yaml.safe_load(text)
            if "nav" in data:  # the explicit nav with the report's page: builds strictly
                config = project(where, nav=data["nav"])
                out = build(config, strict=True)
                assert out.returncode == 0, out.stderr
                assert (config.parent / "site" / "report" / "index.html").is_file()
            else:
                config = project(where, plugins=data["plugins"])
                assert build(config, strict=True).returncode == 0
        elif language == "bash":
            project(where)
            for command in [line for line in text.splitlines() if line.strip()]:
                command = command.split("#", 1)[0].strip()
                if command.startswith("mkdocs serve"):
                    serve_shows_the_report(where, command)
                    continue
                out = run_in(where, command)
                assert out.returncode == 0, (command, out.stdout, out.stderr)
        elif "WARNING" in text:
            check_log_line(where, text)
        else:
            raise AssertionError(f"a snippet no test runs: {text!r}")
        ran += 1
    assert ran == len(blocks) >= 7


def test_configuration_snippets(tmp_path):
    blocks = snippets("configuration.md")
    ran = 0
    for i, (language, text) in enumerate(blocks):
        where = tmp_path / str(i)
        where.mkdir()
        if run_elsewhere(language, text):
            pass
        elif language == "yaml":
            options = plugin_options(text)
            spec = ReportSpec(edition="2026").todo(6, "TODO")
            config = make_project(where, spec, options=options)
            out = build(config, strict=True)
            assert "Traceback" not in out.stderr
            if options.get("rules", {}).get("todo") in ("off", False):
                # exactly as the page writes it: YAML's unquoted off is accepted as the severity off
                assert out.returncode == 0, out.stderr
                assert "[todo]" not in out.stderr
            else:
                assert out.returncode != 0 and "question 6: [todo]" in out.stderr
        elif "WARNING" in text:
            check_log_line(where, text)
        else:
            raise AssertionError(f"a snippet no test runs: {text!r}")
        ran += 1
    assert ran == len(blocks) >= 4


def test_rules_todo_off_is_written_unquoted_in_the_docs():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert "        todo: off\n" in text
    options = plugin_options(next(t for _, t in snippets("configuration.md") if "todo: off" in t))
    assert options["rules"]["todo"] is False  # what YAML makes of it, which the plugin accepts
