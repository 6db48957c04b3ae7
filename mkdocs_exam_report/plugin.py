"""The MkDocs plugin ``exam-report``: a thin adapter between MkDocs' events and the engine.

- ``on_files`` finds the report (a page of the site, or ``reports/README.md`` outside
  ``docs_dir``, published at ``url`` with its images) and publishes the badge stylesheet;
- ``on_page_markdown`` checks the final Markdown and logs every finding through the plugin
  logger, so ``--strict`` fails after listing all of them;
- ``on_page_content`` puts the badges into the page;
- ``on_serve`` watches the report's folder when it lies outside ``docs_dir``.

Under ProperDocs every ``mkdocs.*`` import is redirected to ``properdocs.*``, so the logger below
is the one ProperDocs counts in strict mode too.
"""

from __future__ import annotations

import os
import posixpath
import re

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File

from .editions import EDITION_CHOICES
from .findings import RULES, SEVERITIES

log = get_plugin_logger(__name__)

ASSET = os.path.join(os.path.dirname(__file__), "assets", "exam-report.css")
CSS_URI = "assets/exam-report/exam-report.css"
# Files of the report's folder that the report can reference and the site should carry.
PUBLISHED = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".pdf")
MAX_PUBLISHED = 2000
_LOOKS_LIKE_REPORT = re.compile(r"^#{1,6}[ \t]*Question[ \t]+1\b", re.IGNORECASE | re.MULTILINE)


class RuleSeverities(c.Type):
    """``rules: {todo: off}``: a severity per known rule id."""

    def __init__(self):
        super().__init__(dict, default={})

    def run_validation(self, value):
        value = super().run_validation(value)
        for rule, severity in value.items():
            if rule not in RULES:
                raise ValidationError(f"unknown rule {rule!r}; the rules are: {', '.join(RULES)}")
            if severity not in SEVERITIES:
                raise ValidationError(
                    f"rule {rule!r}: severity must be one of {', '.join(SEVERITIES)}, not {severity!r}"
                )
        return value


class ExamReportConfig(Config):
    enabled = c.Type(bool, default=True)
    report = c.Optional(c.Type(str))
    url = c.Type(str, default="report/")
    edition = c.Choice(EDITION_CHOICES, default="auto")
    badges = c.Type(bool, default=True)
    annotate = c.Choice(("serve", "always", "never"), default="serve")
    rules = RuleSeverities()


class ExamReportPlugin(BasePlugin[ExamReportConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.configured_path: str | None = None  # the `report` option, resolved
        self.report_path: str | None = None  # the report this build checks, absolute
        self.report_uri: str | None = None  # its src_uri in the site
        self.outside = False  # the report lives outside docs_dir
        self.results: dict[str, object] = {}

    # MkDocs keeps a plugin with on_startup across the rebuilds of `mkdocs serve`.
    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        if not self.config.enabled:
            return
        url = self.config.url.strip().strip("/")
        if url.startswith(("/", "\\")) or ".." in url.split("/") or re.match(r"^[A-Za-z]+:", url):
            raise PluginError(f"exam-report: 'url' must be a relative path inside the site, not {self.config.url!r}")
        self.url = url
        self.configured_path = None
        if self.config.report:
            base = os.path.dirname(config.config_file_path or os.getcwd())
            path = os.path.normpath(os.path.join(base, self.config.report))
            if not os.path.isfile(path):
                raise PluginError(
                    f"exam-report: 'report: {self.config.report}' points to {path}, which is not a file"
                )
            self.configured_path = path
        if CSS_URI not in config.extra_css and self.config.badges:
            config.extra_css.append(CSS_URI)
        return config

    def on_files(self, files, *, config):
        if not self.config.enabled:
            return files
        self.results = {}
        docs_dir = os.path.abspath(config.docs_dir)
        path = self.configured_path or self._report_among_pages(files) or _report_near(config.config_file_path)
        self.report_path = path
        self.report_uri = None
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
            if file.src_uri.lower().endswith("reports/readme.md"):
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
        """The report as ``<url>/index.md`` and the images of its folder beside it."""
        folder = os.path.dirname(path)
        report_uri = posixpath.join(self.url, "index.md") if self.url else "index.md"
        taken = {f.src_uri for f in files}
        if report_uri in taken:
            raise PluginError(f"exam-report: the site already has a page at {report_uri}; choose another 'url'")
        files.append(File.generated(config, report_uri, abs_src_path=path))
        count = 0
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
            for name in sorted(names):
                if not name.lower().endswith(PUBLISHED) or name.startswith("."):
                    continue
                rel = os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/")
                uri = posixpath.join(self.url, rel) if self.url else rel
                if uri in taken:
                    continue
                files.append(File.generated(config, uri, abs_src_path=os.path.join(root, name)))
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

    @event_priority(-100)  # after plugins that change the Markdown (macros, snippets, ...)
    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled or page.file.src_uri != self.report_uri:
            return markdown
        from .engine import check_text
        from .output import finding_line, summary_line

        path = self.report_path
        shown = _shown(path)
        try:
            result = check_text(
                _judged_text(page.file, markdown),
                path=shown,
                edition=self.config.edition,
                rules=self.config.rules,
                base_dir=os.path.dirname(path),
            )
        except Exception as exc:  # the report must never stop a build or `mkdocs serve`
            log.warning(f"{shown}: could not check the report ({type(exc).__name__}: {exc})")
            return markdown
        self.results[page.file.src_uri] = result
        for finding in result.findings:
            (log.info if finding.severity == "info" else log.warning)(finding_line(shown, finding))
        log.info(summary_line(result))
        return markdown

    def on_page_content(self, html, *, page, config, files):
        result = self.results.get(page.file.src_uri)
        if result is None or not self.config.badges:
            return html
        from .badges import inject

        annotate = self.config.annotate == "always" or (self.config.annotate == "serve" and self.serving)
        return inject(html, result, annotate=annotate)


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
    """The file itself when MkDocs only stripped its front matter, so that the plugin and the
    command line judge the same text (line numbers, and the 2023 checker's fixed-size header cut,
    depend on it); otherwise the Markdown other plugins produced."""
    try:
        source = file.content_string
    except (OSError, UnicodeDecodeError):
        return markdown
    return source if source.endswith(markdown) else markdown
