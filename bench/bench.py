"""Benchmark parsing and validation of annual reports (run by hand, not a test).

    python bench/bench.py                      # corpus seeds + examples/, markdown on stdout
    python bench/bench.py --seeds DIR -n 200   # another corpus folder, more repeats

Every figure is the median of ``-n`` repeats, timed in one process. The default clock is
``time.process_time`` (CPU time of this process), which is less disturbed than wall-clock time
by other work on a shared machine; ``--clock wall`` uses ``time.perf_counter``. The cold start
is timed in fresh interpreters, wall clock, since it includes reading files from disk.

Only the standard library and gov_disclosure are used; the other formats (PDF, HTML, DOCX)
need the readers' extras, and a format whose library is missing is skipped.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _yardstick import line_pass

import gov_disclosure
import gov_disclosure.readers
from gov_disclosure.parsing import _frontend as frontend
from gov_disclosure.parsing import _values as values
from gov_disclosure.parsing._frontend import canonicalize
from gov_disclosure.parsing._report import build_report
from gov_disclosure.parsing._speed import parse_sections

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
SCALES = (1, 2, 4, 8, 16)

_COLD = """
import sys, time
t0 = time.perf_counter()
import gov_disclosure
t1 = time.perf_counter()
text = open(sys.argv[1], encoding="utf-8").read()
t2 = time.perf_counter()
gov_disclosure.parse(text)
t3 = time.perf_counter()
gov_disclosure.parse(text)
t4 = time.perf_counter()
print(t1 - t0, t3 - t2, t4 - t3)
"""


def median_ms(fn: Callable[[], Any], repeat: int, clock: Callable[[], float]) -> float:
    """Median time of one call of ``fn``, in milliseconds, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times) * 1000


# Per-process memos of pure functions (folded cell texts, numbers read from cells). Repeating
# one report makes them hit every time; a stream of different reports hits them less (labels
# and small numbers recur, prose does not). "parse, no memo" clears them before every call.
_MEMOS = [
    f
    for f in (getattr(frontend, "fold_cell", None), getattr(values, "read_number", None))
    if hasattr(f, "cache_clear")
]


def _parse_without_memos(text: str) -> None:
    for f in _MEMOS:
        f.cache_clear()  # type: ignore[union-attr]
    gov_disclosure.parse(text)


def stage_times(
    text: str, repeat: int, clock: Callable[[], float], yardstick: Callable[[str], Any]
) -> dict[str, float]:
    """Milliseconds per stage for one report's text (and the yardstick's on the same text)."""
    canon = canonicalize(text)
    elements = parse_sections(canon.text)
    report = gov_disclosure.parse(text)
    return {
        "canonicalize": median_ms(lambda: canonicalize(text), repeat, clock),
        "lark": median_ms(lambda: parse_sections(canon.text), repeat, clock),
        "assemble": median_ms(lambda: build_report(canon, elements), repeat, clock),
        "parse": median_ms(lambda: gov_disclosure.parse(text), repeat, clock),
        "parse, no memo": median_ms(lambda: _parse_without_memos(text), repeat, clock),
        "validate": median_ms(lambda: gov_disclosure.validate(report), repeat, clock),
        "facts": median_ms(lambda: gov_disclosure.facts(report), repeat, clock),
        "line pass": median_ms(lambda: yardstick(text), repeat, clock),
        "tokens": float(canon.text.count("\n")),
    }


