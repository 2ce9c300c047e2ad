"""The ``gov-disclosure`` command: output, exit status, one-line errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import gov_disclosure
from gov_disclosure.cli import main
from schemas import assert_valid
from support import GOLDEN, example_paths, read_golden_facts, seed_paths


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_facts_command_prints_the_golden_facts(capsys: pytest.CaptureFixture[str]) -> None:
    path = example_paths()[0]
    status, out, err = _run(capsys, "facts", str(path))
    assert status == 0 and err == ""
    got = [json.loads(line) for line in out.splitlines()]
    assert all(d.pop("file") == str(path) for d in got)
    assert got == read_golden_facts(GOLDEN / "facts" / "examples" / f"{path.stem}.jsonl")
    assert all(set(d) == {"table", "row", "column", "value"} for d in got)


def test_every_record_of_many_files_names_its_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, second = (str(p) for p in example_paths()[:2])
    status, out, _ = _run(capsys, "facts", first, second)
    assert status == 0 and {json.loads(line)["file"] for line in out.splitlines()} == {first, second}
    for line in out.splitlines():
        assert_valid("fact", json.loads(line))
    status, out, _ = _run(capsys, "parse", "--json", first, second)
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [r["file"] for r in records] == [first, second]
    for record in records:
        assert set(record) == {"file", "report"}
        assert_valid("report", record["report"])
    assert gov_disclosure.from_json(json.dumps(records[1]["report"])).meta.title is not None
    status, out, _ = _run(capsys, "parse", "--json", first)  # one file: the model itself
    assert gov_disclosure.from_json(out).meta.title is not None
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    status, out, err = _run(capsys, "check", "--format", "json", first, str(bad))
    records = json.loads(out)
    assert_valid("check", records)
    assert status == 2 and err.count("\n") == 1
    assert {"file": str(bad), "error": f"{bad}: the text is empty"} in records
    assert all(r["file"] == str(bad) or ("code" in r and r["file"] == first) for r in records)


def test_an_unknown_output_suffix_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = _run(capsys, "batch", str(example_paths()[0]), "-o", str(tmp_path / "out.xls"))
    assert status == 2 and "unknown output suffix '.xls'" in err
    assert not list(tmp_path.iterdir())
    status, _, _ = _run(
        capsys, "batch", str(example_paths()[0]), "-o", str(tmp_path / "out.xls"), "--format", "csv", "-q"
    )
    assert status == 0 and (tmp_path / "out.xls").exists()


def test_parse_summary_names_every_part_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "parse", str(seed_paths()[2]))
    assert status == 0
    assert "五、存在的主要问题及改进情况: line" in out
    assert "table 3 (依申请): missing" in out
    assert "no header: recognised by shape" in out


def test_parse_json_is_the_whole_model(capsys: pytest.CaptureFixture[str]) -> None:
    import gov_disclosure

    path = example_paths()[1]
    status, out, _ = _run(capsys, "parse", "--json", str(path))
    assert status == 0
    assert gov_disclosure.from_json(out) == gov_disclosure.parse_file(path)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "bad.txt: the text is empty"),
        (b"\x00\x01\x02\xff" * 100, "binary"),
        ("今天天气很好。\n".encode(), "no annual-report structure"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, needle: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    status, out, err = _run(capsys, "parse", str(path))
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("gov-disclosure: ")
    assert needle in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "facts", str(tmp_path / "nope.txt"))
    assert status == 2 and err.count("\n") == 1 and "nope.txt" in err


def test_console_script_entry_point_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gov_disclosure", "facts", str(example_paths()[0])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == len(
        read_golden_facts(GOLDEN / "facts" / "examples" / f"{example_paths()[0].stem}.jsonl")
    )


def test_text_command_numbers_the_lines_findings_refer_to(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from gov_disclosure import RULES
    from writers import pdf_bytes

    path = example_paths()[0]
    assert main(["text", str(path)]) == 0
    # Lines end at \r\n, \r or \n, as spans count them (this example holds form feeds).
    numbered = capsys.readouterr().out.split("\n")[:-1]
    source = re.split(r"\r\n|\r|\n", path.read_text(encoding="utf-8").rstrip("\n"))
    assert [line[8:] for line in numbered] == source
    assert [int(line[:6]) for line in numbered] == list(range(1, len(source) + 1))
    assert main(["text", str(path), "--bare"]) == 0
    assert capsys.readouterr().out.split("\n")[:-1] == source
    # A PDF: each line with its page, and check names the page of each finding's line.
    pdf = tmp_path / "bad.pdf"
    pdf.write_bytes(pdf_bytes(gov_disclosure.parse(RULES["A001"].bad[0])))
    assert main(["text", str(pdf)]) == 0
    lines = capsys.readouterr().out.splitlines()
    pages = {int(line[8:12].split()[0]) for line in lines}
    assert min(pages) == 1 and all(line[7] == "p" for line in lines)
    assert main(["check", str(pdf), "--select", "A001"]) == 1
    out = capsys.readouterr().out
    report = gov_disclosure.parse_file(pdf)
    for finding in gov_disclosure.validate(report, select=["A001"]):
        assert f"{pdf}:page {report.meta.page_of(finding.line)}:{finding.line}: A001" in out
    assert main(["check", str(pdf), "--select", "A001", "--format", "json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert_valid("check", records)
    assert records and all(r["page"] == report.meta.page_of(r["line"]) for r in records)
    assert main(["text", str(tmp_path / "missing.pdf")]) == 2


def test_text_command_numbers_lines_as_findings_do(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A form feed (pdftotext's page break) is a character of its line, not a line end."""
    from gov_disclosure import RULES

    text = RULES["A001"].bad[0]
    lines = text.split("\n")
    lines[3] = "\f" + lines[3]
    path = tmp_path / "ff.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = gov_disclosure.parse_file(path)
    finding = next(f for f in gov_disclosure.validate(report) if f.code == "A001")
    assert main(["text", str(path)]) == 0
    numbered = capsys.readouterr().out.split("\n")
    assert numbered[finding.line - 1].startswith(f"{finding.line:6d}")  # type: ignore[operator]
    assert "总计" in numbered[finding.line - 1]  # type: ignore[operator]


def test_ctrl_c_wrapped_by_python_in_another_error_is_an_interruption(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ctrl-C while lark's import makes its classes reaches us as a RuntimeError ("Error calling
    # __set_name__") caused by the KeyboardInterrupt: interrupted (130), not an internal error.
    from gov_disclosure import cli

    def interrupted(_args: object, _out: object) -> int:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Error calling __set_name__") from exc

    monkeypatch.setattr(cli, "_cmd_parse", interrupted)
    path = str(Path(__file__).parents[1] / "examples" / "qinghe-county-2023.txt")
    assert main(["parse", path]) == cli.EXIT_INTERRUPTED
    assert capsys.readouterr().err == "gov-disclosure: interrupted\n"
