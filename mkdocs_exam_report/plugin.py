"""The MkDocs plugin ``exam-report``: a thin adapter between MkDocs' events and the engine.

- ``on_files`` finds the report (a page of the site, or ``reports/README.md`` outside
  ``docs_dir``, published at ``url`` with its images) and publishes the badge stylesheet;
- ``on_page_read_source`` reads a report that is not UTF-8 with replacement characters, so that
  MkDocs does not stop on it;
- ``on_page_markdown`` checks the final Markdown and logs every finding through the plugin
  logger, so ``--strict`` fails after listing all of them; input the command line refuses
  (empty, binary, not UTF-8, far too large) is one warning with the command line's message;
- ``on_page_content`` puts the badges into the page;
- ``on_serve`` watches the report's folder when it lies outside ``docs_dir``.

Under ProperDocs every ``mkdocs.*`` import is redirected to ``properdocs.*``, so the logger below
is the one ProperDocs counts in strict mode too.
"""

from __future__ import annotations

import os
import posixpath
import re
from urllib.parse import unquote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

from .editions import EDITION_CHOICES
from .findings import rule_severities

log = get_plugin_logger(__name__)

ASSET = os.path.join(os.path.dirname(__file__), "assets", "exam-report.css")
CSS_URI = "assets/exam-report/exam-report.css"
# Files of the report's folder that the report can reference and the site should carry.
PUBLISHED = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".pdf")
MAX_PUBLISHED = 2000
_LOOKS_LIKE_REPORT = re.compile(r"^#{1,6}[ \t]*Question[ \t]+1\b", re.IGNORECASE | re.MULTILINE)


