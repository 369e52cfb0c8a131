"""The names of the corpus formats, in a module light enough for ``--help``.

``corpus.py`` maps each input name to its reader and writes the output
formats; the command line offers exactly these names as choices.
"""

INPUT_FORMATS = ("pipe", "whitespace", "conllu", "tagged", "raw")
"""What ``read_corpus`` reads (``raw``: one unit per line, no segmentation)."""

OUTPUT_FORMATS = ("whitespace", "pipe", "tagged")
"""What ``format_units`` writes (``evalkit segment --format-out``)."""
