"""How much of a report's findings is listed: the caps, in one place.

A real report has a few dozen findings at most. A hostile or broken one can have millions (a
10 MB report of ``![](x)`` lines is 1.5 million images, each with two findings), and listing them
all took minutes and gigabytes in every output format. So each report lists at most
``MAX_PER_RULE`` findings of one rule and ``MAX_PER_REPORT`` in all, the first ones in the
order of the text; in their place each rule that lost some gets one more finding, "… and N more",
on the line of its last finding listed. Nothing is lost from the verdict: the error and warning
counts, the exit code and ``CheckResult.count`` include the findings not listed, and the JSON
output says how many of each rule were dropped (``"dropped": {"rule": N}``).

``MAX_SHOWN_BYTES`` and ``MAX_SHOWN_MARKUP`` bound the report the plugin renders as a page.
Python-Markdown's time grows faster than the page with links, images and HTML tags (256 KB of
``![](x)`` lines take it ~3 s, 512 KB ~10 s, and Material's search plugin ~5 s on 4,000 ``<h6>``
tags); a real report is ~35 KB with a few dozen of them. A report over either bound is still
checked in full, but its page shows the findings instead of the text.

``MAX_LISTED`` caps the items one message lists (the study numbers of question 2, say), and
``MAX_SECTION_COLUMNS`` the checklist-section columns of the course summary (``--summary``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .text import quantity

if TYPE_CHECKING:
    from .findings import Finding

MAX_PER_RULE = 100
MAX_PER_REPORT = 500
MAX_LISTED = 10
MAX_SHOWN_BYTES = 1024 * 1024
MAX_SHOWN_MARKUP = 2000  # links and images ("](") and HTML tags ("<")
MAX_SECTION_COLUMNS = 12


def listed(items: list[str]) -> str:
    """``a, b, c`` for at most MAX_LISTED items, then ``… and N more``."""
    shown = ", ".join(items[:MAX_LISTED])
    rest = len(items) - MAX_LISTED
    return f"{shown} … and {rest} more" if rest > 0 else shown


class Collector:
    """The findings a report lists, gathered as the checks produce them.

    ``overrides``: ``{rule: severity}`` (``off`` drops a rule); ``ignored``: the rules each
    question opts out of (``<!-- exam-report: ignore ... -->``, ``all`` for every rule). A check
    that can produce very many findings asks ``room(rule, question)`` before it builds one, so
    that a full rule costs a count, not a finding (see ``checks.Context.room``).
    """

    def __init__(self, overrides: Mapping[str, str] | None, ignored: Mapping[int, set[str]]):
        self.overrides = overrides or {}
        self.ignored = ignored
        self.kept: list[Finding] = []
        self.per_rule: dict[str, int] = {}
        self.dropped: dict[str, int] = {}
        self.dropped_in: dict[str, set[int | None]] = {}  # the questions of the findings not listed

    def _wanted(self, rule: str, question: int | None) -> bool:
        if self.overrides.get(rule) == "off":
            return False
        skip = self.ignored.get(question) if question is not None else None
        return not skip or not (rule in skip or "all" in skip)

    def room(self, rule: str, question: int | None) -> bool:
        """Whether a finding of ``rule`` in ``question`` would be listed. When the rule is full
        the finding is counted as dropped here, and the check must not yield it."""
        if not self._wanted(rule, question):
            return False
        if self.full(rule):
            self.dropped[rule] = self.dropped.get(rule, 0) + 1
            self.dropped_in.setdefault(rule, set()).add(question)
            return False
        return True

    def open(self, rule: str, question: int | None) -> bool:
        """Whether findings of ``rule`` in ``question`` are still listed."""
        return self._wanted(rule, question) and not self.full(rule)

    def full(self, rule: str) -> bool:
        return self.per_rule.get(rule, 0) >= MAX_PER_RULE

    def drop_counted(self, rule: str, per_question: Mapping[int | None, int]) -> None:
        """Count findings of a full rule, ``{question: how many}``, as not listed."""
        counted = {question: n for question, n in per_question.items() if n and self._wanted(rule, question)}
        if counted:
            self.dropped[rule] = self.dropped.get(rule, 0) + sum(counted.values())
            self.dropped_in.setdefault(rule, set()).update(counted)

    def add(self, finding: Finding) -> None:
        rule = finding.rule
        if not self.room(rule, finding.question):
            return
        severity = self.overrides.get(rule, finding.severity)
        self.kept.append(finding if severity == finding.severity else finding.with_severity(severity))
        self.per_rule[rule] = self.per_rule.get(rule, 0) + 1

    def findings(self) -> tuple[list[Finding], dict[str, int]]:
        """The findings to list, sorted by line, and ``{rule: findings not listed}``."""
        # Imported here: importing findings imports the checks, whose Context imports this module.
        from .findings import Finding, registered

        kept = sorted(self.kept, key=lambda f: (f.line, f.question or 0, f.rule))
        dropped = dict(self.dropped)
        questions = {rule: set(found) for rule, found in self.dropped_in.items()}
        last: dict[str, Finding] = {}  # the last finding listed of each rule, or its first cut
        for f in kept[MAX_PER_REPORT:]:
            dropped[f.rule] = dropped.get(f.rule, 0) + 1
            questions.setdefault(f.rule, set()).add(f.question)
            last.setdefault(f.rule, f)
        kept = kept[:MAX_PER_REPORT]
        for f in kept:
            last[f.rule] = f
        for rule, n in sorted(dropped.items()):
            shown = last.get(rule)
            severity = self.overrides.get(rule, shown.severity if shown else registered(rule).severity)
            kept.append(
                Finding(
                    rule=rule,
                    severity=severity,
                    message=f"… and {quantity(n, f'more {rule} finding')} not listed (a report lists at "
                    f"most {MAX_PER_RULE} findings of a rule and {MAX_PER_REPORT} in all)",
                    line=shown.line if shown else 1,
                    # one question: its own
                    question=next(iter(questions[rule])) if len(questions[rule]) == 1 else None,
                    hint="Fix the findings listed; the rest are of the same kind.",
                )
            )
        kept.sort(key=lambda f: (f.line, f.question or 0, f.rule))
        return kept, dropped
