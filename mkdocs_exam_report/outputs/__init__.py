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

import os
from collections.abc import Callable
from dataclasses import dataclass

from .course_page import render_page
from .github import render_github
from .json import render_json
from .rows import Row, split
from .sarif import render_sarif
from .summary import render_csv, render_markdown, render_table
from .text import render_text


@dataclass(frozen=True, slots=True)
class Format:
    """``name``: the ``--format`` value; ``findings(rows)``: the output for each report (None:
    the format is a summary only); ``summary(rows)``: one row per report (None: ``--summary``
    changes nothing); ``job_summary``: with ``--summary``, the Markdown table also goes to the
    GitHub Actions job summary (printed after the output elsewhere)."""

    name: str
    findings: Callable[[list[Row]], str] | None = None
    summary: Callable[[list[Row]], str] | None = None
    job_summary: bool = False

    def implies_summary(self) -> bool:
        return self.findings is None

    def lists_rows(self, summary: bool) -> bool:
        """Whether the output has a row for each path that could not be checked (else the
        command line says why on standard error)."""
        return self.findings is None or (summary and self.summary is not None)


def _text(rows: list[Row]) -> str:
    return render_text(split(rows)[0])


def _json(rows: list[Row]) -> str:
    return render_json(*split(rows))


def _sarif(rows: list[Row]) -> str:
    return render_sarif(*split(rows))


def _github(rows: list[Row]) -> str:
    return render_github(*split(rows))


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(name="text", findings=_text, summary=render_table),
        Format(name="json", findings=_json),
        Format(name="github", findings=_github, job_summary=True),
        Format(name="sarif", findings=_sarif),
        Format(name="table", summary=render_table),
        Format(name="csv", summary=render_csv),
        Format(name="markdown", summary=render_markdown),
        Format(name="html", summary=render_page),
    )
}


def render(rows: list[Row], name: str, summary: bool) -> str:
    """The output of format ``name`` for ``rows`` (``summary``: ``--summary`` was given)."""
    fmt = FORMATS[name]
    if fmt.lists_rows(summary):
        return fmt.summary(rows)
    text = fmt.findings(rows)
    if summary and fmt.job_summary:
        markdown = render_markdown(rows)
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
