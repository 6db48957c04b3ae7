"""``exam-report check COURSE_DIR/* --format html``: the course page. A factory course of 200
repositories (three template years, unreadable, missing and binary reports, some with a GitHub
remote) must come out with the cells and totals ``check_file`` gives for each report; text from
reports is escaped; the JSON output follows its schema. The page in a real browser is tested in
tests/test_course_browser.py."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mkdocs_exam_report.cli import main
from mkdocs_exam_report.outputs.course_page import github_repository, render_page, report_url
from mkdocs_exam_report.engine import check_file
from mkdocs_exam_report.evidence import tags
from mkdocs_exam_report.outputs.rows import checked, natural_key
from tests.factory import ReportSpec, valid_answer, write_repo
from tests.test_seeds import OFFICIAL_FAILS, SEEDS, UNREADABLE

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "mkdocs_exam_report" / "assets" / "report.schema.json"
EDITIONS = ("2023", "2025", "2026")
N = 200
KINDS = ("clean", "dropped-answer", "ours", "short", "no-report", "binary", "ticked", "github",
         "demoted", "clean", "github-packed", "empty")
SHA = "0123456789abcdef0123456789abcdef01234567"


def write_git(repo: Path, remote: str, packed: bool = False) -> None:
    """A clone's .git as git leaves it: config with the origin remote, HEAD on main, the commit
    in refs/heads/main or in packed-refs."""
    git = repo / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "config").write_text(
        "[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
        f'[remote "origin"]\n\turl = {remote}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n'
        '[branch "main"]\n\tremote = origin\n\tmerge = refs/heads/main\n'
    )
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    if packed:
        (git / "packed-refs").write_text(f"# pack-refs with: peeled fully-peeled sorted\n{SHA} refs/heads/main\n")
    else:
        (git / "refs" / "heads" / "main").write_text(SHA + "\n")


def make_course(root: Path, n: int = N) -> dict[str, str]:
    """n repositories group1..groupN; returns name -> what was done to it."""
    kinds = {}
    for i in range(n):
        name = f"group{i + 1}"
        kind = KINDS[i % len(KINDS)]
        kinds[name] = kind
        repo = root / name
        if kind == "no-report":
            (repo / "src").mkdir(parents=True)
            continue
        if kind in ("binary", "empty"):
            (repo / "reports").mkdir(parents=True)
            (repo / "reports" / "README.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" if kind == "binary" else b"")
            continue
        edition = EDITIONS[i % 3]
        spec = ReportSpec(edition=edition)
        spec.ticked = (i * 7) % 50
        if kind == "dropped-answer":
            spec.drop_answer_line(10 + i % 5)
        elif kind == "demoted":
            spec.demote_heading(7)
        elif kind == "ours":
            # within the limits, but a placeholder left in: "our errors", not an official fail
            spec.placeholder(9, before=valid_answer(edition, 9))
        elif kind == "short":
            spec.answers[5] = "Too short."
            spec.answers[4 + i % 20] = "Also too short."
        elif kind == "ticked":
            spec.ticked = 60
        write_repo(repo, spec, figures=i % 23 != 0)
        if kind == "github":
            write_git(repo, f"git@github.com:dtu-mlops/group{i + 1}.git")
        elif kind == "github-packed":
            write_git(repo, f"https://ta:secret-token@github.com/dtu-mlops/group{i + 1}", packed=True)
    return kinds


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    return root, make_course(root)


def course_paths(root: Path) -> list[str]:
    return [str(p) for p in sorted(root.iterdir(), key=lambda p: p.name[::-1])]  # not the natural order


class Page(HTMLParser):
    """The parts of the page a test reads: header cells, body rows with their cells, footer
    cells, totals, and every element and attribute (to find anything that could run)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.head, self.rows, self.foot, self.totals = [], [], [], {}
        self.elements, self.scripts = [], []
        self._section = None
        self._cell = None
        self._total = None
        self._script = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "tr" and self._section == "tbody":
            self.rows.append({"attrs": a, "cells": []})
        elif tag in ("th", "td") and self._section:
            self._cell = {"tag": tag, "attrs": a, "text": "", "link": None}
            {"thead": self.head, "tfoot": self.foot}.get(self._section, self.rows[-1]["cells"] if self.rows else []).append(self._cell)
        elif tag == "a" and self._cell is not None:
            self._cell["link"] = a
        elif tag == "span" and "data-total" in a:
            self._total = a["data-total"]
            self.totals[self._total] = ""
        elif tag == "script":
            self._script = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._cell = None
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = None
        elif tag == "span" and self._total:
            self._total = None
        elif tag == "script":
            self.scripts.append(self._script)
            self._script = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data
        if self._total:
            self.totals[self._total] += data
        if self._script is not None:
            self._script += data


