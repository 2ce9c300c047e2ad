"""Word (DOCX) files to the grammar's input: body paragraphs as lines, tables as TSV rows.

python-docx opens the package (ZIP, content types, relationships) and hands over the body's
XML, which this reader walks itself, in document order, because the report's structure lives
in details python-docx's paragraph and table objects flatten or skip:

* merged cells: ``w:gridSpan`` (across) and ``w:vMerge`` (down; a ``continue`` cell is a copy
  of the cell above), ``w:gridBefore`` / ``w:gridAfter`` (grid columns a row leaves out) and
  the legacy ``w:hMerge`` become a `gov_disclosure.readers.grid` grid, written by
  `grid.grid_lines` like every other reader's tables;
* a cell's paragraphs (标题 wrapped onto two lines: 结果 / 维持) and nested tables are joined
  into the cell's one line; a line break (``w:br``) inside a body paragraph starts a new line,
  so a signature typed as organ ⏎ date keeps its date line;
* content controls (``w:sdt``), tracked insertions and hyperlinks are read; deleted text,
  field codes and the fallback copy of alternate content are not; page headers, footers and
  footnotes are not the report and are left out;
* a table holding other tables is layout: its cells are read as the paragraphs they hold; an
  innermost table that is not statistical (`grid.is_statistical`) gives a line per row.

A file that is not a readable Word document (a cut or corrupt ZIP, a ZIP without a Word body,
a ZIP that would inflate beyond `MAX_UNPACKED` bytes) raises `DecodeError`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import TYPE_CHECKING

from gov_disclosure.errors import DecodeError, missing_extra
from gov_disclosure.readers.grid import (
    MAX_COLSPAN,
    MAX_GRID_CELLS,
    GridCell,
    cell_text,
    grid_lines,
    is_statistical,
)

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["MAX_UNPACKED", "docx_to_text"]

#: Most bytes a DOCX may inflate to (all parts together); a report's is well under 10 MB.
MAX_UNPACKED = 256 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Inside a paragraph: subtrees that are not the visible text.
_SKIP = frozenset(
    {
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}delText",
        f"{_W}instrText",
        f"{_W}rPr",
        f"{_W}pPr",
        f"{_MC}Fallback",
        f"{_W}footnoteReference",
        f"{_W}endnoteReference",
        f"{_W}commentReference",
    }
)
_BREAKS = frozenset({f"{_W}br", f"{_W}cr"})
# Elements that only wrap blocks (paragraphs, tables) or rows and cells.
_WRAPPERS = frozenset(
    {
        f"{_W}sdt",
        f"{_W}sdtContent",
        f"{_W}customXml",
        f"{_W}ins",
        f"{_W}moveTo",
        f"{_MC}AlternateContent",
        f"{_MC}Choice",
    }
)


def docx_to_text(data: bytes) -> str:
    """The grammar's input text of a Word (DOCX) file (see the module doc)."""
    try:
        import docx
    except ImportError as exc:
        raise missing_extra("Word (DOCX) files", "python-docx", "docx") from exc
    _check_archive(data)
    try:
        document = docx.Document(BytesIO(data))
        body = document.element.body
    except Exception as exc:
        # python-docx and zipfile fail on corrupt packages in many ways (KeyError for a missing
        # part, zlib.error, EOFError, XMLSyntaxError, ValueError for a wrong content type …);
        # to the caller each is the same thing: the file is not a readable Word document.
        raise DecodeError(f"the file is not a readable Word (DOCX) document ({_reason(exc)})") from exc
    lines = list(_blocks(body))
    return "\n".join(lines) + "\n"


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    return f"{name}: {text[:120]}" if text else name


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise DecodeError(f"the file is not a readable Word (DOCX) document ({_reason(exc)})") from exc
    if not any(info.filename == "[Content_Types].xml" for info in infos):
        raise DecodeError("the file is a ZIP archive without [Content_Types].xml, not a Word (DOCX) document")
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise DecodeError(
            f"the Word file would unpack to more than {MAX_UNPACKED // (1024 * 1024)} MB; it is refused"
        )


# ---- paragraphs ----------------------------------------------------------------------------------


