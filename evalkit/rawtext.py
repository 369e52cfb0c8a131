"""Raw text versus gold: carrying a segmenter's words from the raw file onto the gold.

A corpus that ships its own raw text (docs/scoring.md §Raw text versus gold)
gives segmenters that text, which need not be the gold words
glued together: a quote mark can sit on the next line, a line can hold real
spaces, a character can be typed differently. The raw skeleton (all units'
text without whitespace, end to end) is aligned once with the gold skeleton,
over the whole corpus, so a line break moved between lines changes nothing.
Where the two agree, offsets carry over unchanged; a predicted word that
touches a place where they disagree cannot be correct.

Equal skeletons (the common case) cost one string comparison; otherwise the
common prefix and suffix are set aside and only the middle is aligned with
difflib.

A raw text that shares under half of the gold's characters (MIN_SHARED) is
refused before anything runs (check_raw_text): it is almost surely another
corpus's file, and scoring it would only print an F1 near zero.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from evalkit.align import skeleton
from evalkit.errors import InputError

Block = tuple[int, int, int, int]
"""A place where raw and gold disagree: raw [r1, r2) stands for gold [g1, g2)."""


@dataclass(frozen=True)
class Alignment:
    """The raw skeleton aligned with the gold skeleton, as the places they disagree.

    Between blocks the two run in step. ``blocks`` are sorted and disjoint on
    both sides; either side of a block may be empty (characters only one side has).
    """

    raw_length: int
    gold_length: int
    blocks: tuple[Block, ...] = ()

    def to_gold(self, position: int) -> int:
        """The gold offset of a raw offset (monotone; inside a block it is clamped)."""
        if not self.blocks:
            return position
        if position >= self.raw_length:
            return self.gold_length
        index = bisect_right(self._raw_starts, position) - 1
        if index < 0:
            return position
        r1, r2, g1, g2 = self.blocks[index]
        if position >= r2:  # after the block, in step again
            return g2 + position - r2
        return g1 + min(position - r1, g2 - g1)

    @cached_property
    def _raw_starts(self) -> list[int]:
        return [block[0] for block in self.blocks]

    @cached_property
    def _raw_ends(self) -> list[int]:
        return [block[1] for block in self.blocks]

    def touches(self, raw: tuple[int, int], gold: tuple[int, int]) -> bool:
        """Does a word (its raw span and its gold span) touch a disagreement?

        A block side that is empty is a point: a word touches it when the point
        lies within the word's closed span, so both neighbours of a missing
        character are affected.
        """
        if not self.blocks:
            return False
        first = bisect_left(self._raw_ends, raw[0])
        for r1, r2, g1, g2 in self.blocks[max(first - 1, 0):]:
            if r1 > raw[1] and g1 > gold[1]:
                break
            if _meets(raw, r1, r2) or _meets(gold, g1, g2):
                return True
        return False


def _meets(span: tuple[int, int], start: int, end: int) -> bool:
    if start == end:
        return span[0] <= start <= span[1]
    return span[0] < end and span[1] > start


def align(raw: str, gold: str) -> Alignment:
    """Align two skeletons; nearly free when they are equal."""
    if raw == gold:
        return Alignment(len(raw), len(gold))
    prefix, suffix = _common_ends(raw, gold)
    raw_middle = raw[prefix:len(raw) - suffix]
    gold_middle = gold[prefix:len(gold) - suffix]
    if len(raw_middle) == len(gold_middle):
        blocks = _substitutions(raw_middle, gold_middle)
    else:
        blocks = _diff(raw_middle, gold_middle)
    return Alignment(len(raw), len(gold),
                     tuple((r1 + prefix, r2 + prefix, g1 + prefix, g2 + prefix)
                           for r1, r2, g1, g2 in blocks))


def _common_ends(raw: str, gold: str) -> tuple[int, int]:
    """The lengths of the common prefix and of the common suffix (not overlapping it)."""
    prefix = 0
    limit = min(len(raw), len(gold))
    while prefix < limit and raw[prefix] == gold[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and raw[-1 - suffix] == gold[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def _substitutions(raw: str, gold: str) -> list[Block]:
    """Equal lengths (a character typed differently): the differing runs, position by position."""
    blocks: list[Block] = []
    start = None
    for index, (a, b) in enumerate(zip(raw, gold, strict=True)):
        if a != b and start is None:
            start = index
        elif a == b and start is not None:
            blocks.append((start, index, start, index))
            start = None
    if start is not None:
        blocks.append((start, len(raw), start, len(raw)))
    return blocks


def _diff(raw: str, gold: str) -> list[Block]:
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, raw, gold, autojunk=False)
    return [(r1, r2, g1, g2) for tag, r1, r2, g1, g2 in matcher.get_opcodes()
            if tag != "equal"]


MIN_SHARED = 0.5
"""The least share of the gold's characters that must align with equal raw
characters. The SIGHAN raw files differ from their gold in a handful of places
(MSR: 99.99% shared); a file under half is not this gold's raw text."""


