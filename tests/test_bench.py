"""The benchmark script still runs and reports what its README promises (timings not judged)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def _table(lines: list[str], header_start: str) -> list[list[str]]:
    """The body rows of the markdown table whose header line starts with ``header_start``."""
    at = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[at + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_bench_reports_every_stage_the_yardstick_and_a_batch(tmp_path: Path) -> None:
    env = {**os.environ, "GOV_DISCLOSURE_CACHE_DIR": str(tmp_path / "cache")}
    args = ["-n", "1", "--cold-runs", "1", "--batch-files", "12", "--seeds", str(SEEDS)]
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

    reports = _table(lines, "| report |")
    names = [row[0] for row in reports]
    expected = sorted(p.name for p in SEEDS.glob("*.txt"))
    expected += sorted(p.name for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".md"))
    assert names == [*expected, "**mean**"]
    for row in reports:
        # Every timing, the reports per second, the line pass and the ratio are positive numbers.
        assert all(float(cell) > 0 for cell in row[3:]), row

    scaling = _table(lines, "| k |")
    assert [row[0] for row in scaling] == ["1", "2", "4", "8", "16"]

    batch = _table(lines, "| jobs |")
    assert batch, run.stdout
    for jobs, files, ok, partial, failed, *_ in batch:
        # Twelve files in, twelve records out; the four bad ones fail, the reports do not.
        assert (files, failed) == ("12", "4"), (jobs, files, failed)
        assert int(ok) + int(partial) == 8
