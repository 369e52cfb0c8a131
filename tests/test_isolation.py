"""Every way a segmenter can misbehave costs one row: real crashing, hanging, lying
segmenters run through the CLI, each in its own worker process."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from evalkit.cli import Exit, main
from evalkit.errors import UsageError
from evalkit.messages import Job
from evalkit.runner import Runner
from evalkit.segmenters.spec import Spec, parse_spec

GOLD_TEXT = "中国 人民\n北京 大学\n"


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.txt"
    path.write_text(GOLD_TEXT, encoding="utf-8")
    return path


def script(tmp_path: Path, name: str, body: str) -> str:
    """A ``cmd:`` spec running a small Python program."""
    path = tmp_path / f"{name}.py"
    path.write_text("import sys\n" + body, encoding="utf-8")
    return f"{name}=cmd:{sys.executable} {path}"


def compare(capfd: pytest.CaptureFixture[str], gold: Path, *args: str,
            status: int = Exit.SEGMENTER_FAILED) -> tuple[dict[str, Any], str]:
    """Run compare with a healthy py: segmenter beside the given ones; return the
    results document and stderr."""
    code = main(["compare", "--gold", str(gold), "-s", "ok=py:tests.fakes:words", *args,
                 "--json", "--no-save", "--no-cache"])
    captured = capfd.readouterr()
    assert code == status, captured.err
    assert "Traceback" not in captured.err
    document = json.loads(captured.out)
    assert any(r["segmenter"] == "ok" for r in document["results"])  # never taken down
    return document, captured.err


def reason(document: dict[str, Any], name: str) -> str:
    found = [str(f["reason"]) for f in document["failures"] if f["segmenter"] == name]
    assert len(found) == 1, document["failures"]
    assert not any(r["segmenter"] == name for r in document["results"])  # no wrong score
    return found[0]


def test_well_behaved_command(capfd: pytest.CaptureFixture[str], gold: Path,
                              tmp_path: Path) -> None:
    spec = script(tmp_path, "split", "for line in sys.stdin:\n"
                  "    print(' '.join(line.strip()))\n")
    document, _ = compare(capfd, gold, "-s", spec, status=Exit.OK)
    row = next(r for r in document["results"] if r["segmenter"] == "split")
    assert row["counts"]["predicted_words"] == 8


@pytest.mark.parametrize(("body", "expected"), [
    ("sys.stderr.write('boom\\n'); sys.exit(3)\n", "exited with status 3: boom"),
    ("print('中国 人民')\n", "printed 1 lines for 2 units"),
    ("for line in sys.stdin:\n    print(line.strip().replace('人', '入'))\n",
     "unit 1 (line 1): output differs from the gold text at offset 2"),
])
def test_misbehaving_command(capfd: pytest.CaptureFixture[str], gold: Path, tmp_path: Path,
                             body: str, expected: str) -> None:
    document, err = compare(capfd, gold, "-s", script(tmp_path, "bad", body))
    assert expected in reason(document, "bad")
    assert f"segmenter 'bad' on gold: {reason(document, 'bad')}" in err


def test_missing_command(capfd: pytest.CaptureFixture[str], gold: Path) -> None:
    document, _ = compare(capfd, gold, "-s", "gone=cmd:/no/such/segmenter --stdin")
    assert reason(document, "gone") == "command not found: /no/such/segmenter"


def test_hanging_command_times_out(capfd: pytest.CaptureFixture[str], gold: Path,
                                   tmp_path: Path) -> None:
    spec = script(tmp_path, "slow", "import time\ntime.sleep(600)\n")
    document, _ = compare(capfd, gold, "-s", spec, "--timeout", "3")
    assert reason(document, "slow") == "timed out after 3 s (--timeout)"


@pytest.mark.parametrize(("spec", "expected"), [
    ("py:no_such_module:cut", "cannot be imported (No module named 'no_such_module')"),
    ("py:tests.fakes:not_a_list", "returned str for unit 1; it must return a list of strings"),
    ("py:tests.fakes:segfault", "worker crashed: killed by SIGSEGV"),
])
def test_misbehaving_callable(capfd: pytest.CaptureFixture[str], gold: Path, spec: str,
                              expected: str) -> None:
    document, _ = compare(capfd, gold, "-s", f"bad={spec}")
    assert reason(document, "bad") == expected


def test_memory_limit(capfd: pytest.CaptureFixture[str], gold: Path) -> None:
    document, _ = compare(capfd, gold, "-s", "hog=py:tests.fakes:hog",
                          "--memory-limit", "1000")
    assert reason(document, "hog") == "out of memory (--memory-limit 1000 MB)"


def test_precomputed_file(capfd: pytest.CaptureFixture[str], gold: Path,
                          tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("中国 人 民\n北京大学\n", encoding="utf-8")
    short = tmp_path / "short.txt"
    short.write_text("中国 人民\n", encoding="utf-8")
    document, _ = compare(capfd, gold, "-s", f"good=file:{good}", "-s", f"short=file:{short}")
    row = next(r for r in document["results"] if r["segmenter"] == "good")
    assert row["counts"]["correct_words"] == 1
    assert reason(document, "short") == f"{short} has 1 units but the gold (gold) has 2"


def test_rows_keep_request_order_whatever_finishes_first(
        capfd: pytest.CaptureFixture[str], gold: Path, tmp_path: Path) -> None:
    slow = script(tmp_path, "slow", "import time\ntime.sleep(2)\n"
                  "for line in sys.stdin:\n    print(' '.join(line.strip()))\n")
    code = main(["compare", "--gold", str(gold), "-s", slow, "-s", "fast=py:tests.fakes:words",
                 "-j", "2", "--json", "--no-save", "--no-cache"])
    assert code == Exit.OK
    document = json.loads(capfd.readouterr().out)
    assert [r["segmenter"] for r in document["results"]] == ["slow", "fast"]
    assert document["requested"] == ["slow", "fast"]


def test_fail_fast_stops_the_rest(capfd: pytest.CaptureFixture[str], gold: Path) -> None:
    code = main(["compare", "--gold", str(gold), "-s", "bad=py:tests.fakes:segfault",
                 "-s", "ok=py:tests.fakes:words", "-j", "1", "--fail-fast", "--json",
                 "--no-save", "--no-cache"])
    assert code == Exit.SEGMENTER_FAILED
    document = json.loads(capfd.readouterr().out)
    assert reason(document, "ok") == "not run (--fail-fast after a failure)"


def test_timing_protocol_and_machine(capfd: pytest.CaptureFixture[str], gold: Path) -> None:
    document, _ = compare(capfd, gold, status=Exit.OK)
    timing = document["segmenters"][0]["timing"]
    assert timing["load_seconds"] >= 0 and timing["peak_rss_mb"] > 10
    assert timing["cached"] is False
    row = document["results"][0]["timing"]
    assert row["segment_seconds"] > 0 and row["units_per_second"] > 0
    assert row["chars_per_second"] == pytest.approx(row["units_per_second"] * 8 / 2)
    assert set(document["machine"]) >= {"cpu", "cores", "os", "python"}


def counted_run(capfd: pytest.CaptureFixture[str], gold: Path, cache: Path,
                counter: Path, *extra: str) -> tuple[int, str, dict[str, Any]]:
    before = counter.read_text(encoding="utf-8").count("\n") if counter.exists() else 0
    assert main(["compare", "--gold", str(gold), "-s", "counting", "--cache-dir", str(cache),
                 "--json", "--no-save", *extra]) == Exit.OK
    captured = capfd.readouterr()
    after = counter.read_text(encoding="utf-8").count("\n") if counter.exists() else 0
    return after - before, captured.err, json.loads(captured.out)


def test_cache_reuses_detects_corruption_and_can_be_bypassed(
        capfd: pytest.CaptureFixture[str], gold: Path, tmp_path: Path,
        fake_segmenters: None, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = tmp_path / "counter"
    monkeypatch.setenv("EVALKIT_TEST_COUNTER", str(counter))
    cache = tmp_path / "cache"
    loads, _, first = counted_run(capfd, gold, cache, counter)
    assert loads == 1
    loads, err, second = counted_run(capfd, gold, cache, counter)
    assert loads == 0  # no segmenter ran
    assert "counting: every output taken from the cache (no segmenter run" in err
    assert second["segmenters"][0]["timing"]["cached"] is True
    assert second["results"][0]["counts"] == first["results"][0]["counts"]
    entry = next(cache.rglob("*.json"))
    entry.write_text(entry.read_text(encoding="utf-8")[:-40], encoding="utf-8")  # truncate
    loads, err, third = counted_run(capfd, gold, cache, counter)
    assert loads == 1 and "is corrupt or truncated; recomputing it" in err
    assert third["results"][0]["counts"] == first["results"][0]["counts"]
    loads, _, _ = counted_run(capfd, gold, cache, counter, "--no-cache")
    assert loads == 1
    tampered = json.loads(entry.read_text(encoding="utf-8"))
    tampered["payload"]["units"][0] = ["中国人民"]  # content that no longer fits its checksum
    entry.write_text(json.dumps(tampered), encoding="utf-8")
    loads, err, fourth = counted_run(capfd, gold, cache, counter)
    assert loads == 1 and "corrupt" in err
    assert fourth["results"][0]["counts"] == first["results"][0]["counts"]


PLUGIN = '''
class Segmenter:
    name = "bigram"
    package = "evalkit-testplugin"
    version = "1.0"
    OPTIONS = {}

    def __init__(self):
        self.options = {}

    def segment(self, texts):
        return [[t[i:i + 2] for i in range(0, len(t), 2)] for t in texts]
'''


def test_entry_point_plugin_is_listed_and_scored(
        capfd: pytest.CaptureFixture[str], gold: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A package registering under the ``evalkit.segmenters`` entry-point group."""
    site = tmp_path / "site"
    (site / "evalkit_testplugin").mkdir(parents=True)
    (site / "evalkit_testplugin" / "__init__.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "evalkit_testplugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: evalkit-testplugin\n"
                                   "Version: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[evalkit.segmenters]\nbigram = evalkit_testplugin:Segmenter\n", encoding="utf-8")
    (info / "top_level.txt").write_text("evalkit_testplugin\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    assert main(["segmenters"]) == 0
    listed = [line.split() for line in capfd.readouterr().out.splitlines()]
    assert ["bigram", "evalkit-testplugin", "1.0", "yes", "plugin", "from",
            "evalkit-testplugin", "not", "declared"] in listed
    assert main(["compare", "--gold", str(gold), "-s", "bigram", "--json", "--no-save",
                 "--no-cache"]) == Exit.OK
    document = json.loads(capfd.readouterr().out)
    assert document["results"][0]["counts"]["correct_words"] == 4


@pytest.mark.parametrize(("text", "expected"), [
    ("jieba", Spec("jieba", "registered", "jieba")),
    ("jieba:hmm=false", Spec("jieba:hmm=false", "registered", "jieba", (("hmm", "false"),))),
    ("nohmm=jieba:hmm=false", Spec("nohmm", "registered", "jieba", (("hmm", "false"),))),
    ("pkuseg:user_dict=words.txt,model_name=default",
     Spec("pkuseg:user_dict=words.txt,model_name=default", "registered", "pkuseg",
          (("user_dict", "words.txt"), ("model_name", "default")))),
    ("mine=cmd:./seg --stdin --x=1", Spec("mine", "cmd", "./seg --stdin --x=1")),
    ("mine=py:mypkg.seg:cut", Spec("mine", "py", "mypkg.seg:cut")),
    ("file:out/mine.txt", Spec("file:out/mine.txt", "file", "out/mine.txt")),
])
def test_spec_syntax(text: str, expected: Spec) -> None:
    assert parse_spec(text) == expected
    assert parse_spec(expected.text()) == expected  # written out again, it reads the same


@pytest.mark.parametrize(("args", "message"), [
    (["-s", "jieba:colour=red"], "segmenter 'jieba' has no option 'colour'; valid options: hmm"),
    (["-s", "jieba:hmm=maybe"], "'maybe' is not a yes/no value"),
    (["-s", "jieba:user_dict=nofile.txt"],
     "segmenter 'jieba', option user_dict=nofile.txt: nofile.txt: no such file"),
    (["-s", "jieba:hmm"], "option 'hmm' is not key=value"),
    (["-s", "cmd:"], "nothing after 'cmd:'"),
    (["-s", "jieba", "-s", "jieba"], "segmenter 'jieba' is given twice; give one an alias"),
    (["-s", "x=nosuch"], "unknown segmenter 'nosuch'"),
])
def test_bad_specs_are_usage_errors(capfd: pytest.CaptureFixture[str], gold: Path,
                                    args: list[str], message: str) -> None:
    assert main(["compare", "--gold", str(gold), *args, "--no-save"]) == Exit.USAGE
    err = capfd.readouterr().err
    assert message in err and err.count("\n") == 1


def test_usage_error_type() -> None:
    with pytest.raises(UsageError):
        parse_spec("9bad")


def test_progress_bar_only_when_asked(capfd: pytest.CaptureFixture[str]) -> None:
    """The CLI asks for bars only when stderr is a terminal and --quiet is not given."""
    from evalkit.progress import Bars

    job = Job("chars", "tests.fakes:CharSegmenter", {}, [("c", ["中国人民"] * 120)])
    [outcome] = Runner(1, progress=Bars()).run([job])
    assert outcome.corpora[0].units is not None
    assert "chars" in capfd.readouterr().err  # tqdm drew a bar named after the segmenter
    Runner(1).run([job])
    assert capfd.readouterr().err == ""


def test_quiet_runs_are_silent(capfd: pytest.CaptureFixture[str], gold: Path) -> None:
    assert main(["compare", "--gold", str(gold), "-s", "ok=py:tests.fakes:words",
                 "--no-save", "--no-cache", "-q"]) == Exit.OK
    assert capfd.readouterr().err == ""




@pytest.mark.parametrize("spec", ["jieba:user_dict={}", "thulac:user_dict={}",
                                  "jiojio:user_dict={}", "pkuseg:user_dict={}",
                                  "wapic:model={}"])
def test_a_missing_file_option_fails_at_spec_checking(tmp_path: Path, spec: str) -> None:
    """Regression: a missing user dictionary failed in the worker, as the library's
    FileNotFoundError; every file-valued option is declared so, and checked first."""
    from evalkit.segmenters import resolve

    missing = tmp_path / "nofile.txt"
    with pytest.raises(UsageError, match=f"{missing}: no such file"):
        resolve(parse_spec(spec.format(missing)))
    with pytest.raises(UsageError, match="is a folder, not a file"):
        resolve(parse_spec(spec.format(tmp_path)))
    present = tmp_path / "words.txt"
    present.write_text("中国人民 10\n", encoding="utf-8")
    assert resolve(parse_spec(spec.format(present))).options
