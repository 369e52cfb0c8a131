"""jieba (https://github.com/fxsjy/jieba) in accurate mode."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from typing import ClassVar

from evalkit.segmenters.base import OptionParser, boolean, distribution_version, file_path


class JiebaSegmenter:
    """jieba's accurate mode (``lcut``), HMM for unknown words on by default."""

    name = "jieba"
    package = "jieba"
    module = "jieba"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"hmm": boolean, "user_dict": file_path()}

    def __init__(self, hmm: bool = True, user_dict: str | None = None) -> None:
        library = importlib.import_module(self.module)
        library.setLogLevel(logging.WARNING)  # its start-up notes are not results
        self._tokenizer = library.Tokenizer()
        self._tokenizer.initialize()
        if user_dict is not None:
            self._tokenizer.load_userdict(user_dict)
        self._hmm = hmm
        self.version = distribution_version(self.package)
        self.options = {"mode": "accurate", "hmm": str(hmm).lower(),
                        "user_dict": user_dict or "none"}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [self._tokenizer.lcut(text, HMM=self._hmm) for text in texts]
