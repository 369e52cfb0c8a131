"""The vocabulary that makes a gold word in-vocabulary (IV) or out-of-vocabulary (OOV).

Either a word list (one word per line, surrounding whitespace stripped, empty
lines ignored) or the words of a segmented training corpus. Words are compared
by their skeleton, as everywhere else in evalkit.

Its digest (``sha256``, in the signature) is of its words, sorted, one per
line: the same words give the same digest whatever the file's encoding, line
endings or order. The file's own digest is kept beside it (``file_sha256``).
The rules: docs/scoring.md §Vocabulary.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from evalkit.align import skeleton
from evalkit.corpus import looks_conllu, looks_segmented, read_corpus, read_text, split_lines
from evalkit.errors import InputError
from evalkit.records import LexiconRecord

_INLINE_WHITESPACE = re.compile(r"[^\S\r\n]|\r(?!\n)")
"""Whitespace other than line ends (LF, or CR before LF). Where there is none,
``str.split`` of the whole text gives each line's word; otherwise each line's word
is its skeleton (a space inside a line must not cut its word in two). One search
for a character that is rarely there: 2 ms on PKU's list, where matching
whitespace between two characters took 6 ms."""


@dataclass(frozen=True)
class Lexicon:
    """A set of words and where it came from (recorded in results and signature)."""

    words: frozenset[str]
    path: str
    kind: str
    file_sha256: str

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the sorted words, one per line (what the figures depend on)."""
        return words_digest(self.words)

    @classmethod
    def from_words(cls, words: Iterable[str], path: str, kind: str,
                   file_sha256: str) -> Lexicon:
        """The lexicon of ``words`` as read, its digest made from them at once. Sorting is
        most of the cost (55,000 PKU words: ~15 ms); a list in reading order sorts about
        twice as fast as a set's hash order, so when no word repeats (word lists) the
        list read is sorted as it is."""
        listed = words if isinstance(words, list) else list(words)
        distinct = frozenset(listed)
        ordered = sorted(listed if len(distinct) == len(listed) else dict.fromkeys(listed))
        lexicon = cls(distinct, path, kind, file_sha256)
        lexicon.__dict__["sha256"] = _sorted_digest(ordered)  # cached_property's slot
        return lexicon

    def describe(self) -> LexiconRecord:
        return LexiconRecord(self.path, self.kind, self.sha256, len(self.words),
                             self.file_sha256)


def words_digest(words: frozenset[str]) -> str:
    return _sorted_digest(sorted(words))


def _sorted_digest(ordered: list[str]) -> str:
    """SHA-256 of sorted distinct words, one per line."""
    return hashlib.sha256(("\n".join(ordered) + "\n").encode() if ordered else b""
                          ).hexdigest()


def read_word_list(path: str | Path, encoding: str | None = None, *,
                   option: str = "--encoding", fallback: str | None = None) -> Lexicon:
    """``--lexicon FILE``: one word per line (``encoding`` etc. as for corpus.decode)."""
    text, digest = read_text(path, encoding, option=option, fallback=fallback)
    inline_space = _INLINE_WHITESPACE.search(text) is not None
    _check_word_list(str(path), text, inline_space)
    words = word_list_words(text, inline_space)
    if not words:
        raise InputError(str(path), "holds no words; a word list has one word per line")
    return Lexicon.from_words(words, str(path), "lexicon", digest)


def word_list_words(text: str, inline_space: bool) -> list[str]:
    """Each non-empty line's skeleton, in order. ``inline_space``: the text has whitespace
    other than line ends (_INLINE_WHITESPACE); without it, splitting the whole text
    gives the same words, line by line skipped."""
    if not inline_space:
        return text.split()
    return [w for w in (skeleton(line) for line in split_lines(text)) if w]


def _check_word_list(path: str, text: str, inline_space: bool) -> None:
    """Refuse a file that is evidently a corpus, not a word list: read as one, each of
    its lines (or CoNLL-U rows) would become one long "word" and nearly every gold
    word OOV, with no sign that anything went wrong."""
    if looks_conllu(path, text):
        raise InputError(path, "is CoNLL-U, not a word list (one word per line); to take "
                         f"the words of a corpus as the vocabulary, use --train {path}")
    # a list with no whitespace inside a line and no '|' cannot look segmented: skip the
    # line-by-line test (30 ms on PKU's 55,000 words)
    if ("|" in text or inline_space) and looks_segmented(text):
        raise InputError(path, "looks segmented (whitespace between Han characters on "
                         "most lines), not a word list (one word per line); to take the "
                         f"words of a segmented corpus as the vocabulary, use --train {path}")


def read_training_corpus(path: str | Path, fmt: str | None = None,
                         encoding: str | None = None, *, option: str = "--encoding",
                         fallback: str | None = None) -> Lexicon:
    """``--train FILE``: every word of a segmented corpus, in any supported format."""
    corpus = read_corpus(path, fmt, encoding, option=option, fallback=fallback)
    return Lexicon.from_words(corpus.flat.words, str(path), "train", corpus.sha256)


def read_vocabulary(lexicon: str | Path | None = None, train: str | Path | None = None,
                    encoding: str | None = None, *, option: str = "--encoding",
                    fallback: str | None = None) -> Lexicon | None:
    """``--lexicon`` (a word list) or ``--train`` (a segmented corpus), whichever is
    given, else None; encodings as for corpus.decode."""
    if lexicon:
        return read_word_list(lexicon, encoding, option=option, fallback=fallback)
    if train:
        return read_training_corpus(train, None, encoding, option=option, fallback=fallback)
    return None
