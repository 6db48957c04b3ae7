"""A course at a glance: one self-contained HTML page of every group's report
(``exam-report check COURSE_DIR/* --format html``).

One row per group, one column per question; each cell is the question's state (see
``CheckResult.question_states``) with its word count, the allowed range on hover and a link to the
question in the group's report. Per group: the official verdict, errors, warnings, checklist
progress per section as bars and the edition; per question: how many groups fail it, as a bar
under its column. The page needs no network: its style and script are inline, and a
Content-Security-Policy forbids every fetch and any script but its own.

The page skeleton, style and script are files in ``assets/`` (``course-page.*``); this module fills
them in. Every text that comes from a report or a path is escaped with ``html.escape``, and
attribute values are always double-quoted. The page text is pure ASCII (anything else as a
character reference), so it survives any terminal encoding.
"""

from __future__ import annotations

import base64
import configparser
import hashlib
import os
import re
import string
from pathlib import Path
from urllib.parse import quote

from ..text import quantity
from .columns import e as _e
from .columns import Column, columns_for
from .rows import NO_REPORT, UNUSABLE, Row

ASSETS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "assets")

# Cell classes by state (short: a course of 1,000 groups has 31,000 cells).
STATE_CLASS = {"pass": "p", "fail": "f", "findings": "o", "unreadable": "u"}
STATE_TEXT = {
    "pass": "passes",
    "fail": "fails",
    "findings": "passes the official checks, with errors of ours",
    "unreadable": "unreadable for the course checker",
}


def _asset(name: str) -> str:
    with open(os.path.join(ASSETS, name), encoding="utf-8") as handle:
        return handle.read()


# --- where a group's report can be opened ---------------------------------------------------------

_GITHUB_REMOTE = re.compile(
    r"(?:https?://(?:[^@/\s]+@)?github\.com/|git@github\.com:|ssh://git@github\.com(?::22)?/)"
    r"([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?"
)
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def github_repository(remote: str) -> str | None:
    """``https://github.com/OWNER/REPO`` for a GitHub remote URL (HTTPS, with or without
    credentials, which are dropped; ``git@github.com:OWNER/REPO.git``; ``ssh://``), else None."""
    match = _GITHUB_REMOTE.fullmatch(remote.strip())
    if match is None:
        return None
    return f"https://github.com/{match.group(1)}/{match.group(2)}"


