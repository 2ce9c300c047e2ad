"""A non-editable install carries the grammars and parses from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from support import GOLDEN, ROOT, example_paths, read_golden_facts, seed_paths


def _build_wheel(out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("gov_disclosure-*.whl")
    return wheel


def test_wheel_installs_and_parses_from_another_directory(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    grammars = {Path(n).name for n in names if n.startswith("gov_disclosure/grammars/")}
    assert grammars == {p.name for p in (ROOT / "grammars").glob("*.lark")}
    assert "gov_disclosure/py.typed" in names

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Only the installed copy is importable: no checkout on the path, a cwd with no grammars.
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = (
        "import gov_disclosure, sys;"
        "print(gov_disclosure.__file__);"
        "[print(__import__('json').dumps(f.as_dict(), ensure_ascii=False))"
        " for f in gov_disclosure.facts(gov_disclosure.parse_file(sys.argv[1]))]"
    )
    for path in [*seed_paths(), example_paths()[0]]:
        done = subprocess.run(
            [
                sys.executable,
                "-I",
                "-c",
                f"import sys; sys.path.insert(0, {str(target)!r}); {probe}",
                str(path),
            ],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        where, *lines = done.stdout.splitlines()
        assert Path(where).is_relative_to(target)
        golden_dir = GOLDEN / "facts" / ("examples" if path.parent.name == "examples" else "")
        expected = read_golden_facts(golden_dir / f"{path.stem}.jsonl")
        assert [json.loads(line) for line in lines] == expected, path.name
