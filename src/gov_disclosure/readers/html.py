"""HTML pages to the grammar's input: paragraphs as lines, statistical tables as TSV rows.

Reports are published as web pages far more often than as files, and the pages carry a site
around the report: a header with the site's name and a search box, menus, a breadcrumb, an
information box (索引号, 发布机构), 打印 / 关闭 links, a footer with 网站标识码 and 备案号, and
the whole thing is sometimes laid out in tables. This reader

* decodes the bytes: a BOM, else UTF-8 when the bytes are valid UTF-8, else the charset the
  page declares (``<meta charset>``, ``http-equiv``) when it decodes cleanly, else GB18030
  (which covers GB2312 and GBK), else what charset-normalizer detects;
* drops what is never report text: scripts, styles, forms' controls, hidden elements, ``nav``
  and ``aside``, and page headers, footers, menus, breadcrumbs and toolbars (by tag or by
  class/id words), unless the element holds the report itself (a part heading, a table, or
  the title heading);
* starts at the report's title when the page marks one as a heading (``h1``–``h6`` or a
  ``*title*`` class naming a 公开 … 报告), so the site's chrome above it cannot become the title;
* writes each innermost table that `grid.is_statistical` accepts as a grid (`grid.grid_lines`),
  its cells' paragraphs and ``<br>``-separated lines joined into one cell; every other table is
  layout, read as the paragraphs it contains (or, for an information box of short cells, one
  line per row);
* drops lines that are page debris by their words (打印, 关闭窗口, 当前位置, 网站标识码, ICP备 …).

Everything else becomes paragraph lines in document order. Spans are clamped and the number of
table slots per page is bounded (`MAX_PAGE_CELLS`), so a hostile page cannot exhaust memory.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gov_disclosure._width import is_wide
from gov_disclosure.errors import DecodeError, beyond_budget, missing_extra, over_budget
from gov_disclosure.limits import MAX_DEPTH, MAX_ELEMENTS, MAX_PAGE_CELLS
from gov_disclosure.readers import PagedText
from gov_disclosure.readers._decode import _looks_binary, decode_bytes
from gov_disclosure.readers.grid import (
    MAX_GRID_CELLS,
    PART_HEADING,
    SpanCell,
    cell_text,
    expand,
    is_statistical,
    traced_grid_lines,
)
from gov_disclosure.span import Region

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["MAX_PAGE_CELLS", "decode_html", "html_to_text"]


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.IGNORECASE
)
# Declarations that say nothing about Chinese text: a page that declares Latin-1 and holds GBK
# is a classic server default, and every byte decodes in Latin-1, so it would never fail.
_SINGLE_BYTE = re.compile(
    r"^(?:us-?ascii|ascii|iso[-_]?8859[-_]?\d+|latin[-_]?1|l1|(?:windows|cp)[-_]?125\d)$", re.IGNORECASE
)
# The multi-byte encodings of the WHATWG Encoding Standard, by Python's codec names (the
# single-byte ones are read as above; UTF-16 needs a BOM or shows its NUL bytes).
_PAGE_ENCODINGS = frozenset(
    {"utf-8", "gb18030", "gbk", "big5", "big5hkscs", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr"}
)
# GB2312 and GBK are subsets of GB18030; pages labelled with them often use GBK's extra characters.
_GB_NAMES = frozenset(
    {"gb2312", "gbk", "x-gbk", "cp936", "ms936", "gb_2312-80", "csgb2312", "euc-cn", "x-euc-cn"}
)

# Elements whose content is never report text.
_DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
        "svg", "math", "canvas", "head", "title", "meta", "link", "button", "input", "select",
        "textarea", "option", "datalist", "map", "audio", "video", "source", "track", "nav", "aside",
        "dialog",
    }
)  # fmt: skip
_CHROME_TAGS = frozenset({"header", "footer", "menu"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol",
        "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
        "legend",
    }
)  # fmt: skip
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# class/id words of site chrome ("header-menu", "mainNav", "bread-crumb", "xxgk_foot" …).
_CHROME_WORDS = frozenset(
    {
        "nav", "navbar", "mainnav", "subnav", "topnav", "menu", "menus", "submenu", "breadcrumb",
        "breadcrumbs", "crumb", "crumbs", "bread", "position", "location", "footer", "foot", "bottom",
        "header", "head", "topbar", "toolbar", "tools", "share", "print", "sidebar", "side", "related",
        "copyright", "banner", "logo", "search", "login", "friendlink", "links", "qrcode", "ewm",
        "fontsize", "skip",
    }
)  # fmt: skip
# The chrome words that never wrap an article's title (a page header may).
_SIDE_WORDS = _CHROME_WORDS - {"header", "head", "top", "topbar", "banner", "logo"}
_WORD_SPLIT = re.compile(r"[^a-z]+")
# (start, end, element path): where a stretch of an output line came from.
_Piece = tuple[int, int, str]
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TITLE_WORDS = re.compile(r"公开.{0,30}报告")
_TITLE_CLASS = re.compile(r"title|tit\b|biaoti|bt\b", re.I)
_TITLED_TAGS = frozenset({"div", "p", "span", "td", "strong", "font", "b"})
_MAX_TITLE = 100

_SPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")
# Page debris, by line: a line made of these words alone, or one that opens or holds a marker.
_DEBRIS_WORD = re.compile(
    r"打印(?:本页|此页|页面|文章)?|关闭(?:本页|窗口|页面)?|返回(?:顶部|首页|列表)?|(?:加入)?收藏(?:本页)?|分享(?:到)?|"
    r"我要纠错|纠错|朗读|保存(?:本页)?|默认|字号|字体|[大中小]|微信|微博|扫一扫|[【】\[\]()（）|｜:：>»·/\s]"
)
_DEBRIS_LINE = re.compile(
    r"^(?:当前位置|您(?:当前|现在)?的位置|您现在的位置|所在位置|位置\s*[:：]|上一篇|下一篇|网站地图|联系我们|扫一扫|"
    r"设为首页|今天是|您是第)|"
    r"网站标识码|ICP\s*备|ICP\s*证|公网安备|版权所有|Copyright|©|主办单位\s*[:：]|承办单位\s*[:：]|技术支持\s*[:：]",
    re.I,
)
_MAX_DEBRIS_LINE = 160


def decode_html(data: bytes) -> str:
    """Decode a page's bytes (see the module doc for the order of evidence)."""
    if data.startswith(_BOMS) or data[:256].count(0) > 32:
        # A BOM, or UTF-16 without one (NUL bytes beside ASCII): the text decoder reads both.
        return decode_bytes(data)
    text = _try_decode(data, "utf-8")
    if text is None:
        declared = _declared_charset(data[:4096])
        if declared is not None:
            text = _try_decode(data, declared)
        if text is None:
            text = _try_decode(data, "gb18030")
        if text is None:
            text = decode_bytes(data)
    if _looks_binary(text):
        raise DecodeError("the file starts like a web page but is binary data")
    return text