def _git_dir(work_tree: str) -> str | None:
    """The git directory of a work tree: ``.git`` itself, or where a ``.git`` file points
    (``gitdir: ...``, as in worktrees and submodules)."""
    dot_git = os.path.join(work_tree, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    try:
        with open(dot_git, encoding="utf-8") as handle:
            line = handle.readline().strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not line.startswith("gitdir:"):
        return None
    return os.path.join(work_tree, line[len("gitdir:"):].strip())


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _checked_out(git_dir: str, common_dir: str) -> str:
    """The commit checked out (from ``HEAD``, the branch's ref file or ``packed-refs``), so that
    line numbers match what was checked; the branch name when it has no commit; else HEAD."""
    head = (_read(os.path.join(git_dir, "HEAD")) or "").strip()
    if _SHA.fullmatch(head):
        return head
    if not head.startswith("ref: refs/"):
        return "HEAD"
    ref = head[len("ref: "):]
    commit = (_read(os.path.join(common_dir, *ref.split("/"))) or "").strip()
    if _SHA.fullmatch(commit):
        return commit
    for line in (_read(os.path.join(common_dir, "packed-refs")) or "").splitlines():
        sha, _, name = line.partition(" ")
        if name == ref and _SHA.fullmatch(sha):
            return sha
    return ref.rsplit("/", 1)[-1] if ref.startswith("refs/heads/") else "HEAD"


def report_url(report_path: str) -> str:
    """Where a report can be opened, without a fragment (a cell adds ``#L<line>``): its page on
    GitHub when the enclosing git work tree's ``origin`` remote is a GitHub repository (read from
    ``.git/config``, no network, no git process), at the commit checked out and as plain text so
    that ``#L<line>`` points at the line; else a ``file://`` URL."""
    absolute = os.path.abspath(report_path)
    folder = os.path.dirname(absolute)
    while not os.path.exists(os.path.join(folder, ".git")):
        parent = os.path.dirname(folder)
        if parent == folder:
            return _file_url(absolute)
        folder = parent
    git_dir = _git_dir(folder)
    if git_dir is None:
        return _file_url(absolute)
    common = (_read(os.path.join(git_dir, "commondir")) or "").strip()
    common_dir = os.path.join(git_dir, common) if common else git_dir
    config = configparser.ConfigParser(strict=False, interpolation=None)
    try:
        config.read(os.path.join(common_dir, "config"), encoding="utf-8")
        remote = config.get('remote "origin"', "url", fallback=None)
    except (configparser.Error, UnicodeDecodeError):
        remote = None
    repository = github_repository(remote) if remote else None
    if repository is None or not os.path.isfile(absolute):
        return _file_url(absolute)
    inside = os.path.relpath(absolute, folder).replace(os.sep, "/")
    ref = quote(_checked_out(git_dir, common_dir), safe="")
    return f"{repository}/blob/{ref}/{quote(inside)}?plain=1"


def _file_url(absolute: str) -> str:
    return Path(absolute).as_uri()


# --- the page -------------------------------------------------------------------------------------


def _repository_folder(row: Row) -> str:
    """The group's folder: the repository holding ``reports/README.md`` (or the path given)."""
    path = os.path.normpath(row.path)
    head, name = os.path.split(path)
    if name == "README.md" and os.path.basename(head) == "reports":
        return os.path.dirname(head) or "."
    return path


def group_names(rows: list[Row]) -> list[str]:
    """Short names for the rows: each group's folder relative to the folder they share
    (``COURSE_DIR/group7/reports/README.md`` -> ``group7``)."""
    folders = [os.path.abspath(_repository_folder(row)) for row in rows]
    if not folders:
        return []
    common = os.path.commonpath(folders) if len(folders) > 1 else os.path.dirname(folders[0])
    return [os.path.relpath(folder, common) if folder != common else os.path.basename(folder) or folder for folder in folders]


def _limits(spec) -> str:
    parts = []
    if spec.words is not None:
        parts.append(f"{spec.words} words")
    if spec.images is not None:
        parts.append(f"{spec.images} image{'s' if spec.images.max != 1 else ''}")
    return " and ".join(parts) if parts else "any"


def _question_cell(question, state: str, rules: list[str]) -> str:
    """A question's cell: its count (words, or images for a screenshot-only question), the state
    as its class, the counts on hover (the allowed range is on the question's header: see
    ``_allowed``). Kept short: a course of 1,000 groups has 31,000 (the script sorts these cells
    by their class and number, and links them on demand)."""
    spec = question.spec
    if question.words is None:
        shown, counts = "&#8211;", "no answer found"
    else:
        screenshots = spec.words is None and spec.images is not None
        shown = f"&#9635;{question.images}" if screenshots else str(question.words)
        counts = quantity(question.words, "word")
        if spec.images is not None or question.images:
            counts += f", {quantity(question.images, 'image')}"
    title = f"Q{question.number} {STATE_TEXT[state]}: {counts}"
    if state == "unreadable" and question.words is not None:
        title += f" (by its limits: {'passes' if question.ok else 'fails'})"
    if rules:
        title += "; ours: " + ", ".join(rules)
    if question.line is not None:
        shown = f'<a data-l="{question.line}">{shown}</a>'
    ok = "" if state != "unreadable" or question.ok is None else f' data-ok="{int(bool(question.ok))}"'
    return f'<td class="{STATE_CLASS[state]}"{ok} title="{_e(title)}">{shown}</td>'


def _group_row(index: int, row: Row, name: str, columns: list[Column], total_questions: int) -> str:
    r = row.result
    url = report_url(row.path) if r is not None else _file_url(os.path.abspath(row.path))
    at_risk = r is None or r.at_risk
    classes = ["risk"] if at_risk else []
    if r is None:
        classes.append("none")
    attributes = f'data-i="{index}" data-url="{_e(url)}" data-status="{_e(row.status)}"'
    link = f'<a href="{_e(url)}" target="_blank" rel="noopener">{_e(name)}</a>'
    why = []
    if r is not None and not r.official.readable:
        why.append("the course checker cannot read this report")
    if r is not None and r.errors:
        why.append(quantity(r.errors, "error"))
    group_title = row.path + (" -- at risk: " + ", ".join(why) if why else "")
    cells = [f'<th scope="row" data-v="{_e(name)}" title="{_e(group_title)}">{link}</th>']
    if r is None:
        reason = row.reason
        cells.append('<td data-v=""></td>' * len(columns))
        shown = reason if reason.startswith(row.status) else f"{row.status}: {reason}"
        cells.append(f'<td class="reason" colspan="{total_questions}" title="{_e(reason)}">{_e(shown)}</td>')
        return f'<tr class="{" ".join(classes)}" {attributes}>{"".join(cells)}</tr>'
    cells.extend(column.page.cell(column.value(row), row) for column in columns)
    by_question: dict[int, list[str]] = {}
    for finding in r.findings:
        if finding.severity == "error" and finding.question is not None:
            rules = by_question.setdefault(finding.question, [])
            if finding.rule not in rules:
                rules.append(finding.rule)
    for question, state in zip(r.questions, r.question_states()):
        cells.append(_question_cell(question, state, by_question.get(question.number, [])))
    cells.append('<td class="none"></td>' * (total_questions - len(r.questions)))
    return f'<tr class="{" ".join(classes)}" {attributes}>{"".join(cells)}</tr>'


def _allowed(rows: list[Row], total_questions: int) -> list[str]:
    """Per question number, the range the editions of the checked reports allow ("100-200
    words"; "100-200 words (2025, 2026); 50-100 words (2023)" when they differ, a year's
    revisions named by their date when it has several; "" when no edition has the question),
    said once on the question's header rather than in each of its 1,000 cells (22 bytes a cell:
    0.7 MB of the page of 1,000 reports)."""
    # each revision of a template once (a year's revisions may differ), in order of first use
    editions = {(r.edition.name, r.edition.since): r.edition for r in (row.result for row in rows) if r is not None}
    years = [name for name, _ in editions]
    allowed: list[dict[str, list[str]]] = [{} for _ in range(total_questions)]  # limits -> editions
    for (name, since), edition in editions.items():
        label = f"{name} of {since}" if years.count(name) > 1 and since else name
        for n, spec in enumerate(edition.questions, 1):
            allowed[n - 1].setdefault(_limits(spec), []).append(label)
    return [
        next(iter(by), "") if len(by) <= 1 else "; ".join(f"{limits} ({', '.join(names)})" for limits, names in by.items())
        for by in allowed
    ]


def _failing(rows: list[Row], total_questions: int) -> list[tuple[int, int]]:
    """Per question number: (groups failing it, groups whose edition has it). Failing: outside
    the official limits (by its rules when the course checker cannot read the report)."""
    counts = [[0, 0] for _ in range(total_questions)]
    for row in rows:
        if row.result is None:
            continue
        for question in row.result.questions:
            counts[question.number - 1][1] += 1
            counts[question.number - 1][0] += question.ok is False or question.words is None
    return [(fail, of) for fail, of in counts]


def render_page(rows: list[Row], title: str = "Exam reports") -> str:
    """The whole page as one ASCII string (see the module docstring)."""
    columns = [column for column in columns_for(rows) if column.page is not None]
    total_questions = max((row.result.edition.total for row in rows if row.result is not None), default=31)
    names = group_names(rows)
    body = "\n".join(
        _group_row(i, row, name, columns, total_questions) for i, (row, name) in enumerate(zip(rows, names))
    )

    head = ['<th scope="col" class="group" data-type="text">group</th>']
    head += [
        f'<th scope="col"{c.page.attributes} title="{_e(c.page.title)}">{_e(c.page.header)}</th>' for c in columns
    ]
    first_question = len(head)
    failing = _failing(rows, total_questions)
    for n, ((fail, of), allowed) in enumerate(zip(failing, _allowed(rows, total_questions)), 1):
        limits = f"allowed {allowed}; " if allowed else ""
        head.append(f'<th scope="col" class="q" title="Question {n}: {_e(limits)}{fail} of {of} groups fail it">{n}</th>')
    foot = ['<th scope="row" title="groups failing each question (by the course checker\'s limits)">failing</th>',
            f'<td colspan="{first_question - 1}"></td>']
    most = max((fail for fail, _ in failing), default=0)
    for n, (fail, of) in enumerate(failing, 1):
        share = fail / most if most else 0  # the most failed question has the full bar
        foot.append(
            f'<td data-q="{n}" data-fail="{fail}" data-of="{of}" title="Question {n}: {fail} of {of} groups fail it">'
            f'<span class="col"><span style="height:{share * 100:.0f}%"></span></span>{fail}</td>'
        )

    counts = {key: 0 for key in ("ok", "errors", NO_REPORT, UNUSABLE)}
    unreadable = at_risk = 0
    for row in rows:
        counts[row.status] += 1
        at_risk += row.result is None or row.result.at_risk
        unreadable += row.result is not None and not row.result.official.readable
    totals = [
        ("groups", len(rows), "groups"),
        ("at-risk", at_risk, "at risk"),
        ("ok", counts["ok"], "without errors"),
        ("errors", counts["errors"], "with errors"),
        ("unreadable", unreadable, "unreadable for the course checker"),
        # the page's columns that have a total (columns.py), as in the table's totals line
        *(
            (c.name, sum(1 for row in rows if c.total[1](c.value(row))), c.total[0])
            for c in columns
            if c.total is not None
        ),
        ("no-report", counts[NO_REPORT], "without a report"),
        ("unusable", counts[UNUSABLE], "unusable report files"),
    ]
    totals_html = " ".join(
        f'<span data-total="{_e(key)}"><b>{value}</b> {_e(label)}</span>' for key, value, label in totals if value or key in ("groups", "at-risk")
    )

    script = _asset("course-page.js")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    page = string.Template(_asset("course-page.html")).substitute(
        title=_e(title),
        style=_asset("course-page.css"),
        script=script,
        script_hash=script_hash,
        totals=totals_html,
        shown=len(rows),
        head="".join(head),
        first_question=first_question,
        body=body,
        foot="".join(foot),
    )
    return page.encode("ascii", "xmlcharrefreplace").decode("ascii")
