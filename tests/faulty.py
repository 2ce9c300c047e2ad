"""Worker tasks that misbehave on purpose, by file name, for the batch's fault tests.

A module of its own (not a test file) so worker processes can import it by name.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from gov_disclosure.batch import FileResult, process_file


def faulty_task(path: str) -> FileResult:
    """``crash*`` kills its worker, ``hang*`` never returns, ``slow*`` takes a second; other
    files are read as usual."""
    name = Path(path).name
    if name.startswith("crash"):
        os._exit(7)
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("slow"):
        time.sleep(1)
    return process_file(path)


def exiting_task(path: str) -> FileResult:
    """Reads the file; after ``exit*`` its worker ends a moment later, before or after the
    parent has sent it the next file: whichever, no file may be lost or fail."""
    result = process_file(path)
    if Path(path).name.startswith("exit"):
        threading.Timer(0.1, os._exit, args=(9,)).start()
    return result
