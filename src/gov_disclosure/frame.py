"""Facts as a pandas DataFrame: a folder to an analysis in three lines.

Needs the ``pandas`` extra (``pip install 'gov-disclosure[pandas]'``); pandas is imported
only when `to_frame` is called.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal

from gov_disclosure.batch import FACT_COLUMNS, FileResult, report_result
from gov_disclosure.errors import GovDisclosureError, missing_extra
from gov_disclosure.model import AnnualReport
from gov_disclosure.parsing import parse_file

if TYPE_CHECKING:
    import pandas

__all__ = ["FACT_DTYPES", "to_frame"]

FACT_DTYPES: dict[str, str] = {"year": "Int64", "value": "float64"}
"""The columns `to_frame` gives a fixed dtype; the others are pandas' default for text."""


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise missing_extra("reports into a DataFrame", "pandas", "pandas") from exc
    return pandas


def _rows(
    items: Iterable[AnnualReport | FileResult | str | PathLike[str]],
    errors: Literal["raise", "skip"],
) -> Iterator[dict[str, Any]]:
    for item in items:
        if isinstance(item, FileResult):
            result = item
        elif isinstance(item, AnnualReport):
            result = report_result("", item)
        else:
            name = os.fspath(item)
            try:
                result = report_result(name, parse_file(name))
            except GovDisclosureError as exc:
                if errors == "skip":
                    continue
                raise GovDisclosureError(f"{name}: {exc}") from exc
        if result.status == "failed" and errors == "raise":
            raise GovDisclosureError(f"{result.file}: {result.error}")
        for row in result.fact_rows():
            if isinstance(item, AnnualReport):
                row["file"] = None
            yield row


def to_frame(
    items: Iterable[AnnualReport | FileResult | str | PathLike[str]],
    *,
    errors: Literal["raise", "skip"] = "raise",
) -> pandas.DataFrame:
    """A tidy pandas DataFrame of the facts of many reports: one row per fact.

    ``items`` are parsed reports, paths (read with `gov_disclosure.parse_file`), or
    `gov_disclosure.batch.FileResult` objects, in any mix, e.g.
    ``to_frame(Path("reports").glob("*.txt"))``. The columns are those of the batch's
    facts table: ``file`` (None for a report object), ``subject``, ``year`` (nullable
    ``Int64``), ``template``, then ``table``, ``row``, ``column`` (the data-dictionary keys)
    and ``value``: float64, NaN for a blank cell. Every count is exact in a float64; a 万元
    amount keeps 15 significant digits (`gov_disclosure.facts` has it as an exact decimal
    string). The metadata are columns, not rows, so ``value`` is always a number.

    A file that cannot be read raises `GovDisclosureError` naming it, unless ``errors`` is
    ``"skip"``. Raises `gov_disclosure.MissingDependencyError` when pandas is missing.
    """
    if errors not in ("raise", "skip"):
        raise GovDisclosureError(f"errors must be 'raise' or 'skip', not {errors!r}")
    pd = _pandas()
    frame = pd.DataFrame(list(_rows(items, errors)), columns=list(FACT_COLUMNS))
    return frame.astype(FACT_DTYPES)