@functools.lru_cache(maxsize=4)
def expected(root: Path) -> list[tuple[str, object]]:
    """(name, CheckResult or the status of a path that could not be checked) in natural order."""
    out = []
    for name in sorted((p.name for p in root.iterdir()), key=natural_key):
        readme = root / name / "reports" / "README.md"
        if not readme.exists():
            out.append((name, "no report"))
        elif readme.stat().st_size == 0 or b"\x00" in readme.read_bytes():
            out.append((name, "unusable"))
        else:
            out.append((name, check_file(root / name)))
    return out


@pytest.fixture(scope="module")
def page(course, tmp_path_factory):
    root, kinds = course
    target = tmp_path_factory.mktemp("out") / "course.html"
    code = main(["check", *course_paths(root), "--summary", "--format", "html", "-o", str(target)])
    assert code == 1
    return target.read_text(encoding="utf-8"), target


def test_course_has_what_the_test_needs(course):
    root, kinds = course
    results = [r for _, r in expected(root) if not isinstance(r, str)]
    assert {r.edition.name for r in results} == set(EDITIONS)
    states = {s for r in results for s in r.question_states()}
    assert states == {"pass", "fail", "findings", "unreadable"}
    assert any(not r.at_risk for r in results) and any(r.at_risk for r in results)
    statuses = [r for _, r in expected(root) if isinstance(r, str)]
    assert {"no report", "unusable"} <= set(statuses)


