"""The benchmark script still runs and reports what its README promises (timings not judged)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import gov_disclosure
from support import ROOT, corpus_dir, example_paths
from writers import pdf_bytes


def _table(lines: list[str], header_start: str) -> tuple[list[str], list[list[str]]]:
    """The header and body rows of the markdown table whose header starts with ``header_start``."""
    at = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[at + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return [cell.strip() for cell in lines[at].strip("|").split("|")], rows


def test_bench_reports_every_stage_the_yardstick_and_a_batch(tmp_path: Path) -> None:
    env = {**os.environ, "GOV_DISCLOSURE_CACHE_DIR": str(tmp_path / "cache")}
    seeds = corpus_dir() / "seeds"
    external = tmp_path / "external"  # a page and a PDF stand for the corpus's files
    external.mkdir()
    report = gov_disclosure.parse_file(example_paths()[0])
    (external / "page.html").write_text(gov_disclosure.render(report, "html"), encoding="utf-8")
    (external / "report.pdf").write_bytes(pdf_bytes(report))
    args = [
        "-n",
        "1",
        "--cold-runs",
        "1",
        "--batch-files",
        "12",
        "--pdf-batch",
        "3",
        "--seeds",
        str(seeds),
        "--external",
        str(external),
    ]
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()

    head, reports = _table(lines, "| report |")
    assert head[3:] == [
        *("canonicalize", "lark", "assemble", "parse", "parse, no memo", "validate", "facts"),
        *("parse+validate", "reports/s", "line pass", "ratio"),
    ]
    names = [row[0] for row in reports]
    seed_names = sorted(p.name for p in seeds.glob("*.txt"))
    assert seed_names
    expected = seed_names + sorted(
        p.name for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".md")
    )
    assert names == [*expected, "**seeds, mean**", "**all, mean**"]
    for row in reports:
        # Every timing, the reports per second, the line pass and the ratio are positive numbers,
        # and the columns say what they are: the sum, its inverse, the ratio to the line pass.
        numbers = dict(zip(head[3:], map(float, row[3:]), strict=True))
        assert all(x > 0 for x in numbers.values()), row
        total = numbers["parse"] + numbers["validate"]
        assert abs(numbers["parse+validate"] - total) <= 0.011, row
        assert (
            abs(numbers["reports/s"] - 1000 / numbers["parse+validate"]) <= 0.51 + numbers["reports/s"] / 100
        ), row
        assert (
            abs(numbers["ratio"] - numbers["parse+validate"] / numbers["line pass"])
            <= 0.01 + numbers["ratio"] / 50
        )

    _, scaling = _table(lines, "| k |")
    assert [row[0] for row in scaling] == ["1", "2", "4", "8", "16"]

    head, pdfs = _table(lines, "| file | KB | pages |")
    assert head == ["file", "KB", "pages", "PDFium pass", "pdftotext", "parse_file", "parse_file / PDFium"]
    assert [row[0] for row in pdfs] == ["report.pdf", "**all, per page**"]
    for row in pdfs:
        # Per page: PDFium's pass, our parse_file and their ratio (pdftotext where installed).
        raw, ours, ratio = float(row[3]), float(row[5]), float(row[6])
        assert raw > 0 and ours > 0 and abs(ratio - ours / raw) <= 0.01 + ours / raw / 20, row

    head, formats = _table(lines, "| file | format |")
    assert head == ["file", "format", "KB", "parse_file", "text parse", "read / text"]
    # The external page and every example written as a web page and a Word file, each read in
    # a positive time beside its text's parse.
    assert sorted(row[0] for row in formats) == sorted(
        ["page.html", *(f"{p.stem}.{ext}" for p in example_paths() for ext in ("html", "docx"))]
    )
    assert all(row[1] in ("html", "docx") and float(row[3]) > 0 and float(row[4]) > 0 for row in formats)

    _, pdf_batch = _table(lines, "| jobs | files | pages |")
    assert [row[:3] for row in pdf_batch] == [["1", "3", "3"], ["2", "3", "3"]], pdf_batch
    assert all(row[3] == "3" for row in pdf_batch), pdf_batch  # the one-page report reads ok

    _, batch = _table(lines, "| jobs |")
    assert batch, run.stdout
    for jobs, files, ok, partial, failed, *_ in batch:
        # Twelve files in, twelve records out; the four bad ones fail, the reports do not.
        assert (files, failed) == ("12", "4"), (jobs, files, failed)
        assert int(ok) + int(partial) == 8


def test_instructions_counts_parse_and_validate_per_report(tmp_path: Path) -> None:
    # bench/instructions.py under valgrind, on one example and one round: it prints a count
    # of the working tree's instructions per report (the count itself is not judged).
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "one.txt").write_bytes(example_paths()[0].read_bytes())
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "instructions.py"),
            "--rounds",
            "1",
            "--seeds",
            str(tmp_path / "no-seeds"),
            "--examples",
            str(examples),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    header, rows = _table(done.stdout.splitlines(), "| version |")
    assert header == ["version", "instructions (millions)", "ratio to the line pass"]
    assert [row[0] for row in rows] == ["working tree"]
    assert float(rows[0][1]) > 1  # a report takes millions of instructions, not none
    assert float(rows[0][2]) > 0
    assert "line pass (the yardstick" in done.stdout