def cold_start(path: Path, runs: int, cache: str) -> tuple[float, float, float]:
    """Import, first parse and second parse in fresh interpreters: medians in milliseconds.

    ``cache`` is the parser cache folder the interpreters use ("" for none: they build).
    """
    env = {**os.environ, "GOV_DISCLOSURE_CACHE_DIR": cache}
    rows = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _COLD, str(path)], capture_output=True, text=True, check=True, env=env
        ).stdout.split()
        rows.append([float(x) * 1000 for x in out])
    imp, first, second = (statistics.median(col) for col in zip(*rows, strict=True))
    return imp, first, second


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of seed reports (*.txt)")
    ap.add_argument("--examples", type=Path, default=ROOT / "examples", help="folder of example reports")
    ap.add_argument("-n", "--repeat", type=int, default=50, help="repeats per measurement (median)")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu", help="process_time or perf_counter")
    ap.add_argument("--cold-runs", type=int, default=5, help="fresh interpreters for the cold start")
    ap.add_argument("--batch-files", type=int, default=300, help="files in the batch run (0: skip it)")
    ap.add_argument("--pdf-batch", type=int, default=300, help="PDFs in the PDF batch run (0: skip it)")
    ap.add_argument(
        "--external",
        type=Path,
        default=None,
        help="folder of PDF, HTML and DOCX reports to time (default: external/ beside the seeds)",
    )
    args = ap.parse_args(argv)
    if args.repeat < 1 or args.cold_runs < 1:
        ap.error("--repeat and --cold-runs must be at least 1")
    if args.batch_files and args.batch_files < len(_BAD_FILES) + 1:
        ap.error(f"--batch-files must be 0 (no batch run) or at least {len(_BAD_FILES) + 1}")
    clock = time.process_time if args.clock == "cpu" else time.perf_counter

    files = sorted(args.seeds.glob("*.txt")) if args.seeds.is_dir() else []
    if not files:
        print(f"warning: no seeds in {args.seeds}", file=sys.stderr)
    seeds = set(files)
    files += sorted(p for p in args.examples.iterdir() if p.suffix in (".txt", ".md"))
    texts = {p: p.read_text(encoding="utf-8") for p in files}

    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, Python {platform.python_version()}, lark {_lark_version()}")
    print(f"clock: {args.clock}, repeats: {args.repeat}\n")

    print(f"cold start ({files[0].name}, median of {args.cold_runs} fresh processes, wall clock):\n")
    print("| parser | import ms | first parse ms | second parse ms |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as cache:
        cold_start(files[0], 1, cache)  # fills the cache
        for label, folder in (("built (no cache)", ""), ("loaded from the cache", cache)):
            imp, first, second = cold_start(files[0], args.cold_runs, folder)
            print(f"| {label} | {imp:.0f} | {first:.0f} | {second:.1f} |")
    print()

    cols = ("canonicalize", "lark", "assemble", "parse", "parse, no memo", "validate", "facts")
    yardstick = line_pass()
    heads = " | ".join(cols)
    print(f"| report | KB | lines | {heads} | parse+validate | reports/s | line pass | ratio |")
    print("|---" * (len(cols) + 7) + "|")
    totals: dict[str, list[float]] = {c: [] for c in (*cols, "line pass")}
    for path, text in texts.items():
        t = stage_times(text, args.repeat, clock, yardstick)
        for c, column in totals.items():
            column.append(t[c])
        pv = t["parse"] + t["validate"]
        kb = len(text.encode("utf-8")) / 1024
        cells = " | ".join(f"{t[c]:.2f}" for c in cols)
        lp = t["line pass"]
        print(
            f"| {path.name} | {kb:.1f} | {t['tokens']:.0f} | {cells} | {pv:.2f} | {1000 / pv:.0f}"
            f" | {lp:.2f} | {pv / lp:.2f} |"
        )
    # The target is per seed report; the examples print their tables a row per line, so the
    # line pass is quick on them and their ratios say little. Ratios of means, not means of ratios.
    kinds = [("**seeds, mean**", [p in seeds for p in texts])] if seeds else []
    kinds.append(("**all, mean**", [True] * len(texts)))
    for label, chosen in kinds:
        means = {
            c: statistics.mean(x for x, k in zip(v, chosen, strict=True) if k) for c, v in totals.items()
        }
        pv = means["parse"] + means["validate"]
        lp = means["line pass"]
        cells = " | ".join(f"{means[c]:.2f}" for c in cols)
        print(f"| {label} | | | {cells} | {pv:.2f} | {1000 / pv:.0f} | {lp:.2f} | {pv / lp:.2f} |")
    print()
    print("Times in ms. parse is the whole parse() call: canonicalize + lark (the LALR parse,")
    print("the element transformer embedded in it) + assemble (tables, metadata, the model);")
    print("parse, no memo clears the per-process memos first. parse+validate uses parse.")
    print("line pass: a bare Lark LALR pass that only splits the text into lines, the")
    print("yardstick of the speed target; ratio: parse+validate / line pass.\n")

    base = texts[files[0]]
    print(f"scaling: {files[0].name} repeated k times (k reports' text concatenated)\n")
    print("| k | KB | parse ms | validate ms | parse µs/KB |")
    print("|---|---|---|---|---|")
    for k in SCALES:
        text = base * k
        report = gov_disclosure.parse(text)
        reps = max(5, args.repeat // k)
        p = median_ms(functools.partial(gov_disclosure.parse, text), reps, clock)
        v = median_ms(functools.partial(gov_disclosure.validate, report), reps, clock)
        kb = len(text.encode("utf-8")) / 1024
        print(f"| {k} | {kb:.0f} | {p:.1f} | {v:.2f} | {p * 1000 / kb:.0f} |")
    if args.batch_files:
        batch_run(list(texts.values()), args.batch_files)
    external = args.external if args.external is not None else args.seeds.parent / "external"
    other_formats(external, [p for p in files if p.parent == args.examples], args.repeat, args.pdf_batch)
    return 0


def other_formats(external: Path, examples: list[Path], repeat: int, pdf_batch: int) -> None:
    """The formats beside text: PDFs page by page against PDFium's own pass and pdftotext,
    web pages and Word files against their text's parse, and a batch of PDFs.

    Needs the readers' extras (``pip install -e '.[html,docx,pdf]'``); a format whose library
    is missing is skipped with a note.
    """
    pdfs = sorted(p for p in external.rglob("*") if p.suffix.lower() == ".pdf")
    pages_table(pdfs, repeat)
    read_table(
        [p for p in external.rglob("*") if p.suffix.lower() in (".html", ".htm", ".docx")], examples, repeat
    )
    if pdf_batch and pdfs:
        pdf_batch_run(pdfs, pdf_batch)


def pages_table(pdfs: list[Path], repeat: int) -> None:
    """Per page: PDFium's bare character pass, pdftotext, our parse_file, and the ratio."""
    print("\nPDF, per page: CPU ms, median (pdftotext: wall clock of the program, one process a file)\n")
    print("| file | KB | pages | PDFium pass | pdftotext | parse_file | parse_file / PDFium |")
    print("|---|---|---|---|---|---|---|")
    if importlib.util.find_spec("pypdfium2") is None:
        print("| (skipped: pypdfium2 is not installed; pip install -e '.[pdf]') | | | | | | |")
        return
    sums = {"raw": 0.0, "poppler": 0.0, "ours": 0.0}
    total_pages = 0
    reps = max(3, repeat // 10)
    for path in pdfs:
        data = path.read_bytes()
        pages = _page_count(data)
        if not pages:
            print(f"| {path.name} | | | | | not read | |")
            continue
        raw = median_ms(functools.partial(pdfium_pass, data), reps, time.process_time)
        ours = median_ms(functools.partial(gov_disclosure.parse_file, path), reps, time.process_time)
        poppler = _pdftotext_ms(path, reps)
        for key, ms in (("raw", raw), ("poppler", poppler), ("ours", ours)):
            sums[key] += ms
        total_pages += pages
        kb = path.stat().st_size / 1024
        print(
            f"| {path.name} | {kb:.0f} | {pages} | {raw / pages:.1f} | {_ms(poppler / pages)}"
            f" | {ours / pages:.1f} | {ours / raw:.2f} |"
        )
    if total_pages:
        raw, ours = sums["raw"] / total_pages, sums["ours"] / total_pages
        print(
            f"| **all, per page** | | {total_pages} | {raw:.1f} | {_ms(sums['poppler'] / total_pages)}"
            f" | {ours:.1f} | {ours / raw:.2f} |"
        )
    print()
    print("PDFium pass: open the document, and on each page its text page with every character's")
    print("code and box (the least any reader of the text layer does); parse_file: our reader")
    print("(PDFium, ruling lines, the meter of hostile files), the grammar and the model.")


def _ms(value: float) -> str:
    return "(not installed)" if math.isnan(value) else f"{value:.1f}"  # NaN: no such program


def pdfium_pass(data: bytes) -> int:
    """PDFium's bare pass over a PDF: every character's code and box, page by page."""
    import ctypes

    import pypdfium2 as pdfium
    from pypdfium2 import raw

    pdf = pdfium.PdfDocument(data)
    seen = 0
    try:
        box = raw.FS_RECTF()
        for number in range(len(pdf)):
            page = raw.FPDF_LoadPage(pdf.raw, number)
            text = raw.FPDFText_LoadPage(page)
            count = raw.FPDFText_CountChars(text)
            buffer = ctypes.create_string_buffer(2 * count + 2)
            raw.FPDFText_GetText(text, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
            for i in range(count):
                raw.FPDFText_GetLooseCharBox(text, i, box)
            seen += count
            raw.FPDFText_ClosePage(text)
            raw.FPDF_ClosePage(page)
    finally:
        pdf.close()
    return seen


def _pdftotext_ms(path: Path, repeat: int) -> float:
    """pdftotext's wall time on a file (NaN where poppler-utils is not installed)."""
    import shutil

    if shutil.which("pdftotext") is None:
        return float("nan")
    run = functools.partial(
        subprocess.run, ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=False
    )
    return median_ms(run, repeat, time.perf_counter)


def _page_count(data: bytes) -> int:
    """The pages of a PDF as our reader reads them (0 where it cannot)."""
    try:
        text = gov_disclosure.readers.read_bytes(data)
    except gov_disclosure.GovDisclosureError:
        return 0
    return len(getattr(text, "page_lines", ()))


def read_table(found: list[Path], examples: list[Path], repeat: int) -> None:
    """Web pages and Word files: parse_file, beside parse() of the same report as text."""
    print("\nweb pages and Word files: parse_file, CPU ms, median, beside parse() of its text\n")
    print("| file | format | KB | parse_file | text parse | read / text |")
    print("|---|---|---|---|---|---|")
    reps = max(3, repeat // 10)
    with tempfile.TemporaryDirectory() as tmp:
        files = list(found)
        for example in examples:
            report = gov_disclosure.parse_file(example)
            page = Path(tmp, example.stem + ".html")
            page.write_text(gov_disclosure.render(report, "html"), encoding="utf-8")
            files.append(page)
            docx = _docx(report)
            if docx is not None:
                Path(tmp, example.stem + ".docx").write_bytes(docx)
                files.append(Path(tmp, example.stem + ".docx"))
        for path in files:
            fmt = gov_disclosure.sniff(path.read_bytes())
            try:
                text = gov_disclosure.readers.read_bytes(path.read_bytes())
                ms = median_ms(functools.partial(gov_disclosure.parse_file, path), reps, time.process_time)
            except gov_disclosure.MissingDependencyError as exc:
                print(f"| {path.name} | {fmt} | | skipped: {exc} | | |")
                continue
            except gov_disclosure.GovDisclosureError as exc:
                print(f"| {path.name} | {fmt} | | not read: {exc} | | |")
                continue
            plain = median_ms(functools.partial(gov_disclosure.parse, text), reps, time.process_time)
            kb = path.stat().st_size / 1024
            print(f"| {path.name} | {fmt} | {kb:.0f} | {ms:.1f} | {plain:.1f} | {ms / plain:.1f} |")


def _docx(report: gov_disclosure.AnnualReport) -> bytes | None:
    """The report as a Word file, written as the tests write theirs (python-docx), or None."""
    if importlib.util.find_spec("docx") is None:
        return None
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from writers import docx_bytes
    finally:
        sys.path.remove(str(ROOT / "tests"))
    return bytes(docx_bytes(report))


def pdf_batch_run(pdfs: list[Path], count: int) -> None:
    """``gov-disclosure batch`` over ``count`` PDFs (the corpus's, cycled), wall clock."""
    from gov_disclosure.batch import run_batch

    print(f"\nbatch of PDFs: {count} files, JSON Lines, wall clock\n")
    print("| jobs | files | pages | ok | partial | failed | seconds | pages/s |")
    print("|---|---|---|---|---|---|---|---|")
    counts = {p: _page_count(p.read_bytes()) for p in pdfs}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "in")
        folder.mkdir()
        for i in range(count):
            (folder / f"{i:05d}.pdf").write_bytes(pdfs[i % len(pdfs)].read_bytes())
        pages = sum(counts[pdfs[i % len(pdfs)]] for i in range(count))
        for jobs in (1, 2):
            out = Path(tmp, f"out-{jobs}.jsonl")
            t0 = time.perf_counter()
            summary = run_batch([folder], out, jobs=jobs, progress=False)
            seconds = time.perf_counter() - t0
            print(
                f"| {jobs} | {summary.files} | {pages} | {summary.ok} | {summary.partial} | {summary.failed}"
                f" | {seconds:.1f} | {pages / seconds:.0f} |"
            )


# Files a batch meets besides reports: each must come out as a failed record.
_BAD_FILES = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 40,
    "not-a-report.txt": "会议纪要\n今天天气很好。\n".encode(),
    "cut.pdf": b"%PDF-1.7\n1 0 obj\n<<",
}


def batch_run(texts: list[str], count: int) -> None:
    """``gov-disclosure batch`` over ``count`` files (reports cycled, a few bad files), wall clock."""
    from gov_disclosure.batch import run_batch

    print(f"\nbatch: {count} files ({len(_BAD_FILES)} of them bad), JSON Lines, wall clock\n")
    print("| jobs | files | ok | partial | failed | seconds | files/s |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "in")
        folder.mkdir()
        for name, data in _BAD_FILES.items():
            (folder / name).write_bytes(data)
        for i in range(count - len(_BAD_FILES)):
            (folder / f"{i:05d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
        for jobs in sorted({1, os.cpu_count() or 1}):
            out = Path(tmp, f"out-{jobs}.jsonl")
            t0 = time.perf_counter()
            summary = run_batch([folder], out, jobs=jobs, progress=False)
            seconds = time.perf_counter() - t0
            records = sum(1 for _ in out.open(encoding="utf-8"))
            assert records == summary.files == count, (records, summary.files)
            print(
                f"| {jobs} | {summary.files} | {summary.ok} | {summary.partial} | {summary.failed}"
                f" | {seconds:.2f} | {count / seconds:.0f} |"
            )


def _lark_version() -> str:
    import lark

    version = lark.__version__
    if importlib.util.find_spec("lark_cython") is None:
        return version
    return version + " (lark-cython installed)"


if __name__ == "__main__":
    raise SystemExit(main())
