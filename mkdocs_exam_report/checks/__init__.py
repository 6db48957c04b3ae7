"""The rules, one unit each: a rule's id, default severity, reference text and check are
defined together in the module of its subject, and registered in one registry (``RULES``, in
``registry.py``) when this package is imported. The engine runs the checks in the order of
RULES, each on the same Context (``context.py``).

Subjects, in the order their rules run and are listed:

- ``structure``: what the official checker reads (words, images, structure, official-cut, edition)
- ``content``: what the group wrote (placeholder, placeholder-rest, example-copied, todo,
  group-number, study-numbers)
- ``images``: the answers' screenshots (image-link, image-html, image-format, image-missing,
  image-path, image-code)
- ``checklist``: the checklist's marks and what the repository shows of its ticked items
  (checklist, checklist-evidence)
- ``links``: links to the repository's files (link-missing)

To add a rule, add a function with ``@rule(...)`` to the module of its subject (see
``registry.py``).
"""

from __future__ import annotations

from .registry import RULES, Rule, rule
from .context import Context

# Imported for their @rule registrations, in the order their rules run and are listed.
from . import structure, content, images, checklist, links  # noqa: E402,F401  isort: skip

__all__ = ["RULES", "Rule", "rule", "Context"]
