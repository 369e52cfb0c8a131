"""Gold and prediction files: the Unit/Corpus model, readers and format detection.

A corpus is a sequence of units (a line, or a CoNLL-U sentence); a unit is a
sequence of tokens. Tokens made only of whitespace are kept, because they are
part of the raw text a segmenter is given, but they are separators, not words
(docs/scoring.md §Units and words, §Whitespace).

Formats:

- ``pipe``: one unit per line, tokens separated by ``|``; whitespace-only
  tokens are kept as text (the seed has U+3000 and U+0020 tokens). A ``|``
  that belongs to the text cannot be written in this format.
- ``whitespace``: one unit per line, words separated by runs of whitespace
  (SIGHAN bakeoff style); the whitespace itself is not part of the raw text.
- ``conllu``: one unit per sentence; words are the FORM of integer-ID lines;
  multiword-token range lines (``3-4``) and empty nodes (``5.1``) are not
  words; a space goes into the raw text after a word unless ``SpaceAfter=No``
  (for words inside a range, the range line's MISC decides after its last word).
- ``tagged``: one character per line, a tab, then its tag: B (begins a word),
  M or I (inside one), E (ends it), S (a word of its own); a blank line ends a
  sentence, which is one unit. This is AMTTL's format and common CRF training
  data; a tag that cannot follow the one before it is an error.

In the line-based formats a blank line is a unit with no words: it keeps the
line alignment with predictions and counts nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import chain, filterfalse
from pathlib import Path

from evalkit.errors import InputError, UsageError
from evalkit.flat import Flat, flatten
from evalkit.formats import INPUT_FORMATS
from evalkit.gcpause import paused_gc
from evalkit.lazy import LazySequence


def is_separator(token: str) -> bool:
    """True for a token made only of whitespace (U+3000 included): not a word."""
    return token.isspace()


@dataclass(frozen=True)
class Unit:
    """One unit of a corpus: its tokens, in order, and the line it starts on."""

    tokens: tuple[str, ...]
    line: int = 1

    @property
    def text(self) -> str:
        """The raw text a segmenter is given for this unit."""
        return "".join(self.tokens)

    @property
    def words(self) -> tuple[str, ...]:
        """The tokens that are words (whitespace-only tokens left out)."""
        return tuple(filterfalse(str.isspace, self.tokens))


@dataclass(frozen=True)
class Corpus:
    """A named sequence of units read from one file.

    ``dataset`` is the registry name when the file is a registered corpus, so
    results and baselines can find it again on another machine.
    """

    name: str
    path: str
    format: str
    units: Sequence[Unit]
    """A tuple, or for a whitespace-format file WhitespaceUnits (parsed on first use)."""
    sha256: str
    dataset: str | None = None
    encoding: str = "utf-8"
    """The encoding the file was read with, recorded so a baseline can read it again."""

    @cached_property
    def flat(self) -> Flat:
        """Every unit's words (skeletons) end to end, for whole-corpus scoring."""
        return flatten([unit.tokens for unit in self.units])

    @cached_property
    def word_count(self) -> int:
        return self.flat.word_count

    @cached_property
    def char_count(self) -> int:
        """Characters of raw text (whitespace included) over all units."""
        if isinstance(self.units, WhitespaceUnits):  # every token is a word
            return len(self.flat.text)
        return sum(map(len, chain.from_iterable(unit.tokens for unit in self.units)))


class WhitespaceUnits(LazySequence[Unit]):
    """The units of a whitespace-format text, parsed when first asked for.

    Scoring reads such a file's words as arrays (Flat.of_whitespace_text); the
    units, a tuple of words per line, are wanted only for messages, reports and
    segmenting, so a file that is just scored never builds them. Their number,
    the file's line count, is known at once.
    """

    def __init__(self, text: str, path: str) -> None:
        count = text.count("\n") + (0 if text.endswith("\n") else 1)
        super().__init__(lambda: _parsed_whitespace(text, path), lambda: count)


