"""Worker tasks that misbehave on purpose, by file name, for the batch's fault tests.

A module of its own (not a test file) so worker processes can import it by name.
"""

from __future__ import annotations

import os
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
