"""Finding the report files under the paths a batch is given."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from gov_disclosure.errors import GovDisclosureError

if TYPE_CHECKING:
    pass


REPORT_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".htm", ".html", ".shtml", ".docx", ".pdf"})
"""The file name endings a folder walk takes (compared case-insensitively)."""


def iter_report_files(
    paths: Iterable[str | PathLike[str]], *, exclude: Iterable[str | PathLike[str]] = ()
) -> Iterator[Path]:
    """The files a batch reads, lazily, in a deterministic order.

    A file named in ``paths`` is always taken, whatever its name. A folder is walked
    recursively in sorted name order, taking files whose names end in `REPORT_SUFFIXES`;
    names starting with ``.`` (hidden files, macOS ``._`` companions) or ``~$`` (Office lock
    files) are skipped, and links to folders are not followed (they could loop). A sub-folder
    that cannot be listed is yielded itself, so it becomes a failed result rather than vanish.
    Files whose absolute path is in ``exclude`` are skipped (the batch's own output). Raises
    `GovDisclosureError` for a path that does not exist.
    """
    skip = frozenset(os.path.abspath(p) for p in exclude)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, skip, top=True)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise GovDisclosureError(f"{path}: no such file or directory")


def _walk(folder: Path, skip: frozenset[str], *, top: bool = False) -> Iterator[Path]:
    try:
        with os.scandir(folder) as it:
            # Names only, sorted: a folder of a million files costs ~100 MB here, once.
            entries = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in it)
    except OSError as exc:
        if top:
            raise GovDisclosureError(f"{folder}: cannot list the folder: {exc.strerror or exc}") from exc
        yield folder
        return
    for name, is_dir in entries:
        if name.startswith((".", "~$")):
            continue
        path = folder / name
        if is_dir:
            yield from _walk(path, skip)
        elif os.path.splitext(name)[1].lower() in REPORT_SUFFIXES and os.path.abspath(path) not in skip:
            yield path