def _declared_charset(head: bytes) -> str | None:
    for match in _META_CHARSET.finditer(head):
        name = match.group(1).decode("ascii").lower()
        if name in _GB_NAMES:
            return "gb18030"
        if _SINGLE_BYTE.match(name) or name.startswith(("utf-16", "utf-32", "ucs")):
            # A UTF-16 page has a BOM or NUL bytes the <meta> regex could not have read past.
            return None
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            return None
        # Only a text encoding a web page may declare: Python's codecs also name compressors
        # and transforms (zlib, base64, rot13), which a page's <meta> must never switch on.
        return codec if codec in _PAGE_ENCODINGS else None
    return None


def _try_decode(data: bytes, encoding: str) -> str | None:
    """Strict decoding, except that a character cut short at the very end is dropped."""
    try:
        return codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=False)
    except (UnicodeDecodeError, LookupError):
        return None


def html_to_text(data: bytes) -> str:
    """The grammar's input text of a web page (see the module doc), with the path of the
    element each line, and each table cell, came from (`PagedText.regions`)."""
    try:
        from lxml import etree
        from lxml import html as lxml_html
    except ImportError as exc:
        raise missing_extra("HTML", "lxml", "html") from exc
    text = decode_html(data)
    # libxml2 rejects NUL and reads other C0 controls as garbage; they are never content.
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", text)
    # Each element costs the parser and the walk below: a page of more tags than any page has
    # elements is refused before it is parsed, and one of more elements than MAX_ELEMENTS after.
    tags = text.count("<")
    if tags > 4 * MAX_ELEMENTS:
        raise over_budget("tags", tags, "MAX_ELEMENTS", 4 * MAX_ELEMENTS)
    # huge_tree: libxml2's nesting limit goes from 256 to MAX_DEPTH; past either it drops the
    # rest of the page without a word, so that is looked for in its log and refused.
    parser = lxml_html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=True,
    )
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        # Nothing but markup, white space or a bare declaration: no text to read.
        _refuse_dropped(parser.error_log)
        return ""
    _refuse_dropped(parser.error_log)
    elements = sum(1 for _ in root.iter())
    if elements > MAX_ELEMENTS:
        raise over_budget("elements", elements, "MAX_ELEMENTS", MAX_ELEMENTS)
    title = _find_title(root)
    paths = _paths(root)  # before the chrome goes: the paths are the page's own
    _remove_chrome(root, title)
    lines = list(_Writer(root, title, paths).lines())
    regions = tuple(
        Region(line=number, column=start + 1, end_column=end + 1, element=where)
        for number, (_, pieces) in enumerate(lines, start=1)
        for start, end, where in pieces
    )
    return PagedText("\n".join(line for line, _ in lines) + "\n", (), regions)


