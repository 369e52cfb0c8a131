"""Count matrices of one corpus's rows, stored without repeating themselves.

Every row of a corpus has a per-unit and a per-sentence count matrix. Much of
them is the same for every segmenter (the gold's own counts), and the first
six per-unit columns are the per-sentence counts summed over each unit's
sentences. So a corpus keeps the columns all its rows share once, a row
keeps only the rest, and per-unit columns that the sentence sums reproduce
are marked ``derived`` instead of stored. Each choice is checked on the
actual numbers before it is made, so decoding is exact by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from evalkit.metrics import COUNT_COLUMNS, SENTENCE_COLUMNS, SENTENCE_FINAL
from evalkit.packing import PackingError, pack, unpack, within

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

KINDS = {"per_unit": COUNT_COLUMNS, "per_sentence": SENTENCE_COLUMNS}


def sentences_per_unit(gold: Sequence[Sequence[str]]) -> list[int]:
    """How many resampling sentences each unit has (metrics.count's rule)."""
    return [0 if not words else
            1 + sum(1 for w in words[:-1] if w and w[-1] in SENTENCE_FINAL)
            for words in gold]


def _unit_sums(sentences: IntArray, per_unit: list[int]) -> IntArray | None:
    import numpy as np

    if sum(per_unit) != len(sentences):
        return None
    owner = np.repeat(np.arange(len(per_unit)), per_unit)
    sums = np.zeros((len(per_unit), sentences.shape[1]), dtype=np.int64)
    np.add.at(sums, owner, sentences)
    return sums


def pack_rows(gold: Sequence[Sequence[str]],
              matrices: Sequence[dict[str, IntArray]]) -> tuple[dict[str, Any],
                                                                  list[dict[str, Any]]]:
    """The corpus's shared block and each row's own blocks, for ``matrices``
    given as {"per_unit": ..., "per_sentence": ...} per row."""
    import numpy as np

    counts = sentences_per_unit(gold)
    shared: dict[str, dict[str, Any]] = {}
    shared_names: dict[str, list[str]] = {}
    for kind, columns in KINDS.items():
        names = []
        for index, name in enumerate(columns):
            first = matrices[0][kind][:, index] if matrices else None
            if first is not None and all(m[kind].shape == matrices[0][kind].shape and
                                         np.array_equal(m[kind][:, index], first)
                                         for m in matrices):
                names.append(name)
        shared_names[kind] = names
        shared[kind] = {name: pack(matrices[0][kind][:, columns.index(name)])
                        for name in names} if matrices else {}
    rows = []
    for found in matrices:
        sums = _unit_sums(found["per_sentence"], counts)
        derived = [] if sums is None or len(sums) != len(found["per_unit"]) else [
            name for index, name in enumerate(SENTENCE_COLUMNS)
            if name not in shared_names["per_unit"] and
            np.array_equal(sums[:, index], found["per_unit"][:, index])]
        block = {}
        for kind, columns in KINDS.items():
            skipped = set(shared_names[kind]) | (set(derived) if kind == "per_unit" else set())
            stored = [name for name in columns if name not in skipped]
            block[kind] = {"columns": list(columns), "shared": shared_names[kind],
                           **({"derived": derived} if kind == "per_unit" else {}),
                           "stored": stored,
                           "packed": pack(found[kind][:, [columns.index(n) for n in stored]]
                                          .reshape(len(found[kind]), len(stored)))}
        rows.append(block)
    return {"sentences_per_unit": pack(np.array(counts, dtype=np.int64)),
            "shared": shared}, rows


def unpack_row(kind: str, block: dict[str, Any], corpus: dict[str, Any],
               sentences: IntArray | None = None) -> IntArray:
    """One row's matrix back; ``sentences`` (its per-sentence matrix) for per-unit."""
    import numpy as np

    columns = KINDS[kind]
    if tuple(block["columns"]) != columns:
        raise PackingError(f"{kind}.columns {block['columns']} are not {list(columns)}")
    with within(f"{kind}.packed"):
        stored = unpack(block["packed"])
    if stored.ndim != 2 or stored.shape[1] != len(block["stored"]):
        raise PackingError(f"{kind}.packed holds a matrix of shape {list(stored.shape)}, "
                           f"not one column for each of its {len(block['stored'])} stored "
                           "columns")
    out = np.zeros((len(stored), len(columns)), dtype=np.int64)
    for position, name in enumerate(block["stored"]):
        out[:, columns.index(name)] = stored[:, position]
    for name in block["shared"]:
        with within(f"the corpus's shared {kind} column {name}"):
            column = unpack(corpus["shared"][kind][name])
        if column.shape != (len(out),):
            raise PackingError(f"the corpus's shared {kind} column {name} has "
                               f"{len(column)} rows, not {len(out)}")
        out[:, columns.index(name)] = column
    derived = block.get("derived", [])
    if derived:
        if sentences is None:
            raise PackingError("derived per-unit columns need the per-sentence counts")
        with within("the corpus's sentences_per_unit"):
            per_unit = unpack(corpus["sentences_per_unit"]).tolist()
        sums = _unit_sums(sentences, per_unit)
        if sums is None or len(sums) != len(out):
            raise PackingError("the corpus's sentences per unit do not match the counts")
        for name in derived:
            out[:, columns.index(name)] = sums[:, SENTENCE_COLUMNS.index(name)]
    if set(block["stored"]) | set(block["shared"]) | set(derived) != set(columns):
        raise PackingError(f"{kind} columns are neither stored, shared nor derived")
    return out
