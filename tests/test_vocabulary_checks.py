"""No OOV figure silently comes from the wrong vocabulary (docs/scoring.md §Vocabulary).

A registered corpus's own word list is never replaced for several corpora at
once, and replacing it for one is said; a vocabulary that covers a gold corpus
implausibly badly (another corpus's list, the other script) or completely (made
from the test gold) is warned about; a --train corpus that is the gold is refused.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evalkit import api
from evalkit.cli import main
from evalkit.cli.exits import Exit
from evalkit.corpus import read_corpus
from evalkit.coverage import OOV_RATE_WARNING, WORDS_FOR_WARNING, coverage_warning
from evalkit.datasets import catalogue as catalogue_module
from evalkit.errors import UsageError
from evalkit.lexicon import read_word_list
from evalkit.results import from_document
from tests import dataset_fixtures as fx
from tests.conftest import ICWB2, REPO, UD_TEST

# 120 distinct two-character words, ten to a line
WORDS = [chr(0x4E00 + 2 * i) + chr(0x4E01 + 2 * i) for i in range(120)]


@pytest.fixture
def registered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture registry (fixture/tiny and fixture/other, each with its own word
    list), an empty store and a file:// mirror; the working directory is tmp_path."""
    monkeypatch.setattr(catalogue_module, "REGISTRY", fx.registry())
    monkeypatch.setenv("EVALKIT_DATA", str(tmp_path / "store"))
    monkeypatch.setenv("EVALKIT_MIRROR", fx.write_mirror(tmp_path / "mirror").as_uri())
    monkeypatch.delenv("EVALKIT_OFFLINE", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "words.txt").write_text("中国\n北京\n大学\n", encoding="utf-8")
    (tmp_path / "train.txt").write_text("中国 人民 北京\n", encoding="utf-8")
    (tmp_path / "mine.txt").write_text("北京 大学\n", encoding="utf-8")
    return tmp_path


def _gold(path: Path, words: list[str]) -> Path:
    path.write_text("".join(" ".join(words[i:i + 10]) + "\n"
                            for i in range(0, len(words), 10)), encoding="utf-8")
    return path


def _list(path: Path, words: list[str]) -> Path:
    path.write_text("".join(f"{word}\n" for word in words), encoding="utf-8")
    return path


# --- 1. a registered corpus's own list is not replaced silently ---------------------------

def test_one_lexicon_for_a_suite_of_registered_corpora_is_refused(
        registered: Path, fake_segmenters: None, capfd: pytest.CaptureFixture[str]) -> None:
    """Regression: --gold sighan2005 --gold ud.conllu --lexicon ud_dev_words.txt gave all
    four SIGHAN sets the UD list (PKU OOV 0.343 where its own list gives 0.058)."""
    assert main(["compare", "--gold", "fixture", "--gold", "mine.txt", "--lexicon",
                 "words.txt", "-s", "chars", "--no-save"]) == Exit.USAGE
    captured = capfd.readouterr()
    assert captured.out == ""
    [line] = [line for line in captured.err.splitlines() if "error" in line]
    assert "--lexicon words.txt would serve 3 corpora and replace the word lists of " \
        "fixture/tiny, fixture/other" in line
    assert "drop --lexicon" in line and "--gold fixture/tiny --lexicon words.txt" in line


def test_one_train_corpus_for_several_corpora_with_their_own_lists_is_refused(
        registered: Path, fake_segmenters: None, capfd: pytest.CaptureFixture[str]) -> None:
    """Regression: --train served mine.txt and was silently dropped for fixture/tiny."""
    assert main(["compare", "--gold", "fixture/tiny", "--gold", "mine.txt", "--train",
                 "train.txt", "-s", "chars", "--no-save"]) == Exit.USAGE
    assert "--train train.txt would serve 2 corpora and replace the word lists of " \
        "fixture/tiny" in capfd.readouterr().err