def _parsed_whitespace(text: str, path: str) -> tuple[Unit, ...]:
    with paused_gc():
        return tuple(parse_whitespace(text, path))


Parser = Callable[[str, str], list[Unit]]

CONLLU_EXTENSIONS = (".conllu", ".conll")


def split_lines(text: str, *, drop_cr: bool = True) -> list[str]:
    """Split on LF, dropping a CR before it and the empty piece after a final LF.

    ``str.splitlines`` is not used: it also breaks on U+2028, U+0085 and the
    ASCII separators, which can be part of a unit's text. ``drop_cr=False`` leaves
    CRs to a caller that splits each line on whitespace anyway.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not drop_cr or "\r" not in text:
        return lines
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def parse_pipe(text: str, path: str) -> list[Unit]:
    """Read the pipe-separated format; an empty word is an error."""
    units = []
    for number, line in enumerate(split_lines(text), start=1):
        if line == "":
            units.append(Unit((), number))
            continue
        tokens = line.split("|")
        column = 1
        for index, token in enumerate(tokens):
            if token == "":
                last = index == len(tokens) - 1
                raise InputError(path, _empty_pipe_word(index, len(tokens)), number,
                                 column - 1 if last and index else column)
            column += len(token) + 1
        units.append(Unit(tuple(tokens), number))
    return units


def _empty_pipe_word(index: int, count: int) -> str:
    if index == 0:
        where = "the line starts with '|'"
    elif index == count - 1:
        where = "the line ends with '|'"
    else:
        where = "two '|' in a row"
    return (f"empty word ({where}); every '|' must stand between two words: "
            "remove the extra '|'")


def parse_raw(text: str, path: str) -> list[Unit]:
    """Read unsegmented text: each line is one unit, kept exactly (for `segment`)."""
    return [Unit((line,) if line else (), number)
            for number, line in enumerate(split_lines(text), start=1)]


def parse_whitespace(text: str, path: str) -> list[Unit]:
    """Read the whitespace-separated (SIGHAN bakeoff) format (a CR is whitespace)."""
    return [Unit(tuple(line.split()), number)
            for number, line in enumerate(split_lines(text, drop_cr=False), start=1)]


_CONLLU_WORD_ID = re.compile(r"[1-9][0-9]*\Z")
_CONLLU_RANGE_ID = re.compile(r"([1-9][0-9]*)-([1-9][0-9]*)\Z")
_CONLLU_EMPTY_ID = re.compile(r"[0-9]+\.[1-9][0-9]*\Z")


def _space_after(misc: str) -> bool:
    return "SpaceAfter=No" not in misc.split("|")


class _Sentence:
    """Words of the CoNLL-U sentence being read, with the spaces between them."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.words: list[str] = []
        self.space_after: list[bool] = []
        self.range_end = 0
        self.range_space = True

    def add_word(self, form: str, misc: str) -> None:
        word_id = len(self.words) + 1
        inside_range = word_id <= self.range_end
        if inside_range:
            space = self.range_space if word_id == self.range_end else False
        else:
            space = _space_after(misc)
        self.words.append(form)
        self.space_after.append(space)

    def unit(self) -> Unit:
        tokens: list[str] = []
        last = len(self.words) - 1
        for index, (word, space) in enumerate(zip(self.words, self.space_after, strict=True)):
            tokens.append(word)
            if space and index < last:
                tokens.append(" ")
        return Unit(tuple(tokens), self.start)


def parse_conllu(text: str, path: str) -> list[Unit]:
    """Read CoNLL-U: one unit per sentence, words from the integer-ID lines."""
    units: list[Unit] = []
    sentence: _Sentence | None = None
    for number, line in enumerate(split_lines(text), start=1):
        if line.strip() == "":
            if sentence is not None:
                units.append(_finish_sentence(sentence, path))
                sentence = None
            continue
        if sentence is None:
            sentence = _Sentence(number)
        if line.startswith("#"):
            continue
        _read_conllu_line(sentence, line, path, number)
    if sentence is not None:
        units.append(_finish_sentence(sentence, path))
    return units


