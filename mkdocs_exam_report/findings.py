"""The Finding record, the severities, and the validator of ``{rule: severity}`` settings.

The rules themselves (id, default severity, text, check) live in the ``checks`` package, one
registry (``checks.RULES``, also readable here as ``findings.RULES``). A Finding names one of
them: making a Finding with a rule id the registry does not know raises ValueError, so a
mistyped id fails the first time its code runs, in any test, not only when a report trips it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace


# No slots: the command line's worker processes pickle a report's findings by the dozen, and
# pickle copies a plain dataclass's __dict__ in C where a slots one costs a Python call of
# dataclass's __getstate__/__setstate__ each (with QuestionResult and ItemEvidence, then
# dataclasses too: a row's round trip 1.1 -> 0.6 ms, 0.5 s of CPU for 1,000 reports, 6 % of the
# run). A dataclass, not a NamedTuple: it refuses a rule id the registry does not know.
@dataclass(frozen=True, kw_only=True)
class Finding:
    """One violation: ``rule`` (an id of ``checks.RULES``), ``severity`` (one of SEVERITIES),
    ``message``, ``line`` (1-based, of the normalised report), ``question`` (its number, None for
    the report as a whole) and ``hint`` (how to fix it; None: the rule's ``fix``).

    Raises ValueError when ``rule`` is not a registered rule id or ``severity`` not a severity."""

    rule: str
    severity: str
    message: str
    line: int
    question: int | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        registered(self.rule)
        if self.severity not in SEVERITIES:
            raise ValueError(f"finding of rule {self.rule!r}: severity must be one of {', '.join(SEVERITIES)}, not {self.severity!r}")

    @classmethod
    def of(cls, rule: str, message: str, line: int, question: int | None = None, hint: str | None = None) -> "Finding":
        """A finding of ``rule`` with the rule's default severity, and its ``fix`` as the hint
        unless ``hint`` is given. Raises ValueError for an unknown rule id."""
        known = registered(rule)
        return cls(rule=rule, severity=known.severity, message=message, line=line, question=question, hint=hint or known.fix)

    def with_severity(self, severity: str) -> "Finding":
        return replace(self, severity=severity)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "question": self.question,
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
        }


def registered(rule: str) -> "Rule":
    """The Rule registered as ``rule`` (``checks.RULES``). Raises ValueError when there is none."""
    known = RULES.get(rule)
    if known is None:
        raise ValueError(f"no rule {rule!r} in the registry (checks.RULES); the rules are: {', '.join(RULES)}")
    return known


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


# At the bottom: the checks package imports Finding from this module, and importing its registry
# registers every rule (checks/__init__.py imports the subject modules).
from .checks.registry import RULES, SEVERITIES, Rule  # noqa: E402
