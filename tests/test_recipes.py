"""Every code sample of docs/recipes.md runs as written, against copies of examples/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from support import ROOT, example_paths

RECIPES = ROOT / "docs" / "recipes.md"
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _blocks() -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _FENCE.finditer(RECIPES.read_text(encoding="utf-8"))]


def test_recipes_have_the_samples_the_page_promises() -> None:
    languages = [language for language, _ in _blocks()]
    assert set(languages) == {"python", "sh", "toml", "text"}
    assert languages.count("python") >= 6


def test_every_recipe_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for path in example_paths():
        (reports / path.name).write_bytes(path.read_bytes())
    # The rule module the page shows (an included file) is in the folder its commands run in.
    (tmp_path / "my_rules.py").write_bytes((ROOT / "tests" / "own_rules.py").read_bytes())
    monkeypatch.chdir(tmp_path)
    # The command the samples call is the one installed beside this interpreter.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    namespace: dict[str, Any] = {}
    for i, (language, code) in enumerate(_blocks()):
        if code.startswith("--8<--"):
            # A file the docs build includes: it exists, and runs where the page uses it.
            assert (ROOT / code.split('"')[1]).is_file()
            continue
        if language in ("toml", "text"):
            continue  # a configuration or an output shown, not a sample to run
        if language == "sh":
            done = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", code],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                check=False,  # the assertion below shows the block's output
            )
            assert done.returncode == 0, f"sample {i}:\n{code}\n{done.stderr}"
        else:
            # Each sample runs on its own, but one that says it continues the one above.
            if not code.startswith("# continues the sample above"):
                namespace = {"__name__": "__main__"}
            exec(compile(code, f"{RECIPES.name} sample {i}", "exec"), namespace)
    # What the samples wrote is there and holds every example.
    n = len(example_paths())
    assert len((tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()) == n
    assert len(pd.read_csv(tmp_path / "facts.files.csv")) == n
    assert len(pd.read_parquet(tmp_path / "facts.files.parquet")) == n
    files = pd.read_parquet(tmp_path / "files-parquet")
    assert len(files) == n
    assert isinstance(files.index, pd.RangeIndex)  # no index left over from Dask's partitions
    facts = pd.read_parquet(tmp_path / "facts-parquet")
    assert set(facts["file"]) == {f"reports/{p.name}" for p in example_paths()}
    assert callable(namespace["check_mostly_refused"])
