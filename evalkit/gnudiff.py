"""GNU diff's line alignment, reimplemented for word sequences.

The SIGHAN bakeoff scorer writes each line's words one per line and runs
GNU ``diff``; its figures depend on which words diff pairs up, which is not
always a longest common subsequence. This module reproduces diff's default
analysis (GNU diffutils ``analyze.c`` and ``io.c``; the steps: docs/scoring.md
§GNU diff alignment) without running ``diff``:

1. equal leading and trailing words are matched and set aside;
2. in the middle, a word with no equal on the other side is *discarded*, one
   with more than MANY equals is *provisionally* discarded;
3. provisional marks survive only inside runs of discards, thinned by diff's
   rules (``discard_confusing_lines``);
4. the remaining words are aligned with Myers' O(ND) algorithm as diff runs
   it (``diag`` and ``compareseq``, with its cost cap for expensive lines);
5. runs of changes are slid over equal words as ``shift_boundaries`` does.

Only which words are matched and which are changed comes out; no diff text
is produced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, compress, count, repeat
from operator import not_

LIN_MAX = 1 << 62
TOO_EXPENSIVE_FLOOR = 4096
"""diff gives up on an exact midpoint after this many edit steps (at least): 4096 since
diffutils 3.5 (2016), 256 before. Only lines with thousands of differing words reach it."""


class _Flags:
    """diff's ``changed`` vector: indices -1 and len are always-zero sentinels."""

    def __init__(self, size: int) -> None:
        self.values = bytearray(size + 2)

    def __getitem__(self, index: int) -> int:
        return self.values[index + 1]

    def __setitem__(self, index: int, value: int) -> None:
        self.values[index + 1] = value

    def flags(self) -> list[bool]:
        return list(map(bool, self.values[1:-1]))

    def unchanged(self) -> list[int]:
        """The indices whose flag is 0."""
        return list(compress(count(), map(not_, self.values[1:-1])))


_CHANGED = bytes([0] + [1] * 255)
"""bytes.translate table: a discard mark (1 or 2) becomes a changed flag (1)."""


def _many(length: int) -> int:
    """MANY: 5, doubled for each factor of 4 in length // 64 (diff's rough square root)."""
    many = 5
    tem = length // 64
    while (tem := tem >> 2) > 0:
        many *= 2
    return many


def _mark_discards(equivs: list[int], other_counts: Counter[int]) -> bytearray:
    """1: no equal on the other side; 2: more than MANY equals (provisional)."""
    many = _many(len(equivs))
    mark = {value: 2 if matches > many else 0 for value, matches in other_counts.items()}
    return bytearray(map(mark.get, equivs, repeat(1, len(equivs))))


def _thin_provisionals(d: bytearray) -> None:
    """Keep provisional discards only inside runs of discards, as diff decides."""
    end = len(d)
    i = 0
    while i < end:
        if d[i] == 2:
            d[i] = 0
        elif d[i] != 0:
            j = i
            provisional = 0
            while j < end and d[j] != 0:
                provisional += d[j] == 2
                j += 1
            while j > i and d[j - 1] == 2:
                j -= 1
                d[j] = 0
                provisional -= 1
            length = j - i
            if provisional * 4 > length:
                while j > i:
                    j -= 1
                    if d[j] == 2:
                        d[j] = 0
            else:
                _thin_run(d, i, length)
                i += length - 1
        i += 1


def _thin_run(d: bytearray, i: int, length: int) -> None:
    minimum = 1
    tem = length >> 2
    while (tem := tem >> 2) > 0:
        minimum <<= 1
    minimum += 1
    j = consec = 0
    while j < length:
        if d[i + j] != 2:
            consec = 0
        else:
            consec += 1
            if consec == minimum:
                j -= consec  # back up to the subrun's start and cancel it all
            elif consec > minimum:
                d[i + j] = 0
        j += 1
    _cancel_edge_provisionals(d, range(i, i + length))
    _cancel_edge_provisionals(d, range(i + length - 1, i - 1, -1))


def _cancel_edge_provisionals(d: bytearray, positions: range) -> None:
    """Walking in from one end of a run, cancel provisionals until 3 discards in a row
    or a discard at least 8 words in."""
    consec = 0
    for step, position in enumerate(positions):
        if step >= 8 and d[position] == 1:
            break
        if d[position] == 2:
            consec = 0
            d[position] = 0
        elif d[position] == 0:
            consec = 0
        else:
            consec += 1
        if consec == 3:
            break


