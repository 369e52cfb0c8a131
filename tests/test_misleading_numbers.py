"""Figures that must not mislead (issue 11): macro averages, cached and unmeasured
timings, ranks that agree with the stars, paired tests against a failed baseline,
baseline files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evalkit.cli import Exit, main
from evalkit.report.csvfile import render_csv
from evalkit.report.html import render_html
from evalkit.report.markdown import render_markdown
from evalkit.report.table import paired_notes
from evalkit.results import CorpusInfo, Results, from_document, macro_averages
from evalkit.stats import ComparedPair, unordered, wmt_ranks
from evalkit.stats_records import (
    CorpusStatistics,
    PairedTests,
    RankConflict,
    Statistics,
    StatsSettings,
)
from tests.conftest import SEED, SHARED, UD_TEST


def compare(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["compare", "-q", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def row_of(out: str, first: str, segmenter: str) -> list[str]:
    return next(line.split() for line in out.splitlines()
                if line.startswith(first) and f" {segmenter} " in f"{line} ")


def test_macro_average_leaves_out_a_gold_the_segmenter_reproduces(
        capsys: pytest.CaptureFixture[str], ud_test: Path, tmp_path: Path) -> None:
    """Point 5: seed + UD ranked jieba first on the macro average (0.899) although its
    seed row means nothing; now the seed is left out of jieba's average, and said so."""
    code, out, _ = compare(capsys, "--gold", str(SEED), "--gold", str(ud_test), "-s", "jieba",
                           "-s", "jiagu", "--out", str(tmp_path))
    assert code == Exit.OK
    assert row_of(out, "macro avg (1 of 2)", "jieba")[6:9] == ["0.839", "0.762", "0.799"]
    assert row_of(out, "macro avg (2)", "jiagu")[4:7] == ["0.859", "0.847", "0.852"]
    assert not any(line.startswith("macro avg") and " jieba " in line and "1.000" in line
                   for line in out.splitlines())
    note = ("macro avg: jieba is averaged without 000_c514ef1e1ad5938b (it reproduces that "
            "gold exactly")
    assert note in out
    document = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    averages = {m["segmenter"]: m for m in document["macro_average"]}
    assert averages["jieba"]["corpora"] == 1
    assert averages["jieba"]["left_out"] == ["000_c514ef1e1ad5938b"]
    assert averages["jieba"]["word"]["f1"] == pytest.approx(0.79866, abs=1e-5)
    results = from_document(document)
    assert [m.label for m in macro_averages(results)] == ["macro avg (1 of 2)",
                                                          "macro avg (2)"]
    for view in (render_markdown(results), render_html(results)):
        assert "macro avg (1 of 2)" in view and note in view


def test_cached_timings_are_marked_next_to_fresh_ones(
        capsys: pytest.CaptureFixture[str], ud_test: Path, tmp_path: Path) -> None:
    """Point 7: the seed row comes from the cache, the UD row is measured now; only the
    cached row's speed carries the mark, in every view."""
    cache = str(tmp_path / "cache")
    assert compare(capsys, "--gold", str(SEED), "-s", "jieba", "--cache-dir", cache,
                   "--no-save")[0] == Exit.OK
    code, out, _ = compare(capsys, "--gold", str(SEED), "--gold", str(ud_test), "-s", "jieba",
                           "--cache-dir", cache, "--out", str(tmp_path))
    assert code == Exit.OK
    seed, ud = row_of(out, "000_c514", "jieba"), row_of(out, "zh_gsdsimp", "jieba")
    assert seed[-3].endswith("†") and seed[-2].endswith("†")
    assert not ud[-3].endswith("†") and not ud[-2].endswith("†")
    note = ("† timing from the cache, measured in an earlier run (jieba on "
            "000_c514ef1e1ad5938b); --no-cache measures again")
    assert note in out
    document = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert [r["timing"]["cached"] for r in document["results"]] == [True, False]
    results = from_document(document)
    assert note in render_markdown(results) and note in render_html(results)
    csv_rows = render_csv(results).splitlines()
    assert csv_rows[0].endswith(",timing_cached")
    assert [line.rsplit(",", 1)[1] for line in csv_rows[1:]] == ["yes", "no"]


