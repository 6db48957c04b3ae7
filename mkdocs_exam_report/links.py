"""The report's links and images: where they are, whose text they are (the template's prompts or
the group's own), and where their targets lie (the site, the report's folder, the rest of the
repository, nowhere).

Shared by the rule ``link-missing`` (``checks/links.py``), which says which targets exist nowhere, and by
the plugin, which turns links that cannot work in the site into ones that do. Imports no MkDocs.
"""

from __future__ import annotations

import os
import posixpath
import re
from bisect import bisect_right
from collections import namedtuple
from urllib.parse import quote, unquote

from .text import code_spans


# The course repository's folder of example figures, which the template's prompts link to
# (``[this figure](figures/overview.png)``). ``raw`` serves the image itself, so the link opens the
# figure whether it is followed or embedded.
COURSE_FIGURES = "https://github.com/SkafteNicki/dtu_mlops/raw/main/reports/figures/"

# An inline link: [text](target "title"); with a '!' just before it, an image. No part reads
# across a '[' or ']' (nor '<' in an <angle> target): each try stops where the next one starts, so
# a hostile line of '[a](' or '[a](<' costs linear time. A target with brackets or parentheses is
# not read (rare in paths). The pattern starts with its literal '[' and the '!' is looked at
# before it (iter_links): re then skips from '[' to '[', where an optional '!' in front made it try
# every character (a real report's links: 1.1 ms of CPU, a fifth of its check; now 0.04 ms).
_TITLE_AND_END = r"(?:[ \t]+(?:\"[^\"\n\[\]]*\"|'[^'\n\[\]]*'|\([^()\n\[\]]*\)))?[ \t]*\)"
_INLINE = re.compile(r"\[[^\[\]\n]*\]\([ \t]*(<[^<>\n]*>|[^()\s\[\]<>]*)" + _TITLE_AND_END)
# _INLINE's links without its images, for iter_links(images=False): the look-behind after the '['
# turns an image down inside re, with no Python step for it (the 10 MB report of images: 1.5
# million of them, 0.6 s of CPU in the rule link-missing, now 0.1 s). An image with an <angle>
# target is still read, as _INLINE reads it (group 1 is None): that target is the one place in a
# link or image where a '[' can be, and no link may start there, as none does for _INLINE.
_LINK = re.compile(
    r"\[(?:(?<!!\[)[^\[\]\n]*\]\([ \t]*(<[^<>\n]*>|[^()\s\[\]<>]*)|(?<=!\[)[^\[\]\n]*\]\([ \t]*<[^<>\n]*>)"
    + _TITLE_AND_END
)
# A reference definition: [label]: target. Compiled when first used (re keeps it): few reports
# have one, and compiling it at import was ~0.15 ms of every build.
_DEFINITION = r"(?m)^ {0,3}\[[^\[\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+)"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# start/end: the whole link in the text; target_start/target_end: its target as written (angle
# brackets included); image: an embedded image; definition: a reference definition.
Link = namedtuple("Link", "start end target_start target_end image definition")


def iter_links(text: str, code: list[tuple[int, int]], *, images=True, spans=None, definitions=True):
    """Every inline link, image and reference definition of ``text`` (in order of start) outside
    its ``code`` (``text.code_spans``: fenced blocks and inline code, which a page shows as text,
    as CommonMark pairs backticks: a run without a closer is plain text, and a span may run across
    the lines of its paragraph). ``images=False`` leaves images out, ``spans`` (sorted (start, end, ...) tuples) limits the
    search to those parts of the text, and ``definitions=False`` leaves reference definitions out."""
    parts = [(0, len(text))] if spans is None else [(span[0], span[1]) for span in spans]
    found = []
    for a, b in parts:
        if not images:  # an image, even when its '!' lies before the part searched, is left out
            found += [Link(m.start(), m.end(), *m.span(1), False, False) for m in _LINK.finditer(text, a, b) if m.group(1) is not None]
            continue
        for m in _INLINE.finditer(text, a, b):
            start = m.start()
            if start > 0 and text[start - 1] == "!":
                if start > a:  # an image only when its '!' lies in the part searched
                    found.append(Link(start - 1, m.end(), m.start(1), m.end(1), True, False))
                    continue
            found.append(Link(start, m.end(), m.start(1), m.end(1), False, False))
    if definitions and "]:" in text:
        found += [
            Link(m.start(), m.end(), m.start(1), m.end(1), False, True)
            for a, b in parts
            for m in re.compile(_DEFINITION).finditer(text, a, b)
        ]
        found.sort()
    k = 0
    for link in found:
        while k < len(code) and code[k][1] <= link.start:
            k += 1
        if k < len(code) and code[k][0] <= link.start:
            continue
        yield link


