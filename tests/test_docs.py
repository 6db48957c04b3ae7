"""Every command and snippet of docs/cli.md and docs/ci.md, run for real.

Each fenced block of the two pages is sorted into a kind (a workflow, a pre-commit config, shell
commands, example output, ...) and each kind has its test here; ``test_every_block_is_run`` fails
on a block no test runs. The workflows are linted by actionlint and their ``run:`` steps run in a
repository in the course's layout; ``mkdocs gh-deploy`` pushes to a local bare repository whose
``gh-pages`` branch is then checked like GitHub Pages would serve it under a project-site subpath;
the install commands run in fresh virtual environments (tests/test_install.py); the pre-commit
configs run with this working tree, committed to a scratch repository tagged as the release, as
the hook's repository (the project's GitHub address replaced by that repository's path)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from mkdocs_exam_report import __version__
from mkdocs_exam_report.cli import build_parser
from mkdocs_exam_report.findings import RULES
from tests.factory import ReportSpec, build_report, write_repo
from tests.test_plugin import make_project

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("docs/cli.md", "docs/ci.md")
HOME = "https://github.com/mkdocs-exam-report/mkdocs-exam-report"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "exam-report tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "exam-report tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    lang: str
    text: str

    @property
    def kind(self) -> str | None:
        first = self.text.lstrip().splitlines()[0] if self.text.strip() else ""
        if self.lang == "yaml":
            if "\njobs:" in self.text:
                return "workflow"
            if first == "repos:":
                return "pre-commit"
            if first == "plugins:":
                return "plugins"
        if self.lang == "bash":
            return "commands"
        if self.lang == "json":
            return "json"
        if self.lang == "":
            if first.startswith("exam-report check ["):
                return "usage"
            if first.startswith(("reports/README.md:", "exam-report: ", "::")):
                return "output"
        return None


def blocks(page: str) -> list[Block]:
    lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
    found, i = [], 0
    while i < len(lines):
        if lines[i].startswith("```"):
            j = i + 1
            while not lines[j].startswith("```"):
                j += 1
            found.append(Block(page, i + 1, lines[i][3:].strip(), "\n".join(lines[i + 1 : j]) + "\n"))
            i = j
        i += 1
    return found


ALL = [block for page in PAGES for block in blocks(page)]


def of_kind(kind: str) -> list[Block]:
    return [block for block in ALL if block.kind == kind]


def command_lines() -> list[str]:
    return [line for block in of_kind("commands") for line in block.text.splitlines() if line.strip()]


def command_kind(line: str) -> str | None:
    if line.startswith(("exam-report ", "python -m mkdocs_exam_report ")):
        return "cli"
    if line.startswith(("pip install ", "python -m build")):
        return "install"
    if line.startswith("pre-commit "):
        return "pre-commit"
    return None


def workflows() -> list[tuple[Block, dict]]:
    return [(block, yaml.safe_load(block.text)) for block in of_kind("workflow")]


def run_steps(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]


def install_commands() -> list[str]:
    """Every install command of the two pages, in the order given (tests/test_install.py runs them)."""
    found = [line for line in command_lines() if command_kind(line) == "install"]
    for _block, workflow in workflows():
        found += [step for step in run_steps(workflow) if step.startswith("pip install ")]
    return list(dict.fromkeys(found))


def shell(command: str, cwd: Path, env: dict | None = None, unset=()) -> subprocess.CompletedProcess:
    """A documented command through bash, with this interpreter's scripts (exam-report, mkdocs,
    pre-commit) first on PATH; ``unset``: variables to leave out."""
    path = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])
    environ = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        env={**environ, **GIT_ENV, "PATH": path, **(env or {})},
    )


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env={**os.environ, **GIT_ENV})


def warnings_only() -> ReportSpec:
    return ReportSpec(edition="2026").todo(6, "TODO")


def course_repo(root: Path, spec: ReportSpec, options=None, **config) -> Path:
    """A group's repository in the course's layout (docs/mkdocs.yaml, docs_dir: source, the
    report in reports/), extra top-level config keys from ``config``; returns the root."""
    path = make_project(root, spec, theme="mkdocs", options=options)
    if config:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.update(config)
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return root


def actionlint() -> str:
    found = shutil.which("actionlint") or shutil.which("actionlint", path=os.path.dirname(sys.executable))
    assert found, "actionlint is missing: it comes with the test extra (pip install -e '.[test]')"
    return found


# --- every block has its test ----------------------------------------------------------------


def test_every_block_is_run():
    assert len(ALL) >= 15
    unsorted = [(b.page, b.line) for b in ALL if b.kind is None]
    assert not unsorted, f"blocks no test runs: {unsorted}"
    assert {b.kind for b in ALL} == {"workflow", "pre-commit", "plugins", "commands", "json", "usage", "output"}
    unknown = [line for line in command_lines() if command_kind(line) is None]
    assert not unknown, f"commands no test runs: {unknown}"
    for _block, workflow in workflows():
        for step in run_steps(workflow):
            assert step.startswith(("pip install ", "mkdocs build --strict", "mkdocs gh-deploy --strict", "exam-report check --strict")), step


# --- workflows -------------------------------------------------------------------------------


def test_workflows_pass_actionlint(tmp_path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    files = [str(ROOT / ".github" / "workflows" / "release.yml")]
    for i, block in enumerate(of_kind("workflow")):
        target = folder / f"doc{i}.yaml"
        target.write_text(block.text, encoding="utf-8")
        files.append(str(target))
    assert len(files) == 5
    proc = subprocess.run([actionlint(), "-no-color", *files], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # and the linter does find what it should: an action on a retired runtime, a missing runs-on
    bad = folder / "bad.yaml"
    bad.write_text(of_kind("workflow")[0].text.replace("actions/checkout@v5", "actions/checkout@v2").replace("    runs-on: ubuntu-latest\n", "", 1), encoding="utf-8")
    proc = subprocess.run([actionlint(), "-no-color", str(bad)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1 and "checkout@v2" in proc.stdout and "runs-on" in proc.stdout, proc.stdout


def test_every_workflow_installs_a_package_and_checks_as_strictly_as_the_build():
    for block, workflow in workflows():
        steps = run_steps(workflow)
        assert steps[0] in install_commands(), (block.line, steps[0])
        checks = steps[1:]
        assert checks and all("--strict" in step for step in checks), (block.line, steps)


@pytest.mark.parametrize(
    "spec, fails",
    [(ReportSpec(edition="2026"), False), (warnings_only(), True)],
    ids=["clean", "warnings-only"],
)
def test_workflow_steps_give_one_verdict(tmp_path, spec, fails):
    """The build, check and SARIF steps of every workflow, in a group's repository: a clean report
    passes all of them; a report with only a warning fails the build and the check alike, and
    the SARIF step still writes its file for the upload."""
    repo = course_repo(tmp_path, spec)
    summary = tmp_path / "step-summary.md"
    steps = [s for _b, w in workflows() for s in run_steps(w) if not s.startswith(("pip ", "mkdocs gh-deploy"))]
    assert len(set(steps)) == 3
    for step in dict.fromkeys(steps):
        proc = shell(step, repo, env={"GITHUB_STEP_SUMMARY": str(summary)})
        assert "Traceback" not in proc.stderr
        if "--format sarif" in step:
            assert proc.returncode == 0, proc.stderr
            sarif = json.loads((repo / "exam-report.sarif").read_text(encoding="utf-8"))
            results = sarif["runs"][0]["results"]
            assert [r["ruleId"] for r in results] == (["todo"] if fails else [])
        else:
            assert proc.returncode == (1 if fails else 0), (step, proc.stdout, proc.stderr)
        if "--format github" in step:
            todo = 1 + build_report(warnings_only()).split("TODO add the final numbers")[0].count("\n")
            assert (f"::warning file=reports/README.md,line={todo},title=exam-report todo (question 6)::" in proc.stdout) is fails
            assert "| `reports/README.md` |" in summary.read_text(encoding="utf-8")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append((tag, value))


def test_gh_deploy_publishes_a_working_project_site(tmp_path):
    """The gh-pages workflow's steps against a local bare repository as ``origin``: the branch
    holds the report page, its screenshots, the plugin's stylesheet and .nojekyll, and every
    link of the report page resolves to a file of the branch under https://org.github.io/repo/."""
    (deploy,) = [w for _b, w in workflows() if any("gh-deploy" in s for s in run_steps(w))]
    repo = course_repo(tmp_path / "repo", warnings_only(), site_url="https://org.github.io/repo/")
    (repo / ".gitignore").write_text("docs/site/\n", encoding="utf-8")
    remote = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "--no-gpg-sign", "-m", "report", cwd=repo)
    git("remote", "add", "origin", str(remote), cwd=repo)
    assert len(run_steps(deploy)) == 2
    step = run_steps(deploy)[1]
    # a warning in the report: nothing is published
    proc = shell(step, repo)
    assert proc.returncode == 1 and "[todo]" in proc.stderr, proc.stderr
    assert git("ls-remote", str(remote), cwd=tmp_path).stdout == ""
    # fixed: published
    write_repo(repo, ReportSpec(edition="2026"))
    git("commit", "-q", "--no-gpg-sign", "-am", "fix the TODO", cwd=repo)
    proc = shell(step, repo)
    assert proc.returncode == 0, (step, proc.stdout, proc.stderr)

    tree = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).stdout.split())
    figures = sorted(p.name for p in (repo / "reports" / "figures").iterdir())
    assert figures
    for name in (".nojekyll", "index.html", "report/index.html", "assets/exam-report/exam-report.css"):
        assert name in tree, name
    for name in figures:
        assert f"report/figures/{name}" in tree
    html = git("show", "gh-pages:report/index.html", cwd=remote).stdout
    assert "data-exam-passed" in html  # the badges

    base = "https://org.github.io/repo/report/"
    parser = Links()
    parser.feed(html)
    checked = []
    for tag, url in parser.urls:
        target = urlsplit(urljoin(base, url))
        if target.netloc != "org.github.io":
            continue  # the theme's links to other sites
        assert target.path.startswith("/repo/"), (tag, url)
        path = target.path[len("/repo/") :]
        if path == "" or path.endswith("/"):
            path += "index.html"
        assert path in tree, (tag, url, path)
        checked.append(path)
    assert "assets/exam-report/exam-report.css" in checked
    assert {f"report/figures/{name}" for name in figures} <= set(checked)
    assert "index.html" in checked  # back to the home page


