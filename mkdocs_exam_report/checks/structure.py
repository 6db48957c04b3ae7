"""Rules on what the official checker reads: the answers' lengths and images by its limits,
whether it can read the report at all, where it cuts an answer short, and which year's template
the report is on."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from ..findings import Finding
from ..report import Question
from ..text import MARKER, quantity
from .context import Context
from .registry import rule


def answer_line(q: Question) -> int:
    """The line of the question's '> Answer:', or of its heading when it has none."""
    return q.marker_line or q.heading.line


def _outside_limits(ctx: Context) -> Iterator[tuple[int, object, int, int, int]]:
    """(number, spec, words, images, line) of each question that the official checker (or its
    rules, when it cannot read the report) does not pass."""
    verdicts = ctx.official.verdicts
    for number, spec in enumerate(ctx.edition.questions, 1):
        if number not in ctx.counts or (verdicts and verdicts[number - 1]):
            continue  # not there, or within the limits by the official checker's own verdict
        words, images = ctx.counts[number]
        q = ctx.by_number.get(number)
        yield number, spec, words, images, answer_line(q) if q else 1


@rule(
    id="words",
    severity="error",
    title="Answer length outside the allowed word range",
    why="The official checker counts the whitespace-separated words of each answer and fails the "
    "question when the count is outside the recommended range.",
    fix="Shorten or extend the answer. Everything between `Answer:` and the next heading counts, "
    "including Markdown syntax, URLs and a leftover placeholder.",
)
def check_words(ctx: Context) -> Iterator[Finding]:
    for number, spec, words, _, line in _outside_limits(ctx):
        if spec.words is not None and words not in spec.words:
            gap = spec.words.min - words if words < spec.words.min else words - spec.words.max
            side = "too few" if words < spec.words.min else "too many"
            yield ctx.finding("words", f"{quantity(words, 'word')}, allowed {spec.words} ({gap} {side})", line, number)


@rule(
    id="images",
    severity="error",
    title="Wrong number of embedded images",
    why="Some questions require screenshots. The official checker counts `![text](path)` on one line; "
    "plain links and HTML `<img>` tags count as zero.",
    fix="Embed each screenshot as `![description](figures/name.png)` inside the answer.",
)
def check_images(ctx: Context) -> Iterator[Finding]:
    for number, spec, _, images, line in _outside_limits(ctx):
        if spec.images is not None and images not in spec.images:
            yield ctx.finding(
                "images", f"{quantity(images, 'embedded image')}, required {spec.images}", line, number
            )


@rule(
    id="structure",
    severity="error",
    title="The official checker cannot read the report",
    why="The official checker finds answers by splitting on `Answer:` and headings. A deleted "
    "`> Answer:` line, a renumbered or demoted question heading or an extra `###` heading after "
    "the last answer make it stop for the whole report, and no question is judged.",
    fix="Restore the template structure at the line given: one `### Question N` heading and one "
    "`> Answer:` line per question, in order.",
)
def check_structure(ctx: Context) -> Iterator[Finding]:
    faults = heading_faults(ctx)
    yield from faults
    if not faults and not ctx.official.readable:  # it gives up, and no fault above says why
        yield ctx.finding("structure", _gives_up(ctx), 1)


def heading_faults(ctx: Context) -> list[Finding]:
    """The ``structure`` findings on the report's question headings and ``Answer:`` lines,
    worked out once per Context (the rule's check and ``unreadable_reason`` read them)."""
    return ctx.shared("heading faults", lambda: list(_heading_faults(ctx)))


def unreadable_reason(ctx: Context) -> str | None:
    """Why the official checker cannot read the report, in one line, whatever the settings
    silence (None when it can): the first fault of its headings or ``Answer:`` lines, with its
    line, else what the checker does."""
    if ctx.official.readable:
        return None
    faults = heading_faults(ctx)
    if not faults:
        return _gives_up(ctx)
    first = min(faults, key=lambda f: f.line)
    return f"line {first.line}: {first.message}"


def _gives_up(ctx: Context) -> str:
    total = ctx.edition.total
    return (
        f"the official checker finds {ctx.official.found} answers instead of {total} and "
        f"stops for the whole report ('Number of answers are different from the expected {total}')"
    )


