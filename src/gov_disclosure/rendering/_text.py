"""The text layouts: a report's blocks written as one of the five layouts the reader takes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gov_disclosure._width import display_width
from gov_disclosure.model import (
    AnnualReport,
)
from gov_disclosure.rendering._blocks import Paragraph, blocks
from gov_disclosure.rendering._grid import TEXT_ROW_BLANKS, Grid, GridCell, slot_rows


def _tab_cells(g: Grid) -> list[str]:
    """One cell per line after a TAB, a blank line after each row; a cell merged down from a
    row above shows as an empty cell in position, as Word's text export writes it."""
    out: list[str] = []
    slots = slot_rows(g)
    for r, row in enumerate(g.rows):
        prev_short = r > 0 and not g.rows[r - 1].complete
        line = slots[r]
        first = next((c for c, s in enumerate(line) if s is not None and s.origin), len(line))
        last = max((c for c, s in enumerate(line) if s is not None and s.origin), default=-1)
        for c, slot in enumerate(line):
            if slot is None or not slot.first_col:
                continue
            if slot.origin:
                out.append("\t" + slot.cell.text)
            elif (c < first and not prev_short) or (c > last and row.complete) or first < c < last:
                # An empty cell right after a row cut short would read as one more of its values.
                out.append("\t")
        out.append("")
    return out


def _pipe_cells(g: Grid) -> list[str]:
    """One cell per line ending in `` |``; the padding for merged cells comes at the row's end
    as one line of pipes, as web pages flattened to text write it."""
    out: list[str] = []
    for r, row in enumerate(g.rows):
        out += (f"{cell.text} |" if cell.text else "|" for cell in row.cells)
        pad = g.width - len(row.cells)
        next_short = r + 1 < len(g.rows) and not g.rows[r + 1].complete
        if pad > 0 and row.complete and not next_short:
            out.append("|" * pad)
    return out


def _row_cells(g: Grid) -> Iterator[tuple[int, list[str]]]:
    """Each row's cells for the layouts with a row per line: merged cells as empty cells in
    position, but none after a row's values and none next to a row cut short."""
    slots = slot_rows(g)
    for r, row in enumerate(g.rows):
        prev_short = r > 0 and not g.rows[r - 1].complete
        line = slots[r]
        origins = [c for c, s in enumerate(line) if s is not None and s.origin]
        first, last = origins[0], origins[-1]
        has_values = any(c.kind == "value" for c in row.cells)
        cells: list[str] = []
        for c, slot in enumerate(line):
            if slot is None:
                continue
            leading = c < first and not prev_short
            inner = first < c < last and row.complete
            # Padding after a row's values could be read as values of the row.
            trailing = c > last and row.complete and not has_values
            if slot.origin:
                cells.append(slot.cell.text)
            elif leading or inner or trailing:
                cells.append("")
        if not any(cells):
            # A line of empty cells reads as a blank line: show the blanks.
            cells = ["-" if slot.cell.kind == "value" else "" for slot in (line[c] for c in origins) if slot]
        yield r, cells


def _tsv(g: Grid) -> list[str]:
    """A row per line, cells apart by TABs."""
    return ["\t".join(cells) for _, cells in _row_cells(g)]


def _markdown(g: Grid) -> list[str]:
    """Markdown pipe tables, one per block, each with a rule under its first row."""
    out: list[str] = []
    for r, cells in _row_cells(g):
        if r in g.sections and r:
            out.append("")
        out.append("| " + " | ".join(cells) + " |")
        if r in g.sections:
            out.append("|" + "---|" * g.width)
    return out


# ---- text_rows ------------------------------------------------------------------------------

_GAP = 2
_INDENT = 2


def _wrap_limit(g: Grid, cell: GridCell) -> int:
    """How many characters a cell shows per line before it wraps (pdftotext keeps the column)."""
    if cell.kind == "value":
        return 10**6
    if cell.kind == "header" and cell.colspan == 1 and g.table != "active":
        return 4
    if cell.kind == "header" and cell.colspan == 1:
        return 6
    return 18


