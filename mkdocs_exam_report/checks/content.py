"""Rules on what the group wrote in the answers: the template's placeholder and example left in,
notes to themselves, and the group and study numbers of questions 1 and 2."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import lru_cache
from types import MappingProxyType

from ..findings import Finding
from ..limits import listed
from .context import Context
from .registry import rule
from .structure import answer_line

# (?<!---): a match can only start where a run of dashes starts (it must take the whole run), so
# re need not retry from every dash of a long run: quadratic before, the same matches.
PLACEHOLDER = re.compile(r"--(?<!---)-*\s*question\s*\d+\s*fill\s*here\s*--+", re.IGNORECASE)
TODO_WORDS = ("TODO", "FIXME", "TBD", "XXX")
# A marker word on its own: not part of a longer word (the sXXXXXX of a study number), nor of a
# file name or path ("TODO.md", "../TODO.md").
TODOS = re.compile(rf"(?<![\w/.\\-])({'|'.join(TODO_WORDS)})\b(?!\.\w)")
# Up to four digits of their own, also inside a group's name ("MLOps51", "Group27", "group_12").
GROUP_NUMBER = re.compile(r"(?<!\d)\d{1,4}(?!\d)")
STUDY_NUMBER = re.compile(r"\b[sS]\d{6}\b")
# Near one but not one: 's' and four, five, seven or eight digits.
ODD_STUDY_NUMBER = re.compile(r"\b[sS](?:\d{7,8}|\d{4,5})\b")


def placeholders(ctx: Context) -> list[tuple[int, int, int, str]]:
    """(question, start, end, text) of each template placeholder in the answers, in order; found
    once per Context (the rules placeholder and placeholder-rest read them)."""
    return ctx.shared(
        "placeholders",
        lambda: [(n, m.start() + shift, m.end() + shift, m.group(0)) for n, shift, m in ctx.in_answers(PLACEHOLDER)],
    )


@rule(
    id="placeholder",
    severity="error",
    title="Template placeholder left in the answer",
    why="`--- question N fill here ---` is the template's placeholder; it is meant to be replaced, "
    "and its six words count towards the answer.",
    fix="Delete the placeholder line and write the answer in its place.",
)
def check_placeholders(ctx: Context) -> Iterator[Finding]:
    written: dict[int, tuple[int, int]] = {}  # where each answer's text starts and ends
    for number, start, end, placeholder in placeholders(ctx):
        if not ctx.room("placeholder", number):
            continue
        # Is there anything but whitespace in the answer outside this placeholder? Found from
        # where the answer's text starts and ends, once per answer (not by cutting the answer
        # around each placeholder: quadratic on an answer of many placeholders).
        if number not in written:
            answer, shift = ctx.answers[number], ctx.by_number[number].start
            written[number] = (shift + len(answer) - len(answer.lstrip()), shift + len(answer.rstrip()))
        first, last = written[number]
        rest = first < start or last > end
        state = "next to your answer" if rest else "instead of an answer"
        yield ctx.finding(
            "placeholder",
            f"the placeholder '{placeholder}' is still there {state} ({len(placeholder.split())} "
            "words that count)",
            ctx.report.line_of(start),
            number,
        )


_DASH_RUN = re.compile(r"---+")


def _quote(text: str, at: str) -> str:
    """At most 60 characters of a line's text, from the side ``at`` ("start", "end", "both")."""
    if len(text) <= 60:
        return text
    if at == "start":
        return text[:59] + "…"
    if at == "end":
        return "…" + text[-59:]
    return text[:29] + "…" + text[-30:]


