"""Rules on the screenshots of the answers: written as links, as HTML or inside code, and
whether each embedded image's file is there, in the report's folder, in a format the course
takes."""

from __future__ import annotations

import os
import posixpath
import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import unquote

from ..findings import Finding
from ..paths import outside_repository
from ..text import image_texts, iter_images
from .context import Context
from .registry import rule

IMAGE_TARGET = re.compile(r"!\[[^\]\n]*\]\(\s*(<[^>\n]*>|[^)\s]*)(?:\s+[\"'(][^\n]*?)?\)")
PLAIN_IMAGE_LINK = re.compile(
    r"\[([^\]\n]*)\]\(\s*<?([^)\s>]+\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?))>?(?:\s+\"[^\"\n]*\")?\s*\)",
    re.IGNORECASE,
)
_IMAGE_NAME = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?)", re.IGNORECASE)  # as in PLAIN_IMAGE_LINK
_OPEN_AT_LINE_END = re.compile(r"\]\([^\S\n]*(?:\n|\Z)")  # a link whose path may be on the next line
_LINK_TEXT_END = re.compile(r"[\]\n]")
_LINK_PATH = re.compile(r"\s*<?[^)\s>]*")  # what PLAIN_IMAGE_LINK reads as the path after ']('
HTML_IMG = re.compile(r"<img\b", re.IGNORECASE)
URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:|^//")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")


def _iter_plain_links(text: str, pos: int = 0) -> Iterator[re.Match]:
    """``PLAIN_IMAGE_LINK.finditer(text, pos)`` in linear time.

    re tries the pattern at every '[', and each try reads the link text up to the next ']' or
    newline, then the path after '](' to its end: quadratic on a long run of '[' or of '[a]('.
    When a try fails, a later '[' whose ']' comes before that ']' or newline fails the same way, and
    so does one whose '](' lies inside the path just read (its path is a shorter end of the same
    path; the extension and what follows are the same). The search goes on after those.
    A link names an image file on the line of its '[' (or, after '](' and a line break, on a later
    one), so other lines are skipped: a 10 MB report of '![](x)' lines has millions of '[' and no link.
    """
    find, match, stop, name_at = text.find, PLAIN_IMAGE_LINK.match, _LINK_TEXT_END.search, _IMAGE_NAME.search
    i = find("[", pos)
    open_at = _OPEN_AT_LINE_END.search
    eol = name = opening = -1  # the end of i's line; the next image file name; the next '](' ending a line
    while i != -1:
        if i > eol:
            eol = find("\n", i)
            if eol == -1:
                eol = len(text)
        if name < i:
            found = name_at(text, i)
            if found is None:
                return
            name = found.start()
        if opening < i:
            found = open_at(text, i)
            opening = found.start() if found else len(text)
        if name > eol and opening > eol:  # no image file named on the rest of this line, nor below it
            target = min(name, opening)
            i = find("[", text.rfind("\n", eol, target) + 1)
            continue
        m = match(text, i)
        if m:
            yield m
            i = find("[", m.end())
            continue
        after = stop(text, i + 1)
        if after is None:
            return
        resume = after.end()
        if text.startswith("](", after.start()):
            path_end = _LINK_PATH.match(text, after.start() + 2).end()
            inside = text.rfind("]", after.start(), path_end - 2)  # the last ']' with path after it
            if inside != -1:
                resume = inside + 1
        i = find("[", resume)


def _plain_links(text: str) -> Iterator[re.Match]:
    """The plain links to an image file in ``text``: not the ``[...](...)`` of an embedded image."""
    return (m for m in _iter_plain_links(text) if not (m.start() and text[m.start() - 1] == "!"))


@rule(
    id="image-link",
    severity="warning",
    title="Screenshot written as a plain link",
    why="`[text](figures/x.png)` renders as a link and the official checker counts it as no image.",
    fix="Add a `!` in front: `![text](figures/x.png)`.",
)
def check_image_link(ctx: Context) -> Iterator[Finding]:
    if ctx.collector.overrides.get("image-link") == "off":
        return
    for number, shift, m in ctx.in_answers(PLAIN_IMAGE_LINK, _plain_links):
        if ctx.has_code(number) and ctx.in_code(number, m.start() + shift):
            continue  # code shows the link as text, as the group meant it
        if not ctx.room("image-link", number):
            continue  # counted, not listed (limits.py)
        yield ctx.finding(
            "image-link",
            f"'{m.group(0)}' is a link, not an embedded image; the official checker counts it as 0",
            ctx.report.line_of(m.start() + shift),
            number,
            f"Write it as '!{m.group(0)}'.",
        )


@rule(
    id="image-html",
    severity="warning",
    title="HTML <img> tag",
    why="The official checker only counts Markdown images; an `<img>` tag counts as zero.",
    fix="Use `![description](figures/name.png)` instead of `<img>`.",
)
def check_image_html(ctx: Context) -> Iterator[Finding]:
    for number, shift, m in ctx.listed("image-html", HTML_IMG):
        yield ctx.finding(
            "image-html",
            "an HTML <img> tag; the official checker counts it as 0 images",
            ctx.report.line_of(m.start() + shift),
            number,
        )


