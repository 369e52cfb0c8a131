"""What every segmenter adapter provides, whatever library is behind it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Protocol

from evalkit.errors import UsageError

OptionParser = Callable[[str], object]
"""Turns an option's text from a spec (``hmm=false``) into the adapter's value."""


class Segmenter(Protocol):
    """A loaded segmenter: identity for the results, and one job.

    ``segment`` gets the raw text of each unit and returns its tokens; it may
    keep or drop whitespace (whitespace is never a word), but must not change
    any other character. The built-ins whose library drops whitespace lay their
    tokens back onto the text (``onto_text``), so their output reproduces it.
    Everything else (timing, text checks, isolation, caching) is the runner's,
    once for all adapters.
    """

    name: str
    package: str
    version: str
    options: dict[str, str]

    def segment(self, texts: Sequence[str]) -> list[list[str]]: ...


class Precomputed(Protocol):
    """An output that exists already (``file:``): given whole per corpus, blank units
    included; nothing runs, so it has no speed. Such an adapter says
    ``SPLITTABLE = False`` (as does one that must see a corpus at once): the
    runner then never cuts its corpora into shards."""

    name: str
    package: str
    version: str
    options: dict[str, str]

    def all_units(self, corpus: str) -> list[list[str]]: ...


def boolean(value: str) -> bool:
    """Option text to bool: true/false, yes/no, on/off, 1/0."""
    lowered = value.strip().lower()
    if lowered in ("true", "yes", "on", "1"):
        return True
    if lowered in ("false", "no", "off", "0"):
        return False
    raise UsageError(f"{value!r} is not a yes/no value; use true or false")


def text(value: str) -> str:
    return value


class FileOption:
    """A file-valued option (a user dictionary, a model file, or with ``folder`` a model
    folder): the path of an existing file (folder), or one of ``keywords`` (``default``,
    say) that the library resolves itself. Declared this way, a missing path fails
    when the spec is checked, before any worker starts, instead of as the library's
    FileNotFoundError inside the worker; and the results signature shows the file's
    (folder's) content, not its path (names_file)."""

    def __init__(self, keywords: tuple[str, ...], *, folder: bool = False) -> None:
        self.keywords = keywords
        self.folder = folder

    def __call__(self, value: str) -> str:
        path = Path(value)
        if value in self.keywords or (path.is_dir() if self.folder else path.is_file()):
            return value
        wanted = "folder" if self.folder else "file"
        if path.exists():
            problem = "is a file, not a folder" if self.folder else "is a folder, not a file"
        else:
            problem = f"no such {wanted}"
        allowed = "".join(f" or {keyword!r}" for keyword in self.keywords)
        raise UsageError(f"{value}: {problem}; give the path of an existing {wanted}{allowed}")


def file_path(*keywords: str) -> OptionParser:
    """Declare a file-valued option (see FileOption)."""
    return FileOption(keywords)


def folder_path(*keywords: str) -> OptionParser:
    """Declare a folder-valued option, such as a model folder (see FileOption)."""
    return FileOption(keywords, folder=True)


def names_file(parser: OptionParser, value: str) -> bool:
    """Whether an option value, as its adapter declares it, is the path of a file or
    folder (not a keyword such as ``default``), so its identity is its content."""
    return isinstance(parser, FileOption) and value not in parser.keywords


def distribution_version(distribution: str) -> str:
    """The installed version of a distribution (the name pip knows), from its metadata.

    Metadata rather than ``__version__``, which some packages leave stale
    (jieba_fast 0.53 says 0.39).
    """
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


@cache
def module_version(module: str) -> str:
    """The version of the distribution that provides an arbitrary module (``py:``).

    Scans every installed distribution (~40 ms), so adapters that know their
    distribution use distribution_version instead.
    """
    top = module.partition(".")[0]
    for distribution in metadata.packages_distributions().get(top, [top]):
        version = distribution_version(distribution)
        if version != "unknown":
            return version
    return "unknown"


def distribution_licence(distribution: str) -> str:
    """The licence a distribution declares in its metadata, or "not declared".

    Taken from the package itself rather than written down here, so it stays true.
    """
    try:
        info = metadata.metadata(distribution)
    except metadata.PackageNotFoundError:
        return "-"
    for field in ("License-Expression", "License"):
        value = (info[field] or "").strip() if field in info else ""
        if value and value.upper() != "UNKNOWN" and "\n" not in value and len(value) < 40:
            return value
    classifiers = [c.split("::")[-1].strip() for c in info.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return ", ".join(classifiers) or "not declared"


def onto_text(text: str, tokens: Sequence[str]) -> list[str]:
    """The tokens laid back onto ``text``: the text's whitespace put back where a
    library dropped or changed it, so that the tokens join to ``text`` exactly.

    Whitespace between words becomes tokens of its own (runs kept whole, as in
    the text); whitespace a library dropped inside a word goes back inside that
    word; whitespace-only tokens of the library are replaced by the text's own.
    Only whitespace is restored: when a token's other characters do not follow
    the text, the tokens are returned unchanged, so that the runner's text check
    reports the change with its offset instead of having it papered over here.
    """
    if "".join(tokens) == text:
        return list(tokens)
    laid: list[str] = []
    position = 0
    for token in tokens:
        characters = "".join(token.split())
        if not characters:
            continue  # the text's own whitespace is put back around the words
        start = position
        while position < len(text) and text[position].isspace():
            position += 1
        if position > start:
            laid.append(text[start:position])
        end = _word_end(text, position, characters)
        if end is None:
            return list(tokens)
        laid.append(text[position:end])
        position = end
    if text[position:].isspace():
        laid.append(text[position:])
    elif position < len(text):
        return list(tokens)
    return laid


def _word_end(text: str, start: int, characters: str) -> int | None:
    """Where a word with these (non-whitespace) characters ends in ``text`` when it
    starts at ``start``, whitespace inside it allowed; None when it does not fit."""
    if text.startswith(characters, start):
        return start + len(characters)
    position = start
    for character in characters:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text) or text[position] != character:
            return None
        position += 1
    return position
