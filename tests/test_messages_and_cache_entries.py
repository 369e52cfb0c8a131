"""The typed messages between runner and worker, and the cache entry's one shape."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from evalkit import messages
from evalkit.cache import Cache
from evalkit.cache_entry import CacheEntry, entry_key, lookup, store
from evalkit.messages import Identity
from evalkit.pipeline import Pending, Planned, combined
from evalkit.runner import CorpusOutput, Outcome

names = st.text(max_size=12)
seconds = st.floats(min_value=0, max_value=1e6, allow_nan=False)
units = st.lists(st.lists(st.text(min_size=1, max_size=5), max_size=6), max_size=6)
identities = st.builds(Identity, names, names, names, st.dictionaries(names, names, max_size=3))
jobs = st.builds(messages.Job, names, names, st.dictionaries(names, names, max_size=3),
                 st.lists(st.tuples(names, st.lists(names, max_size=4)), max_size=3),
                 st.none() | st.integers(1, 10_000), st.booleans())
every_message = st.one_of(
    jobs, identities,
    st.builds(messages.Segment, st.integers(0, 10**6), names, st.lists(names, max_size=5)),
    st.builds(messages.Stop),
    st.builds(messages.Loaded, identities, seconds),
    st.builds(messages.LoadFailed, names),
    st.builds(messages.UnitsDone, st.integers(0, 10**6)),
    st.builds(messages.ShardDone, st.integers(0, 10**6), units, st.none() | seconds),
    st.builds(messages.ShardFailed, st.integers(0, 10**6), names),
    st.builds(messages.Finished, seconds))


@given(every_message)
def test_every_message_survives_the_pipe(message: object) -> None:
    """The pipe pickles: what arrives equals what was sent, with the same type (the
    runner dispatches on it)."""
    arrived = pickle.loads(pickle.dumps(message))
    assert arrived == message and type(arrived) is type(message)


entries = st.builds(CacheEntry, identities, seconds, seconds, st.none() | seconds, units)


@given(entries)
def test_a_cache_entry_comes_back_as_it_was_stored(entry: CacheEntry) -> None:
    payload = json.loads(json.dumps(entry.to_payload()))  # as it is written to disk
    assert CacheEntry.from_payload(payload) == entry


def test_entries_written_by_an_earlier_evalkit_still_restore() -> None:
    """The payload keeps the shape run_specs always stored, so existing caches hit."""
    payload = {"identity": {"name": "jieba", "package": "jieba", "version": "0.42.1",
                            "options": {"hmm": "true"}},
               "load_seconds": 1.5, "peak_rss_mb": 90.0, "seconds": 0.25,
               "units": [["中国", "人民"], []]}
    entry = CacheEntry.from_payload(payload)
    assert entry.to_payload() == payload
    assert entry.output() == CorpusOutput([["中国", "人民"], []], 0.25, cached=True)


def test_only_complete_outputs_are_stored(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    identity = Identity("x", "x", "1", {})
    good = Outcome(identity, 1.0, 50.0)
    key = entry_key({"adapter": "x"}, ["中国人民"])
    assert key is not None and entry_key(None, ["中国人民"]) is None
    for outcome, output in [(good, CorpusOutput(failure="boom")),
                            (Outcome(None, 1.0, 50.0), CorpusOutput([["a"]])),
                            (Outcome(identity, 1.0, None), CorpusOutput([["a"]])),
                            (good, None)]:
        store(cache, key, CacheEntry.of(outcome, output))
        assert lookup(cache, key) is None
    store(cache, key, CacheEntry.of(good, CorpusOutput([["中国", "人民"]], 0.5)))
    assert lookup(cache, key) == CacheEntry(identity, 1.0, 50.0, 0.5, [["中国", "人民"]])
    assert lookup(None, key) is None and lookup(cache, None) is None


HIT = CacheEntry(Identity("seg", "pkg", "1", {}), 2.0, 80.0, 0.5, [["中国"]])


def test_cache_hits_and_worker_outputs_are_combined_in_corpus_order() -> None:
    """Corpora 0 and 2 came from the cache; the job ran corpus 1 as its corpus 0."""
    ran = Outcome(Identity("seg", "pkg", "1", {}), 3.0, 90.0, workers=2,
                  corpora={0: CorpusOutput([["人民"]], 0.25)})
    planned = Planned({0: HIT, 2: HIT}, [Pending(1, "k")])
    before = repr(ran)
    outcome = combined(planned, ran)
    assert list(outcome.corpora) == [0, 1, 2]
    assert outcome.corpora[1] == CorpusOutput([["人民"]], 0.25)
    assert outcome.corpora[0] == outcome.corpora[2] == CorpusOutput([["中国"]], 0.5,
                                                                     cached=True)
    assert (outcome.load_seconds, outcome.peak_rss_mb, outcome.workers, outcome.cached) == \
        (3.0, 90.0, 2, False)
    assert repr(ran) == before  # the worker's outcome is not changed in place


def test_a_spec_served_wholly_from_the_cache_is_marked_cached() -> None:
    outcome = combined(Planned({0: HIT}, []), None)
    assert outcome.cached and outcome.identity == HIT.identity
    assert (outcome.load_seconds, outcome.peak_rss_mb) == (2.0, 80.0)
    assert not combined(Planned({}, []), None).cached


def test_a_job_that_failed_to_load_keeps_the_cached_identity_and_fails_the_rest() -> None:
    ran = Outcome(failure="cannot be imported")
    outcome = combined(Planned({0: HIT}, [Pending(1, None)]), ran)
    assert outcome.identity == HIT.identity and outcome.failure == "cannot be imported"
    assert outcome.corpora[1] == CorpusOutput(failure="cannot be imported")
    assert outcome.corpora[0].cached


def test_a_cached_segmenters_load_time_does_not_depend_on_the_corpus_listed_last() -> None:
    """Each stored output carries the load time of the run that made it; a segmenter
    served wholly from the cache shows their median, whatever the corpus order."""
    entries = [replace(HIT, load_seconds=seconds) for seconds in (0.9, 2.4, 1.2)]
    orders = [dict(enumerate(entries)), dict(enumerate(reversed(entries)))]
    loads = {combined(Planned(hits, []), None).load_seconds for hits in orders}
    assert loads == {1.2}