@rule(
    id="placeholder-rest",
    severity="warning",
    title="Leftover dashes from the placeholder",
    why="Deleting only the words of `--- question N fill here ---` leaves `---` behind; glued to "
    "text it is noise, and on its own line under text Markdown turns that text into a heading.",
    fix="Delete the leftover `---`.",
)
def check_placeholder_rest(ctx: Context) -> Iterator[Finding]:
    """Dashes left over from a half-deleted placeholder, or a '---' line under text (which
    Markdown turns into a heading of the line above).

    What is left of ``--- question N fill here ---`` when only its words were replaced sits at
    the start or the end of an answer's line (``--- We used it. ---``, ``our text---``), with
    or without a space; dashes between two words are an em dash typed as ``---``. One finding per
    line, at its first leftover."""
    report, text = ctx.report, ctx.report.text
    line_end = -1
    # The dashes of a whole placeholder are no leftover: skip them without looking at their line.
    whole = [(start, end) for _, start, end, _ in placeholders(ctx)]
    for number, shift, m in ctx.in_answers(_DASH_RUN):
        start = m.start() + shift
        if start <= line_end:
            continue  # the line of an earlier run: judged once, as a whole
        k = bisect_right(whole, (start, len(text))) - 1
        if k >= 0 and start < whole[k][1]:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", m.end() + shift)
        if line_end == -1:
            line_end = len(text)
        line = text[line_start:line_end]
        if "|" in line or PLACEHOLDER.search(line) is not None or report.in_fence(start):
            continue  # a table row, the placeholder rule's line, or code
        content = line.strip().lstrip(">").strip()  # the line's text, also inside a quote
        if set(content) == {"-"}:
            above_end = line_start - 1
            above = text[text.rfind("\n", 0, max(above_end, 0)) + 1 : max(above_end, 0)]
            if above.strip() and line_start > ctx.by_number[number].start and ctx.room("placeholder-rest", number):
                yield ctx.finding(
                    "placeholder-rest",
                    "a '---' line right under text turns that text into a heading when rendered",
                    report.line_of(start),
                    number,
                )
            continue
        # three or more dashes before (after) the first (last) other character
        lead = len(content) - len(content.lstrip("-")) >= 3
        body = content.rstrip("-")
        tail = len(content) - len(body) >= 3
        if lead and tail:
            where, at = "at both ends of", line_start + line.index(content)
        elif lead or tail:
            where = "at the start of" if lead else "at the end of"
            at = line_start + line.index(content) + (0 if lead else len(body))
        else:
            continue  # dashes between words: an em dash
        side = "both" if lead and tail else "start" if lead else "end"
        if not ctx.room("placeholder-rest", number):
            continue
        yield ctx.finding(
            "placeholder-rest",
            f"'---' left {where} '{_quote(content, side)}': a leftover of the placeholder?",
            report.line_of(at),
            number,
        )


# Words as the examples are compared: runs of characters other than spaces and punctuation, in
# lower case; in prose a '...' (or '…') is a gap of the example's.
_PUNCTUATION = "*_`.,;:!?()[]\"'…"
_WORD = re.compile(rf"[^\s{re.escape(_PUNCTUATION)}]+")
_WORD_OR_GAP = re.compile(rf"\.{{3,}}|…|[^\s{re.escape(_PUNCTUATION)}]+")
GAP = "..."  # the token of a gap (no word is made of dots)


def _example_words(text: str) -> list[str]:
    """The words and gaps of a template example."""
    return [m.group(0).lower() if m.group(0)[0] not in ".…" else GAP for m in _WORD_OR_GAP.finditer(text)]


def _answer_parts(ctx: Context, number: int) -> list[tuple[re.Pattern, int, int]]:
    """How an answer is read into words: (pattern, start, end) per part, in order. A '...' inside
    inline code or a code block is no gap (``@hydra.main(...)``, ``docker run image ...``): the
    code's words count, its dots do not."""
    q = ctx.by_number[number]
    parts, pos = [], q.start
    for a, b in [*ctx.code_spans(number), (q.end, q.end)]:
        parts += [(_WORD_OR_GAP, pos, a), (_WORD, a, b)]
        pos = b
    return parts


