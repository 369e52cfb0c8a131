"""evalkit: an evaluation harness for Chinese word segmentation.

The package root stays light (no numpy, jieba or pkuseg) so that
``evalkit --help`` is instant; the public API is in its modules:
``evalkit.corpus.read_corpus``, ``evalkit.compare.compare``,
``evalkit.metrics``.
"""

__version__ = "0.1.0"
