"""The JSON Schemas (issue 15 item 6): valid schemas, followed by everything written, and not
vacuous: JSON that is not what the library writes is refused."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import gov_disclosure
from gov_disclosure import SCHEMA_VERSION, facts, parse_file, schema, to_json, validate
from gov_disclosure.batch import FileResult, process_file
from gov_disclosure.cli import main
from gov_disclosure.export import SCHEMAS
from gov_disclosure.strategies import reports
from schemas import assert_valid, validator
from support import CORPUS, example_paths, seed_paths


def _texts() -> list[Path]:
    return [
        *example_paths(),
        *seed_paths(),
        *sorted((CORPUS / "external").rglob("*.txt")),
    ]


def test_every_schema_is_a_valid_draft_2020_12_schema() -> None:
    for name in SCHEMAS:
        found = schema(name)
        assert found["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert found["$id"].endswith(f":{name}:{SCHEMA_VERSION}")
        validator(name)  # check_schema
    assert schema("report") is not schema("report")  # a copy each time: callers may edit it
    with pytest.raises(KeyError, match="the schemas are"):
        schema("records")


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_reports_records_facts_and_findings_follow_their_schemas(path: Path) -> None:
    report = parse_file(path)
    data = json.loads(to_json(report))
    assert data["schema_version"] == SCHEMA_VERSION
    assert_valid("report", data)
    assert_valid("record", process_file(path).as_dict())
    for fact in facts(report):
        assert_valid("fact", fact.as_dict())
    for finding in validate(report):
        assert_valid("finding", finding.as_dict())


def test_failed_and_skipped_records_follow_the_schema(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.rtf").write_bytes(b"{\\rtf1\\ansi}")
    statuses = set()
    for path in sorted(tmp_path.iterdir()):
        record = process_file(path).as_dict()
        assert_valid("record", record)
        statuses.add(record["status"])
    assert statuses == {"failed", "skipped"}


@settings(max_examples=40)
@given(reports(partial=True))
def test_every_drawn_report_follows_the_report_schema(report: gov_disclosure.AnnualReport) -> None:
    assert_valid("report", json.loads(to_json(report)))


def _refused(name: str, data: object) -> None:
    with pytest.raises(AssertionError, match=f"not a valid {name}"):
        assert_valid(name, data)


def test_the_schemas_refuse_what_is_not_written() -> None:
    path = example_paths()[0]
    report = json.loads(to_json(parse_file(path)))
    record = process_file(path).as_dict()
    changes: tuple[Callable[[dict[str, Any]], object], ...] = (
        lambda d: d.pop("schema_version"),
        lambda d: d.update(schema_version=2),
        lambda d: d["applications"]["new_received"]["total"].update(value="30"),  # a count as text
        lambda d: d["applications"]["new_received"]["total"]["span"].pop("line"),
        lambda d: d["meta"].update(year={"value": 2023}),  # a cell without raw
        lambda d: d.update(extra=1),
        lambda d: d["active"].update(template="2020"),
    )
    for change in changes:
        bad = copy.deepcopy(report)
        change(bad)
        _refused("report", bad)
    changes = (
        lambda d: d.update(status="done"),
        lambda d: d["facts"][0].update(row="no_such_row"),
        lambda d: d["facts"][0].update(column="people"),
        lambda d: d["facts"][0].update(table="meta"),
        lambda d: d["facts"][0].update(value=1.5),
        lambda d: d["meta"].update(published="2024-13-45"),
        lambda d: d.pop("error"),
    )
    for change in changes:
        bad = copy.deepcopy(record)
        change(bad)
        _refused("record", bad)


def test_other_schema_versions_are_refused_on_reading() -> None:
    text = to_json(parse_file(example_paths()[0]))
    data = json.loads(text)
    data["schema_version"] = 99
    with pytest.raises(gov_disclosure.GovDisclosureError, match="schema version 99"):
        gov_disclosure.from_json(json.dumps(data))
    for odd in ("1", True, 1.0):
        data["schema_version"] = odd
        with pytest.raises(gov_disclosure.GovDisclosureError, match="schema version"):
            gov_disclosure.from_json(json.dumps(data))
    del data["schema_version"]  # JSON written before versions: read as it is
    assert gov_disclosure.from_json(json.dumps(data)) == gov_disclosure.from_json(text)
    record = process_file(example_paths()[0]).as_dict()
    assert FileResult.from_dict(record) == process_file(example_paths()[0])
    with pytest.raises(ValueError, match="schema version"):
        FileResult.from_dict({**record, "schema_version": 2})


def test_schema_command_prints_each_schema(capsys: pytest.CaptureFixture[str]) -> None:
    for name in SCHEMAS:
        assert main(["schema", name]) == 0
        assert json.loads(capsys.readouterr().out) == schema(name)
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema("report")
    with pytest.raises(SystemExit) as info:
        main(["schema", "bogus"])
    assert info.value.code == 2
    assert "record" in capsys.readouterr().err