def test_file_outputs_have_no_speed_and_a_per_corpus_pattern(
        capsys: pytest.CaptureFixture[str], ud_test: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Point 8: a file: output printed 59,203,006 chars/s; one file could not serve two
    corpora; a missing file was 'no such file' without its path."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    assert main(["segment", "-s", "jieba", str(ud_test), "-q", "-o",
                 "out/zh_gsdsimp-ud-test.txt"]) == Exit.OK
    assert main(["segment", "-s", "jieba", str(SEED), "--format-in", "pipe", "-q", "-o",
                 "out/000_c514ef1e1ad5938b.txt"]) == Exit.OK
    capsys.readouterr()
    code, out, _ = compare(capsys, "--gold", str(SEED), "--gold", str(ud_test), "-s",
                           "x=file:out/{corpus}.txt", "-s", "jieba", "--no-save")
    assert code == Exit.OK
    ud = row_of(out, "zh_gsdsimp", "x")
    assert ud[7] == "0.799" and ud[-3:-1] == ["n/a", "n/a"]
    assert row_of(out, "000_c514", "x")[-3:-1] == ["n/a", "n/a"]
    assert row_of(out, "zh_gsdsimp", "jieba")[-3] != "n/a"  # a run segmenter is timed
    code, out, err = compare(capsys, "--gold", str(SEED), "-s", "x=file:nosuch.txt",
                             "--no-save")
    assert code == Exit.SEGMENTER_FAILED
    assert "segmenter 'x': nosuch.txt: no such file" in err
    code, out, err = compare(capsys, "--gold", str(SEED), "--gold", str(ud_test), "-s",
                             "x=file:out/{corpus}.gone", "--no-save")
    assert "out/zh_gsdsimp-ud-test.gone: no such file" in err


CITYU = SHARED / "mirror" / "yuikns" / "icwb2-data" / \
    "873a51fa6234c644126d2f2c5c603a97809d2e49" / "gold" / "cityu_test_gold.utf8"


def unexplained_contradictions(block: dict[str, Any]) -> list[tuple[str, str]]:
    """Significant pairs that the ranks do not order and no note explains."""
    ranks = {entry["segmenter"]: entry["rank"] for entry in block["ranks"]}
    f1 = {entry["segmenter"]: entry["word_f1"] for entry in block["ranks"]}
    noted = {(c["better"], c["worse"]) for c in block.get("rank_conflicts", [])}
    found = []
    baseline = block["baseline"]
    for test in block["comparisons"]:
        if not test["significant"]:
            continue
        other = test["segmenter"]
        good, bad = (other, baseline) if f1[other] > f1[baseline] else (baseline, other)
        if ranks[good] >= ranks[bad] and (good, bad) not in noted:
            found.append((good, bad))
    return found


@pytest.mark.parametrize("corpus", ["cityu", "ud"])
def test_ranks_never_contradict_the_stars(capsys: pytest.CaptureFixture[str],
                                          corpus: str, tmp_path: Path) -> None:
    """Point 1: on CITYU jieba_fast was significantly better than the jieba baseline yet
    both rank 1; on UD thulac significantly worse than jieba yet both rank 2."""
    if corpus == "cityu":
        if not CITYU.exists():
            pytest.skip(f"SIGHAN CITYU gold not found at {CITYU} (it lives in ../shared)")
        gold, names = CITYU, ["jieba", "jieba_fast", "rjieba"]
    else:
        if not UD_TEST.exists():
            pytest.skip(f"UD corpus not found at {UD_TEST} (it lives in ../shared)")
        gold, names = UD_TEST, ["jieba", "thulac", "jiagu", "snownlp"]
    args = ["--gold", str(gold), "--paired", "--json", "--no-save"]
    for name in names:
        args += ["-s", name]
    code, out, _ = compare(capsys, *args)
    assert code == Exit.OK
    block = json.loads(out)["statistics"]["corpora"][0]
    assert len(block["pairs"]) == len(names) * (len(names) - 1) // 2
    assert unexplained_contradictions(block) == []
    ranks = {entry["segmenter"]: entry["rank"] for entry in block["ranks"]}
    for name in names:  # rank = 1 + the number of segmenters significantly better
        better = [p for p in block["pairs"] if p["significant"] and name in (p["a"], p["b"])
                  and (p["delta_f1"] < 0) == (p["a"] != name)]
        assert ranks[name] == 1 + len(better), name
    tests = {c["segmenter"]: c for c in block["comparisons"]}
    if corpus == "cityu":
        assert tests["jieba_fast"]["significant"] and ranks["jieba_fast"] < ranks["jieba"]