def _paragraph_lines(p: _Element) -> list[str]:
    """The lines of a paragraph: its visible text, split at line breaks and text-box paragraphs."""
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        line = " ".join("".join(buffer).split())
        buffer.clear()
        if line:
            lines.append(line)

    # None marks the end of a text-box paragraph inside this one: its line ends there.
    stack: list[_Element | None] = [p]
    while stack:
        el = stack.pop()
        if el is None:
            flush()
            continue
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{_W}t":
            buffer.append(el.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            buffer.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            buffer.append("-")
        elif tag in _BREAKS:
            flush()
        elif tag == f"{_W}p" and el is not p:
            flush()
            stack.append(None)
        stack.extend(reversed(el))
    flush()
    return lines


# ---- tables --------------------------------------------------------------------------------------


def _children(el: _Element, tag: str) -> Iterator[_Element]:
    """Children named ``tag``, also those wrapped in content controls or custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _val(el: _Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(f"{_W}val", default)


def _int(value: str | None, default: int) -> int:
    try:
        return max(int(value), 0) if value is not None else default
    except ValueError:
        return default


def _prop(el: _Element, *path: str) -> _Element | None:
    for name in path:
        found = el.find(f"{_W}{name}")
        if found is None:
            return None
        el = found
    return el


def _cell_lines(tc: _Element) -> list[str]:
    return [line for block in _block_lines(tc) for line in block]


def _grid(tbl: _Element) -> list[list[GridCell]]:
    """The table's grid: gridSpan across, vMerge down, gridBefore/gridAfter left empty."""
    rows: list[dict[int, GridCell]] = []
    origins: dict[int, int] = {}  # grid column -> row of the vMerge origin above it
    budget = MAX_GRID_CELLS
    for r, tr in enumerate(_children(tbl, f"{_W}tr")):
        placed: dict[int, GridCell] = {}
        c = _int(_val(_prop(tr, "trPr", "gridBefore")), 0)
        c = min(c, MAX_COLSPAN)
        for tc in _children(tr, f"{_W}tc"):
            span = min(max(_int(_val(_prop(tc, "tcPr", "gridSpan")), 1), 1), MAX_COLSPAN)
            vmerge = _prop(tc, "tcPr", "vMerge")
            hmerge = _prop(tc, "tcPr", "hMerge")
            if budget - len(placed) - span < 0:
                break
            if hmerge is not None and _val(hmerge, "continue") != "restart" and placed:
                for dc in range(span):
                    placed[c + dc] = GridCell("", 0, 1)
            elif vmerge is not None and _val(vmerge, "continue") != "restart" and c in origins:
                for dc in range(span):
                    placed[c + dc] = GridCell("", r - origins[c], dc)
            else:
                text = " ".join(_cell_lines(tc))
                for dc in range(span):
                    placed[c + dc] = GridCell(text if dc == 0 else "", 0, dc)
                if vmerge is not None:
                    origins[c] = r
                else:
                    origins.pop(c, None)
            c += span
        budget -= max(len(placed), 1)
        if budget < 0:
            break
        rows.append(placed)
    width = max((max(row, default=-1) + 1 for row in rows), default=0)
    filler = GridCell("", 0, 1)
    return [[row.get(c, filler) for c in range(width)] for row in rows]


def _table_lines(tbl: _Element) -> list[list[str]] | None:
    """An innermost table's lines as blocks, or None when the table is layout."""
    if next(tbl.iterdescendants(f"{_W}tbl"), None) is not None:
        return None
    grid = _grid(tbl)
    if is_statistical(grid):
        return [[line] for line in grid_lines(grid)]
    if not grid or len(grid[0]) < 2:
        return None
    blocks: list[list[str]] = []
    for row in grid:
        texts = [cell_text(c.text) for c in row if c.origin and c.text.strip()]
        if texts:
            blocks.append([" ".join(texts)])
    return blocks


# ---- the body ------------------------------------------------------------------------------------


def _block_lines(container: _Element) -> Iterator[list[str]]:
    """Each block of a body or cell, in order, as its lines."""
    for el in container:
        tag = el.tag
        if tag == f"{_W}p":
            yield _paragraph_lines(el)
        elif tag == f"{_W}tbl":
            table = _table_lines(el)
            if table is not None:
                yield from table
                continue
            for tr in _children(el, f"{_W}tr"):
                for tc in _children(tr, f"{_W}tc"):
                    yield from _block_lines(tc)
        elif tag in _WRAPPERS:
            yield from _block_lines(el)


def _blocks(body: _Element) -> Iterator[str]:
    for block in _block_lines(body):
        yield from block
