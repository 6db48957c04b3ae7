"""The files of the repository that holds a report, read and never run.

Which folder: the folder above ``reports/`` when the report lies in a folder of that name (the
course layout), else the git repository around the report (``paths.repository_root``), else none:
a report file on its own has no repository and nothing is looked for.

Which files, in that folder:

- In a git repository (a ``.git`` at or above the folder), only the files git tracks there, as
  ``git ls-files`` lists them (ignored and untracked files are not the group's hand-in); git reads
  its index and runs nothing of the repository (its file-system monitor hook is switched off).
  When git is not installed, fails or takes over ``GIT_TIMEOUT`` seconds, the folder is walked
  instead and ``Listing.note`` says why.
- Otherwise a walk of the folder that skips hidden folders (``.git``, ``.venv``, ``.cache`` ...)
  except ``.github`` and ``.dvc``, virtual environments of any name (a folder holding
  ``pyvenv.cfg`` or ``conda-meta``), a site MkDocs built (a folder holding ``sitemap.xml.gz``:
  its search index copies the report), ``node_modules`` and ``__pycache__``.

A project folder inside a larger git repository (a monorepo, or the course's example inside this
tool's repository) keeps some of its work at the top of that repository, where the tools read
it: GitHub's workflows, pre-commit's configuration. ``top_files`` lists those files there (the
caller names which, as git pathspec globs), tracked ones only (``git ls-files`` with those
pathspecs, so bounded by them), and ``top_files_on_disk`` the same files whether tracked or not.

Either way a symbolic link is never followed into a folder (no loops), a linked file counts only
when its real path lies inside the folder, and at most ``MAX_FILES`` files are listed
(``Listing.truncated`` says when there were more). Contents are read (``read_text``) only from
regular text files of at most ``MAX_TEXT_BYTES``: a NUL byte in the first 8 KB marks a binary file.
Imports no MkDocs.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from typing import NamedTuple

from .paths import outside_repository, repository_root

MAX_FILES = 100_000
"""Files listed at most; a repository with more is listed up to this many (``truncated``)."""
MAX_TEXT_BYTES = 1_000_000
"""Larger files are not read (a Python module of over 1 MB is data, not code a group wrote)."""
GIT_TIMEOUT = 10.0
"""Seconds ``git ls-files`` may take before the folder is walked instead."""
BINARY_PROBE = 8192
"""Bytes looked at for a NUL byte, the mark of a binary file (as git and grep decide)."""

# Walked folders whose contents are not the group's work: tools' caches and installed packages.
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})
KEPT_HIDDEN_FOLDERS = frozenset({".github", ".dvc"})  # workflows and data version control
# A folder holding one of these is not walked: a virtual environment (pyvenv.cfg, conda-meta) or
# a site MkDocs built (sitemap.xml.gz), whose search index copies the report's own words.
NOT_WORK_MARKS = frozenset({"pyvenv.cfg", "conda-meta", "sitemap.xml.gz"})


@dataclass(frozen=True, slots=True)
class Listing:
    """The files of one repository folder.

    ``folder``: absolute path. ``paths``: the files, relative to ``folder`` with ``/`` between
    parts, sorted. ``git``: listed by git (tracked files only) rather than walked.
    ``truncated``: there were more than ``MAX_FILES`` files; the first ones are kept.
    ``note``: one sentence when the listing is not what git would give (git missing or failing)
    or was cut short, else None."""

    folder: str
    paths: tuple[str, ...]
    git: bool
    truncated: bool = False
    note: str | None = None
    real: str = ""  # the folder's real path (symbolic links resolved), worked out once

    def __post_init__(self):
        if not self.real:
            object.__setattr__(self, "real", os.path.realpath(self.folder))

    def read_text(self, path: str, max_bytes: int = MAX_TEXT_BYTES) -> str | None:
        """The text of ``path`` (one of ``paths``), or None when it is not a regular file inside
        the folder (a symbolic link out of it, a folder, gone since it was listed), is larger than
        ``max_bytes``, is binary (a NUL byte in its first ``BINARY_PROBE`` bytes) or cannot be
        read. Bytes that are not UTF-8 are replaced, not refused."""
        full = os.path.realpath(os.path.join(self.folder, *path.split("/")))
        if os.path.commonpath([full, self.real]) != self.real:  # a link, or a folder linked, out of it
            return None
        try:
            info = os.stat(full)
            if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
                return None
            with open(full, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError:
            return None
        if len(data) > max_bytes or b"\x00" in data[:BINARY_PROBE]:
            return None
        return data.decode("utf-8", errors="replace")


def report_folder(base_dir: str | os.PathLike, root: str | os.PathLike) -> str | None:
    """The repository folder of a report in the folder ``base_dir`` whose repository is ``root``
    (``paths.repository_root``), as an absolute path: the folder above ``reports/`` when the
    report lies in a folder of that name, else ``root`` when it is a git repository, else None (a
    report on its own, e.g. a file mailed in: nothing to look at)."""
    base = os.path.abspath(base_dir)
    if os.path.basename(base) == "reports":
        return os.path.dirname(base)
    top = os.path.abspath(root)
    return top if os.path.lexists(os.path.join(top, ".git")) else None


def in_git(folder: str) -> bool:
    """Whether ``folder`` lies in a git repository (a ``.git`` at or above it)."""
    return os.path.lexists(os.path.join(repository_root(os.path.join(folder, "x")), ".git"))


def git_top(folder: str | os.PathLike) -> str | None:
    """The top of the git repository that ``folder`` lies in (an absolute path, symbolic links
    not resolved), when it is above ``folder``; None when ``folder`` is its own top (a ``.git``
    in it, a clone or a submodule) or lies in no git repository."""
    folder = os.path.abspath(folder)
    top = repository_root(os.path.join(folder, "x"))
    return top if top != folder and os.path.lexists(os.path.join(top, ".git")) else None


REPORT_PATH = "reports/README.md"
"""Where a project keeps its report (the course's layout), relative to its folder."""


# A NamedTuple rather than a frozen dataclass: the class is made at import in 0.3 ms instead of
# 0.8 ms (Evidence, RepositoryEvidence, TopFiles and Rule: 2.3 ms of every `mkdocs build`).
class TopFiles(NamedTuple):
    """Files of the top of the git repository above a project folder (``top_files``).

    ``listing``: its ``folder`` is the git top, its ``paths`` the files git tracks there that
    match the patterns asked for (relative to the top). ``others``: reports of other projects
    (``*/reports/README.md``) git tracks in the same repository, outside the project folder:
    then the top is shared (a course's folder of many groups) and the caller should not count
    its files for one project. ``note``: why git could not list them, else None."""

    listing: Listing
    others: tuple[str, ...] = ()
    note: str | None = None


def top_files(folder: str | os.PathLike, patterns: tuple[str, ...], max_files: int = MAX_FILES) -> TopFiles | None:
    """The files matching ``patterns`` (git pathspec globs, relative to the top: ``*`` stays in
    one folder, case counts, as GitHub and pre-commit read them) that git tracks at the top of
    the git repository above ``folder`` (``git_top``), and the other projects' reports there.
    None when ``folder`` is its own git top or in none, or git is not installed. One ``git
    ls-files`` limited to those patterns; symbolic links out of the top are left out as in
    ``list_files``. Never raises."""
    folder = os.path.abspath(folder)
    top = git_top(folder)
    git = shutil.which("git")
    if top is None or git is None or not patterns:
        return None
    reports = f":(glob)**/{REPORT_PATH}"
    listed = _git_files(git, top, max_files, (*(f":(glob){p}" for p in patterns), reports))
    if not isinstance(listed, Listing):
        return TopFiles(Listing(top, (), True), note=f"the top of the git repository was not looked at: {listed}")
    own = os.path.relpath(os.path.join(folder, REPORT_PATH), top).replace(os.sep, "/")
    report_paths = {p for p in listed.paths if p == REPORT_PATH or p.endswith("/" + REPORT_PATH)}
    kept = tuple(p for p in listed.paths if p not in report_paths)
    return TopFiles(Listing(top, kept, True, listed.truncated, listed.note), tuple(sorted(report_paths - {own})))


def top_files_on_disk(top: str | os.PathLike, patterns: tuple[str, ...]) -> Listing:
    """The files of the folder ``top`` matching ``patterns`` as ``top_files`` takes them (a
    literal folder, then a name that may hold ``*``), tracked by git or not: a look into those
    few folders only. A symbolic link counts only when it leads to a file inside ``top``."""
    top = os.path.abspath(top)
    found = set()
    for pattern in patterns:
        where, _, name = pattern.rpartition("/")
        folder = os.path.join(top, *where.split("/")) if where else top
        if outside_repository(folder, top) is not None:  # a folder linked out of the top
            continue
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError:
            continue
        for entry in entries:
            if not fnmatch.fnmatchcase(entry.name, name):
                continue
            try:
                if entry.is_symlink() and not _link_inside(entry.path, top):
                    continue
                if entry.is_file():
                    found.add(f"{where}/{entry.name}" if where else entry.name)
            except OSError:
                continue
    return Listing(top, tuple(sorted(found)), False)


def list_files(folder: str | os.PathLike, max_files: int = MAX_FILES) -> Listing:
    """The files of the repository ``folder`` (see the module's docstring for which ones).

    Never raises for what is in the folder: a folder that cannot be read lists nothing."""
    folder = os.path.abspath(folder)
    if in_git(folder):
        git = shutil.which("git")
        if git is None:
            why = "git is not installed"
        else:
            listed = _git_files(git, folder, max_files)
            if isinstance(listed, Listing):
                return listed
            why = listed
        walked = _walk(folder, max_files)
        note = f"{why}, so every file of the folder counts, ignored ones too"
        return Listing(folder, walked.paths, False, walked.truncated, _joined(note, walked.note))
    return _walk(folder, max_files)


def _joined(*notes: str | None) -> str | None:
    kept = [note for note in notes if note]
    return "; ".join(kept) if kept else None


def _cut_note(max_files: int) -> str:
    return f"over {max_files:,} files: only the first {max_files:,} were looked at"


def _git_files(git: str, folder: str, max_files: int, pathspecs: tuple[str, ...] = ()) -> Listing | str:
    """The tracked files under ``folder`` (those matching ``pathspecs`` when given), or why git
    could not list them (one phrase)."""
    # -s gives each file's mode, so symbolic links (120000) and submodules (160000) are known
    # without a stat per file; core.fsmonitor=false: a repository's config cannot make git run
    # a program of its choosing.
    command = [git, "-c", "core.fsmonitor=false", "ls-files", "-z", "-s", *(("--", *pathspecs) if pathspecs else ())]
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(command, cwd=folder, capture_output=True, timeout=GIT_TIMEOUT, env=environment)
    except subprocess.TimeoutExpired:
        return f"git ls-files took over {GIT_TIMEOUT:g} s"
    except OSError as exc:
        return f"git could not be run ({exc.strerror or exc})"
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return f"git ls-files failed ({said[0] if said else f'exit code {done.returncode}'})"
    paths: list[str] = []
    seen = set()
    for entry in done.stdout.split(b"\0"):
        if not entry:
            continue
        info, _, name = entry.partition(b"\t")
        mode = info.split(b" ", 1)[0]
        path = os.fsdecode(name)
        if mode == b"160000" or path in seen:  # a submodule; a file in conflict is listed per stage
            continue
        seen.add(path)
        if mode == b"120000" and not _link_inside(os.path.join(folder, *path.split("/")), folder):
            continue
        if len(paths) == max_files:
            return Listing(folder, tuple(paths), True, True, _cut_note(max_files))
        paths.append(path)
    return Listing(folder, tuple(paths), True)


def _link_inside(path: str, folder: str) -> bool:
    """A symbolic link to a file whose real path lies inside ``folder``."""
    return outside_repository(path, folder) is None and os.path.isfile(path)


def walk(folder: str | os.PathLike, max_files: int = MAX_FILES) -> Listing:
    """Every file of ``folder`` as the walk finds them (the module's docstring), git or not."""
    return _walk(os.path.abspath(folder), max_files)


def _walk(folder: str, max_files: int) -> Listing:
    paths: list[str] = []
    pending = [""]  # folders to read, relative to ``folder``
    while pending:
        relative = pending.pop()
        try:
            with os.scandir(os.path.join(folder, relative)) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:  # cannot be read: nothing of it counts
            continue
        if relative and any(entry.name in NOT_WORK_MARKS for entry in entries):
            continue
        folders = []
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            try:
                if entry.is_symlink():
                    if not _link_inside(entry.path, folder):
                        continue
                elif entry.is_dir():
                    hidden = entry.name.startswith(".") and entry.name not in KEPT_HIDDEN_FOLDERS
                    if not hidden and entry.name not in SKIPPED_FOLDERS:
                        folders.append(path)
                    continue
                elif not entry.is_file():
                    continue  # sockets, devices, pipes
            except OSError:
                continue
            if len(paths) == max_files:
                return Listing(folder, tuple(sorted(paths)), False, True, _cut_note(max_files))
            paths.append(path)
        pending.extend(reversed(folders))
    return Listing(folder, tuple(sorted(paths)), False)