def test_one_row_per_group_with_the_engines_figures(course, page):
    root, kinds = course
    text, _ = page
    parsed = Page(text)
    exp = expected(root)
    assert [row["cells"][0]["text"] for row in parsed.rows] == [name for name, _ in exp]
    first_question = int(re.search(r'data-first-question="(\d+)"', text).group(1))
    head = [cell["text"] for cell in parsed.head]
    sections = head[5:first_question - 1]
    assert head[:5] == ["group", "ed.", "passed", "err", "warn"]
    assert sections == ["Week 1", "Week 2", "Week 3", "Additional", "Extra"]
    assert head[first_question - 1] == "unpr."  # ticked checklist items without evidence (issue 17)
    assert head[first_question:] == [str(n) for n in range(1, 32)]
    for row, (name, result) in zip(parsed.rows, exp):
        cells, classes = row["cells"], row["attrs"]["class"].split()
        if isinstance(result, str):
            assert row["attrs"]["data-status"] == result and "risk" in classes and "none" in classes
            assert cells[first_question]["text"].startswith(result)
            assert row["attrs"]["data-url"].startswith("file://")
            continue
        assert ("risk" in classes) == (result.errors > 0 or not result.official.readable)
        assert cells[1]["text"] == result.edition.name
        if result.official.readable:
            assert cells[2]["text"] == f"{result.passed}/{result.edition.total}"
            assert cells[2]["attrs"]["class"] == "num"
        else:  # the course checker passes nothing; our count by its limits on hover
            assert cells[2]["text"] == f"?/{result.edition.total}" and cells[2]["attrs"]["class"] == "num u"
            assert f"by its limits {result.passed} of {result.edition.total} questions would pass" in cells[2]["attrs"]["title"]
        assert (int(cells[3]["text"]), int(cells[4]["text"])) == (result.errors, result.warnings)
        ticked = {s.title: f"{s.done}/{s.total}" for s in result.checklist.sections}
        for title, cell in zip(sections, cells[5:first_question - 1]):
            if title in ticked:
                assert cell["attrs"]["title"] == f"{title}: {ticked[title]} ticked"
            else:
                assert cell["attrs"]["data-v"] == ""
        unproven = cells[first_question - 1]
        missing = result.evidence.missing  # every group's folder is its repository (no files but the report)
        assert unproven["text"] == str(len(missing)) == unproven["attrs"]["data-v"]
        # the items by module tag, entry of the evidence table and line (their texts made the page too large)
        named = [" ".join([*sorted(tags(item.item), key=lambda t: int(t[1:])), item.entry]) for item in missing[:10]]
        assert all(f"{name} (line {item.line})" in unproven["attrs"]["title"] for name, item in zip(named, missing))
        assert (f"and {len(missing) - 10} more" in unproven["attrs"]["title"]) == (len(missing) > 10)
        questions = cells[first_question:]
        assert len(questions) == 31
        for q, state, cell in zip(result.questions, result.question_states(), questions):
            assert cell["attrs"]["class"] == {"pass": "p", "fail": "f", "findings": "o", "unreadable": "u"}[state]
            title = cell["attrs"]["title"]
            assert title.startswith(f"Q{q.number} ")
            if q.words is None:
                assert cell["text"] == "\u2013" and "no answer found" in title
                continue
            shown = f"\u25a3{q.images}" if q.spec.words is None and q.spec.images is not None else str(q.words)
            assert cell["text"] == shown
            words = f"{q.words} word{'s' if q.words != 1 else ''}"
            assert f": {words}" in title
            if q.spec.images is not None or q.images:
                assert f"{words}, {q.images} image" in title
            # the allowed range is said once, on the question's header, for each edition that has it
            assert "allowed" not in title
            allowed = parsed.head[first_question + q.number - 1]["attrs"]["title"].split("allowed ", 1)[1]
            limits = {part.split(" (")[0] for part in allowed.split("; ")[:-1]}  # the last: groups failing it
            if q.spec.words is not None:
                assert any(f"{q.spec.words} words" in limit for limit in limits)
            if q.spec.images is not None:
                assert any(f"{q.spec.images} image" in limit for limit in limits)
            if q.spec.words is None and q.spec.images is None:
                assert "any" in limits
            if state == "unreadable":
                assert f"(by its limits: {'passes' if q.ok else 'fails'})" in title
            assert cell["link"] == {"data-l": str(q.line)}
        for cell in questions[len(result.questions):]:  # 2023 has 27 questions
            assert cell["attrs"]["class"] == "none" and cell["text"] == ""


def test_cell_states_follow_what_was_done_to_each_report(course, page):
    root, kinds = course
    parsed = Page(page[0])
    by_name = {row["cells"][0]["text"]: row for row in parsed.rows}
    first = int(re.search(r'data-first-question="(\d+)"', page[0]).group(1))
    states = lambda name: [c["attrs"]["class"] for c in by_name[name]["cells"][first:]]
    for name, kind in kinds.items():
        if kind in ("clean", "ticked", "github", "github-packed") and int(name[5:]) % 23 != 1:
            assert set(states(name)) <= {"p", "none"}, name
        elif kind in ("dropped-answer", "demoted"):
            assert set(states(name)) <= {"u", "none"}, name
        elif kind == "ours":
            assert states(name)[8] == "o", name  # question 9: a placeholder inside the limits
        elif kind == "short":
            assert states(name)[4] == "f", name


def test_totals_and_failing_questions(course, page):
    root, kinds = course
    parsed = Page(page[0])
    exp = expected(root)
    results = [r for _, r in exp if not isinstance(r, str)]
    numbers = {key: int(value.split()[0]) for key, value in parsed.totals.items()}
    assert numbers["groups"] == N
    assert numbers["at-risk"] == sum(isinstance(r, str) or r.at_risk for _, r in exp)
    assert numbers["ok"] == sum(r.ok for r in results)
    assert numbers["errors"] == sum(not r.ok for r in results)
    assert numbers["unreadable"] == sum(not r.official.readable for r in results)
    assert numbers["no-report"] == sum(r == "no report" for _, r in exp)
    assert numbers["unusable"] == sum(r == "unusable" for _, r in exp)
    foot = [cell for cell in parsed.foot if "data-q" in cell["attrs"]]
    assert [int(cell["attrs"]["data-q"]) for cell in foot] == list(range(1, 32))
    for cell in foot:
        n = int(cell["attrs"]["data-q"])
        having = [r for r in results if n <= r.edition.total]
        failing = sum(r.questions[n - 1].ok is False or r.questions[n - 1].words is None for r in having)
        assert (int(cell["attrs"]["data-fail"]), int(cell["attrs"]["data-of"])) == (failing, len(having))
        assert cell["text"] == str(failing)
    assert int(foot[4]["attrs"]["data-fail"]) > 0  # the "short" groups fail question 5