def test_a_lexicon_per_gold_value_replaces_only_where_it_is_given(
        registered: Path, fake_segmenters: None, capfd: pytest.CaptureFixture[str]) -> None:
    """Paired once per --gold, a value naming one registered corpus replaces its list
    (said on stderr); a user's file gets its own value; nothing is refused."""
    assert main(["compare", "--gold", "fixture/tiny", "--gold", "mine.txt", "--lexicon",
                 "words.txt", "--lexicon", "words.txt", "-s", "chars", "--no-save",
                 "--json"]) == Exit.OK
    captured = capfd.readouterr()
    document = json.loads(captured.out)
    assert [c["lexicon"]["path"] for c in document["corpora"]] == ["words.txt", "words.txt"]
    assert captured.err.count("replaces its own word list") == 1


def test_an_explicit_lexicon_for_one_registered_corpus_replaces_its_list_with_a_note(
        registered: Path, fake_segmenters: None, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--gold", "fixture/tiny", "--lexicon", "words.txt", "-s", "chars",
                 "--no-save", "--json"]) == Exit.OK
    captured = capfd.readouterr()
    assert json.loads(captured.out)["corpora"][0]["lexicon"]["path"] == "words.txt"
    assert "note: fixture/tiny: --lexicon words.txt replaces its own word list " \
        "(tiny_words.utf8) for the OOV/IV figures" in captured.err
    assert "replaces" not in captured.out  # stdout carries only the results


def test_train_for_one_registered_corpus_replaces_its_list_as_in_score(
        registered: Path, fake_segmenters: None, capfd: pytest.CaptureFixture[str]) -> None:
    """Regression: compare kept the corpus's own list and ignored --train, where score
    used --train: the same command line gave two different OOV rates."""
    assert main(["compare", "--gold", "fixture/tiny", "--train", "train.txt", "-s", "chars",
                 "--no-save", "--json"]) == Exit.OK
    captured = capfd.readouterr()
    compared = json.loads(captured.out)
    assert compared["lexicon"]["kind"] == "train"
    assert "fixture/tiny: --train train.txt replaces its own word list" in captured.err
    (registered / "pred.txt").write_text("中国 人民\n北京 大学 生活\n", encoding="utf-8")
    assert main(["score", "fixture/tiny", "pred.txt", "--train", "train.txt",
                 "--json"]) == Exit.OK
    captured = capfd.readouterr()
    scored = json.loads(captured.out)
    assert scored["lexicon"]["sha256"] == compared["lexicon"]["sha256"]
    assert scored["results"][0]["vocabulary"]["oov_rate"] == \
        compared["results"][0]["vocabulary"]["oov_rate"] == 0.4
    assert "fixture/tiny: --train train.txt replaces its own word list" in captured.err


def test_score_says_when_its_lexicon_replaces_the_corpus_list(
        registered: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (registered / "pred.txt").write_text("中国 人民\n北京 大学 生活\n", encoding="utf-8")
    assert main(["score", "fixture/tiny", "pred.txt", "--lexicon", "words.txt"]) == Exit.OK
    captured = capfd.readouterr()
    assert "fixture/tiny: --lexicon words.txt replaces its own word list (tiny_words.utf8)" \
        in captured.err
    assert "replaces" not in captured.out
    assert main(["score", "fixture/tiny", "pred.txt"]) == Exit.OK
    assert "replaces" not in capfd.readouterr().err  # its own list: nothing to say


def test_suites_with_their_own_lists_and_no_option_are_untouched(
        registered: Path, fake_segmenters: None, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--gold", "fixture", "-s", "chars", "--no-save",
                 "--json"]) == Exit.OK
    captured = capfd.readouterr()
    paths = [Path(c["lexicon"]["path"]).name for c in json.loads(captured.out)["corpora"]]
    assert paths == ["tiny_words.utf8", "tiny_words.utf8"]
    assert "replaces" not in captured.err


# --- 2. implausible coverage is warned about ----------------------------------------------

def test_coverage_warning_thresholds() -> None:
    assert coverage_warning("c", "w.txt", 100, 30) is None       # 0.30: not above
    assert "OOV rate 0.310" in (coverage_warning("c", "w.txt", 100, 31) or "")
    assert coverage_warning("c", "w.txt", 99, 60) is None        # too few words to say
    assert coverage_warning("c", "w.txt", 100, 1) is None
    assert "every one of its 100 gold words" in (coverage_warning("c", "w.txt", 100, 0) or "")
    assert coverage_warning("c", "w.txt", 99, 0) is None


