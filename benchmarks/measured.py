"""Run one command and write what it used, as run.py's ``run_measured`` reads it:

    python -S benchmarks/measured.py OUT.json COMMAND [ARG ...]

OUT.json gets ``{"seconds", "cpu", "megabytes", "code"}``: from the command's start to its
exit, the user + system seconds of it and the child processes it waited for (``os.wait4``), its
peak memory and its exit code. The command's output goes where this script's goes.

Why a process of its own: Linux counts into a command's peak memory (``ru_maxrss``) the memory
of the process that started it, as it was when the command was started (the memory the command
leaves at ``exec`` is counted as its own). Started by the benchmark, hundreds of MB by then,
`python -c pass` "peaked" at 422 MB; started from here (a Python without site, ~10 MB), the
figure is the command's own.
"""

import json
import os
import sys
import time


def main() -> None:
    out, command = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "megabytes": usage.ru_maxrss / 1024,
                   "code": os.waitstatus_to_exitcode(status)}, handle)


if __name__ == "__main__":
    main()
