"""--digits: recorded in the results document so ``evalkit report`` renders what
compare wrote (figures and best markers), overridable there, refused where the
output has fixed decimals (score --sighan), applied to compare --sighan's table, and
refused outside its range with that range in the message."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from evalkit.cli import Exit, main
from evalkit.results import from_document
from tests.conftest import REPO, SEED

SCHEMA = json.loads((REPO / "evalkit" / "schemas" / "results.schema.json").read_text(
    encoding="utf-8"))


@pytest.fixture
def close_pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A gold of 300 words and two outputs whose F1 ties at three decimals (0.995) but
    not at five (0.99499: a merge, 0.99501: a split): ``compare`` arguments."""
    monkeypatch.chdir(tmp_path)
    Path("gold.txt").write_text("中国|人民|银行\n" * 100, encoding="utf-8")
    Path("a.txt").write_text("中国人民|银行\n" + "中国|人民|银行\n" * 99, encoding="utf-8")
    Path("b.txt").write_text("中|国|人民|银行\n" + "中国|人民|银行\n" * 99, encoding="utf-8")
    return ["--gold", "gold.txt", "-s", "a=file:a.txt", "-s", "b=file:b.txt", "-q",
            "--no-cache"]


def report(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["report", "out/results.json", *args]) == Exit.OK
    return capsys.readouterr().out


def test_report_renders_what_compare_wrote_with_its_digits(
        capsys: pytest.CaptureFixture[str], close_pair: list[str]) -> None:
    assert main(["compare", *close_pair, "--digits", "5", "--report", "latex",
                 "--out", "out"]) == Exit.OK
    capsys.readouterr()
    document = json.loads(Path("out/results.json").read_text(encoding="utf-8"))
    assert document["settings"]["digits"] == 5
    jsonschema.validate(document, SCHEMA)
    tex = Path("out/results.tex").read_text(encoding="utf-8")
    assert "\\textbf{0.99501}" in tex and "\\textbf{0.99499}" not in tex  # b alone is best
    assert report(capsys, "--format", "latex") == tex
    assert report(capsys, "--format", "md") == \
        Path("out/results.md").read_text(encoding="utf-8")


def test_report_digits_override_the_recorded_ones(
        capsys: pytest.CaptureFixture[str], close_pair: list[str]) -> None:
    assert main(["compare", *close_pair, "--digits", "5", "--out", "out"]) == Exit.OK
    capsys.readouterr()
    tex = report(capsys, "--format", "latex", "--digits", "3")
    assert tex.count("\\textbf{0.995}") == 2  # a tie at three decimals: both are best
    assert "0.99501" not in tex


def test_documents_without_digits_render_with_the_default(
        capsys: pytest.CaptureFixture[str], close_pair: list[str]) -> None:
    assert main(["compare", *close_pair, "--out", "out"]) == Exit.OK
    capsys.readouterr()
    path = Path("out/results.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["settings"].pop("digits") == 3
    path.write_text(json.dumps(document), encoding="utf-8")
    assert from_document(document).digits == 3
    assert "| 0.995 " in report(capsys, "--format", "md")


@pytest.mark.parametrize("digits", [0, 11, "3"])
def test_a_document_with_impossible_digits_is_refused(
        capsys: pytest.CaptureFixture[str], close_pair: list[str], digits: object) -> None:
    assert main(["compare", *close_pair, "--out", "out"]) == Exit.OK
    capsys.readouterr()
    path = Path("out/results.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    document["settings"]["digits"] = digits
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["report", "out/results.json", "--format", "md"]) == Exit.BAD_INPUT
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "settings.digits" in err


@pytest.mark.parametrize("command", [["compare"], ["score", str(SEED), str(SEED)],
                                     ["check", "--baseline", "b.json"],
                                     ["report", "results.json"]])
def test_too_many_decimals_are_refused_with_the_range(
        command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--digits", "11"]) == Exit.USAGE
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "argument --digits: must be between 1 and 10, not 11" in err
    assert "0.803" not in err


def test_score_sighan_refuses_digits(capsys: pytest.CaptureFixture[str],
                                     close_pair: list[str]) -> None:
    """The script's summary has fixed %1.3f figures: --digits would be ignored."""
    assert main(["score", "--sighan", "gold.txt", "a.txt", "--digits", "5"]) == Exit.USAGE
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "--digits 5 has no effect with --sighan" in err
    assert main(["score", "--sighan", "gold.txt", "a.txt"]) == Exit.OK
    assert "=== F MEASURE:\t0.995" in capsys.readouterr().out


def test_compare_sighan_applies_digits_to_its_table_not_to_the_script_lines(
        capsys: pytest.CaptureFixture[str], close_pair: list[str]) -> None:
    assert main(["compare", "--sighan", *close_pair, "--digits", "5"]) == Exit.OK
    out = capsys.readouterr().out
    table = [line for line in out.splitlines() if line.startswith("gold ")]
    assert [line.split()[-4] for line in table] == ["0.99499", "0.99501"]
    hashes = [line.split("\t") for line in out.splitlines() if line.startswith("###")]
    assert [fields[10] for fields in hashes] == ["0.995", "0.995"]  # the script's F


def test_score_json_records_the_digits(capsys: pytest.CaptureFixture[str],
                                       close_pair: list[str]) -> None:
    assert main(["score", "gold.txt", "a.txt", "--digits", "4", "--json"]) == Exit.OK
    assert json.loads(capsys.readouterr().out)["settings"]["digits"] == 4


def test_score_records_leave_timings_that_do_not_exist_empty(
        capsys: pytest.CaptureFixture[str], close_pair: list[str]) -> None:
    """A prediction file is neither loaded nor segmented: no 0.0 seconds, as CSV and
    TSV leave every missing value empty."""
    for fmt, delimiter in (("tsv", "\t"), ("csv", ",")):
        assert main(["score", "gold.txt", "a.txt", "--format", fmt]) == Exit.OK
        header, record = capsys.readouterr().out.splitlines()
        fields = dict(zip(header.split(delimiter), record.split(delimiter), strict=True))
        assert fields["load_seconds"] == fields["segment_seconds"] == ""
        assert fields["word_f1"].startswith("0.99499")
