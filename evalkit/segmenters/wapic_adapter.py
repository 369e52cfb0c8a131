"""Wapic (https://github.com/Ismantic/Wapic): a C++ linear-chain CRF, with the model
that the wapic-cws-model package ships."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from evalkit.segmenters.base import OptionParser, distribution_version, file_path, onto_text


class WapicSegmenter:
    """``wapic.Segmenter().segment``, one unit at a time on one core (its
    ``segment_batch`` spreads over every core, which would not compare with the
    others). Wapic drops most whitespace, so the tokens are laid back onto the text."""

    name = "wapic"
    package = "wapic"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"model": file_path("default")}

    def __init__(self, model: str = "default") -> None:
        import wapic

        self._segmenter = wapic.Segmenter(None if model == "default" else model)
        self.version = distribution_version(self.package)
        self.options = {"model": model}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [onto_text(text, self._segmenter.segment(text)) for text in texts]
