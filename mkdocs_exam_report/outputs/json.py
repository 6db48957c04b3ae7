"""The ``json`` format: ``{"version": 1, "reports": [...], "unusable": [...]}``, each report as
``report_dict`` gives it (schema: assets/report.schema.json). Report text is written with JSON
escapes for the characters a terminal would act on (escape.json_text)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..escape import json_text
from .columns import json_summary
from .rows import Row, split

if TYPE_CHECKING:
    from ..engine import CheckResult


def report_dict(result: CheckResult) -> dict:
    """One report of the JSON output: ``CheckResult.to_dict()`` and its ``summary`` block (the
    summary's columns marked ``json``: passed, errors, warnings, at_risk, ...)."""
    return {**result.to_dict(), "summary": json_summary(result)}


def json_document(results: Iterable[CheckResult], unusable: Iterable[tuple[str, str]] = ()) -> dict:
    document = {"version": 1, "reports": [report_dict(r) for r in results]}
    unusable = list(unusable)
    if unusable:
        document["unusable"] = [{"path": p, "message": m} for p, m in unusable]
    return document


def dumps(document: object, *, depth: int, many: bool) -> str:
    """JSON text. One report: indented (``indent=2``) for people. Many: the containers down to
    ``depth`` levels are laid out one item per line and everything deeper is compact, which is
    as easy to grep and diff and several times faster (Python's C encoder only runs without
    ``indent``; 1,000 indented reports took longer than checking them)."""
    if not many:
        return json_text(json.dumps(document, indent=2, ensure_ascii=False))
    compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    out: list[str] = []

    def emit(value: object, level: int, pad: str) -> None:
        if level >= depth or not value or not isinstance(value, (dict, list)):
            out.append(compact(value))
            return
        inner = pad + "  "
        if isinstance(value, dict):
            out.append("{\n")
            for i, (key, item) in enumerate(value.items()):
                out.append(f"{',' if i else ''}{chr(10) if i else ''}{inner}{compact(key)}: ")
                emit(item, level + 1, inner)
            out.append(f"\n{pad}}}")
        else:
            out.append("[\n")
            for i, item in enumerate(value):
                out.append(f"{',' + chr(10) if i else ''}{inner}")
                emit(item, level + 1, inner)
            out.append(f"\n{pad}]")

    emit(document, 0, "")
    return json_text("".join(out))


def render_json(results: Iterable[CheckResult], unusable: Iterable[tuple[str, str]] = ()) -> str:
    document = json_document(results, unusable)
    return dumps(document, depth=2, many=len(document["reports"]) + len(document.get("unusable", ())) > 1)


def render_rows(rows: list[Row]) -> str:
    return render_json(*split(rows))
