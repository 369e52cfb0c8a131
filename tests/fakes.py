"""Stand-in segmenters for tests: each misbehaves in one documented way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from evalkit.segmenters.base import OptionParser, file_path


class _Fake:
    package = "evalkit"
    version = "0"

    def __init__(self) -> None:
        self.options: dict[str, str] = {}


class CharSegmenter(_Fake):
    """Splits every character: boundary recall is 1 by construction."""

    name = "chars"

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [list(text) for text in texts]


class DropCharSegmenter(_Fake):
    """Loses the fourth character of every unit, as a normalising segmenter might."""

    name = "dropper"

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [[text[:3], text[4:]] for text in texts]


class CrashingSegmenter(_Fake):
    """Raises while segmenting."""

    name = "crasher"

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        raise RuntimeError("model file is corrupt")


class BrokenImportSegmenter(_Fake):
    """Fails in its constructor the way a missing dependency would."""

    name = "broken"

    def __init__(self) -> None:
        raise ImportError("No module named 'missing_model'")


class ChattySegmenter(CharSegmenter):
    """Prints on stdout from Python and from the C level, like thulac does."""

    name = "chatty"

    def __init__(self) -> None:
        import os

        super().__init__()
        print("Model loaded succeed")
        os.write(1, b"C-level chatter\n")


def words(text: str) -> list[str]:
    """A well-behaved py: segmenter: one word per character."""
    return list(text)


def whole(text: str) -> list[str]:
    """The whole unit as one word, inner spaces kept (as thulac keeps 'El Pas')."""
    return [text] if text else []


def segfault(text: str) -> list[str]:
    """Crashes the process the way a broken C extension does."""
    import ctypes

    ctypes.string_at(0)
    return []


def hang(text: str) -> list[str]:
    import time

    time.sleep(600)
    return []


def not_a_list(text: str) -> str:
    return text


def hog(text: str) -> list[str]:
    """Asks for far more memory than --memory-limit allows."""
    block = bytearray(4 * 2**30)
    return [text] if block else []


class CountingSegmenter(CharSegmenter):
    """Splits characters and appends a line to $EVALKIT_TEST_COUNTER each time it loads,
    so a test can tell whether a worker really ran."""

    name = "counting"

    def __init__(self) -> None:
        import os

        super().__init__()
        with open(os.environ["EVALKIT_TEST_COUNTER"], "a", encoding="utf-8") as counter:
            counter.write("loaded\n")


class ChattyCrashingSegmenter(ChattySegmenter):
    """Prints while loading, then fails: its output must be shown with the failure."""

    name = "chatty_crasher"

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        raise RuntimeError("model file is corrupt")


def slow_words(text: str) -> list[str]:
    """One word per character, slowly, after touching $EVALKIT_TEST_STARTED (if set) so a
    test knows the worker is segmenting."""
    import os
    import time

    marker = os.environ.get("EVALKIT_TEST_STARTED")
    if marker:
        with open(marker, "a", encoding="utf-8"):
            pass
    time.sleep(0.2)
    return list(text)


class SpaceSegmenter(_Fake):
    """Splits at whitespace only: shows whether real spaces of the raw text reached it."""

    name = "spaces"

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [text.split() for text in texts]


class ChunkSegmenter(_Fake):
    """Cuts each text into chunks of 2, 1 and 3 characters in turn: a deterministic,
    fast segmenter that is right sometimes and wrong in every way (for differential tests)."""

    name = "chunks"

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        output = []
        for text in texts:
            words, start, turn = [], 0, 0
            while start < len(text):
                size = (2, 1, 3)[turn % 3]
                words.append(text[start:start + size])
                start, turn = start + size, turn + 1
            output.append(words)
        return output


class DownloadingSegmenter(_Fake):
    """Fails to load the way a library that downloads its model fails offline."""

    name = "downloader"

    def __init__(self) -> None:
        import socket
        import urllib.error

        try:
            raise socket.gaierror(-2, "Name or service not known")
        except OSError as error:
            raise urllib.error.URLError(error) from error


class DictionarySegmenter(_Fake):
    """Cuts the longest word of its user dictionary (one word a line) at each position,
    else one character; ``user_dict`` is declared file-valued, as jieba's is."""

    name = "dictionary"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"user_dict": file_path()}

    def __init__(self, user_dict: str | None = None) -> None:
        super().__init__()
        self._words: set[str] = set()
        if user_dict is not None:
            with open(user_dict, encoding="utf-8") as lines:
                self._words = {line.strip() for line in lines if line.strip()}
        self.options = {"user_dict": user_dict or "none"}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [self._cut(text) for text in texts]

    def _cut(self, text: str) -> list[str]:
        words, start = [], 0
        while start < len(text):
            end = next((end for end in range(len(text), start + 1, -1)
                        if text[start:end] in self._words), start + 1)
            words.append(text[start:end])
            start = end
        return words