def _finish_sentence(sentence: _Sentence, path: str) -> Unit:
    if not sentence.words:
        raise InputError(path, "sentence has comment lines but no word lines; "
                         "add its words or remove the comments", sentence.start, 1)
    return sentence.unit()


def _read_conllu_line(sentence: _Sentence, line: str, path: str, number: int) -> None:
    fields = line.split("\t")
    if len(fields) != 10:
        raise InputError(path, f"expected 10 tab-separated fields, found {len(fields)}; "
                         "a CoNLL-U word line is ID, FORM, LEMMA, UPOS, XPOS, FEATS, "
                         "HEAD, DEPREL, DEPS, MISC", number, 1)
    word_id, form, misc = fields[0], fields[1], fields[9]
    expected = len(sentence.words) + 1
    if _CONLLU_WORD_ID.match(word_id):
        if int(word_id) != expected:
            raise InputError(path, f"word ID {word_id} out of order, expected {expected}; "
                             "number the words of a sentence 1, 2, 3, ...", number, 1)
        if form == "" or form.isspace():
            raise InputError(path, "empty FORM; every word needs its text in column 2",
                             number, len(word_id) + 2)
        sentence.add_word(form, misc)
        return
    multiword = _CONLLU_RANGE_ID.match(word_id)
    if multiword:
        first, last = int(multiword.group(1)), int(multiword.group(2))
        if first != expected or last < first:
            raise InputError(path, f"multiword range {word_id} does not start at the next "
                             f"word ({expected}) or ends before it starts", number, 1)
        sentence.range_end = last
        sentence.range_space = _space_after(misc)
        return
    if _CONLLU_EMPTY_ID.match(word_id):
        return
    raise InputError(path, f"ID {word_id!r} is not a word number, a range like 3-4 or an "
                     "empty node like 5.1", number, 1)


TAG_MEANINGS = {"B": "begins a word", "M": "continues a word", "I": "continues a word",
                "E": "ends a word", "S": "is a word of its own"}
"""Character tags of the tagged format: BMES, and BIES (I for M)."""