# --- each embedded image's target --------------------------------------------------------------


def image_problems(ctx: Context, image: str) -> dict[str, tuple[str, str | None]]:
    """{rule: (message, hint or None)} of what is wrong with the target of the embedded image
    ``image`` (its Markdown text), found once per image text and Context: the rules
    image-format, image-missing and image-path each read it."""
    return ctx.shared(("image", image), lambda: _target_problems(ctx, image))


def _target_problems(ctx: Context, image: str) -> dict[str, tuple[str, str | None]]:
    target = IMAGE_TARGET.match(image)
    if target is None:
        return {}
    raw = target.group(1).strip("<>").strip()
    if not raw:
        return {"image-missing": ("an embedded image without a path", None)}
    if URL.match(raw) or raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", raw):
        return {"image-path": (f"'{raw}' is a URL or absolute path; it will not be part of the handed-in report folder", None)}
    path = unquote(raw.split("#", 1)[0].split("?", 1)[0])
    normal = posixpath.normpath(path.replace("\\", "/"))
    if normal.startswith("../") or normal == "..":
        return {"image-path": (f"'{raw}' points outside the report's folder", None)}
    found = {}
    suffix = posixpath.splitext(normal)[1]
    if suffix not in IMAGE_EXTENSIONS:
        if suffix.lower() in IMAGE_EXTENSIONS:
            message = f"'{raw}' has the upper-case extension '{suffix}'; use '{suffix.lower()}'"
        else:
            message = f"'{raw}' is not a .png, .jpg or .jpeg file"
        found["image-format"] = (message, None)
    if ctx.base_dir is None:
        return found
    if not ctx.exists_exact(normal):
        variant = ctx.case_variant(os.path.join(ctx.base_dir, *normal.split("/")), ctx.base_dir)
        if variant is not None:
            variant = os.path.relpath(variant, ctx.base_dir).replace(os.sep, "/")
        if variant is None:
            found["image-missing"] = (f"'{raw}' does not exist next to the report", None)
        else:
            found["image-missing"] = (
                f"'{raw}' does not exist next to the report; '{variant}' does, but names are "
                "case-sensitive on GitHub and in the published site",
                f"Rename the file with `git mv` (Windows and macOS ignore the case of a plain rename), "
                f"or write its name as '{variant}' in the report.",
            )
    elif ctx.root is not None:
        # A file that is (or lies in a folder that is) a symbolic link to somewhere outside the
        # repository: the plugin does not publish it, GitHub shows no image for it.
        real = outside_repository(os.path.join(ctx.base_dir, *normal.split("/")), ctx.root)
        if real is not None:
            found["image-path"] = (
                f"'{raw}' is a symbolic link to {real}, outside the repository; it is not published "
                "and shows as a broken image on GitHub",
                "Copy the image into the report's folder instead of linking to it.",
            )
    return found


def images_of(ctx: Context, number: int) -> Counter:
    """{Markdown text of an embedded image: how many times} in question ``number``'s answer
    (code included), counted once per Context: the rules image-format, image-missing and
    image-path each read it."""
    return ctx.shared(("images of", number), lambda: _counted(ctx.answers[number]))


def _counted(answer: str) -> Counter:
    found = Counter(image_texts(answer))
    del found[""]
    return found


def images_in_code(ctx: Context, number: int) -> list[int]:
    """Where the embedded images of question ``number``'s answer that start in a code block or
    inline code start (offsets in the answer), in order; found once per Context (the rule
    image-code lists them, the other image rules leave them out)."""
    return ctx.shared(("images in code", number), lambda: _in_code(ctx, number))


def _in_code(ctx: Context, number: int) -> list[int]:
    spans = ctx.code_spans(number)
    if not spans:
        return []
    answer, shift = ctx.answers[number], ctx.by_number[number].start
    # Only the lines from the first code span to the last are scanned (an image never runs
    # across a line break, so a scan from a line's start finds the images a scan of the whole
    # answer finds there): a 10 MB answer of images after one code span took 12.5 s of CPU
    # (exam-report check), each image looked up in the code spans by each image rule; now 2.2 s.
    first, last = spans[0][0] - shift, spans[-1][1] - shift
    found = []
    for m in iter_images(answer, answer.rfind("\n", 0, first) + 1):
        if m.start() >= last:
            break
        if ctx.in_code(number, shift + m.start()):
            found.append(m.start())
    return found


def _image_at(answer: str, at: int) -> str:
    """The Markdown text of the image that starts at ``at`` in ``answer`` (as iter_images finds it)."""
    return next(iter_images(answer, at)).group(0)


