"""Rules on the report's checklist of the course's modules."""

from __future__ import annotations

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
