"""Shared fixtures and hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from support import corpus_dir

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    return corpus_dir()


@pytest.fixture(autouse=True, scope="session")
def _records_follow_their_schema() -> Iterator[None]:
    """Every batch record the suite makes in this process is checked against the published
    record schema as it is made (records from child processes are checked where read)."""
    from gov_disclosure.batch import FileResult
    from schemas import assert_valid

    made = FileResult.as_dict

    def checked(self: FileResult) -> dict[str, Any]:
        record = made(self)
        assert_valid("record", record)
        return record

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FileResult, "as_dict", checked)
        yield
