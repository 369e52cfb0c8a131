"""What the harness costs: evalkit compare against a bare script, -j 1 against -j 2,
and a cached re-run.

Usage: python benchmarks/harness_overhead.py [--repeat 5] [--conllu PATH]

1. On the UD test set, the wall time of `evalkit compare -s jieba --no-cache`
   against a bare Python script that imports jieba and segments the same
   units (both fresh processes, alternated, median of --repeat runs).
2. `evalkit compare -s jieba -s pkuseg -s thulac --no-cache` with -j 1 and -j 2.
3. The default `evalkit compare` on the seed, run once to fill a fresh cache,
   then timed again: every output comes from the cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evalkit.corpus import read_corpus

DEFAULT = (Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ud-chinese-gsdsimp"
           / "zh_gsdsimp-ud-test.conllu")
REPO = Path(__file__).resolve().parents[1]

BARE = """
import sys
import jieba
jieba.setLogLevel(60)
texts = open(sys.argv[1], encoding="utf-8").read().split("\\n")[:-1]
out = [jieba.lcut(t) for t in texts]
"""


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=REPO, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--conllu", type=Path, default=DEFAULT)
    args = parser.parse_args()
    evalkit = [sys.executable, "-m", "evalkit"]
    corpus = read_corpus(args.conllu)
    with tempfile.TemporaryDirectory() as folder:
        units = Path(folder, "units.txt")
        units.write_text("".join(u.text + "\n" for u in corpus.units), encoding="utf-8")
        bare_script = Path(folder, "bare.py")
        bare_script.write_text(BARE, encoding="utf-8")
        bare_cmd = [sys.executable, str(bare_script), str(units)]
        harness_cmd = [*evalkit, "compare", "--gold", str(args.conllu), "-s", "jieba",
                       "--no-cache", "--no-save", "-q"]
        bare, harness = [], []
        for _ in range(args.repeat):
            bare.append(wall(bare_cmd))
            harness.append(wall(harness_cmd))
        parent = [sys.executable, "-c", "import evalkit.cli, evalkit.compare, evalkit.corpus"]
        child = [sys.executable, "-c", "import evalkit.worker, evalkit.segmenters"]
        bare_start = statistics.median(wall([sys.executable, "-c", "pass"])
                                       for _ in range(args.repeat))
        startup = sum(statistics.median(wall(c) for _ in range(args.repeat))
                      for c in (parent, child)) - bare_start
        b, h = statistics.median(bare), statistics.median(harness)
        print(f"1. {corpus.name}, {len(corpus.units)} units, jieba, median of {args.repeat}:")
        print(f"   bare script        {b:6.2f} s")
        print(f"   evalkit compare    {h:6.2f} s   (+{h - b:.2f} s, ratio {h / b:.2f})")
        print(f"   start-up of evalkit's two processes beyond the bare one (parent with its "
              f"imports, worker): {startup:.2f} s")
        print(f"   the rest: +{h - b - startup:.2f} s = {(h - b - startup) / b:.1%} of the "
              "bare run (target: at most 10%)")

        three = [*evalkit, "compare", "--gold", str(args.conllu), "-s", "jieba", "-s",
                 "pkuseg", "-s", "thulac", "--no-cache", "--no-save", "-q"]
        one = statistics.median(wall([*three, "-j", "1"]) for _ in range(max(1, args.repeat // 2)))
        two = statistics.median(wall([*three, "-j", "2"]) for _ in range(max(1, args.repeat // 2)))
        print(f"2. jieba + pkuseg + thulac on {corpus.name} ({os.cpu_count()} cores):")
        print(f"   -j 1 {one:6.2f} s, -j 2 {two:6.2f} s: speed-up {one / two:.2f}x")

        env = {**os.environ, "XDG_CACHE_HOME": str(Path(folder, "cache"))}
        seed = [*evalkit, "compare", "--no-save", "-q"]
        cold = wall(seed, env)
        warm = statistics.median(wall(seed, env) for _ in range(args.repeat))
        print("3. default evalkit compare on the seed (every installed segmenter):")
        print(f"   first run {cold:6.2f} s, cached re-run {warm:6.2f} s (median of "
              f"{args.repeat})")


if __name__ == "__main__":
    main()
