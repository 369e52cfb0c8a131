"""Shards: a segmenter's corpora cut into runs of units that any of its workers takes.

Sharded outputs must equal unsharded ones, for every built-in on real text;
failures stay as contained as before; timings add up over shards.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evalkit.corpus import Corpus, read_corpus
from evalkit.messages import Job
from evalkit.pipeline import RunOptions, run_specs
from evalkit.runner import Runner
from evalkit.segmenters import BUILTINS, resolve
from evalkit.segmenters.spec import parse_spec
from evalkit.shards import MIN_SHARD_CHARS, plan, shard_size

CORPORA = st.lists(st.lists(st.text(min_size=0, max_size=9), max_size=30), max_size=4)


@given(CORPORA, st.integers(1, 40), st.booleans())
def test_shards_cover_every_unit_once_in_order(corpora: list[list[str]], size: int,
                                               splittable: bool) -> None:
    shards = plan(3, corpora, splittable, size)
    assert all(shard.spec == 3 for shard in shards)
    for corpus, texts in enumerate(corpora):
        mine = [s for s in shards if s.corpus == corpus]
        assert mine[0].start == 0 and mine[-1].stop == len(texts)
        assert all(a.stop == b.start for a, b in pairwise(mine))
        if not splittable:
            assert len(mine) == 1
        for shard in mine[:-1]:  # every shard but a corpus's last holds enough text
            enough = size if shard != shards[0] else min(size, MIN_SHARD_CHARS)
            assert sum(map(len, texts[shard.start:shard.stop])) >= enough


def test_shard_size_follows_the_text_and_the_workers() -> None:
    assert shard_size(10, 2) == MIN_SHARD_CHARS
    assert shard_size(1_600_000, 2) == 50_000


def test_files_and_commands_are_never_split() -> None:
    assert not resolve(parse_spec("x=file:out.txt")).splittable
    assert not resolve(parse_spec("x=cmd:cat")).splittable
    assert resolve(parse_spec("x=py:tests.fakes:words")).splittable
    assert resolve(parse_spec("jieba")).splittable


TEXTS = [f"第{i}句中国人民银行" for i in range(120)]


def test_one_slow_segmenter_keeps_both_workers_busy() -> None:
    """Alone with two slots, a job gets a second worker, which takes shards of it; the
    output is the unsharded one and the time is summed over shards."""
    job = Job("slow", "evalkit.segmenters.external:CallableSegmenter",
              {"target": "tests.fakes:slow_words"}, [("a", TEXTS[:16]), ("b", TEXTS[16:32])])
    [outcome] = Runner(2, shard_chars=30).run([job])
    assert outcome.workers == 2
    assert outcome.corpora[0].units == [list(t) for t in TEXTS[:16]]
    assert outcome.corpora[1].units == [list(t) for t in TEXTS[16:32]]
    assert all((c.seconds or 0) >= 0.2 * 16 for c in outcome.corpora.values())
    assert outcome.peak_rss_mb is not None and outcome.load_seconds > 0
    assert len(outcome.spans) == 2 and len(outcome.shard_seconds) > 2


def test_one_worker_takes_whole_corpora() -> None:
    job = Job("fast", "evalkit.segmenters.external:CallableSegmenter",
              {"target": "tests.fakes:words"}, [("a", TEXTS[:60]), ("b", TEXTS[60:])])
    [outcome] = Runner(1).run([job])
    assert outcome.workers == 1 and len(outcome.shard_seconds) == 2
    assert outcome.corpora[1].units == [list(t) for t in TEXTS[60:]]


def test_a_failing_shard_fails_its_corpus_only() -> None:
    """An exception on one unit costs that unit's corpus; the job's other corpora are
    segmented, before and after it."""
    bad = [*TEXTS[:30], "坏", *TEXTS[30:40]]
    job = Job("picky", "evalkit.segmenters.external:CallableSegmenter",
              {"target": "tests.test_sharding:refuse_bad"},
              [("a", TEXTS[:40]), ("b", bad), ("c", TEXTS[40:80])])
    [outcome] = Runner(2, shard_chars=40).run([job])
    assert outcome.corpora[0].units == [list(t) for t in TEXTS[:40]]
    assert outcome.corpora[1].failure == "ValueError: bad unit"
    assert outcome.corpora[2].units == [list(t) for t in TEXTS[40:80]]


def refuse_bad(text: str) -> list[str]:
    """A py: segmenter that raises on one unit."""
    if text == "坏":
        raise ValueError("bad unit")
    return list(text)


def test_a_crash_costs_its_job_and_not_the_others() -> None:
    crash = Job("crash", "evalkit.segmenters.external:CallableSegmenter",
                {"target": "tests.fakes:segfault"}, [("a", TEXTS)])
    fine = Job("fine", "evalkit.segmenters.external:CallableSegmenter",
               {"target": "tests.fakes:words"}, [("a", TEXTS)])
    crashed, healthy = Runner(2, shard_chars=100).run([crash, fine])
    assert "killed by SIGSEGV" in (crashed.corpora[0].failure or "")
    assert healthy.corpora[0].units == [list(t) for t in TEXTS]


@pytest.fixture(scope="module")
def ud_sample() -> Corpus:
    from tests.conftest import UD_TEST

    if not UD_TEST.exists():
        pytest.skip(f"UD corpus not found at {UD_TEST} (it lives in ../shared)")
    corpus = read_corpus(UD_TEST)
    return Corpus(corpus.name, corpus.path, corpus.format, corpus.units[:200], corpus.sha256)


@pytest.mark.parametrize("name", sorted(BUILTINS))
def test_sharded_output_equals_unsharded_for_every_builtin(ud_sample: Corpus,
                                                           name: str) -> None:
    """200 UD sentences (about 9,000 characters) in shards of 1,000 characters over two
    workers, against one worker segmenting the corpus whole."""
    if not BUILTINS[name].importable():
        pytest.skip(f"{name} is not installed")
    spec = resolve(parse_spec(name))
    [whole] = run_specs([ud_sample], [spec], RunOptions(jobs=1))
    [sharded] = run_specs([ud_sample], [spec], RunOptions(jobs=2, shard_chars=1_000))
    assert whole.corpora[0].units is not None and whole.workers == 1
    assert sharded.corpora[0].units == whole.corpora[0].units
    assert sharded.workers in (1, 2)


def test_workers_are_recorded_when_more_than_one() -> None:
    from evalkit.results import CorpusInfo, Results, SystemInfo, from_document

    systems = [SystemInfo("a", "p", "1", {}, 0.5, 90.0, False, 2),
               SystemInfo("b", "p", "1", {}, 0.5, 90.0, False, 1)]
    document = Results([CorpusInfo("c", "c", "pipe", "", 0, 0, 0)], systems, []).to_document()
    assert document["segmenters"][0]["timing"]["workers"] == 2
    assert "workers" not in document["segmenters"][1]["timing"]
    assert [s.workers for s in from_document(document).systems] == [2, 1]
