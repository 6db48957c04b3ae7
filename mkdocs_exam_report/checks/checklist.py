"""Rules on the report's checklist of the course's modules: its marks, and what the repository
shows of each ticked item (evidence.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
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
        if not ctx.room("checklist", None):
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
    "is listed below.",
    fix="Commit the files that show the work, or untick the item if the group did not do it.",
)
def check_checklist_evidence(ctx: Context) -> Iterator[Finding]:
    """Each ticked item the repository shows nothing of (``ctx.evidence``), at its line."""
    evidence = ctx.evidence
    if evidence is None:
        return
    hint = "If the group did it, commit the file that shows it (only files git tracks count); if not, untick the item."
    if evidence.note:
        hint += f" Note: {evidence.note}."
    for item in evidence.missing:
        if ctx.room("checklist-evidence", None):
            if item.untracked:
                said = f"{item.untracked} exists but git does not track it (commit it)"
            else:
                said = f"the repository has no {item.looked_for}"
            yield ctx.finding(
                "checklist-evidence",
                f"ticked '{shortened(item.item)}', but {said}",
                item.line,
                hint=hint,
            )


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