def _target_findings(ctx: Context, rule_id: str) -> Iterator[Finding]:
    """The findings of ``rule_id`` on the embedded images of the answers (not those in code,
    which the rule image-code is about), one per image, in order. Once the rule lists nothing
    more, the rest are counted without a finding each (a hostile report has millions)."""
    collector = ctx.collector
    for number, answer in ctx.answers.items():
        if "![" not in answer or not collector.open(rule_id, number) and not collector.full(rule_id):
            continue  # no image, or the rule is off or ignored in this answer
        images = images_of(ctx, number)
        # Each image text is judged once, so an answer none of whose images has this problem is
        # not walked image by image, and the rest of a full rule is counted from ``images``: on
        # the 10 MB report of images the three rules took 3.1 s of CPU, now 0.5 s (exam-report
        # check, whole process: 4.8 -> 2.8 s of CPU); a real report's check is a little faster.
        if not any(rule_id in image_problems(ctx, image) for image in images):
            continue
        in_code = images_in_code(ctx, number)
        if len(in_code) == sum(images.values()):
            continue  # every image is shown as code: image-code's (10 MB in a code block: 8.3 -> 3.0 s of CPU)
        start = ctx.by_number[number].start
        k = 0  # the next image in code (both walks find the same images in the same order)
        seen: Counter = Counter()  # the images walked so far
        for m in iter_images(answer):
            seen[m.group(0)] += 1
            if k < len(in_code) and in_code[k] == m.start():
                k += 1
                continue  # shown as code, not as an image: image-code says so
            problem = image_problems(ctx, m.group(0)).get(rule_id)
            if problem is None:
                continue
            if ctx.room(rule_id, number):
                message, hint = problem
                yield ctx.finding(rule_id, message, ctx.report.line_of(start + m.start()), number, hint)
            else:  # full: the rest of the answer (outside code) is only counted, in one go
                rest = Counter({image: n - seen[image] for image, n in images.items()})
                rest.subtract(_image_at(answer, at) for at in in_code[k:])
                many = sum(n for image, n in rest.items() if rule_id in image_problems(ctx, image))
                collector.drop_counted(rule_id, {number: many})
                break


@rule(
    id="image-format",
    severity="warning",
    title="Image is not .png, .jpg or .jpeg",
    why="The course asks for PNG or JPEG screenshots.",
    fix="Convert the image to PNG or JPEG and update the link.",
)
def check_image_format(ctx: Context) -> Iterator[Finding]:
    return _target_findings(ctx, "image-format")


@rule(
    id="image-missing",
    severity="error",
    title="Embedded image file does not exist",
    why="The image path is resolved relative to the report, with exact upper/lower case as on "
    "GitHub and Linux; a missing file shows as a broken image.",
    fix="Add the file to the report's folder (usually `reports/figures/`) or fix the path and its case.",
)
def check_image_missing(ctx: Context) -> Iterator[Finding]:
    return _target_findings(ctx, "image-missing")


@rule(
    id="image-path",
    severity="warning",
    title="Image outside the report's folder, absolute, or a URL",
    why="The report is scraped together with its `reports/` folder only; absolute paths, URLs and "
    "files outside that folder will not be there. A symbolic link whose real path lies outside "
    "the repository is a broken image on GitHub, and the plugin does not publish it.",
    fix="Copy the image into `reports/figures/` and link it as `figures/name.png`.",
)
def check_image_path(ctx: Context) -> Iterator[Finding]:
    return _target_findings(ctx, "image-path")


@rule(
    id="image-code",
    severity="warning",
    title="Screenshot inside backticks or a code block",
    why="The official checker counts every `![text](path)`, also inside inline code or a fenced code "
    "block, so the question passes; but GitHub and the course's HTML page show it as code, and "
    "the screenshot is not visible.",
    fix="Remove the backticks (or the code fence) around the image: `![description](figures/name.png)` "
    "on a line of its own.",
)
def check_image_code(ctx: Context) -> Iterator[Finding]:
    """Screenshots written inside backticks or a code block: the official checker counts them
    (it does not read Markdown), but GitHub and the course's HTML page show the text as code."""
    for number, answer in ctx.answers.items():
        if "![" not in answer or not ctx.has_code(number):
            continue  # most answers: no image, or no code to hide one in
        start_of = ctx.by_number[number].start
        found = images_in_code(ctx, number)
        for i, at in enumerate(found):
            if not ctx.room("image-code", number):  # full (or ignored here): the rest only counted
                ctx.collector.drop_counted("image-code", {number: len(found) - i - 1})
                break
            start, image = start_of + at, _image_at(answer, at)
            where = "a code block" if ctx.report.in_fence(start) else "backticks (inline code)"
            image = image if len(image) <= 80 else image[:79] + "…"
            yield ctx.finding(
                "image-code",
                f"'{image}' is inside {where}: the official checker counts it as an image, but it is shown "
                "as code and the screenshot is not visible",
                ctx.report.line_of(start),
                number,
            )
