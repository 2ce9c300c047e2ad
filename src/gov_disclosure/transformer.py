"""Build the model from the parse tree: every value a Cell with its raw text and source span.

The grammar says what each element is (a part heading, a table-3 row of 予以公开, a table-4
header cell); this module reads the values out of those elements, in the template's column
order, and assembles the report. Nothing here raises for bad data: what does not fit is kept
(``surplus``, ``stray``) or left out (None), for the checks to report.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, NamedTuple, TypeVar

import attrs
from lark import Token, Tree

from gov_disclosure.dates import DATE, PUBLISHED_AT, read_date, signature
from gov_disclosure.errors import GovDisclosureError
from gov_disclosure.frontend import Canonical, Unit, fold_cell
from gov_disclosure.model import (
    Active2019,
    Active2021,
    AnnualReport,
    ApplicantRow,
    Applications,
    Cell,
    Decisions2021Row,
    Denied,
    Documents2019Row,
    Documents2021Row,
    Fees2019Row,
    Fees2021Row,
    Items2019Row,
    NotProcessed,
    OtherHandling,
    Part,
    ProcurementRow,
    ReportMeta,
    ReviewRow,
    Reviews,
    Subsection,
    Template,
    Unavailable,
)
from gov_disclosure.span import Span

__all__ = ["ReportTransformer"]

_VALUE_TYPES = frozenset({"NUM", "BLANK"})
_NUMBER = re.compile(r"^([+\-]?)(\d[\d,]*(?:\.\d+)?)(万元|万|元|亿元|件|条|个|项)?$")
# Lines that stand above a title on web pages but are never part of it.
_NOT_TITLE = re.compile(r"[:：]|发布(?:时间|日期|机构)|来源|浏览|字号|索引号|打印")
# Markdown heading marks opening any line of a title written over several "#" lines.
_MD_HEADING_MARKS = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]*")
_YEAR = re.compile(r"([12][0-9]{3}|[１２][０-９]{3})\s*年")
_PERIOD_YEAR = re.compile(r"统计期限[^。]{0,12}?(\d{4})\s*年\s*1\s*月\s*1\s*日")
_TEMPLATE_2021_WORDS = ("本年制发", "本年废止", "现行有效", "本年处理决定", "本年收费金额")
_TEMPLATE_2019_WORDS = (
    "本年新制作",
    "本年新公开",
    "对外公开总",
    "上一年项目",
    "本年增",
    "采购项目",
    "采购总金额",
)

R = TypeVar("R")


class _Ref(NamedTuple):
    """A canonical line as the grammar classified it: its terminal type and its unit's index.

    A VALUES token (a run of value cells) becomes one reference per cell, of type NUM or BLANK.
    """

    type: str
    at: int


@attrs.define
class _Element:
    """A table element from the grammar: its kind, label token and the cells after it."""

    kind: str
    label: _Ref
    rest: list[_Ref]
    part: int | None = None
    split: tuple[list[_Ref], list[_Ref]] | None = None  # _Assembler._split's answer, kept


@attrs.define
class _Prose:
    kind: str  # "paragraph" | "subheading" | "signature_date"
    token: _Ref
    trail: list[_Ref]


@attrs.define
class _PartTree:
    number: int  # 0 for the preamble
    heading: _Ref | None
    trail: list[_Ref]
    items: list[_Prose | list[_Element]]
    heading_lines: int = 1  # 2 when the numeral stood alone on the line above the words


class _Number(NamedTuple):
    number: Decimal
    word: str  # the unit word after the digits, "" for none
    as_count: int | None  # the count the cell gives, unless the word is 万/万元: computed per cell


@functools.lru_cache(maxsize=4096)
def _read_number(text: str) -> _Number | None:
    """The number a value cell's text holds, its unit word; None for a blank cell.

    A value cell is a number exactly when it matches the grammar's _NUM_CELL, which _NUMBER
    spells again. Cached: a report's values are mostly the same few small numbers.
    """
    m = _NUMBER.match(text)
    if not m:
        return None
    sign, digits, word = m.groups()
    try:
        number = Decimal(digits.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - _NUMBER admits only digit strings
        return None
    if sign == "-":
        number = -number
    word = word or ""
    count = int(number) if not word.startswith("万") and number == number.to_integral_value() else None
    return _Number(number, word, count)


def _strip_zeros_decimal(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


class ReportTransformer:
    """Transforms the tree of one report; build one per parse, with that report's text."""

    def __init__(self, canon: Canonical) -> None:
        self.canon = canon
        self.source = canon.source
        self.units = canon.units
        self.span = canon.span
        self._index_at = {start: i for i, start in enumerate(canon.unit_starts)}

    # ---- cells ---------------------------------------------------------------------------
    def _ref(self, token: Token) -> _Ref:
        return _Ref(token.type, self._index_at[token.start_pos or 0])

    def _refs(self, tokens: Iterable[Token]) -> list[_Ref]:
        """References to the cells of ``tokens``, a VALUES run taken apart cell by cell."""
        out: list[_Ref] = []
        units = self.units
        for token in tokens:
            index = self._index_at[token.start_pos or 0]
            if token.type != "VALUES":
                out.append(_Ref(token.type, index))
                continue
            # The run's cells are the units from its first line on, one per line; a cell
            # that is not a number is a blank (the grammar's two value-cell patterns).
            for i in range(index, index + token.count("\n")):
                out.append(_Ref("BLANK" if _read_number(units[i].text) is None else "NUM", i))
        return out

    def _unit(self, ref: _Ref) -> Unit:
        return self.units[ref.at]

    def _span(self, unit: Unit) -> Span:
        return self.canon.span(unit.start, unit.end)

    def text_cell(self, token: _Ref, lines: int = 1) -> Cell[str]:
        """The text of ``token``'s line, or of ``lines`` lines from it, joined (a split heading)."""
        unit = self.units[token.at]
        if lines == 1:
            return Cell(value=unit.text, raw=self.source[unit.start : unit.end], span=self._span(unit))
        last = self.units[token.at + lines - 1]
        return Cell(
            value="".join(u.text for u in self.units[token.at : token.at + lines]),
            raw=self.source[unit.start : last.end],
            span=self.canon.span(unit.start, last.end),
        )

    def _number(self, token: _Ref) -> tuple[Decimal | None, str, Unit]:
        """The number a value cell holds (None when blank or unreadable), its unit word."""
        unit = self.units[token.at]
        read = _read_number(unit.text) if token.type == "NUM" else None
        if read is None:
            return None, "", unit
        return read.number, read.word, unit

    def count_cell(self, token: _Ref) -> Cell[int]:
        unit = self.units[token.at]
        read = _read_number(unit.text) if token.type == "NUM" else None
        value = None
        if read is not None:
            value = read.as_count
            if read.word.startswith("万"):
                number = read.number * 10_000
                if number == number.to_integral_value():
                    value = int(number)
        return Cell(value=value, raw=self.source[unit.start : unit.end], span=self.span(unit.start, unit.end))

    def money_cell(self, token: _Ref) -> Cell[Decimal]:
        """A 万元 amount; 元 and 亿元 are converted, keeping the digits the report wrote."""
        number, word, unit = self._number(token)
        if number is not None and word == "元":
            number = _strip_zeros_decimal(number.scaleb(-4))
        elif number is not None and word == "亿元":
            number = _strip_zeros_decimal(number.scaleb(4))
        return Cell(value=number, raw=self.canon.raw(unit), span=self._span(unit))

    def _cover(self, first: _Ref, last: _Ref) -> Span:
        return self.canon.span(self._unit(first).start, self._unit(last).end)

    # ---- the tree ------------------------------------------------------------------------
    # The tree's shape is fixed by the grammar: start holds the preamble and the parts; a part
    # holds its heading token, trailing cells, then prose rules and `tables`; `tables` holds
    # the table elements. It is walked here directly rather than through lark's Transformer,
    # whose generic dispatch per subtree cost a tenth of the whole transformation.
    def transform(self, tree: Tree[Token]) -> AnnualReport:
        """The model of the report whose parse tree is ``tree``.

        Raises `GovDisclosureError` if the tree does not have the grammar's shape (a bug).
        """
        try:
            return _Assembler(self).assemble([self._part(part) for part in tree.children])
        except Exception as exc:  # pragma: no cover - a bug in the transformer, reported as such
            raise GovDisclosureError(f"internal error while building the model: {exc!r}") from exc

    def _part(self, tree: Tree[Token] | Token) -> _PartTree:
        assert isinstance(tree, Tree), tree
        number = _PART_NUMBERS[tree.data]
        children: list[Any] = tree.children
        i = start = 1 if number else 0
        while i < len(children) and isinstance(children[i], Token):
            i += 1
        items: list[_Prose | list[_Element]] = []
        for child in children[i:]:
            assert isinstance(child, Tree), child
            grandchildren: list[Any] = child.children
            kind = str(child.data)
            if kind == "tables":
                items.append([self._element(e) for e in grandchildren])
            elif kind in _PROSE_KINDS:
                items.append(_Prose(kind, self._ref(grandchildren[0]), self._refs(grandchildren[1:])))
            else:
                raise AssertionError(f"no transformation for grammar rule {kind}")
        heading = self._ref(children[0]) if number else None
        lines = children[0].count("\n") if number else 1
        return _PartTree(number, heading, self._refs(children[start:i]), items, lines)

    def _element(self, tree: Tree[Token] | Token) -> _Element:
        assert isinstance(tree, Tree), tree
        # Rules imported from tables.lark arrive namespaced ("tables__t3_total").
        name = _element_name(tree.data)
        children: list[Any] = tree.children
        return _Element(name, self._ref(children[0]), self._refs(children[1:]))


