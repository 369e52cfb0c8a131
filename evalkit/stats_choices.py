"""The choices of the statistics options, in a module light enough for ``--help``
(no imports at all).

``stats_options.StatsOptions`` accepts exactly these names, and the command line
offers them as the choices of ``--test`` and ``--correction``.
"""

TESTS = ("bootstrap", "ar")
"""Paired tests: the paired bootstrap and approximate randomization."""

CORRECTIONS = ("holm", "bh", "none")
"""Multiple-comparison corrections: Holm, Benjamini-Hochberg, none."""
