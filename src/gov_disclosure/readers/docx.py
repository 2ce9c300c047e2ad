"""Word (DOCX) files to the grammar's input: body paragraphs as lines, tables as TSV rows.

The package is opened here (ZIP, relationships: the main part, its numbering and styles), each
part inflated through a counting read within the budgets of `gov_disclosure.limits`, and
parsed by lxml without DTDs or entities. The body's XML is walked in document order, because
the report's structure lives in details a paragraph-and-table object model flattens or skips:

* merged cells: ``w:gridSpan`` (across) and ``w:vMerge`` (down; a ``continue`` cell is a copy
  of the cell above), ``w:gridBefore`` / ``w:gridAfter`` (grid columns a row leaves out) and
  the legacy ``w:hMerge`` become a `gov_disclosure.readers.grid` grid, written by
  `grid.grid_lines` like every other reader's tables;
* a cell's paragraphs (标题 wrapped onto two lines: 结果 / 维持) and nested tables are joined
  into the cell's one line; a line break (``w:br``) inside a body paragraph starts a new line,
  so a signature typed as organ ⏎ date keeps its date line;
* automatic numbering (``numbering.xml``) is rendered as Word shows it, so a heading whose
  一、 comes from a list, directly or through its style, keeps it;
* content controls (``w:sdt``), tracked insertions and hyperlinks are read; deleted text,
  field codes and the fallback copy of alternate content are not; page headers, footers and
  footnotes are not the report and are left out;
* a table holding other tables is layout: its cells are read as the paragraphs they hold; an
  innermost table that is not statistical (`grid.is_statistical`) gives a line per row.

A file that is not a readable Word document (a cut or corrupt ZIP, a ZIP without a Word body,
a ZIP that would inflate beyond `MAX_UNPACKED` bytes) raises `DecodeError`; one over a budget
(a part over `MAX_PART` bytes, whatever its header claims; more than `MAX_CHARS` characters of
text, as list numbers can make; more than `MAX_GRID_CELLS` slots in a table or
`MAX_PAGE_CELLS` in the document) raises `BudgetError`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from io import BytesIO
from typing import TYPE_CHECKING, Any

import attrs

from gov_disclosure.errors import DecodeError, beyond_budget, describe, missing_extra
from gov_disclosure.limits import MAX_CHARS, MAX_PAGE_CELLS, MAX_PART, MAX_UNPACKED
from gov_disclosure.readers import PagedText
from gov_disclosure.readers.grid import (
    MAX_COLSPAN,
    MAX_GRID_CELLS,
    Slot,
    cell_text,
    is_statistical,
    traced_grid_lines,
)
from gov_disclosure.span import Region

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["MAX_UNPACKED", "docx_to_text"]


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
    """The grammar's input text of a Word (DOCX) file (see the module doc), with the paragraph
    or table cell each line's text came from (`PagedText.regions`)."""
    try:
        from lxml import etree
    except ImportError as exc:
        raise missing_extra("Word (DOCX) files", "lxml", "docx") from exc
    package = _Package(data, etree)
    try:
        body = _body(package.xml(package.main))
        lists = package.related(_NUMBERING)
        # Styles matter here only for the lists they number paragraphs with: a styles part
        # without numPr (most, and a third of a Word file's XML) is not parsed at all.
        numbering = _Numbering(
            lists, package.related(_STYLES, holding=b"numPr") if lists is not None else None
        )
    except etree.LxmlError as exc:
        raise DecodeError(f"the file is not a readable Word (DOCX) document ({describe(exc, 120)})") from exc
    lines: list[str] = []
    regions: list[Region] = []
    chars = 0
    for block in _block_lines(body, numbering, _Cells(body)):
        for line, pieces in block:
            chars += len(line) + 1
            if chars > MAX_CHARS:
                raise beyond_budget("characters of text", "MAX_CHARS", MAX_CHARS)
            lines.append(line)
            regions += (
                Region(line=len(lines), column=start + 1, end_column=end + 1, element=where)
                for start, end, where in pieces
            )
    return PagedText("\n".join(lines) + "\n", (), tuple(regions))


_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_NUMBERING = "/numbering"
_STYLES = "/styles"
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, zlib.error)


def _unreadable(exc: BaseException) -> DecodeError:
    return DecodeError(f"the file is not a readable Word (DOCX) document ({describe(exc, 120)})")


