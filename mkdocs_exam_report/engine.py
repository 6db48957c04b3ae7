"""One report's check, one way: text -> parse (report.py) -> template revision (editions) ->
official checker (official.py) -> Context -> every registered rule's check (checks/) ->
CheckResult. Shared by the command line and the MkDocs plugin; imports no MkDocs."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from typing import NamedTuple

from .checks import RULES, Context
from .checks.structure import unreadable_reason
from .editions import EDITIONS, REVISIONS, Edition, QuestionSpec, choose_revision, template_evidence
from .evidence import RepositoryEvidence, look_at
from .findings import Finding
from .paths import repository_root
from .official import OfficialResult, judge, run_official
from .report import Checklist, Report, parse

MAX_BYTES = 10 * 1024 * 1024  # a report is ~35 KB; anything this large is not one


class ReportError(Exception):
    """Input we cannot judge. The message is one line that names the file."""


# A NamedTuple, as CheckResult and evidence.ItemEvidence: Python makes such a class in a quarter
# of a dataclass's time, which every `mkdocs build` pays (the three as NamedTuples: the plugin's
# own CPU in a build of the bundled example 53.7 -> 49.0 ms, medians of 12 builds; 5 % fewer
# instructions), and pickle sends them back from the command line's workers as quickly.
class QuestionResult(NamedTuple):
    """The verdict on one question of the edition.

    line: heading line (None when the heading is missing); words/images: the official checker's
    counts when it can read the report, else ours by its rules; official_ok: None when it cannot
    read the report; ok: the same limits applied either way.
    """

    number: int
    line: int | None
    title: str
    words: int | None
    images: int | None
    official_ok: bool | None
    ok: bool | None
    spec: QuestionSpec

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "line": self.line,
            "words": self.words,
            "images": self.images,
            "official_ok": self.official_ok,
            "words_allowed": _range_dict(self.spec.words),
            "images_allowed": _range_dict(self.spec.images),
        }


def _range_dict(allowed) -> dict | None:
    return None if allowed is None else {"min": allowed.min, "max": allowed.max}


# A question's state for people looking at a whole course (the course page, JSON "state").
QUESTION_STATES = ("pass", "fail", "findings", "unreadable")


class CheckResult(NamedTuple):
    """Everything known about one report (a NamedTuple: see QuestionResult). ``edition_source``
    is "detected" or "option"; ``report``: the parsed report (None in a copy made by
    ``without_report``); ``checklist``: its checklist; ``dropped``: {rule: findings not listed}
    (limits.py), each such rule having one "… and N more" finding among ``findings``;
    ``reason`` says why the official checker cannot read the report (None when it can)."""

    path: str
    edition: Edition
    edition_source: str
    report: Report | None
    checklist: Checklist
    official: OfficialResult
    questions: list[QuestionResult]
    findings: list[Finding]
    dropped: dict[str, int]
    reason: str | None = None
    # what the repository shows of each ticked checklist item; None: no repository (evidence.py)
    evidence: RepositoryEvidence | None = None

    def _total(self, severity: str) -> int:
        listed = sum(f.severity == severity for f in self.findings)
        if not self.dropped:
            return listed
        # each rule's "… and N more" finding (listed, with the severity of its rule) stands for N
        severities = {f.rule: f.severity for f in self.findings if f.rule in self.dropped}
        return listed + sum(n - 1 for rule, n in self.dropped.items() if severities.get(rule) == severity)

    def without_report(self) -> CheckResult:
        """A copy without the parsed report (``report`` None), what ``exam-report check`` keeps
        of each report: its outputs read only the facts of the result, and the parsed text,
        headings and questions are most of it (54 of the 73 KB a real report's row pickles to,
        which a worker process of the command line would otherwise send back to be unpickled:
        2.3 s of CPU of the 10 s that 1,000 reports took)."""
        return self._replace(report=None)

    @property
    def errors(self) -> int:
        """Errors found, listed or not (see limits.py)."""
        return self._total("error")

    @property
    def warnings(self) -> int:
        """Warnings found, listed or not (see limits.py)."""
        return self._total("warning")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    @property
    def passed(self) -> int:
        """Questions passing the official limits (our own count when unreadable)."""
        return sum(bool(q.ok) for q in self.questions)

    @property
    def at_risk(self) -> bool:
        """Any error, or the official checker cannot read the report."""
        return self.errors > 0 or not self.official.readable

    def question_states(self) -> list[str]:
        """One of QUESTION_STATES per question of the edition, in order: "pass" (within the
        official checker's limits and no error of ours), "fail" (outside its limits),
        "findings" (within its limits, but an error of ours on the question, e.g. a placeholder
        left in) or "unreadable" (the official checker cannot read the report at all)."""
        if not self.official.readable:
            return ["unreadable"] * len(self.questions)
        with_errors = {f.question for f in self.findings if f.severity == "error"}
        return [
            "fail" if not q.ok else "findings" if q.number in with_errors else "pass" for q in self.questions
        ]

    def findings_for(self, number: int) -> list[Finding]:
        return [f for f in self.findings if f.question == number]

    def count(self, rule: str) -> int:
        """Findings of ``rule``, listed or not (in place of tuple's ``count``)."""
        listed = sum(f.rule == rule for f in self.findings)
        return listed - 1 + self.dropped[rule] if rule in self.dropped else listed

    def to_dict(self) -> dict:
        """The report's facts as plain data; the JSON output (outputs/json.py ``report_dict``)
        adds the ``summary`` block from the summary's columns."""
        checklist = self.checklist
        return {
            "path": self.path,
            "edition": self.edition.name,
            "edition_source": self.edition_source,
            "ok": self.ok,
            "official": {
                "readable": self.official.readable,
                "passed": self.official.passed if self.official.readable else None,
                "total": self.official.total,
                "reason": self.reason,
                "answers_found": self.official.found,
            },
            "checklist": {
                "done": checklist.done,
                "total": checklist.total,
                "sections": [
                    {"title": s.title, "line": s.line, "done": s.done, "total": s.total}
                    for s in checklist.sections
                ],
                **({"evidence": self.evidence.to_dict()} if self.evidence is not None and self.evidence.items else {}),
            },
            "questions": [
                {**q.to_dict(), "state": state} for q, state in zip(self.questions, self.question_states())
            ],
            "findings": [f.to_dict() for f in self.findings],
            "dropped": dict(self.dropped),
        }


def check_text(
    text: str,
    *,
    path: str | os.PathLike = "reports/README.md",
    edition: str = "auto",
    rules: Mapping[str, str] | None = None,
    base_dir: str | os.PathLike | None = None,
    root: str | os.PathLike | None = None,
) -> CheckResult:
    """Judge one report: text -> parse -> template revision -> official checker -> Context ->
    every rule's check -> CheckResult. ``edition``: "auto" or a year of EDITIONS (raises
    ValueError otherwise); ``rules``: ``{rule id: severity}`` overrides (``off`` drops a rule).
    ``base_dir`` is the report's folder (images are looked up there; None skips file checks).
    ``root`` is the repository (see ``repository_root``): an image whose real path lies outside
    it is an ``image-path`` finding (None: no such check)."""
    report = parse(text)
    if edition == "auto":
        (chosen, other), source = choose_revision(report), "detected"
    elif edition in EDITIONS:
        (chosen, other), source = choose_revision(report, edition), "option"
    else:
        raise ValueError(f"unknown edition {edition!r}; choose auto or one of {', '.join(EDITIONS)}")
    official = run_official(report.text, chosen, report.markers)
    template = None
    if other is not None:
        compared = template_evidence(report, (*REVISIONS[other.name], *REVISIONS[chosen.name]))
        template = other, compared[chosen].against
    evidence = look_at(report, path, base_dir, root)
    ctx = Context(report, chosen, official, base_dir=base_dir, root=root, overrides=rules, template=template,
                  evidence=evidence)
    for known in RULES.values():
        for finding in known.check(ctx):
            if finding.rule != known.id:
                raise ValueError(f"the check of rule {known.id!r} made a finding of rule {finding.rule!r}")
            ctx.collector.add(finding)
    findings, dropped = ctx.collector.findings()
    return CheckResult(
        path=os.fspath(path),
        edition=chosen,
        edition_source=source,
        report=report,
        checklist=report.checklist,
        official=official,
        questions=_question_results(ctx),
        findings=findings,
        reason=unreadable_reason(ctx),
        dropped=dropped,
        evidence=evidence,
    )


def _question_results(ctx: Context) -> list[QuestionResult]:
    """One QuestionResult per question of the edition, in order."""
    verdicts = ctx.official.verdicts
    out = []
    for n, spec in enumerate(ctx.edition.questions, 1):
        q = ctx.by_number.get(n)
        words, images = ctx.counts.get(n, (None, None))
        if verdicts:
            ok = verdicts[n - 1]
        else:
            ok = None if words is None else judge(spec, words, images)
        out.append(
            QuestionResult(
                number=n,
                line=q.heading.line if q else None,
                title=q.heading.text if q else f"Question {n}",
                words=words,
                images=images,
                official_ok=ok if verdicts else None,
                ok=ok,
                spec=spec,
            )
        )
    return out


def find_report(path: str | os.PathLike) -> str:
    """A report file, or a repository folder holding ``reports/README.md``.

    Raises ReportError with what is really wrong: no such file, a folder that cannot be entered
    (permission denied), a broken symbolic link, a symbolic link loop, not a regular file."""
    p = os.fspath(path)
    if os.path.isdir(p):
        folder = "" if os.path.normpath(p) == "." else p  # `check .` names reports/README.md, not ./reports/...
        candidates = [os.path.join(folder, "reports", "README.md")]
        if os.path.basename(os.path.abspath(p)) == "reports":
            candidates.append(os.path.join(folder, "README.md"))
        for candidate in candidates:
            if os.path.isfile(candidate):
                return candidate
        misplaced = next((c for c in candidates if os.path.isdir(c)), p if p.lower().endswith(".md") else None)
        if misplaced is not None:
            raise ReportError(f"{p}: {misplaced} is a folder, not a report file")
        raise ReportError(f"{p}: no report (expected {candidates[-1]})")
    try:
        mode = os.stat(p).st_mode
    except OSError as exc:
        raise ReportError(f"{p}: {_stat_problem(p, exc)}") from None
    if not stat.S_ISREG(mode):
        raise ReportError(f"{p}: not a regular file")
    return p


def _stat_problem(path: str, exc: OSError) -> str:
    """Why ``os.stat(path)`` failed, in words: os.path.exists says False for all of these."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (the link leads back to itself)"
    if exc.errno == errno.EACCES:
        return f"permission denied (a folder on the way cannot be entered: {exc.strerror})"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR) and os.path.islink(path):
        return f"broken symbolic link (to {os.readlink(path)!r}, which does not exist)"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "no such file"
    return f"cannot read ({exc.strerror or exc})"


def _is_utf16(data: bytes) -> bool:
    """UTF-16 text: a byte-order mark (FF FE or FE FF), or, without one, English text's zero byte
    beside every character: zeros in (nearly) all odd or all even places of the first 8 KB, and
    none in the others."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = data[:8192]
    half = len(head) // 2
    if half < 8:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return (odd >= 0.9 * half and even == 0) or (even >= 0.9 * half and odd == 0)


def read_report(path: str | os.PathLike) -> str:
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise ReportError(
                f"{path}: {size / 1024 / 1024:.1f} MB is far too large for an exam report (limit "
                f"{MAX_BYTES // 1024 // 1024} MB; a report is ~35 KB): is it the right file?"
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ReportError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if _is_utf16(data):
        raise ReportError(
            f"{path}: saved as UTF-16 text (what PowerShell's '>' writes), not UTF-8; save it as UTF-8 "
            "(VS Code: 'Save with Encoding', UTF-8; PowerShell: '| Out-File -Encoding utf8')"
        )
    if b"\x00" in data[:8192]:
        raise ReportError(f"{path}: binary file, not a Markdown report: is it the right file?")
    try:
        # utf-8, not utf-8-sig: the error offsets of utf-8-sig would not count the BOM; it goes below.
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReportError(
            f"{path}: line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the report as UTF-8"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ReportError(f"{path}: empty report: write your answers into the course's report template")
    return text


def check_file(
    path: str | os.PathLike,
    *,
    edition: str = "auto",
    rules: Mapping[str, str] | None = None,
    display: str | None = None,
) -> CheckResult:
    report_path = find_report(path)
    text = read_report(report_path)
    return check_text(
        text,
        path=display or report_path,
        edition=edition,
        rules=rules,
        base_dir=os.path.dirname(report_path) or ".",
        root=repository_root(report_path),
    )