@dataclass
class _Partition:
    xmid: int
    ymid: int
    lo_minimal: bool
    hi_minimal: bool


class _Myers:
    """diff's compareseq/diag on the undiscarded words."""

    def __init__(self, xv: list[int], yv: list[int], x_real: list[int], y_real: list[int],
                 x_changed: _Flags, y_changed: _Flags) -> None:
        self.xv, self.yv = xv, yv
        self.x_real, self.y_real = x_real, y_real
        self.x_changed, self.y_changed = x_changed, y_changed
        diags = len(xv) + len(yv) + 3
        self.offset = len(yv) + 1
        self.fd = [0] * (2 * diags)
        self.bd = [0] * (2 * diags)
        too_expensive = 1
        while diags:
            too_expensive <<= 1
            diags >>= 2
        self.too_expensive = max(TOO_EXPENSIVE_FLOOR, too_expensive)

    def compare(self, minimal: bool) -> None:
        stack = [(0, len(self.xv), 0, len(self.yv), minimal)]
        xv, yv = self.xv, self.yv
        while stack:
            xoff, xlim, yoff, ylim, find_minimal = stack.pop()
            while xoff < xlim and yoff < ylim and xv[xoff] == yv[yoff]:
                xoff += 1
                yoff += 1
            while xlim > xoff and ylim > yoff and xv[xlim - 1] == yv[ylim - 1]:
                xlim -= 1
                ylim -= 1
            if xoff == xlim:
                for y in range(yoff, ylim):
                    self.y_changed[self.y_real[y]] = 1
            elif yoff == ylim:
                for x in range(xoff, xlim):
                    self.x_changed[self.x_real[x]] = 1
            else:
                part = self.diag(xoff, xlim, yoff, ylim, find_minimal)
                stack.append((part.xmid, xlim, part.ymid, ylim, part.hi_minimal))
                stack.append((xoff, part.xmid, yoff, part.ymid, part.lo_minimal))

    def diag(self, xoff: int, xlim: int, yoff: int, ylim: int,
             find_minimal: bool) -> _Partition:
        """The midpoint of a shortest edit script, or diff's guess when it is too costly."""
        fd, bd, xv, yv, o = self.fd, self.bd, self.xv, self.yv, self.offset
        dmin, dmax = xoff - ylim, xlim - yoff
        fmid, bmid = xoff - yoff, xlim - ylim
        fmin = fmax = fmid
        bmin = bmax = bmid
        odd = (fmid - bmid) & 1
        fd[fmid + o] = xoff
        bd[bmid + o] = xlim
        c = 0
        while True:
            c += 1
            if fmin > dmin:
                fmin -= 1
                fd[fmin - 1 + o] = -1
            else:
                fmin += 1
            if fmax < dmax:
                fmax += 1
                fd[fmax + 1 + o] = -1
            else:
                fmax -= 1
            for d in range(fmax, fmin - 1, -2):
                tlo, thi = fd[d - 1 + o], fd[d + 1 + o]
                x = tlo + 1 if tlo >= thi else thi
                y = x - d
                while x < xlim and y < ylim and xv[x] == yv[y]:
                    x += 1
                    y += 1
                fd[d + o] = x
                if odd and bmin <= d <= bmax and bd[d + o] <= x:
                    return _Partition(x, y, True, True)
            if bmin > dmin:
                bmin -= 1
                bd[bmin - 1 + o] = LIN_MAX
            else:
                bmin += 1
            if bmax < dmax:
                bmax += 1
                bd[bmax + 1 + o] = LIN_MAX
            else:
                bmax -= 1
            for d in range(bmax, bmin - 1, -2):
                tlo, thi = bd[d - 1 + o], bd[d + 1 + o]
                x = tlo if tlo < thi else thi - 1
                y = x - d
                while x > xoff and y > yoff and xv[x - 1] == yv[y - 1]:
                    x -= 1
                    y -= 1
                bd[d + o] = x
                if not odd and fmin <= d <= fmax and x <= fd[d + o]:
                    return _Partition(x, y, True, True)
            if not find_minimal and c >= self.too_expensive:
                return self._give_up(xoff, xlim, yoff, ylim, (fmin, fmax), (bmin, bmax))

    def _give_up(self, xoff: int, xlim: int, yoff: int, ylim: int,
                 forward: tuple[int, int], backward: tuple[int, int]) -> _Partition:
        """diff's cost cap: take the best diagonal reached from either end."""
        fd, bd, o = self.fd, self.bd, self.offset
        fxybest, fxbest = -1, 0
        for d in range(forward[1], forward[0] - 1, -2):
            x = min(fd[d + o], xlim)
            y = x - d
            if ylim < y:
                x, y = ylim + d, ylim
            if fxybest < x + y:
                fxybest, fxbest = x + y, x
        bxybest, bxbest = LIN_MAX, 0
        for d in range(backward[1], backward[0] - 1, -2):
            x = max(xoff, bd[d + o])
            y = x - d
            if y < yoff:
                x, y = yoff + d, yoff
            if x + y < bxybest:
                bxybest, bxbest = x + y, x
        if (xlim + ylim) - bxybest < fxybest - (xoff + yoff):
            return _Partition(fxbest, fxybest - fxbest, True, False)
        return _Partition(bxbest, bxybest - bxbest, False, True)


