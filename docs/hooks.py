"""Build-time hook of the project's own site: the rule reference is generated from the rule
catalogue in the package, so the documentation cannot drift from the code."""

from __future__ import annotations

from mkdocs_exam_report.checks import RULES

MARKER = "<!-- rule-reference -->"
CHECKLIST_RULES = ("checklist", "checklist-evidence")  # their findings are on checklist items, not in answers
EVIDENCE_MARKER = "<!-- evidence-table -->"  # docs/rules.md: the evidence table of checklist-evidence


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    if EVIDENCE_MARKER in markdown:
        from mkdocs_exam_report.evidence import reference_table

        markdown = markdown.replace(EVIDENCE_MARKER, reference_table())
    if MARKER not in markdown:
        return markdown
    parts = []
    for rule in RULES.values():
        if rule.id in CHECKLIST_RULES:
            where = ("For one checklist item, put `<!-- exam-report: ignore {id} -->` on it; for the whole checklist, "
                     "on a line of its own in the checklist")
        else:
            where = "For one question, put `<!-- exam-report: ignore {id} -->` in its answer"
        parts.append(
            f"## `{rule.id}`\n\n"
            f"**{rule.title}** — default severity: `{rule.severity}`\n\n"
            f"**Why.** {rule.why}\n\n"
            f"**Fix.** {rule.fix}\n\n"
            f"**Silence.** {where.format(id=rule.id)}; "
            f"for the whole site, set `rules: {{{rule.id}: off}}` in the plugin's options.\n"
        )
    return markdown.replace(MARKER, "\n".join(parts))
