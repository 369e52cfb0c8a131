"""Slow, obviously correct counting, written straight from docs/scoring.md.

The vectorised evalkit.metrics.count_rows is checked against it on random
segmentations; nothing here is shared with the code under test but the
column names.
"""

from __future__ import annotations

from collections.abc import Sequence


def spans(tokens: Sequence[str]) -> list[tuple[int, int]]:
    result, start = [], 0
    for token in tokens:
        width = sum(1 for c in token if not c.isspace())
        if width:
            result.append((start, start + width))
            start += width
    return result


def classify(word: tuple[int, int], others: list[tuple[int, int]]) -> str:
    """split / merged / crossing of a word that has no equal on the other side."""
    a, b = word
    overlapping = [(s, e) for s, e in others if s < b and e > a]
    if all(a <= s and e <= b for s, e in overlapping):
        return "split"
    if any(s <= a and b <= e for s, e in overlapping):
        return "merged"
    return "crossing"


def edits(gold: list[tuple[int, int]], predicted: list[tuple[int, int]],
          correct: set[tuple[int, int]]) -> tuple[int, int, int]:
    insertions = deletions = substitutions = 0
    k = m = 0
    gi = pi = 0
    while gi < len(gold) or pi < len(predicted):
        if gi < len(gold) and pi < len(predicted) and gold[gi] == predicted[pi]:
            common = min(k, m)
            substitutions += common
            deletions += k - common
            insertions += m - common
            k = m = 0
            gi += 1
            pi += 1
        elif pi >= len(predicted) or (gi < len(gold) and gold[gi][1] <= predicted[pi][1]):
            k += 1
            gi += 1
        else:
            m += 1
            pi += 1
    common = min(k, m)
    return insertions + m - common, deletions + k - common, substitutions + common


def reference_counts(gold_tokens: Sequence[str], predicted_tokens: Sequence[str],
                     lexicon: set[str] | None = None) -> tuple[int, ...]:
    gold, predicted = spans(gold_tokens), spans(predicted_tokens)
    correct = set(gold) & set(predicted)
    gold_b = {e for _, e in gold[:-1]}
    pred_b = {e for _, e in predicted[:-1]}
    words = ["".join(t.split()) for t in gold_tokens if t.strip()]
    oov = [w not in lexicon for w in words] if lexicon is not None else [False] * len(words)
    gold_classes = [classify(g, predicted) for g in gold if g not in correct]
    pred_classes = [classify(p, gold) for p in predicted if p not in correct]
    return (len(gold), len(predicted), len(correct), len(gold_b), len(pred_b),
            len(gold_b & pred_b), sum(oov),
            sum(1 for g, o in zip(gold, oov, strict=True) if o and g in correct),
            *edits(gold, predicted, correct),
            *(gold_classes.count(c) for c in ("split", "merged", "crossing")),
            *(pred_classes.count(c) for c in ("split", "merged", "crossing")))
