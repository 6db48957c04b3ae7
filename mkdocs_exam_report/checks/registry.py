"""The one registry of rules: ``RULES`` maps each rule id to its Rule (default severity, the
text of its reference page, and its check), in the order the checks run and the reference lists
them (subject module by subject module, as ``checks/__init__.py`` imports them).

A rule is defined where its check is, in a subject module of this package::

    @rule(id="todo", severity="warning", title="...", why="...", fix="...")
    def check_todos(ctx: Context) -> Iterator[Finding]:
        ...
        yield ctx.finding("todo", "'TODO' left in the answer", line, number)

``rule`` validates the rule when the module is imported: a duplicate id, an id that is not
lower-case words joined by hyphens, an empty text, a severity outside
``SEVERITIES`` or a check registered twice raises ValueError then, not when the rule
first fires.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

# The severities a rule (its default) or a setting can give: "off" drops the rule's findings.
SEVERITIES = ("error", "warning", "info", "off")

if TYPE_CHECKING:
    from ..findings import Finding
    from .context import Context

Check = Callable[["Context"], Iterator["Finding"]]

_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


# A NamedTuple rather than a frozen dataclass: the class is made at import in 0.3 ms instead of
# 0.8 ms (Evidence, RepositoryEvidence, TopFiles and Rule: 2.3 ms of every `mkdocs build`).
class Rule(NamedTuple):
    """A rule: its stable ``id``, default ``severity``, the ``title``, ``why`` and ``fix`` of its
    reference page (docs/rules.md, SARIF descriptors), and the ``check`` that yields its
    findings from a Context."""

    id: str
    severity: str
    title: str
    why: str
    fix: str
    check: Check


RULES: dict[str, Rule] = {}


def register(new: Rule) -> Rule:
    """Add ``new`` to RULES after validating it. Raises ValueError naming the rule and the fault."""
    if not isinstance(new.id, str) or not _ID.fullmatch(new.id):
        raise ValueError(f"rule id {new.id!r}: use lower-case words joined by hyphens, e.g. 'image-missing'")
    if new.id in RULES:
        raise ValueError(f"rule {new.id!r} is registered twice (first by {RULES[new.id].check.__qualname__})")
    if new.severity not in SEVERITIES:
        raise ValueError(f"rule {new.id!r}: severity must be one of {', '.join(SEVERITIES)}, not {new.severity!r}")
    for field in Rule._fields:
        value = getattr(new, field)
        if field != "check" and (not isinstance(value, str) or not value.strip()):
            raise ValueError(f"rule {new.id!r}: {field} is empty")
    if not callable(new.check):
        raise ValueError(f"rule {new.id!r}: its check {new.check!r} is not callable")
    taken = next((r.id for r in RULES.values() if r.check is new.check), None)
    if taken is not None:
        raise ValueError(f"rule {new.id!r}: {new.check.__qualname__} is already the check of rule {taken!r}")
    RULES[new.id] = new
    return new


def rule(*, id: str, severity: str, title: str, why: str, fix: str) -> Callable[[Check], Check]:
    """Register the decorated function as the check of a new rule (see the module's docstring).
    The function is returned unchanged."""

    def decorate(check: Check) -> Check:
        register(Rule(id=id, severity=severity, title=title, why=why, fix=fix, check=check))
        return check

    return decorate