# --- pre-commit ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """This working tree committed to a scratch repository and tagged as the release the docs
    name (``v`` + __version__), standing in for the project's GitHub repository."""
    repo = tmp_path_factory.mktemp("released")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "mkdocs_exam_report", repo / "mkdocs_exam_report", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "--no-gpg-sign", "-m", "release", cwd=repo)
    git("tag", f"v{__version__}", cwd=repo)
    return repo


def local(text: str, released: Path) -> str:
    """A documented snippet with the project's GitHub address replaced by the scratch repository."""
    text = text.replace(f"git+{HOME}", f"git+file://localhost{released}")  # a host: older pips need one
    return text.replace(HOME, str(released))


def readme_pre_commit_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"```yaml\n(repos:\n.*?)```", text, re.S).group(1)


def test_the_documented_rev_is_the_release_tag():
    configs = [b.text for b in of_kind("pre-commit")] + [readme_pre_commit_block()]
    revs = {m for text in configs for m in re.findall(r"rev: (\S+)", text)}
    assert revs == {f"v{__version__}"}
    release = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    assert release[True]["push"]["tags"] == ["v*"]  # `on:` is YAML 1.1's True
    assert f"## {__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert readme_pre_commit_block() == of_kind("pre-commit")[0].text


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("index", range(len(of_kind("pre-commit"))))
def test_pre_commit_configs_use_the_config_and_strictness(tmp_path, released, index):
    """Each documented .pre-commit-config.yaml, then the documented commands: the hook fails a
    report with only a warning (strict, as the build) and passes it once docs/mkdocs.yaml
    switches that rule off (the build's settings)."""
    repo = course_repo(tmp_path / "repo", warnings_only())
    (repo / ".pre-commit-config.yaml").write_text(local(of_kind("pre-commit")[index].text, released), encoding="utf-8")
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    (commands,) = [b for b in of_kind("commands") if b.text.startswith("pre-commit install")]
    outputs = []
    for line in commands.text.splitlines():
        proc = shell(line, repo, env, unset=("PYTHONPATH",))
        outputs.append(proc)
    install, run = outputs
    assert install.returncode == 0 and (repo / ".git" / "hooks" / "pre-commit").is_file(), install.stderr
    assert run.returncode == 1, run.stdout + run.stderr
    assert "question 6: [todo] (warning)" in run.stdout and "Failed" in run.stdout

    config = repo / "docs" / "mkdocs.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("- exam-report\n", "- exam-report:\n    rules:\n      todo: off\n"), encoding="utf-8")
    proc = shell(commands.text.splitlines()[1], repo, env, unset=("PYTHONPATH",))
    assert proc.returncode == 0 and "Passed" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_try_repo_command(tmp_path, released):
    (block,) = [b for b in of_kind("commands") if "try-repo" in b.text]
    repo = course_repo(tmp_path / "repo", warnings_only())
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    proc = shell(local(block.text.strip(), released), repo, env, unset=("PYTHONPATH",))
    assert proc.returncode == 1 and "[todo] (warning)" in proc.stdout, proc.stdout + proc.stderr