def _answer_words(parts: list[tuple[re.Pattern, int, int]], text: str) -> list[str]:
    """The words (lower case) and gaps (GAP) of an answer read by ``_answer_parts``. findall, not
    a Python step per word: an answer can be megabytes (the 10 MB hostile report took 3 s here)."""
    words: list[str] = []
    for pattern, a, b in parts:
        words += pattern.findall(text, a, b)
    return [GAP if word[0] in ".…" else word.lower() for word in words]


def _words_without_gaps(answer: str) -> list[str]:
    """``_answer_words`` of an answer without '...' or '…', so without gaps: its words, read in
    one findall over the whole answer (its code spans only tell a gap from dots in code, and no
    word runs across their edges: backticks and line ends) and lowered by one str.lower of it.
    That lowers each word as word.lower() does, except a Greek capital sigma, whose lower case
    depends on the letters around it."""
    if "\u03a3" in answer:
        return [word.lower() for word in _WORD.findall(answer)]
    return _WORD.findall(answer.lower())


def _word_offset(parts: list[tuple[re.Pattern, int, int]], text: str, index: int) -> int:
    """Where the ``index``-th word of ``_answer_words`` starts in ``text``."""
    for pattern, a, b in parts:
        for m in pattern.finditer(text, a, b):
            if index == 0:
                return m.start()
            index -= 1
    raise IndexError(index)


# Every report of a template has the same examples: reading each once per process, not once per
# report, makes the check of a real report 17 % faster (the seeds: 4.5 instead of 5.4 ms of CPU
# each, so 1,000 reports in one call ~0.9 s sooner). A pure function of the example's text.
@lru_cache(maxsize=256)
def _example_facts(example: str) -> tuple[frozenset, frozenset, Mapping[str, int], int]:
    """Of a question's template example: its word triples (read over its gaps), the (word
    before, word after) of each gap (None at either end), its words counted, and its number of
    gaps."""
    words = _example_words(example)
    ends = [None, *words, None]
    gaps = frozenset((ends[i], ends[i + 2]) for i, w in enumerate(words) if w == GAP)
    gap_count = words.count(GAP)
    words = [w for w in words if w != GAP]
    return _triples(words), gaps, MappingProxyType(Counter(words)), gap_count


def _triples(words: list[str]) -> frozenset:
    """Every three words in a row."""
    return frozenset(zip(words, words[1:], words[2:]))


@rule(
    id="example-copied",
    severity="warning",
    title="Answer copied from the template's example",
    why="The quoted example shows the expected shape of an answer; an answer that repeats it, or "
    "still has its `...` gaps, has not been written yet.",
    fix="Write the answer in your own words and fill every `...` gap.",
)
def check_examples(ctx: Context) -> Iterator[Finding]:
    """Answers not written yet: the template's example with its gaps still in, or the example
    with hardly a word of the group's own. An answer that follows the example's pattern and fills
    its gaps is written (the template means the example as a pattern).

    A gap left is a '...' in prose (not in code) with the same word before and after it as one
    of the example's gaps, in an answer that repeats at least 20 % of the example's word triples
    (three words in a row, read over the gaps).
    Copied is an answer that repeats at least 60 % of them and has fewer words that are not the
    example's than the example has gaps (no such word, for an example without gaps): a gap got
    no word. Linear in the answer and the example (sets of triples)."""
    for number, q in ctx.by_number.items():
        triples, gaps, example_words, gap_count = _example_facts(q.example)
        if not triples:
            continue
        answer = ctx.answers[number]
        parts = None  # how the answer was read, when it may have gaps
        if "..." in answer or "…" in answer:
            parts = _answer_parts(ctx, number)
            words = _answer_words(parts, ctx.report.text)
            prose = [w for w in words if w != GAP]
        else:
            # No gap can be left (most answers): the same words read in one go, without the code
            # spans. The check of a real report takes ~16 % less CPU (the seeds' 1,000-report
            # course: 4.7 -> 4.0 ms a report; this rule 1.4 -> 0.6 ms).
            words = prose = _words_without_gaps(answer)
        # the example's triples the answer has (a set of all the answer's triples cost 5x more)
        shared = len(triples.intersection(zip(prose, prose[1:], prose[2:]))) / len(triples)
        if shared < 0.2:
            continue
        left = None  # the first of the example's gaps left in the answer
        if parts is not None:
            ends = [None, *words, None]
            left = next((i for i, w in enumerate(words) if w == GAP and (ends[i], ends[i + 2]) in gaps), None)
        if left is not None:
            yield ctx.finding(
                "example-copied",
                "the answer follows the template's example and still has its '...' gaps",
                ctx.report.line_of(_word_offset(parts, ctx.report.text, left)),
                number,
            )
        elif shared >= 0.6:
            own = Counter(prose)
            own.subtract(example_words)
            # fewer than one word for each of the example's gaps (one for an example without gaps)
            if sum(n for n in own.values() if n > 0) < max(1, gap_count):
                yield ctx.finding(
                    "example-copied",
                    f"the answer repeats {round(shared * 100)}% of the template's example and adds "
                    "hardly a word of its own",
                    answer_line(q),
                    number,
                )


