"""Findings and the catalogue of rules that produce them."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping

SEVERITIES = ("error", "warning", "info", "off")


class Rule(namedtuple("Rule", "id severity title why fix")):
    """A check: its stable id, default severity, and the text of its reference page."""

    __slots__ = ()


class Finding(namedtuple("Finding", "rule severity message line question hint", defaults=(None, None))):
    """One violation: rule id, severity, message, 1-based line, question number, how to fix."""

    __slots__ = ()

    def with_severity(self, severity: str) -> "Finding":
        return self._replace(severity=severity)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "question": self.question,
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
        }


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "words",
            "error",
            "Answer length outside the allowed word range",
            "The official checker counts the whitespace-separated words of each answer and fails the "
            "question when the count is outside the recommended range.",
            "Shorten or extend the answer. Everything between `Answer:` and the next heading counts, "
            "including Markdown syntax, URLs and a leftover placeholder.",
        ),
        Rule(
            "images",
            "error",
            "Wrong number of embedded images",
            "Some questions require screenshots. The official checker counts `![text](path)` on one line; "
            "plain links and HTML `<img>` tags count as zero.",
            "Embed each screenshot as `![description](figures/name.png)` inside the answer.",
        ),
        Rule(
            "structure",
            "error",
            "The official checker cannot read the report",
            "The official checker finds answers by splitting on `Answer:` and headings. A deleted "
            "`> Answer:` line, a renumbered or demoted question heading or an extra `###` heading after "
            "the last answer make it stop for the whole report, and no question is judged.",
            "Restore the template structure at the line given: one `### Question N` heading and one "
            "`> Answer:` line per question, in order.",
        ),
        Rule(
            "official-cut",
            "warning",
            "The official checker sees less of the answer than you wrote",
            "A heading (`##`, `###`, `####`) or a second `Answer:` inside an answer makes the official "
            "checker stop reading the answer there (or skip what comes before it).",
            "Use bold text instead of headings inside answers, and do not write `Answer:` in an answer.",
        ),
        Rule(
            "placeholder",
            "error",
            "Template placeholder left in the answer",
            "`--- question N fill here ---` is the template's placeholder; it is meant to be replaced, "
            "and its six words count towards the answer.",
            "Delete the placeholder line and write the answer in its place.",
        ),
        Rule(
            "placeholder-rest",
            "warning",
            "Leftover dashes from the placeholder",
            "Deleting only the words of `--- question N fill here ---` leaves `---` behind; glued to "
            "text it is noise, and on its own line under text Markdown turns that text into a heading.",
            "Delete the leftover `---`.",
        ),
        Rule(
            "example-copied",
            "warning",
            "Answer copied from the template's example",
            "The quoted example shows the expected shape of an answer; an answer that repeats it, or "
            "still has its `...` gaps, has not been written yet.",
            "Write the answer in your own words and fill every `...` gap.",
        ),
        Rule(
            "todo",
            "warning",
            "TODO, FIXME, TBD or XXX left in the answer",
            "Notes to yourself are handed in with the report.",
            "Finish the answer and remove the marker.",
        ),
        Rule(
            "image-link",
            "warning",
            "Screenshot written as a plain link",
            "`[text](figures/x.png)` renders as a link and the official checker counts it as no image.",
            "Add a `!` in front: `![text](figures/x.png)`.",
        ),
        Rule(
            "image-missing",
            "error",
            "Embedded image file does not exist",
            "The image path is resolved relative to the report, with exact upper/lower case as on "
            "GitHub and Linux; a missing file shows as a broken image.",
            "Add the file to the report's folder (usually `reports/figures/`) or fix the path and its case.",
        ),
        Rule(
            "link-missing",
            "warning",
            "Link to a file that does not exist",
            "A relative link or image in the report opens a file of your repository on GitHub, "
            "resolved from the report's folder with exact upper/lower case. A target that is in no "
            "folder of the repository (or that leaves it) is a dead link for whoever reads the report. "
            "The template's own links to the course's example figures are not checked.",
            "Fix the path (relative to `reports/`, e.g. `../dockerfiles/train.dockerfile`) and its case, "
            "or add the file.",
        ),
        Rule(
            "image-format",
            "warning",
            "Image is not .png, .jpg or .jpeg",
            "The course asks for PNG or JPEG screenshots.",
            "Convert the image to PNG or JPEG and update the link.",
        ),
        Rule(
            "image-path",
            "warning",
            "Image outside the report's folder, absolute, or a URL",
            "The report is scraped together with its `reports/` folder only; absolute paths, URLs and "
            "files outside that folder will not be there. A symbolic link whose real path lies outside "
            "the repository is a broken image on GitHub, and the plugin does not publish it.",
            "Copy the image into `reports/figures/` and link it as `figures/name.png`.",
        ),
        Rule(
            "image-html",
            "warning",
            "HTML <img> tag",
            "The official checker only counts Markdown images; an `<img>` tag counts as zero.",
            "Use `![description](figures/name.png)` instead of `<img>`.",
        ),
        Rule(
            "image-code",
            "warning",
            "Screenshot inside backticks or a code block",
            "The official checker counts every `![text](path)`, also inside inline code or a fenced code "
            "block, so the question passes; but GitHub and the course's HTML page show it as code, and "
            "the screenshot is not visible.",
            "Remove the backticks (or the code fence) around the image: `![description](figures/name.png)` "
            "on a line of its own.",
        ),
        Rule(
            "group-number",
            "warning",
            "Question 1 has no group number",
            "Question 1 must hold the group number you signed up with.",
            "Write the group number, e.g. `42`.",
        ),
        Rule(
            "study-numbers",
            "warning",
            "Question 2 has no valid, distinct study numbers",
            "Question 2 must list every member's study number, `s` followed by six digits.",
            "List the study numbers separated by commas, e.g. `s123456, s234567`.",
        ),
        Rule(
            "checklist",
            "warning",
            "Malformed checklist item",
            "Checklist items are `* [ ]` (open) or `* [x]` (done); other marks are not clearly ticked.",
            "Use `[x]` for done and `[ ]` for not done.",
        ),
        Rule(
            "edition",
            "warning",
            "Report written on another year's template",
            "The report fits another year's template better than any revision of the year it is judged "
            "by (its prompts' recommended answer lengths, its questions or its setup lines), so the group "
            "probably copied an outdated template. Revisions of the same year's template never fire.",
            "Copy your answers into this year's template.",
        ),
    )
}


def rule_severities(value: object) -> dict[str, str]:
    """Validate a ``{rule id: severity}`` mapping, as written in the plugin's ``rules:`` option, a
    config file or ``--rule ID=SEVERITY``, and return it with every severity a word of
    SEVERITIES.

    YAML 1.1 (which MkDocs' loader and pyyaml speak) reads an unquoted ``off``, ``no`` or
    ``false`` as the boolean False; each means ``off`` here, so ``rules: {todo: off}`` works as
    written. Rule ids and severity words are matched exactly (lower case).

    Raises ValueError with a one-line message naming the rule and the allowed words.
    """
    if not isinstance(value, Mapping):
        raise ValueError(f"rules must be a mapping of rule id to severity, not {type(value).__name__}")
    out: dict[str, str] = {}
    for rule, severity in value.items():
        if rule not in RULES:
            raise ValueError(f"unknown rule {rule!r}; the rules are: {', '.join(RULES)}")
        if severity is False:
            severity = "off"
        if severity not in SEVERITIES:
            raise ValueError(
                f"rule {rule!r}: severity must be one of {', '.join(SEVERITIES)}, not {severity!r}"
            )
        out[rule] = severity
    return out
