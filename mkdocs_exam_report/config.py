"""The plugin's settings for the command line: find a repository's MkDocs config and read the
``exam-report`` plugin entry's ``report``, ``edition`` and ``rules`` from it, so that
``exam-report check`` judges a report exactly as the site's build does.

The YAML is read with pyyaml the way MkDocs' own loader reads it (``mkdocs.utils.yaml``): its
``!ENV`` tag resolves environment variables (the same ``pyyaml_env_tag`` constructor MkDocs
attaches), ``INHERIT:`` merges a parent config, and the tags only a full MkDocs build can give a
meaning to (``!relative``, ``!!python/name:...`` for Markdown extensions) are read as inert
placeholders. Unlike MkDocs, which loads with ``yaml.Loader`` and so imports what
``!!python/name:`` names, nothing is imported or run. MkDocs itself is not needed here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

#: Where a repository keeps its config, in the order they are tried from the current folder:
#: MkDocs' own defaults, the course's ``docs/mkdocs.yaml``, then ProperDocs' names.
CONFIG_NAMES = (
    "mkdocs.yml",
    "mkdocs.yaml",
    "docs/mkdocs.yaml",
    "docs/mkdocs.yml",
    "properdocs.yml",
    "properdocs.yaml",
    "docs/properdocs.yaml",
    "docs/properdocs.yml",
)
PLUGIN = "exam-report"
REPORT = os.path.join("reports", "README.md")


class ConfigError(Exception):
    """A config that cannot be used; the message is one line naming the file (and line)."""


@dataclass(frozen=True)
class Tagged:
    """A value behind a YAML tag that only a full MkDocs build can resolve (``!relative``,
    ``!!python/name:...``): kept as text, never imported or run."""

    tag: str
    value: object

    def __str__(self) -> str:
        return f"{self.tag} {self.value}".strip()


@dataclass(frozen=True)
class Settings:
    """What the plugin entry of ``config_file`` says; the defaults when there is none.

    ``report`` is the report the plugin would check: its ``report`` option resolved from the
    config file's folder, else ``reports/README.md`` in the site's ``docs_dir``, next to the
    config file or one folder up (the course keeps the config in ``docs/``); None if none exists.
    ``rules`` is validated by ``findings.rule_severities``; ``edition`` is one of
    ``editions.EDITION_CHOICES`` (an unquoted year such as ``edition: 2026`` included).
    """

    config_file: str | None = None
    report: str | None = None
    edition: str = "auto"
    rules: dict[str, str] = field(default_factory=dict)


def _loader():
    import yaml
    import yaml_env_tag

    class SafeConfigLoader(yaml.SafeLoader):
        """pyyaml's safe loader with MkDocs' ``!ENV`` tag and inert placeholders for the rest."""

    def placeholder(loader, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return Tagged(node.tag, value)

    SafeConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
    SafeConfigLoader.add_constructor(None, placeholder)  # any other tag, python/* included
    return SafeConfigLoader


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def read_config(path: str, *, _seen: tuple[str, ...] = ()) -> dict:
    """The config file as a dict (``INHERIT:`` merged as MkDocs merges it: mappings deep, other
    values replaced). Raises ConfigError with ``path[:line]: reason``."""
    import yaml

    try:
        with open(path, encoding="utf-8-sig") as handle:
            data = yaml.load(handle, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: a folder, not a config file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the config is not UTF-8 text") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else path
        raise ConfigError(f"{where}: not valid YAML ({_one_line(exc.problem or exc.context)})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({_one_line(exc)})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a MkDocs config is a mapping of settings, not {type(data).__name__}")
    parent = data.pop("INHERIT", None)
    if parent is not None:
        if not isinstance(parent, str):
            raise ConfigError(f"{path}: INHERIT must be a file name, not {parent!r}")
        parent_path = os.path.normpath(os.path.join(os.path.dirname(path), parent))
        if os.path.abspath(parent_path) in _seen:
            raise ConfigError(f"{path}: INHERIT: {parent} inherits from itself")
        if not os.path.isfile(parent_path):
            raise ConfigError(f"{path}: INHERIT: {parent} does not exist at {parent_path}")
        data = _merge(read_config(parent_path, _seen=(*_seen, os.path.abspath(path))), data)
    return data


def _merge(parent: dict, child: Mapping) -> dict:
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(parent.get(key), dict):
            parent[key] = _merge(parent[key], value)
        else:
            parent[key] = value
    return parent


def plugin_entry(config: Mapping) -> dict | None:
    """The ``exam-report`` entry's options (``{}`` for a bare ``- exam-report``), or None when the
    config does not use the plugin. ``plugins:`` may be a list or a mapping, as MkDocs allows."""
    plugins = config.get("plugins")
    if isinstance(plugins, Mapping):
        items = list(plugins.items())
    elif isinstance(plugins, list):
        items = []
        for item in plugins:
            if isinstance(item, str):
                items.append((item, None))
            elif isinstance(item, Mapping):
                items.extend(item.items())
    else:
        return None
    for name, options in items:
        if name == PLUGIN:
            return {} if options is None else options
    return None


def find_config(folder: str = ".") -> str | None:
    """The first of CONFIG_NAMES under ``folder`` that lists the ``exam-report`` plugin (a config
    that does not use the plugin says nothing about the report); None if there is none.
    Raises ConfigError for a candidate that cannot be read."""
    for name in CONFIG_NAMES:
        path = os.path.join(folder, name) if folder != "." else name
        if os.path.isfile(path) and plugin_entry(read_config(path)) is not None:
            return path
    return None


def load_settings(path: str) -> Settings:
    """The settings of the plugin entry in the config file ``path`` (the defaults, with
    ``config_file`` set, when the config does not use the plugin). Raises ConfigError."""
    from .editions import EDITION_CHOICES
    from .findings import rule_severities

    config = read_config(path)
    options = plugin_entry(config)
    base = os.path.dirname(path)
    if options is None:
        return Settings(config_file=path, report=_shown(report_near(path, config.get("docs_dir"))))
    where = f"{path}: plugin {PLUGIN}"
    if not isinstance(options, Mapping):
        raise ConfigError(f"{where}: its options must be a mapping, not {options!r}")

    edition = options.get("edition", "auto")
    if isinstance(edition, int) and not isinstance(edition, bool):
        edition = str(edition)  # `edition: 2026` unquoted is a YAML integer
    if edition not in EDITION_CHOICES:
        raise ConfigError(f"{where}: 'edition' must be one of {', '.join(EDITION_CHOICES)}, not {edition!r}")

    try:
        rules = rule_severities(options.get("rules") or {})
    except ValueError as exc:
        raise ConfigError(f"{where}: 'rules': {exc}") from None

    report = options.get("report")
    if report is None:
        report = report_near(path, config.get("docs_dir"))  # None: the command line's default
    elif not isinstance(report, str):
        raise ConfigError(f"{where}: 'report' must be a path, not {report!r}")
    else:
        report = os.path.normpath(os.path.join(base, report))
        if not os.path.isfile(report):
            raise ConfigError(f"{where}: 'report: {options['report']}' points to {report}, which is not a file")
    return Settings(config_file=path, report=_shown(report), edition=edition, rules=rules)


def _shown(path: str | None) -> str | None:
    """A path as the plugin shows it in its findings: relative to the working folder when below
    it, so that the command line's finding lines are the plugin's."""
    if path is None:
        return None
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


def report_near(config_file: str | None, docs_dir: object = None) -> str | None:
    """``reports/README.md`` where the plugin looks for it when ``report`` is not set: in the
    site's ``docs_dir`` (default ``docs``; there it is a page of the site), next to the config
    file, or one folder up (the course keeps the config in ``docs/``). A path as the config's
    path is (relative or absolute); None when there is none."""
    base = os.path.dirname(config_file or "mkdocs.yml")
    site_docs = docs_dir if isinstance(docs_dir, str) else "docs"
    for folder in (os.path.join(base, site_docs), base, os.path.join(base, os.pardir)):
        candidate = os.path.normpath(os.path.join(folder, REPORT))
        if os.path.isfile(candidate):
            return candidate
    return None


def describe(settings: Settings) -> str:
    """``docs/mkdocs.yaml (edition 2026, rules todo=off)``: which config was used and what it (and
    the command line's options) set, for the text summary."""
    parts = []
    if settings.edition != "auto":
        parts.append(f"edition {settings.edition}")
    if settings.rules:
        parts.append("rules " + ", ".join(f"{rule}={severity}" for rule, severity in settings.rules.items()))
    return f"{settings.config_file or 'no config file'} ({'; '.join(parts) or 'default settings'})"
