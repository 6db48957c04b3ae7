"""parse → check → findings. Shared by the command line and the MkDocs plugin; imports no MkDocs."""

from __future__ import annotations

import errno
import os
import stat
from collections import namedtuple
from collections.abc import Mapping

from .editions import EDITIONS, LATEST, Edition, new_record
from .findings import Finding, apply_overrides
from .paths import repository_root
from .official import OfficialResult, count_images, count_words, judge, run_official
from .report import Checklist, Report, parse
from . import rules as _rules

MAX_BYTES = 10 * 1024 * 1024  # a report is ~35 KB; anything this large is not one


class ReportError(Exception):
    """Input we cannot judge. The message is one line that names the file."""


class QuestionResult(namedtuple("QuestionResult", "number line title words images official_ok ok spec")):
    """The verdict on one question of the edition.

    line: heading line (None when the heading is missing); words/images: the official checker's
    counts when it can read the report, else ours by its rules; official_ok: None when it cannot
    read the report; ok: the same limits applied either way.
    """

    __slots__ = ()

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


class CheckResult:
    """Everything known about one report. ``edition_source`` is "detected" or "option";
    ``reason`` says why the official checker cannot read the report (None when it can)."""

    def __init__(
        self,
        path: str,
        edition: Edition,
        edition_source: str,
        report: Report,
        official: OfficialResult,
        questions: list[QuestionResult],
        findings: list[Finding],
        reason: str | None = None,
    ):
        self.path = path
        self.edition = edition
        self.edition_source = edition_source
        self.report = report
        self.official = official
        self.questions = questions
        self.findings = findings
        self.reason = reason

    @property
    def checklist(self) -> Checklist:
        return self.report.checklist

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

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
        return sum(f.rule == rule for f in self.findings)

    def to_dict(self) -> dict:
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
            },
            "questions": [
                {**q.to_dict(), "state": state} for q, state in zip(self.questions, self.question_states())
            ],
            "findings": [f.to_dict() for f in self.findings],
            "summary": {
                "passed": self.passed,
                "errors": self.errors,
                "warnings": self.warnings,
                "at_risk": self.at_risk,
            },
        }


def detect_edition(report: Report) -> Edition:
    numbers = {q.number for q in report.questions}
    if not numbers:
        return EDITIONS[LATEST]
    if max(numbers) <= 27 and len(report.questions) <= 28:
        return EDITIONS["2023"]
    q3 = next((q for q in report.questions if q.number == 3), None)
    if q3 is not None:
        prompt = q3.prompt.lower()
        if "requirement" in prompt and "third-party" in prompt:
            return EDITIONS["2025"]
        if "open-source" in prompt or "not covered in the course" in prompt:
            return EDITIONS["2026"]
        if q3.words_hint is not None:
            if q3.words_hint.min == 0:
                return EDITIONS["2026"]
            return EDITIONS["2025"]
    total = report.checklist.total
    if total == EDITIONS["2025"].checklist_total:
        return EDITIONS["2025"]
    return EDITIONS[LATEST]


def _own_view(report: Report, question, is_last: bool) -> tuple[int, int]:
    """The official rules applied to one question's own section (used when the whole report is
    unreadable): text after its last ``Answer:`` up to the first ``##``."""
    text = report.text
    start = question.start
    if len(question.markers) > 1:
        start = question.markers[-1] + len("Answer:")
    end = question.end
    if not is_last:
        cut = text.find("##", start, end)
        if cut != -1:
            end = cut
    return start, end