def test_each_question_header_gives_the_allowed_range_of_each_edition(course, page):
    """The allowed range is said once per question, on its header: one range when the course's
    editions agree, else each range with the editions that allow it."""
    root, kinds = course
    parsed = Page(page[0])
    results = [r for _, r in expected(root) if not isinstance(r, str)]
    first = int(re.search(r'data-first-question="(\d+)"', page[0]).group(1))
    heads = [cell["attrs"]["title"] for cell in parsed.head[first:]]
    assert len(heads) == 31
    differ = 0
    for n, title in enumerate(heads, 1):
        specs = {r.edition.name: r.edition.questions[n - 1] for r in results if n <= r.edition.total}
        assert title.startswith(f"Question {n}: allowed ") and title.endswith(" groups fail it")
        if len({(spec.words, spec.images) for spec in specs.values()}) == 1:
            assert "(" not in title.split("; ")[0]  # one range, no editions named
        else:
            differ += 1
            for name, spec in specs.items():
                allowed = f"{spec.words} words" if spec.words is not None else f"{spec.images} image"
                assert re.search(rf"{allowed}[^;(]*\([^)]*\b{name}\b", title), (title, name)
    assert differ  # 2023 allows other ranges than 2025 and 2026 on some questions


def test_links_go_to_github_when_the_remote_is_there(course, page):
    root, kinds = course
    parsed = Page(page[0])
    for row in parsed.rows:
        name = row["cells"][0]["text"]
        url = row["attrs"]["data-url"]
        assert row["cells"][0]["link"]["href"] == url
        if kinds[name] in ("github", "github-packed"):
            assert url == f"https://github.com/dtu-mlops/{name}/blob/{SHA}/reports/README.md?plain=1"
        elif kinds[name] == "no-report":
            assert url == (root / name).as_uri()
        else:
            assert url == (root / name / "reports" / "README.md").as_uri()
    assert "secret-token" not in page[0]


def test_stdout_gives_the_same_page(course, page, capsys):
    root, _ = course
    assert main(["check", *course_paths(root), "--format", "html"]) == 1
    out = capsys.readouterr()
    assert out.out == page[0] and out.err == ""
    assert page[0].isascii()


def test_the_output_file_is_not_checked_as_a_report(tmp_path, capsys):
    write_repo(tmp_path / "group1", ReportSpec(edition="2026"))
    target = tmp_path / "course.html"
    target.write_text("last run's page")
    assert main(["check", str(tmp_path / "group1"), str(target), "--format", "html", "-o", str(target)]) == 0
    assert len(Page(target.read_text()).rows) == 1
    assert main(["check", str(tmp_path / "group1"), "--format", "csv", "-o", str(tmp_path / "no" / "x.csv")]) == 2
    assert capsys.readouterr().err == f"exam-report: {tmp_path / 'no' / 'x.csv'}: cannot write (No such file or directory)\n"


# --- where a report opens ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "remote, repository",
    [
        ("git@github.com:org/repo.git", "https://github.com/org/repo"),
        ("https://github.com/org/repo.git", "https://github.com/org/repo"),
        ("https://github.com/org/repo", "https://github.com/org/repo"),
        ("https://user:token@github.com/org/my.repo.git/", "https://github.com/org/my.repo"),
        ("ssh://git@github.com/org/repo.git", "https://github.com/org/repo"),
        ("https://gitlab.com/org/repo.git", None),
        ("https://github.com/org/repo/../../evil", None),
        ('https://github.com/org/re"po', None),
        ("javascript:alert(1)//github.com/org/repo", None),
    ],
)
def test_github_repository_from_a_remote(remote, repository):
    assert github_repository(remote) == repository