# --- the plugin snippet, the command line's usage, commands and output -------------------------


def test_plugin_snippet_builds_strictly(tmp_path):
    (block,) = of_kind("plugins")
    repo = course_repo(tmp_path, ReportSpec(edition="2026"))
    config = repo / "docs" / "mkdocs.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data.update(yaml.safe_load(block.text))
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    proc = shell("mkdocs build --strict -f docs/mkdocs.yaml", repo)
    assert proc.returncode == 0, proc.stderr
    assert (repo / "docs" / "site" / "report" / "index.html").is_file()


def options_of_the_parser() -> list[list[str]]:
    """The option strings of each of ``check``'s options (``["-o", "--output"]``), --help aside."""
    sub = build_parser()._subparsers._group_actions[0].choices["check"]
    return [a.option_strings for a in sub._actions if a.option_strings and "--help" not in a.option_strings]


@pytest.mark.parametrize("where", ["docs/cli.md", "README.md"])
def test_usage_lists_every_option(where):
    if where == "README.md":
        text = re.search(r"```\n(exam-report check \[.*?)```", (ROOT / where).read_text(encoding="utf-8"), re.S).group(1)
    else:
        (block,) = of_kind("usage")
        text = block.text
        assert "python -m mkdocs_exam_report check" in text
    options = options_of_the_parser()
    for strings in options:  # each option is shown, in its short or long form
        assert any(re.search(rf"\[{re.escape(o)}\b", text) for o in strings), strings
    assert set(re.findall(r"--[a-z-]+", text)) <= {o for strings in options for o in strings}


