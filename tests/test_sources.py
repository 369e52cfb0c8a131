"""Pairing of per-corpus options (--raw, --lexicon) with --gold files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from evalkit.cli import main
from evalkit.errors import UsageError
from evalkit.sources import GoldSource, distinct, paired
from tests.test_rawtext import SIGHAN


def test_no_value_gives_none_for_every_corpus() -> None:
    assert paired("--raw", None, 3) == [None, None, None]
    assert paired("--raw", [], 2) == [None, None]


def test_one_value_serves_every_corpus() -> None:
    assert paired("--lexicon", ["w.txt"], 3) == ["w.txt"] * 3


def test_one_value_per_corpus_keeps_the_order() -> None:
    assert paired("--lexicon", ["a", "b"], 2) == ["a", "b"]


def test_other_counts_are_refused_not_last_one_wins() -> None:
    """Regression: a repeated --lexicon applied the last one to every corpus."""
    with pytest.raises(UsageError, match="--lexicon is given 2 times for 3 gold files"):
        paired("--lexicon", ["a", "b"], 3)


def _files(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("中国 人民\n", encoding="utf-8")
    b.write_text("北京 大学\n", encoding="utf-8")
    words_a, words_b = tmp_path / "wa.txt", tmp_path / "wb.txt"
    words_a.write_text("中国\n人民\n", encoding="utf-8")
    words_b.write_text("北京\n", encoding="utf-8")
    return a, b, words_a, words_b


def test_each_corpus_gets_its_own_word_list(capsys: pytest.CaptureFixture[str],
                                            fake_segmenters: None, tmp_path: Path) -> None:
    a, b, words_a, words_b = _files(tmp_path)
    assert main(["compare", "--gold", str(a), "--gold", str(b), "--lexicon", str(words_a),
                 "--lexicon", str(words_b), "-s", "chars", "--json", "--no-save"]) == 0
    document = json.loads(capsys.readouterr().out)
    rates = {row["corpus"]: row["vocabulary"]["oov_rate"] for row in document["results"]}
    assert rates == {"a": 0.0, "b": 0.5}  # with the last list for both, a would be 1.0
    assert [c["lexicon"]["path"] for c in document["corpora"]] == [str(words_a), str(words_b)]
    assert document["lexicon"]["kind"] == "per-corpus"


def test_a_word_list_count_that_fits_no_rule_is_a_usage_error(
        capfd: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    a, b, words_a, _ = _files(tmp_path)
    assert main(["compare", "--gold", str(a), "--gold", str(b), "--gold", str(a), "--lexicon",
                 str(words_a), "--lexicon", str(words_a), "-s", "chars", "--no-save"]) == 2
    assert "--lexicon is given 2 times for 3 gold files" in capfd.readouterr().err


def test_real_spaces_of_the_raw_text_reach_the_segmenters(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    gold, raw = tmp_path / "gold.txt", tmp_path / "raw.txt"
    gold.write_text("Tom Buckley 说\n", encoding="utf-8")
    raw.write_text("Tom Buckley说\n", encoding="utf-8")
    assert main(["compare", "--gold", str(gold), "-s", "spaces", "--json", "--no-save"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["counts"]["correct_words"] == 0
    assert main(["compare", "--gold", str(gold), "--raw", str(raw), "-s", "spaces", "--json",
                 "--no-save"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["results"][0]["counts"]["correct_words"] == 1  # "Tom"
    assert document["corpora"][0]["raw"]["path"] == str(raw)


def test_pku_oov_rate_with_its_own_word_list(capsys: pytest.CaptureFixture[str],
                                             fake_segmenters: None) -> None:
    """Regression: two --lexicon gave PKU the last list (OOV 0.068 instead of 0.058)."""
    if not SIGHAN.exists():
        pytest.skip(f"SIGHAN 2005 mirror not found at {SIGHAN} (it lives in ../shared)")
    args = ["compare", "-s", "chars", "--no-save", "--format", "plain"]
    for name in ("pku", "msr"):
        args += ["--gold", str(SIGHAN / "gold" / f"{name}_test_gold.utf8"),
                 "--raw", str(SIGHAN / "testing" / f"{name}_test.utf8"),
                 "--lexicon", str(SIGHAN / "gold" / f"{name}_training_words.utf8")]
    assert main(args) == 0
    out = capsys.readouterr().out
    pku = next(line for line in out.splitlines() if line.startswith("pku_test_gold"))
    assert pku.split()[9] == "0.058"
    assert "raw text of msr_test_gold" in out


def test_check_finds_raw_texts_and_word_lists_again(
        capsys: pytest.CaptureFixture[str], fake_segmenters: None, tmp_path: Path) -> None:
    a, b, words_a, words_b = _files(tmp_path)
    raw = tmp_path / "raw.txt"
    raw.write_text("中国人民\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert main(["compare", "--gold", str(a), "--gold", str(b), "--raw", str(raw), "--raw",
                 str(b), "--lexicon", str(words_a), "--lexicon", str(words_b), "-s", "chars",
                 "--no-save", "--save-baseline", str(baseline)]) == 0
    capsys.readouterr()
    assert main(["check", "--baseline", str(baseline)]) == 0
    assert "unchanged" in capsys.readouterr().out
    raw.write_text("中国人们\n", encoding="utf-8")
    assert main(["check", "--baseline", str(baseline)]) == 6  # the raw text changed


def test_the_same_gold_file_twice_is_read_once(capfd: pytest.CaptureFixture[str],
                                               fake_segmenters: None, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: --gold seed.txt --gold seed.txt gave two identical rows and 'macro
    avg (2)'; now one row, as for a registered name given twice, and a note."""
    a, b, _, _ = _files(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["compare", "--gold", str(a), "--gold", "./a.txt", "--gold", str(b),
                 "--gold", "a.txt", "-s", "chars", "--json", "--no-save"]) == 0
    captured = capfd.readouterr()
    document = json.loads(captured.out)
    assert [c["name"] for c in document["corpora"]] == ["a", "b"]
    assert captured.err.count("given twice as --gold") == 2