@rule(
    id="todo",
    severity="warning",
    title="TODO, FIXME, TBD or XXX left in the answer",
    why="Notes to yourself are handed in with the report.",
    fix="Finish the answer and remove the marker.",
)
def check_todos(ctx: Context) -> Iterator[Finding]:
    """``todo``: a marker word (TODO, FIXME, TBD, XXX) in an answer's prose; not in code (a
    quoted `# TODO` comment), not in a file name (``TODO.md``), once per word and line."""
    # Most reports have none of the words, which a plain search says in a tenth of the time TODOS
    # takes (it starts with a look-behind, so re tries it at every character): the check of a
    # real report is 7 % faster (the seeds: 4.1 instead of 4.4 ms of CPU each).
    if not any(ctx.answers_with(word) for word in TODO_WORDS):
        return
    seen = set()
    for number, shift, m in ctx.listed("todo", TODOS):
        start = m.start() + shift
        if ctx.in_code(number, start):
            continue  # a `TODO` in code is code the group quotes
        line = ctx.report.line_of(start)
        if (line, m.group(1)) not in seen:  # one finding per marker word and line
            seen.add((line, m.group(1)))
            yield ctx.finding("todo", f"'{m.group(1)}' left in the answer", line, number)


@rule(
    id="group-number",
    severity="warning",
    title="Question 1 has no group number",
    why="Question 1 must hold the group number you signed up with.",
    fix="Write the group number, e.g. `42`.",
)
def check_group_number(ctx: Context) -> Iterator[Finding]:
    q1 = ctx.by_number.get(1)
    if q1 is not None and not GROUP_NUMBER.search(PLACEHOLDER.sub("", ctx.answers[1])):
        yield ctx.finding("group-number", "no group number in the answer", answer_line(q1), 1)


@rule(
    id="study-numbers",
    severity="warning",
    title="Question 2 has no valid, distinct study numbers",
    why="Question 2 must list every member's study number, `s` followed by six digits.",
    fix="List the study numbers separated by commas, e.g. `s123456, s234567`.",
)
def check_study_numbers(ctx: Context) -> Iterator[Finding]:
    q2 = ctx.by_number.get(2)
    if q2 is None:
        return
    answer = PLACEHOLDER.sub("", ctx.answers[2])
    numbers = Counter(written.lower() for written in STUDY_NUMBER.findall(answer))
    line = answer_line(q2)
    if not numbers:
        yield ctx.finding("study-numbers", "no study numbers (s + 6 digits) in the answer", line, 2)
    dupes = sorted(n for n, times in numbers.items() if times > 1)
    if dupes:
        yield ctx.finding("study-numbers", f"study number listed twice: {listed(dupes)}", line, 2)
    odd = ODD_STUDY_NUMBER.findall(answer)
    if odd:
        yield ctx.finding("study-numbers", f"not a study number (s + 6 digits): {listed(odd)}", line, 2)
