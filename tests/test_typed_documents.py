"""The typed blocks of the results document (statistics, lexicon, machine): each
comes back from its JSON unchanged, and writes the JSON evalkit always wrote."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evalkit.lexicon import read_word_list
from evalkit.machine import manifest
from evalkit.metrics import count
from evalkit.records import PER_CORPUS, LexiconRecord, MachineRecord
from evalkit.results import CorpusInfo, Results, RowResult, SystemInfo, from_document, run_lexicon
from evalkit.stats import analyse
from evalkit.stats_options import StatsOptions
from evalkit.stats_records import Statistics
from tests.conftest import REPO
from tests.strategies import text_and_two_segmentations

COMMITTED = REPO / "reports" / "results.json"


def committed() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(COMMITTED.read_text(encoding="utf-8"))
    return document


def through_json(document: Any) -> Any:
    """What a reader gets back after the document was written to a file."""
    return json.loads(json.dumps(document, ensure_ascii=False))


def test_the_committed_statistics_block_round_trips_key_for_key() -> None:
    block = committed()["statistics"]
    assert block is not None and block["corpora"][0]["comparisons"]
    again = Statistics.from_document(block).to_document()
    assert again == block
    assert json.dumps(again) == json.dumps(block)  # same key order: same bytes


def test_the_committed_machine_round_trips_and_an_empty_one_means_none() -> None:
    machine = committed()["machine"]
    assert json.dumps(MachineRecord.from_document(machine).to_document()) == json.dumps(machine)
    results = from_document(committed())
    assert results.machine == MachineRecord.from_document(machine)
    untimed = replace(results, machine=None).to_document()
    assert untimed["machine"] == {}
    assert from_document(untimed).machine is None


def test_the_machine_manifest_keeps_its_keys_in_order() -> None:
    assert list(manifest().to_document()) == ["cpu", "cores", "os", "python",
                                              "implementation"]


names = st.text(min_size=1, max_size=20)
digests = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
lexicons = st.builds(LexiconRecord, names, st.sampled_from(["lexicon", "train", PER_CORPUS]),
                     digests, st.integers(0, 10**7), st.none() | digests)


@given(lexicons)
def test_a_lexicon_record_round_trips(record: LexiconRecord) -> None:
    document = record.to_document()
    assert LexiconRecord.from_document(through_json(document)) == record
    expected = ["path", "kind", "sha256", "file_sha256", "words"]
    assert list(document) == [k for k in expected
                              if k != "file_sha256" or record.file_sha256 is not None]


def test_a_word_list_is_recorded_as_before(tmp_path: Any) -> None:
    path = tmp_path / "words.txt"
    path.write_text("中国\n人民\n", encoding="utf-8")
    lexicon = read_word_list(path)
    assert lexicon.describe().to_document() == {
        "path": str(path), "kind": "lexicon", "sha256": lexicon.sha256,
        "file_sha256": lexicon.file_sha256, "words": 2}


def test_corpora_with_their_own_word_lists_make_one_per_corpus_record() -> None:
    a = LexiconRecord("a.txt", "lexicon", "a" * 64, 3, "1" * 64)
    b = LexiconRecord("b.txt", "train", "b" * 64, 4, "2" * 64)
    assert run_lexicon({"x": a, "y": a}) == a
    assert run_lexicon({"x": None, "y": None}) is None
    both = run_lexicon({"x": a, "y": b})
    assert both is not None and both.per_corpus and both.words == 7
    assert both.path == "x: a.txt, y: b.txt" and both.file_sha256 is None
    assert list(both.to_document()) == ["path", "kind", "sha256", "words"]


def results_for(corpora: list[list[tuple[list[str], list[str]]]]) -> Results:
    """Two segmenters (the second scored on the other segmentation) on each corpus."""
    infos, rows = [], []
    for number, pairs in enumerate(corpora):
        name = f"c{number}"
        infos.append(CorpusInfo(name, f"{name}.txt", "pipe", "0" * 64, len(pairs), 1, 1))
        gold = [g for g, _ in pairs]
        for system, predicted in (("a", gold), ("b", [p for _, p in pairs])):
            counted = count(gold, predicted)
            rows.append(RowResult(name, system, counted.units, counted.sentences))
    systems = [SystemInfo(name, "p", "1", {}, 0.0) for name in ("a", "b")]
    return Results(infos, systems, rows, requested=["a", "b"])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(text_and_two_segmentations(), min_size=1, max_size=6),
                min_size=1, max_size=3),
       st.sampled_from([StatsOptions(level=0.9, resamples=20),
                        StatsOptions(paired=True, test="ar", resamples=20),
                        StatsOptions(level=0.95, paired=True, resamples=40, baseline="b"),
                        StatsOptions(paired=True, resamples=20, baseline="absent")]))
def test_statistics_survive_their_document(
        corpora: list[list[tuple[list[str], list[str]]]], options: StatsOptions) -> None:
    """Whatever analyse computes comes back equal from its JSON, and writing it again
    gives the same text: a re-rendered report is the report that was saved."""
    results = results_for(corpora)
    if options.baseline == "absent":  # a baseline that failed everywhere: nothing shown
        results = replace(results, requested=[*results.requested, "absent"])
    statistics = analyse(results, options)
    document = statistics.to_document()
    back = Statistics.from_document(through_json(document))
    assert back == statistics
    assert json.dumps(back.to_document()) == json.dumps(document)
    for block in statistics.corpora:
        assert block.refused is None
        missing = block.paired is not None and block.paired.baseline_missing
        assert missing == (options.baseline == "absent")
        assert (block.intervals is not None) == (options.level is not None)


def test_a_whole_results_document_round_trips() -> None:
    document = committed()
    assert json.dumps(from_document(document).to_document(), ensure_ascii=False) == \
        json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize("broken", [{"level": 0.95}, {**dict.fromkeys(
    ["level", "paired", "test", "resamples", "seed", "correction", "alpha", "metric_tested",
     "baseline", "resampling_unit"]), "extra": 1}])
def test_statistics_settings_with_missing_or_unknown_fields_are_refused(
        broken: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        Statistics.from_document({"settings": broken, "corpora": []})


def test_a_statistics_block_of_the_wrong_shape_is_a_value_error() -> None:
    """Readers turn KeyError, TypeError and ValueError into one line; nothing else."""
    block = committed()["statistics"]
    block["corpora"][0]["intervals"] = [1, 2]
    with pytest.raises(ValueError, match="malformed statistics block"):
        Statistics.from_document(block)