class _Package:
    """The parts of a Word file's ZIP package this reader needs, read within the budgets.

    Each part is inflated through a counting read, whatever sizes the ZIP's headers claim: one
    part stops at `MAX_PART` bytes, all of them together at `MAX_UNPACKED`.
    """

    def __init__(self, data: bytes, etree: Any) -> None:
        self.etree = etree
        try:
            self.archive = zipfile.ZipFile(BytesIO(data))
            infos = self.archive.infolist()
        except _ZIP_ERRORS as exc:
            raise _unreadable(exc) from exc
        self.names = {info.filename for info in infos}
        if "[Content_Types].xml" not in self.names:
            raise DecodeError(
                "the file is a ZIP archive without [Content_Types].xml, not a Word (DOCX) document"
            )
        if sum(info.file_size for info in infos) > MAX_UNPACKED:
            raise DecodeError(
                f"the Word file would unpack to more than {MAX_UNPACKED // (1024 * 1024)} MB; it is refused"
            )
        self.unpacked = 0
        main = self._target("", _OFFICE_DOCUMENT)
        if main is None:
            main = "word/document.xml"
            if main not in self.names:
                raise DecodeError("the file is a ZIP archive without a Word document part")
        self.main = main

    def read(self, name: str) -> bytes:
        """A part's bytes, inflated at most to the budgets."""
        cap = min(MAX_PART, MAX_UNPACKED - self.unpacked)
        chunks: list[bytes] = []
        size = 0
        try:
            with self.archive.open(name) as member:
                while chunk := member.read(1 << 20):
                    size += len(chunk)
                    if size > cap:
                        limit = "MAX_PART" if cap == MAX_PART else "MAX_UNPACKED"
                        raise beyond_budget(f"bytes in its part {name}", limit, cap)
                    chunks.append(chunk)
        except KeyError as exc:
            raise _unreadable(exc) from exc
        except _ZIP_ERRORS as exc:
            raise _unreadable(exc) from exc
        self.unpacked += size
        return b"".join(chunks)

    def xml(self, name: str, data: bytes | None = None) -> _Element:
        """Part ``name`` parsed (from ``data`` where its bytes are read already)."""
        # No DTDs, entities or network: a package's XML is data, never instructions.
        parser = self.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        root: _Element = self.etree.fromstring(self.read(name) if data is None else data, parser)
        return root

    def _target(self, source: str, kind: str) -> str | None:
        """The part a relationship of ``kind`` from ``source`` ("" for the package) names."""
        folder, _, base = source.rpartition("/")
        rels = f"{folder}/_rels/{base}.rels" if source else "_rels/.rels"
        if rels not in self.names:
            return None
        try:
            root = self.xml(rels)
        except self.etree.LxmlError:
            return None
        for rel in root.iter(_RELATIONSHIP):
            if rel.get("Type", "").endswith(kind) and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                name = posixpath.normpath(path)
                return name if name in self.names else None
        return None

    def related(self, kind: str, *, holding: bytes = b"") -> _Element | None:
        """The XML of a part the document relates to (numbering, styles), or None; None too
        where the part's bytes do not hold ``holding``."""
        name = self._target(self.main, kind)
        if name is None:
            return None
        data = self.read(name)
        return self.xml(name, data) if holding in data else None


def _body(document: _Element) -> _Element:
    body = document.find(f"{_W}body") if document.tag == f"{_W}document" else None
    if body is None:
        raise DecodeError("the file is not a readable Word (DOCX) document (its main part has no body)")
    return body


class _Cells:
    """The table slots left to the whole document (`MAX_PAGE_CELLS`), and where each
    paragraph and table stands in it (1-based, in document order), for provenance."""

    def __init__(self, body: _Element) -> None:
        self.left = MAX_PAGE_CELLS
        self.paragraphs = {p: n for n, p in enumerate(body.iter(f"{_W}p"), start=1)}
        self.tables = {t: n for n, t in enumerate(body.iter(f"{_W}tbl"), start=1)}

    def paragraph(self, p: _Element) -> str:
        return f"paragraph {self.paragraphs.get(p, 0)}"

    def cell(self, tbl: _Element, row: int, cell: int) -> str:
        return f"table {self.tables.get(tbl, 0)} row {row + 1} cell {cell + 1}"


