"""The MkDocs plugin ``exam-report``: a thin adapter between MkDocs' events and the engine.

- ``on_files`` (after every other plugin's) finds the report: a page of the site (the file, a
  symbolic link to it, or a copy another plugin made), or ``reports/README.md`` outside
  ``docs_dir``, published at ``url``; with it the images of its folder, never a file whose real
  path lies outside the report's repository (``paths.py``); and the badge stylesheet;
- ``on_page_read_source`` reads a report that is not UTF-8 with replacement characters, so that
  MkDocs does not stop on it;
- ``on_page_markdown`` checks the report file as committed (not the Markdown other plugins made
  of it) and logs every finding through the plugin logger, so ``--strict`` fails after listing
  all of them; input the command line refuses (empty, binary, not UTF-8, far too large) is one
  warning with the command line's message;
  the links of the report that cannot work in the site are made to (``links.py``), and MkDocs'
  "not found" check is off while the report renders (what it would find there is our finding);
- ``on_pre_build`` lets our warnings through in a strict build even under ``-q``, so MkDocs
  counts (and prints) them;
- ``on_page_content`` shows the checklist's items as check boxes, puts the badges into the page
  and marks each question's status in the page's table of contents;
- ``on_serve`` watches the report's folder when it lies outside ``docs_dir``, through its
  deletion and re-creation (``watching.py``);
- ``on_post_build`` names a plugin that removed the report's page before it was built.

Under ProperDocs every ``mkdocs.*`` import is redirected to ``properdocs.*``, so the logger below
is the one ProperDocs counts in strict mode too.
"""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import re
from urllib.parse import unquote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File

from .editions import EDITION_CHOICES
from .findings import rule_severities
from .paths import outside_repository, repository_root
from .escape import printable
from .limits import MAX_SHOWN_BYTES, MAX_SHOWN_MARKUP
from .links import COURSE_FIGURES
from .text import has_question_heading

log = get_plugin_logger(__name__)

ASSET = os.path.join(os.path.dirname(__file__), "assets", "exam-report.css")
CSS_URI = "assets/exam-report/exam-report.css"
# Files of the report's folder that the report can reference and the site should carry.
PUBLISHED = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".pdf")
MAX_PUBLISHED = 2000


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
    # The course's example figures, for the template's prompt links the repository lacks;
    # false: show those links as plain text.
    figures_url = c.Type((str, bool), default=COURSE_FIGURES)
    # The branch of links to repository files; default: from edit_uri, else the default branch.
    branch = c.Optional(c.Type(str))