def test_cli_commands_run(tmp_path):
    """The commands of docs/cli.md in a repository whose docs/mkdocs.yaml uses the plugin, the
    report with one warning (a TODO)."""
    repo = course_repo(tmp_path, warnings_only())
    lines = [line for line in command_lines() if command_kind(line) == "cli"]
    assert len(lines) == 4
    expected = {"--rule todo=off": 0, "--format json": 0}
    for line in lines:
        proc = shell(line, repo)
        assert "Traceback" not in proc.stderr and proc.stdout, line
        code = next((c for marker, c in expected.items() if marker in line), 1)
        assert proc.returncode == code, (line, proc.stdout, proc.stderr)
        if "--format json" in line:
            assert json.loads(proc.stdout)["reports"][0]["edition_source"] == "option"
        else:
            assert proc.stdout.strip().splitlines()[-1].startswith("settings: docs/mkdocs.yaml")


def generalised(example: str) -> re.Pattern:
    """An example output line as a pattern: numbers and quoted text vary, a trailing '...' ends it."""
    cut = example.endswith("...")
    pattern = ""
    for part in re.split(r"('[^']*'|\d+)", example[:-3] if cut else example):
        if part.isdigit():
            pattern += r"\d+"
        elif part.startswith("'") and part.endswith("'") and len(part) > 1:
            pattern += "'.*'"
        else:
            pattern += re.escape(part)
    return re.compile(pattern + (".*" if cut else "") + "$")


