"""SARIF 2.1.0 output (``exam-report check --format sarif``) for GitHub code scanning.

One run, one reporting descriptor per rule of the catalogue (``findings.RULES``), one result per
finding with its file (a URI relative to the current folder, the repository root in CI) and
line. Paths that could not be checked become tool execution notifications.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import quote

from .. import __version__
from ..escape import printable
from ..findings import RULES
from .json import dumps
from .rows import Row, split

if TYPE_CHECKING:
    from ..engine import CheckResult
    from ..findings import Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

# SARIF levels are none/note/warning/error; "off" findings never reach the output.
LEVELS = {"error": "error", "warning": "warning", "info": "note", "off": "none"}


def level(severity: str) -> str:
    return LEVELS.get(severity, "note")


def rule_name(rule_id: str) -> str:
    """A SARIF ``name`` is an identifier-like friendly name: ``image-missing`` → ``ImageMissing``."""
    return "".join(part.capitalize() for part in rule_id.replace("_", "-").split("-"))


def artifact_uri(path: str, base: str | None = None) -> str:
    """The path as a relative URI reference (forward slashes, its bytes percent-encoded),
    relative to ``base`` (default: the current folder) when that is possible."""
    p = os.fspath(path)
    if os.path.isabs(p):
        try:
            p = os.path.relpath(p, base or os.getcwd())
        except ValueError:  # another drive on Windows
            pass
    p = p.replace(os.sep, "/")
    if p.startswith("./"):
        p = p[2:]
    # The file name's own bytes, percent-encoded: a name that is not UTF-8 reaches Python with
    # surrogates for its odd bytes, which str quoting cannot encode.
    return quote(os.fsencode(p), safe="/-._~")


def reporting_descriptor(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": f"{rule.why}\n\nFix: {rule.fix}",
            "markdown": f"{rule.why}\n\n**Fix:** {rule.fix}",
        },
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"tags": ["exam-report", "dtu-02476"]},
    }


def sarif_document(
    results: Iterable[CheckResult],
    unusable: Iterable[tuple[str, str]] = (),
    *,
    base: str | None = None,
) -> dict:
    rule_ids = list(RULES)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    descriptors = [reporting_descriptor(RULES[rule_id]) for rule_id in rule_ids]

    sarif_results = []
    append = sarif_results.append
    not_listed = []  # findings over the caps of limits.py, one note per report
    for result in results:
        artifact = {"uri": artifact_uri(result.path, base), "uriBaseId": "%SRCROOT%"}
        if result.dropped:
            counts = ", ".join(f"{rule}: {n}" for rule, n in sorted(result.dropped.items()))
            not_listed.append(
                {
                    "level": "note",
                    "message": {"text": printable(f"{result.path}: {sum(result.dropped.values())} findings not listed ({counts})")},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
                    "properties": {"dropped": dict(result.dropped)},
                }
            )
        for f in result.findings:
            if f.severity == "off":
                continue
            text = printable(f.message if f.question is None else f"Question {f.question}: {f.message}")
            rule = RULES.get(f.rule)
            if f.hint and (rule is None or f.hint != rule.fix):
                text = f"{text}\n{printable(f.hint)}"
            entry = {
                "ruleId": f.rule,
                "level": LEVELS.get(f.severity, "note"),
                "message": {"text": text},
                "locations": [
                    {"physicalLocation": {"artifactLocation": artifact, "region": {"startLine": f.line if f.line and f.line > 0 else 1}}}
                ],
            }
            if rule is not None:
                entry["ruleIndex"] = index[f.rule]
            if f.question is not None:
                entry["properties"] = {"question": f.question}
            append(entry)

    notifications = [
        {
            "level": "error",
            "message": {"text": printable(message)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path, base), "uriBaseId": "%SRCROOT%"}}}],
        }
        for path, message in unusable
    ] + not_listed
    invocation: dict = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "exam-report",
                        "fullName": "mkdocs-exam-report: DTU 02476 MLOps exam report checker",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def render_sarif(results: Iterable[CheckResult], unusable: Iterable[tuple[str, str]] = ()) -> str:
    """Indented for one report; for many, one result per line (see json.dumps)."""
    results, unusable = list(results), list(unusable)
    return dumps(sarif_document(results, unusable), depth=4, many=len(results) + len(unusable) > 1)


def render_rows(rows: list[Row]) -> str:
    return render_sarif(*split(rows))
