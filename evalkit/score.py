"""Scoring a prediction file against a gold file (``evalkit score``).

The prediction is scored unit by unit, like a segmenter's output in
``compare``; a different number of units, or a unit whose text differs,
is an InputError naming the prediction's line, never a silent misalignment.
"""

from __future__ import annotations

from evalkit.compare import corpus_info, score_prediction
from evalkit.corpus import Corpus
from evalkit.errors import InputError, TextMismatchError
from evalkit.lexicon import Lexicon
from evalkit.results import Results, RowResult, SystemInfo


def score_files(gold: Corpus, predicted: Corpus, lexicon: Lexicon | None = None) -> Results:
    """Results with one row: the prediction file scored against the gold."""
    if len(gold.units) != len(predicted.units):
        raise InputError(predicted.path, f"has {len(predicted.units)} units but the gold "
                         f"{gold.path} has {len(gold.units)}; gold and prediction must have "
                         "one unit (line or sentence) each, in the same order")
    try:
        row = score_prediction(gold, [list(u.tokens) for u in predicted.units],
                               predicted.name, lexicon)
    except TextMismatchError as error:
        line = predicted.units[error.unit - 1].line
        raise InputError(predicted.path, f"unit {error.unit} (gold line {error.line}): "
                         f"{error.detail}", line) from None
    system = SystemInfo(predicted.name, "file", predicted.sha256[:16], {}, 0.0)
    return Results([corpus_info(gold)], [system],
                   [RowResult(row.corpus, row.segmenter, row.per_unit, 0.0, row.chars)],
                   lexicon=None if lexicon is None else lexicon.describe())