def test_distinct_keeps_the_first_of_each_file(tmp_path: Path) -> None:
    heard: list[str] = []
    one = GoldSource(tmp_path / "a.txt")
    again = GoldSource(tmp_path / "x" / ".." / "a.txt")
    other = GoldSource(tmp_path / "b.txt")
    assert distinct([one, other, again], heard.append) == [one, other]
    assert len(heard) == 1 and "the same file as" in heard[0]


def test_the_same_gold_file_with_two_raw_files_is_a_usage_error(tmp_path: Path) -> None:
    gold = tmp_path / "a.txt"
    with pytest.raises(UsageError, match="given twice as --gold with different --raw"):
        distinct([GoldSource(gold, raw=tmp_path / "r1.txt"),
                  GoldSource(gold, raw=tmp_path / "r2.txt")])


def _with(source: GoldSource, option: str, path: Path | None) -> GoldSource:
    """``source`` with its raw text or word list (``option``) set to ``path``."""
    return replace(source, raw=path) if option == "raw" else replace(source, lexicon=path)


def _refusal(sources: list[GoldSource]) -> str | None:
    """The usage error ``distinct`` gives for these sources, or None when it keeps them."""
    try:
        distinct(sources)
    except UsageError as error:
        return str(error)
    return None


@pytest.mark.parametrize("option", ["raw", "lexicon"])
def test_a_registered_gold_by_path_is_refused_only_with_other_files(
        tmp_path: Path, option: str) -> None:
    """A file given without --raw/--lexicon takes the registered corpus's own; the same
    file by another spelling agrees; any other file, or one where the corpus has none,
    is refused with the corpus's name and both files."""
    gold, mine, other = tmp_path / "g.txt", tmp_path / "m.txt", tmp_path / "o.txt"
    flag = f"--{option}"
    corpus = _with(GoldSource(gold, dataset="x/y"), option, mine)
    bare = GoldSource(gold, dataset="x/y")
    assert _refusal([corpus, GoldSource(tmp_path / "." / "g.txt")]) is None
    respelt = tmp_path / "d" / ".." / "m.txt"
    assert _refusal([corpus, _with(GoldSource(gold), option, respelt)]) is None
    assert _refusal([corpus, _with(GoldSource(gold), option, other)]) == (
        f"{gold} is the gold file of the registered corpus x/y, given with the {flag} "
        f"{other} where x/y is scored with {mine}; give the corpus once")
    assert _refusal([bare, _with(GoldSource(gold), option, other)]) == (
        f"{gold} is the gold file of the registered corpus x/y, given with the {flag} "
        f"{other} where x/y is scored with none; give the corpus once")


@pytest.mark.parametrize("option", ["raw", "lexicon"])
def test_a_gold_file_given_twice_must_come_with_the_same_files(
        tmp_path: Path, option: str) -> None:
    """Both without, or both with the same file (by any spelling), is one corpus; a file
    on one side only, or two files, is refused naming both (none for a missing one)."""
    gold, one, two = tmp_path / "g.txt", tmp_path / "1.txt", tmp_path / "2.txt"
    again = tmp_path / "." / "g.txt"
    flag = f"--{option}"
    assert _refusal([GoldSource(gold), GoldSource(again)]) is None
    respelt = tmp_path / "d" / ".." / "1.txt"
    assert _refusal([_with(GoldSource(gold), option, one),
                     _with(GoldSource(again), option, respelt)]) is None
    for kept, repeated in ((one, two), (one, None), (None, two)):
        assert _refusal([_with(GoldSource(gold), option, kept),
                         _with(GoldSource(again), option, repeated)]) == (
            f"{again} is given twice as --gold with different {flag} files "
            f"({kept or 'none'}, {repeated or 'none'}); give it once, with the {flag} it "
            "is to be scored with")
