"""jiojio (https://github.com/dongrixinyu/jiojio): a CRF with C extensions and the
model shipped in its wheel. GPL-3; about 2.1 GB of memory and 16 s to load."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from evalkit.segmenters.base import OptionParser, distribution_version, file_path


class JiojioSegmenter:
    """``jiojio.init(); jiojio.cut(text)``, with an optional user dictionary (one
    word a line, optionally a tab and a weight).

    Its rule mode (``cws_rule``: e-mail addresses, URLs, ID numbers) is not
    offered: in 1.2.8 it returns a dict instead of a word when a match ends the text.
    """

    name = "jiojio"
    package = "jiojio"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"user_dict": file_path()}

    def __init__(self, user_dict: str | None = None) -> None:
        import jiojio

        jiojio.init(cws_user_dict=user_dict)
        self._cut = jiojio.cut
        self.version = distribution_version(self.package)
        self.options = {"user_dict": user_dict or "none"}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [list(self._cut(text)) for text in texts]
