"""jieba_fast (https://github.com/deepcs233/jieba_fast): jieba's algorithm with C loops."""

from __future__ import annotations

from evalkit.segmenters.jieba_adapter import JiebaSegmenter


class JiebaFastSegmenter(JiebaSegmenter):
    """jieba_fast's accurate mode, HMM on by default; same API as jieba."""

    name = "jieba_fast"
    package = "jieba-fast"
    module = "jieba_fast"