def test_a_list_that_leaves_most_words_oov_is_warned_about_and_recorded(
        tmp_path: Path, fake_segmenters: None, capfd: pytest.CaptureFixture[str]) -> None:
    gold = _gold(tmp_path / "g.txt", WORDS)
    bad, good = _list(tmp_path / "bad.txt", WORDS[:60]), _list(tmp_path / "ok.txt", WORDS[:90])
    assert main(["compare", "--gold", str(gold), "--lexicon", str(bad), "-s", "chars",
                 "--no-save", "--json"]) == Exit.OK
    captured = capfd.readouterr()
    expected = f"g: OOV rate 0.500 with the vocabulary {bad} (above 0.30"
    assert f"evalkit: warning: {expected}" in captured.err
    document = json.loads(captured.out)
    [warning] = [w for w in document["warnings"] if w["kind"] == "vocabulary-coverage"]
    assert warning["corpus"] == "g" and warning["message"].startswith(expected)
    assert from_document(document).warnings() == document["warnings"]  # reports carry it
    assert main(["compare", "--gold", str(gold), "--lexicon", str(good), "-s", "chars",
                 "--no-save", "--json"]) == Exit.OK
    captured = capfd.readouterr()
    assert "warning" not in captured.err
    assert json.loads(captured.out)["warnings"] == []


