"""jieba (https://github.com/fxsjy/jieba) in accurate mode."""

from __future__ import annotations

import logging
from collections.abc import Sequence


class JiebaSegmenter:
    """jieba's accurate mode (``lcut``), HMM for unknown words on by default."""

    name = "jieba"
    package = "jieba"

    def __init__(self, hmm: bool = True) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)  # its start-up notes are not results
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        self._hmm = hmm
        self.version: str = jieba.__version__
        self.options = {"mode": "accurate", "hmm": str(hmm).lower()}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [self._tokenizer.lcut(text, HMM=self._hmm) for text in texts]
