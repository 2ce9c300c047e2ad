"""How well the library reads reports after third-party converters (run by hand, not a test).

    python bench/matrix.py                        # seeds + examples/, every tool found
    python bench/matrix.py --tools pdftotext-layout,w3m --markdown
    python bench/matrix.py --show pdftotext 000   # the converter's text and every miss

Each report is written as HTML (``render``), DOCX and PDF (the test suite's writers), each
tool turns that file into text, and ``parse`` reads the text. The truth is the facts of the
original text, which the golden tests pin to hand-read values. A cell is right/wrong/missing
for the table facts; meta facts (year, template, subject, published) are counted apart.

``wrong`` is a fact stated but different from the truth (the costly defect: a user cannot
tell it from a right one), a number read as a blank cell included (blank is not 0); ``wrong*``
the part of it whose truth is a blank cell (a value shifted into it); ``missing`` is a fact
absent, ``missing*`` the part whose truth is blank (no data lost, only the cell). A file whose
text the library refuses counts all its facts missing and shows ``FAIL``; a tool error shows
``TOOLERR`` and an exception other than GovDisclosureError shows ``CRASH`` (a library bug).

The tools are optional: pip packages (markitdown, pdfplumber, pypdfium2, html2text, inscriptis,
beautifulsoup4, mammoth, docx2txt; reportlab and python-docx to write the PDF and DOCX) and
Debian programs (poppler-utils, pandoc, w3m). A missing one is named and skipped.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Literal

import gov_disclosure

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = [ROOT.parent / "shared" / "corpus" / "seeds", ROOT / "examples"]
TIMEOUT = 60
Format = Literal["html", "docx", "pdf"]
Key = tuple[str, str, str]
Value = gov_disclosure.FactValue


def _mod(name: str) -> ModuleType:
    # Imported by name so that mypy in the project's venv needs none of the tools' stubs.
    return importlib.import_module(name)


def _run(args: list[str], data: bytes, suffix: str) -> str:
    # A file, not stdin: pdftotext and pandoc's docx reader need a seekable input.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in{suffix}"
        path.write_bytes(data)
        done = subprocess.run(
            [a.replace("{in}", str(path)) for a in args], capture_output=True, timeout=TIMEOUT, check=True
        )
    return done.stdout.decode("utf-8", errors="replace")


def _with_file(data: bytes, suffix: str, read: Callable[[str], str]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in{suffix}"
        path.write_bytes(data)
        return read(str(path))


def _pdfium(data: bytes) -> str:
    pdf = _mod("pypdfium2").PdfDocument(data)
    return "\n".join(str(page.get_textpage().get_text_range()) for page in pdf)


def _pdfplumber(data: bytes) -> str:
    with _mod("pdfplumber").open(io.BytesIO(data)) as pdf:
        return "\n".join(str(page.extract_text() or "") for page in pdf.pages)


def _markitdown(suffix: str) -> Callable[[bytes], str]:
    def convert(data: bytes) -> str:
        md = _mod("markitdown").MarkItDown()
        return _with_file(data, suffix, lambda path: str(md.convert(path).text_content))

    return convert


def _soup(sep: str) -> Callable[[bytes], str]:
    def convert(data: bytes) -> str:
        soup = _mod("bs4").BeautifulSoup(data.decode("utf-8"), "html.parser")
        return str(soup.get_text(sep))

    return convert


def _mammoth(kind: str) -> Callable[[bytes], str]:
    def convert(data: bytes) -> str:
        mammoth = _mod("mammoth")
        fn = mammoth.extract_raw_text if kind == "text" else mammoth.convert_to_markdown
        return str(fn(io.BytesIO(data)).value)

    return convert


def _ours(data: bytes) -> str:
    # parse_bytes is parse(read_bytes(...)): the reader's text is the library's own baseline.
    from gov_disclosure.readers import read_bytes

    return read_bytes(data)


@dataclass(frozen=True)
class Tool:
    source: Format
    convert: Callable[[bytes], str]
    modules: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()

    def missing(self) -> list[str]:
        mods = [m for m in self.modules if importlib.util.find_spec(m) is None]
        return mods + [p for p in self.programs if shutil.which(p) is None]


def _program(source: Format, args: list[str], suffix: str) -> Tool:
    return Tool(source, lambda data: _run(args, data, suffix), programs=(args[0],))


def _pdftotext(*opts: str) -> Tool:
    return _program("pdf", ["pdftotext", *opts, "-enc", "UTF-8", "{in}", "-"], ".pdf")


def _pandoc(to: str) -> Tool:
    return _program("docx", ["pandoc", "-f", "docx", "-t", to, "{in}"], ".docx")


def _html_call(module: str, function: str) -> Tool:
    return Tool("html", lambda data: str(getattr(_mod(module), function)(data.decode("utf-8"))), (module,))


TOOLS: dict[str, Tool] = {
    "ours-html": Tool("html", _ours, ("lxml",)),
    "ours-docx": Tool("docx", _ours, ("docx",)),
    "ours-pdf": Tool("pdf", _ours, ("pypdfium2",)),
    "pdftotext": _pdftotext(),
    "pdftotext-layout": _pdftotext("-layout"),
    "pdftotext-raw": _pdftotext("-raw"),
    "pypdfium2": Tool("pdf", _pdfium, ("pypdfium2",)),
    "pdfplumber": Tool("pdf", _pdfplumber, ("pdfplumber",)),
    "markitdown-pdf": Tool("pdf", _markitdown(".pdf"), ("markitdown", "pdfminer")),
    "markitdown-docx": Tool("docx", _markitdown(".docx"), ("markitdown", "mammoth")),
    "markitdown-html": Tool("html", _markitdown(".html"), ("markitdown",)),
    "pandoc-plain": _pandoc("plain"),
    "pandoc-markdown": _pandoc("markdown"),
    "pandoc-gfm": _pandoc("gfm"),
    "w3m": _program(
        "html", ["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "{in}"], ".html"
    ),
    "html2text": _html_call("html2text", "html2text"),
    "inscriptis": _html_call("inscriptis", "get_text"),
    "bs4-empty": Tool("html", _soup(""), ("bs4",)),
    "bs4-newline": Tool("html", _soup("\n"), ("bs4",)),
    "bs4-space": Tool("html", _soup(" "), ("bs4",)),
    "mammoth-text": Tool("docx", _mammoth("text"), ("mammoth",)),
    "mammoth-markdown": Tool("docx", _mammoth("markdown"), ("mammoth",)),
    "docx2txt": Tool("docx", lambda d: str(_mod("docx2txt").process(io.BytesIO(d))), ("docx2txt",)),
}


def _writers() -> dict[Format, Callable[[gov_disclosure.AnnualReport], bytes]]:
    out: dict[Format, Callable[[gov_disclosure.AnnualReport], bytes]] = {
        "html": lambda r: gov_disclosure.render(r, "html").encode("utf-8")
    }
    # The tests' writers, so the files measured here are those the round-trip tests read.
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        writers = _mod("writers")
    except ImportError as exc:
        print(f"note: no DOCX/PDF sources (tests/writers.py needs python-docx: {exc})", file=sys.stderr)
        return out
    out["docx"] = writers.docx_bytes
    if importlib.util.find_spec("reportlab") is None:
        print("note: no PDF sources (reportlab is not installed)", file=sys.stderr)
    else:
        out["pdf"] = writers.pdf_bytes
    return out


@dataclass
class Report:
    name: str
    path: Path
    truth: dict[Key, Value]
    sources: dict[Format, bytes] = field(default_factory=dict)


@dataclass
class Cell:
    status: str = "ok"  # ok, FAIL (library refused), TOOLERR, CRASH (library raised a bug)
    error: str = ""
    text: str = ""
    right: dict[str, int] = field(default_factory=lambda: {"table": 0, "meta": 0})
    wrong: list[tuple[Key, Value, Value]] = field(default_factory=list)
    missing: list[tuple[Key, Value]] = field(default_factory=list)
    extra: list[tuple[Key, Value]] = field(default_factory=list)

    def count(self, kind: str, part: str) -> int:
        if kind == "right":
            return self.right[part]
        items = self.missing if kind.startswith("missing") else [(k, w) for k, w, _ in self.wrong]
        shifted = kind.endswith("*")
        meta = part == "meta"
        return sum(1 for key, want in items if (key[0] == "meta") == meta and (want is None or not shifted))


def _keyed(facts: Iterable[gov_disclosure.Fact]) -> dict[Key, Value]:
    return {(f.table, f.row, f.column): f.value for f in facts}


def compare(truth: dict[Key, Value], got: dict[Key, Value], cell: Cell) -> None:
    for key, want in truth.items():
        have = got.get(key)
        if key in got and have == want:
            cell.right["meta" if key[0] == "meta" else "table"] += 1
        elif key not in got:
            cell.missing.append((key, want))
        else:
            cell.wrong.append((key, want, have))
    cell.extra = [(key, value) for key, value in got.items() if key not in truth]


def measure(tool: Tool, report: Report) -> Cell:
    cell = Cell()
    try:
        cell.text = tool.convert(report.sources[tool.source])
    except Exception as exc:  # any converter failure is the tool's, reported, never fatal
        cell.status, cell.error = "TOOLERR", f"{type(exc).__name__}: {exc}"[:300]
    got: dict[Key, Value] = {}
    if cell.status == "ok":
        try:
            got = _keyed(gov_disclosure.facts(gov_disclosure.parse(cell.text)))
        except gov_disclosure.GovDisclosureError as exc:
            cell.status, cell.error = "FAIL", str(exc)
        except Exception as exc:
            cell.status, cell.error = "CRASH", f"{type(exc).__name__}: {exc}"
    compare(report.truth, got, cell)
    return cell


def short_name(path: Path) -> str:
    stem = path.stem
    head = stem.split("_")[0] if stem[:1].isdigit() else stem.split("-")[0]
    return head or stem


def load_reports(sources: list[Path]) -> list[Report]:
    paths: list[Path] = []
    for src in sources:
        if src.is_dir():
            paths += sorted(p for p in src.iterdir() if p.suffix in (".txt", ".md"))
        elif src.is_file():
            paths.append(src)
        else:
            print(f"note: no such source {src}", file=sys.stderr)
    writers = _writers()
    reports: list[Report] = []
    for path in paths:
        try:
            report = gov_disclosure.parse_file(path)
        except gov_disclosure.GovDisclosureError as exc:  # no truth, nothing to measure against
            print(f"note: skipping {path}: {exc}", file=sys.stderr)
            continue
        name = short_name(path)
        if any(r.name == name for r in reports):
            name = path.stem
        item = Report(name, path, _keyed(gov_disclosure.facts(report)))
        for fmt, write in writers.items():
            try:
                item.sources[fmt] = write(report)
            except Exception as exc:  # its cells then show TOOLERR; the other formats still count
                print(f"note: cannot write {path.name} as {fmt}: {exc}", file=sys.stderr)
        reports.append(item)
    return reports


def _cell_text(cell: Cell, part: str) -> str:
    counts = "/".join(str(cell.count(k, part)) for k in ("right", "wrong", "missing"))
    return counts if cell.status == "ok" else f"{cell.status}"


def _table(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        cells = (
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        return "  ".join(cells)

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def matrix(results: dict[str, dict[str, Cell]], reports: list[Report], part: str, markdown: bool) -> str:
    kinds = ("right", "wrong", "wrong*", "missing", "missing*")
    header = ["tool", *(r.name for r in reports), *kinds, "failed", "rate"]
    rows: list[list[str]] = []
    for name, cells in results.items():
        truth = sum(sum((k[0] == "meta") == (part == "meta") for k in r.truth) for r in reports)
        sums = [sum(c.count(k, part) for c in cells.values()) for k in kinds]
        failed = sum(c.status != "ok" for c in cells.values())
        rate = f"{sums[0] / truth:.1%}" if truth else "-"
        rows.append(
            [name, *(_cell_text(cells[r.name], part) for r in reports), *map(str, sums), str(failed), rate]
        )
    return _table(header, rows, markdown)


def _fmt(key: Key) -> str:
    return ".".join(key)


def show(cell: Cell, tool: str, report: Report) -> None:
    print(f"=== {tool} on {report.name} ({report.path}): {cell.status} {cell.error}".rstrip())
    print(cell.text)
    print(f"=== wrong ({len(cell.wrong)}): expected -> got")
    for key, want, have in cell.wrong:
        print(f"  {_fmt(key)}: {want!r} -> {have!r}{'   (blank in truth)' if want is None else ''}")
    print(f"=== missing ({len(cell.missing)}): expected -> got")
    for key, want in cell.missing:
        print(f"  {_fmt(key)}: {want!r} -> absent")
    print(f"=== extra ({len(cell.extra)}): not in the truth")
    for key, value in cell.extra:
        print(f"  {_fmt(key)}: {value!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--sources", nargs="+", type=Path, default=DEFAULT_SOURCES, help="folders or files")
    ap.add_argument("--tools", help="comma-separated tool names (default: all); see --list")
    ap.add_argument("--json", type=Path, help="write every cell, with its misses, to this file")
    ap.add_argument("--markdown", action="store_true", help="print markdown tables")
    ap.add_argument(
        "--show", nargs=2, metavar=("TOOL", "FILE"), help="one tool's text and misses on one file"
    )
    ap.add_argument("--list", action="store_true", help="list the tools and whether each is available")
    args = ap.parse_args(argv)
    if args.list:
        for name, tool in TOOLS.items():
            lack = tool.missing()
            print(f"{name:18} {tool.source:5} {'missing: ' + ', '.join(lack) if lack else 'ok'}")
        return 0
    names = args.tools.split(",") if args.tools else list(TOOLS)
    if args.show:
        names = [args.show[0]]
    unknown = [n for n in names if n not in TOOLS]
    if unknown:
        ap.error(f"unknown tools: {', '.join(unknown)} (known: {', '.join(TOOLS)})")
    reports = load_reports(args.sources)
    if args.show:
        found = [r for r in reports if args.show[1] in (r.name, r.path.name, r.path.stem)]
        if not found:
            ap.error(f"no source {args.show[1]!r} (known: {', '.join(r.name for r in reports)})")
        tool = TOOLS[names[0]]
        if tool.missing() or tool.source not in found[0].sources:
            ap.error(f"{names[0]} cannot run here: missing {', '.join(tool.missing()) or tool.source}")
        show(measure(tool, found[0]), names[0], found[0])
        return 0
    results: dict[str, dict[str, Cell]] = {}
    skipped: list[str] = []
    for name in names:
        tool = TOOLS[name]
        lack = tool.missing() or ([] if any(tool.source in r.sources for r in reports) else [tool.source])
        if lack:
            skipped.append(f"{name} (missing {', '.join(lack)})")
            continue
        results[name] = {r.name: measure(tool, r) for r in reports}
    if skipped:
        print(f"Skipped, not installed here: {'; '.join(skipped)}\n")
    print("Table facts: right/wrong/missing per file; wrong*, missing* = those whose truth is a blank cell;")
    print("rate = right / truth facts of all files (a failed file's facts count as missing)\n")
    print(matrix(results, reports, "table", args.markdown))
    print("\nMeta facts (year, template, subject, published): right/wrong/missing\n")
    print(matrix(results, reports, "meta", args.markdown))
    errors = [(t, f, c) for t, cells in results.items() for f, c in cells.items() if c.status != "ok"]
    if errors:
        print("\nFailures:")
        for t, f, c in errors:
            print(f"  {t} on {f}: {c.status} {c.error}")
    if args.json:
        data = {
            t: {
                f: {
                    "status": c.status,
                    "error": c.error,
                    "right": c.right,
                    "wrong": [[_fmt(k), w, h] for k, w, h in c.wrong],
                    "missing": [[_fmt(k), w] for k, w in c.missing],
                    "extra": [[_fmt(k), v] for k, v in c.extra],
                }
                for f, c in cells.items()
            }
            for t, cells in results.items()
        }
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
