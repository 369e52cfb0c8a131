"""Every core busy: segmenting with -j 1 against -j 2 (and more), with shards.

Usage: python benchmarks/parallel_speed.py [-s SPEC ...] [--jobs 1 2] [--gold FILE ...]
                                           [--cli]

Default: snownlp on the four SIGHAN 2005 test sets (their gold files, whose
text is segmented). For each --jobs value the segmenters run through the
same pipeline as ``evalkit compare`` (``compare.run_specs``, no cache), and
printed are:

- the wall time of the segmenting phase and the speed-up against the first
  --jobs value (one run each: snownlp alone takes about 80 s; the figures
  move with the machine's load, printed before and after);
- from the run's own timings, which do not depend on how fast the machine
  was: the work (core-seconds every worker was alive: loading, segmenting,
  pipe), the scheduler's idle time (cores × wall − work: slots left empty
  while the run went on) and its share, and each segmenter's workers;
- a bound on how the run would scale: with P cores it cannot end sooner
  than max(work / P, a segmenter's load plus its longest shard), since a
  shard is the smallest piece a core takes.

--cli also times the whole ``evalkit compare --ci --paired`` command (reading,
segmenting, scoring, statistics) once per --jobs value, and prints the peak
resident memory of its parent process (VmHWM: the parent alone, not its workers)
and the sizes of the results.json, .md and .html it writes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import run_like_installed

from evalkit.corpus import read_corpus
from evalkit.pipeline import RunOptions, run_specs
from evalkit.runner import Outcome
from evalkit.segmenters import resolve
from evalkit.segmenters.spec import parse_spec

SHARED = Path(__file__).resolve().parents[2] / "shared"
BAKEOFF = SHARED / "mirror" / "yuikns" / "icwb2-data" / "873a51fa6234c644126d2f2c5c603a97809d2e49"
GOLD = [BAKEOFF / "gold" / name for name in ("as_testing_gold.utf8", "cityu_test_gold.utf8",
                                              "msr_test_gold.utf8", "pku_test_gold.utf8")]


PARENT_PEAK = """
import sys
from evalkit.cli import main
status = main(sys.argv[1:])
with open("/proc/self/status") as status_file:  # this process alone, not its workers
    peak = next(line.split()[1] for line in status_file if line.startswith("VmHWM:"))
print(f"{int(peak) / 1024:.0f} MB", file=sys.stderr)
sys.exit(status)
"""
"""``evalkit compare`` run by its own main, then the parent's peak resident memory."""


def load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def summary(outcomes: list[Outcome], jobs: int, wall: float) -> None:
    work = sum(end - start for o in outcomes for start, end in o.spans)
    idle = jobs * wall - work
    print(f"   work {work:7.1f} core-s, idle {idle:6.1f} core-s "
          f"({idle / (jobs * wall):.1%} of {jobs} x {wall:.1f} s)")
    floor = max((o.load_seconds + max(o.shard_seconds, default=0.0) for o in outcomes),
                default=0.0)
    bounds = ", ".join(f"{p} cores >= {max(work / p, floor):.1f} s" for p in (2, 4, 8, 16))
    print(f"   scaling bound: {bounds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--segmenter", action="append")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--gold", type=Path, nargs="+", default=GOLD)
    parser.add_argument("--cli", action="store_true")
    args = parser.parse_args()
    run_like_installed()
    texts = args.segmenter or ["snownlp"]
    specs = [resolve(parse_spec(s)) for s in texts]
    corpora = [read_corpus(path) for path in args.gold]
    chars = sum(c.char_count for c in corpora)
    print(f"{', '.join(s.label for s in specs)} on {len(corpora)} corpora "
          f"({chars:,} characters), {os.cpu_count()} cores")
    first: float | None = None
    for jobs in args.jobs:
        print(f"-j {jobs}: {load()}")
        start = time.perf_counter()
        outcomes = run_specs(corpora, specs, RunOptions(jobs=jobs))
        wall = time.perf_counter() - start
        first = first or wall
        print(f"   segmenting {wall:7.1f} s, speed-up {first / wall:.2f}x; {load()}")
        for spec, outcome in zip(specs, outcomes, strict=True):
            segmenting = sum(c.seconds or 0.0 for c in outcome.corpora.values())
            failed = [c.failure for c in outcome.corpora.values() if c.failure]
            print(f"   {spec.label:10} {outcome.workers} worker(s), load "
                  f"{outcome.load_seconds:.2f} s each, segmenting {segmenting:.1f} s summed "
                  f"over shards ({chars / segmenting if segmenting else 0:,.0f} chars/s)"
                  + (f"; FAILED: {failed[0]}" if failed or outcome.failure else ""))
        summary(outcomes, jobs, wall)
        if args.cli:
            out = tempfile.mkdtemp(prefix="evalkit-bench-")
            command = [sys.executable, "-c", PARENT_PEAK, "compare", "--ci", "--paired",
                       "-j", str(jobs), "--no-cache", "-q", "--out", out, "--report", "html",
                       *(x for s in texts for x in ("-s", s)),
                       *(x for g in args.gold for x in ("--gold", str(g)))]
            start = time.perf_counter()
            done = subprocess.run(command, check=False, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
            *said, peak = done.stderr.strip().split("\n")
            if done.returncode:
                print(f"   evalkit said: {said[0] if said else peak}")
            print(f"   whole evalkit compare --ci --paired: "
                  f"{time.perf_counter() - start:.1f} s, exit {done.returncode}, parent "
                  f"process peak {peak}; {load()}")
            sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.2f} MB"
                              for p in sorted(Path(out).glob("results.*")))
            print(f"   written: {sizes}")
            shutil.rmtree(out)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
