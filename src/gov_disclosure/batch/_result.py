"""One file: parse and check it, and what a batch keeps of it (`FileResult`)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from os import PathLike
from typing import Any, Literal

import attrs
from attrs import frozen

from gov_disclosure.checks import DEFAULT_CHECKS, Check, _wanted, check_codes, code_of, validate
from gov_disclosure.errors import GovDisclosureError, UnsupportedFormatError, describe
from gov_disclosure.export._facts import Fact, FactValue, facts
from gov_disclosure.export._version import SCHEMA_VERSION
from gov_disclosure.findings import Finding
from gov_disclosure.model import AnnualReport
from gov_disclosure.parsing import parse_file

PARTIAL_CODES: frozenset[str] = frozenset({"S001", "S003", "S004", "P001", "P002"})
"""Findings that make a result ``partial``: a statutory part missing (S001), a statistical
table missing (S003), a table lacking rows or cells of its form (S004), values seen but left
out because they could not be placed (P001) or read (P002) for certain."""
Status = Literal["ok", "partial", "failed", "skipped"]
"""``ok``: read, and nothing of the form is missing; ``partial``: read, but a finding in
`PARTIAL_CODES` says a part, a table, a table's rows or some of its values are missing; ``failed``: not read
(see ``error``); ``skipped``: not read because of what it is (a spreadsheet, a legacy .doc, a
hidden file: see ``error``)."""
STATUSES: tuple[Status, ...] = ("ok", "partial", "failed", "skipped")
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
    """Why the file was not read (one line); None unless ``status`` is ``failed`` or
    ``skipped``."""
    meta: Mapping[str, FactValue] | None = attrs.field(default=None, hash=False)
    """``year``, ``template``, ``subject``, ``published``; None when the file failed."""
    facts: tuple[Fact, ...] = ()
    findings: tuple[Finding, ...] = ()

    @classmethod
    def failure(cls, file: str, error: str) -> FileResult:
        """A failed result for ``file``."""
        return cls(file=file, status="failed", error=" ".join(error.split()))

    @classmethod
    def skip(cls, file: str, reason: str) -> FileResult:
        """A skipped result for ``file``: not read, for ``reason``."""
        return cls(file=file, status="skipped", error=" ".join(reason.split()))

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> FileResult:
        """The result a JSON Lines record (`as_dict`) was made from.

        Raises `KeyError`, `TypeError` or `ValueError` for a record that is not one.
        """
        status = record["status"]
        version = record.get("schema_version", SCHEMA_VERSION)
        if type(version) is not int or version != SCHEMA_VERSION:
            raise ValueError(f"a record of schema version {record['schema_version']!r}, not {SCHEMA_VERSION}")
        if status not in STATUSES:
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
        """The JSON Lines record: file, status, error, meta, facts, findings, schema_version
        (``gov_disclosure.export.schema("record")``)."""
        return {
            "file": self.file,
            "status": self.status,
            "error": self.error,
            "meta": None if self.meta is None else dict(self.meta),
            "facts": [f.as_dict() for f in self.facts],
            "findings": [f.as_dict() for f in self.findings],
            "schema_version": SCHEMA_VERSION,
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
    checks: Sequence[Check] = DEFAULT_CHECKS,
    review: str | None = None,
) -> FileResult:
    """Parse and validate one file; never raises for a bad file, it returns a failed result
    (a ``skipped`` one for a file of a format no reader takes: a spreadsheet, a legacy .doc).

    ``checks`` are the checks whose findings are kept (`validate`'s); the status comes from
    the catalogue's structure rules whatever they are. A check of one's own that raises fails
    the file, naming the check. ``review`` names a folder to write the report's review page
    into (`gov_disclosure.review_html`; ``batch --review``). A pure function of the file's
    content (and a picklable
    top-level function), so it runs unchanged in `run_batch`'s workers, a `multiprocessing`
    pool or a Dask bag.
    """
    check_codes(select, ignore, checks)
    name = os.fspath(path)
    try:
        report = parse_file(name)
        found = validate(report)
        report_facts = facts(report)
    except UnsupportedFormatError as exc:
        return FileResult.skip(name, str(exc))
    except GovDisclosureError as exc:
        return FileResult.failure(name, str(exc))
    except RecursionError:
        return FileResult.failure(name, "the report is nested too deeply to read")
    except MemoryError:
        return FileResult.failure(name, "out of memory while reading the report")
    except Exception as exc:  # a bug of ours must fail this file, not the batch
        return FileResult.failure(name, f"internal error, please report it: {exc!r}")
    status: Status = "partial" if any(f.code in PARTIAL_CODES for f in found) else "ok"
    codes = _catalogue_codes(tuple(checks))
    if codes is not None:
        found = [f for f in found if f.code in codes]
    own = [c for c in checks if id(c) not in _DEFAULT_IDS]
    for check in own:
        try:
            found = [*found, *validate(report, [check])]
        except (Exception, SystemExit) as exc:  # a stranger's check: its failure is its own
            what = code_of(check) or getattr(check, "__qualname__", repr(check))
            return FileResult.failure(name, f"the check {what} raised {describe(exc)}")
    if own:
        found.sort(key=_source_order)
    kept = tuple(f for f in found if _wanted(f.code, select, ignore))
    if review is not None:
        from gov_disclosure.batch._review import write_page

        try:
            write_page(review, name, report, kept)
        except OSError as exc:
            return FileResult.failure(name, f"cannot write its review page: {exc.strerror or exc}")
        except Exception as exc:  # a bug of ours must fail this file, not its worker
            return FileResult.failure(
                name, f"internal error writing its review page, please report it: {exc!r}"
            )
    return report_result(name, report, report_facts, status=status, findings=kept)


_DEFAULT_IDS = frozenset(map(id, DEFAULT_CHECKS))


def _catalogue_codes(checks: tuple[Check, ...]) -> frozenset[str | None] | None:
    """The codes of the catalogue's checks among ``checks``; None when they are all there."""
    ids = {id(c) for c in checks}
    if ids >= _DEFAULT_IDS:
        return None
    return frozenset(code_of(c) for c in DEFAULT_CHECKS if id(c) in ids)


def _source_order(finding: Finding) -> tuple[bool, int, str]:
    return (finding.line is None, finding.line or 0, finding.code)


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
