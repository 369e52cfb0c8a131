"""Stand-in segmenters for tests: each misbehaves in one documented way."""

from __future__ import annotations

from collections.abc import Sequence


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
