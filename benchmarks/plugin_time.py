"""The plugin's own CPU time in one real ``mkdocs build --quiet`` (run.py's plugin rows run it):

    python benchmarks/plugin_time.py path/to/mkdocs.yml

prints one line of JSON, CPU milliseconds of this process (``time.process_time``):

- ``import_ms``: importing the plugin when MkDocs loads it through its entry point
  (``mkdocs_exam_report.plugin`` and what it imports; MkDocs' own modules are loaded by then);
- ``work_ms``: the plugin's event handlers, engine's check, badges and the imports they make
  when first called included;
- ``build_ms``: the whole build as ``python -m mkdocs build --quiet -f CONFIG`` runs it, the two
  above included (Python's start-up and MkDocs' imports before the build are not).

The handlers are timed by wrapping each ``on_*`` method of the plugin's class; nothing else of
the build is changed.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import sys
import time

ENTRY_POINT = "mkdocs_exam_report.plugin"
spent = {"import_ms": 0.0, "work_ms": 0.0}


def timed_handler(handler):
    @functools.wraps(handler)  # keeps MkDocs' event_priority mark
    def run(*args, **kwargs):
        start = time.process_time()
        try:
            return handler(*args, **kwargs)
        finally:
            spent["work_ms"] += (time.process_time() - start) * 1000

    return run


def timed_load(load):
    def run(entry_point):
        if not entry_point.value.startswith(ENTRY_POINT):
            return load(entry_point)
        start = time.process_time()
        plugin_class = load(entry_point)
        spent["import_ms"] += (time.process_time() - start) * 1000
        for name in dir(plugin_class):
            if name.startswith("on_"):
                setattr(plugin_class, name, timed_handler(getattr(plugin_class, name)))
        return plugin_class

    return run


def main() -> None:
    from mkdocs.__main__ import cli

    importlib.metadata.EntryPoint.load = timed_load(importlib.metadata.EntryPoint.load)
    start = time.process_time()
    cli.main(["build", "--quiet", "-f", sys.argv[1]], standalone_mode=False)
    build_ms = (time.process_time() - start) * 1000
    if not spent["import_ms"]:
        sys.exit(f"the plugin was not loaded by the build of {sys.argv[1]}")
    print(json.dumps({**spent, "build_ms": build_ms}))


if __name__ == "__main__":
    main()
