"""``exam-report check`` reads the plugin's configuration: discovery in each layout a group's
repository may have, ``--config-file``, configs that do not load (one line, exit 2), ``--strict``
and ``--rule``, and the same ``rules:``/``edition:`` values accepted by the command line and the
plugin. Each case runs the real command line in a fresh interpreter, in a temporary repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_exam_report.config import CONFIG_NAMES, find_config, load_settings, read_config
from tests.factory import ReportSpec, write_repo
from tests.test_plugin import build, make_project

TODO_LINE = "question 6: [todo]"


def check(*args, cwd, env=None, unset=()):
    """``exam-report check ARGS`` in a fresh interpreter (``unset``: variables to remove)."""
    environ = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_exam_report", "check", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**environ, **(env or {})},
    )


def todo_repo(root: Path) -> Path:
    """A report whose only finding is a TODO left in question 6 (a warning by default)."""
    write_repo(root, ReportSpec(edition="2026").todo(6, "TODO"), figures=True)
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PLUGIN_TODO_OFF = "site_name: x\nplugins:\n  - search\n  - exam-report:\n      rules:\n        todo: off\n"


def assert_one_line_error(proc, *fragments):
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("exam-report: ")
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


# --- discovery ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CONFIG_NAMES)
def test_each_layout_is_found_and_its_rules_apply(tmp_path, name):
    todo_repo(tmp_path)
    write(tmp_path / name, PLUGIN_TODO_OFF)
    proc = check(cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert TODO_LINE not in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == f"settings: {name} (rules todo=off)"
    # the same repository without the config reports the TODO
    (tmp_path / name).unlink()
    proc = check(cwd=tmp_path)
    assert TODO_LINE in proc.stdout and "settings:" not in proc.stdout


def test_discovery_order_and_configs_without_the_plugin(tmp_path):
    todo_repo(tmp_path)
    # mkdocs.yml comes first, but without the plugin it says nothing about the report
    write(tmp_path / "mkdocs.yml", "site_name: other site\nplugins:\n  - search\n")
    write(tmp_path / "docs" / "mkdocs.yaml", PLUGIN_TODO_OFF)
    write(tmp_path / "properdocs.yml", "site_name: x\nplugins:\n  - exam-report:\n      rules: {todo: error}\n")
    assert find_config(str(tmp_path)) == str(tmp_path / "docs" / "mkdocs.yaml")
    proc = check(cwd=tmp_path)
    assert proc.returncode == 0 and "settings: docs/mkdocs.yaml" in proc.stdout
    # a config with the plugin in MkDocs' mapping form of `plugins:`
    write(tmp_path / "mkdocs.yml", "site_name: x\nplugins:\n  search: {}\n  exam-report:\n    rules: {todo: error}\n")
    proc = check(cwd=tmp_path)
    assert proc.returncode == 1 and TODO_LINE in proc.stdout and "settings: mkdocs.yml (rules todo=error)" in proc.stdout


def test_no_config_keeps_the_defaults_and_says_nothing(tmp_path):
    todo_repo(tmp_path)
    proc = check(cwd=tmp_path)
    assert proc.returncode == 0
    assert f"{TODO_LINE} (warning)" in proc.stdout and "settings" not in proc.stdout


def test_the_configs_report_option_is_the_default_path(tmp_path):
    write_repo(tmp_path / "elsewhere", ReportSpec(edition="2026").todo(6, "TODO"), figures=True)
    write(tmp_path / "docs" / "mkdocs.yaml", "site_name: x\nplugins:\n  - exam-report:\n      report: ../elsewhere/reports/README.md\n")
    proc = check(cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith("elsewhere/reports/README.md:")
    # and one that does not exist is the plugin's own configuration error, in one line
    write(tmp_path / "docs" / "mkdocs.yaml", "site_name: x\nplugins:\n  - exam-report:\n      report: ../gone/README.md\n")
    assert_one_line_error(check(cwd=tmp_path), "docs/mkdocs.yaml", "report: ../gone/README.md", "not a file")


def test_explicit_paths_are_not_judged_by_the_config_of_the_current_folder(tmp_path):
    """A teacher standing in one repository checks other groups' folders with the defaults."""
    todo_repo(tmp_path / "group1")
    write(tmp_path / "mkdocs.yml", PLUGIN_TODO_OFF)
    proc = check("group1", cwd=tmp_path)
    assert TODO_LINE in proc.stdout and "settings" not in proc.stdout
    proc = check("group1", "--config-file", "mkdocs.yml", cwd=tmp_path)
    assert TODO_LINE not in proc.stdout and "settings: mkdocs.yml (rules todo=off)" in proc.stdout