def _heading_faults(ctx: Context) -> Iterator[Finding]:
    report, edition = ctx.report, ctx.edition
    total = edition.total
    seen: dict[int, Question] = {}
    expected = 1
    for q in report.questions:
        n = q.number
        line = q.heading.line
        if n in seen:
            yield ctx.finding(
                "structure",
                f"'{q.heading.text}' appears a second time (first on line {seen[n].heading.line}); "
                "the official checker sees one answer too many",
                line,
                n,
                "Delete or merge the duplicated question.",
            )
            continue
        if not 1 <= n <= total:
            yield ctx.finding(
                "structure", f"there is no Question {n} in the {edition.name} template ({total} questions)", line, n
            )
            continue
        if n != expected and n not in seen:
            if n > expected:
                missing = ", ".join(str(k) for k in range(expected, n) if k not in seen)
                if missing:
                    yield ctx.finding(
                        "structure",
                        f"'{q.heading.text}' follows Question {expected - 1 or 'headings'}: "
                        f"question {missing} is missing or renumbered",
                        line,
                        n,
                    )
            else:
                yield ctx.finding(
                    "structure", f"'{q.heading.text}' is out of order (expected Question {expected} here)", line, n
                )
        seen[n] = q
        expected = max(expected, n + 1)
        if q.heading.level != 3:
            level = "#" * q.heading.level
            yield ctx.finding(
                "structure",
                f"question heading is '{level} {q.heading.text}' but must be '### {q.heading.text}'; "
                "the official checker loses this answer and stops for the whole report",
                line,
                n,
                "Restore the heading level: three '#' followed by 'Question N'.",
            )
        if not q.markers:
            if ctx.official.readable:
                effect = "the official checker then takes the wrong text as this question's answer"
            else:
                effect = (
                    f"so the official checker finds {ctx.official.found} answers instead of {total} "
                    "and stops for the whole report"
                )
            yield ctx.finding(
                "structure",
                f"Question {n} has no '> Answer:' line, {effect}",
                report.line_of(q.start),
                n,
                "Put back the line '> Answer:' between the prompt and your answer.",
            )
    if report.questions:
        present = {q.number for q in report.questions}
        for k in range(1, total + 1):
            if k not in present and k >= expected:
                last = report.questions[-1]
                yield ctx.finding(
                    "structure", f"Question {k} is missing: the report ends after Question {last.number}", last.last_line, k
                )
        tail = report.text.rfind("Answer:")
        hit = report.text.find("###", tail) if tail != -1 else -1
        last = report.questions[-1]
        if hit != -1 and report.line_of(hit) > last.heading.line:
            yield ctx.finding(
                "structure",
                "a '###' after the last answer makes the official checker count that answer twice "
                "and stop for the whole report",
                report.line_of(hit),
                last.number,
                "Remove the heading after the last question, or make it bold text.",
            )
    elif report.text.strip():
        yield ctx.finding("structure", "no '### Question N' headings found: this is not an exam report", 1)


def _written_words(text: str) -> int:
    """Words a student wrote: those with a letter or digit (not a quote mark '>' or '**')."""
    return sum(1 for word in text.split() if any(c.isalnum() for c in word))


def _next_section_start(ctx: Context, q: Question, number: int) -> int:
    """Where the template's section heading that opens question ``number + 1``'s section starts
    inside ``q``'s region (the parser trims it only with its intro still quoted), else ``q.end``.
    What follows it is the course's heading and intro, not the group's writing."""
    title = dict(ctx.edition.sections).get(number + 1)
    if title is None:
        return q.end
    key = title.casefold()
    headings = ctx.report.headings
    i = bisect_right(headings, q.end, key=lambda heading: heading.start) - 1
    while i >= 0 and headings[i].start >= q.start:
        h = headings[i]
        if h.level <= 2 and h.question is None and " ".join(h.text.split()).casefold() == key:
            return h.start
        i -= 1
    return q.end


@rule(
    id="official-cut",
    severity="warning",
    title="The official checker sees less of the answer than you wrote",
    why="A heading (`##`, `###`, `####`) or a second `Answer:` inside an answer makes the official "
    "checker stop reading the answer there (or skip what comes before it).",
    fix="Use bold text instead of headings inside answers, and do not write `Answer:` in an answer.",
)
def check_official_cut(ctx: Context) -> Iterator[Finding]:
    """Words the group wrote that the official checker does not count: before a second
    'Answer:' (the label itself, a bare 'Answer:' line, loses nothing), or after a '##' inside
    the answer (the next section's template heading and intro, quoted or not, are not the
    group's)."""
    text = ctx.report.text
    last_number = ctx.edition.total
    for number, q in ctx.by_number.items():
        if not q.markers or number not in ctx.counts:
            continue
        if ctx.official.readable:
            seen_span = ctx.official.answers[number - 1]
            if seen_span.start == q.start and not text[seen_span.end : q.end].strip():
                continue  # the checker read exactly what was written
        seen = ctx.counts[number][0]
        if len(q.markers) > 1:
            # the checker keeps what follows the last 'Answer:'
            lost = _written_words(text[q.start : q.markers[-1]].replace(MARKER, " "))
            if lost:
                line = ctx.report.line_of(q.markers[-1])
                which = "a second" if len(q.markers) == 2 else "another"
                yield ctx.finding(
                    "official-cut",
                    f"{which} 'Answer:' on line {line}: the official checker ignores the {lost} words "
                    f"you wrote before it and counts {seen}",
                    line,
                    number,
                )
            continue
        if number == last_number:
            continue
        end = _next_section_start(ctx, q, number)
        cut = text.find("##", q.start, end)
        lost = _written_words(text[cut:end]) if cut != -1 else 0
        if lost:
            yield ctx.finding(
                "official-cut",
                f"the official checker stops reading at the '##' on line {ctx.report.line_of(cut)} "
                f"and counts {seen} of the {seen + lost} words you wrote",
                ctx.report.line_of(cut),
                number,
            )


@rule(
    id="edition",
    severity="warning",
    title="Report written on another year's template",
    why="The report fits another year's template better than any revision of the year it is judged "
    "by (its prompts' recommended answer lengths, its questions or its setup lines), so the group "
    "probably copied an outdated template. Revisions of the same year's template never fire.",
    fix="Copy your answers into this year's template.",
)
def check_edition(ctx: Context) -> Iterator[Finding]:
    """A report on another year's template, judged by this year's (``--edition``): one finding,
    at the first fact that contradicts the judged template (a prompt's recommended length, or a
    phrase of another revision). Revisions of the same year are that year and never fire."""
    if ctx.template is None:
        return
    other, against = ctx.template
    line, fact = against[0] if against else (1, "its prompts")
    number = next((q.number for q in reversed(ctx.report.questions) if q.heading.line <= line), None)
    yield ctx.finding(
        "edition",
        f"{fact}: the report seems to use the {other.name} template, not the {ctx.edition.name} one",
        line,
        number if number in ctx.by_number else None,
    )
