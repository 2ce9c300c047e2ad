"""Compare parse + validate with another revision's, in one process (run by hand, not a test).

    python bench/compare.py                    # the working tree against HEAD
    python bench/compare.py a15d973 HEAD       # the working tree against both, and they each other
    python bench/compare.py --rounds 20 REV    # more rounds

On a shared machine whose speed moves by a third from one minute to the next, two runs of
``bench.py`` cannot tell versions a tenth apart. Here every version is imported into the same
process (a revision's ``src/`` and ``grammars/`` are taken with ``git archive`` and imported
under its own package name, ``gov_disclosure_<rev>``), and the versions take turns, round by
round, over the same reports: each round times each report's parse + validate, the fastest
of three calls (``--calls``), and sums them. The ratio of two versions is taken round by round, so that the
machine's drift between rounds cancels, and its median printed.

Only the standard library, git and the package are used.
"""

from __future__ import annotations

import argparse
import importlib
import io
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
_NAME = re.compile(r"\bgov_disclosure\b")


def _revision(rev: str, into: Path) -> ModuleType:
    """The package as revision ``rev`` has it, imported as ``gov_disclosure_<rev>``."""
    name = "gov_disclosure_" + re.sub(r"\W", "_", rev)
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src/gov_disclosure", "grammars"],
        capture_output=True,
        check=True,
    ).stdout
    package = into / name
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            parts = Path(member.name).parts
            # src/gov_disclosure/x.py -> <name>/x.py; grammars/x.lark -> <name>/grammars/x.lark
            target = package.joinpath(*parts[2:]) if parts[0] == "src" else package.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            extracted = tar.extractfile(member)
            if extracted is None:
                continue
            content = extracted.read()
            if target.suffix == ".py":
                content = _NAME.sub(name, content.decode("utf-8")).encode("utf-8")
            target.write_bytes(content)
    return importlib.import_module(name)


def _runner(package: ModuleType) -> Callable[[str], object]:
    parse, validate = package.parse, package.validate
    return lambda text: validate(parse(text))


def _reports(seeds: Path, examples: Path) -> list[tuple[str, str]]:
    files = sorted(seeds.glob("*.txt")) + sorted(examples.glob("*.txt"))
    return [(f.name, f.read_text(encoding="utf-8", errors="replace")) for f in files]


def _round(run: Callable[[str], object], texts: list[str], calls: int = 3) -> list[float]:
    out = []
    for text in texts:
        best = float("inf")
        for _ in range(calls):
            start = time.perf_counter()
            run(text)
            best = min(best, time.perf_counter() - start)
        out.append(best)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("revisions", nargs="*", default=["HEAD"], help="git revisions to compare with")
    ap.add_argument("--rounds", type=int, default=12, help="rounds of every version over every report")
    ap.add_argument("--calls", type=int, default=3, help="calls of a report per round (the fastest counts)")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of seed reports (*.txt)")
    ap.add_argument("--examples", type=Path, default=ROOT / "examples", help="folder of example reports")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    import gov_disclosure  # the working tree, from src/

    reports = _reports(args.seeds, args.examples)
    if not reports:
        print(f"no reports in {args.seeds} or {args.examples}", file=sys.stderr)
        return 2
    texts = [text for _, text in reports]
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, tmp)
        versions = {rev: _runner(_revision(rev, Path(tmp))) for rev in args.revisions}
        versions["working tree"] = _runner(gov_disclosure)
        names = list(versions)
        for run in versions.values():
            _round(run, texts)  # warm: parsers built, caches filled
        times: dict[str, list[list[float]]] = {name: [] for name in names}
        for k in range(args.rounds):
            for name in names if k % 2 == 0 else names[::-1]:
                times[name].append(_round(versions[name], texts, args.calls))
    print(f"parse + validate, {len(reports)} reports, {args.rounds} rounds (median of the rounds)\n")
    print("| report | " + " | ".join(f"{n} (ms)" for n in names) + " |")
    print("|---|" + "---:|" * len(names))
    for i, (file, _) in enumerate(reports):
        cells = [f"{statistics.median(r[i] for r in times[n]) * 1000:.2f}" for n in names]
        print(f"| {file} | " + " | ".join(cells) + " |")
    totals = {n: [sum(r) for r in times[n]] for n in names}
    print("| **all** | " + " | ".join(f"{statistics.median(totals[n]) * 1000:.2f}" for n in names) + " |\n")
    base = names[-1]
    for name in names[:-1]:
        ratio = statistics.median(b / a for a, b in zip(totals[name], totals[base], strict=True))
        print(f"{base} / {name}: {ratio:.3f} (median of the rounds' ratios)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
