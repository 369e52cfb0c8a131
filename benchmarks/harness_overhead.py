"""What the harness costs: evalkit compare against a bare script doing the same work,
-j 1 against -j 2, and a cached re-run.

Usage: python benchmarks/harness_overhead.py [--runs 7] [--conllu PATH]

1. On the UD test set: the wall time of ``evalkit compare -s jieba --no-cache``
   against a bare Python script that imports jieba, builds its tokenizer and
   segments the same units. Both run as fresh processes, alternated, --runs
   times. The whole overhead is the harness's wall time minus the bare one's,
   paired run by run; printed are the median of those differences with
   their spread (min-max), and the median ratio. Both sides also report, from
   inside, how long loading and segmenting took, so the overhead is split
   into what is measured in the same runs (no subtraction of medians taken
   elsewhere): the segmenter's own work on each side, and the rest (Python
   start-up, evalkit's imports, the worker process and its pipe, reading the
   gold, scoring, printing).
2. ``evalkit compare -s jieba -s pkuseg -s thulac --no-cache`` with -j 1 and
   -j 2, alternated, median and spread of --runs // 2 runs (at least 1).
3. The default ``evalkit compare`` on the seed, run once to fill a fresh
   cache, then timed --runs times: every output comes from the cache.

The machine may be shared: the load average is printed with each part, and
only the paired differences and ratios mean much when it is high.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import run_like_installed

from evalkit.corpus import read_corpus

DEFAULT = (Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ud-chinese-gsdsimp"
           / "zh_gsdsimp-ud-test.conllu")
REPO = Path(__file__).resolve().parents[1]

BARE = """
import json, sys, time
start = time.perf_counter()
import jieba

jieba.setLogLevel(60)
tokenizer = jieba.Tokenizer()
tokenizer.initialize()
loaded = time.perf_counter()
texts = open(sys.argv[1], encoding="utf-8").read().split("\\n")[:-1]
out = [tokenizer.lcut(t) for t in texts]
done = time.perf_counter()
print(json.dumps({"load": loaded - start, "segment": done - loaded}))
"""


def wall(command: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, cwd=REPO, env=env, text=True)
    return time.perf_counter() - start, done.stdout


def spread(values: list[float], unit: str = "s") -> str:
    return (f"{statistics.median(values):6.2f} {unit} (min {min(values):.2f}, "
            f"max {max(values):.2f})")


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def overhead(args: argparse.Namespace, folder: Path, evalkit: list[str]) -> None:
    corpus = read_corpus(args.conllu)
    units = Path(folder, "units.txt")
    units.write_text("".join(u.text + "\n" for u in corpus.units), encoding="utf-8")
    bare_script = Path(folder, "bare.py")
    bare_script.write_text(BARE, encoding="utf-8")
    bare_cmd = [sys.executable, str(bare_script), str(units)]
    harness_cmd = [*evalkit, "compare", "--gold", str(args.conllu), "-s", "jieba",
                   "--no-cache", "--no-save", "-q", "--json"]
    bare, harness, inside_bare, inside_harness = [], [], [], []
    for _ in range(args.runs):
        seconds, out = wall(bare_cmd)
        bare.append(seconds)
        report = json.loads(out)
        inside_bare.append(report["load"] + report["segment"])
        seconds, out = wall(harness_cmd)
        harness.append(seconds)
        document = json.loads(out)
        inside_harness.append(document["segmenters"][0]["timing"]["load_seconds"]
                              + document["results"][0]["timing"]["segment_seconds"])
    differences = [h - b for h, b in zip(harness, bare, strict=True)]
    ratios = [h / b for h, b in zip(harness, bare, strict=True)]
    work = [h - b for h, b in zip(inside_harness, inside_bare, strict=True)]
    rest = [d - w for d, w in zip(differences, work, strict=True)]
    b = statistics.median(bare)
    print(f"1. {corpus.name}, {len(corpus.units)} units, jieba, {args.runs} runs "
          f"alternated ({load()}):")
    print(f"   bare script       {spread(bare)}")
    print(f"   evalkit compare   {spread(harness)}")
    print(f"   whole overhead    {spread(differences)} per run = "
          f"{statistics.median(differences) / b:.0%} of the bare run "
          f"(ratio {spread(ratios, 'x')})")
    print(f"   of which loading + segmenting differ by {spread(work)}")
    print(f"   and the rest (start-up, imports, worker and pipe, reading, scoring, "
          f"printing) is {spread(rest)}")


def parallel(args: argparse.Namespace, evalkit: list[str]) -> None:
    three = [*evalkit, "compare", "--gold", str(args.conllu), "-s", "jieba", "-s",
             "pkuseg", "-s", "thulac", "--no-cache", "--no-save", "-q"]
    one, two = [], []
    for _ in range(max(1, args.runs // 2)):
        one.append(wall([*three, "-j", "1"])[0])
        two.append(wall([*three, "-j", "2"])[0])
    print(f"2. jieba + pkuseg + thulac on the same units ({os.cpu_count()} cores, {load()}):")
    print(f"   -j 1 {spread(one)}, -j 2 {spread(two)}: speed-up "
          f"{statistics.median(one) / statistics.median(two):.2f}x (ratio of medians)")


def cached(args: argparse.Namespace, folder: Path, evalkit: list[str]) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(Path(folder, "cache"))}
    seed = [*evalkit, "compare", "--no-save", "-q"]
    cold = wall(seed, env)[0]
    warm = [wall(seed, env)[0] for _ in range(args.runs)]
    print(f"3. default evalkit compare on the seed, every installed segmenter ({load()}):")
    print(f"   first run {cold:6.2f} s, cached re-run {spread(warm)} ({args.runs} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--conllu", type=Path, default=DEFAULT)
    args = parser.parse_args()
    run_like_installed()
    evalkit = [sys.executable, "-m", "evalkit"]
    with tempfile.TemporaryDirectory() as folder:
        overhead(args, Path(folder), evalkit)
        parallel(args, evalkit)
        cached(args, Path(folder), evalkit)


if __name__ == "__main__":
    main()