# ---- automatic numbering ------------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    """一 … 九十九 (Word's chineseCounting); larger numbers in Arabic digits."""
    if not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ten if tens == 1 else digits[tens] + ten
    return head + (digits[units] if units else "")


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _number(n: int, fmt: str) -> str:
    """A counter in one of Word's number formats (``w:numFmt``)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾")
    if fmt == "ideographDigital":
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("lowerLetter", "upperLetter") and 0 < n <= 26 * 20:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        return _roman(n) if fmt == "lowerRoman" else _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@attrs.frozen
class _Level:
    start: int
    fmt: str
    text: str
    suffix: str


class _Numbering:
    """Word's automatic numbering (numbering.xml), rendered as the text Word shows.

    Headings numbered by a list ("一、" from a chineseCounting list, "（一）", "1.") reach the
    grammar with their numbers. Counters run per abstract list (per list instance when it
    overrides a start), a level restarting whenever a level above it counts on.
    """

    def __init__(self, numbering: _Element | None, styles: _Element | None) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        self.counters: dict[str, list[int | None]] = {}
        if numbering is not None:
            for abstract in numbering.iterfind(f"{_W}abstractNum"):
                levels = self.levels.setdefault(abstract.get(f"{_W}abstractNumId", ""), {})
                for lvl in abstract.iterfind(f"{_W}lvl"):
                    ilvl = _int(lvl.get(f"{_W}ilvl"), 0)
                    levels[ilvl] = _Level(
                        start=_int(_val(lvl.find(f"{_W}start")), 1),
                        fmt=_val(lvl.find(f"{_W}numFmt")) or "decimal",
                        text=_val(lvl.find(f"{_W}lvlText")) or "",
                        suffix=_val(lvl.find(f"{_W}suff")) or "tab",
                    )
            for num in numbering.iterfind(f"{_W}num"):
                overrides = {
                    _int(o.get(f"{_W}ilvl"), 0): _int(_val(o.find(f"{_W}startOverride")), 1)
                    for o in num.iterfind(f"{_W}lvlOverride")
                    if o.find(f"{_W}startOverride") is not None
                }
                self.nums[num.get(f"{_W}numId", "")] = (_val(num.find(f"{_W}abstractNumId")) or "", overrides)
        if styles is not None:
            for style in styles.iterfind(f"{_W}style"):
                num_pr = _prop(style, "pPr", "numPr")
                self.styles[style.get(f"{_W}styleId", "")] = (
                    _val(_prop(num_pr, "numId")) if num_pr is not None else None,
                    _val(_prop(num_pr, "ilvl")) if num_pr is not None else None,
                    _val(style.find(f"{_W}basedOn")),
                )

    def _num_pr(self, p: _Element) -> tuple[str | None, int]:
        num_id: str | None = None
        ilvl: str | None = None
        direct = _prop(p, "pPr", "numPr")
        if direct is not None:
            num_id, ilvl = _val(_prop(direct, "numId")), _val(_prop(direct, "ilvl"))
        style = _val(_prop(p, "pPr", "pStyle"))
        for _ in range(16):  # a basedOn chain, cut short if it loops
            if num_id is not None or style is None or style not in self.styles:
                break
            num_id, style_ilvl, style = self.styles[style]
            ilvl = ilvl or style_ilvl
        return num_id, min(_int(ilvl, 0), 8)

    def label(self, p: _Element, *, shown: bool = True) -> str:
        """The number Word shows before this paragraph ("" for none), counting it; only
        counted (its text not made) when the paragraph shows nothing."""
        if not self.nums:
            return ""
        num_id, ilvl = self._num_pr(p)
        if num_id is None or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        key = f"num:{num_id}" if overrides else abstract
        counters = self.counters.setdefault(key, [None] * 9)
        current = counters[ilvl]
        counters[ilvl] = overrides.get(ilvl, levels[ilvl].start) if current is None else current + 1
        counters[ilvl + 1 :] = [None] * (8 - ilvl)
        level = levels[ilvl]
        if level.fmt in ("bullet", "none") or not shown:
            return ""

        def value(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            shown = levels.get(k)
            count = counters[k] if counters[k] is not None else (shown.start if shown else 1)
            return _number(count or 0, shown.fmt if shown else "decimal")

        text = re.sub(r"%([1-9])", value, level.text)
        return text + (" " if level.suffix in ("tab", "space") else "") if text else ""


# ---- paragraphs ----------------------------------------------------------------------------------


def _paragraph_lines(p: _Element, numbering: _Numbering) -> list[str]:
    """The lines of a paragraph: its number, its visible text, split at line breaks and
    text-box paragraphs."""
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
    # Counted even when the paragraph is empty, as Word does.
    label = numbering.label(p, shown=bool(lines))
    if label:
        lines[0] = " ".join((label + lines[0]).split())
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
    """A count attribute; ``default`` where it is missing, no number or absurd (over 10⁹)."""
    if value is None or len(value) > 10:
        return default
    try:
        return max(int(value), 0)
    except ValueError:
        return default


def _prop(el: _Element, *path: str) -> _Element | None:
    for name in path:
        found = el.find(f"{_W}{name}")
        if found is None:
            return None
        el = found
    return el


def _cell_lines(tc: _Element, numbering: _Numbering, cells: _Cells) -> list[str]:
    return [line for block in _block_lines(tc, numbering, cells) for line, _ in block]


def _grid(tbl: _Element, numbering: _Numbering, cells: _Cells) -> list[list[Slot]]:
    """The table's grid: gridSpan across, vMerge down, gridBefore/gridAfter left empty.

    Raises `BudgetError` past `MAX_GRID_CELLS` slots in the table or `MAX_PAGE_CELLS` in the
    document: a grid is never cut short.
    """
    rows: list[dict[int, Slot]] = []
    origins: dict[int, int] = {}  # grid column -> row of the vMerge origin above it
    budget, limit = (
        (MAX_GRID_CELLS, "MAX_GRID_CELLS") if cells.left >= MAX_GRID_CELLS else (cells.left, "MAX_PAGE_CELLS")
    )
    allowed = budget
    width = 0
    for r, tr in enumerate(_children(tbl, f"{_W}tr")):
        placed: dict[int, Slot] = {}
        c = _int(_val(_prop(tr, "trPr", "gridBefore")), 0)
        c = min(c, MAX_COLSPAN)
        for k, tc in enumerate(_children(tr, f"{_W}tc")):
            span = min(max(_int(_val(_prop(tc, "tcPr", "gridSpan")), 1), 1), MAX_COLSPAN)
            vmerge = _prop(tc, "tcPr", "vMerge")
            hmerge = _prop(tc, "tcPr", "hMerge")
            if budget - len(placed) - span < 0:
                raise beyond_budget("table cells", limit, allowed)
            if hmerge is not None and _val(hmerge, "continue") != "restart" and placed:
                for dc in range(span):
                    placed[c + dc] = Slot("", 0, 1)
            elif vmerge is not None and _val(vmerge, "continue") != "restart" and c in origins:
                for dc in range(span):
                    placed[c + dc] = Slot("", r - origins[c], dc)
            else:
                text = " ".join(_cell_lines(tc, numbering, cells))
                placed[c] = Slot(text, 0, 0, cells.cell(tbl, r, k))
                for dc in range(1, span):
                    placed[c + dc] = Slot("", 0, dc)
                if vmerge is not None:
                    origins[c] = r
                else:
                    origins.pop(c, None)
            c += span
        # The grid is as wide as its widest row: a short row costs the full width.
        row_width = max(placed, default=-1) + 1
        budget -= max(row_width, width, 1)
        if budget < 0:
            raise beyond_budget("table cells", limit, allowed)
        width = max(width, row_width)
        rows.append(placed)
    cells.left -= allowed - budget
    filler = Slot("", 0, 1)
    return [[row.get(c, filler) for c in range(width)] for row in rows]


def _table_lines(tbl: _Element, numbering: _Numbering, cells: _Cells) -> list[_Block] | None:
    """An innermost table's lines as blocks, or None when the table is layout."""
    if next(tbl.iterdescendants(f"{_W}tbl"), None) is not None:
        return None
    grid = _grid(tbl, numbering, cells)
    if is_statistical(grid):
        return [
            [(line, tuple((start, end, grid[r][c].where) for start, end, r, c in where))]
            for line, where in traced_grid_lines(grid)
        ]
    if not grid or len(grid[0]) < 2:
        return None
    blocks: list[_Block] = []
    for r, row in enumerate(grid):
        texts = [cell_text(c.text) for c in row if c.origin and c.text.strip()]
        if texts:
            line = " ".join(texts)
            blocks.append([(line, ((0, len(line), f"table {cells.tables.get(tbl, 0)} row {r + 1}"),))])
    return blocks


# ---- the body ------------------------------------------------------------------------------------


# A block's lines, each with where its text came from: (start, end, where) stretches.
_Block = list[tuple[str, tuple[tuple[int, int, str], ...]]]


def _block_lines(container: _Element, numbering: _Numbering, cells: _Cells) -> Iterator[_Block]:
    """Each block of a body or cell, in order, as its lines."""
    for el in container:
        tag = el.tag
        if tag == f"{_W}p":
            where = cells.paragraph(el)
            yield [(line, ((0, len(line), where),)) for line in _paragraph_lines(el, numbering)]
        elif tag == f"{_W}tbl":
            table = _table_lines(el, numbering, cells)
            if table is not None:
                yield from table
                continue
            for tr in _children(el, f"{_W}tr"):
                for tc in _children(tr, f"{_W}tc"):
                    yield from _block_lines(tc, numbering, cells)
        elif tag in _WRAPPERS:
            yield from _block_lines(el, numbering, cells)