def _shift_boundaries(changed: list[_Flags], equivs: list[list[int]]) -> None:
    """Slide runs of changes over equal words to merge them, as diff does.

    ``m`` and ``o`` are the two flag vectors' bytes: word x's flag is at x + 1
    (diff's ``changed[x]``, with its sentinels at -1 and len)."""
    for f in (0, 1):
        m, o, eq = changed[f].values, changed[1 - f].values, equivs[f]
        i = j = 0
        i_end = len(eq)
        while True:
            while i < i_end and not m[i + 1]:
                while o[j + 1]:  # j past the next unchanged word of the other side
                    j += 1
                j += 1
                i += 1
            if i == i_end:
                break
            start = i
            i += 1
            while m[i + 1]:
                i += 1
            while o[j + 1]:
                j += 1
            while True:
                runlength = i - start
                while start and eq[start - 1] == eq[i - 1]:
                    start -= 1
                    m[start + 1] = 1
                    i -= 1
                    m[i + 1] = 0
                    while m[start]:
                        start -= 1
                    j -= 1  # j back to the previous unchanged word of the other side
                    while o[j + 1]:
                        j -= 1
                corresponding = i if o[j] else i_end
                while i != i_end and eq[start] == eq[i]:
                    m[start + 1] = 0
                    start += 1
                    m[i + 1] = 1
                    i += 1
                    while m[i + 1]:
                        i += 1
                    j += 1
                    while o[j + 1]:
                        corresponding = i
                        j += 1
                if runlength == i - start:
                    break
            while corresponding < i:
                start -= 1
                m[start + 1] = 1
                i -= 1
                m[i + 1] = 0
                j -= 1
                while o[j + 1]:
                    j -= 1


def _middle(a: Sequence[str], b: Sequence[str]) -> tuple[int, int, list[list[int]]]:
    """The common ends' lengths, and the middles as equivalence-class numbers."""
    prefix, suffix = common_ends(a, b)
    return prefix, suffix, _equivalence_classes(a[prefix:len(a) - suffix],
                                                b[prefix:len(b) - suffix])


def _equivalence_classes(middle_a: Sequence[str], middle_b: Sequence[str]) -> list[list[int]]:
    """Each word's class number: 1, 2, ... in order of first appearance, a's words first."""
    classes = {word: number for number, word in
               enumerate(dict.fromkeys(chain(middle_a, middle_b)), start=1)}
    return [list(map(classes.__getitem__, middle_a)), list(map(classes.__getitem__, middle_b))]


def _discards(equivs: list[list[int]]) -> list[bytearray]:
    counts = (Counter(equivs[0]), Counter(equivs[1]))
    discards = [_mark_discards(equivs[0], counts[1]), _mark_discards(equivs[1], counts[0])]
    for marks in discards:
        if 2 in marks:  # without provisional marks, thinning changes nothing
            _thin_provisionals(marks)
    return discards


def confusing_marks(a: Sequence[str], b: Sequence[str]) -> tuple[list[int], list[int]]:
    """Steps 1-3 alone: per word, 0 (aligned by Myers), 1 (discarded: no equal on the
    other side) or 2 (a surviving provisional discard); the common ends are 0."""
    prefix, suffix, equivs = _middle(a, b)
    marks = _discards(equivs)
    ends = ([0] * prefix, [0] * suffix)
    return (ends[0] + list(marks[0]) + ends[1], ends[0] + list(marks[1]) + ends[1])


def diff_changes(a: Sequence[str], b: Sequence[str]) -> tuple[list[bool], list[bool]]:
    """Which words of ``a`` and ``b`` GNU diff reports as deleted and inserted."""
    prefix, suffix = common_ends(a, b)
    flags = _middle_changes(a[prefix:len(a) - suffix], b[prefix:len(b) - suffix])
    changed_a, changed_b = flags[0].flags(), flags[1].flags()
    head, tail = [False] * prefix, [False] * suffix
    return head + changed_a + tail, head + changed_b + tail


