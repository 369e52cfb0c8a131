"""Scoring one prediction against its gold corpus: normalise, check the text, count.

Shared by ``compare`` (segmenter outputs) and ``score`` (prediction files);
kept apart from the compare pipeline so that scoring a file never imports the
worker and cache machinery. Both sides are flattened once (evalkit.flat) and
checked and counted as whole corpora; only a unit whose text differs is
looked at on its own, to report it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from evalkit.align import check_same_text
from evalkit.corpus import Corpus
from evalkit.flat import Flat, flatten
from evalkit.gcpause import paused_gc
from evalkit.metrics import count_flat
from evalkit.results import CorpusInfo, RowResult
from evalkit.settings import Settings

DEFAULT = Settings()


def gold_view(corpus: Corpus, settings: Settings = DEFAULT) -> Flat:
    """The gold's words under the settings' normalisation, flattened (cached on the
    corpus when there is no normalisation)."""
    if settings.normalisation == "none":
        return corpus.flat
    return flatten([settings.normalise(unit.tokens) for unit in corpus.units])


def corpus_info(corpus: Corpus, settings: Settings | None = None,
                gold: Flat | None = None) -> CorpusInfo:
    view = gold if gold is not None else gold_view(corpus, settings or DEFAULT)
    return CorpusInfo(corpus.name, corpus.path, corpus.format, corpus.sha256,
                      len(corpus.units), corpus.word_count, corpus.char_count,
                      view.unit_words(), corpus.dataset)


def unit_cuts(view: Flat) -> list[list[int]]:
    """Each unit's internal boundaries, as offsets on the unit's skeleton."""
    import numpy as np

    internal = np.ones(len(view.words), dtype=bool)
    internal[view.last_of_unit] = False
    local = (view.ends - view.unit_offsets[view.unit_of_word])[internal].tolist()
    bounds = np.concatenate(([0], np.cumsum(np.maximum(np.diff(view.bounds) - 1, 0))))
    edges = bounds.tolist()
    return [local[a:b] for a, b in pairwise(edges)]


def cuts(tokens: Sequence[str]) -> list[int]:
    """Internal boundaries of one segmentation, as skeleton offsets."""
    return unit_cuts(flatten([tokens]))[0]


def normalised_gold(corpus: Corpus, settings: Settings = DEFAULT) -> list[list[str]]:
    """Each unit's gold tokens under the settings' normalisation."""
    return [settings.normalise(unit.tokens) for unit in corpus.units]


def check_texts(corpus: Corpus, gold: Flat, predicted: Flat, segmenter: str) -> None:
    """Raise TextMismatchError for the first unit whose skeletons differ."""
    import numpy as np

    if gold.text == predicted.text and np.array_equal(gold.unit_offsets,
                                                      predicted.unit_offsets):
        return
    for number, unit in enumerate(corpus.units, 1):
        if gold.unit_text(number - 1) != predicted.unit_text(number - 1):
            check_same_text([gold.unit_text(number - 1)], [predicted.unit_text(number - 1)],
                            segmenter, number, unit.line)


def score_prediction(corpus: Corpus, predicted: Flat | Sequence[Sequence[str]],
                     segmenter: str, settings: Settings = DEFAULT,
                     gold: Flat | Sequence[Sequence[str]] | None = None) -> RowResult:
    """Normalise both sides, check every unit's text, then count.

    ``predicted`` may be a Flat already (a prediction file's ``Corpus.flat``) when
    there is no normalisation. ``gold`` is gold_view(corpus, settings) (or
    normalised_gold's tokens), passed
    in by callers that score several predictions of one corpus so it is made once.
    Timing is filled in by the caller.
    """
    with paused_gc():
        return _score_prediction(corpus, predicted, segmenter, settings, gold)


def _score_prediction(corpus: Corpus, predicted: Flat | Sequence[Sequence[str]],
                      segmenter: str, settings: Settings,
                      gold: Flat | Sequence[Sequence[str]] | None) -> RowResult:
    if gold is None:
        gold = gold_view(corpus, settings)
    elif not isinstance(gold, Flat):
        gold = flatten(gold)
    if isinstance(predicted, Flat):
        if settings.normalisation != "none":
            raise ValueError("a Flat prediction is taken as it is: normalise its tokens")
        output = predicted
    elif settings.normalisation == "none":
        output = flatten(predicted)
    else:  # unit by unit: NFKC works on a unit's text (normalize.normalise_tokens)
        output = flatten([settings.normalise(tokens) for tokens in predicted])
    if len(output.sizes) != len(gold.sizes):
        raise ValueError("gold and prediction must have the same number of units")
    check_texts(corpus, gold, output, segmenter)
    counted = count_flat(gold, output, settings.vocabulary)
    return RowResult(corpus.name, segmenter, counted.units, counted.sentences, 0.0,
                     corpus.char_count, len(corpus.units), unit_cuts(output))
