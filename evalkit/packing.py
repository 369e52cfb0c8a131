"""Compact JSON forms for the bulky parts of a results document.

A run over the bakeoff test sets holds hundreds of thousands of counts, word
lengths and boundaries; written as JSON numbers they made a 20 MB document.
Here an integer array becomes ``{"dtype", "shape", "lzma"}``: its values in
the smallest unsigned type that holds them (little-endian, column-major),
compressed as a raw LZMA2 stream (preset 9 with a 2 MiB dictionary, FILTERS) and base85-encoded
(Python's ``base64.b85encode`` alphabet, which needs no JSON escaping).
LZMA2 and base85 make the bakeoff documents about a quarter smaller than
zlib and base64 did. Text is stored once, compressed the same way.
Every decoder checks what it reads, so a damaged field is an error, never a
silently wrong array.
"""

from __future__ import annotations

import base64
import lzma
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

DTYPES = ("<u1", "<u2", "<u4", "<i8")
FILTERS = [{"id": lzma.FILTER_LZMA2, "preset": 9, "dict_size": 1 << 21}]
KEY = "lzma"


class PackingError(ValueError):
    """A packed field that cannot be decoded (damaged or not written by evalkit)."""


@contextmanager
def within(place: str) -> Iterator[None]:
    """Say where a PackingError raised inside comes from: readers name the field, and
    around them the row or corpus (``row x × y (results[0]): per_unit.packed: ...``),
    so a damaged document names the part to look at."""
    try:
        yield
    except PackingError as error:
        raise PackingError(f"{place}: {error}") from None


def _deflate(data: bytes) -> str:
    compressed = lzma.compress(data, format=lzma.FORMAT_RAW, filters=FILTERS)
    return base64.b85encode(compressed).decode("ascii")


def _inflate(text: object) -> bytes:
    if not isinstance(text, str):
        raise PackingError(f"a packed field's {KEY!r} value must be a base85 string")
    try:
        return lzma.decompress(base64.b85decode(text), format=lzma.FORMAT_RAW,
                               filters=FILTERS)
    except (ValueError, lzma.LZMAError) as error:
        raise PackingError(f"a packed field does not decode ({error})") from None


def pack(values: npt.ArrayLike) -> dict[str, Any]:
    """An integer array (any shape) in its compact form."""
    import numpy as np

    array = np.asarray(values, dtype=np.int64)
    low = int(array.min()) if array.size else 0
    high = int(array.max()) if array.size else 0
    dtype = "<i8"
    if low >= 0:
        dtype = next(d for d in DTYPES if d == "<i8" or high < 1 << (8 * int(d[2:])))
    data = array.astype(dtype).tobytes(order="F")
    return {"dtype": dtype, "shape": list(array.shape), KEY: _deflate(data)}


def unpack(packed: Any) -> npt.NDArray[np.int64]:
    """The int64 array back from ``pack``'s form."""
    import numpy as np

    if not isinstance(packed, dict) or set(packed) != {"dtype", "shape", KEY}:
        raise PackingError(f"a packed array needs exactly 'dtype', 'shape' and {KEY!r}")
    dtype, shape = packed["dtype"], packed["shape"]
    if dtype not in DTYPES:
        raise PackingError(f"packed dtype {dtype!r} is not one of {', '.join(DTYPES)}")
    if not isinstance(shape, list) or not all(isinstance(n, int) and n >= 0 for n in shape):
        raise PackingError("a packed array's shape must be a list of sizes")
    data = _inflate(packed[KEY])
    size = 1
    for n in shape:
        size *= n
    if len(data) != size * np.dtype(dtype).itemsize:
        raise PackingError(f"a packed array holds {len(data)} bytes, not the "
                           f"{size * np.dtype(dtype).itemsize} its shape {shape} needs")
    flat = np.frombuffer(data, dtype=dtype).astype(np.int64)
    return flat.reshape(shape, order="F")


def pack_ragged(lists: Sequence[Sequence[int]]) -> dict[str, Any]:
    """A list of integer lists: their lengths and their concatenated values."""
    import numpy as np

    values = [v for items in lists for v in items]
    return {"lengths": pack(np.array([len(items) for items in lists], dtype=np.int64)),
            "values": pack(np.array(values, dtype=np.int64))}


def unpack_ragged(packed: Any) -> list[list[int]]:
    if not isinstance(packed, dict) or set(packed) != {"lengths", "values"}:
        raise PackingError("a packed list of lists needs exactly 'lengths' and 'values'")
    lengths, values = unpack(packed["lengths"]), unpack(packed["values"])
    if lengths.ndim != 1 or values.ndim != 1 or int(lengths.sum()) != len(values):
        raise PackingError("a packed list of lists has lengths that do not add up to its "
                           "values")
    flat = values.tolist()
    out, start = [], 0
    for length in lengths.tolist():
        out.append(flat[start:start + length])
        start += length
    return out


def pack_texts(texts: Sequence[str]) -> dict[str, Any]:
    """Strings stored once: their UTF-8 concatenation deflated, and their lengths."""
    import numpy as np

    return {"lengths": pack(np.array([len(t) for t in texts], dtype=np.int64)),
            KEY: _deflate("".join(texts).encode("utf-8"))}


def unpack_texts(packed: Any) -> list[str]:
    if not isinstance(packed, dict) or set(packed) != {"lengths", KEY}:
        raise PackingError(f"packed text needs exactly 'lengths' and {KEY!r}")
    try:
        text = _inflate(packed[KEY]).decode("utf-8")
    except UnicodeDecodeError as error:
        raise PackingError(f"packed text is not UTF-8 ({error})") from None
    lengths = unpack(packed["lengths"]).tolist()
    if sum(lengths) != len(text):
        raise PackingError("packed text is not as long as its lengths say")
    out, start = [], 0
    for length in lengths:
        out.append(text[start:start + length])
        start += length
    return out