def _paths(root: HtmlElement) -> dict[HtmlElement, str]:
    """Every element's XPath (``/html[1]/body[1]/div[2]``), in one walk over the tree.

    lxml's ``getpath`` counts an element's siblings on every call: over a page of thousands of
    sibling blocks that is quadratic, where this is linear.
    """
    paths = {root: f"/{_tag(root)}[1]"}
    for el in root.iter():
        base = paths.get(el)
        if base is None:
            continue
        counts: dict[str, int] = {}
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                counts[tag] = counts.get(tag, 0) + 1
                paths[child] = f"{base}/{tag}[{counts[tag]}]"
    return paths


def _refuse_dropped(log: Any) -> None:
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in log):
        raise beyond_budget("levels of nested elements", "MAX_DEPTH", MAX_DEPTH)


# ---- cleaning ------------------------------------------------------------------------------------


def _tag(el: HtmlElement) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _words(el: HtmlElement) -> set[str]:
    """The words of an element's class and id: "header-menu fr" -> {header, menu, fr}."""
    value = f"{el.get('class') or ''} {el.get('id') or ''}"
    return {w for w in _WORD_SPLIT.split(_CAMEL.sub(" ", value).lower()) if w}


def _holds_report(el: HtmlElement) -> bool:
    if next(el.iter("table"), None) is not None:
        return True
    return PART_HEADING.search(el.text_content()[:200_000]) is not None


def _remove_chrome(root: HtmlElement, title: HtmlElement | None) -> None:
    # The title's own block ("article-head", "content-header") is never chrome.
    keep = set() if title is None else {title, *title.iterancestors()}
    doomed: list[HtmlElement] = []
    for el in root.iter():
        tag = _tag(el)
        if not tag or el in keep:
            continue
        hidden = el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or "")
        chrome = tag in _CHROME_TAGS or bool(_words(el) & _CHROME_WORDS)
        if tag in _DROP_TAGS or hidden or (chrome and not _holds_report(el)):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:  # not inside an element already dropped
            el.drop_tree()


# ---- writing -------------------------------------------------------------------------------------


