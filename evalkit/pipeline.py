"""The compare pipeline: gold corpora × segmenter specs → Results.

Outputs come from the cache when it has them, otherwise from worker
processes (runner.py); scoring then happens here, in the parent, so timings
never include it. A spec that fails to load, or fails on a corpus, becomes a
Failure with its reason and the others go on.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from evalkit.cache import Cache
from evalkit.cache_entry import CacheEntry, entry_key, lookup, spec_key, store
from evalkit.corpus import Corpus
from evalkit.errors import SegmenterError
from evalkit.messages import Job
from evalkit.progress import Progress
from evalkit.results import (
    FAILED,
    NOT_RUN,
    Failure,
    Results,
    RowResult,
    SystemInfo,
    run_lexicon,
)
from evalkit.runner import CorpusOutput, Outcome, Runner
from evalkit.scoring import DEFAULT, corpus_info, gold_view, raw_side, score_prediction
from evalkit.segmenters import Resolved, resolve
from evalkit.segmenters.external import PER_CORPUS_FILES, outputs_version
from evalkit.segmenters.spec import Spec
from evalkit.settings import Settings
from evalkit.sources import Loaded

Note = Callable[[str], None]


@dataclass(frozen=True)
class RunOptions:
    """How segmenters are run: workers, limits, cache, progress display, and whether
    what workers print is held back (shown only with a failure: --quiet)."""

    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float | None = None
    fail_fast: bool = False
    cache: Cache | None = None
    progress: Progress | None = None
    memory_limit_mb: int | None = None
    capture_output: bool = False
    shard_chars: int | None = None  # None: planned from the text and the workers (runner.py)


@dataclass(frozen=True)
class Pending:
    """A corpus the cache has no output for: its index in the run, and the key its
    output will be stored under (None: this spec is not cached)."""

    corpus: int
    key: str | None


@dataclass(frozen=True)
class Planned:
    """One spec before anything runs: the outputs the cache has (by corpus index)
    and the corpora left for its workers, in corpus order."""

    hits: dict[int, CacheEntry]
    pending: list[Pending]


def plan(spec: Resolved, texts: Sequence[list[str]], cache: Cache | None) -> Planned:
    """Look up each corpus's output for ``spec`` in the cache."""
    key_of = spec_key(spec) if cache is not None else None
    hits: dict[int, CacheEntry] = {}
    pending: list[Pending] = []
    for c, units in enumerate(texts):
        key = entry_key(key_of, units)
        entry = lookup(cache, key)
        if entry is None:
            pending.append(Pending(c, key))
        else:
            hits[c] = entry
    return Planned(hits, pending)


def combined(planned: Planned, ran: Outcome | None) -> Outcome:
    """The spec's outcome over every corpus: its cache hits, and what its workers
    reported (``ran``: corpora numbered within its job, None when nothing ran)."""
    corpora = {c: entry.output() for c, entry in planned.hits.items()}
    last = list(planned.hits.values())[-1] if planned.hits else None
    if ran is None:
        if last is None:
            return Outcome(corpora=corpora)
        return Outcome(last.identity, _median_load(planned.hits.values()), last.peak_rss_mb,
                       corpora=corpora, cached=True)
    for position, pending in enumerate(planned.pending):
        corpora[pending.corpus] = ran.corpora.get(
            position, CorpusOutput(failure=ran.failure or "no output"))
    identity = ran.identity or (None if last is None else last.identity)
    return replace(ran, identity=identity, cached=False, corpora=dict(sorted(corpora.items())))


def _median_load(entries: Iterable[CacheEntry]) -> float:
    """A cached segmenter's load time: the median of those its outputs were stored with
    (each output records the run that made it), so the figure does not depend on which
    corpus a run happens to list last."""
    return statistics.median(entry.load_seconds for entry in entries)


def run_specs(corpora: Sequence[Corpus], specs: Sequence[Resolved], options: RunOptions,
              note: Note = lambda message: None) -> list[Outcome]:
    """Every spec's output on every corpus, from the cache or from worker processes;
    what the workers produce is stored in the cache for the next run."""
    texts = [[unit.text for unit in corpus.units] for corpus in corpora]
    planned = [plan(spec, texts, options.cache) for spec in specs]
    jobs = []
    for spec, found in zip(specs, planned, strict=True):
        if found.pending:
            jobs.append(Job(spec.label, spec.adapter, spec.options,
                            [(corpora[p.corpus].name, texts[p.corpus]) for p in found.pending],
                            options.memory_limit_mb, spec.splittable))
        else:
            note(f"{spec.label}: every output taken from the cache (no segmenter run; "
                 "--no-cache runs it again)")
    runner = Runner(options.jobs, options.timeout, options.fail_fast, options.progress,
                    options.capture_output, shard_chars=options.shard_chars)
    ran = iter(runner.run(jobs))
    results = []
    for found in planned:
        outcome = next(ran) if found.pending else None
        if outcome is not None:
            for position, pending in enumerate(found.pending):
                store(options.cache, pending.key,
                      CacheEntry.of(outcome, outcome.corpora.get(position)))
        results.append(combined(found, outcome))
    return results


def _loaded(corpus: Corpus | Loaded) -> Loaded:
    return corpus if isinstance(corpus, Loaded) else Loaded(corpus)


