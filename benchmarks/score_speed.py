"""Scoring speed and memory: exact span scoring and --sighan on 10^4..10^6 words.

Usage: python benchmarks/score_speed.py [--conllu PATH] [--sizes 10000 100000 1000000]

The UD test set's gold and jieba's segmentation of it are repeated until each
size is reached; the timing covers scoring only (both corpora already in
memory, segmenter not included): text checks and per-unit counts for the
default mode, GNU-diff alignment and counts for --sighan. Prints the best of
3 runs, the cost per word (it must not grow with size: scoring is linear),
and the peak memory that scoring allocates (tracemalloc, separate run).
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

from evalkit.compare import RunOptions, segment_with
from evalkit.corpus import Corpus, read_corpus
from evalkit.scoring import score_prediction
from evalkit.segmenters.spec import parse_spec
from evalkit.settings import Settings
from evalkit.sighan import Lines, score_sighan

DEFAULT = (Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ud-chinese-gsdsimp"
           / "zh_gsdsimp-ud-test.conllu")


def best_of(runs: int, job: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        job()
        timings.append(time.perf_counter() - start)
    return min(timings)


def peak_mib(job: Callable[[], object]) -> float:
    tracemalloc.start()
    job()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conllu", type=Path, default=DEFAULT)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()

    base = read_corpus(args.conllu)
    output = segment_with(base, parse_spec("jieba"), RunOptions())
    print(f"corpus: {args.conllu.name} ({len(base.units)} units, {base.word_count} words), "
          "prediction: jieba")
    print(f"{'words':>9} {'units':>7} {'mode':>7} {'seconds':>8} {'words/s':>11} "
          f"{'us/word':>8} {'peak MiB':>9}")
    for size in args.sizes:
        copies = -(-size // base.word_count)
        gold = Corpus(base.name, base.path, base.format, base.units * copies, base.sha256)
        predicted = output * copies
        words = gold.word_count
        gold_words = [list(u.words) for u in gold.units]
        predicted_words = [[t for t in u if t.strip()] for u in predicted]
        jobs: dict[str, Callable[[], object]] = {
            "exact": partial(score_prediction, gold, predicted, "jieba"),
            "sighan": partial(score_sighan, Lines("g", gold_words, ""),
                              Lines("p", predicted_words, ""), Settings()),
        }
        for mode, job in jobs.items():
            seconds = best_of(3, job)
            memory = peak_mib(job)
            print(f"{words:>9,} {len(gold.units):>7,} {mode:>7} {seconds:>8.3f} "
                  f"{words / seconds:>11,.0f} {seconds / words * 1e6:>8.2f} {memory:>9.1f}")


if __name__ == "__main__":
    main()