class _TaggedSentence:
    """Words of the tagged sentence being read, and the word begun but not ended."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.words: list[str] = []
        self.open = ""
        self.open_line = 0

    def add(self, char: str, tag: str, path: str, number: int) -> None:
        inside = self.open != ""
        if tag in ("B", "S") and inside:
            raise InputError(path, f"tag {tag} {TAG_MEANINGS[tag]}, but the word begun on "
                             f"line {self.open_line} ({self.open!r}) has no E yet; end that "
                             "word with E (or continue it with M)", number, 3)
        if tag in ("M", "I", "E") and not inside:
            raise InputError(path, f"tag {tag} {TAG_MEANINGS[tag]}, but no word is open "
                             "here; a word starts with B (or is one character tagged S)",
                             number, 3)
        if tag == "S":
            self.words.append(char)
        elif tag == "B":
            self.open, self.open_line = char, number
        elif tag == "E":
            self.words.append(self.open + char)
            self.open = ""
        else:
            self.open += char

    def unit(self, path: str, last_line: int) -> Unit:
        if self.open:
            raise InputError(path, f"the sentence ends inside the word begun on line "
                             f"{self.open_line} ({self.open!r}); its last character needs "
                             "the tag E", last_line, 3)
        return Unit(tuple(self.words), self.start)


def _tagged_line(line: str, path: str, number: int) -> tuple[str, str]:
    char, tab, tag = line.partition("\t")
    if not tab or "\t" in tag:
        raise InputError(path, "expected one character, a tab and a tag (B, M, E or S; I "
                         "may stand for M)", number, 1)
    if len(char) != 1 or char.isspace():
        raise InputError(path, f"expected one non-space character before the tab, found "
                         f"{char!r}; write one character per line", number, 1)
    if tag not in TAG_MEANINGS:
        raise InputError(path, f"unknown tag {tag!r}; use B, M, E or S (BMES), or B, I, E, "
                         "S (BIES)", number, 3)
    return char, tag


def parse_tagged(text: str, path: str) -> list[Unit]:
    """Read the character-tagged format: one unit per sentence (blank-line separated)."""
    units: list[Unit] = []
    sentence: _TaggedSentence | None = None
    last = 0
    for number, line in enumerate(split_lines(text), start=1):
        if line.strip() == "":
            if sentence is not None:
                units.append(sentence.unit(path, last))
                sentence = None
            continue
        char, tag = _tagged_line(line, path, number)
        if sentence is None:
            sentence = _TaggedSentence(number)
        sentence.add(char, tag, path, number)
        last = number
    if sentence is not None:
        units.append(sentence.unit(path, last))
    return units


def format_tagged(units: Sequence[Sequence[str]], path: str,
                  lines: Sequence[int] | None = None) -> str:
    """Write units in the tagged format (BMES), a blank line after each unit.

    Whitespace-only tokens are separators and are not written. A unit with no
    words is refused: a blank line ends a sentence in this format, so it cannot
    be written, and leaving it out would pair every later unit with the wrong
    gold unit. ``lines`` gives the line each unit came from, for the message.
    """
    written = []
    for number, tokens in enumerate(units, start=1):
        words = [t for t in tokens if not is_separator(t)]
        if not words:
            line = number if lines is None else lines[number - 1]
            raise InputError(path, blank_unit_refusal(number, line))
        for word in words:
            if any(char.isspace() for char in word):
                raise InputError(path, f"word {word!r} contains whitespace, which the tagged "
                                 "format cannot express; use --format-out pipe", number)
            if len(word) == 1:
                written.append(f"{word}\tS")
            else:
                tags = ["B", *["M"] * (len(word) - 2), "E"]
                written += [f"{char}\t{tag}" for char, tag in zip(word, tags, strict=True)]
        written.append("")
    return "".join(line + "\n" for line in written)


def blank_unit_refusal(number: int, line: int) -> str:
    """Why a unit without words cannot go out in the tagged format, and what can."""
    return (f"unit {number} (input line {line}) has no words (a blank line), which the "
            "tagged format cannot hold: there a blank line ends a sentence, so the output "
            "would have one unit fewer and every later unit would be paired with the wrong "
            "gold unit; use --format-out whitespace or --format-out pipe (both keep it as "
            "an empty line)")


def refuse_unwritable(corpus: Corpus, fmt: str) -> None:
    """Refuse, before any segmenter runs, an input unit that no segmentation of it can
    put in ``fmt``: in the tagged format, a unit whose text is empty or only
    whitespace (its output has no words). Nothing is written."""
    if fmt != "tagged":
        return
    for number, unit in enumerate(corpus.units, start=1):
        if not unit.text or unit.text.isspace():
            raise InputError(corpus.path, blank_unit_refusal(number, unit.line), unit.line)


_READERS: dict[str, Parser] = {
    "pipe": parse_pipe,
    "whitespace": parse_whitespace,
    "conllu": parse_conllu,
    "tagged": parse_tagged,
    "raw": parse_raw,
}
PARSERS = {name: _READERS[name] for name in INPUT_FORMATS}
"""The reader of each name formats.INPUT_FORMATS offers (a name without one fails here)."""


def format_units(units: Sequence[Sequence[str]], fmt: str, path: str,
                 lines: Sequence[int] | None = None) -> str:
    """Write segmented units, one line each, in a format the readers read back.

    ``whitespace`` joins the words with one space (whitespace tokens dropped, and
    whitespace at a word's ends); a word holding whitespace between its characters
    is refused, as it would be read back split. ``pipe``
    joins every token with ``|``, keeping whitespace tokens as text.
    A token containing ``|`` cannot be written in the pipe format, nor a line
    ending in a CR (the reader drops a CR before the LF). ``tagged`` writes one
    character per line (see ``format_tagged``, which uses ``lines``).
    """
    if fmt == "tagged":
        return format_tagged(units, path, lines)
    written = []
    for number, tokens in enumerate(units, start=1):
        if fmt == "pipe":
            for token in tokens:
                if "|" in token:
                    raise InputError(path, f"token {token!r} contains '|', which the pipe "
                                     "format cannot express; use --format-out whitespace",
                                     number)
            line = "|".join(tokens)
            if line.endswith("\r"):
                raise InputError(path, "the unit ends with a carriage return (CR), which "
                                 "the pipe format cannot hold (a CR before the line end is "
                                 "dropped when read); use --format-out whitespace", number)
            written.append(line)
        else:
            words = [t.strip() for t in tokens if not is_separator(t)]
            _refuse_split_words(words, path, number)
            written.append(" ".join(words))
    return "".join(line + "\n" for line in written)


def _refuse_split_words(words: Sequence[str], path: str, number: int) -> None:
    """A word holding whitespace between its characters would be read back as several
    words (``str.split`` breaks on exactly the characters ``isspace`` names): refused,
    never split. Whitespace at a word's ends is a separator, and is not written."""
    for word in words:
        if any(char.isspace() for char in word):
            raise InputError(path, f"word {word!r} contains whitespace, which the "
                             "whitespace format would read back as more than one word; "
                             "use --format-out pipe", number)


def _first_content_line(text: str) -> str | None:
    """The first line that is neither blank nor a comment, as split_lines gives it,
    found without splitting the whole text (detection asks this of every file)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].removesuffix("\r") if "\r" in text else text[start:end]
        if line.strip() and not line.startswith("#"):
            return line
        start = end + 1
    return None


_TAGGED_SHAPE = re.compile(r"[^\s]\t[A-Za-z]\r?")
"""A line of the tagged format's shape: one character, a tab, one letter (the tag
itself is checked by the reader, so a wrong letter is reported, not guessed around)."""


def looks_tagged(text: str) -> bool:
    """True when most non-blank lines are a character, a tab and one letter: no other
    format has lines of that shape, so such a file is read as tagged and a stray line
    (a bad tag, a missing tab) is reported by the tagged reader with its position
    rather than turning the whole file into whitespace-separated tag letters."""
    if "\t" not in text:  # every tagged line has one: no need to look at each line
        return False
    lines = [line for line in text.split("\n") if line.strip()]
    shaped = sum(1 for line in lines if _TAGGED_SHAPE.fullmatch(line))
    return shaped * 2 > len(lines)


def looks_conllu(path: str, text: str) -> bool:
    """``.conllu``/``.conll``, or a first data line of ten tab-separated fields."""
    if path.lower().endswith(CONLLU_EXTENSIONS):
        return True
    first = _first_content_line(text)
    return first is not None and len(first.split("\t")) == 10 and \
        re.match(r"[0-9]+([-.][0-9]+)?\t", first) is not None


def line_evidence(line: str) -> str | None:
    """The line-based format one line shows: ``pipe`` (it has a ``|``),
    ``whitespace`` (words separated by whitespace, no ``|``), or None (one word
    or blank: every line-based format reads it the same)."""
    if "|" in line:
        return "pipe"
    if _TWO_WORDS.search(line) is not None:  # as len(line.split()) > 1, without the list
        return "whitespace"
    return None


_TWO_WORDS = re.compile(r"\S\s+\S")


def detect_format(path: str, text: str) -> str:
    """The format, from the extension and the whole file's content.

    CoNLL-U by extension or by its first data line; tagged when most non-blank
    lines are a character, a tab and one letter (looks_tagged); otherwise every line is
    weighed (line_evidence) and the file must agree with itself: lines with a
    ``|`` and lines separated by whitespace alone in one file are refused,
    because pipe and whitespace readings score differently and guessing either
    would be silent. A file with no evidence (one word per line) is read as
    whitespace, which reads such lines as the pipe format would.
    ``--format-in`` overrides the guess.
    """
    if looks_conllu(path, text):
        return "conllu"
    if looks_tagged(text):
        return "tagged"
    if "|" not in text:  # no line can show the pipe format: nothing to weigh
        return "whitespace"
    first: dict[str, int] = {}
    for number, line in enumerate(split_lines(text), start=1):
        kind = line_evidence(line)
        if kind is not None and kind not in first:
            first[kind] = number
            if len(first) > 1:
                break
    if len(first) > 1:
        raise InputError(path, f"mixed formats: line {first['pipe']} has a '|' (pipe "
                         f"format) but line {first['whitespace']} separates words by "
                         "whitespace alone; the two readings score differently, so say "
                         "which this file is with --format-in pipe or --format-in whitespace",
                         first["pipe"])
    return "pipe" if "pipe" in first else "whitespace"


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_SEPARATED = re.compile(f"[{_HAN}](?:[^\\S\n]+|\\|)[{_HAN}]")


def looks_segmented(text: str) -> bool:
    """True when most non-blank lines have whitespace or a ``|`` between two Han
    characters: segmented text (a gold file), not raw text. The SIGHAN gold
    files have it on 95-99% of their lines, their raw test files on at most one."""
    lines = [line for line in split_lines(text) if line.strip()]
    separated = sum(1 for line in lines if _HAN_SEPARATED.search(line))
    return separated * 2 > len(lines)


def segment_input_format(path: str, text: str) -> str:
    """The format of ``evalkit segment``'s input when no ``--format-in`` is given.

    CoNLL-U or tagged when detected (both are unambiguous, and their raw text is
    what is segmented); raw text otherwise, unless the text looks segmented:
    reading a gold file as raw text would hand the segmenter the gold's
    boundaries (its spaces), so that is refused and the user says what it is.
    """
    if looks_conllu(path, text):
        return "conllu"
    if looks_tagged(text):
        return "tagged"
    if looks_segmented(text):
        raise UsageError(f"{path}: looks segmented (whitespace or '|' between Han "
                         "characters on most lines), and a segmenter given it as raw text "
                         "would see the gold boundaries; say what it is: --format-in "
                         "whitespace or --format-in pipe (its words are joined, then "
                         "segmented), or --format-in raw (each line as it is)")
    return "raw"


def decode(data: bytes, path: str, encoding: str | None, option: str = "--encoding",
           fallback: str | None = None) -> str:
    """Decode a file's bytes; a bad byte is reported with its line and column, and
    with the encodings that do decode the file.

    ``encoding`` None means UTF-8 (with or without BOM); then, when the file is
    not UTF-8 and a ``fallback`` is given (another file's encoding), that is
    tried. ``option`` is the command-line option that sets this file's encoding,
    named in the message.
    """
    if encoding is None and fallback is not None:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            encoding = fallback
    if encoding is None or encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r} ({option}); use a Python codec "
                         "name such as utf-8, gbk, cp950 or big5hkscs") from None
    except UnicodeDecodeError as error:
        raise _decode_error(data, path, encoding, option, error) from None


def _decode_error(data: bytes, path: str, encoding: str, option: str,
                  error: UnicodeDecodeError) -> InputError:
    from evalkit.encodings import decoding_candidates

    before = data[:error.start]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode(encoding, errors="replace")) + 1
    shown = "UTF-8" if encoding == "utf-8-sig" else encoding
    bad = data[error.start:error.start + 1].hex()
    candidates = decoding_candidates(data, exclude=encoding)
    if candidates:
        advice = (f"the file decodes as {' or '.join(candidates)}: pass {option} "
                  f"{candidates[0]}")
    else:
        advice = (f"none of utf-8, gbk, gb18030, cp950, big5hkscs decodes it into plausible "
                  f"text: pass {option} with the file's encoding")
    return InputError(path, f"not valid {shown} (byte 0x{bad} at byte offset "
                      f"{error.start}); {advice}", line, column)


def read_corpus(path: str | Path, fmt: str | None = None, encoding: str | None = None,
                name: str | None = None, *, option: str = "--encoding",
                fallback: str | None = None) -> Corpus:
    """Read a gold or prediction file into a Corpus.

    ``fmt`` is one of PARSERS (None: detect). ``encoding``, ``option`` and
    ``fallback`` are as for decode(). Raises InputError for anything that makes
    the file unusable, so nothing downstream sees a half-read corpus.
    """
    shown = str(path)
    if fmt is not None and fmt not in PARSERS:
        raise UsageError(f"unknown input format {fmt!r}; choose one of "
                         f"{', '.join(sorted(PARSERS))}")
    corpus = corpus_from_text(read_text(path, encoding, option=option, fallback=fallback),
                              shown, fmt, name)
    return replace(corpus, encoding=encoding) if encoding else corpus


def read_text(path: str | Path, encoding: str | None = None, *, option: str = "--encoding",
              fallback: str | None = None) -> tuple[str, str]:
    """A file's text and SHA-256; a missing, unreadable or undecodable file is an InputError."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(shown, missing_file(shown)) from None
    except IsADirectoryError:
        raise InputError(shown, "is a directory; name a file") from None
    except OSError as error:
        raise InputError(shown, f"cannot be read ({error.strerror})") from None
    return decode(data, shown, encoding, option, fallback), hashlib.sha256(data).hexdigest()


def missing_file(path: str) -> str:
    """Why a file cannot be found: a registered corpus name where a file is needed
    (a gold or segment input takes names, --train, --lexicon, --raw and PRED do
    not) is told so, with the command that gives its files' paths."""
    from evalkit.datasets import default_registry

    if default_registry().knows(path):
        return (f"no such file; {path!r} is a registered corpus name, and this place takes "
                f"a file: 'evalkit datasets download {path}' fetches it and prints the paths "
                "of its files (gold, raw, lexicon)")
    return "no such file; check the path"


def corpus_from_text(content: tuple[str, str], path: str, fmt: str | None = None,
                     name: str | None = None) -> Corpus:
    """Parse decoded text (with its digest) into a Corpus that has at least one word."""
    text, digest = content
    shown = path
    if text == "":
        raise InputError(shown, "is empty; it needs at least one word")
    if text.isspace():
        raise InputError(shown, "holds only blank lines and whitespace; it needs at least "
                         "one word")
    chosen = fmt or detect_format(shown, text)
    if chosen == "whitespace":  # a word wherever the text is not whitespace: it has one
        corpus = Corpus(name=name or Path(path).stem, path=shown, format=chosen,
                        units=WhitespaceUnits(text, shown), sha256=digest)
        corpus.__dict__["flat"] = Flat.of_whitespace_text(text)  # cached_property slot
        return corpus
    with paused_gc():
        units = PARSERS[chosen](text, shown)
        corpus = Corpus(name=name or Path(path).stem, path=shown, format=chosen,
                        units=tuple(units), sha256=digest)
        words = corpus.word_count
    if words == 0:
        raise InputError(shown, "holds no words (only whitespace and separators); "
                         "check the file and --format-in")
    return corpus


GOLD_SUFFIXES = (".txt", ".utf8", ".seg", ".conllu", ".conll")


def gold_files(entries: Iterable[Path]) -> list[Path]:
    """The gold files among a directory's entries, by suffix, sorted so runs are stable."""
    return sorted(p for p in entries if p.is_file() and p.suffix.lower() in GOLD_SUFFIXES)
