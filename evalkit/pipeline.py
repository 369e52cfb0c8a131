"""The compare pipeline: gold corpora × segmenter specs → Results.

Outputs come from the cache when it has them, otherwise from worker
processes (runner.py); scoring then happens here, in the parent, so timings
never include it. A spec that fails to load, or fails on a corpus, becomes a
Failure with its reason and the others go on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from evalkit import __version__
from evalkit.cache import Cache, digest
from evalkit.corpus import Corpus
from evalkit.errors import SegmenterError
from evalkit.messages import Identity, Job
from evalkit.progress import Progress
from evalkit.results import Failure, Results, RowResult, SystemInfo, run_lexicon
from evalkit.runner import CorpusOutput, Outcome, Runner
from evalkit.scoring import DEFAULT, corpus_info, gold_view, raw_side, score_prediction
from evalkit.segmenters import Resolved, resolve
from evalkit.segmenters.base import distribution_version
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


def _spec_key(spec: Resolved) -> dict[str, object] | None:
    """Everything a registered spec's outputs depend on besides the input: evalkit's
    version, the adapter and the source of every module it depends on, the package
    version, and the options with the content of the files or folders they name
    (editing a user dictionary or retraining a model folder must not serve the old
    output). None for cmd:, py: and file:, which are not cached."""
    from evalkit.cache_key import option_digest, source_digests

    if spec.registration is None:
        return None
    options = {key: [value, option_digest(value)] for key, value in spec.options.items()}
    return {"evalkit": __version__, "adapter": spec.adapter,
            "sources": source_digests(spec.adapter),
            "version": distribution_version(spec.registration.distribution),
            "options": options}


def _cache_key(spec_key: dict[str, object] | None, texts: list[str]) -> str | None:
    return None if spec_key is None else digest({**spec_key, "input": digest(texts)})


def run_specs(corpora: Sequence[Corpus], specs: Sequence[Resolved], options: RunOptions,
              note: Note = lambda message: None) -> list[Outcome]:
    """Every spec's output on every corpus, from the cache or from worker processes."""
    texts = [[unit.text for unit in corpus.units] for corpus in corpora]
    results = [Outcome() for _ in specs]
    keys: dict[tuple[int, int], str] = {}
    jobs: list[Job] = []
    placed: list[tuple[int, list[int]]] = []
    for s, spec in enumerate(specs):
        todo = []
        spec_key = _spec_key(spec) if options.cache is not None else None
        for c in range(len(corpora)):
            key = _cache_key(spec_key, texts[c])
            entry = options.cache.get(key) if options.cache is not None and key else None
            if entry is None:
                todo.append(c)
                if key:
                    keys[s, c] = key
                continue
            results[s].identity = Identity(**entry["identity"])
            results[s].load_seconds, results[s].cached = entry["load_seconds"], True
            results[s].peak_rss_mb = entry["peak_rss_mb"]
            results[s].corpora[c] = CorpusOutput(entry["units"], entry["seconds"],
                                                 cached=True)
        if todo:
            jobs.append(Job(spec.label, spec.adapter, spec.options,
                            [(corpora[c].name, texts[c]) for c in todo],
                            options.memory_limit_mb, spec.splittable))
            placed.append((s, todo))
        else:
            note(f"{spec.label}: every output taken from the cache (no segmenter run; "
                 "--no-cache runs it again)")
    runner = Runner(options.jobs, options.timeout, options.fail_fast, options.progress,
                    options.capture_output, shard_chars=options.shard_chars)
    for (s, todo), outcome in zip(placed, runner.run(jobs), strict=True):
        _merge(results[s], outcome, todo)
        for position, c in enumerate(todo):
            output = outcome.corpora.get(position)
            if options.cache is not None and (s, c) in keys and output is not None and \
                    output.units is not None and outcome.identity is not None and \
                    outcome.peak_rss_mb is not None:
                options.cache.put(keys[s, c], {
                    "identity": vars(outcome.identity), "load_seconds": outcome.load_seconds,
                    "peak_rss_mb": outcome.peak_rss_mb, "seconds": output.seconds,
                    "units": output.units})
    return results


def _merge(result: Outcome, outcome: Outcome, todo: list[int]) -> None:
    """Put a worker's outcome (corpora numbered within its job) into the spec's."""
    result.cached = False
    result.identity = outcome.identity or result.identity
    result.load_seconds = outcome.load_seconds
    result.peak_rss_mb = outcome.peak_rss_mb
    result.failure = outcome.failure
    result.workers = outcome.workers
    result.spans, result.shard_seconds = outcome.spans, outcome.shard_seconds
    for position, c in enumerate(todo):
        result.corpora[c] = outcome.corpora.get(
            position, CorpusOutput(failure=outcome.failure or "no output"))


def _loaded(corpus: Corpus | Loaded) -> Loaded:
    return corpus if isinstance(corpus, Loaded) else Loaded(corpus)


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
            systems.append(SystemInfo(spec.label, identity.package, identity.version,
                                      identity.options, result.load_seconds,
                                      result.peak_rss_mb, result.cached, result.workers))
        elif result.failure:
            failures.append(Failure(spec.label, None, result.failure))
            continue
        for c, corpus in enumerate(golds):
            output = result.corpora[c]
            if output.units is None:
                failures.append(Failure(spec.label, corpus.name, output.failure or "failed"))
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
    outputs: list[list[list[str]] | str] = []
    for result in run_specs([corpus], resolved, options):
        output = result.corpora.get(0)
        if output is None or output.units is None:
            reason = (output.failure if output is not None else None) or result.failure
            outputs.append(reason or "failed")
        else:
            outputs.append(output.units)
    return outputs
