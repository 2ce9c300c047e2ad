"""Scanned reports read through OCR, measured (run by hand, not a test: minutes of CPU).

    python bench/ocr.py                      # the corpus's text-layer PDFs, plain
    python bench/ocr.py --variants plain,noisy,askew --examples

Each PDF's pages are rasterised at 150 dpi into an image-only PDF (``noisy``: grey noise;
``askew``: turned 1°), read back with `gov_disclosure.parse_bytes`, and every table fact is
compared with the facts of the PDF's text layer (for the corpus's PDFs the tests hold those
equal to the golden facts read off the pages by hand; for the examples, the report they were
rendered from):
right, wrong (a different number) and missing. A wrong number must come with an A or S finding
about its table. Needs the ``ocr`` extra.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import gov_disclosure

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_ocr import scanned  # noqa: E402  (the tests' own scanner, so both measure alike)
from writers import pdf_bytes  # noqa: E402

Key = tuple[str, str, str]


def _facts(report: gov_disclosure.AnnualReport) -> dict[Key, object]:
    return {(f.table, f.row, f.column): f.value for f in gov_disclosure.facts(report) if f.table != "meta"}


def measure(name: str, source: Path, variant: str) -> tuple[int, int, int, int, float, int]:
    """(right, wrong, wrong without a finding, missing, seconds, pages) for one PDF."""
    truth = _facts(gov_disclosure.parse_file(source))
    data = scanned(source, turn=1.0 if variant == "askew" else 0.0, noise=14.0 if variant == "noisy" else 0.0)
    started = time.perf_counter()
    report = gov_disclosure.parse_bytes(data)
    seconds = time.perf_counter() - started
    got = _facts(report)
    flagged = {f.table for f in gov_disclosure.validate(report) if f.code[0] in "AS"}
    right = wrong = silent = missing = 0
    for key, value in truth.items():
        if got.get(key) == value:
            right += 1
        elif got.get(key) is None:
            missing += 1
        else:
            wrong += 1
            silent += key[0] not in flagged
            print(f"  {name} {variant}: {key} is {value}, read {got[key]}", file=sys.stderr)
    return right, wrong, silent, missing, seconds, len(report.meta.pages)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "external")
    ap.add_argument("--variants", default="plain", help="plain, noisy, askew (comma-separated)")
    ap.add_argument("--examples", action="store_true", help="also the examples, rendered to PDF")
    args = ap.parse_args()
    sources = [
        p
        for p in sorted(args.corpus.rglob("*.pdf"))
        if gov_disclosure.parse_file(p).applications is not None and "比对" not in p.name
    ]
    with_examples: list[tuple[str, Path]] = [(p.stem, p) for p in sources]
    if args.examples:
        out = Path(tempfile.mkdtemp(prefix="ocr-examples-"))
        for example in sorted((ROOT / "examples").glob("*.txt")):
            target = out / f"{example.stem}.pdf"
            target.write_bytes(pdf_bytes(gov_disclosure.parse_file(example)))
            with_examples.append((example.stem, target))
    print("| report | variant | pages | right | wrong | wrong, no finding | missing | right % | s/page |")
    print("|---|---|---|---|---|---|---|---|---|")
    for variant in args.variants.split(","):
        for name, path in with_examples:
            right, wrong, silent, missing, seconds, pages = measure(name, path, variant)
            total = right + wrong + missing
            print(
                f"| {name} | {variant} | {pages} | {right} | {wrong} | {silent} | {missing}"
                f" | {100 * right / total:.1f} | {seconds / max(pages, 1):.1f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