def test_score_warns_too_and_the_table_carries_the_warning(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    gold = _gold(tmp_path / "g.txt", WORDS)
    bad = _list(tmp_path / "bad.txt", WORDS[:60])
    for sighan in ([], ["--sighan"]):
        assert main(["score", *sighan, str(gold), str(gold), "--lexicon",
                     str(bad)]) == Exit.OK
        captured = capfd.readouterr()
        assert captured.err.count("warning: g") + captured.err.count(
            f"warning: {gold}: OOV") == 1, captured.err
        assert "OOV rate 0.500" in captured.err
    assert main(["score", str(gold), str(gold), "--lexicon", str(bad)]) == Exit.OK
    assert "warning: g: OOV rate 0.500" in capfd.readouterr().out  # the table's footnote


def test_compare_sighan_records_the_warning_with_the_script_warnings(
        tmp_path: Path, fake_segmenters: None, capfd: pytest.CaptureFixture[str]) -> None:
    gold = _gold(tmp_path / "g.txt", WORDS)
    bad = _list(tmp_path / "bad.txt", WORDS[:60])
    assert main(["compare", "--sighan", "--gold", str(gold), "--lexicon", str(bad), "-s",
                 "chars", "--json"]) == Exit.OK
    captured = capfd.readouterr()
    # compare --sighan's warnings are part of its result: in the document, or under
    # the table, where -q leaves them
    assert sum("OOV rate 0.500" in w for w in json.loads(captured.out)["warnings"]) == 1
    assert main(["compare", "--sighan", "--gold", str(gold), "--lexicon", str(bad), "-s",
                 "chars", "-q"]) == Exit.OK
    captured = capfd.readouterr()
    assert captured.out.count("OOV rate 0.500") == 1 and captured.err == ""


def test_a_list_holding_every_gold_word_is_warned_about(
        tmp_path: Path, fake_segmenters: None, capfd: pytest.CaptureFixture[str]) -> None:
    gold = _gold(tmp_path / "g.txt", WORDS[:WORDS_FOR_WARNING])
    listed = _list(tmp_path / "w.txt", WORDS)
    assert main(["compare", "--gold", str(gold), "--lexicon", str(listed), "-s", "chars",
                 "--no-save", "--json"]) == Exit.OK
    captured = capfd.readouterr()
    assert "warning: g: every one of its 100 gold words is in the vocabulary" in captured.err
    assert [w["kind"] for w in json.loads(captured.out)["warnings"]] == \
        ["vocabulary-coverage"]
    small = _gold(tmp_path / "s.txt", WORDS[:WORDS_FOR_WARNING - 1])
    assert main(["compare", "--gold", str(small), "--lexicon", str(listed), "-s", "chars",
                 "--no-save", "--json"]) == Exit.OK
    assert "warning" not in capfd.readouterr().err


def test_the_warning_goes_to_library_callers_through_warn(tmp_path: Path,
                                                         fake_segmenters: None) -> None:
    gold = _gold(tmp_path / "g.txt", WORDS)
    heard: list[str] = []
    request = api.CompareRequest(gold=(str(gold),), segmenters=("chars",),
                                 lexicon=(str(_list(tmp_path / "bad.txt", WORDS[:60])),),
                                 warn=heard.append)
    results = api.run_compare(request)
    assert len(heard) == 1 and heard[0].startswith("g: OOV rate 0.500")
    assert [w["message"] for w in results.warnings()] == heard  # type: ignore[operator]


# --- 3. a training corpus that is the test gold -------------------------------------------

def test_train_that_is_the_gold_is_refused(tmp_path: Path, fake_segmenters: None,
                                           capfd: pytest.CaptureFixture[str]) -> None:
    """Regression: --train g.txt on g.txt gave OOV 0.000 and R-OOV n/a, silently."""
    gold = _gold(tmp_path / "g.txt", WORDS[:20])
    for command in (["compare", "--gold", str(gold), "-s", "chars", "--no-save"],
                    ["score", str(gold), str(gold)], ["score", "--sighan", str(gold),
                                                      str(gold)]):
        assert main([*command, "--train", str(gold)]) == Exit.USAGE
        assert f"--train {gold} is the gold corpus" in capfd.readouterr().err
    shuffled = _gold(tmp_path / "t.txt", WORDS[10:20] + WORDS[:10])  # other bytes, same words
    for sighan in ([], ["--sighan"]):
        assert main(["score", *sighan, str(gold), str(gold), "--train", str(shuffled)]) \
            == Exit.USAGE
        assert "(the same words)" in capfd.readouterr().err
    other = _gold(tmp_path / "o.txt", WORDS[:19])
    assert main(["score", str(gold), str(gold), "--train", str(other)]) == Exit.OK


# --- the threshold, on real data ----------------------------------------------------------

SIGHAN_SETS = {"pku": "pku_test_gold", "msr": "msr_test_gold", "cityu": "cityu_test_gold",
               "as": "as_testing_gold"}


def _oov_rate(gold: Path, words: frozenset[str]) -> float:
    found = read_corpus(gold).flat.words
    return sum(word not in words for word in found) / len(found)


def test_the_threshold_separates_own_lists_from_other_corpora_lists() -> None:
    """Every SIGHAN 2005 gold with its own list stays far below the threshold, and
    UD GSDSimp test with its dev words below it; another script's list is above."""
    if not ICWB2.exists() or not UD_TEST.exists():
        pytest.skip(f"SIGHAN 2005 or UD files not found beside {REPO} (they live in ../shared)")
    lists = {name: read_word_list(ICWB2 / "gold" / f"{name}_training_words.utf8").words
             for name in SIGHAN_SETS}
    for name, stem in SIGHAN_SETS.items():
        assert _oov_rate(ICWB2 / "gold" / f"{stem}.utf8", lists[name]) < 0.08
    assert _oov_rate(ICWB2 / "gold" / "pku_test_gold.utf8", lists["as"]) > OOV_RATE_WARNING
    assert _oov_rate(ICWB2 / "gold" / "cityu_test_gold.utf8", lists["pku"]) > \
        OOV_RATE_WARNING
    dev = read_corpus(UD_TEST.with_name("zh_gsdsimp-ud-dev.conllu")).flat.words
    assert _oov_rate(UD_TEST, frozenset(dev)) < OOV_RATE_WARNING


def test_the_document_states_the_threshold() -> None:
    text = (REPO / "docs" / "scoring.md").read_text(encoding="utf-8")
    section = text.split("## Vocabulary", 1)[1].split("\n## ", 1)[0]
    assert re.search(rf"above {OOV_RATE_WARNING:.2f}\b", section)
    assert f"at least {WORDS_FOR_WARNING} gold words" in section


def test_usage_error_is_raised_by_the_library_too(registered: Path,
                                                  fake_segmenters: None) -> None:
    with pytest.raises(UsageError, match="would serve 2 corpora"):
        api.compare(["fixture"], "chars", lexicon="words.txt")
