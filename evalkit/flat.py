"""A segmentation laid end to end: one list of word skeletons and a size per unit.

Scoring reads and counts whole corpora at once instead of word by word: the
tokens of every unit are flattened in one pass, and only tokens that hold
whitespace (separators, or words with a space inside) are looked at one by
one; a whitespace-format file is not split into words at all (its word ends
and unit bounds come from array operations on its text). Lengths, offsets and
unit bounds are numpy arrays made on demand, so reading a corpus never imports
numpy (``evalkit --help`` and the readers stay light). The words are the same
skeletons ``align.skeleton`` gives (docs/scoring.md §Whitespace: whitespace is a
separator, offsets count the skeleton's code points).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from functools import cache, cached_property
from itertools import accumulate, chain, compress, pairwise
from typing import TYPE_CHECKING, NamedTuple

from evalkit.lazy import LazySequence

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

_WHITESPACE = re.compile(r"\s")
"""``\\s`` on str patterns is exactly ``str.isspace`` (U+3000 included)."""


WHITESPACE = (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
              *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
"""The code points ``str.isspace`` (and so ``str.split``) takes for whitespace: none
lies above U+3000 (a test checks the list against every code point)."""


class Flat:
    """Every unit's words (skeletons) end to end, and how many words each unit has.

    Made from the words (``Flat(words, sizes, text)``, by ``flatten``), or straight
    from a whitespace-format text (``Flat.of_whitespace_text``), whose words, unit
    sizes and skeleton are then what splitting each line on whitespace gives,
    computed as arrays over the whole text (a reader that builds no string per
    word: about three times faster on a bakeoff file) and the words listed only
    when something asks for them (the gold's vocabulary lookups, its reports).
    """

    spaced_source: str | None
    """The whitespace-format text this view was made from, or None."""

    def __init__(self, words: list[str], sizes: list[int], text: str) -> None:
        # the cached properties below are filled in, not computed (cached_property
        # only computes what the instance's __dict__ lacks)
        self.__dict__.update(words=words, sizes=sizes, text=text)
        self.spaced_source = None

    @classmethod
    def of_whitespace_text(cls, source: str) -> Flat:
        """The view of a whitespace-format text (lines are units, whitespace separates
        words), made lazily: nothing is computed before it is asked for."""
        view = cls.__new__(cls)
        view.spaced_source = source
        return view

    @cached_property
    def _spaced(self) -> _SpacedArrays:
        assert self.spaced_source is not None, "only a view of a whitespace text has this"
        return spaced_arrays(self.spaced_source)

    @cached_property
    def words(self) -> list[str]:
        """The words, in order (made from the text only when a view of one)."""
        assert self.spaced_source is not None, "a view made from words has them"
        return self.spaced_source.split()

    @cached_property
    def sizes(self) -> list[int]:
        """How many words each unit has."""
        import numpy as np

        sizes: list[int] = np.diff(self.bounds).tolist()
        return sizes

    @cached_property
    def text(self) -> str:
        """The words joined: the skeletons of all units, end to end."""
        return self._spaced.text

    @property
    def word_count(self) -> int:
        words = self.__dict__.get("words")
        return len(words) if words is not None else len(self.ends)

    @cached_property
    def bounds(self) -> IntArray:
        """Index of each unit's first word, then the word count: unit u is
        ``words[bounds[u]:bounds[u + 1]]``."""
        import numpy as np

        if self.spaced_source is not None:
            return self._spaced.bounds
        out = np.zeros(len(self.sizes) + 1, dtype=np.int64)
        np.cumsum(np.array(self.sizes, dtype=np.int64), out=out[1:])
        return out

    @cached_property
    def lengths(self) -> IntArray:
        """Code points of each word."""
        import numpy as np

        if self.spaced_source is not None:
            return np.diff(self.ends, prepend=0)
        return np.fromiter(map(len, self.words), dtype=np.int64, count=len(self.words))

    @cached_property
    def ends(self) -> IntArray:
        """Each word's end offset on the skeleton of all units laid end to end."""
        import numpy as np

        if self.spaced_source is not None:
            return self._spaced.ends
        return np.cumsum(self.lengths)

    @cached_property
    def starts(self) -> IntArray:
        return self.ends - self.lengths

    @cached_property
    def unit_of_word(self) -> IntArray:
        import numpy as np

        return np.repeat(np.arange(len(self.sizes), dtype=np.int64), self.sizes)

    @cached_property
    def is_cut(self) -> BoolArray:
        """Per skeleton offset 0..len(text): is a word edge there (0 and every end)."""
        import numpy as np

        grid = np.zeros(len(self.text) + 1, dtype=bool)
        grid[0] = True
        grid[self.ends] = True
        return grid

    @cached_property
    def cuts_below(self) -> IntArray:
        """Per skeleton offset 0..len(text)+1: how many word edges lie before it."""
        import numpy as np

        below = np.zeros(len(self.text) + 2, dtype=np.int64)
        np.cumsum(self.is_cut, out=below[1:])
        return below

    @cached_property
    def unit_offsets(self) -> IntArray:
        """Where each unit's skeleton starts on ``text``, then its length."""
        import numpy as np

        return np.concatenate(([0], self.ends))[self.bounds]

    @cached_property
    def last_of_unit(self) -> IntArray:
        """Index of the last word of every unit that has words."""
        import numpy as np

        sizes = np.diff(self.bounds)
        return (self.bounds[1:] - 1)[sizes > 0]

    def in_vocabulary(self, vocabulary: AbstractSet[str]) -> list[bool]:
        """Is each word in ``vocabulary``? The answer for the last vocabulary asked about
        is kept: the coverage check before scoring and the OOV counts ask the same
        question of the same words (a hash per word: ~5 ms on 100,000)."""
        kept = self.__dict__.get("_in_vocabulary")
        if kept is not None and kept[0] is vocabulary:
            answers: list[bool] = kept[1]
            return answers
        known = list(map(vocabulary.__contains__, self.words))
        self.__dict__["_in_vocabulary"] = (vocabulary, known)  # frozen: no setattr
        return known

    def unit_words(self) -> list[list[str]]:
        """The words of each unit, as lists."""
        words = self.words
        bounds = self.bounds.tolist()
        return [words[a:b] for a, b in pairwise(bounds)]

    def unit_text(self, unit: int) -> str:
        start, stop = self.unit_offsets[unit:unit + 2].tolist()
        return self.text[start:stop]


class UnitWords(LazySequence[list[str]]):
    """Each unit's words as lists, listed on first use: the results keep them for the
    reports, and a command that prints only the table never asks (on a bakeoff set,
    listing them is a slice per unit and, for a whitespace file, its words split)."""

    def __init__(self, view: Flat) -> None:
        super().__init__(view.unit_words, lambda: len(view.sizes))


def flatten(units: Sequence[Sequence[str]],
            convert: Callable[[str], str] | None = None) -> Flat:
    """The Flat view of units of tokens: whitespace-only tokens dropped, whitespace
    removed from inside the others, ``convert`` (a normalisation) applied first."""
    sizes = list(map(len, units))
    tokens = list(chain.from_iterable(units))
    if convert is not None:
        tokens = list(map(convert, tokens))
    joined = "".join(tokens)
    if _WHITESPACE.search(joined) is None and "" not in tokens:
        return Flat(tokens, sizes, joined)
    return _without_whitespace(tokens, sizes, joined)


def _without_whitespace(tokens: list[str], sizes: list[int], joined: str) -> Flat:
    """The slow path, for the few tokens that hold whitespace or are empty."""
    token_starts = list(accumulate(map(len, tokens), initial=0))
    unit_bounds = list(accumulate(sizes, initial=0))
    touched = {bisect_right(token_starts, match.start()) - 1
               for match in _WHITESPACE.finditer(joined)}
    touched.update(index for index, token in enumerate(tokens) if not token)
    keep = [True] * len(tokens)
    sizes = list(sizes)
    for index in sorted(touched):
        word = "".join(tokens[index].split())
        if word:
            tokens[index] = word
        else:
            keep[index] = False
            sizes[bisect_right(unit_bounds, index) - 1] -= 1
    words = list(compress(tokens, keep))
    return Flat(words, sizes, "".join(words))


class _SpacedArrays(NamedTuple):
    text: str
    ends: IntArray
    bounds: IntArray


def spaced_arrays(source: str) -> _SpacedArrays:
    """The skeleton, word ends and unit bounds of a whitespace-format text: what
    ``[line.split() for line in split_lines(source)]`` gives, found with array
    operations on the text's code points instead of a string per word."""
    import numpy as np

    codes = np.frombuffer(source.encode("utf-32-le"), dtype=np.uint32)
    space = _space_table()[np.minimum(codes, WHITESPACE[-1] + 1)]
    at = np.flatnonzero(space)
    # a word ends where whitespace follows something else, and at the end of the text
    after_word = np.empty(len(at), dtype=bool)
    after_word[:1] = at[:1] > 0
    after_word[1:] = at[1:] - at[:-1] > 1
    closing = at[after_word]                      # where each word's following whitespace is
    ends = (at - np.arange(len(at)))[after_word]  # that place on the skeleton
    if len(codes) and not space[-1]:
        closing = np.append(closing, len(codes))
        ends = np.append(ends, len(codes) - len(at))
    newlines = np.flatnonzero(codes == 0x0A)
    lines = len(newlines) + (0 if source == "" or source.endswith("\n") else 1)
    bounds = np.empty(lines + 1, dtype=np.int64)
    bounds[0] = 0
    bounds[1:lines] = np.searchsorted(closing, newlines[:lines - 1], side="right")
    bounds[lines] = len(ends)
    return _SpacedArrays(codes[~space].tobytes().decode("utf-32-le"), ends, bounds)


@cache
def _space_table() -> BoolArray:
    """Per code point up to U+3001: is it whitespace (anything above is not)."""
    import numpy as np

    table = np.zeros(WHITESPACE[-1] + 2, dtype=bool)
    table[list(WHITESPACE)] = True
    return table
