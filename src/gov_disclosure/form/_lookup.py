"""One value, one table, one label: the form's keys read against a report.

``report.value("applications", "new_received", "total")`` instead of a chain of None checks;
``report.table("applications")`` as the labelled grid the report prints; ``label(...)`` for
the form's Chinese wording of a key, to show a user what a fact is.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from attrs import frozen

from gov_disclosure.form._access import form_table, lookup, row_at, table_at
from gov_disclosure.form._schema import CellRef, FormTable, TableKey
from gov_disclosure.form._statutory import APPLICATIONS_UNION, FORMS
from gov_disclosure.model import AnnualReport, Cell

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["META_LABELS", "TableView", "cell", "dictionary_keys", "label", "table_view", "value"]

Value = int | Decimal | str | None

META_LABELS: dict[str, str] = {
    "year": "年度",
    "template": "报告模板",
    "subject": "报告主体",
    "published": "发布日期",
}
"""The Chinese names of the ``meta`` facts (the form has no wording for them)."""


def _tables(table: str, template: str | None) -> Iterator[FormTable]:
    """The form tables a key of ``table`` may name, the ``template``'s first (then the other
    form's: a 2019-only row asked of the 2021 form is still worded)."""
    order = ("2019", "2021") if template == "2019" else ("2021", "2019")
    for name in order:
        yield FORMS[name].table(table)
    if table == "applications":
        yield APPLICATIONS_UNION


@functools.cache
def dictionary_keys() -> dict[str, dict[str, frozenset[str]]]:
    """Every table's row keys (``meta`` too), each with the column keys it has in either form:
    the keys facts are written under."""
    out: dict[str, dict[str, frozenset[str]]] = {"meta": {k: frozenset({"value"}) for k in META_LABELS}}
    for name in ("active", "applications", "reviews"):
        rows: dict[str, frozenset[str]] = {}
        for form_table_ in _tables(name, None):
            for row in form_table_.rows:
                rows[row.key] = rows.get(row.key, frozenset()) | {c.key for c in row.columns}
        out[name] = rows
    return out


def _check_key(table: str, row: str | None = None, column: str | None = None) -> None:
    """KeyError naming the valid keys when a key is not the data dictionary's."""
    known = dictionary_keys()
    if table not in known:
        raise KeyError(f"no table {table!r}; the tables are {', '.join(known)}")
    if row is None:
        return
    if row not in known[table]:
        raise KeyError(f"table {table!r} has no row {row!r}; its rows are {', '.join(known[table])}")
    if column is not None and column not in known[table][row]:
        columns = ", ".join(sorted(known[table][row]))
        raise KeyError(f"row {table}.{row} has no column {column!r}; its columns are {columns}")


def label(
    table: str, row: str | None = None, column: str | None = None, *, template: str | None = None
) -> str:
    """The form's Chinese wording of a key: a table's title, a row's label (with its group's
    where the label alone is ambiguous), or a column's heading.

    ``template`` ("2019" or "2021") picks the form where the two word a key differently (table
    2's ``decisions``); by default the 2021 form's wording. KeyError for a key that is not the
    data dictionary's.

    >>> label("applications")
    '收到和处理政府信息公开申请情况'
    >>> label("applications", "denied.state_secret")
    '（三）不予公开1.属于国家秘密'
    >>> label("applications", "new_received", "natural_person")
    '自然人'
    >>> label("active", "licensing", "decisions", template="2019")
    '处理决定数量'
    """
    _check_key(table, row, column)
    if table == "meta":
        return "报告信息" if row is None else META_LABELS[row]
    for form in _tables(table, template):
        if row is None:
            return form.title
        found = next((r for r in form.rows if r.key == row), None)
        if found is None:
            continue
        if column is None:
            return form.full_name(found)
        heading = next((c.label for c in found.columns if c.key == column), None)
        if heading is not None:
            return heading
    # _check_key found the row and column in some form; _tables walks them all.
    raise AssertionError(f"{table}.{row}.{column} in no form")  # pragma: no cover


