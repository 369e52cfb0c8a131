"""Scoring one prediction against its gold corpus: normalise, check the text, count.

Shared by ``compare`` (segmenter outputs) and ``score`` (prediction files);
kept apart from the compare pipeline so that scoring a file never imports the
worker and cache machinery. Both sides are flattened once (evalkit.flat) and
checked and counted as whole corpora; only a unit whose text differs is
looked at on its own, to report it. When a corpus ships its own raw text, the
prediction must reproduce that text and its words are carried onto the gold
(rawtext.py). The rules: docs/scoring.md §Text must match, §Raw text versus gold.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import Any

from evalkit.align import check_same_text
from evalkit.corpus import Corpus
from evalkit.flat import Flat, UnitWords, flatten
from evalkit.gcpause import paused_gc
from evalkit.metrics import count_flat
from evalkit.normalize import normaliser
from evalkit.rawtext import Alignment, align, carry
from evalkit.results import CorpusInfo, RowResult
from evalkit.settings import Settings

DEFAULT = Settings()


def gold_view(corpus: Corpus, settings: Settings = DEFAULT) -> Flat:
    """The gold's words under the settings' normalisation, flattened (cached on the
    corpus when there is no normalisation)."""
    if settings.normalisation == "none":
        return corpus.flat
    return flatten([settings.normalise(unit.tokens) for unit in corpus.units])


@dataclass(frozen=True)
class RawSide:
    """A corpus's raw text under the run's normalisation, aligned with its gold."""

    corpus: Corpus
    units: Flat
    """The raw units' skeletons (one token per unit, the text as a segmenter gets it)."""
    alignment: Alignment
    gold_text: str
    gold_bounds: list[int]
    """Where each gold unit starts on ``gold_text``, then its length."""

    def describe(self, gold: Corpus) -> dict[str, Any]:
        """The corpus's raw-versus-gold facts, for the results and the footnotes."""
        blocks = self.alignment.blocks
        first = None
        if blocks:
            r1, r2, g1, g2 = blocks[0]
            first = self._place(gold, g1) | {"gold": self.gold_text[g1:g2],
                                              "raw": self.units.text[r1:r2]}
        moved = self._moved_breaks()
        return {"path": self.corpus.path, "sha256": self.corpus.sha256,
                "units": len(self.corpus.units), "chars": self.corpus.char_count,
                "differences": len(blocks), "first_difference": first,
                "moved_line_breaks": len(moved),
                "first_moved_line": None if not moved else gold.units[moved[0]].line}

    def _place(self, gold: Corpus, offset: int) -> dict[str, int]:
        """The gold line and skeleton column (1-based) of a corpus skeleton offset."""
        unit = min(bisect_right(self.gold_bounds, offset) - 1, len(gold.units) - 1)
        return {"line": gold.units[unit].line, "column": offset - self.gold_bounds[unit] + 1}

    def _moved_breaks(self) -> list[int]:
        """Gold units that start where no raw unit starts (a line break moved)."""
        raw_starts = {self.alignment.to_gold(offset)
                      for offset in self.units.unit_offsets.tolist()}
        bounds = self.gold_bounds
        return [unit for unit in range(1, len(bounds) - 1)
                if bounds[unit] != bounds[unit + 1] and bounds[unit] not in raw_starts]


def raw_side(raw: Corpus, gold: Flat | Sequence[Sequence[str]],
             settings: Settings = DEFAULT) -> RawSide:
    """The raw text normalised and aligned with the (normalised) gold, once per corpus."""
    convert = None if settings.normalisation == "none" else normaliser(settings.normalisation)
    units = flatten([unit.tokens for unit in raw.units], convert)
    view = gold if isinstance(gold, Flat) else flatten(gold)
    return RawSide(raw, units, align(units.text, view.text), view.text,
                   view.unit_offsets.tolist())


def corpus_info(corpus: Corpus, settings: Settings | None = None,
                gold: Flat | None = None, raw: RawSide | None = None) -> CorpusInfo:
    settings = settings or DEFAULT
    view = gold if gold is not None else gold_view(corpus, settings)
    return CorpusInfo(corpus.name, corpus.path, corpus.format, corpus.sha256,
                      len(corpus.units), corpus.word_count, corpus.char_count,
                      UnitWords(view), corpus.dataset,
                      encoding=corpus.encoding,
                      raw=None if raw is None else raw.describe(corpus),
                      lexicon=settings.describe_lexicon())


def unit_cuts(view: Flat) -> list[list[int]]:
    """Each unit's internal boundaries, as offsets on the unit's skeleton."""
    import numpy as np

    internal = np.ones(view.word_count, dtype=bool)
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


def check_texts(corpus: Corpus, gold: Flat, predicted: Flat, segmenter: str,
                reference: str = "gold") -> None:
    """Raise TextMismatchError for the first unit whose skeletons differ (``gold`` is
    the reference text: the gold's, or the raw text's)."""
    import numpy as np

    if gold.text == predicted.text and np.array_equal(gold.unit_offsets,
                                                      predicted.unit_offsets):
        return
    for number, unit in enumerate(corpus.units, 1):
        if gold.unit_text(number - 1) != predicted.unit_text(number - 1):
            check_same_text([gold.unit_text(number - 1)], [predicted.unit_text(number - 1)],
                            segmenter, number, unit.line, reference=reference)


def score_prediction(corpus: Corpus, predicted: Flat | Sequence[Sequence[str]],
                     segmenter: str, settings: Settings = DEFAULT,
                     gold: Flat | Sequence[Sequence[str]] | None = None, *,
                     raw: RawSide | None = None) -> RowResult:
    """Normalise both sides, check every unit's text, then count.

    ``predicted`` may be a Flat already (a prediction file's ``Corpus.flat``) when
    there is no normalisation. ``gold`` is gold_view(corpus, settings) (or
    normalised_gold's tokens), passed
    in by callers that score several predictions of one corpus so it is made once.
    Timing is filled in by the caller. With ``raw``, the prediction has one unit
    per raw unit and must reproduce the raw text; its words are carried onto the gold.
    """
    with paused_gc():
        if raw is not None:
            if isinstance(predicted, Flat):
                raise ValueError("a prediction of raw text is given as tokens")
            return _score_raw(corpus, predicted, segmenter, settings, gold=gold, raw=raw)
        return _score_prediction(corpus, predicted, segmenter, settings, gold)


def _score_raw(corpus: Corpus, predicted: Sequence[Sequence[str]], segmenter: str,
               settings: Settings, *, gold: Flat | Sequence[Sequence[str]] | None,
               raw: RawSide) -> RowResult:
    if gold is None:
        gold = gold_view(corpus, settings)
    elif not isinstance(gold, Flat):
        gold = flatten(gold)
    convert = None if settings.normalisation == "none" else normaliser(settings.normalisation)
    output = [list(tokens) if convert is None else [convert(t) for t in tokens]
              for tokens in predicted]
    if len(output) != len(raw.corpus.units):
        raise ValueError("a prediction of raw text has one unit per raw unit")
    check_texts(raw.corpus, raw.units, flatten(output), segmenter, reference="raw")
    carried = carry(output, raw.gold_bounds, raw.gold_text, raw.alignment)
    words = flatten(carried.tokens)
    counted = count_flat(gold, words, settings.vocabulary,
                         list(chain.from_iterable(carried.blocked)))
    return RowResult(corpus.name, segmenter, counted.units, counted.sentences, 0.0,
                     raw.corpus.char_count, len(raw.corpus.units), unit_cuts(words))


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
