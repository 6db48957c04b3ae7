"""Rules on the report's checklist of the course's modules: its marks, and what the repository
shows of each ticked item (evidence.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..evidence import ItemEvidence, tags
from ..findings import Finding
from ..limits import listed
from .context import Context
from .registry import rule


@rule(
    id="checklist",
    severity="warning",
    title="Malformed checklist item",
    why="Checklist items are `* [ ]` (open) or `* [x]` (done); other marks are not clearly ticked.",
    fix="Use `[x]` for done and `[ ]` for not done.",
)
def check_checklist(ctx: Context) -> Iterator[Finding]:
    for item in ctx.report.checklist.odd_items():
        if ctx.ignores_item("checklist", item.line) or not ctx.room("checklist", None):
            continue
        counted = "counted as done" if item.done else "not counted as done"
        yield ctx.finding(
            "checklist",
            f"checklist mark '[{item.mark}]' is not '[ ]' or '[x]' ({counted})",
            item.line,
            hint="Use '[x]' for done and '[ ]' for not done.",
        )


@rule(
    id="checklist-evidence",
    severity="info",
    title="Ticked checklist item without evidence in the repository",
    why="The course checks the repositories and the code to verify the checklist. A ticked item whose "
    "files are not in the repository (only files git tracks count: they are the hand-in) is a claim "
    "the teachers cannot confirm. Only a report in a repository is judged; what is looked for per item "
    "is listed below. At `info` (the default) a report gets one finding for all such items, naming them "
    "by module; raised to `warning` or `error`, each item is its own finding, so that a strict build "
    "lists every one it fails on.",
    fix="Commit the files that show the work, or untick the item if the group did not do it.",
)
def check_checklist_evidence(ctx: Context) -> Iterator[Finding]:
    """The ticked items the repository shows nothing of (``ctx.evidence``): at ``info`` one
    finding for them all (at the first one's line; a single item keeps its own message), else
    one finding per item, at its line."""
    evidence = ctx.evidence
    if evidence is None:
        return
    # an item (or the checklist) whose comment silences the rule is neither listed nor counted
    missing = [item for item in evidence.missing if not ctx.ignores_item("checklist-evidence", item.line)]
    if not missing:
        return
    hint = "If the group did it, commit the file that shows it (only files git tracks count); if not, untick the item."
    if evidence.note:
        hint += f" Note: {evidence.note}."
    if ctx.severity("checklist-evidence") == "info" and len(missing) > 1:
        if ctx.room("checklist-evidence", None):
            yield ctx.finding("checklist-evidence", folded(missing), missing[0].line, hint=hint)
        return
    for item in missing:
        if ctx.room("checklist-evidence", None):
            yield ctx.finding("checklist-evidence", f"ticked '{shortened(item.item)}', but {_said(item)}", item.line,
                              hint=hint)


def _said(item: ItemEvidence) -> str:
    if item.untracked:
        return f"{item.untracked} exists but git does not track it (commit it)"
    return f"the repository has no {item.looked_for}"


def folded(missing: Sequence[ItemEvidence]) -> str:
    """One message for several ticked items without evidence: how many, their modules (an item
    without a module tag by its evidence entry's name), the files git does not track, and where
    each item is detailed."""
    names = list(dict.fromkeys(name for item in missing for name in _names(item)))
    message = f"{len(missing)} ticked items have no evidence in the repository ({listed(names)})"
    untracked = list(dict.fromkeys(item.untracked for item in missing if item.untracked))
    if untracked:
        message += f"; {listed(untracked)} exist{'s' if len(untracked) == 1 else ''} but git does not track "
        message += "it (commit it)" if len(untracked) == 1 else "them (commit them)"
    return (
        f"{message}. The report's page marks each with '?' in its checklist (under mkdocs serve or with "
        "annotate: always), --format json names what was looked for, and the rule raised to warning "
        "(--rule checklist-evidence=warning) lists each"
    )


def _names(item: ItemEvidence) -> list[str]:
    """An item's modules as its tag names them ('(M2+M6)': M2, M6), else its evidence entry's name."""
    return sorted(tags(item.item), key=lambda tag: int(tag[1:])) or [item.entry]


_TAG_AT_END = re.compile(r"\s*\(M\d+[^()]*\)\s*$")


def shortened(item: str, limit: int = 100) -> str:
    """A checklist item's text for a message: at most about ``limit`` characters, cut at a word
    and marked ``...``, its module tag kept."""
    if len(item) <= limit:
        return item
    tag = _TAG_AT_END.search(item)
    end = tag.group(0).strip() if tag else ""
    head = item[: limit - len(end) - 5].rsplit(" ", 1)[0]
    return f"{head} ... {end}" if end else f"{head} ..."
