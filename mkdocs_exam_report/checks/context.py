"""What the checks of one report share: the Context, built whole in one step by the engine.

It holds the parsed report, the edition it is judged by, the official checker's result, where
files are looked up, the question standing for each number, the counts each question is judged
by, and the Collector that decides which findings are listed (limits.py). Work that several
checks need is done once per Context, on first use, and kept in it (code spans, placeholders,
the template examples' facts, the structure's faults, directory listings, what each image target is found to be):
nothing is cached between reports, so a check under ``mkdocs serve`` sees the files as they are.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any

from ..editions import Edition
from ..evidence import RepositoryEvidence
from ..findings import Finding, registered
from ..limits import Collector
from ..official import OfficialResult
from ..report import Question, Report, checklist_items
from ..text import code_spans, count_images, count_words

# <!-- exam-report: ignore RULE[,RULE] --> inside an answer. The rule list starts and ends with a
# character that is not a space. The older lazy form ``\s+([\w\-,\s*]+?)\s*-->`` let three
# quantifiers share the same spaces: cubic on an unclosed comment followed by a long run of spaces
# or words. (A comment with a blank list, which the lazy form matched, now does not match; either
# way it ignores nothing.) Compiled when first used (re keeps it): only a report with such a comment
# needs it, and compiling it at import was ~0.15 ms of every build.
IGNORE = r"(?i)<!--\s*exam-report:\s*ignore\s+([\w\-,*](?:[\w\-,\s*]*[\w\-,*])?)\s*-->"


class Context:
    """Everything the checks read about one report, built whole by the constructor.

    ``report``: the parsed report; ``edition``: the template revision it is judged by;
    ``official``: the official checker's result; ``base_dir``: the report's folder (None: do not
    look at files); ``root``: the repository holding it (None: no check that a file lies inside
    it); ``overrides``: ``{rule: severity}`` (``off`` drops a rule); ``template``: (the revision of
    another year the report fits better, [(line, fact)] that contradict the judged template), or
    None; ``evidence``: what the report's repository shows of each ticked checklist item
    (evidence.RepositoryEvidence), None when the report has no repository.

    Built from those: ``by_number`` (the question standing for each number 1..total, the first
    of duplicates), ``answers`` (each one's answer text, in the report's order), ``counts``
    ((words, images) each question is judged by: the official checker's when it can read the
    report, else its rules applied to the question's own section), ``collector``
    (limits.Collector, with each question's ``<!-- exam-report: ignore ... -->`` opt-outs) and
    the same opt-outs written in the checklist (``ignores_item``).
    """

    def __init__(
        self,
        report: Report,
        edition: Edition,
        official: OfficialResult,
        *,
        base_dir: str | os.PathLike | None = None,
        root: str | os.PathLike | None = None,
        overrides: Mapping[str, str] | None = None,
        template: tuple[Edition, list[tuple[int, str]]] | None = None,
        evidence: RepositoryEvidence | None = None,
    ):
        self.report = report
        self.edition = edition
        self.official = official
        self.base_dir = os.fspath(base_dir) if base_dir is not None else None
        self.root = os.fspath(root) if root is not None else None
        self.template = template
        self.evidence = evidence
        self.by_number: dict[int, Question] = {}
        for q in report.questions:
            if q.number not in self.by_number and 1 <= q.number <= edition.total:
                self.by_number[q.number] = q
        text = report.text
        in_order = sorted(self.by_number.items(), key=lambda item: item[1].start)  # moved questions
        self.answers: dict[int, str] = {n: text[q.start : q.end] for n, q in in_order}
        self.counts: dict[int, tuple[int, int]] = _counts(report, edition, official, self.by_number)
        ignored = {n: ignored_rules(text, q) for n, q in self.by_number.items()} if self.answers_with("exam-report:") else {}
        self.collector = Collector(overrides, ignored)
        # the same comments in the checklist: on an item (its lines), or for the whole checklist
        self.checklist_ignored, self.item_ignored = _checklist_ignored(report)
        # Work shared by checks, done on first use (see the methods below).
        self._code: dict[int, list[tuple[int, int]]] = {}
        self._listings: dict[str, frozenset[str] | None] = {}
        self._shared: dict[Hashable, Any] = {}

    # --- findings ------------------------------------------------------------------------------

    def finding(
        self, rule: str, message: str, line: int, question: int | None = None, hint: str | None = None
    ) -> Finding:
        """A Finding of ``rule`` (its default severity; its ``fix`` unless ``hint`` is given).
        Raises ValueError for a rule id the registry does not know."""
        return Finding.of(rule, message, line, question, hint)

    def severity(self, rule: str) -> str:
        """The severity ``rule``'s findings get in this run: the course's or group's override
        (plugin ``rules:``, ``--rule``, a config file; ``off`` included), else the rule's default.
        A check that lists its findings differently at ``info`` asks this (checklist-evidence)."""
        return self.collector.overrides.get(rule) or registered(rule).severity

    def room(self, rule: str, number: int | None) -> bool:
        """Whether a finding of ``rule`` in question ``number`` would be listed (limits.py).
        Checks that can find millions of things ask before working out a finding's line and
        message; when the rule is full, asking counts the finding as not listed."""
        return self.collector.room(rule, number)

    def ignores_item(self, rule: str, line: int) -> bool:
        """Whether an ``<!-- exam-report: ignore ... -->`` comment naming ``rule`` (or ``all``)
        silences it for the checklist item at ``line``: a comment on the item (on its line or the
        lines it wraps onto), or one in the checklist outside every item (the whole checklist)."""
        for rules in (self.checklist_ignored, self.item_ignored.get(line, ())):
            if rule in rules or "all" in rules:
                return True
        return False

    def shared(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, done once per Context and kept under ``key``: work that several checks
        (or a check and the engine) need, or that one check needs for many findings."""
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]

    # --- the answers ---------------------------------------------------------------------------

    def in_answers(self, pattern: re.Pattern, finditer=None) -> Iterator[tuple[int, int, re.Match]]:
        """Matches of ``pattern`` (or of ``finditer(answer)``) in each answer, in the report's
        order, with the question's number and the shift that turns the match's offsets into
        offsets in the report. A match never spans two answers."""
        for number, answer in self.answers.items():
            shift = self.by_number[number].start
            for m in (finditer or pattern.finditer)(answer):
                yield number, shift, m

    def listed(self, rule: str, pattern: re.Pattern, finditer=None) -> Iterator[tuple[int, int, re.Match]]:
        """``in_answers(pattern, finditer)``, only the matches whose finding of ``rule`` is
        listed. Once the rule is full the rest are only counted as findings not listed (with
        ``findall``, in C, where there is a pattern to count: a hostile report has millions)."""
        collector = self.collector
        if collector.overrides.get(rule) == "off":
            return
        found = self.in_answers(pattern, finditer)
        for item in found:
            if self.room(rule, item[0]):
                yield item
            elif collector.full(rule):
                number, _, m = item
                if finditer is None:
                    numbers = list(self.answers)
                    rest = {number: len(pattern.findall(self.answers[number], m.end()))}
                    for later in numbers[numbers.index(number) + 1 :]:
                        rest[later] = len(pattern.findall(self.answers[later]))
                else:
                    rest = Counter(number for number, _, _ in found)
                collector.drop_counted(rule, rest)
                return

    def answers_with(self, literal: str) -> bool:
        """Whether any answer contains ``literal``."""
        return any(literal in answer for answer in self.answers.values())

    def code_spans(self, number: int) -> list[tuple[int, int]]:
        """The fenced code blocks and inline code spans of question ``number``'s answer, as
        (start, end) offsets in the report, in order."""
        spans = self._code.get(number)
        if spans is None:
            q = self.by_number[number]
            spans = self._code[number] = code_spans(self.report.text, self.report.fenced, q.start, q.end)
        return spans

    def has_code(self, number: int) -> bool:
        """Whether question ``number``'s answer has a code block or inline code."""
        return bool(self.code_spans(number))

    def in_code(self, number: int, offset: int) -> bool:
        """Whether ``offset`` in question ``number``'s answer lies in a code block or inline code."""
        spans = self.code_spans(number)
        i = bisect_right(spans, (offset, float("inf"))) - 1
        return i >= 0 and spans[i][0] <= offset < spans[i][1]

    # --- files ---------------------------------------------------------------------------------

    def listing(self, folder: str) -> frozenset[str] | None:
        """The names in ``folder`` (None when it cannot be listed), read once per Context."""
        if folder not in self._listings:
            try:
                self._listings[folder] = frozenset(os.listdir(folder))
            except OSError:
                self._listings[folder] = None
        return self._listings[folder]

    def exists_exact(self, relative: str) -> bool:
        """Whether the file ``relative`` (a normalised '/'-separated path) exists below the
        report's folder with every name in its exact case, without leaving it or reading any file."""
        parts = [p for p in relative.split("/") if p not in ("", ".")]
        # One stat settles a missing file; only a file that exists needs its folders listed, for the
        # case of each name (a case-insensitive file system finds 'Figures/A.PNG' too).
        if not parts or not os.path.isfile(os.path.join(self.base_dir, *parts)):
            return False
        folder = self.base_dir
        for part in parts:
            entries = self.listing(folder)
            if entries is None or part not in entries:
                return False
            folder = os.path.join(folder, part)
        return True


    def case_variant(self, path: str, below: str) -> str | None:
        """The file (absolute path) that ``path`` (absolute, normalised, inside the folder
        ``below``) names when upper/lower case is ignored in the names below ``below``
        (``figures/Loss.PNG`` for ``figures/loss.png``), or None when there is none: the file a
        student sees on Windows or macOS, which GitHub and the published site do not find under
        the report's spelling. At each step the exact name is taken first ('figures/' beside a
        'Figures/' is the one meant); folders are listed once per Context."""
        relative = os.path.relpath(path, below)
        if relative == "." or relative.startswith(".."):
            return None
        folder = below
        for part in relative.split(os.sep):
            if part in (self.listing(folder) or ()):
                name = part
            else:
                by_folded = self.shared(("folded names", folder), lambda f=folder: folded_names(self.listing(f)))
                name = by_folded.get(part.casefold())
            if name is None:
                return None
            folder = os.path.join(folder, name)
        return folder if folder != path and os.path.isfile(folder) else None


def folded_names(names: Iterable[str] | None) -> dict[str, str]:
    """``{name.casefold(): name}`` of a folder's names (the first in sorted order where two names
    differ only in case)."""
    return {name.casefold(): name for name in sorted(names or (), reverse=True)}


def ignored_rules(text: str, q: Question) -> set[str]:
    """The rule ids (lower case; ``all`` for every rule) that the ``<!-- exam-report: ignore
    ... -->`` comments in question ``q``'s section name."""
    rules: set[str] = set()
    for m in re.compile(IGNORE).finditer(text, q.start, q.end):
        rules |= _named(m)
    return rules


def _named(comment: re.Match) -> set[str]:
    """The rule ids (lower case) an ``IGNORE`` match lists."""
    return {r.strip().lower() for r in comment.group(1).split(",") if r.strip()}


def _checklist_ignored(report: Report) -> tuple[set[str], dict[int, set[str]]]:
    """The rules ``<!-- exam-report: ignore ... -->`` comments in the checklist name: (those of
    the comments outside every item, which hold for the whole checklist; {an item's first line:
    those of the comments on its lines})."""
    checklist = report.checklist
    whole: set[str] = set()
    per_item: dict[int, set[str]] = {}
    if checklist.line is None or checklist.end is None:
        return whole, per_item
    start = report.offset_of(checklist.line)
    if "exam-report:" not in report.text[start : checklist.end]:
        return whole, per_item
    firsts, lasts = [], []  # the items' line spans, in order (items do not overlap)
    for item in checklist_items(report):
        firsts.append(item.line)
        lasts.append(item.last_line)
    for m in re.compile(IGNORE).finditer(report.text, start, checklist.end):
        line = report.line_of(m.start())
        rules = _named(m)
        i = bisect_right(firsts, line) - 1  # the last item starting on or before the comment's line
        if i >= 0 and line <= lasts[i]:
            per_item.setdefault(firsts[i], set()).update(rules)
        else:
            whole |= rules
    return whole, per_item


def _counts(report: Report, edition: Edition, official: OfficialResult, by_number: dict[int, Question]):
    """(words, images) of each question: the official checker's counts when it can read the
    report, else its rules applied to each question's own section (``_own_view``)."""
    if official.readable:
        return {n: (answer.words, answer.images) for n, answer in enumerate(official.answers, 1)}
    counts = {}
    for n, q in by_number.items():
        a, b = _own_view(report, q, n == edition.total)
        counts[n] = (count_words(report.text[a:b]), count_images(report.text, a, b))
    return counts


def _own_view(report: Report, question: Question, is_last: bool) -> tuple[int, int]:
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