def _collapse(text: str) -> str:
    """HTML white space: runs become one space; a line break between two Chinese characters
    (source formatting inside a word, "收到和处理\\n政府信息") becomes nothing."""

    def space(m: re.Match[str]) -> str:
        run = m.group()
        if "\n" in run or "\r" in run:
            before = text[m.start() - 1] if m.start() else ""
            after = text[m.end()] if m.end() < len(text) else ""
            if before and after and is_wide(before) and is_wide(after):
                return ""
        return " "

    return _SPACE_RUN.sub(space, text).strip()


def _span_attr(value: str | None) -> int:
    if not value:
        return 1
    m = re.match(r"\s*(\d{1,12})", value)
    return int(m.group(1)) if m else 1


def _is_debris(line: str) -> bool:
    if len(line) > _MAX_DEBRIS_LINE:
        return False
    if _DEBRIS_LINE.search(line):
        return True
    return not _DEBRIS_WORD.sub("", line)


_ENDS_SENTENCE = re.compile(r"[。；;：:！!？?，,]$")


class _Writer:
    """Walks the cleaned tree once, in document order, without recursion."""

    def __init__(self, root: HtmlElement, title: HtmlElement | None, paths: dict[HtmlElement, str]) -> None:
        self.root = root
        self.out: list[tuple[str, bool, tuple[_Piece, ...]]] = []  # (line, is a table row, pieces)
        self.buffer: list[str] = []
        self.source: HtmlElement | None = None  # the element the buffer's first text is from
        self.paths = paths
        self.budget = MAX_PAGE_CELLS
        self.title = title
        self.title_at: int | None = None

    def lines(self) -> Iterator[tuple[str, tuple[_Piece, ...]]]:
        """Each line with where its text came from."""
        self._walk(self.root, into_lines=True)
        self._flush()
        out = self.out
        if self.title_at is not None:
            self.title_at = _with_organ_line(out, self.title_at)
            before = out[: self.title_at]
            if not any(is_row or PART_HEADING.match(line) for line, is_row, _ in before):
                out = out[self.title_at :]
        for line, is_row, pieces in out:
            if is_row or not _is_debris(line):
                yield line, pieces

    def _text(self, text: str, source: HtmlElement) -> None:
        if self.source is None:
            self.source = source
        self.buffer.append(text)

    def _flush(self) -> None:
        if self.buffer:
            line = _collapse("".join(self.buffer))
            source, self.buffer, self.source = self.source, [], None
            if line:
                # The block the line is (a paragraph, a heading), not the <strong> inside it.
                while (
                    source is not None and _tag(source) not in _BLOCK_TAGS and source.getparent() is not None
                ):
                    source = source.getparent()
                where = self.paths.get(source, "") if source is not None else ""
                self.out.append((line, False, ((0, len(line), where),) if where else ()))

    def _walk(self, top: HtmlElement, *, into_lines: bool) -> None:
        """Write the text under ``top`` into ``self.buffer``, flushing lines at block edges."""
        stack: list[tuple[HtmlElement, bool]] = [(top, False)]
        while stack:
            el, closing = stack.pop()
            tag = _tag(el)
            if closing:
                if tag in _BLOCK_TAGS:
                    self._flush()
                if el is not top and el.tail:
                    parent = el.getparent()
                    self._text(el.tail, parent if parent is not None else el)
                continue
            if tag == "br" or tag in _BLOCK_TAGS:
                self._flush()
            if el is self.title and into_lines:
                self.title_at = len(self.out)
            if tag == "table" and into_lines and self._table(el):
                stack.append((el, True))
                continue
            if tag == "pre":
                self._pre(el)
                stack.append((el, True))
                continue
            if el.text and tag:
                self._text(el.text, el)
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))

    def _pre(self, el: HtmlElement) -> None:
        for i, line in enumerate(el.text_content().split("\n")):
            if i:
                self._flush()
            self._text(line, el)

    def _cell(self, cell: HtmlElement) -> tuple[str, int]:
        """A cell's text, its paragraphs and lines joined by a space; and how many lines."""
        saved = self.out, self.buffer, self.source
        self.out, self.buffer, self.source = [], [], None
        self._walk(cell, into_lines=False)
        self._flush()
        lines = [line for line, _, _ in self.out]
        self.out, self.buffer, self.source = saved
        return cell_text(" ".join(lines)), len(lines)

    def _table(self, table: HtmlElement) -> bool:
        """Write an innermost statistical table as grid rows; False for a layout table."""
        if next(table.iterdescendants("table"), None) is not None:
            return False
        rows: list[list[SpanCell]] = []
        multiline = False
        for tr in table.iter("tr"):
            row: list[SpanCell] = []
            for cell in tr:
                if _tag(cell) not in ("td", "th"):
                    continue
                text, count = self._cell(cell)
                multiline = multiline or count > 1
                row.append(
                    SpanCell(
                        text,
                        _span_attr(cell.get("rowspan")),
                        _span_attr(cell.get("colspan")),
                        self.paths.get(cell, ""),
                    )
                )
            rows.append(row)
        if self.budget < MAX_GRID_CELLS:
            grid = expand(rows, max_cells=self.budget, limit="MAX_PAGE_CELLS")
        else:
            grid = expand(rows)
        self.budget -= sum(len(r) for r in grid)
        self._flush()
        if is_statistical(grid):
            caption = next(table.iterchildren("caption"), None)
            if caption is not None:
                self._text(caption.text_content(), caption)
                self._flush()
            self.out.extend(
                (line, True, tuple((start, end, grid[r][c].where) for start, end, r, c in where))
                for line, where in traced_grid_lines(grid)
            )
            return True
        if multiline or not grid or len(grid[0]) < 2:
            return False
        # An information box of short cells (索引号 | … | 发布机构 | …): a line per row.
        for r in grid:
            line = " ".join(c.text for c in r if c.origin and c.text)
            if line:
                self.out.append((line, False, ((0, len(line), self.paths.get(table, "")),)))
        return True


