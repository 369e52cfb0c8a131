"""Statistics speed: bootstrap intervals and paired tests for 7 systems on ~10^5 words.

Usage: python benchmarks/stats_speed.py [--words 100000] [--systems 7]
                                        [--resamples 1000] [--runs 5]

The UD test set's gold is repeated until it holds --words words (statistics
resample sentences, so repetition changes the size, not the kind of work).
Each of the --systems systems is the gold with every (k + 2)-th word merged
into the word before it, k = 0, 1, ... (a different error rate per system;
no segmenter runs: this times statistics only, on real per-sentence counts
made by evalkit.metrics). Timed: stats.analyse with 95% intervals for every
system and paired tests between every pair (plus the ranks), once with the
paired bootstrap and once with approximate randomization; printed is the
median of --runs runs with its spread (min-max).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from evalkit.corpus import read_corpus
from evalkit.metrics import count
from evalkit.results import CorpusInfo, Results, RowResult, SystemInfo
from evalkit.stats import analyse
from evalkit.stats_options import StatsOptions

DEFAULT = (Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ud-chinese-gsdsimp"
           / "zh_gsdsimp-ud-test.conllu")


def segmentation(words: list[str], system: int) -> list[str]:
    """The gold with every (system + 2)-th word merged into the one before it."""
    out: list[str] = []
    for index, word in enumerate(words):
        if out and index % (system + 2) == 0:
            out[-1] += word
        else:
            out.append(word)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--systems", type=int, default=7)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--conllu", type=Path, default=DEFAULT)
    args = parser.parse_args()
    base = read_corpus(args.conllu)
    copies = -(-args.words // base.word_count)
    gold = [list(u.words) for u in base.units] * copies
    rows = []
    for system in range(args.systems):
        counted = count(gold, [segmentation(words, system) for words in gold])
        rows.append(RowResult("c", f"s{system}", counted.units, counted.sentences))
    corpus = CorpusInfo("c", "c", "conllu", "", len(gold), sum(map(len, gold)), 0)
    results = Results([corpus], [SystemInfo(r.segmenter, "", "", {}, 0.0) for r in rows],
                      rows, requested=[r.segmenter for r in rows])
    sentences = len(rows[0].per_sentence)
    print(f"{corpus.words:,} words, {sentences:,} sentences, {args.systems} systems, "
          f"{args.resamples} resamples")
    for test in ("bootstrap", "ar"):
        options = StatsOptions(level=0.95, paired=True, test=test, resamples=args.resamples)
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            analyse(results, options)
            timings.append(time.perf_counter() - start)
        print(f"--ci --paired --test {test}: median {statistics.median(timings):.2f} s "
              f"(min {min(timings):.2f}, max {max(timings):.2f}, {args.runs} runs)")

if __name__ == "__main__":
    main()