class ExamReportPlugin(BasePlugin[ExamReportConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.serving = False
        self.rebuilding = False  # a rebuild of `mkdocs serve` after its first build
        self.configured_missing: str | None = None
        self.configured_path: str | None = None  # the `report` option, resolved
        self.report_path: str | None = None  # the report this build checks, absolute
        self.root: str | None = None  # its repository (paths.repository_root)
        self.report_uri: str | None = None  # its src_uri in the site
        self.last_path: str | None = None  # the report of the last build that found one
        self.config_file: str | None = None
        self.docs_dir = ""
        self.watch = None  # under `mkdocs serve`: a watching.FolderWatch on the report's folder
        self.results: dict[str, object] = {}
        self.blocks: dict[str, list[str]] = {}  # badge HTML waiting for on_post_page, per page

    # MkDocs keeps a plugin with on_startup across the rebuilds of `mkdocs serve`.
    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.rebuilding = False

    def on_pre_build(self, *, config):
        # MkDocs counts the warnings of a strict build with a handler on its logger, which only
        # sees records the loggers let through: under -q (level ERROR) our findings were dropped
        # unseen and the build passed. In a strict build our own logger lets warnings through
        # whatever the verbosity (so they are listed and counted); otherwise it follows MkDocs'.
        logger = log.logger
        logger.setLevel(logging.NOTSET)
        if config.strict and not logger.isEnabledFor(logging.WARNING):
            logger.setLevel(logging.WARNING)

    def on_post_build(self, *, config):
        if self.config.enabled and self.report_uri and self.report_uri not in self.results:
            # the page was in the site's files and never reached on_page_markdown
            log.warning(
                f"{_shown(self.report_path)}: another plugin removed the report's page "
                f"({self.report_uri}) from the site before it was built, so it was neither checked nor "
                "published; list exam-report after it or ask that plugin to keep the page"
            )
        # later builds of the same `mkdocs serve` are rebuilds
        self.rebuilding = self.serving

    def on_config(self, config):
        if not self.config.enabled:
            return
        self.url = _site_folder(self.config.url)
        self.config_file = config.config_file_path
        self.docs_dir = os.path.abspath(config.docs_dir)
        self.configured_path = None
        self.configured_missing = None
        if self.config.report:
            base = os.path.dirname(os.path.abspath(config.config_file_path)) if config.config_file_path else os.getcwd()
            path = os.path.normpath(os.path.join(base, self.config.report))
            if not os.path.isfile(path):
                message = f"exam-report: 'report: {self.config.report}' points to {path}, which is not a file ({_why_not_a_file(path)})"
                if not self.rebuilding:
                    raise PluginError(message)
                # Gone while `mkdocs serve` runs (a branch switch, a rename): say so and keep
                # serving; the watched folder brings it back on the next change.
                self.configured_missing = message
            self.configured_path = path
        if CSS_URI not in config.extra_css and self.config.badges:
            config.extra_css.append(CSS_URI)
        return config

    # Last: after the plugins that add or rearrange pages (mkdocs-gen-files at 0,
    # mkdocs-static-i18n at -100, which drops pages from outside docs_dir), so the report's page
    # is the one the site really builds.
    @event_priority(-110)
    def on_files(self, files, *, config):
        if not self.config.enabled:
            return files
        self.results = {}
        self.blocks = {}
        self.report_uri = None
        self.report_path = None
        if getattr(config.plugins.get("i18n"), "building", False):
            # mkdocs-static-i18n builds the site again for each other language, into the same
            # site: the report (in one language) was judged and published by the first build.
            return files
        if self.configured_missing:
            log.warning(self.configured_missing)
            self._report_gone(self.configured_path, files, config)
            return files
        located = self._locate(files)
        if located is None:
            if self.rebuilding and self.last_path:
                log.warning(f"{_shown(self.last_path)}: the report is gone (deleted or moved); the page says so until it is back")
                self._report_gone(self.last_path, files, config)
            elif (folder := _report_near(self.config_file, os.path.isdir)) is not None:
                log.warning(f"{_shown(folder)} is a folder, not a report file: the report is the file reports/README.md")
            else:
                log.warning("no exam report found: set 'report:' to the path of reports/README.md")
            return files
        path, page, root = located
        self.last_path = path
        self._follow(path)
        real = outside_repository(path, root)
        if real is not None:
            log.warning(
                f"{_shown(path)}: a symbolic link to {real}, outside the repository ({root}); "
                "the report is neither read nor published"
            )
            if page is not None:
                files.remove(page)
            return files
        self.report_path = path
        self.root = root
        if page is None:
            page = self._publish_outside(path, files, config, root)
        elif _folder_of(page) != os.path.dirname(os.path.realpath(path)):
            # a symbolic link to the report, or a copy made by another plugin: its images are
            # those of the report's own folder, published beside the page
            self._publish_folder(path, posixpath.dirname(page.src_uri), files, config, root)
        else:
            self._refuse_in_docs(page, files, root)
        self.report_uri = page.src_uri
        # `--dirty` rebuilds only pages whose file changed, but the verdict also depends on the
        # report's folder (a deleted screenshot): the report's page is rebuilt every time.
        page.is_modified = lambda: True
        if self.config.badges:
            files.append(File.generated(config, CSS_URI, abs_src_path=ASSET))
        return files

    def _locate(self, files):
        """The report to check: (its path, its page among ``files`` or None when it lies outside
        the site, its repository), or None. The configured ``report``, else
        ``reports/README.md`` near the config file, is found again when a page of the site is a
        symbolic link to it or a copy of it (mkdocs-gen-files); else a page of the site that is an
        exam report; else ``reports/README.md`` near the config file, published at ``url``."""
        near = self.configured_path or _report_near(self.config_file)
        if near is not None:
            page = _page_of(files, near)
            if page is not None or self.configured_path:
                return near, page, repository_root(near)
        page = self._report_among_pages(files)
        if page is not None:
            source = os.path.abspath(page.abs_src_path)
            real = os.path.realpath(source)
            return (real if os.path.islink(source) else source), page, repository_root(source)
        if near is not None:
            return near, None, repository_root(near)
        return None

    def _report_among_pages(self, files):
        for file in files.documentation_pages():
            uri = file.src_uri.lower()
            if file.abs_src_path and (uri == "reports/readme.md" or uri.endswith("/reports/readme.md")):
                return file
        for file in files.documentation_pages():
            if not file.abs_src_path:
                continue
            try:
                text = file.content_string
            except (OSError, UnicodeDecodeError):
                continue
            if "Answer:" in text and has_question_heading(text, 1):
                return file
        return None

    def _publish_outside(self, path: str, files, config, root: str):
        """The report as ``<url>/index.md`` and, beside it, the files of its folder (see
        ``_publish_folder``). Returns the page. A page of the site already at that address
        (``report.md`` for ``report/``, the home page for ``url: .``) is an error."""
        report_uri = posixpath.join(self.url, "index.md") if self.url else "index.md"
        page = File.generated(config, report_uri, abs_src_path=path)
        clash = next((f for f in files if f.src_uri == report_uri or f.dest_uri == page.dest_uri), None)
        if clash is not None:
            what = "the home page" if page.dest_uri in ("index.html",) else f"a page at {page.url or './'}"
            raise PluginError(
                f"exam-report: the site already has {what} ({clash.src_uri}), where the report would be "
                f"published; choose another 'url'"
            )
        # "Edit this page" opens the report itself: the path from docs_dir, which the repository
        # URL joins back into place (edit/main/docs/source/../../reports/README.md).
        page.edit_uri = os.path.relpath(path, os.path.abspath(config.docs_dir)).replace(os.sep, "/")
        files.append(page)
        self._publish_folder(path, self.url, files, config, root)
        return page

    def _publish_folder(self, path: str, base_uri: str, files, config, root: str) -> None:
        """Beside the report's page (at ``base_uri``), the images of the report's folder and every
        other file of the folder that the report links to. Symbolic links are followed while
        they stay in the repository ``root``; a file whose real path lies outside it is refused:
        a warning when the report links to it (an embedded image is the check's own
        ``image-path`` finding), an INFO line otherwise."""
        folder = os.path.dirname(path)
        taken = {f.dest_uri for f in files}
        links = _ReportLinks(path, folder)
        visited = {os.path.realpath(folder)}
        count = 0
        for current, dirs, names in os.walk(folder, followlinks=True):
            kept = []
            for name in sorted(dirs):
                sub = os.path.join(current, name)
                real = os.path.realpath(sub)
                if name.startswith((".", "_")) or real in visited:
                    continue  # hidden, or a loop / second route to a folder already walked
                if outside_repository(sub, root) is not None:
                    self._refused(path, sub, folder, root, links)
                    continue
                visited.add(real)
                kept.append(name)
            dirs[:] = kept
            for name in sorted(names):
                source = os.path.join(current, name)
                if source == path or name.startswith("."):
                    continue
                if not name.lower().endswith(PUBLISHED) and os.path.normcase(source) not in links.linked:
                    continue
                if outside_repository(source, root) is not None:
                    self._refused(path, source, folder, root, links)
                    continue
                rel = os.path.relpath(source, folder).replace(os.sep, "/")
                uri = posixpath.join(base_uri, rel) if base_uri else rel
                file = File.generated(config, uri, abs_src_path=source)
                if file.dest_uri in taken:
                    continue
                files.append(file)
                taken.add(file.dest_uri)
                count += 1
                if count >= MAX_PUBLISHED:
                    log.warning(f"more than {MAX_PUBLISHED} files next to the report; publishing only the first")
                    return

    def _refuse_in_docs(self, page, files, root: str) -> None:
        """A report inside docs_dir: MkDocs itself publishes its folder, so drop from the site
        the files of that folder whose real path lies outside the repository."""
        path = os.path.abspath(page.abs_src_path)
        folder = os.path.dirname(path)
        links = _ReportLinks(path, folder)
        for file in list(files):
            if file is page or not file.abs_src_path or not _is_inside(file.abs_src_path, folder):
                continue
            if outside_repository(file.abs_src_path, root) is not None:
                files.remove(file)
                self._refused(path, os.path.abspath(file.abs_src_path), os.path.dirname(path), root, links)

    def _refused(self, report: str, source: str, folder: str, root: str, links: _ReportLinks) -> None:
        """Say that ``source`` (a file or folder of the report's folder) is not published."""
        real = os.path.realpath(source)
        rel = os.path.relpath(source, folder).replace(os.sep, "/")
        key = os.path.normcase(source)
        linked, embedded = links.linked, links.embedded
        if key in embedded:
            return  # the check's image-path finding names it, with question and line
        message = (
            f"{_shown(report)}: '{rel}' is a symbolic link to {real}, outside the repository ({root}); "
            "it is not published"
        )
        if any((k == key or k.startswith(key + os.sep)) and k not in embedded for k in linked):
            return  # the check's link-missing finding names it, with question and line (CLI too)
        log.info(message)  # a file the report does not link to: no fault of the report

    def _report_gone(self, path: str | None, files, config) -> None:
        """Under `mkdocs serve`, a report that was there and is gone: a page at its address
        saying so (instead of the last version, or a 404), and its folder's parent watched so
        that the report's return rebuilds the site."""
        if path:
            self._follow(path)
        if not self.serving or not path:
            return
        report_uri = posixpath.join(self.url, "index.md") if self.url else "index.md"
        if any(f.src_uri == report_uri for f in files):
            return
        shown = _shown(path).replace("`", "")
        files.append(File.generated(config, report_uri, content=(
            "# Exam report\n\n"
            f"**The report `{shown}` is missing.** It was deleted or moved while the site was being "
            "served; this page shows the report again as soon as the file is back.\n"
        )))

    def on_serve(self, server, *, config, builder):
        if self.config.enabled:
            from .watching import FolderWatch

            self.watch = FolderWatch(server, log)
            if self.last_path:
                self._follow(self.last_path)
        return server

    def _follow(self, report: str) -> None:
        """Under `mkdocs serve`, watch the report's folder (MkDocs watches docs_dir itself; a
        report reached through a symbolic link or a copy is not in it)."""
        folder = os.path.dirname(os.path.realpath(report))
        if self.watch is not None and not _is_inside(folder, os.path.realpath(self.docs_dir)):
            self.watch.follow(folder)

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
        from .outputs.text import finding_line, summary_line

        path = self.report_path
        shown = _shown(path)
        try:
            # The file as committed, as the command line and the course read it, whatever other
            # plugins (macros, snippets, ...) made of its Markdown; with the command line's own
            # input checks (empty, binary, far too large) and messages.
            result = check_text(
                read_report(shown),
                path=shown,
                edition=self.config.edition,
                rules=self.config.rules,
                base_dir=os.path.dirname(path),
                root=self.root,
            )
        except ReportError as exc:
            self._unusable(page, str(exc))
            return self._for_the_site(markdown, None, page, config, files)
        except Exception as exc:  # the report must never stop a build or `mkdocs serve`
            self._unusable(page, f"{shown}: could not check the report ({type(exc).__name__}: {exc})")
            return self._for_the_site(markdown, None, page, config, files)
        self.results[page.file.src_uri] = result
        for finding in result.findings:
            (log.info if finding.severity == "info" else log.warning)(finding_line(shown, finding))
        log.info(summary_line(result))
        return self._for_the_site(markdown, result.report, page, config, files)

    def _for_the_site(self, markdown: str, checked, page, config, files) -> str:
        """The report's Markdown as the site publishes it: a short page instead of one too large
        to render, else its links made to work in the site (``_rewrite_links``) with MkDocs' own
        "not found" check off for the page (``_quiet_validation``). ``checked``: the report as
        the check parsed it, or None when it could not be checked; its one warning then says
        why, and MkDocs' lines about its screenshots would only repeat, in other words, what
        our findings say once the report can be read."""
        shown = _shown(self.report_path)
        too_large = _too_large_to_show(markdown)
        if too_large:
            if checked is not None:  # an unchecked report's warning said what is wrong already
                log.warning(f"{printable(shown)}: {too_large}; its page shows the verdict instead of the text")
            return f"# {page.title or 'Exam report'}\n\nThis report is not shown here: {too_large}.\n"
        try:
            markdown = self._rewrite_links(markdown, checked, page, config, files)
        except Exception as exc:  # the report must never stop a build or `mkdocs serve`
            log.warning(f"{shown}: could not adapt the report's links to the site ({type(exc).__name__}: {exc})")
        self._quiet_validation(config)
        return markdown

    def _rewrite_links(self, markdown: str, checked, page, config, files) -> str:
        """The report's links that cannot work in the site, made to work (see ``links.py``):

        - a template prompt's link to a course example figure the site lacks goes to the
          course's copy (``figures_url``), or becomes plain text;
        - a link to a file of the repository outside the site goes to its page in the repository
          (``repo_url``), or becomes plain text without one;
        - an image outside the report's folder goes to the repository's raw file.

        Links to files of the site are left to MkDocs, as are missing screenshots (our own
        findings name them). ``checked``: the report as the check parsed it, used when
        ``markdown`` is its text (no other plugin changed the page), else ``markdown`` is parsed."""
        from .links import Repository, branch_from_edit_uri, is_inside, normal_target, rewrite
        from .report import parse

        folder = os.path.dirname(self.report_path)
        page_dir = posixpath.dirname(page.file.src_uri)
        figures = self.config.figures_url
        if figures is True:
            figures = COURSE_FIGURES
        repo = None
        if config.repo_url:
            # MkDocs fills in edit/master/docs/ for a GitHub repo_url without edit_uri: no branch
            # is known then, and GitHub's HEAD is the repository's default branch.
            edit_uri = config.edit_uri if config.edit_uri != "edit/master/docs/" else None
            branch = self.config.branch or branch_from_edit_uri(edit_uri) or "HEAD"
            root = self.root or repository_root(self.report_path)
            repo = Repository(config.repo_url, branch, root, gitlab=(edit_uri or "").lstrip("/").startswith("-/"))

        def decide(path: str, image: bool, in_prompt: bool):
            if files.get_file_from_path(normal_target(page_dir, path)) is not None:
                return None
            normal = posixpath.normpath(path)
            if in_prompt and not image and normal.startswith("figures/"):
                return f"{figures.rstrip('/')}/{normal[len('figures/'):]}" if figures else ""
            resolved = os.path.normpath(os.path.join(folder, *path.split("/")))
            if image:
                if repo is not None and not is_inside(resolved, folder) and os.path.isfile(resolved):
                    return repo.url(resolved, image=True)
                return None
            return (repo.url(resolved) if repo is not None else None) or ""

        same = checked is not None and checked.text == markdown
        return rewrite(markdown, checked if same else parse(markdown), decide)

    def _quiet_validation(self, config) -> None:
        """MkDocs' "not found" check of links, off while the report page renders: what it would
        find there (a missing screenshot) is one of our findings already, in our words, once."""
        links = config.validation.links
        self._saved_not_found = links.not_found
        links.not_found = logging.DEBUG

    def _restore_validation(self, config) -> None:
        saved = getattr(self, "_saved_not_found", None)
        if saved is not None:
            config.validation.links.not_found = saved
            self._saved_not_found = None

    def _unusable(self, page, message: str) -> None:
        """Input the engine cannot judge: a warning (so --strict fails, as the command line exits
        2), and a box on the page saying so."""
        from .escape import printable

        log.warning(printable(message))
        self.results[page.file.src_uri] = message

    # The badges are placed as short markers here and filled in on_post_page: the search plugin
    # indexes page.content in between, and parsing the badge markup was most of our build cost
    # (they are excluded from the index anyway). The markers carry a random token per page, so
    # no text of the report can stand for one.
    def on_page_content(self, html, *, page, config, files):
        if page.file.src_uri == self.report_uri:
            self._restore_validation(config)
        result = self.results.get(page.file.src_uri)
        if result is None:
            return html
        from .badges import evidence_marks, inject, mark_toc, new_marker_prefix, task_list, unusable

        # The checklist as GitHub shows it, whatever markdown_extensions the site has.
        html = task_list(html, material=config.theme.name == "material")
        if not self.config.badges:
            return html

        blocks: list[str] = []
        prefix = new_marker_prefix()
        self.blocks[page.file.src_uri] = (prefix, blocks)
        if isinstance(result, str):
            blocks.append(unusable(result))
            return f"{prefix}0-->" + html

        annotate = self.config.annotate == "always" or (self.config.annotate == "serve" and self.serving)
        try:
            mark_toc(page.toc, html, result)
            if annotate:  # what the repository shows of each ticked item, as the findings are shown
                html = evidence_marks(html, result)
            return inject(html, result, annotate=annotate, defer=blocks, prefix=prefix)
        except Exception as exc:  # badges are a courtesy; the page must still build
            blocks.clear()
            log.warning(f"{result.path}: could not add the badges ({type(exc).__name__}: {exc})")
            return html

    @event_priority(100)  # before plugins that minify HTML and would strip the markers
    def on_post_page(self, output, *, page, config):
        prefix, blocks = self.blocks.pop(page.file.src_uri, (None, None))
        if not blocks:
            return output
        from .badges import deferred

        try:
            return deferred(output, blocks, prefix)
        except Exception as exc:  # never stop a build or `mkdocs serve` for the report's content
            log.warning(f"{_shown(self.report_path or page.file.src_uri)}: could not add the badges "
                        f"({type(exc).__name__}: {exc})")
            return output


def _too_large_to_show(markdown: str) -> str | None:
    """Why the report's Markdown is too large to render as a page (see limits.MAX_SHOWN_BYTES),
    or None. Python-Markdown on a hostile page of that size would hold a build for minutes."""
    size = len(markdown.encode("utf-8", "surrogatepass"))
    markup = markdown.count("](") + markdown.count("<")
    if size > MAX_SHOWN_BYTES:
        return f"{size / 1024 / 1024:.1f} MB is too large to show as a page (limit {MAX_SHOWN_BYTES // 1024 // 1024} MB; a report is ~35 KB)"
    if markup > MAX_SHOWN_MARKUP:
        return (
            f"{markup:,} links, images and HTML tags are too many to show as a page (limit "
            f"{MAX_SHOWN_MARKUP:,}; a report has a few dozen)"
        )
    return None


def _is_inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([os.path.abspath(path), folder]) == folder
    except ValueError:  # different drives
        return False


def _site_folder(raw: str) -> str:
    """The ``url`` option as a folder of the site: ``report/`` -> ``report``; ``.``, ``/`` and
    ``''`` -> ``''`` (the site's root: the report is the home page). PluginError for what is not
    a plain folder below the site's root: ``..``, a URL, a percent-encoding (browsers read
    ``%2e%2e`` as ``..``), a backslash, ``?``, ``#`` or a control character."""
    text = raw.strip()
    if (
        "%" in text
        or re.search(r"[\\?#\x00-\x1f\x7f]", text)
        or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text)
        or ".." in text.split("/")
    ):
        raise PluginError(
            f"exam-report: 'url' must be a relative path inside the site written plainly (no '..', "
            f"URL, percent-encoding, backslash, '?' or '#'), not {raw!r}"
        )
    return "/".join(part for part in text.split("/") if part not in ("", "."))


def _why_not_a_file(path: str) -> str:
    """What is at ``path`` instead of a report file, in the command line's words."""
    from .engine import ReportError, find_report

    if os.path.isdir(path):
        return "a folder"
    try:
        find_report(path)
    except ReportError as exc:
        return str(exc).removeprefix(f"{path}: ")
    return "not a regular file"


def _folder_of(file) -> str | None:
    """The real path of the folder a page's source file sits in (the file itself not resolved:
    a symbolic link's own folder); None for a page held in memory."""
    return os.path.realpath(os.path.dirname(os.path.abspath(file.abs_src_path))) if file.abs_src_path else None


def _page_of(files, report: str):
    """The page among ``files`` that is the report file: the file itself, a symbolic link to it,
    or a copy of it with the same bytes that another plugin generated (mkdocs-gen-files)."""
    real = os.path.realpath(report)
    pages = files.documentation_pages()
    for file in pages:
        if file.abs_src_path and os.path.realpath(file.abs_src_path) == real:
            return file
    data = None
    for file in pages:
        if file.generated_by is None or file.generated_by == "exam-report":
            continue
        if data is None:
            try:
                with open(real, "rb") as handle:
                    data = handle.read()
            except OSError:
                return None
        try:
            if file.content_bytes == data:
                return file
        except OSError:
            continue
    return None


def _report_near(config_file: str | None, found=os.path.isfile) -> str | None:
    """``reports/README.md`` next to the config file or one folder up (the course layout keeps
    the config in ``docs/``) for which ``found`` is true (``os.path.isdir``: a folder of that
    name, the report misplaced)."""
    base = os.path.dirname(os.path.abspath(config_file or "mkdocs.yml"))
    for folder in (base, os.path.dirname(base)):
        candidate = os.path.join(folder, "reports", "README.md")
        if found(candidate):
            return candidate
    return None


def _shown(path: str) -> str:
    """The report path as the user knows it: relative to the working folder when below it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


# Link and image targets in Markdown and HTML: ](target), ](<target>), src="…", href='…'.
# Compiled when first used (re keeps them): only a file refused from the report's folder needs
# them, and compiling them at import was ~0.3 ms of every build.
_TARGET = r"(?i)\]\(\s*<?([^)\s>]+)|\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']"
_IMAGE = r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)"


class _ReportLinks:
    """The files inside ``folder`` that the report at ``path`` links to (``linked``) and embeds as
    Markdown images (``embedded``), read from the report when first asked: a folder of images
    alone never needs them (reading and scanning the report was ~2 ms of every build)."""

    def __init__(self, path: str, folder: str):
        self.path = path
        self.folder = folder

    @functools.cached_property
    def _both(self) -> tuple[set[str], set[str]]:
        return _linked_files(self.path, self.folder)

    @property
    def linked(self) -> set[str]:
        return self._both[0]

    @property
    def embedded(self) -> set[str]:
        return self._both[1]


def _linked_files(path: str, folder: str) -> tuple[set[str], set[str]]:
    """Files inside ``folder`` that the report at ``path`` links to, and those of them it embeds
    as Markdown images (normalised paths; symbolic links not resolved)."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return set(), set()
    if _too_large_to_show(text):  # its page will not show the links (and there may be millions)
        return set(), set()
    return _targets(re.compile(_TARGET), text, folder), _targets(re.compile(_IMAGE), text, folder)


def _targets(pattern: re.Pattern, text: str, folder: str) -> set[str]:
    found = set()
    written = {match.group(match.lastindex) for match in pattern.finditer(text) if match.lastindex}
    for raw in written:  # each target once, however often the report links to it
        target = unquote(raw.split("#", 1)[0].split("?", 1)[0])
        if not target or target.startswith(("/", "\\")) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
            continue
        candidate = os.path.normpath(os.path.join(folder, target))
        if _is_inside(candidate, folder) and os.path.isfile(candidate):
            found.add(os.path.normcase(candidate))
    return found
