"""A real ``mkdocs serve`` (or ``properdocs serve``) for tests and benchmarks. No pytest here:
``benchmarks/run.py`` uses it too."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(tool: str, config: Path, log_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``tool serve`` on a free port of 127.0.0.1, its output in ``log_path`` (a file, not a pipe
    nobody reads: it can never fill up), run from the log's folder; stopped on the way out.
    Yields (base URL, process)."""
    port = free_port()
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", tool, "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            cwd=log_path.parent, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}/", server
        finally:
            server.send_signal(signal.SIGINT)  # like Ctrl-C: mkdocs then removes its temporary site
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
