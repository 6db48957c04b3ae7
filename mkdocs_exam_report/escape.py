"""Report text made harmless for the reader of each output.

Findings quote the report (headings, image paths, placeholders) and name paths given on the
command line or found in a course folder; both are written by students. Each output escapes
them for its own reader, with the helpers here:

- terminals and logs (``text``, ``table``, MkDocs' log lines): ``printable`` shows control
  characters as ``\\x1b``, ``\\n``, ``\\u202e`` instead of letting them move the cursor, recolour
  the terminal, forge a line or reorder text (bidirectional overrides);
- JSON and SARIF: ``json_text`` writes the same characters as ``\\u`` escapes (the data are
  unchanged for a JSON reader);
- CSV for spreadsheets: ``csv_cell`` also quotes a cell that would start a formula (OWASP's
  CSV-injection guidance: ``=``, ``+``, ``-``, ``@``, tab, carriage return);
- Markdown (``--format markdown``, the GitHub job summary): ``markdown_code`` puts the text in a
  code span, where no HTML, image or link is rendered;
- GitHub workflow commands: ``outputs.github.escape_data`` and ``escape_property``.

A file name that is not valid UTF-8 reaches Python with each undecodable byte as a lone
surrogate (``os.fsdecode``); every output shows such a byte as ``\\xNN`` (JSON: ``\\udcNN``).
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls; the invisible direction marks, embeddings, overrides and
# isolates; the line and paragraph separators; lone surrogates (undecodable bytes of file names).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The same but C0: json escapes those in strings, and its own layout uses line breaks. Compiled
# when first used (re keeps it): only the JSON and SARIF outputs need it, and compiling it at import
# was ~0.5 ms of every `mkdocs build` with the plugin.
_UNSAFE_IN_JSON = "[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _shown(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, keep: str = "") -> str:
    """``text`` with every control character, direction override and undecodable file-name byte
    written as a Python-style escape (``\\x1b``, ``\\n``, ``\\u202e``, ``\\xff``); the result is one
    line. Other text, non-ASCII letters included, is unchanged. ``keep``: characters to leave
    as they are (for an output that encodes them itself)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _shown(m), text)


def json_text(encoded: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with the characters
    ``printable`` escapes written as ``\\uXXXX``: the same data for a JSON reader, and nothing
    that acts on a terminal. json already escapes C0 controls; they only occur in strings."""
    return re.sub(_UNSAFE_IN_JSON, lambda m: f"\\u{ord(m.group()):04x}", encoded)


# Cells a spreadsheet would read as a formula (OWASP, CSV injection), with the full-width forms
# some spreadsheets also accept.
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(text: str) -> str:
    """A CSV cell from ``text``: printable, and with a leading ``'`` when it would start a formula
    (the csv module quotes the cell as needed)."""
    text = printable(text)
    return "'" + text if text.startswith(_FORMULA_LEADS) else text


def markdown_code(text: str) -> str:
    """``text`` as a GitHub-flavoured Markdown code span for a table cell: printable, ``|``
    escaped (GFM splits cells on it even in code), fenced by more backticks than it holds.
    Empty text stays empty."""
    text = printable(text).replace("|", "\\|")
    if not text:
        return ""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"
