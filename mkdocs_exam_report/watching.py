"""Under ``mkdocs serve``: keep MkDocs' live-reload server watching the report's folder when the
folder is deleted and made again (``rm -rf reports``, then a new ``reports/``).

MkDocs' ``LiveReloadServer.watch`` polls a folder and rebuilds on events about files; it ignores
events about folders. Once a watched folder is deleted its watch reports only that (a folder
event) and stops, so neither the deletion nor a new folder of the same name would rebuild
anything. A deleted file is seen only by a watch on a folder that survives: the report folder's
parent, watched recursively. That parent is usually the repository's top, and polling a large
tree (a ``.venv`` of 70,000 files takes seconds per poll) would cost far more than it gives, and a
file the server itself writes there (its log, ``nohup.out``) would rebuild the site forever: the
parent is watched only while it holds at most ``PARENT_LIMIT`` files and folders and not the
server's own output. Otherwise the report's folder alone is watched, a new folder is picked up at
the next rebuild (any change in docs_dir or the config), and the server says so once.
"""

from __future__ import annotations

import os
import stat
import sys

PARENT_LIMIT = 2000


class FolderWatch:
    """The watches kept for one report folder, through ``server.watch`` / ``server.unwatch``."""

    def __init__(self, server, log):
        self.server = server
        self.log = log
        self.watched: dict[str, tuple[int, int]] = {}  # path -> (st_dev, st_ino) it had
        self.warned = False

    def follow(self, folder: str) -> None:
        """Called at every build with the report's folder: watch the folder's parent when it is
        small enough, else the folder itself (re-registered when it was made anew); while the
        folder is missing, the nearest folder above it that exists (small enough) to see it
        come back."""
        folder = os.path.abspath(folder)
        parent = os.path.dirname(folder)
        wanted: list[str] = []
        if _is_dir(folder):
            why = _unwatchable(parent)
            wanted.append(folder if why else parent)
            if why and not self.warned:
                self.warned = True
                self.log.info(
                    f"only {folder} is watched ({parent} {why}): if the folder is deleted and made "
                    "again, the new one shows after the next change in the docs or the config"
                )
        else:
            above = parent
            while not _is_dir(above) and os.path.dirname(above) != above:
                above = os.path.dirname(above)
            if not _unwatchable(above):
                wanted.append(above)
        current = {path: _identity(path) for path in wanted}
        for path, seen in list(self.watched.items()):
            if current.get(path) != seen:  # not wanted now, or the same name made anew
                self._unwatch(path)
        for path, identity in current.items():
            if path not in self.watched and identity is not None:
                try:
                    self.server.watch(path)
                except OSError:  # gone again in between: the next build tries again
                    continue
                self.watched[path] = identity

    def _unwatch(self, path: str) -> None:
        self.watched.pop(path, None)
        try:
            self.server.unwatch(path)
        except (KeyError, OSError, RuntimeError):  # its watch ended with the folder
            pass


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None


def _is_dir(path: str) -> bool:
    return _identity(path) is not None


def _unwatchable(folder: str) -> str | None:
    """Why ``folder`` is not watched recursively (None: it can be): more than PARENT_LIMIT
    entries below it, or it holds the file this process logs to."""
    own = set()
    for stream in (sys.stdout, sys.stderr):
        try:
            info = os.fstat(stream.fileno())
        except (AttributeError, OSError, ValueError):
            continue
        if stat.S_ISREG(info.st_mode):
            own.add((info.st_dev, info.st_ino))
    count = 0
    for root, dirs, names in os.walk(folder):
        count += len(dirs) + len(names)
        if count > PARENT_LIMIT:
            return f"holds more than {PARENT_LIMIT} files"
        for name in names if own else ():
            try:
                info = os.stat(os.path.join(root, name))
            except OSError:
                continue
            if (info.st_dev, info.st_ino) in own:
                return f"holds this server's log, {os.path.join(root, name)}"
    return None