def test_a_path_naming_the_configs_own_report_says_the_config_was_not_read(tmp_path):
    """`check .` in a repository whose config sets rules: judged with the defaults (a PATH may be
    another group's), and the last line says so, as the verdict can differ from the build's."""
    todo_repo(tmp_path)
    write(tmp_path / "docs" / "mkdocs.yaml", PLUGIN_TODO_OFF)
    unread = "settings: the defaults; docs/mkdocs.yaml (rules todo=off) is read only when no PATH is given (or with --config-file docs/mkdocs.yaml)"
    for given in (".", "reports/README.md", str(tmp_path)):
        proc = check(given, cwd=tmp_path)
        assert TODO_LINE in proc.stdout and proc.stdout.rstrip().endswith(unread), given
    assert proc.stdout.startswith(f"{tmp_path}/reports/README.md:")
    assert check(".", cwd=tmp_path).stdout.startswith("reports/README.md:")  # no './' before it
    # without PATH the config is read and named as before; with default settings nothing is said
    assert "settings: docs/mkdocs.yaml (rules todo=off)" in check(cwd=tmp_path).stdout
    write(tmp_path / "docs" / "mkdocs.yaml", "site_name: x\nplugins:\n  - exam-report\n")
    assert "settings" not in check(".", cwd=tmp_path).stdout


def test_config_file_option_names_one(tmp_path):
    todo_repo(tmp_path)
    write(tmp_path / "ci" / "site.yml", "site_name: x\nplugins:\n  - exam-report:\n      rules: {todo: error}\n      edition: 2026\n")
    proc = check("--config-file", "ci/site.yml", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{TODO_LINE} 'TODO'" in proc.stdout  # an error now: no "(warning)"
    assert "(2026 template, option)" in proc.stdout
    assert "settings: ci/site.yml (edition 2026; rules todo=error)" in proc.stdout
    # a config elsewhere: its report is found next to it or one folder up
    other = tmp_path / "other"
    todo_repo(other)
    write(other / "docs" / "mkdocs.yaml", PLUGIN_TODO_OFF)
    proc = check("--config-file", other / "docs" / "mkdocs.yaml", cwd=tmp_path / "ci")
    assert proc.returncode == 0 and "other/reports/README.md: 31/31" in proc.stdout, proc.stdout


# --- configs that do not load --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, fragments",
    [
        ("site_name: x\nplugins:\n  - exam-report:\n    rules: [\n", ("docs/mkdocs.yaml:", "not valid YAML")),
        ("site_name: x\n\tplugins: []\n", ("docs/mkdocs.yaml:2", "not valid YAML")),
        ("- just\n- a list\n", ("docs/mkdocs.yaml", "mapping")),
        ("site_name: x\nplugins:\n  - exam-report:\n      rules: {tood: off}\n", ("plugin exam-report", "'rules'", "unknown rule 'tood'")),
        ("site_name: x\nplugins:\n  - exam-report:\n      rules: {todo: loud}\n", ("'rules'", "severity must be one of")),
        ("site_name: x\nplugins:\n  - exam-report:\n      rules: [todo]\n", ("'rules'", "mapping")),
        ("site_name: x\nplugins:\n  - exam-report:\n      edition: 2024\n", ("'edition' must be one of auto, 2023, 2025, 2026",)),
        ("site_name: x\nplugins:\n  - exam-report: [report]\n", ("its options must be a mapping",)),
        ("INHERIT: base.yml\nsite_name: x\n", ("INHERIT: base.yml does not exist",)),
    ],
)
def test_bad_config_is_one_line_and_exit_2(tmp_path, text, fragments):
    todo_repo(tmp_path)
    write(tmp_path / "docs" / "mkdocs.yaml", text)
    assert_one_line_error(check(cwd=tmp_path), *fragments)
    assert_one_line_error(check("--config-file", "docs/mkdocs.yaml", tmp_path, cwd=tmp_path), *fragments)


def test_not_utf8_and_missing_config_files(tmp_path):
    todo_repo(tmp_path)
    (tmp_path / "mkdocs.yml").write_bytes(b"site_name: \xe6\xf8\xe5\nplugins: [exam-report]\n")
    assert_one_line_error(check(cwd=tmp_path), "mkdocs.yml", "not UTF-8")
    assert_one_line_error(check("--config-file", "nope.yml", cwd=tmp_path), "nope.yml: no such config file")
    assert_one_line_error(check("--config-file", "reports", cwd=tmp_path), "reports: a folder")


def test_mkdocs_tags_are_read_safely_and_nothing_runs(tmp_path):
    """The tags of a real Material site: !ENV resolves like MkDocs' loader; !!python/name (which
    MkDocs would import) and even !!python/object/apply stay inert text."""
    todo_repo(tmp_path)
    config = write(
        tmp_path / "docs" / "mkdocs.yaml",
        "site_name: !ENV [SITE_NAME, x]\n"
        "plugins:\n"
        "  - exam-report:\n"
        "      enabled: !ENV [EXAM_REPORT, true]\n"
        "      edition: !ENV [EXAM_EDITION, auto]\n"
        "      rules: {todo: !ENV [TODO_SEVERITY, warning]}\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        "  - pymdownx.snippets:\n"
        "      base_path: !relative $config_dir\n"
        "extra:\n"
        "  x: !!python/object/apply:os.system [\"touch pwned\"]\n",
    )
    proc = check(cwd=tmp_path, env={"TODO_SEVERITY": "off", "EXAM_EDITION": "2026"})
    assert proc.returncode == 0, proc.stderr
    assert TODO_LINE not in proc.stdout
    assert "settings: docs/mkdocs.yaml (edition 2026; rules todo=off)" in proc.stdout
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "docs" / "pwned").exists()
    data = read_config(str(config))
    assert str(data["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"]).endswith("material.extensions.emoji.twemoji")
    # without the variables, the defaults written after them
    proc = check(cwd=tmp_path, unset=("TODO_SEVERITY", "EXAM_EDITION", "EXAM_REPORT", "SITE_NAME"))
    assert proc.returncode == 0 and f"{TODO_LINE} (warning)" in proc.stdout
    assert "settings: docs/mkdocs.yaml (rules todo=warning)" in proc.stdout


