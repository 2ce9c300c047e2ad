"""The ``gov-disclosure`` command.

Exit status: 0 when all went well; 1 when ``check`` found an error-level finding; 2 when a file
cannot be read, is not a report, or is over a limit of `gov_disclosure.limits` (one line on
standard error, never a traceback); 130 when interrupted (Ctrl-C). ``batch`` exits 0 once the
run is complete, however many files failed (they are in its output), and 2 on bad usage or an
output it cannot write.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

import gov_disclosure
from gov_disclosure.errors import GovDisclosureError, describe

if TYPE_CHECKING:
    from gov_disclosure.checks import Check
    from gov_disclosure.model import AnnualReport

# The library is imported by each command when it runs, inside main's handlers: a Ctrl-C
# or an error while it loads is answered in one line like any other.

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def _value(cell: object) -> str:
    value = getattr(cell, "value", None) if cell is not None else None
    return "—" if value is None else str(value)


def summary(report: AnnualReport) -> str:
    """A short human-readable account of what was read."""
    from gov_disclosure.export import facts
    from gov_disclosure.form import PARTS

    meta = report.meta
    lines = [
        _value(meta.title),
        f"  subject: {_value(meta.subject)}   year: {_value(meta.year)}"
        f"   published: {_value(meta.published)}",
        f"  template: {meta.template or '—'}   layout: {meta.layout}",
    ]
    for number, name in ((p.number, p.heading) for p in PARTS):
        found = [p for p in report.parts if p.number == number]
        where = ", ".join(f"line {p.heading.span.line}" for p in found if p.heading.span) or "missing"
        lines.append(f"  {name}: {where}")
    n_facts = len(facts(report))
    tables = {
        "table 2 (主动公开)": report.active,
        "table 3 (依申请)": report.applications,
        "table 4 (复议诉讼)": report.reviews,
    }
    for name, table in tables.items():
        if table is None:
            lines.append(f"  {name}: missing")
            continue
        span = table.span
        how = "" if table.header_found else " (no header: recognised by shape)"
        lines.append(f"  {name}: lines {span.line}-{span.end_line}{how}" if span else f"  {name}")
    apps = report.applications
    if apps is not None:
        lines.append(
            "  applications: 新收 "
            + _value(apps.new_received.total if apps.new_received else None)
            + ", 上年结转 "
            + _value(apps.carried_over.total if apps.carried_over else None)
            + ", 总计 "
            + _value(apps.total.total if apps.total else None)
            + ", 结转下年 "
            + _value(apps.carried_forward.total if apps.carried_forward else None)
        )
    if report.stray:
        lines.append(f"  cells outside any table row: {len(report.stray)}")
    lines.append(f"  facts: {n_facts}")
    return "\n".join(lines)


def _read(path: str) -> AnnualReport:
    from gov_disclosure.parsing import parse_file

    try:
        return parse_file(path)
    except GovDisclosureError as exc:
        # Name the file: a batch of many files must say which one failed.
        raise GovDisclosureError(f"{path}: {exc}") from exc


def _cmd_parse(args: argparse.Namespace, out: TextIO) -> int:
    from gov_disclosure.export import to_json

    indent = 2 if args.indent else None
    for path in args.files:
        report = _read(path)
        if not args.json:
            out.write(f"{path}\n{summary(report)}\n")
        elif len(args.files) == 1:
            out.write(to_json(report, indent=indent) + "\n")  # the model itself: from_json reads it
        else:
            # Several files: each report inside a record naming its file.
            model = json.loads(to_json(report))
            out.write(json.dumps({"file": path, "report": model}, ensure_ascii=False, indent=indent) + "\n")
    return EXIT_OK


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    from gov_disclosure.checks import compare

    old, new = _read(args.old), _read(args.new)
    found = compare(old, new)
    status = EXIT_FINDINGS if any(f.severity == "error" for f in found.findings) else EXIT_OK
    if args.format == "json":
        out.write(
            json.dumps({"old": args.old, "new": args.new, **found.as_dict()}, ensure_ascii=False, indent=2)
        )
        out.write("\n")
        return status
    out.write(f"old: {args.old} ({_who(old)})\nnew: {args.new} ({_who(new)})\n")
    out.write("comparable: yes\n" if found.comparable else f"comparable: no: {found.reason}\n")
    out.write(f"changed facts: {len(found.facts)}\n")
    for change in found.facts:
        out.write(
            f"  {change.table}.{change.row}.{change.column}: {_shown(change.old)} → {_shown(change.new)}\n"
        )
    out.write(f"findings: {len(found.findings)}\n")
    for finding in found.findings:
        where = _where(args.new, new, finding.line)
        out.write(f"  {where} {finding.code} [{finding.severity}] {finding.message}\n")
    if found.repeated_text is None:
        out.write("repeated text: none (no narrative this year)\n")
    else:
        out.write(
            f"repeated text: {found.repeated_text:.1%} of this year's narrative repeats last year's"
            f" word for word ({len(found.repeated)} sentences)\n"
        )
        for sentence in found.repeated:
            out.write(f"  {args.new}:{sentence.line}: {sentence.text}\n")
    return status


def _where(path: str, report: AnnualReport, line: int | None) -> str:
    """``file:line:``; for a PDF ``file:page N:line:``, the page the user sees first."""
    if line is None:
        return f"{path}:"
    page = report.meta.page_of(line)
    return f"{path}:page {page}:{line}:" if page is not None else f"{path}:{line}:"


def _cmd_text(args: argparse.Namespace, out: TextIO) -> int:
    from gov_disclosure.parsing._frontend import source_lines
    from gov_disclosure.readers import PagedText, read_path

    try:
        text = read_path(args.file)
    except GovDisclosureError as exc:
        raise GovDisclosureError(f"{args.file}: {exc}") from exc
    pages = text.page_lines if isinstance(text, PagedText) else ()
    page = 0
    for number, line in enumerate(source_lines(text), start=1):
        while page < len(pages) and pages[page] <= number:
            page += 1
        if args.bare:
            out.write(line + "\n")
        elif pages:
            out.write(f"{number:6d} p{page:<4d}{line}\n")
        else:
            out.write(f"{number:6d}  {line}\n")
    return EXIT_OK


def _who(report: AnnualReport) -> str:
    meta = report.meta
    subject = meta.subject.value if meta.subject else "?"
    year = meta.year.value if meta.year else "?"
    return f"{subject} {year}"


def _shown(value: object) -> str:
    return "—" if value is None else str(value)


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from gov_disclosure.export import schema

    out.write(json.dumps(schema(args.name), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _cmd_facts(args: argparse.Namespace, out: TextIO) -> int:
    from gov_disclosure.export import facts

    for path in args.files:
        for fact in facts(_read(path)):
            out.write(json.dumps({"file": path, **fact.as_dict()}, ensure_ascii=False) + "\n")
    return EXIT_OK


def _codes(values: list[str] | None) -> list[str] | None:
    """``--select A,S001 --select T`` → ["A", "S001", "T"]."""
    if values is None:
        return None
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


def _checks(args: argparse.Namespace, *, guard: bool = True) -> tuple[Check, ...]:
    """The catalogue, every installed rule pack, and the checks ``--check`` names; with
    ``guard``, a check of one's own that raises (or exits) says so, naming itself, for the
    file it read (batch's workers do that themselves, and need the checks as they are, to
    send them)."""
    from gov_disclosure.checks import DEFAULT_CHECKS, installed_checks, load_checks

    found = (*installed_checks(), *(c for spec in args.check or () for c in load_checks(spec)))
    if not guard:
        return found
    ours = set(map(id, DEFAULT_CHECKS))
    return tuple(c if id(c) in ours else _guarded(c) for c in found)


def _guarded(check: Check) -> Check:
    import attrs

    from gov_disclosure.checks import Rule

    if isinstance(check, Rule):
        return attrs.evolve(check, check=_guard(check.check, check.code))
    return _guard(check, getattr(check, "__qualname__", repr(check)))


def _guard(check: Callable[..., Any], name: str) -> Check:
    def run(*reports: AnnualReport) -> list[Any]:
        try:
            return list(check(*reports))
        except (Exception, SystemExit) as exc:  # a stranger's check: its failure is its own
            raise GovDisclosureError(f"the check {name} raised {describe(exc)}") from exc

    run.__qualname__ = name
    return run


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from gov_disclosure.checks import check_codes, validate

    select, ignore = _codes(args.select), _codes(args.ignore)
    checks = _checks(args)
    check_codes(select, ignore, checks)  # before any file is read
    if args.format == "html" and len(args.files) != 1:
        raise GovDisclosureError(
            "check --format html writes the review page of one file; for many, batch DIR --review FOLDER"
        )
    status = EXIT_OK
    records: list[dict[str, object]] = []
    for path in args.files:
        try:
            report = _read(path)
        except GovDisclosureError as exc:
            # One bad file must not hide the findings of the others, nor be missing from them.
            print(f"gov-disclosure: {exc}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            records.append({"file": path, "error": str(exc)})
            continue
        try:
            found = validate(report, checks, select=select, ignore=ignore)
        except GovDisclosureError as exc:  # a check of one's own failed on this file
            print(f"gov-disclosure: {path}: {exc}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            records.append({"file": path, "error": str(exc)})
            continue
        if args.format == "html":
            from gov_disclosure.rendering import review_html

            out.write(review_html(report, found, source=path))
            return EXIT_FINDINGS if any(f.severity == "error" for f in found) else EXIT_OK
        for finding in found:
            if finding.severity == "error" and status == EXIT_OK:
                status = EXIT_FINDINGS
            if args.format == "json":
                # Where the cell or line the finding is about came from: for a PDF its page
                # and box (points from the page's top-left corner), for a Word file or a web
                # page its element; None for text.
                region = report.region_of(finding)
                page = region.page if region is not None else None
                records.append(
                    {
                        "file": path,
                        **finding.as_dict(),
                        "page": page if page is not None else report.meta.page_of(finding.line),
                        "box": list(region.box) if region is not None and region.box else None,
                        "element": region.element if region is not None else None,
                    }
                )
            else:
                where = _where(path, report, finding.line)
                out.write(f"{where} {finding.code} [{finding.severity}] {finding.message}\n")
    if args.format == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    return status


_CHECK_HELP = (
    "also run these checks of one's own: a function, a Rule or a list of them in an importable"
    " module (the current folder first); installed rule packs always run"
)
_FILES_HELP = "report files: text, HTML, DOCX or PDF (the format is read from the content)"


def _cmd_batch(args: argparse.Namespace, _out: TextIO) -> int:
    # The batch writes its own outputs; the shared signature's stream is not used.
    from gov_disclosure.batch import run_batch
    from gov_disclosure.batch._journal import partial_path

    try:
        summary = run_batch(
            args.paths,
            args.output,
            format=args.format,
            jobs=args.jobs,
            timeout=args.timeout or None,
            select=_codes(args.select),
            ignore=_codes(args.ignore),
            progress=False if args.quiet else None,
            resume=args.resume,
            checks=_checks(args, guard=False),
            review=args.review,
        )
    except KeyboardInterrupt:
        where = (
            ""
            if args.output == "-"
            else f"; the files done are in {partial_path(args.output)}: run the same command with"
            " --resume to go on (the previous output is as it was)"
        )
        print(f"gov-disclosure: interrupted{where}", file=sys.stderr)
        return EXIT_INTERRUPTED
    # Quiet off a terminal (a cron job, a pipeline) while all is well; failed files are news,
    # so they are told there too (unless -q). --summary asks for the lines anyway, for a log.
    if args.summary or (not args.quiet and (sys.stderr.isatty() or summary.failed or summary.skipped)):
        print(summary.text(), file=sys.stderr)
    return EXIT_OK


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds >= 0, not {text}")
    return value


class _VersionAction(argparse.Action):
    """``--version``, looking the version up only when asked (see gov_disclosure.__getattr__)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        sys.stdout.write(f"{parser.prog} {gov_disclosure.__version__}\n")  # as argparse's own
        parser.exit()