def _middle_changes(middle_a: Sequence[str], middle_b: Sequence[str]) -> list[_Flags]:
    """Steps 2-5 on two middles (sequences without common ends)."""
    equivs = _equivalence_classes(middle_a, middle_b)
    discards = _discards(equivs)
    changed = [_Flags(len(equivs[0])), _Flags(len(equivs[1]))]
    for flags, marks in zip(changed, discards, strict=True):
        flags.values[1:-1] = marks.translate(_CHANGED)  # every discarded word is changed
    kept = [flags.unchanged() for flags in changed]
    _Myers(list(map(equivs[0].__getitem__, kept[0])), list(map(equivs[1].__getitem__, kept[1])),
           kept[0], kept[1], changed[0], changed[1]).compare(minimal=False)
    _shift_boundaries(changed, equivs)
    return changed


def diff_matches(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """The (index in a, index in b) pairs of words diff leaves unchanged, in order."""
    changed_a, changed_b = diff_changes(a, b)
    kept_a = [i for i, c in enumerate(changed_a) if not c]
    kept_b = [i for i, c in enumerate(changed_b) if not c]
    if len(kept_a) != len(kept_b):  # cannot happen: diff pairs unchanged lines in order
        raise AssertionError("unchanged words do not pair up")
    return list(zip(kept_a, kept_b, strict=True))


def common_ends(a: Sequence[str], b: Sequence[str]) -> tuple[int, int]:
    """How many leading and trailing words the two sequences share (not overlapping)."""
    limit = min(len(a), len(b))
    prefix = 0
    while prefix < limit and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and a[len(a) - 1 - suffix] == b[len(b) - 1 - suffix]:
        suffix += 1
    return prefix, suffix


def middle_kept(a: Sequence[str], b: Sequence[str]) -> tuple[int, int, list[int], list[int]]:
    """diff's unchanged words, by parts: the common ends' lengths (prefix, suffix), then
    the indices of the kept words inside each middle (they pair up in order).

    The full alignment runs only when the middles need it. When the words the
    middles share come in the same order on both sides (the same sequence once
    the other words are left out), and none has more than MANY equals on the
    other side, diff keeps exactly those words: every other middle word has no
    equal on the other side and is discarded (step 2), nothing is provisional,
    so nothing is thinned (step 3); the words left are the same sequence on
    both sides, which Myers matches whole (step 4); and no run of changes can
    slide (step 5), because a changed word and the unchanged word next to it
    are never equal (one has an equal on the other side, the other has none).
    Middles that share no word (the commonest case) are the empty instance.
    """
    prefix, suffix = common_ends(a, b)
    middle_a, middle_b = a[prefix:len(a) - suffix], b[prefix:len(b) - suffix]
    if not middle_a or not middle_b:
        return prefix, suffix, [], []
    shared = set(middle_a).intersection(middle_b)
    if not shared:
        return prefix, suffix, [], []
    in_a = list(map(shared.__contains__, middle_a))
    in_b = list(map(shared.__contains__, middle_b))
    words = list(compress(middle_a, in_a))
    if words == list(compress(middle_b, in_b)) and \
            _none_provisional(words, min(_many(len(middle_a)), _many(len(middle_b)))):
        return (prefix, suffix, list(compress(count(), in_a)),
                list(compress(count(), in_b)))
    changed_a, changed_b = _middle_changes(middle_a, middle_b)
    return prefix, suffix, changed_a.unchanged(), changed_b.unchanged()


def _none_provisional(words: list[str], many: int) -> bool:
    """No word occurs more than ``many`` times (its count on the other side, where the
    shared words form the same sequence)."""
    return len(words) <= many or max(Counter(words).values()) <= many


def diff_kept(a: Sequence[str], b: Sequence[str]) -> tuple[Sequence[int], Sequence[int]]:
    """The indices of the words diff leaves unchanged in ``a`` and in ``b`` (they pair up
    in order): diff_matches, with the common cases answered without aligning
    (middle_kept)."""
    if a == b:
        return range(len(a)), range(len(b))
    prefix, suffix, kept_a, kept_b = middle_kept(a, b)
    tail_a, tail_b = len(a) - suffix, len(b) - suffix
    return ([*range(prefix), *(prefix + i for i in kept_a), *range(tail_a, len(a))],
            [*range(prefix), *(prefix + j for j in kept_b), *range(tail_b, len(b))])
