"""The compare pipeline: gold corpora × segmenters → Results.

Each segmenter is loaded once and run on every corpus; a segmenter that
fails to load, or fails on a corpus, becomes a Failure and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from evalkit.align import check_same_text
from evalkit.corpus import Corpus
from evalkit.errors import SegmenterError
from evalkit.metrics import count_rows
from evalkit.results import CorpusInfo, Failure, Results, RowResult, SystemInfo
from evalkit.runner import load_timed, predict
from evalkit.settings import Settings

Progress = Callable[[str], None]
DEFAULT = Settings()


def corpus_info(corpus: Corpus) -> CorpusInfo:
    return CorpusInfo(corpus.name, corpus.path, corpus.format, corpus.sha256,
                      len(corpus.units), corpus.word_count, corpus.char_count)


def score_prediction(corpus: Corpus, predicted: Sequence[Sequence[str]],
                     segmenter: str, settings: Settings = DEFAULT) -> RowResult:
    """Normalise both sides, check every unit's text, then count.

    Timing is filled in by the caller.
    """
    gold = [settings.normalise(unit.tokens) for unit in corpus.units]
    output = [settings.normalise(tokens) for tokens in predicted]
    for number, (unit, tokens, expected) in enumerate(
            zip(corpus.units, output, gold, strict=True), 1):
        check_same_text(expected, tokens, segmenter, number, unit.line)
    rows = count_rows(gold, output, settings.vocabulary)
    return RowResult(corpus.name, segmenter, rows, 0.0, corpus.char_count)


def compare(corpora: Sequence[Corpus], segmenters: Sequence[str],
            progress: Progress = lambda message: None,
            settings: Settings = DEFAULT) -> Results:
    """Run every segmenter on every corpus and score it."""
    systems: list[SystemInfo] = []
    rows: list[RowResult] = []
    failures: list[Failure] = []
    for name in segmenters:
        progress(f"loading {name}")
        try:
            loaded = load_timed(name)
        except SegmenterError as error:
            failures.append(Failure(name, None, error.reason))
            continue
        segmenter = loaded.segmenter
        systems.append(SystemInfo(name, segmenter.package, segmenter.version,
                                  dict(segmenter.options), loaded.seconds))
        for corpus in corpora:
            progress(f"{name} on {corpus.name} ({len(corpus.units)} units)")
            try:
                prediction = predict(segmenter, corpus)
                row = score_prediction(corpus, prediction.units, name, settings)
            except SegmenterError as error:
                failures.append(Failure(name, corpus.name, error.reason))
                continue
            rows.append(RowResult(row.corpus, row.segmenter, row.per_unit,
                                  prediction.seconds, row.chars))
    order = {corpus.name: index for index, corpus in enumerate(corpora)}
    rows.sort(key=lambda row: order[row.corpus])  # stable: segmenter order kept within
    return Results([corpus_info(c) for c in corpora], systems, rows, failures,
                   lexicon=settings.describe_lexicon(), normalisation=settings.normalisation)
