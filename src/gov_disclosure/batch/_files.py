"""Finding the report files under the paths a batch is given."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path

from gov_disclosure.errors import GovDisclosureError

Entry = tuple[Path, str | None]
"""A path a walk found, and why it is not read (None: it is read)."""


def walk_files(
    paths: Iterable[str | PathLike[str]], *, exclude: Iterable[str | PathLike[str]] = ()
) -> Iterator[Entry]:
    """Every file under ``paths``, lazily, in a deterministic order, each with the reason it is
    not read, or None.

    A file named in ``paths`` is always read, whatever its name. A folder is walked recursively
    in sorted name order and every file in it is read, whatever its name: the format is told
    from the content (sites serve web pages as ``.doc``), and a file of a format no reader
    takes (a spreadsheet, a legacy .doc) becomes a ``skipped`` record saying what it is. Not read,
    but accounted for with their reason: hidden files (``.name``, macOS ``._`` companions),
    Office lock files (``~$``), hidden folders (one entry for the folder, not walked) and links
    to folders (not followed: they could loop). A sub-folder that cannot be listed is yielded
    itself (to be read, it fails with the reason). Files whose absolute path is in ``exclude``
    are left out (the batch's own output). Raises `GovDisclosureError` for a path that does
    not exist.
    """
    skip = frozenset(os.path.abspath(p) for p in exclude)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, skip, top=True)
        elif path.exists() or path.is_symlink():
            yield path, None
        else:
            raise GovDisclosureError(f"{path}: no such file or directory")


def iter_report_files(
    paths: Iterable[str | PathLike[str]], *, exclude: Iterable[str | PathLike[str]] = ()
) -> Iterator[Path]:
    """The files a batch reads under ``paths``: `walk_files`'s entries that are read."""
    return (path for path, reason in walk_files(paths, exclude=exclude) if reason is None)


def _links_to_folder(entry: os.DirEntry[str]) -> bool:
    """Whether an entry is a link to a folder; a link that cannot be followed (a loop, a
    target behind a folder it may not enter) is no folder: reading it fails, with the reason."""
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def _walk(folder: Path, skip: frozenset[str], *, top: bool = False) -> Iterator[Entry]:
    try:
        with os.scandir(folder) as it:
            # Names only, sorted: a folder of a million files costs ~100 MB here, once.
            entries = sorted((e.name, e.is_dir(follow_symlinks=False), _links_to_folder(e)) for e in it)
    except OSError as exc:
        if top:
            raise GovDisclosureError(f"{folder}: cannot list the folder: {exc.strerror or exc}") from exc
        yield folder, None
        return
    for name, is_dir, links_to_dir in entries:
        path = folder / name
        if os.path.abspath(path) in skip:
            continue
        if name.startswith("."):
            yield path, "a hidden folder: not walked" if is_dir else "a hidden file"
        elif name.startswith("~$"):
            yield path, "an Office lock file (~$), not a document"
        elif links_to_dir:
            yield path, "a link to a folder: not followed (it could loop)"
        elif is_dir:
            yield from _walk(path, skip)
        else:
            yield path, None