def relative_path(target: str) -> str | None:
    """The file path a link target names, relative to the page (``figures/a b.png`` for
    ``<figures/a%20b.png#x>``), or None when it is no relative file link: a URL, ``mailto:``, an
    absolute path (MkDocs leaves those alone), an anchor of the page itself."""
    target = target.strip()
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1].strip()
    if not target or _SCHEME.match(target) or target.startswith(("/", "\\", "#", "?")):
        return None
    path = unquote(target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    return path or None


def is_inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives
        return False


def exists_exact(path: str, below: str) -> bool:
    """Whether the file or folder ``path`` (absolute, normalised) exists, with every name below the
    folder ``below`` in the exact case (as on GitHub and Linux)."""
    if not os.path.exists(path):
        return False
    relative = os.path.relpath(path, below)
    if relative == ".":
        return True
    folder = below
    for part in relative.split(os.sep):
        if part == "..":
            folder = os.path.dirname(folder)
            continue
        try:
            if part not in os.listdir(folder):
                return False
        except OSError:
            return False
        folder = os.path.join(folder, part)
    return True


class Repository:
    """Links to the files of the repository on its host: ``repo_url`` (as MkDocs' option), the
    branch, and the repository's folder on disk. GitHub's URL shapes (``blob``, ``tree``, ``raw``);
    GitLab's when ``edit_uri`` starts with ``-/``."""

    def __init__(self, repo_url: str, branch: str, root: str, gitlab: bool = False):
        self.repo_url = repo_url.rstrip("/")
        self.branch = branch
        self.root = os.path.abspath(root)
        self.prefix = "-/" if gitlab else ""

    def url(self, path: str, *, image: bool = False) -> str | None:
        """The page of the file or folder ``path`` (absolute) in the repository (its raw file for
        an image), or None when it lies outside the repository."""
        if not is_inside(path, self.root):
            return None
        relative = os.path.relpath(path, self.root).replace(os.sep, "/")
        kind = "raw" if image else ("tree" if os.path.isdir(path) else "blob")
        quoted = "/".join(_quote(part) for part in relative.split("/")) if relative != "." else ""
        return f"{self.repo_url}/{self.prefix}{kind}/{self.branch}/{quoted}"


def _quote(part: str) -> str:
    return quote(part, safe="")


def branch_from_edit_uri(edit_uri: str | None) -> str | None:
    """``main`` from ``edit/main/docs/`` (also ``blob/``, ``tree/``, ``raw/``, GitLab's ``-/edit/``)."""
    m = re.match(r"^/?(?:-/)?(?:edit|blob|tree|raw)/([^/]+)/", edit_uri or "")
    return m.group(1) if m else None


def prompt_spans(report) -> list[tuple[int, int]]:
    """(start, end) of each question's prompt (the quoted template text before ``> Answer:``)."""
    return [(q.heading.end + 1, q.heading.end + 1 + len(q.prompt)) for q in report.questions]


def answer_spans(report) -> list[tuple[int, int, int]]:
    """(start, end, question number) of each question's answer."""
    return [(q.start, q.end, q.number) for q in report.questions]


def within(spans, offset: int) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (sorted, disjoint (start, end, ...) tuples)."""
    i = bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def gaps(spans, length: int) -> list[tuple[int, int]]:
    """The parts of ``range(length)`` outside ``spans`` (sorted, disjoint (start, end, ...))."""
    out, last = [], 0
    for span in spans:
        if span[0] > last:
            out.append((last, span[0]))
        last = max(last, span[1])
    if last < length:
        out.append((last, length))
    return out


def containing(spans, offset: int):
    """The last item of the span holding ``offset`` (sorted, disjoint (start, end, item)), or None."""
    i = bisect_right(spans, (offset, float("inf"))) - 1
    return spans[i][2] if i >= 0 and spans[i][0] <= offset < spans[i][1] else None


def rewrite(markdown: str, report, decide) -> str:
    """``markdown`` (whose parse is ``report``) with some links replaced. ``decide(path, image,
    in_prompt)`` gets each relative file link's path and returns None (keep it), a URL (the new
    target) or "" (the link becomes its text)."""
    prompts = prompt_spans(report)
    pieces: list[str] = []
    last = 0
    for link in iter_links(markdown, code_spans(markdown, report.fenced)):
        path = relative_path(markdown[link.target_start : link.target_end])
        if path is None:
            continue
        new = decide(path, link.image, not link.definition and within(prompts, link.start))
        if new is None or (new == "" and (link.image or link.definition)):
            continue  # an image or a reference definition cannot become plain text
        if new:
            pieces.append(markdown[last : link.target_start])
            pieces.append(f"<{new}>" if " " in new else new)
            last = link.target_end
        else:  # [text](target) -> text
            pieces.append(markdown[last : link.start])
            close = markdown.rfind("](", link.start, link.target_start)
            pieces.append(markdown[link.start + 1 : close])
            last = link.end
    pieces.append(markdown[last:])
    return "".join(pieces)


def normal_target(page_dir: str, path: str) -> str:
    """The site URI a relative ``path`` on a page in ``page_dir`` points at (as MkDocs resolves it)."""
    return posixpath.normpath(posixpath.join(page_dir, path).lstrip("/"))
