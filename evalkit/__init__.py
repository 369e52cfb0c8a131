"""evalkit: an evaluation harness for Chinese word segmentation.

The public API, for notebooks and other tools (the command line makes the
same calls):

- ``evalkit.score(gold, pred, ...)``: a prediction file scored against its gold;
- ``evalkit.compare(gold, segmenters, ...)``: segmenters run on gold corpora
  and scored;
- ``evalkit.read_corpus(path, ...)``: a gold or prediction file as a Corpus;
- ``evalkit.datasets``: the registered benchmark corpora.

The package root stays light (no numpy, jieba or pkuseg) so that
``evalkit --help`` is instant: these names are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evalkit import datasets
    from evalkit.api import compare, read_corpus, score

__version__ = "0.1.0"

__all__ = ["compare", "datasets", "read_corpus", "score"]

_API = {"compare": "evalkit.api", "read_corpus": "evalkit.api", "score": "evalkit.api"}

if not TYPE_CHECKING:  # type checkers see the imports above, so a misspelt name is caught
    def __getattr__(name: str) -> Any:
        if name == "datasets":
            return importlib.import_module("evalkit.datasets")
        if name not in _API:
            raise AttributeError(f"module 'evalkit' has no attribute {name!r}")
        return getattr(importlib.import_module(_API[name]), name)
