"""Regression (review): CSV and TSV records dropped the paired tests and every interval
but word F1's, and ignored --paired silently. The records now carry every interval
--ci computes, each row's rank and its test against the baseline, and --view pairs
(and results.pairs.csv beside results.csv) every pair tested; their numbers are the
JSON's own."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from evalkit.cli import Exit, main
from evalkit.report.csvfile import HEADER, INTERVALS, PAIR_HEADER, PAIRED
from evalkit.stats import METRICS

RUN = ["-s", "chars", "-s", "jieba", "-s", "dropper", "--ci", "--paired", "--resamples",
       "100", "--no-cache", "-q"]


def _records(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], fake_segmenters: None, three_golds: list[str],
        tmp_path: Path) -> tuple[str, str, Path]:
    """One compare run: its CSV on stdout, its stderr, and the folder of its reports
    (results.json, results.csv, results.pairs.csv)."""
    out = tmp_path / "out"
    code = main(["compare", *three_golds, *RUN, "--format", "csv", "--view", "rows",
                 "--out", str(out), "--report", "csv"])
    assert code == Exit.SEGMENTER_FAILED  # dropper fails; its rows are records too
    captured = capsys.readouterr()
    return captured.out, captured.err, out


def _statistics(out: Path) -> dict[str, Any]:
    document = json.loads((out / "results.json").read_text("utf-8"))
    return {block["corpus"]: block for block in document["statistics"]["corpora"]}


def test_rows_carry_every_interval_the_rank_and_the_test_with_the_json_numbers(
        run: tuple[str, str, Path]) -> None:
    printed, _, out = run
    assert (out / "results.csv").read_text("utf-8") == printed  # --report csv: the same
    records = _records(printed)
    assert list(records[0]) == list(HEADER)
    assert set(INTERVALS) == {f"{m}_{end}" for m in METRICS for end in ("low", "high")}
    blocks = _statistics(out)
    scored = [r for r in records if r["status"] == "ok"]
    assert len(scored) == 6  # chars and jieba on three corpora
    for record in scored:
        block = blocks[record["corpus"]]
        found = block["intervals"][record["segmenter"]]
        for metric in METRICS:  # P, R, F1 of words and boundaries: every one
            assert [float(record[f"{metric}_low"]), float(record[f"{metric}_high"])] == \
                found[metric]
        ranks = {r["segmenter"]: r["rank"] for r in block["ranks"]}
        assert int(record["rank"]) == ranks[record["segmenter"]]
        assert record["baseline"] == block["baseline"] == "chars"
        tests = {c["segmenter"]: c for c in block["comparisons"]}
        if record["segmenter"] == "chars":  # the baseline's own row
            assert [record[c] for c in PAIRED[2:]] == ["", "", "", ""]
            continue
        test = tests[record["segmenter"]]
        assert float(record["delta_f1"]) == test["delta_f1"]
        assert float(record["p"]) == test["p"]
        assert float(record["p_adjusted"]) == test["p_adjusted"]
        assert record["significant"] == ("yes" if test["significant"] else "no")
    assert {r["significant"] for r in scored} >= {"yes"}
    failed = [r for r in records if r["status"] == "failed"]
    assert failed and all(r[c] == "" for r in failed for c in (*INTERVALS, *PAIRED))


def test_pairs_are_records_of_their_own_equal_to_the_json(
        capsys: pytest.CaptureFixture[str], run: tuple[str, str, Path]) -> None:
    _, _, out = run
    written = (out / "results.pairs.csv").read_text("utf-8")
    assert main(["report", str(out / "results.json"), "--format", "csv",
                 "--view", "pairs"]) == Exit.OK
    assert capsys.readouterr().out == written
    records = _records(written)
    assert list(records[0]) == list(PAIR_HEADER)
    expected = [(corpus, p["a"], p["b"], p["delta_f1"], p["p"], p["p_adjusted"],
                 p["significant"], {r["segmenter"]: r["word_f1"] for r in block["ranks"]})
                for corpus, block in _statistics(out).items() for p in block["pairs"]]
    assert len(records) == len(expected) == 3  # one pair (chars, jieba) per corpus
    for record, (corpus, a, b, delta, p, adjusted, significant, f1) in zip(
            records, expected, strict=True):
        assert (record["corpus"], record["a"], record["b"]) == (corpus, a, b)
        assert float(record["a_word_f1"]) == f1[a] and float(record["b_word_f1"]) == f1[b]
        assert float(record["delta_f1"]) == delta
        assert (float(record["p"]), float(record["p_adjusted"])) == (p, adjusted)
        assert record["significant"] == ("yes" if significant else "no")


def test_tsv_records_are_the_csv_records(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None, three_golds: list[str],
        run: tuple[str, str, Path]) -> None:
    printed, _, _ = run
    timing = ("load_seconds", "segment_seconds", "chars_per_second", "units_per_second",
              "peak_rss_mb")
    for view, expected in (("rows", printed), ("pairs", None)):
        main(["compare", *three_golds, *RUN, "--no-save", "--format", "tsv", "--view", view])
        tsv = _records(capsys.readouterr().out, "\t")
        main(["compare", *three_golds, *RUN, "--no-save", "--format", "csv", "--view", view])
        comma = _records(capsys.readouterr().out)
        assert len(tsv) == len(comma) > 0
        for a, b in zip(tsv, comma, strict=True):
            assert {k: v for k, v in a.items() if k not in timing} == \
                {k: v for k, v in b.items() if k not in timing}
        if expected is not None:
            assert [r["word_f1_low"] for r in tsv] == \
                [r["word_f1_low"] for r in _records(expected)]


def test_records_say_on_stderr_where_the_paired_tests_are(
        run: tuple[str, str, Path]) -> None:
    _, err, _ = run
    line = next(line for line in err.splitlines() if line.startswith("paired tests"))
    assert "Holm correction over all pairs; significant = adjusted p < 0.05" in line
    assert "columns rank, baseline, delta_f1, p, p_adjusted and significant" in line
    assert "every pair: --view pairs" in line


def test_without_paired_tests_no_pairs_file_is_left_behind(
        capsys: pytest.CaptureFixture[str], run: tuple[str, str, Path],
        three_golds: list[str]) -> None:
    """A later run without --paired replaces the set: an old results.pairs.csv would
    describe another run."""
    _, _, out = run
    assert (out / "results.pairs.csv").exists()
    main(["compare", *three_golds, "-s", "chars", "-s", "jieba", "--ci", "--no-cache",
          "-q", "--out", str(out), "--report", "csv"])
    records = _records((out / "results.csv").read_text("utf-8"))
    assert all(r["rank"] == "" and r["word_recall_low"] != "" for r in records)
    assert not (out / "results.pairs.csv").exists()
    capsys.readouterr()


@pytest.mark.parametrize(("arguments", "message"), [
    (["--paired", "--view", "pairs"],
     "--view pairs prints the paired tests as records, not as --format simple"),
    (["--format", "csv", "--view", "pairs"],
     "--view pairs lists the paired tests, and without --paired there are none"),
])
def test_view_pairs_is_refused_where_it_would_print_no_test(
        capsys: pytest.CaptureFixture[str], arguments: list[str], message: str) -> None:
    code = main(["compare", "-s", "chars", "-s", "jieba", "--no-save", *arguments])
    assert code == Exit.USAGE
    assert message in capsys.readouterr().err


def test_report_refuses_view_pairs_for_a_document_without_tests(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("我们|喜欢|自然|语言|。\n", encoding="utf-8")
    main(["compare", "--gold", str(gold), "-s", "chars", "--no-cache", "-q", "--out",
          str(tmp_path)])
    capsys.readouterr()
    assert main(["report", str(tmp_path / "results.json"), "--format", "csv",
                 "--view", "pairs"]) == Exit.USAGE
    assert "has no paired tests (its compare ran without --paired)" in \
        capsys.readouterr().err