# A title that opens with its year ("2021年政府信息公开年度报告") has its organ on the line above.
_YEAR_FIRST = re.compile(r"^\s*(?:[(（]?\d{4}\s*年)")
_MAX_ORGAN = 30


def _with_organ_line(out: list[tuple[str, bool, tuple[_Piece, ...]]], title_at: int) -> int:
    """Where the title starts: one line earlier when the organ's name stands above the year."""
    if 0 < title_at < len(out) and _YEAR_FIRST.match(out[title_at][0]):
        line, is_row, _ = out[title_at - 1]
        if (
            not is_row
            and len(line) <= _MAX_ORGAN
            and not _is_debris(line)
            and not _ENDS_SENTENCE.search(line)
        ):
            return title_at - 1
    return title_at


def _find_title(root: HtmlElement) -> HtmlElement | None:
    """The heading that holds the report's title (… 公开 … 报告), by rank, then document order.

    A heading inside a menu, sidebar or footer (a list of related reports) is not the title;
    one inside a page or article header may be.
    """
    for tag in _HEADINGS:
        for el in root.iter(tag):
            if _is_title(el) and not _in_side_chrome(el):
                return el
    for el in root.iter():
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if (
            _tag(el) in _TITLED_TAGS
            and _TITLE_CLASS.search(names)
            and _is_title(el)
            and not _in_side_chrome(el)
        ):
            return el
    return None


def _in_side_chrome(el: HtmlElement) -> bool:
    for up in el.iterancestors():
        tag = _tag(up)
        if tag in _DROP_TAGS or tag in ("footer", "menu") or _words(up) & _SIDE_WORDS:
            return True
    return False


def _is_title(el: HtmlElement) -> bool:
    # Read only as far as a title can go: nested candidates (a class "title" on each of many
    # nested blocks) would each read the whole page.
    pieces: list[str] = []
    raw = letters = 0
    for piece in el.itertext():
        raw += len(piece)
        if raw > 100 * _MAX_TITLE:
            return False
        letters += len(piece) - sum(map(str.isspace, piece))
        if letters > _MAX_TITLE:
            return False
        pieces.append(piece)
    text = _collapse("".join(pieces))
    return 0 < len(text) <= _MAX_TITLE and _TITLE_WORDS.search(text) is not None