def test_a_real_clone_links_to_its_commit(tmp_path):
    repo = tmp_path / "group 7#"
    readme = write_repo(repo, ReportSpec(edition="2026"))
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    assert report_url(str(readme)) == readme.as_uri()  # no remote yet
    subprocess.run([*git, "remote", "add", "origin", "git@github.com:dtu-mlops/group7.git"], check=True)
    assert report_url(str(readme)) == "https://github.com/dtu-mlops/group7/blob/main/reports/README.md?plain=1"
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "report"], check=True)
    sha = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    assert report_url(str(readme)) == f"https://github.com/dtu-mlops/group7/blob/{sha}/reports/README.md?plain=1"
    subprocess.run([*git, "pack-refs", "--all"], check=True)
    assert report_url(str(readme)) == f"https://github.com/dtu-mlops/group7/blob/{sha}/reports/README.md?plain=1"
    assert "%23" in readme.as_uri() and "%20" in readme.as_uri()  # the file URL of such a folder is quoted


def test_a_broken_git_config_falls_back_to_the_file(tmp_path):
    readme = write_repo(tmp_path / "g", ReportSpec(edition="2026"))
    (tmp_path / "g" / ".git").mkdir()
    (tmp_path / "g" / ".git" / "config").write_bytes(b"\xff\xfe not a config [")
    assert report_url(str(readme)) == readme.as_uri()


# --- hostile text -----------------------------------------------------------------------------

HOSTILE = [
    "<script>window.pwned=1</script>",
    "<img src=x onerror=window.pwned=2>",
    "</script><script>window.pwned=3</script>",
    '" onmouseover="window.pwned=4',
    "' autofocus onfocus='window.pwned=5",
    "<!-- --><svg onload=window.pwned=6>",
    "\u2028\u2029&amp;&lt;]]>",
]


def hostile_course(root: Path) -> Path:
    for i, bad in enumerate(HOSTILE):
        spec = ReportSpec(edition="2026")
        spec.renumber(4, 4)
        spec._heading[4] = f"### Question 4 {bad}"
        spec.answers[5] = f"Too short {bad}"
        readme = write_repo(root / f"g{i}", spec)
        text = readme.read_text().replace("### Week 1", f"### Week 1 {bad}", 1)
        readme.write_text(text)
    folder = root / "<img src=x onerror=window.pwned=7>"
    write_repo(folder, ReportSpec(edition="2025"))
    (root / '"><script>window.pwned=8').mkdir()
    return root


def test_report_text_is_escaped(tmp_path, capsys):
    root = hostile_course(tmp_path / "course")
    assert main(["check", *map(str, root.iterdir()), "--format", "html"]) == 1
    text = capsys.readouterr().out
    parsed = Page(text)
    # the only script is ours, and no element or attribute can run one
    assert parsed.scripts == [(ROOT / "mkdocs_exam_report" / "assets" / "course-page.js").read_text()]
    tags = {tag for tag, _ in parsed.elements}
    assert not tags & {"img", "svg", "iframe", "object", "embed", "base", "form"}
    assert not [(tag, key) for tag, attrs in parsed.elements for key in attrs if key.startswith("on") or key == "autofocus"]
    assert "window.pwned" not in "".join(parsed.scripts)
    # and the text comes back as written (control characters and line separators shown as
    # \u2028, escape.printable): in the section headers and the cells' hover text
    from mkdocs_exam_report.escape import printable

    heads = [cell["text"] for cell in parsed.head]
    for bad in HOSTILE:
        assert printable(f"Week 1 {bad}".strip()) in heads, bad
    titles = [c["attrs"].get("title", "") for row in parsed.rows for c in row["cells"]]
    assert any(t.startswith("Q5 fails: ") for t in titles)
    names = [row["cells"][0]["text"] for row in parsed.rows]
    assert "<img src=x onerror=window.pwned=7>" in names and '"><script>window.pwned=8' in names
    # the raw page has none of it unescaped
    assert "<script>window" not in text and "<img" not in text and "<svg" not in text
    assert text.count("<script") == 1 and text.isascii()


def test_a_row_without_a_result_escapes_its_reason():
    from mkdocs_exam_report.outputs.rows import not_checked

    rows = [not_checked("a<b>", "unusable", "a<b>: line 1: not UTF-8 text (byte 0xff) </td></tr><script>x</script>")]
    parsed = Page(render_page(rows))
    assert parsed.rows[0]["cells"][-1]["text"].endswith("</td></tr><script>x</script>")
    assert len(parsed.scripts) == 1