def build_arg_parser() -> argparse.ArgumentParser:
    """The command line's grammar (also used by the docs)."""
    from gov_disclosure.batch import DEFAULT_TIMEOUT, default_jobs

    ap = argparse.ArgumentParser(
        prog="gov-disclosure",
        description="Read 政府信息公开工作年度报告 into typed data and check them.",
    )
    ap.add_argument("--version", action=_VersionAction, nargs=0, help="show the version and exit")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="read reports; print a summary or the whole model")
    p.add_argument("files", nargs="+", metavar="FILE", help=_FILES_HELP)
    p.add_argument("--json", action="store_true", help="print the whole model as JSON")
    p.add_argument("--indent", action="store_true", help="indent the JSON")
    p.set_defaults(run=_cmd_parse)
    t = sub.add_parser(
        "text",
        help="print the text a reader made of a file, with the line numbers findings refer to",
        description="Each line with its number (and for a PDF its page: p3); --bare for the text alone.",
    )
    t.add_argument("file", metavar="FILE", help=_FILES_HELP)
    t.add_argument("--bare", action="store_true", help="the text alone, without numbers")
    t.set_defaults(run=_cmd_text)
    m = sub.add_parser(
        "compare",
        help="two years of one organ side by side: comparable?, changed facts, X findings, repeated text",
        description="OLD is last year's report, NEW this year's. Exit status: 0, 1 when an X rule"
        " finds an error, 2 when a file cannot be read.",
    )
    m.add_argument("old", metavar="OLD", help="last year's report")
    m.add_argument("new", metavar="NEW", help="this year's report")
    m.add_argument("--format", choices=("text", "json"), default="text")
    m.set_defaults(run=_cmd_compare)
    s = sub.add_parser(
        "schema",
        help="print the JSON Schema of what the commands write",
        description="report: parse --json; record: a batch JSON Lines record; fact: a line of"
        " facts; finding: a finding; check: what check --format json prints; parse: a line of parse"
        " --json given several files. Draft 2020-12.",
    )
    s.add_argument(
        "name", nargs="?", default="report", choices=("report", "record", "fact", "finding", "check", "parse")
    )
    s.set_defaults(run=_cmd_schema)
    f = sub.add_parser("facts", help="print every fact, one JSON object per line")
    f.add_argument("files", nargs="+", metavar="FILE", help=_FILES_HELP)
    f.set_defaults(run=_cmd_facts)
    c = sub.add_parser(
        "check",
        help="check reports against the rule catalogue; exit 1 if any error-level finding",
        description="Exit status: 0 no error-level finding, 1 some, 2 a file could not be read.",
    )
    c.add_argument("files", nargs="+", metavar="FILE", help=_FILES_HELP)
    c.add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help="html: the review page of one file (its tables, each problem marked on its cell)",
    )
    c.add_argument(
        "--select", action="append", metavar="CODES", help="only these codes or prefixes (A,S001,…)"
    )
    c.add_argument("--ignore", action="append", metavar="CODES", help="drop these codes or prefixes")
    c.add_argument("--check", action="append", metavar="MODULE:NAME", help=_CHECK_HELP)
    c.set_defaults(run=_cmd_check)
    b = sub.add_parser(
        "batch",
        help="parse and check many files in worker processes; write JSON Lines, CSV, Parquet or Excel",
        description=(
            "Read every file under PATH (folders recursively, every file whatever its name: the"
            " format is read from the content) and write one record per file, in file order. A"
            " file that cannot be read is recorded as failed, one of a format no reader takes"
            " (a spreadsheet, a legacy .doc) or hidden as skipped, with the reason; the run goes on."
            " Exit status: 0 when the run completed, 2 on bad usage or an unwritable output."
        ),
    )
    b.add_argument("paths", nargs="+", metavar="PATH")
    b.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the output file (- for JSON Lines on standard output); CSV and Parquet also write"
        " OUT's .findings and .files tables beside it",
    )
    b.add_argument(
        "--format",
        choices=("jsonl", "csv", "parquet", "xlsx"),
        help="default: from OUT's suffix (.jsonl .ndjson .csv .parquet .pq .xlsx; jsonl without"
        " one; another suffix is an error)",
    )
    b.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=None,
        metavar="N",
        help=f"worker processes (default: the CPUs available, here {default_jobs()})",
    )
    b.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a file after this long (default {DEFAULT_TIMEOUT:g}; 0: never)",
    )
    b.add_argument(
        "--select", action="append", metavar="CODES", help="only these findings (codes or prefixes)"
    )
    b.add_argument("--ignore", action="append", metavar="CODES", help="drop these findings")
    b.add_argument("--check", action="append", metavar="MODULE:NAME", help=_CHECK_HELP)
    b.add_argument(
        "--review",
        metavar="FOLDER",
        help="also write a review page per report into FOLDER, and FOLDER/index.html listing them",
    )
    b.add_argument(
        "--resume",
        action="store_true",
        help="go on from an interrupted run (OUT.partial) or a complete one: files already"
        " recorded are not read again, their records are kept",
    )
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    b.add_argument(
        "--summary",
        action="store_true",
        help="print the summary in any case (off a terminal it is printed only when a file failed)",
    )
    b.set_defaults(run=_cmd_batch)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = build_arg_parser().parse_args(argv)
        run: Callable[[argparse.Namespace, TextIO], int] = args.run
        return run(args, sys.stdout)
    except GovDisclosureError as exc:
        print(f"gov-disclosure: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except MemoryError:
        print(
            "gov-disclosure: out of memory reading the document; see gov_disclosure.limits", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    except RecursionError:
        print("gov-disclosure: the document nests too deeply to read", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("gov-disclosure: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug of ours: one line, not a traceback, and a distinct status
        if _interrupted(exc):
            print("gov-disclosure: interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
        print(f"gov-disclosure: internal error, please report it: {exc!r}", file=sys.stderr)
        return EXIT_INTERNAL


def _interrupted(exc: BaseException) -> bool:
    """Whether Ctrl-C caused ``exc``: Python wraps a KeyboardInterrupt raised while a class is
    being made (``__set_name__``, as lark's import makes its classes) in a RuntimeError."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
