"""Which encodings a file's bytes could be in, for error messages that help.

A decode error names the encodings that decode the whole file *and* give
plausible text, instead of a fixed example: the SIGHAN 2005 files alone need
four (PKU and MSR are GBK/CP936, AS is CP950, CITYU is Big5-HKSCS; plain
``big5`` fails on both Big5 files). GB18030 decodes almost any byte string,
so decoding is not enough: a candidate whose text is mostly rare characters
(mojibake) is not suggested.
"""

from __future__ import annotations

CANDIDATES = ("utf-8", "gb18030", "gbk", "cp950", "big5hkscs", "big5")
"""Tried in this order; the first plausible ones are suggested. UTF-16 is tried
only after its byte order mark (any even-length byte string decodes as UTF-16)."""

PLAUSIBLE = 0.9
"""Least share of common characters (ASCII, CJK ideographs, CJK and full-width
punctuation) in a text decoded with the right encoding. The SIGHAN files score
0.99 or more in theirs and at most 0.66 in the wrong ones that still decode."""


def _common(char: str) -> bool:
    return (char.isascii() or "\u4e00" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f"
            or "\uff00" <= char <= "\uffef")


def plausibility(text: str) -> float:
    """Share of common characters in ``text`` (1.0 for an empty text)."""
    if not text:
        return 1.0
    return sum(1 for char in text if _common(char)) / len(text)


def decoding_candidates(data: bytes, exclude: str | None = None) -> list[str]:
    """The candidate encodings that decode ``data`` into plausible text, best first.

    ``exclude`` (the encoding that just failed) is left out. Candidates within
    0.01 of each other keep the order of CANDIDATES: CP950 before Big5-HKSCS,
    as the bakeoff's own UTF-8 copy of AS was made with CP950.
    """
    found = []
    tried = ("utf-16", *CANDIDATES) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else CANDIDATES
    for encoding in tried:
        if exclude is not None and _same(encoding, exclude):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if score >= PLAUSIBLE:
            found.append((score, encoding))
    found.sort(key=lambda pair: -round(pair[0], 2))  # near-ties: CANDIDATES order
    return [encoding for _, encoding in found]


def _same(a: str, b: str) -> bool:
    import codecs

    try:
        return codecs.lookup(a).name == codecs.lookup(b).name
    except LookupError:
        return False
