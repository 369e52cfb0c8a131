"""How fast evalkit reads and scores: words per second on the UD corpus, repeated.

Usage: python benchmarks/score_speed.py [--repeat 20] [--conllu PATH]

Scores the gold against a character-split prediction (the worst case for
span sets), so no segmenter time is included. Prints the best of 5 runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from evalkit.compare import score_prediction
from evalkit.corpus import Corpus, read_corpus

DEFAULT = (Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ud-chinese-gsdsimp"
           / "zh_gsdsimp-ud-test.conllu")


def best_of(runs: int, job: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="copies of the corpus")
    parser.add_argument("--conllu", type=Path, default=DEFAULT)
    args = parser.parse_args()

    read_seconds = best_of(5, lambda: read_corpus(args.conllu))
    base = read_corpus(args.conllu)
    corpus = Corpus(base.name, base.path, base.format, base.units * args.repeat, base.sha256)
    predicted = [list("".join(unit.words)) for unit in corpus.units]
    score_seconds = best_of(5, lambda: score_prediction(corpus, predicted, "chars"))
    words = corpus.word_count
    print(f"read   {args.conllu.name}: {len(base.units)} units, {base.word_count} words "
          f"in {read_seconds * 1000:.1f} ms ({base.word_count / read_seconds:,.0f} words/s)")
    print(f"score  {len(corpus.units)} units, {words} gold words, "
          f"{sum(map(len, predicted))} predicted: {score_seconds * 1000:.1f} ms "
          f"({words / score_seconds:,.0f} gold words/s)")


if __name__ == "__main__":
    main()