def test_ranks_say_when_significance_is_not_transitive() -> None:
    """c beats a, a beats b, nothing else is significant: a and b share rank 2 though a
    is significantly better than b, and the table says so."""
    pairs = [ComparedPair(0, 1, 0.0, 0.0, 0.0, True), ComparedPair(0, 2, 0.0, 0.0, 0.0, True),
             ComparedPair(1, 2, 0.0, 0.0, 0.0, False)]
    f1 = [0.8, 0.7, 0.9]  # a, b, c
    assert wmt_ranks(f1, pairs) == [2, 2, 1]
    assert unordered(f1, [2, 2, 1], pairs) == [(0, 1)]
    settings = StatsSettings(None, True, "bootstrap", 1000, 12345, "holm", 0.05, "word_f1",
                             "first segmenter", "sentence")
    results = Results([CorpusInfo("x", "x", "pipe", "0" * 64, 1, 1, 1)], [], [],
                      statistics=Statistics(settings, [CorpusStatistics(
                          "x", 1, paired=PairedTests("a", [], [], [], [
                              RankConflict("a", "b", 2, 2)]))]))
    assert paired_notes(results) == ["note: on x, a is significantly better than b although "
                                     "both are rank 2 (significance tests are not "
                                     "transitive)"]


def test_no_paired_tests_against_a_failed_baseline(capsys: pytest.CaptureFixture[str],
                                                   ud_test: Path) -> None:
    """Point 15: with --baseline bad and bad failing, the p-values were silently against
    jieba while the signature said baseline:bad. Nothing is shown against another
    segmenter, but the others are still tested and ranked (the family does not depend
    on --baseline), and one line says why no row is against the baseline."""
    code, out, _ = compare(capsys, "--gold", str(ud_test), "-s", "bad=cmd:false", "-s",
                           "jieba", "-s", "jiagu", "--paired", "--baseline", "bad",
                           "--json", "--no-save")
    assert code == Exit.SEGMENTER_FAILED
    document = json.loads(out)
    [block] = document["statistics"]["corpora"]
    assert block["baseline"] == "bad" and block["comparisons"] == []
    assert [(pair["a"], pair["b"]) for pair in block["pairs"]] == [("jieba", "jiagu")]
    assert "refused" not in block
    text = render_markdown(from_document(document))
    assert "(baseline)" not in text
    assert ("no pair against the baseline on zh_gsdsimp-ud-test: bad has no row there "
            "(it failed or was not run)") in text


def test_per_corpus_output_files_are_recorded_by_what_they_hold(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """file:out/{corpus}.txt once signed every set of files alike ('per-corpus'): two
    different predictions had one signature."""
    monkeypatch.chdir(tmp_path)
    gold = tmp_path / "g.txt"
    gold.write_text("中国 人民 银行\n北京 大学\n", encoding="utf-8")
    signatures = []
    for folder, text in (("a", "中国 人民 银行\n北京 大学\n"), ("b", "中国 人民银行\n北京大学\n"),
                         ("c", "中国 人民 银行\n北京 大学\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "g.txt").write_text(text, encoding="utf-8")
        code, out, _ = compare(capsys, "--gold", str(gold), "-s",
                               f"x=file:{folder}/{{corpus}}.txt", "--no-save")
        assert code == Exit.OK
        signature = next(line for line in out.splitlines() if line.startswith("signature:"))
        signatures.append(signature.split("systems:x=")[1].split("[")[0])  # its version
    assert signatures[0] != signatures[1] and signatures[0] == signatures[2]
    assert signatures[0].startswith("per-corpus-")