_PART_NUMBERS = {
    "preamble": 0,
    "part_general": 1,
    "part_active": 2,
    "part_applications": 3,
    "part_reviews": 4,
    "part_problems": 5,
    "part_other": 6,
}
_PROSE_KINDS = frozenset({"paragraph", "subheading", "signature_date"})


@functools.cache
def _element_name(rule: str) -> str:
    name = str(rule).rsplit("__", 1)[-1]
    if not name.startswith(("t2_", "t3_", "t4_")):
        raise AssertionError(f"no transformation for grammar rule {name}")
    return name


class _Assembler:
    """Puts the parts, tables and metadata of one report together."""

    def __init__(self, tx: ReportTransformer) -> None:
        self.tx = tx
        self.elements: list[_Element] = []
        self.loose: list[tuple[list[_Ref], int | None]] = []  # value runs outside any row
        self.stray: list[Cell[str]] = []
        self.dates: list[_Ref] = []

    # ---- parts ---------------------------------------------------------------------------
    def assemble(self, trees: list[_PartTree]) -> AnnualReport:
        preamble: tuple[Cell[str], ...] = ()
        parts: list[Part] = []
        preamble_prose: list[_Prose] = []
        for tree in trees:
            number = tree.number or None
            self._keep_loose(tree.trail, number)
            paragraphs: list[Cell[str]] = []
            subsections: list[tuple[Cell[str], list[Cell[str]]]] = []
            for item in tree.items:
                if isinstance(item, list):
                    for element in item:
                        element.part = number
                    self.elements.extend(item)
                    continue
                self._keep_loose(item.trail, number)
                if item.kind == "signature_date":
                    self.dates.append(item.token)
                if tree.number == 0:
                    preamble_prose.append(item)
                cell = self.tx.text_cell(item.token)
                if item.kind == "subheading" and tree.number:
                    subsections.append((cell, []))
                elif subsections:
                    subsections[-1][1].append(cell)
                else:
                    paragraphs.append(cell)
            if tree.heading is None:
                preamble = tuple(paragraphs)
            else:
                parts.append(
                    Part(
                        number=tree.number,
                        heading=self.tx.text_cell(tree.heading, tree.heading_lines),
                        paragraphs=tuple(paragraphs),
                        subsections=tuple(
                            Subsection(heading=h, paragraphs=tuple(ps)) for h, ps in subsections
                        ),
                    )
                )
        active = self._active()
        applications = self._applications()
        reviews = self._reviews()
        if reviews is None:
            reviews = self._recover_reviews()
        for run, _ in self.loose:
            self.stray.extend(self.tx.text_cell(t) for t in run if t.type != "BLANK")
        meta = self._meta(preamble_prose, parts, active)
        return AnnualReport(
            meta=meta,
            preamble=preamble,
            parts=tuple(parts),
            active=active,
            applications=applications,
            reviews=reviews,
            stray=tuple(self.stray),
        )

    def _keep_loose(self, tokens: Sequence[_Ref], part: int | None) -> None:
        """Cells outside any row's values.

        Value runs are kept: a run of 15 may be a table 4 without its header. A text cell
        followed by numbers is a row the template does not have, so it goes to ``stray`` with
        them; a text cell alone is a fragment of a label or header and carries no data.
        """
        if not tokens:
            return
        run: list[_Ref] = []
        label: _Ref | None = None
        for token in [*tokens, None]:
            if token is not None and token.type in _VALUE_TYPES:
                run.append(token)
                continue
            if run:
                if label is not None and any(t.type == "NUM" for t in run):
                    self.stray.append(self.tx.text_cell(label))
                self.loose.append((run, part))
                run = []
            label = token

    def _of(self, prefix: str) -> list[_Element]:
        return [e for e in self.elements if e.kind.startswith(prefix)]

    def _table_span(self, elements: Sequence[_Element]) -> Span:
        first, last = elements[0], elements[-1]
        return self.tx._cover(first.label, last.rest[-1] if last.rest else last.label)

    def _split(self, element: _Element) -> tuple[list[_Ref], list[_Ref]]:
        """A row's values (the run after its label), and the cells after them."""
        if element.split is not None:
            return element.split
        element.split = self._split_rest(element.rest)
        return element.split

    @staticmethod
    def _split_rest(rest: list[_Ref]) -> tuple[list[_Ref], list[_Ref]]:
        i = 0
        while i < len(rest) and rest[i].type in _VALUE_TYPES:
            i += 1
        values, noise = rest[:i], rest[i:]
        if not values and noise:
            # The label went on in the next cell(s) ("（二）部分公开（区分处理的，只计这一情" /
            # "形，不计其他情形） 447 7 …"): its values follow the continuation.
            j = 0
            while j < len(noise) and noise[j].type not in _VALUE_TYPES:
                j += 1
            k = j
            while k < len(noise) and noise[k].type in _VALUE_TYPES:
                k += 1
            if k > j:
                values, noise = noise[j:k], noise[:j] + noise[k:]
        return values, noise

    def _take(self, values: list[_Ref], n: int) -> tuple[list[_Ref], list[_Ref]]:
        """The ``n`` cells of a row among ``values``, and the cells left over.

        One cell per line (TAB and ` |` layouts): placeholders for spanned cells come after a
        row's values, so the row is the first n. A row per line (TSV, markdown, text): the
        row is the run on the label's own line, padded by spanned cells before the values
        (a 3-column label area) or after them (a colspan in the value area).
        """
        if not values:
            return [], []
        row = self.tx._unit(values[0]).row
        if row < 0:
            return values[:n], values[n:]
        same = [t for t in values if self.tx._unit(t).row == row]
        later = values[len(same) :]
        if len(same) <= n:
            return same, later
        k = len(same) - n
        if all(t.type == "BLANK" for t in same[:k]):
            return same[k:], same[:k] + later
        return same[:n], same[n:] + later

    def _cells(
        self,
        element: _Element,
        n: int,
        make: Sequence[Callable[[_Ref], Cell[Any]]],
    ) -> list[Cell[Any] | None]:
        """The ``n`` values of a row; numbers beyond them are kept as loose cells."""
        values, noise = self._split(element)
        taken, extra = self._take(values, n)
        cells: list[Cell[Any] | None] = [make[i](v) for i, v in enumerate(taken)]
        cells.extend([None] * (n - len(cells)))
        if any(t.type == "NUM" for t in extra):
            self.loose.append((extra, element.part))
        self._keep_loose(noise, element.part)
        return cells

    def _row(
        self, cls: type[R], element: _Element, columns: Sequence[tuple[str, Callable[[_Ref], Any]]]
    ) -> R:
        cells = self._cells(element, len(columns), [make for _, make in columns])
        kwargs = {name: cell for (name, _), cell in zip(columns, cells, strict=True)}
        return cls(label=self.tx.text_cell(element.label), **kwargs)  # type: ignore[call-arg]

    # ---- table 2 -------------------------------------------------------------------------
    def _template(self, elements: Sequence[_Element]) -> Template:
        votes_2021 = votes_2019 = 0
        for e in elements:
            texts = [self.tx._unit(e.label).text]
            if e.kind in ("t2_header", "t2_caption"):
                texts += [self.tx._unit(t).text for t in e.rest if t.type == "CELL_TEXT"]
            for text in texts:
                votes_2021 += sum(w in text for w in _TEMPLATE_2021_WORDS)
                votes_2019 += sum(w in text for w in _TEMPLATE_2019_WORDS)
            if e.kind in ("t2_other_services", "t2_procurement"):
                votes_2019 += 1
        if votes_2019 != votes_2021:
            return "2019" if votes_2019 > votes_2021 else "2021"
        # No header words: a 2019 row of 许可/处罚/强制 carries three numbers, a 2021 row one.
        for e in elements:
            if e.kind in ("t2_licensing", "t2_punishment", "t2_coercion"):
                values, _ = self._split(e)
                return "2019" if sum(t.type == "NUM" for t in values) >= 2 else "2021"
        return "2021"

    def _active(self) -> Active2021 | Active2019 | None:
        elements = self._of("t2_")
        if not elements:
            return None
        template = self._template(elements)
        tx = self.tx
        count, money = tx.count_cell, tx.money_cell
        if template == "2021":
            layout: dict[str, tuple[type[Any], list[tuple[str, Callable[[_Ref], Any]]]]] = {
                "rules": (Documents2021Row, [("issued", count), ("repealed", count), ("in_force", count)]),
                "normative_documents": (
                    Documents2021Row,
                    [("issued", count), ("repealed", count), ("in_force", count)],
                ),
                "licensing": (Decisions2021Row, [("decisions", count)]),
                "punishment": (Decisions2021Row, [("decisions", count)]),
                "coercion": (Decisions2021Row, [("decisions", count)]),
                "fees": (Fees2021Row, [("amount", money)]),
            }
        else:
            items: list[tuple[str, Callable[[_Ref], Any]]] = [
                ("previous_items", count),
                ("change", count),
                ("decisions", count),
            ]
            layout = {
                "rules": (
                    Documents2019Row,
                    [("made", count), ("published", count), ("total_published", count)],
                ),
                "normative_documents": (
                    Documents2019Row,
                    [("made", count), ("published", count), ("total_published", count)],
                ),
                "licensing": (Items2019Row, items),
                "other_services": (Items2019Row, items),
                "punishment": (Items2019Row, items),
                "coercion": (Items2019Row, items),
                "fees": (Fees2019Row, [("previous_items", count), ("change", count)]),
                "procurement": (ProcurementRow, [("projects", count), ("amount", money)]),
            }
        rows: dict[str, Any] = {}
        header_found = False
        for e in elements:
            if e.kind in ("t2_caption", "t2_header"):
                header_found = header_found or e.kind == "t2_header"
                self._cells(e, 0, [])
                continue
            key = e.kind.removeprefix("t2_")
            if key not in layout or key in rows:
                # A row of the other template, or a repeated row: not part of this table.
                self.stray.append(tx.text_cell(e.label))
                self._cells(e, 0, [])
                continue
            cls, columns = layout[key]
            rows[key] = self._row(cls, e, columns)
        common: dict[str, Any] = {
            "span": self._table_span(elements),
            "header_found": header_found,
            "part": elements[0].part,
        }
        if template == "2021":
            return Active2021(**common, **rows)
        return Active2019(**common, **rows)

    # ---- table 3 -------------------------------------------------------------------------
    _GROUPS: ClassVar[dict[str, type[Any]]] = {
        "denied": Denied,
        "unavailable": Unavailable,
        "not_processed": NotProcessed,
        "other": OtherHandling,
    }
    _TOP_ROWS = ("new_received", "carried_over", "granted", "partially_granted", "total", "carried_forward")

    def _applications(self) -> Applications | None:
        elements = self._of("t3_")
        if not elements:
            return None
        tx = self.tx
        columns = [(f.name, tx.count_cell) for f in attrs.fields(ApplicantRow) if "label" in f.metadata]
        top: dict[str, Any] = {}
        groups: dict[str, dict[str, Any]] = {g: {} for g in self._GROUPS}
        header_found = False
        for e in elements:
            key = e.kind.removeprefix("t3_")
            if key == "header":
                header_found = True
                self._cells(e, 0, [])
            elif key == "results_head":
                top.setdefault("results_label", tx.text_cell(e.label))
                self._cells(e, 0, [])
            elif key.endswith("_head"):
                group = key.removesuffix("_head")
                values, _ = self._split(e)
                if group == "other" and values and "combined" not in groups[group]:
                    # The 2019 form's single （六）其他处理 row, blank cells and all: the 2021
                    # form's group label is followed by its first sub-row's label, never by values.
                    groups[group]["combined"] = self._row(ApplicantRow, e, columns)
                else:
                    groups[group].setdefault("label", tx.text_cell(e.label))
                    self._cells(e, 0, [])
            elif key in self._TOP_ROWS:
                self._place(top, key, e, columns)
            else:
                group, _, row = next(
                    (g, "_", key.removeprefix(g + "_")) for g in self._GROUPS if key.startswith(g + "_")
                )
                self._place(groups[group], row, e, columns)

        def rows(slots: dict[str, Any]) -> dict[str, Any]:
            return {k: v[0] if isinstance(v, tuple) else v for k, v in slots.items()}

        return Applications(
            span=self._table_span(elements),
            header_found=header_found,
            part=elements[0].part,
            **rows(top),
            **{g: cls(**rows(groups[g])) for g, cls in self._GROUPS.items()},
        )

    def _place(self, into: dict[str, Any], key: str, e: _Element, columns: Any) -> None:
        """Put a row in its slot. A label with no values after it is a header cell or a
        fragment (a mislabelled header row such as "本年新收件数 | 上年结转件数 | …"), so a
        later row with values takes its place; a second row with values is not a template
        row: it is reported and the first one kept."""
        has_values = bool(self._split(e)[0])
        held = into.get(key)
        if held is not None and ((has_values and held[1]) or not has_values):
            if has_values:
                self.stray.append(self.tx.text_cell(e.label))
            self._cells(e, 0, [])
            return
        into[key] = (self._row(ApplicantRow, e, columns), has_values)

    # ---- table 4 -------------------------------------------------------------------------
    def _reviews(self) -> Reviews | None:
        elements = self._of("t4_")
        if not elements:
            return None
        runs: list[list[_Ref]] = []
        tail_blank_run: list[_Ref] = []
        for e in elements:
            run: list[_Ref] = []
            for token in [*e.rest, None]:
                if token is not None and token.type in _VALUE_TYPES:
                    run.append(token)
                    continue
                if any(t.type == "NUM" for t in run):
                    runs.append(run)
                    tail_blank_run = []
                elif run:
                    tail_blank_run = run
                run = []
        if not runs and len(tail_blank_run) >= 15:
            runs = [tail_blank_run]  # a table 4 whose 15 cells are all blank
        data = [t for run in runs for t in run]
        return self._review_table(
            data,
            span=self._table_span(elements),
            header_found=True,
            part=elements[0].part,
        )

    def _review_table(self, data: list[_Ref], *, span: Span, header_found: bool, part: int | None) -> Reviews:
        tx = self.tx
        extra, data = data[:-15], data[-15:]
        surplus = tuple(tx.text_cell(t) for t in extra if t.type == "NUM")
        cells: list[Cell[int] | None] = [tx.count_cell(t) for t in data]
        cells.extend([None] * (15 - len(cells)))
        names = [f.name for f in attrs.fields(ReviewRow)]

        def block(i: int) -> ReviewRow | None:
            chunk = cells[5 * i : 5 * i + 5]
            if all(c is None for c in chunk):
                return None
            return ReviewRow(**dict(zip(names, chunk, strict=True)))

        return Reviews(
            span=span,
            header_found=header_found,
            part=part,
            review=block(0),
            litigation_direct=block(1),
            litigation_after_review=block(2),
            surplus=surplus,
        )

    def _recover_reviews(self) -> Reviews | None:
        """A row of 15 values with no header and no label, read as table 4 by its shape alone."""
        for index, (run, part) in enumerate(self.loose):
            if len(run) < 15 or any(t.type == "NUM" for t in run[:-15]):
                continue
            data = run[-15:]
            if not any(t.type == "NUM" for t in data):
                continue
            del self.loose[index]
            return self._review_table(
                data,
                span=self.tx._cover(data[0], data[-1]),
                header_found=False,
                part=part,
            )
        return None

    # ---- metadata ------------------------------------------------------------------------
    def _meta(
        self,
        preamble: Sequence[_Prose],
        parts: Sequence[Part],
        active: Active2021 | Active2019 | None,
    ) -> ReportMeta:
        tx = self.tx
        title_tokens: list[_Ref] = []
        for item in preamble[:4]:
            if item.kind == "signature_date":
                break
            title_tokens.append(item.token)
            if "报告" in tx._unit(item.token).text:
                break
        if title_tokens and "报告" not in tx._unit(title_tokens[-1]).text:
            title_tokens = title_tokens[:1]
        # A page's byline above the title (发布时间：… 来源：…) is not part of it.
        while len(title_tokens) > 1 and _NOT_TITLE.search(tx._unit(title_tokens[0]).text):
            title_tokens.pop(0)
        title = subject = year = None
        if title_tokens:
            first, last = tx._unit(title_tokens[0]), tx._unit(title_tokens[-1])
            raw = tx.canon.source[first.start : last.end]
            title = Cell(
                value=" ".join(tx._unit(t).text for t in title_tokens),
                raw=raw,
                span=tx.canon.span(first.start, last.end),
            )
            m = _YEAR.search(raw)
            if m:
                year_text = m.group(1)
                year = Cell(
                    value=int(fold_cell(year_text)),
                    raw=year_text,
                    span=tx.canon.span(first.start + m.start(1), first.start + m.end(1)),
                )
                head = raw[: m.start()]
                name = fold_cell(_MD_HEADING_MARKS.sub("", head))
                if name:
                    lead = len(head) - len(head.lstrip())
                    subject = Cell(
                        value=name,
                        raw=head.strip(),
                        span=tx.canon.span(first.start + lead, first.start + len(head.rstrip())),
                    )
        if year is None:
            year = self._period_year(preamble, parts)
        return ReportMeta(
            title=title,
            subject=subject,
            year=year,
            published=self._published(preamble),
            template=active.template if active is not None else None,
            layout=tx.canon.layout,
        )

    def _period_year(self, preamble: Sequence[_Prose], parts: Sequence[Part]) -> Cell[int] | None:
        """The year of "统计期限自2021年1月1日…", when the title names none."""
        cells: Iterable[Cell[str]] = [self.tx.text_cell(p.token) for p in preamble]
        cells = [*cells, *(c for p in parts for c in p.paragraphs)]
        for cell in cells:
            m = _PERIOD_YEAR.search(cell.raw)
            if m and cell.span is not None:
                start = cell.span.start + m.start(1)
                return Cell(value=int(m.group(1)), raw=m.group(1), span=self.tx.canon.span(start, start + 4))
        return None

    def _published(self, preamble: Sequence[_Prose]) -> Cell[str] | None:
        """The signature date under the report (`dates.signature`); failing that, a 发布日期
        line near the top."""
        units = (self.tx._unit(ref) for ref in self.dates)
        signed = signature([(unit, m) for unit in units if (m := self._search(unit, DATE))])
        if signed is not None:
            return self._date_cell(*signed)
        for item in preamble:
            unit = self.tx._unit(item.token)
            m = self._search(unit, PUBLISHED_AT)
            when = read_date(m) if m else None
            if m is not None and when is not None:
                return self._date_cell(unit, m, when)
        return None

    def _search(self, unit: Unit, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """``pattern`` in the line read NFKC-folded, as the grammar saw it (２０２４, 二Ｏ二四, ⽉)."""
        return pattern.search(unicodedata.normalize("NFKC", self.tx.canon.raw(unit)))

    def _date_cell(self, unit: Unit, m: re.Match[str], when: date) -> Cell[str]:
        """A date `_search` found, as a cell of the source text of the date alone, or of the
        whole line when folding changed its length (offsets into the folded line would lie)."""
        start, end = unit.start, unit.end
        if len(m.string) == end - start:
            start, end = unit.start + m.start(), unit.start + m.end()
        return Cell(
            value=when.isoformat(), raw=self.tx.source[start:end], span=self.tx.canon.span(start, end)
        )
        return Cell(
            value=when.isoformat(), raw=self.tx.source[start:end], span=self.tx.canon.span(start, end)
        )
