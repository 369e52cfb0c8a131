"""Scoring one prediction against its gold corpus: normalise, check the text, count.

Shared by ``compare`` (segmenter outputs) and ``score`` (prediction files);
kept apart from the compare pipeline so that scoring a file never imports the
worker and cache machinery.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

from evalkit.align import check_same_text
from evalkit.corpus import Corpus
from evalkit.metrics import count, word_skeletons
from evalkit.results import CorpusInfo, RowResult
from evalkit.settings import Settings

DEFAULT = Settings()


def corpus_info(corpus: Corpus, settings: Settings | None = None) -> CorpusInfo:
    normalise = (settings or DEFAULT).normalise
    return CorpusInfo(corpus.name, corpus.path, corpus.format, corpus.sha256,
                      len(corpus.units), corpus.word_count, corpus.char_count,
                      [word_skeletons(normalise(unit.tokens)) for unit in corpus.units],
                      corpus.dataset)


def cuts(tokens: Sequence[str]) -> list[int]:
    """Internal boundaries of a segmentation, as skeleton offsets."""
    offsets = list(accumulate(len(word) for word in word_skeletons(tokens)))
    return offsets[:-1]


def normalised_gold(corpus: Corpus, settings: Settings = DEFAULT) -> list[list[str]]:
    """Each unit's gold tokens under the settings' normalisation."""
    return [settings.normalise(unit.tokens) for unit in corpus.units]


def score_prediction(corpus: Corpus, predicted: Sequence[Sequence[str]],
                     segmenter: str, settings: Settings = DEFAULT,
                     gold: Sequence[Sequence[str]] | None = None) -> RowResult:
    """Normalise both sides, check every unit's text, then count.

    ``gold`` is normalised_gold(corpus, settings), passed in by callers that score
    several predictions of one corpus so it is made once. Timing is filled in by
    the caller.
    """
    if gold is None:
        gold = normalised_gold(corpus, settings)
    output = [settings.normalise(tokens) for tokens in predicted]
    for number, (unit, tokens, expected) in enumerate(
            zip(corpus.units, output, gold, strict=True), 1):
        check_same_text(expected, tokens, segmenter, number, unit.line)
    counted = count(gold, output, settings.vocabulary)
    return RowResult(corpus.name, segmenter, counted.units, counted.sentences, 0.0,
                     corpus.char_count, len(corpus.units), [cuts(t) for t in output])