def _wrap(text: str, limit: int) -> list[str]:
    pieces = [text[i : i + limit].strip() for i in range(0, len(text), limit)]
    return [p for p in pieces if p] or [""]


def _text_rows(g: Grid) -> list[str]:
    """A row per line, cells set in columns apart by runs of spaces, long labels and headers
    wrapped onto the next lines; a blank value shows as ``-``."""
    slots = slot_rows(g)
    frags: dict[tuple[int, int], list[str]] = {}
    for r, c, cell in g.placed():
        text = cell.text
        if cell.kind == "value" and cell.blank and text not in TEXT_ROW_BLANKS:
            text = "-"
        frags[(r, c)] = _wrap(text, _wrap_limit(g, cell))
    widths = [0] * g.width
    cells = {(r, c): cell for r, c, cell in g.placed()}
    for (r, c), pieces in sorted(frags.items(), key=lambda kv: cells[kv[0]].colspan):
        need = max(display_width(p) for p in pieces) + _GAP
        span = cells[(r, c)].colspan
        have = sum(widths[c : c + span])
        if have < need:
            widths[c + span - 1] += need - have
    xs = [_INDENT + sum(widths[:c]) for c in range(g.width)]
    total = sum(widths)
    out: list[str] = []
    for r in range(len(g.rows)):
        origins = [(c, s.cell) for c, s in enumerate(slots[r]) if s is not None and s.origin]
        depth = max(len(frags[(r, c)]) for c, _ in origins)
        for k in range(depth):
            line = ""
            for c, cell in origins:
                pieces = frags[(r, c)]
                if k >= len(pieces) or not pieces[k]:
                    continue
                piece = pieces[k]
                span_width = sum(widths[c : c + cell.colspan]) - _GAP
                if cell.kind == "value":
                    x = xs[c] + span_width - display_width(piece)
                elif cell.kind == "caption":
                    x = _INDENT + max(0, (total - display_width(piece)) // 2)
                else:
                    x = xs[c]
                line += " " * max(x - display_width(line), _GAP if line else 0) + piece
            out.append(line.rstrip())
    return out


# ---- prose per layout -----------------------------------------------------------------------

_PROSE_INDENT = {"tab_cells": "\u3000\u3000", "text_rows": "    "}


def _prose_line(p: Paragraph, layout: str, continued: bool = False) -> str:
    text = p.text.replace("\t", " ")
    if layout in ("pipe_cells", "markdown"):
        # A line ending (or, for markdown, starting) with a pipe would read as a table cell.
        text = text.replace("|", "｜")
    if layout == "markdown":
        # Only a title's first line is marked: the reader takes the organ from the text before
        # the year, and a second "# " there would stay in it.
        marks = {"title": "" if continued else "# ", "heading": "## ", "subheading": "### "}
        return marks.get(p.role, "") + text
    if p.role == "title":
        return text
    return _PROSE_INDENT.get(layout, "") + text


TABLE_WRITERS = {
    "tab_cells": _tab_cells,
    "pipe_cells": _pipe_cells,
    "tsv": _tsv,
    "markdown": _markdown,
    "text_rows": _text_rows,
}
# Layouts that set blocks apart with an empty line (markdown needs it around tables).
_SPACED = frozenset({"tsv", "markdown"})


def write_text(report: AnnualReport, layout: str) -> str:
    write = TABLE_WRITERS[layout]
    # Web text (pipe_cells) runs everything together; Word text (tab_cells) ends every table
    # row with an empty line; the others set tables apart with one.
    apart = layout in ("tsv", "markdown", "text_rows")
    lines: list[str] = []
    previous = ""
    for block in blocks(report):
        if isinstance(block, Grid):
            previous = ""
            if apart and lines and lines[-1]:
                lines.append("")
            lines += write(block)
            if apart:
                lines.append("")
            continue
        lines.append(_prose_line(block, layout, continued=block.role == previous == "title"))
        previous = block.role
        if layout in _SPACED:
            lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines) + "\n")