def cell(report: AnnualReport, table: str, row: str, column: str = "value") -> Cell[Any] | None:
    """The cell under the keys in ``report`` (its value, raw text and span); None when the report
    lacks the table, the row or the cell. KeyError for keys that are not the data dictionary's."""
    _check_key(table, row, column)
    if table == "meta":
        if row == "template":
            template = report.meta.template
            return None if template is None else Cell(value=template, raw=template)
        meta: Cell[Any] | None = getattr(report.meta, row)
        return meta
    # A row or column of the other form's table 2 is absent, as is a missing table or row.
    return lookup(report, CellRef(cast("TableKey", table), row, column))


def value(report: AnnualReport, table: str, row: str, column: str = "value") -> Value:
    """The value under the keys in ``report``: None when the cell is blank or the report lacks it.
    `cell` tells the two apart. KeyError for keys that are not the data dictionary's.

    >>> from gov_disclosure import parse_file
    >>> report = parse_file("examples/qinghe-county-2023.txt")
    >>> value(report, "applications", "new_received", "total")
    30
    >>> value(report, "meta", "year")
    2023
    """
    found = cell(report, table, row, column)
    return None if found is None else found.value


@frozen
class TableView:
    """One statistical table of a report as the grid the form draws: rows down, columns across,
    with the form's keys and Chinese wording for both.

    ``cells[i][j]`` is the `Cell` of row ``rows[i]`` and column ``columns[j]``: a cell whose
    value is None is blank in the report; None in place of a cell means the report lacks it (a
    truncated row, or a column the row does not have).
    """

    key: TableKey
    title: str
    rows: tuple[str, ...]
    """The row keys in the form's order (the form the report fills in)."""
    row_labels: tuple[str, ...]
    columns: tuple[str, ...]
    """The column keys, in the order they first appear in the rows."""
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Cell[Any] | None, ...], ...]

    @property
    def values(self) -> tuple[tuple[Value, ...], ...]:
        """The grid's values; None for a blank cell and for a cell the report lacks."""
        return tuple(tuple(None if c is None else c.value for c in row) for row in self.cells)

    def __getitem__(self, key: tuple[str, str]) -> Value:
        """``view["new_received", "total"]``: the value at a row key and a column key."""
        row, column = key
        try:
            found = self.cells[self.rows.index(row)][self.columns.index(column)]
        except ValueError:
            raise KeyError(f"table {self.key} has no cell {row}.{column}") from None
        return None if found is None else found.value

    def to_frame(self, *, labels: bool = False) -> pd.DataFrame:
        """The grid as a pandas DataFrame (needs the ``pandas`` extra): the keys as index and
        columns, or with ``labels=True`` the form's Chinese wording."""
        from gov_disclosure.errors import MissingDependencyError

        try:
            import pandas as pd
        except ImportError as exc:
            raise MissingDependencyError(
                "TableView.to_frame needs pandas: pip install 'gov-disclosure[pandas]'"
            ) from exc
        return pd.DataFrame(
            [list(row) for row in self.values],
            index=list(self.row_labels if labels else self.rows),
            columns=list(self.column_labels if labels else self.columns),
            dtype=object,
        )


def table_view(report: AnnualReport, table: str) -> TableView | None:
    """Table ``table`` of ``report`` as a labelled grid, or None when the report lacks it.

    >>> from gov_disclosure import parse_file
    >>> view = table_view(parse_file("examples/qinghe-county-2023.txt"), "reviews")
    >>> view["review", "total"]
    3
    >>> view.column_labels
    ('结果维持', '结果纠正', '其他结果', '尚未审结', '总计')
    """
    _check_key(table)
    if table == "meta":
        raise KeyError("meta is not a table of the report: read it with value() or report.meta")
    form = form_table(report, table)
    obj = table_at(report, table)
    if form is None or obj is None:
        return None
    columns: dict[str, str] = {}
    for form_row in form.rows:
        for column in form_row.columns:
            columns.setdefault(column.key, column.label)
    cells = tuple(
        tuple(getattr(row_at(obj, form_row), key, None) for key in columns) for form_row in form.rows
    )
    return TableView(
        key=form.key,
        title=form.title,
        rows=tuple(r.key for r in form.rows),
        row_labels=tuple(form.full_name(r) for r in form.rows),
        columns=tuple(columns),
        column_labels=tuple(columns.values()),
        cells=cells,
    )