def test_inherit_merges_the_parent_as_mkdocs_does(tmp_path):
    todo_repo(tmp_path)
    write(tmp_path / "docs" / "base.yml", "site_name: x\nplugins:\n  - exam-report:\n      rules: {todo: error}\n")
    write(tmp_path / "docs" / "mkdocs.yaml", "INHERIT: base.yml\nsite_name: y\n")
    settings = load_settings(str(tmp_path / "docs" / "mkdocs.yaml"))
    assert settings.rules == {"todo": "error"}
    assert check(cwd=tmp_path).returncode == 1


# --- --strict and --rule -------------------------------------------------------------------------


def test_strict_fails_on_warnings_only_reports(tmp_path):
    todo_repo(tmp_path)
    plain = check(cwd=tmp_path)
    strict = check("--strict", cwd=tmp_path)
    assert plain.returncode == 0 and strict.returncode == 1
    assert f"{TODO_LINE} (warning)" in strict.stdout
    assert strict.stdout.strip().splitlines()[-1] == "settings: no config file (default settings); --strict: warnings fail"
    # a clean report passes strictly; info findings never fail
    clean = write_repo(tmp_path / "clean", ReportSpec(edition="2026"), figures=True)
    assert check("--strict", clean, cwd=tmp_path).returncode == 0
    assert check("--strict", "--rule", "todo=info", cwd=tmp_path).returncode == 0


def test_rule_overrides_the_config_and_is_repeatable(tmp_path):
    todo_repo(tmp_path)
    write(tmp_path / "docs" / "mkdocs.yaml", PLUGIN_TODO_OFF)
    proc = check("--rule", "todo=error", cwd=tmp_path)
    assert proc.returncode == 1 and TODO_LINE in proc.stdout
    assert "settings: docs/mkdocs.yaml (rules todo=error)" in proc.stdout
    for word in ("off", "false", "no", "OFF"):
        proc = check("--rule", "todo=error", "--rule", f"todo={word}", "--strict", cwd=tmp_path)
        assert proc.returncode == 0 and TODO_LINE not in proc.stdout, word
    proc = check("--rule", "todo=warning", "--rule", "words=off", "--strict", cwd=tmp_path)
    assert proc.returncode == 1 and "rules todo=warning, words=off" in proc.stdout


@pytest.mark.parametrize(
    "rule, fragments",
    [
        ("todo", ("--rule expects ID=SEVERITY", "'todo'")),
        ("=off", ("--rule expects ID=SEVERITY",)),
        ("tod=off", ("--rule: unknown rule 'tod'",)),
        ("todo=loud", ("severity must be one of error, warning, info, off", "'loud'")),
    ],
)
def test_bad_rule_option_is_one_line_and_exit_2(tmp_path, rule, fragments):
    todo_repo(tmp_path)
    assert_one_line_error(check("--rule", rule, cwd=tmp_path), *fragments)


# --- the plugin takes the same values ------------------------------------------------------------


def test_unquoted_off_and_year_mean_the_same_to_the_plugin_and_the_cli(tmp_path):
    config = make_project(tmp_path, ReportSpec(edition="2026").todo(6, "TODO"))
    # written by hand, as a student would: unquoted `off` and `2026`
    config.write_text(
        "site_name: x\ndocs_dir: source\ntheme: {name: mkdocs}\nplugins:\n  - search\n"
        "  - exam-report:\n      edition: 2026\n      rules:\n        todo: off\n",
        encoding="utf-8",
    )
    out = build(config, strict=True)
    assert out.returncode == 0, out.stderr
    assert "[todo]" not in out.stderr and "(2026 template, option)" in out.stderr
    proc = check("--strict", cwd=tmp_path)
    assert proc.returncode == 0 and TODO_LINE not in proc.stdout and "(2026 template, option)" in proc.stdout
    # and the wrong year is refused by both, each in its own way
    config.write_text(config.read_text().replace("2026", "2024"), encoding="utf-8")
    out = build(config, strict=True)
    assert out.returncode != 0 and "edition" in out.stderr and "Traceback" not in out.stderr
    assert_one_line_error(check(cwd=tmp_path), "'edition'")
