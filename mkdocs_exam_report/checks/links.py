"""Rules on the report's links to the files of its repository."""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterator

from ..findings import Finding
from ..links import (
    answer_spans,
    containing,
    exists_exact,
    gaps,
    is_inside,
    iter_links,
    prompt_spans,
    relative_path,
    within,
)
from ..paths import outside_repository
from ..text import code_spans
from .context import Context
from .registry import rule


@rule(
    id="link-missing",
    severity="warning",
    title="Link to a file that does not exist",
    why="A relative link or image in the report opens a file of your repository on GitHub, "
    "resolved from the report's folder with exact upper/lower case. A target that is in no "
    "folder of the repository (or that leaves it) is a dead link for whoever reads the report. "
    "The template's own links to the course's example figures are not checked.",
    fix="Fix the path (relative to `reports/`, e.g. `../dockerfiles/train.dockerfile`) and its case, "
    "or add the file.",
)
def check_links(ctx: Context) -> Iterator[Finding]:
    """``link-missing``: every relative link and image of the report whose target exists nowhere
    (exact case), or lies outside the Git repository holding the report. Not judged here: the
    template's own links in the prompts (the course's example figures, which the group need not
    have), and the images embedded in answers (``image-missing`` and ``image-path`` judge those).
    Targets are resolved from the report's folder, inside its repository ``ctx.root``
    (``paths.repository_root``; without one, only whether the target exists); no file checks
    without a folder."""
    if ctx.base_dir is None:
        return
    report, text = ctx.report, ctx.report.text
    base = os.path.abspath(ctx.base_dir)
    root = os.path.abspath(ctx.root) if ctx.root is not None else None
    prompts = prompt_spans(report)
    answers = answer_spans(report)
    regions = [(q.heading.start, q.end, q.number) for q in report.questions]
    known: dict[str, str | object | None] = {}  # resolved path -> what is wrong with it (_MISSING: not said yet)
    # Images in answers are the image rules' (a hostile report has millions): only links are
    # looked for there, images only in the rest of the text.
    rest = gaps(answers, len(text))
    code = code_spans(text, report.fenced)
    links = heapq.merge(
        iter_links(text, code, images=False),
        (link for link in iter_links(text, code, spans=rest, definitions=False) if link.image),
    )
    for link in links:
        in_answer = containing(answers, link.start)
        if link.image and in_answer is not None:
            continue
        if not link.image and not link.definition and within(prompts, link.start):
            continue
        raw = text[link.target_start : link.target_end]
        path = relative_path(raw)
        if path is None:
            continue
        resolved = os.path.normpath(os.path.join(base, *path.split("/")))
        if resolved not in known:
            if root is not None and not is_inside(resolved, root):
                known[resolved] = "points outside the repository"
            elif not exists_exact(resolved, root if root is not None else os.path.commonpath([base, resolved])):
                known[resolved] = _MISSING  # said once it is listed: the case hint reads folders
            elif root is not None and outside_repository(resolved, root):
                # the plugin does not publish it (paths.py); the command line says so too
                known[resolved] = "is a symbolic link to a file outside the repository, which is not published"
            else:
                known[resolved] = None
        problem = known[resolved]
        if problem is None:
            continue
        question = in_answer
        if question is None:
            question = containing(regions, link.start)
        if not ctx.room("link-missing", question):
            continue  # counted, not listed (limits.py): a hostile report can have millions
        if problem is _MISSING:
            problem = known[resolved] = _missing(ctx, resolved, base, root)
        kind = "image" if link.image else "link"
        yield ctx.finding(
            "link-missing", f"the {kind} target '{raw.strip()}' {problem}", report.line_of(link.start), question
        )


_MISSING = object()  # a target that does not exist, its message not made yet


def _missing(ctx: Context, resolved: str, base: str, root: str | None) -> str:
    """What is wrong with the missing target ``resolved`` (absolute), with the file it names in
    another upper/lower case when there is one (found on Windows and macOS, not on GitHub)."""
    below = root if root is not None else os.path.commonpath([base, resolved])
    where = " in the repository" if root is not None else ""
    variant = ctx.case_variant(resolved, below)
    if variant is None:
        return f"does not exist{where}"
    spelled = os.path.relpath(variant, base).replace(os.sep, "/")
    return f"does not exist{where}; '{spelled}' does, but names are case-sensitive on GitHub"
