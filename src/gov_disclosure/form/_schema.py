"""The shape of a statutory form: parts, tables, blocks, rows, columns, and the sums that tie them."""

from __future__ import annotations

from typing import Literal

from attrs import frozen

__all__ = [
    "CellRef",
    "Column",
    "ColumnKind",
    "Form",
    "FormBlock",
    "FormPart",
    "FormRow",
    "FormTable",
    "Relation",
    "TableKey",
]

TableKey = Literal["active", "applications", "reviews"]
"""The data dictionary's name of a statistical table: 2, 3 and 4 of the report."""

ColumnKind = Literal["count", "signed", "money"]
"""``count``: a whole number ≥ 0; ``signed``: a whole number that may be negative (2019's
本年增/减); ``money``: a 万元 amount, a decimal ≥ 0."""


@frozen(cache_hash=True)
class Column:
    """One value column of a row."""

    key: str
    """The data dictionary's column key (``natural_person``)."""
    label: str
    """The template's heading of the column (自然人)."""
    kind: ColumnKind = "count"


@frozen(cache_hash=True)
class FormRow:
    """One data row of a table: its key, its wording, its columns and where the model keeps it."""

    key: str
    """The data dictionary's row key; dotted for table 3's sub-rows (``denied.state_secret``)."""
    label: str
    """The template's wording of the row's own label (``1.属于国家秘密``)."""
    columns: tuple[Column, ...]
    path: tuple[str, ...]
    """Attribute names from the table's model object to the row (``("denied", "state_secret")``)."""
    rule: str | None
    """The grammar rule that recognises the row by its label; None for table 4's unlabelled row."""
    block: str | None = None
    """The key of the block (`FormBlock`) the row stands in, if any."""
    variants: tuple[str, ...] = ()
    """Other wordings of the label that real reports print (tested against the grammar)."""
    short: str = ""
    """A short name for messages, where the label is long; empty: the label itself."""
    level: int = 0
    """Table 3: how deep the label stands in the label area (0: 一、…, 1: （一）…, 2: 1.…)."""
    result: bool = False
    """Table 3: a result row, summed into （七）总计."""

    @property
    def name(self) -> str:
        """The row's name in messages."""
        return self.short or self.label


@frozen(cache_hash=True)
class FormBlock:
    """A group of rows printed under one label: a 第二十条 item of table 2, a group of table 3
    (（三）不予公开 …), a group of table 4's columns (行政诉讼)."""

    key: str
    label: str
    rows: tuple[str, ...]
    """The keys of the rows in the block, in order."""
    rule: str | None = None
    """The grammar rule of the block's own label cell, when the grammar names one."""


@frozen(cache_hash=True)
class FormTable:
    """One statistical table."""

    key: TableKey
    number: int
    """2, 3 or 4, as the statute numbers them."""
    part: int
    """The part the table belongs to."""
    title: str
    rows: tuple[FormRow, ...]
    blocks: tuple[FormBlock, ...] = ()

    def row(self, key: str) -> FormRow:
        """The row with data-dictionary key ``key``."""
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"table {self.key} has no row {key!r}")

    def block(self, key: str) -> FormBlock:
        """The block with key ``key``."""
        for block in self.blocks:
            if block.key == key:
                return block
        raise KeyError(f"table {self.key} has no block {key!r}")

    def full_name(self, row: FormRow) -> str:
        """A row's name with its group's in front where the label alone is ambiguous
        (table 3's sub-rows: （三）不予公开 1.属于国家秘密)."""
        if row.block and row.level == 2:
            return f"{self.block(row.block).label}{row.name}"
        return row.name

    @property
    def width(self) -> int:
        """The most value columns a row of the table has."""
        return max(len(r.columns) for r in self.rows)


@frozen(cache_hash=True)
class CellRef:
    """One cell of the form, by its data-dictionary keys."""

    table: TableKey
    row: str
    column: str


@frozen(cache_hash=True)
class Relation:
    """A sum the form implies: the cells of ``left`` add up to the cells of ``right``.

    ``target`` is the cell a finding about the relation points at (a total), ``solve_for`` the
    cell that the others determine when a consistent report is built. ``required`` cells must be
    in the report for the relation to be checked at all (a truncated row is S004's business);
    a blank target is checked as 0 when ``blank_target`` is ``"zero"`` and left to A006 when it
    is ``"skip"``.
    """

    code: str
    """The rule that checks the relation (``A001`` …): its family."""
    left: tuple[CellRef, ...]
    right: tuple[CellRef, ...]
    target: CellRef
    solve_for: CellRef
    required: tuple[CellRef, ...] = ()
    blank_target: Literal["zero", "skip"] = "skip"

    @property
    def cells(self) -> tuple[CellRef, ...]:
        """Every cell the relation touches."""
        return (*self.left, *self.right)


@frozen(cache_hash=True)
class FormPart:
    """One of the six statutory parts."""

    number: int
    heading: str
    """The heading as the template prints it (一、总体情况)."""
    rule: str
    """The grammar rule of the part (part_general …)."""


@frozen(cache_hash=True)
class Form:
    """One statutory form: 国办公开办函〔2019〕60号 or 〔2021〕30号."""

    template: Literal["2019", "2021"]
    notice: str
    parts: tuple[FormPart, ...]
    tables: tuple[FormTable, ...]
    relations: tuple[Relation, ...]

    def table(self, key: str) -> FormTable:
        """The table with data-dictionary key ``key``."""
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(f"the {self.template} form has no table {key!r}")
