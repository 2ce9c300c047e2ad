"""One file: parse and check it, and what a batch keeps of it (`FileResult`)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal

import attrs
from attrs import frozen

from gov_disclosure.checks import _wanted, check_codes, validate
from gov_disclosure.errors import GovDisclosureError
from gov_disclosure.export._facts import Fact, FactValue, facts
from gov_disclosure.findings import Finding
from gov_disclosure.model import AnnualReport
from gov_disclosure.parsing import parse_file

if TYPE_CHECKING:
    pass


PARTIAL_CODES: frozenset[str] = frozenset({"S001", "S003", "S004"})
"""Structure findings that make a result ``partial``: a statutory part missing (S001), a
statistical table missing (S003), a table lacking rows or cells of its form (S004)."""
Status = Literal["ok", "partial", "failed"]
"""``ok``: read, and nothing of the form is missing; ``partial``: read, but a finding in
`PARTIAL_CODES` says a part, a table or a table's rows are missing; ``failed``: not read
(see ``error``)."""
_META_KEYS = ("year", "template", "subject", "published")


@frozen(kw_only=True)
class FileResult:
    """What a batch learned from one file: its status, metadata, facts and findings.

    ``facts`` are the values of tables 2–4 (the metadata facts are in ``meta``), without
    source spans; ``findings`` are those kept by the run's select/ignore, while ``status``
    always reflects every structure rule.
    """

    file: str
    """The path as found: as given on the command line, or the folder joined with the name."""
    status: Status
    error: str | None = None
    """Why the file failed (one line); None unless ``status`` is ``failed``."""
    meta: Mapping[str, FactValue] | None = attrs.field(default=None, hash=False)
    """``year``, ``template``, ``subject``, ``published``; None when the file failed."""
    facts: tuple[Fact, ...] = ()
    findings: tuple[Finding, ...] = ()

    @classmethod
    def failure(cls, file: str, error: str) -> FileResult:
        """A failed result for ``file``."""
        return cls(file=file, status="failed", error=" ".join(error.split()))

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> FileResult:
        """The result a JSON Lines record (`as_dict`) was made from.

        Raises `KeyError`, `TypeError` or `ValueError` for a record that is not one.
        """
        status = record["status"]
        if status not in ("ok", "partial", "failed"):
            raise ValueError(f"unknown status {status!r}")
        meta = record["meta"]
        return cls(
            file=str(record["file"]),
            status=status,
            error=record["error"],
            meta=None if meta is None else dict(meta),
            facts=tuple(Fact(**fact) for fact in record["facts"]),
            findings=tuple(Finding(**finding) for finding in record["findings"]),
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON Lines record: file, status, error, meta, facts, findings."""
        return {
            "file": self.file,
            "status": self.status,
            "error": self.error,
            "meta": None if self.meta is None else dict(self.meta),
            "facts": [f.as_dict() for f in self.facts],
            "findings": [f.as_dict() for f in self.findings],
        }

    def fact_rows(self) -> list[dict[str, Any]]:
        """One mapping per fact under `FACT_COLUMNS`; ``value`` a float, None for a blank cell.

        A failed file has no rows (it is in the files table).
        """
        meta = self.meta or {}
        head = {"file": self.file, "subject": meta.get("subject"), "year": meta.get("year")}
        head["template"] = meta.get("template")
        return [
            {**head, "table": f.table, "row": f.row, "column": f.column, "value": _number(f.value)}
            for f in self.facts
        ]

    def finding_rows(self) -> list[dict[str, Any]]:
        """One mapping per finding under `FINDING_COLUMNS`; ``expected``/``actual`` as text."""
        rows = []
        for finding in self.findings:
            row: dict[str, Any] = {"file": self.file, **finding.as_dict()}
            for key in ("expected", "actual"):
                row[key] = None if row[key] is None else str(row[key])
            rows.append(row)
        return rows

    def file_row(self) -> dict[str, Any]:
        """This file's row of the files table (`FILE_COLUMNS`)."""
        meta = self.meta or {}
        return {
            "file": self.file,
            "status": self.status,
            "error": self.error,
            **{key: meta.get(key) for key in ("subject", "year", "template", "published")},
            "facts": len(self.facts),
            "findings": len(self.findings),
        }


def _number(value: FactValue) -> float | None:
    # Counts and 万元 amounts (decimal strings) are the only values of tables 2-4; float64 holds
    # every count exactly and every amount to 15 significant digits.
    if value is None:
        return None
    return float(Decimal(value)) if isinstance(value, str) else float(value)


def process_file(
    path: str | PathLike[str],
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> FileResult:
    """Parse and validate one file; never raises for a bad file, it returns a failed result.

    A pure function of the file's content (and a picklable top-level function), so it runs
    unchanged in `run_batch`'s workers, a `multiprocessing` pool or a Dask bag.
    """
    check_codes(select, ignore)
    name = os.fspath(path)
    try:
        report = parse_file(name)
        found = validate(report)
        report_facts = facts(report)
    except GovDisclosureError as exc:
        return FileResult.failure(name, str(exc))
    except RecursionError:
        return FileResult.failure(name, "the report is nested too deeply to read")
    except MemoryError:
        return FileResult.failure(name, "out of memory while reading the report")
    except Exception as exc:  # a bug of ours must fail this file, not the batch
        return FileResult.failure(name, f"internal error, please report it: {exc!r}")
    return report_result(
        name,
        report,
        report_facts,
        status="partial" if any(f.code in PARTIAL_CODES for f in found) else "ok",
        findings=tuple(f for f in found if _wanted(f.code, select, ignore)),
    )


def report_result(
    file: str,
    report: AnnualReport,
    report_facts: Sequence[Fact] | None = None,
    *,
    status: Status = "ok",
    findings: tuple[Finding, ...] = (),
) -> FileResult:
    """A `FileResult` of a parsed report (``report_facts`` when already computed)."""
    report_facts = facts(report) if report_facts is None else report_facts
    meta = {f.row: f.value for f in report_facts if f.table == "meta"}
    return FileResult(
        file=file,
        status=status,
        meta={key: meta.get(key) for key in _META_KEYS},
        # Spans stay behind: they would triple what crosses the process boundary.
        facts=tuple(attrs.evolve(f, span=None) for f in report_facts if f.table != "meta"),
        findings=findings,
    )