def shared(alignment: Alignment) -> float:
    """The share of the gold skeleton's characters aligned with equal raw characters."""
    if not alignment.gold_length:
        return 1.0
    differing = sum(g2 - g1 for _, _, g1, g2 in alignment.blocks)
    return (alignment.gold_length - differing) / alignment.gold_length


def _shared_at_most(raw: str, gold: str) -> float:
    """An upper bound of ``shared`` from character counts alone (no alignment can pair
    more equal characters than both texts hold), so an unrelated file is refused
    without aligning two long texts that have little in common."""
    if not gold:
        return 1.0
    common = Counter(raw) & Counter(gold)
    return sum(common.values()) / len(gold)


ALIGN_BUDGET = 10_000_000
"""Above this product of the differing middles' lengths, difflib may take minutes
(two unrelated 180,000-character texts: ~5 minutes), so the share is estimated."""

RUN = 4
"""The run length of the estimate: a gold character counts as shared when it lies in
a run of RUN gold characters that occurs in the raw text."""


def estimated_share(raw: str, gold: str) -> float:
    """The share of gold characters lying in a run of RUN characters that the raw text
    also has (for long texts that differ in length over a long stretch). The SIGHAN
    raw files give 1.000 with their own gold and at most 0.264 with another's."""
    if len(gold) < RUN:
        return 1.0 if gold in raw else 0.0
    runs = {raw[i:i + RUN] for i in range(len(raw) - RUN + 1)}
    covered = bytearray(len(gold))
    for i in range(len(gold) - RUN + 1):
        if gold[i:i + RUN] in runs:
            covered[i:i + RUN] = b"\x01" * RUN
    return sum(covered) / len(gold)


def raw_share(raw: str, gold: str) -> float:
    """How much of the gold skeleton the raw skeleton shares: ``shared`` of their
    alignment when it is affordable, else estimated_share; 0 early when the character
    counts alone cannot reach MIN_SHARED."""
    if raw == gold:  # the usual case (the SIGHAN sets): no character counting
        return 1.0
    bound = _shared_at_most(raw, gold)
    if bound < MIN_SHARED:
        return bound
    prefix, suffix = _common_ends(raw, gold)
    middles = (len(raw) - prefix - suffix, len(gold) - prefix - suffix)
    if middles[0] == middles[1] or middles[0] * middles[1] <= ALIGN_BUDGET:
        return shared(align(raw, gold))
    return estimated_share(raw, gold)


def check_raw_text(raw: str, gold: str, raw_path: str, gold_path: str) -> None:
    """Refuse a raw skeleton that shares under MIN_SHARED of the gold skeleton."""
    refuse_unshared(raw_share(raw, gold), raw_path, gold_path)


def refuse_unshared(share: float, raw_path: str, gold_path: str) -> None:
    """The InputError for a raw text sharing under MIN_SHARED of its gold's characters."""
    if share < MIN_SHARED:
        raise InputError(raw_path, f"shares only {share:.1%} of the characters of the "
                         f"gold {gold_path} (at least {MIN_SHARED:.0%} must match, in order); "
                         "it is almost surely not the raw text of that gold: check --raw")


@dataclass(frozen=True)
class Carried:
    """A prediction carried onto the gold units: tokens (gold characters) and, per
    word, whether it touches a disagreement or straddles a gold unit boundary
    (then it cannot be correct)."""

    tokens: list[list[str]]
    blocked: list[list[bool]]
    dropped: int
    """Predicted words made only of raw characters the gold lacks: nowhere to put them."""


def unit_offsets(units: Sequence[Sequence[str]]) -> list[int]:
    """Where each unit starts in the corpus skeleton, then the total length."""
    return [0, *accumulate(len(skeleton("".join(tokens))) for tokens in units)]


def carry(predicted: Sequence[Sequence[str]], bounds: Sequence[int], gold_text: str,
          alignment: Alignment) -> Carried:
    """Carry predicted words (per raw unit) onto the gold units through the alignment.

    ``bounds`` are where the gold units start on ``gold_text`` (the gold corpus
    skeleton), then its length, as unit_offsets gives them.
    """
    units = len(bounds) - 1
    tokens: list[list[str]] = [[] for _ in range(units)]
    blocked: list[list[bool]] = [[] for _ in range(units)]
    dropped = 0
    position = 0
    for unit in predicted:
        for token in unit:
            width = len(skeleton(token))
            if not width:
                continue
            raw = (position, position + width)
            position += width
            start, end = alignment.to_gold(raw[0]), alignment.to_gold(raw[1])
            if start == end:
                dropped += 1
                continue
            touched = alignment.touches(raw, (start, end))
            index = bisect_right(bounds, start) - 1
            straddles = end > bounds[index + 1]
            while True:
                piece_end = min(end, bounds[index + 1])
                tokens[index].append(gold_text[start:piece_end])
                blocked[index].append(touched or straddles)
                if piece_end == end:
                    break
                start = piece_end
                index = bisect_right(bounds, start) - 1
    return Carried(tokens, blocked, dropped)