def check_text(
    text: str,
    *,
    path: str | os.PathLike = "reports/README.md",
    edition: str = "auto",
    rules: Mapping[str, str] | None = None,
    base_dir: str | os.PathLike | None = None,
    root: str | os.PathLike | None = None,
) -> CheckResult:
    """Judge one report. ``base_dir`` is the report's folder (images are looked up there; None
    skips file checks). ``root`` is the repository (see ``repository_root``): an image whose
    real path lies outside it is an ``image-path`` finding (None: no such check)."""
    report = parse(text)
    if edition == "auto":
        chosen, source = detect_edition(report), "detected"
    elif edition in EDITIONS:
        chosen, source = EDITIONS[edition], "option"
    else:
        raise ValueError(f"unknown edition {edition!r}; choose auto or one of {', '.join(EDITIONS)}")
    official = run_official(report.text, chosen, report.markers)

    _rules.clear_cache()  # directory listings hold for one check: under `mkdocs serve` files come and go
    ctx = _rules.Context(report, chosen, official, os.fspath(base_dir) if base_dir is not None else None)
    ctx.root = os.fspath(root) if root is not None else None
    by_number, total = ctx.by_number, chosen.total
    for q in report.questions:
        if q.number not in by_number and 1 <= q.number <= total:  # the first of duplicates stands
            by_number[q.number] = q
    if official.readable:
        ctx.counts = {n: (answer.words, answer.images) for n, answer in enumerate(official.answers, 1)}
    else:
        for n, q in ctx.by_number.items():
            a, b = _own_view(report, q, n == chosen.total)
            ctx.counts[n] = (count_words(report.text[a:b]), count_images(report.text, a, b))

    ctx.index_answers()
    findings: list[Finding] = list(_rules.check_structure(ctx))
    reason = None
    if not official.readable:
        structural = [f for f in findings if f.rule == "structure"]
        if structural:
            first = min(structural, key=lambda f: f.line)
            reason = f"line {first.line}: {first.message}"
        else:
            catch_all = _rules.structure_summary(ctx)
            findings.append(catch_all)
            reason = catch_all.message
    for check in _rules.CHECKS:
        findings.extend(check(ctx))

    # Inline opt-outs: <!-- exam-report: ignore RULE[,RULE] --> inside an answer.
    for n, q in ctx.by_number.items() if ctx.answers_with("exam-report:") else ():
        ignored = _rules.ignored_rules(report.text, q)
        if ignored:
            findings = [
                f for f in findings if not (f.question == n and (f.rule in ignored or "all" in ignored))
            ]
    findings = apply_overrides(findings, rules)
    findings.sort(key=lambda f: (f.line, f.question or 0, f.rule))

    questions = []
    verdicts = official.verdicts
    for n, spec in enumerate(chosen.questions, 1):
        q = ctx.by_number.get(n)
        words, images = ctx.counts.get(n, (None, None))
        if verdicts:
            ok = verdicts[n - 1]
        else:
            ok = None if words is None else judge(spec, words, images)
        heading = q.heading if q else None
        title = heading.text if heading else f"Question {n}"
        line = heading.line if heading else None
        questions.append(new_record(QuestionResult, (n, line, title, words, images, ok if verdicts else None, ok, spec)))
    return CheckResult(os.fspath(path), chosen, source, report, official, questions, findings, reason)


def find_report(path: str | os.PathLike) -> str:
    """A report file, or a repository folder holding ``reports/README.md``.

    Raises ReportError with what is really wrong: no such file, a folder that cannot be entered
    (permission denied), a broken symbolic link, a symbolic link loop, not a regular file."""
    p = os.fspath(path)
    if os.path.isdir(p):
        candidate = os.path.join(p, "reports", "README.md")
        if os.path.isfile(candidate):
            return candidate
        if os.path.basename(os.path.normpath(p)) == "reports" and os.path.isfile(os.path.join(p, "README.md")):
            return os.path.join(p, "README.md")
        raise ReportError(f"{p}: no report (expected {candidate})")
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


def read_report(path: str | os.PathLike) -> str:
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise ReportError(
                f"{path}: {size / 1024 / 1024:.1f} MB is far too large for an exam report (limit "
                f"{MAX_BYTES // 1024 // 1024} MB)"
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ReportError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in data[:8192]:
        raise ReportError(f"{path}: binary file, not a Markdown report")
    try:
        # utf-8, not utf-8-sig: that codec is a module to import (start-up time); the BOM goes below.
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReportError(
            f"{path}: line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the report as UTF-8"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ReportError(f"{path}: empty report")
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
