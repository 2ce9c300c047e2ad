"""Count the instructions parse + validate takes per report, under valgrind (run by hand).

    python bench/instructions.py                  # the working tree alone
    python bench/instructions.py a15d973 HEAD     # the working tree and these revisions
    python bench/instructions.py --rounds 10 REV  # more rounds

On a shared machine wall-clock time moves by a third from one minute to the next, and even
`compare.py`'s interleaved rounds move by a few per cent from run to run. The number of
instructions the interpreter executes hardly does: valgrind's cachegrind counts them,
whatever else the machine is doing, with the hash seed fixed (two runs differ by a few parts
in ten thousand: the temporary folder's name, in every path, changes strings' hashes). It
says nothing of cache misses or branch prediction, so it is the measure of the work done,
beside `compare.py`'s of the time taken. As in a batch, where the form's labels and small
numbers recur from report to report, the per-text memos (folded cells, numbers read, value
runs classified) are warm after the first round.

Each version runs in a process of its own (a revision's ``src/`` and ``grammars/`` taken
with ``git archive``), twice under ``valgrind --tool=cachegrind --cache-sim=no``: once
parsing and validating every report once (imports, the parser's load, first-use caches),
and once doing that and ``--rounds`` rounds more. The difference, divided by the rounds and
the reports, is the count per report. The parser is built once beforehand into a temporary
cache folder, outside valgrind. The yardstick of `bench.py` (a bare Lark pass splitting the
reports into lines) is counted the same way, for the ratio the speed target is stated in.
Needs valgrind (``apt-get install valgrind``) and git.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"

# Run as `python WORKER SRC ROUNDS REPORT...`: parse and validate every report once, then
# ROUNDS times more; with SRC "-", run the yardstick (bench/_yardstick.py) over them instead.
_WORKER = """
import sys
if sys.argv[1] == "-":
    sys.path.insert(0, BENCH)
    from _yardstick import line_pass
    run = line_pass()
else:
    sys.path.insert(0, sys.argv[1])
    import gov_disclosure
    parse, validate = gov_disclosure.parse, gov_disclosure.validate
    run = lambda text: validate(parse(text))
texts = [open(p, encoding="utf-8", errors="replace").read() for p in sys.argv[3:]]
for _ in range(1 + int(sys.argv[2])):
    for text in texts:
        run(text)
"""
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def _source(rev: str, into: Path) -> Path:
    """The ``src`` folder of revision ``rev`` (its grammars beside it, as in a checkout)."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src", "grammars"],
        capture_output=True,
        check=True,
    ).stdout
    # Numbered: two revisions' names may read alike once made file names (HEAD~1, HEAD^1).
    name = re.sub(r"\W", "_", rev)
    folder = into / f"rev-{sum(1 for _ in into.glob('rev-*'))}-{name}"
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def _instructions(
    worker: Path, src: Path | str, rounds: int, reports: list[Path], env: dict[str, str]
) -> int:
    """The instructions one run of the worker executes, as cachegrind counts them."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            str(worker),
            str(src),
            str(rounds),
            *map(str, reports),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found = _REFS.search(done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_report(worker: Path, src: Path | str, rounds: int, reports: list[Path], env: dict[str, str]) -> float:
    """Instructions per report for parse + validate with the package in ``src`` (the
    yardstick's with ``"-"``)."""
    # The parser built (or loaded) natively first, into the run's cache folder.
    subprocess.run([sys.executable, str(worker), str(src), "0", *map(str, reports[:1])], env=env, check=True)
    base = _instructions(worker, src, 0, reports, env)
    more = _instructions(worker, src, rounds, reports, env)
    return (more - base) / (rounds * len(reports))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("revisions", nargs="*", default=[], help="git revisions to count beside the working tree")
    ap.add_argument("--rounds", type=int, default=5, help="rounds over the reports counted (after the first)")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of seed reports (*.txt)")
    ap.add_argument("--examples", type=Path, default=ROOT / "examples", help="folder of example reports")
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    reports = sorted(args.seeds.glob("*.txt")) + sorted(args.examples.glob("*.txt"))
    if not reports:
        print(f"no reports in {args.seeds} or {args.examples}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        worker = folder / "worker.py"
        worker.write_text(_WORKER.replace("BENCH", repr(str(ROOT / "bench"))), encoding="utf-8")
        env = {**os.environ, "PYTHONHASHSEED": "0", "GOV_DISCLOSURE_CACHE_DIR": str(folder / "cache")}
        sources = {rev: _source(rev, folder) for rev in args.revisions}
        sources["working tree"] = ROOT / "src"
        counts = {name: per_report(worker, src, args.rounds, reports, env) for name, src in sources.items()}
        line = per_report(worker, "-", args.rounds, reports, env)
    print(f"parse + validate, {len(reports)} reports, {args.rounds} rounds, instructions per report\n")
    print("| version | instructions (millions) | ratio to the line pass |")
    print("|---|---:|---:|")
    for name, count in counts.items():
        print(f"| {name} | {count / 1e6:.2f} | {count / line:.2f} |")
    print(f"\nline pass (the yardstick, bench/_yardstick.py): {line / 1e6:.2f} million\n")
    mine = counts["working tree"]
    for name, count in counts.items():
        if name != "working tree":
            print(f"working tree / {name}: {mine / count:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