class RuleSeverities(c.Type):
    """``rules: {todo: off}``: a severity per known rule id (YAML's unquoted ``off`` included)."""

    def __init__(self):
        super().__init__(dict, default={})

    def run_validation(self, value):
        value = super().run_validation(value)
        try:
            return rule_severities(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class Edition(c.Choice):
    """``edition: 2026`` unquoted (a YAML integer) means the same as ``edition: "2026"``."""

    def __init__(self):
        super().__init__(EDITION_CHOICES, default="auto")

    def run_validation(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return super().run_validation(value)


class ExamReportConfig(Config):
    enabled = c.Type(bool, default=True)
    report = c.Optional(c.Type(str))
    url = c.Type(str, default="report/")
    edition = Edition()
    badges = c.Type(bool, default=True)
    annotate = c.Choice(("serve", "always", "never"), default="serve")
    rules = RuleSeverities()


class ExamReportPlugin(BasePlugin[ExamReportConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.rebuilding = False  # a rebuild of `mkdocs serve` after its first build
        self.configured_missing: str | None = None
        self.configured_path: str | None = None  # the `report` option, resolved
        self.report_path: str | None = None  # the report this build checks, absolute
        self.report_uri: str | None = None  # its src_uri in the site
        self.outside = False  # the report lives outside docs_dir
        self.results: dict[str, object] = {}
        self.blocks: dict[str, list[str]] = {}  # badge HTML waiting for on_post_page, per page

    # MkDocs keeps a plugin with on_startup across the rebuilds of `mkdocs serve`.
    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.rebuilding = False

    def on_post_build(self, *, config):
        # later builds of the same `mkdocs serve` are rebuilds
        self.rebuilding = self.serving

    def on_config(self, config):
        if not self.config.enabled:
            return
        url = self.config.url.strip().strip("/")
        if url.startswith(("/", "\\")) or ".." in url.split("/") or re.match(r"^[A-Za-z]+:", url):
            raise PluginError(f"exam-report: 'url' must be a relative path inside the site, not {self.config.url!r}")
        self.url = url
        self.configured_path = None
        self.configured_missing = None
        if self.config.report:
            base = os.path.dirname(os.path.abspath(config.config_file_path)) if config.config_file_path else os.getcwd()
            path = os.path.normpath(os.path.join(base, self.config.report))
            if not os.path.isfile(path):
                message = f"exam-report: 'report: {self.config.report}' points to {path}, which is not a file"
                if not self.rebuilding:
                    raise PluginError(message)
                # Gone while `mkdocs serve` runs (a branch switch, a rename): say so and keep
                # serving; the watched folder brings it back on the next change.
                self.configured_missing = message
            self.configured_path = path
        if CSS_URI not in config.extra_css and self.config.badges:
            config.extra_css.append(CSS_URI)
        return config

    def on_files(self, files, *, config):
        if not self.config.enabled:
            return files
        self.results = {}
        self.blocks = {}
        docs_dir = os.path.abspath(config.docs_dir)
        self.report_uri = None
        if self.configured_missing:
            self.report_path = None
            log.warning(self.configured_missing)
            return files
        path = self.configured_path or self._report_among_pages(files) or _report_near(config.config_file_path)
        self.report_path = path
        if path is None:
            log.warning("no exam report found: set 'report:' to the path of reports/README.md")
            return files
        inside = _is_inside(path, docs_dir)
        self.outside = not inside
        if inside:
            found = next((f for f in files if f.abs_src_path and os.path.abspath(f.abs_src_path) == path), None)
            self.report_uri = found.src_uri if found else None
        else:
            self.report_uri = self._publish_outside(path, files, config)
        if self.config.badges:
            files.append(File.generated(config, CSS_URI, abs_src_path=ASSET))
        return files

    def _report_among_pages(self, files) -> str | None:
        for file in files.documentation_pages():
            uri = file.src_uri.lower()
            if uri == "reports/readme.md" or uri.endswith("/reports/readme.md"):
                return os.path.abspath(file.abs_src_path)
        for file in files.documentation_pages():
            try:
                text = file.content_string
            except (OSError, UnicodeDecodeError):
                continue
            if "Answer:" in text and _LOOKS_LIKE_REPORT.search(text):
                return os.path.abspath(file.abs_src_path)
        return None

    def _publish_outside(self, path: str, files, config) -> str:
        """The report as ``<url>/index.md`` and, beside it, the images of its folder and every
        other file of the folder that the report links to."""
        folder = os.path.dirname(path)
        report_uri = posixpath.join(self.url, "index.md") if self.url else "index.md"
        taken = {f.src_uri for f in files}
        if report_uri in taken:
            raise PluginError(f"exam-report: the site already has a page at {report_uri}; choose another 'url'")
        page = File.generated(config, report_uri, abs_src_path=path)
        # "Edit this page" opens the report itself: the path from docs_dir, which the repository
        # URL joins back into place (edit/main/docs/source/../../reports/README.md).
        page.edit_uri = os.path.relpath(path, os.path.abspath(config.docs_dir)).replace(os.sep, "/")
        files.append(page)
        taken.add(report_uri)
        wanted = _linked_files(path, folder)
        count = 0
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
            for name in sorted(names):
                source = os.path.join(root, name)
                if source == path or name.startswith("."):
                    continue
                if not name.lower().endswith(PUBLISHED) and os.path.normcase(source) not in wanted:
                    continue
                rel = os.path.relpath(source, folder).replace(os.sep, "/")
                uri = posixpath.join(self.url, rel) if self.url else rel
                if uri in taken:
                    continue
                files.append(File.generated(config, uri, abs_src_path=source))
                taken.add(uri)
                count += 1
                if count >= MAX_PUBLISHED:
                    log.warning(f"more than {MAX_PUBLISHED} files next to the report; publishing only the first")
                    return report_uri
        return report_uri

    def on_serve(self, server, *, config, builder):
        # Pages inside docs_dir are watched by MkDocs already; an outside report is not.
        if self.config.enabled and self.outside and self.report_path:
            server.watch(os.path.dirname(self.report_path))
        return server

    def on_page_read_source(self, *, page, config):
        """A report saved in another encoding than UTF-8 (Windows-1252 with Danish letters, say)
        would stop MkDocs with a traceback; read it with replacement characters instead, and let
        ``on_page_markdown`` say what is wrong with it."""
        if not self.config.enabled or page.file.src_uri != self.report_uri or not self.report_path:
            return None
        try:
            with open(self.report_path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("utf-8-sig", errors="replace").replace("\x00", "\ufffd")
            return text.replace("\r\n", "\n").replace("\r", "\n")
        return None

    @event_priority(-100)  # after plugins that change the Markdown (macros, snippets, ...)
    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled or page.file.src_uri != self.report_uri:
            return markdown
        from .engine import ReportError, check_text, read_report
        from .output import finding_line, summary_line

        path = self.report_path
        shown = _shown(path)
        try:
            # the command line's own input checks (empty, binary, far too large), same message
            read_report(shown)
            result = check_text(
                _judged_text(page.file, markdown),
                path=shown,
                edition=self.config.edition,
                rules=self.config.rules,
                base_dir=os.path.dirname(path),
            )
        except ReportError as exc:
            self._unusable(page, str(exc))
            return markdown
        except Exception as exc:  # the report must never stop a build or `mkdocs serve`
            self._unusable(page, f"{shown}: could not check the report ({type(exc).__name__}: {exc})")
            return markdown
        self.results[page.file.src_uri] = result
        for finding in result.findings:
            (log.info if finding.severity == "info" else log.warning)(finding_line(shown, finding))
        log.info(summary_line(result))
        return markdown

    def _unusable(self, page, message: str) -> None:
        """Input the engine cannot judge: a warning (so --strict fails, as the command line exits
        2), and a box on the page saying so."""
        log.warning(message)
        self.results[page.file.src_uri] = message

    # The badges are placed as short markers here and filled in on_post_page: the search plugin
    # indexes page.content in between, and parsing the badge markup was most of our build cost
    # (they are excluded from the index anyway).
    def on_page_content(self, html, *, page, config, files):
        result = self.results.get(page.file.src_uri)
        if result is None or not self.config.badges:
            return html
        from .badges import inject, unusable

        blocks: list[str] = []
        self.blocks[page.file.src_uri] = blocks
        if isinstance(result, str):
            blocks.append(unusable(result))
            return "<!--exam-report:0-->" + html

        annotate = self.config.annotate == "always" or (self.config.annotate == "serve" and self.serving)
        try:
            return inject(html, result, annotate=annotate, defer=blocks)
        except Exception as exc:  # badges are a courtesy; the page must still build
            blocks.clear()
            log.warning(f"{result.path}: could not add the badges ({type(exc).__name__}: {exc})")
            return html

    @event_priority(100)  # before plugins that minify HTML and would strip the markers
    def on_post_page(self, output, *, page, config):
        blocks = self.blocks.pop(page.file.src_uri, None)
        if not blocks:
            return output
        from .badges import deferred

        return deferred(output, blocks)


def _is_inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([os.path.abspath(path), folder]) == folder
    except ValueError:  # different drives
        return False


def _report_near(config_file: str | None) -> str | None:
    """``reports/README.md`` next to the config file or one folder up (the course layout keeps
    the config in ``docs/``)."""
    base = os.path.dirname(os.path.abspath(config_file or "mkdocs.yml"))
    for folder in (base, os.path.dirname(base)):
        candidate = os.path.join(folder, "reports", "README.md")
        if os.path.isfile(candidate):
            return candidate
    return None


def _shown(path: str) -> str:
    """The report path as the user knows it: relative to the working folder when below it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _judged_text(file, markdown: str) -> str:
    """The text to judge, with the file's own line numbers: the front matter MkDocs stripped
    (which the command line sees too, and the 2023 checker's fixed-size header cut counts), then
    the Markdown as the earlier plugins left it. Unchanged Markdown gives the file itself, so the
    plugin and the command line judge the same text."""
    try:
        source = file.content_string
    except (OSError, UnicodeDecodeError):
        return markdown
    if source.endswith(markdown):
        return source
    body, _meta = get_data(source)
    if body and source.endswith(body):
        return source[: len(source) - len(body)] + markdown
    return markdown


# Link and image targets in Markdown and HTML: ](target), ](<target>), src="…", href='…'.
_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


def _linked_files(path: str, folder: str) -> set[str]:
    """Files inside ``folder`` that the report at ``path`` links to (normalised paths)."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return set()
    found = set()
    for match in _TARGET.finditer(text):
        target = unquote((match.group(1) or match.group(2)).split("#", 1)[0].split("?", 1)[0])
        if not target or target.startswith(("/", "\\")) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
            continue
        candidate = os.path.normpath(os.path.join(folder, target))
        if _is_inside(candidate, folder) and os.path.isfile(candidate):
            found.add(os.path.normcase(candidate))
    return found
