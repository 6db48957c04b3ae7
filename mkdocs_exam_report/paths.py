"""Where a report's repository ends, and whether a path's real location lies inside it.

The plugin publishes, and the checks look at, nothing whose real path (symbolic links resolved)
lies outside the report's repository. Imports no MkDocs.
"""

from __future__ import annotations

import os


def repository_root(report: str | os.PathLike) -> str:
    """The repository a report belongs to (an absolute path, symbolic links not resolved): the
    nearest folder at or above the report's folder that holds ``.git``; without one, the folder
    above ``reports/`` when the report lies in a folder of that name (the course layout), else
    the report's own folder. Nothing whose real path lies outside it is read for the report's
    images or published with it."""
    folder = os.path.dirname(os.path.abspath(report))
    current = folder
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    if os.path.basename(folder) == "reports":
        return os.path.dirname(folder)
    return folder


def outside_repository(path: str | os.PathLike, root: str | os.PathLike) -> str | None:
    """The real path of ``path`` (symbolic links resolved) when it lies outside the real path of
    ``root``; None when it is inside (or on another drive's root, never equal)."""
    real = os.path.realpath(path)
    top = os.path.realpath(root)
    try:
        inside = os.path.commonpath([real, top]) == top
    except ValueError:  # different drives
        inside = False
    return None if inside else real
