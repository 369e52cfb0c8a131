"""The compare pipeline: gold corpora × segmenters → Results.

Each segmenter is loaded once and run on every corpus; a segmenter that
fails to load, or fails on a corpus, becomes a Failure and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from evalkit.align import check_same_text
from evalkit.corpus import Corpus
from evalkit.errors import SegmenterError
from evalkit.lexicon import Lexicon
from evalkit.metrics import count_rows
from evalkit.results import CorpusInfo, Failure, Results, RowResult, SystemInfo
from evalkit.runner import load_timed, predict

Progress = Callable[[str], None]


def corpus_info(corpus: Corpus) -> CorpusInfo:
    return CorpusInfo(corpus.name, corpus.path, corpus.format, corpus.sha256,
                      len(corpus.units), corpus.word_count, corpus.char_count)


def score_prediction(corpus: Corpus, predicted: Sequence[Sequence[str]],
                     segmenter: str, lexicon: Lexicon | None = None) -> RowResult:
    """Check every unit's text, then count; timing is filled in by the caller."""
    for number, (unit, tokens) in enumerate(zip(corpus.units, predicted, strict=True), 1):
        check_same_text(unit.tokens, tokens, segmenter, number, unit.line)
    rows = count_rows([unit.tokens for unit in corpus.units], predicted,
                      None if lexicon is None else lexicon.words)
    return RowResult(corpus.name, segmenter, rows, 0.0, corpus.char_count)


def compare(corpora: Sequence[Corpus], segmenters: Sequence[str],
            progress: Progress = lambda message: None,
            lexicon: Lexicon | None = None) -> Results:
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
                row = score_prediction(corpus, prediction.units, name, lexicon)
            except SegmenterError as error:
                failures.append(Failure(name, corpus.name, error.reason))
                continue
            rows.append(RowResult(row.corpus, row.segmenter, row.per_unit,
                                  prediction.seconds, row.chars))
    order = {corpus.name: index for index, corpus in enumerate(corpora)}
    rows.sort(key=lambda row: order[row.corpus])  # stable: segmenter order kept within
    return Results([corpus_info(c) for c in corpora], systems, rows, failures,
                   lexicon=None if lexicon is None else lexicon.describe())
