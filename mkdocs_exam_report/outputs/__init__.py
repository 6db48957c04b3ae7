"""The output formats of ``exam-report check``, in one registry: ``FORMATS``, name -> Format.

Every format renders the rows of a run (rows.py: checked reports, and paths that could not be
checked), in one or both of two ways: ``findings``, the output for each report (its findings,
the whole JSON or SARIF document), and ``summary``, one row per report for a whole course
(``--summary``; the summary's columns are declared once, in columns.py). A format with only a
``summary`` implies ``--summary``; one with only ``findings`` ignores it. Each unit is a module:

- text.py: ``text``, a line per finding and per report; summary.py: ``table`` (and ``text
  --summary``), ``markdown`` and ``csv``; course_page.py: ``html``;
- json.py: ``json``; sarif.py: ``sarif``; github.py: ``github`` (with ``--summary`` it also
  writes the Markdown table to the GitHub Actions job summary).

Every format can be written to a file (``-o``). Report text is escaped for each format's
reader (escape.py).
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # rows.py is loaded by the formats; the plugin's log lines need none of it
    from .rows import Row

# A format's renderer is named "module:function" (a module of this package) and imported when
# the format is used: the units import what only they need (json, csv, hashlib and configparser
# for the course page, ...), and loading them all made `exam-report check` on one report, whole
# process, ~30 ms (a third) slower in CPU time than loading only the text format's.


# A NamedTuple rather than a frozen dataclass: the class is made at import in 0.2 ms instead of
# 0.7 ms, which every `mkdocs build` paid for the plugin's log lines (outputs.text).
class Format(NamedTuple):
    """``name``: the ``--format`` value; ``findings``: the renderer of the output for each report
    (None: the format is a summary only); ``summary``: the renderer of one row per report (None:
    ``--summary`` changes nothing); ``job_summary``: with ``--summary``, the Markdown table also
    goes to the GitHub Actions job summary (printed after the output elsewhere). A renderer is
    ``"module:function"``, the function taking the rows of a run and returning the text."""

    name: str
    findings: str | None = None
    summary: str | None = None
    job_summary: bool = False

    def implies_summary(self) -> bool:
        return self.findings is None

    def lists_rows(self, summary: bool) -> bool:
        """Whether the output has a row for each path that could not be checked (else the
        command line says why on standard error)."""
        return self.findings is None or (summary and self.summary is not None)


def renderer(reference: str):
    """The function ``"module:function"`` names (a module of this package)."""
    module, _, function = reference.partition(":")
    return getattr(importlib.import_module(f".{module}", __name__), function)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(name="text", findings="text:render_rows", summary="summary:render_table"),
        Format(name="json", findings="json:render_rows"),
        Format(name="github", findings="github:render_rows", job_summary=True),
        Format(name="sarif", findings="sarif:render_rows"),
        Format(name="table", summary="summary:render_table"),
        Format(name="csv", summary="summary:render_csv"),
        Format(name="markdown", summary="summary:render_markdown"),
        Format(name="html", summary="course_page:render_page"),
    )
}


def render(rows: list[Row], name: str, summary: bool) -> str:
    """The output of format ``name`` for ``rows`` (``summary``: ``--summary`` was given)."""
    fmt = FORMATS[name]
    if fmt.lists_rows(summary):
        return renderer(fmt.summary)(rows)
    text = renderer(fmt.findings)(rows)
    if summary and fmt.job_summary:
        markdown = renderer("summary:render_markdown")(rows)
        if not _write_step_summary(markdown):
            text = f"{text}\n{markdown}" if text else markdown
    return text


def _write_step_summary(markdown: str) -> bool:
    """Append to the GitHub Actions job summary when running there."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write("## Exam reports\n\n" + markdown + "\n")
    except OSError:
        return False
    return True