def test_settings_output_example_is_what_the_cli_prints(tmp_path):
    (block,) = [b for b in of_kind("output") if "settings:" in b.text]
    match = re.search(r"settings: (\S+) \(edition (\d+); rules todo=(\w+)\)", block.text)
    config, edition, severity = match.groups()
    repo = course_repo(tmp_path, warnings_only(), options={"edition": int(edition), "rules": {"todo": severity}})
    assert config == "docs/mkdocs.yaml"
    proc = shell("exam-report check --strict", repo)
    assert proc.stdout == block.text


def test_config_error_example_is_what_the_cli_prints(tmp_path):
    (block,) = [b for b in of_kind("output") if b.text.startswith("exam-report: ")]
    rule = re.search(r"unknown rule '(\w+)'", block.text).group(1)
    repo = course_repo(tmp_path, warnings_only(), options={"rules": {rule: "off"}})
    proc = shell("exam-report check", repo)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(block.text.strip().removesuffix("..."))


def test_finding_and_annotation_examples_have_the_real_shape(tmp_path):
    """The text and GitHub examples, numbers and quoted text aside, are lines the command line
    prints for a report with a too short answer and a screenshot written as a link."""
    spec = ReportSpec(edition="2026").plain_image_link(14).plain_image_link(19)
    spec.answers[5] = "Far too short for this question."
    spec.answers[7] = "Far too short as well."
    repo = course_repo(tmp_path, spec)
    text = shell("exam-report check", repo).stdout.splitlines()
    github = shell("exam-report check --format github", repo).stdout.splitlines()
    examples = [line for b in of_kind("output") if "settings:" not in b.text and not b.text.startswith("exam-report: ") for line in b.text.splitlines()]
    assert len(examples) == 4
    for example in examples:
        rule = re.search(r"\[([a-z-]+)\]|exam-report ([a-z-]+) \(", example)
        if rule:
            assert (rule.group(1) or rule.group(2)) in RULES
        printed = github if example.startswith("::") else text
        pattern = generalised(example)
        assert any(pattern.match(line) for line in printed), (example, printed)


def test_json_example_keys_are_in_the_real_document(tmp_path):
    (block,) = of_kind("json")
    example = json.loads(block.text)
    spec = ReportSpec(edition="2026")
    spec.answers[5] = "Far too short."
    repo = course_repo(tmp_path, spec)
    real = json.loads(shell("exam-report check --format json", repo).stdout)

    def contains(doc, sample, where="$"):
        if isinstance(sample, dict):
            assert isinstance(doc, dict), where
            for key, value in sample.items():
                assert key in doc, f"{where}.{key}"
                contains(doc[key], value, f"{where}.{key}")
        elif isinstance(sample, list) and sample:
            assert isinstance(doc, list) and doc, where
            item = sample[0]
            # the example's item is matched to the real one of the same question, rule or section
            key = next((k for k in ("number", "rule", "title") if isinstance(item, dict) and k in item), None)
            same = [d for d in doc if key and isinstance(d, dict) and d.get(key) == item[key]]
            contains((same or doc)[0], item, f"{where}[{key}={item.get(key)}]" if key else f"{where}[0]")

    contains(real, example)