# --- the JSON document and its schema ---------------------------------------------------------


def test_json_follows_its_schema(course, capsys):
    import jsonschema

    root, _ = course
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert main(["check", *course_paths(root), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    one = json.loads(json.dumps(document["reports"][0]))
    assert main(["check", str(Path(one["path"]).parents[1]), "--format", "json"]) == 1
    jsonschema.validate(json.loads(capsys.readouterr().out), schema, cls=jsonschema.Draft202012Validator)
    # the schema means something: a state or count of the wrong kind is refused
    for broken in ({"state": "maybe"}, {"words": "many"}, {"words_allowed": {"min": 1}}):
        bad = json.loads(json.dumps(document))
        bad["reports"][0]["questions"][0].update(broken)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)


def test_json_states_are_the_pages_cells(course, page, capsys):
    root, _ = course
    main(["check", *course_paths(root), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    parsed = Page(page[0])
    first = int(re.search(r'data-first-question="(\d+)"', page[0]).group(1))
    rows = {row["attrs"]["data-url"]: row for row in parsed.rows}
    short = {"pass": "p", "fail": "f", "findings": "o", "unreadable": "u"}
    for report in document["reports"]:
        row = rows.get(Path(os.path.abspath(report["path"])).as_uri()) or next(
            r for r in parsed.rows if r["cells"][0]["attrs"]["title"].startswith(report["path"])
        )
        assert [short[q["state"]] for q in report["questions"]] == [
            c["attrs"]["class"] for c in row["cells"][first:first + len(report["questions"])]
        ]
        assert report["summary"]["at_risk"] == ("risk" in row["attrs"]["class"].split())


# --- docs/teachers.md -------------------------------------------------------------------------


def test_every_command_in_the_teachers_page_runs(tmp_path):
    """Each ```bash block of docs/teachers.md, run by bash in a folder holding a factory course
    named COURSE_DIR, as a teacher would type it."""
    text = (ROOT / "docs" / "teachers.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(.*?)```", text, re.S)
    assert len(commands) >= 4 and any("--format html -o course.html" in c for c in commands)
    make_course(tmp_path / "COURSE_DIR", 24)
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    for command in commands:
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        # exit 1: the course has reports with errors, as courses do
        assert done.returncode == 1 and done.stderr == "", (command, done.returncode, done.stderr)
        assert "Traceback" not in done.stdout
        if "--summary" in command and "-o" not in command:
            assert done.stdout.splitlines()[-1].startswith("24 paths: ")
    page = Page((tmp_path / "course.html").read_text(encoding="utf-8"))
    assert len(page.rows) == 24 and page.totals["groups"] == "24 groups"
    assert (tmp_path / "reports.csv").read_text().startswith("path,status,edition,")


# --- the real reports -------------------------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS}")
def test_the_seed_reports_on_the_page(capsys):
    """The five real reports, given as files: the red cells are the questions the course's own
    checker fails; the report it cannot read is hatched throughout."""
    assert main(["check", *map(str, sorted(SEEDS.glob("0*.txt"))), "--format", "html"]) == 1
    text = capsys.readouterr().out
    parsed = Page(text)
    first = int(re.search(r'data-first-question="(\d+)"', text).group(1))
    by_name = {row["cells"][0]["text"]: row for row in parsed.rows}
    assert sorted(by_name) == sorted(p.name for p in SEEDS.glob("0*.txt"))
    for name, (edition, fails) in OFFICIAL_FAILS.items():
        cells = by_name[name]["cells"]
        assert cells[1]["text"] == edition
        failing = [n for n, c in enumerate(cells[first:], 1) if c["attrs"]["class"] == "f"]
        assert failing == [int(n) for n in fails.split()]
        assert cells[2]["text"] == f"{31 - len(failing)}/31"
    assert {c["attrs"]["class"] for c in by_name[UNREADABLE]["cells"][first:]} == {"u"}
    assert by_name[UNREADABLE]["cells"][2]["text"] == "?/31"
    assert all("risk" in row["attrs"]["class"] for row in parsed.rows)