def system_version(reported: str, result: Outcome, corpora: Sequence[str]) -> str:
    """The version a row's signature records: the segmenter's own report, or for saved
    outputs named per corpus (file:out/{corpus}.txt) a digest of what they held."""
    if reported != PER_CORPUS_FILES:
        return reported
    return outputs_version([(name, result.corpora[c].units or [])
                            for c, name in enumerate(corpora)])


def status_of(result: Outcome) -> str:
    """A failure's status: NOT_RUN when --fail-fast stopped the run before the
    segmenter started (its corpora from the cache are still scored), else FAILED."""
    return NOT_RUN if result.not_run else FAILED


def corpus_settings(source: Loaded, settings: Settings) -> Settings:
    """The run's settings with the corpus's own word list, when it has one."""
    return settings if source.lexicon is None else replace(settings, lexicon=source.lexicon)


def compare(corpora: Sequence[Corpus | Loaded], specs: Sequence[Spec],
            settings: Settings = DEFAULT, options: RunOptions | None = None,
            note: Note = lambda message: None) -> Results:
    """Run every spec on every corpus (on its raw text when it ships one) and score it."""
    sources = [_loaded(corpus) for corpus in corpora]
    golds = [source.gold for source in sources]
    resolved = [resolve(spec) for spec in specs]
    inputs = [source.raw or source.gold for source in sources]
    outputs = run_specs(inputs, resolved, options or RunOptions(), note)
    each = [corpus_settings(source, settings) for source in sources]
    views = [gold_view(gold, s) for gold, s in zip(golds, each, strict=True)]
    raws = [None if source.raw is None else raw_side(source.raw, view, s)
            for source, view, s in zip(sources, views, each, strict=True)]
    systems: list[SystemInfo] = []
    rows: list[RowResult] = []
    failures: list[Failure] = []
    for spec, result in zip(resolved, outputs, strict=True):
        if result.identity is not None:
            identity = result.identity
            systems.append(SystemInfo(spec.label, identity.package,
                                      system_version(identity.version, result,
                                                     [g.name for g in golds]),
                                      identity.options, result.load_seconds,
                                      result.peak_rss_mb, result.cached, result.workers,
                                      spec.files))
        elif result.failure:
            failures.append(Failure(spec.label, None, result.failure, status_of(result)))
            continue
        for c, corpus in enumerate(golds):
            output = result.corpora[c]
            if output.units is None:
                failures.append(Failure(spec.label, corpus.name, output.failure or "failed",
                                        status_of(result)))
                continue
            try:
                row = score_prediction(corpus, output.units, spec.label, each[c],
                                       views[c], raw=raws[c])
            except SegmenterError as error:
                failures.append(Failure(spec.label, corpus.name, error.reason))
                continue
            finally:
                # Scored: its tokens are not needed again, and with every segmenter on
                # every corpus they are the parent's largest holding.
                result.corpora[c] = replace(output, units=[])
            rows.append(replace(row, segment_seconds=output.seconds, cached=output.cached))
    order = {corpus.name: index for index, corpus in enumerate(golds)}
    rows.sort(key=lambda row: order[row.corpus])  # stable: spec order kept within
    from evalkit.machine import manifest

    infos = [corpus_info(corpus, s, view, raw)
             for corpus, s, view, raw in zip(golds, each, views, raws, strict=True)]
    return Results(infos, systems, rows, failures,
                   lexicon=run_lexicon({info.name: info.lexicon for info in infos}),
                   normalisation=settings.normalisation,
                   requested=[spec.label for spec in resolved], machine=manifest(),
                   specs=[spec.text() for spec in specs])


def segment_with(corpus: Corpus, spec: Spec, options: RunOptions) -> list[list[str]]:
    """One spec's tokens for one corpus, through the same workers and cache as
    ``compare``; a failure is a SegmenterError."""
    output = segment_all(corpus, [spec], options)[0]
    if isinstance(output, str):
        raise SegmenterError(spec.label, output)
    return output


def segment_all(corpus: Corpus, specs: Sequence[Spec],
                options: RunOptions) -> list[list[list[str]] | str]:
    """Each spec's tokens for one corpus (``evalkit segment``), or the reason it
    failed: one failing segmenter does not stop the others."""
    resolved = [resolve(spec) for spec in specs]
    texts = [unit.text for unit in corpus.units]
    outputs: list[list[list[str]] | str] = []
    for result in run_specs([corpus], resolved, options):
        output = result.corpora.get(0)
        if output is None or output.units is None:
            reason = (output.failure if output is not None else None) or result.failure
            outputs.append(reason or "failed")
        else:
            outputs.append([blank_kept(tokens, text)
                            for tokens, text in zip(output.units, texts, strict=True)])
    return outputs


def blank_kept(tokens: list[str], text: str) -> list[str]:
    """A unit of whitespace alone as one separator token holding that whitespace.

    Workers never hand such a unit to a segmenter (its output is ``[]``), and
    libraries drop or merge whitespace; without this, ``segment --format-out pipe``
    wrote an empty line for a line of spaces, though pipe output keeps the text.
    Scores are unchanged: a whitespace token is a separator, never a word.
    """
    return [text] if text.isspace() and "".join(tokens) != text else tokens
