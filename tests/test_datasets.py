"""Registered corpora: fetching, verifying, the store, mirrors, offline mode, names.

Every download here comes from a loopback HTTP server (127.0.0.1) or a
file:// mirror in a temporary directory, serving fixture corpora that have
registry records of their own.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evalkit.cli import Exit, main
from evalkit.datasets import FetchOptions, fetch_dataset, resolve_gold
from evalkit.datasets import catalogue as catalogue_module
from evalkit.datasets.fetch import (
    environment_mirror,
    environment_offline,
    fetch_file,
    source_url,
    store_path,
)
from evalkit.errors import InputError, UsageError
from tests import dataset_fixtures as fx
from tests.conftest import REPO

pytest_plugins = ["pytester"]


def options(store: Path, mirror: str | None = None, offline: bool = False,
            said: list[str] | None = None) -> FetchOptions:
    heard = said if said is not None else []
    return FetchOptions(store, mirror, offline, note=heard.append, terms=heard.append)


def leftovers(store: Path) -> list[str]:
    """Temporary download files left in the store (there must never be any)."""
    return sorted(p.name for p in store.rglob("*.part"))


def test_mirror_rule_is_base_plus_the_canonical_path() -> None:
    file = fx.data_file("gold")
    assert source_url(file, None) == file.url
    assert source_url(file, "file:///srv/mirror/") == \
        f"file:///srv/mirror/owner/repo/{fx.COMMIT}/gold/tiny_gold.utf8"
    assert source_url(file, "http://127.0.0.1:8000/base") == \
        f"http://127.0.0.1:8000/base/owner/repo/{fx.COMMIT}/gold/tiny_gold.utf8"


def test_store_is_laid_out_by_the_mirror_rule(tmp_path: Path) -> None:
    """So a store can serve as another machine's file:// mirror."""
    assert store_path(fx.data_file("raw"), tmp_path) == \
        tmp_path / "owner" / "repo" / fx.COMMIT / "testing" / "tiny_test.utf8"


def test_download_verifies_and_keeps_every_file(tmp_path: Path) -> None:
    said: list[str] = []
    with fx.loopback_server() as server:
        paths = fetch_dataset(fx.tiny(), options(tmp_path, server.base, said=said))
    assert {role: path.read_bytes() for role, path in paths.items()} == \
        {role: content for role, (_, content) in fx.FILES.items()}
    assert leftovers(tmp_path) == []
    assert said[0].startswith("terms of fixture/tiny (fixture licence): FIXTURE TERMS")
    assert sum("downloading" in line for line in said) == 3


def test_cache_hit_makes_no_request_and_shows_no_terms(tmp_path: Path) -> None:
    with fx.loopback_server() as server:
        fetch_dataset(fx.tiny(), options(tmp_path, server.base))
        said: list[str] = []
        fetch_dataset(fx.tiny(), options(tmp_path, server.base, said=said))
    assert len(server.requests) == 3
    assert said == []


@pytest.mark.parametrize(("kind", "message"), [
    ("corrupt", "SHA-256 "),
    ("truncate", "(truncated): 20 bytes where 40 were expected"),
    ("404", "HTTP 404 Not Found"),
    ("hangup", "is not the registered one (truncated): 20 bytes where 40"),
])
def test_bad_downloads_are_refused_and_nothing_is_kept(tmp_path: Path, kind: str,
                                                       message: str) -> None:
    with fx.loopback_server() as server:
        server.behaviours[fx.url_path("gold")] = fx.Behaviour(kind)
        with pytest.raises(InputError) as caught:
            fetch_dataset(fx.tiny(), options(tmp_path, server.base))
    text = str(caught.value)
    assert message in text
    assert text.startswith(server.base + fx.url_path("gold"))  # names the URL
    assert "evalkit datasets download fixture/tiny" in text     # and what to do
    assert not store_path(fx.data_file("gold"), tmp_path).exists()
    assert leftovers(tmp_path) == []


def test_two_processes_fetching_at_once_end_with_one_good_copy(tmp_path: Path) -> None:
    """The second process waits on the lock, then finds the first one's copy."""
    script = ("import sys; from pathlib import Path; from tests import dataset_fixtures as fx; "
              "from evalkit.datasets import FetchOptions; "
              "from evalkit.datasets.fetch import fetch_file; "
              "d = fx.tiny(); "
              "print(fetch_file(d, d.gold, FetchOptions(Path(sys.argv[2]), sys.argv[1])))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with fx.loopback_server() as server:
        server.behaviours[fx.url_path("gold")] = fx.Behaviour(delay=1.0)
        workers = [subprocess.Popen([sys.executable, "-c", script, server.base, str(tmp_path)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    env=env) for _ in range(2)]
        outputs = [worker.communicate(timeout=60) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    gold = store_path(fx.data_file("gold"), tmp_path)
    assert {out.strip() for out, _ in outputs} == {str(gold)}
    assert gold.read_bytes() == fx.FILES["gold"][1]
    assert server.requests.count(fx.url_path("gold")) == 1
    assert leftovers(tmp_path) == []


def test_interrupted_download_leaves_nothing_behind(tmp_path: Path) -> None:
    """SIGTERM in the middle of a download: no store file, no temporary file."""
    script = ("import sys; from pathlib import Path; from tests import dataset_fixtures as fx; "
              "from evalkit.datasets import FetchOptions; "
              "from evalkit.datasets.fetch import fetch_file; "
              "from evalkit.interrupt import Interrupted, stop_on_signals; d = fx.tiny()\n"
              "try:\n"
              "    with stop_on_signals():\n"
              "        fetch_file(d, d.gold, FetchOptions(Path(sys.argv[2]), sys.argv[1]))\n"
              "except Interrupted as stop:\n"
              "    sys.exit(stop.status)\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with fx.loopback_server() as server:
        server.behaviours[fx.url_path("gold")] = fx.Behaviour(delay=20.0)
        worker = subprocess.Popen([sys.executable, "-c", script, server.base, str(tmp_path)],
                                  env=env, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while not leftovers(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.05)  # wait until the first half of the file is being written
        assert leftovers(tmp_path), "the download never started"
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=30)
    assert worker.returncode == 128 + signal.SIGTERM, err
    assert leftovers(tmp_path) == []
    assert not store_path(fx.data_file("gold"), tmp_path).exists()


def test_file_mirror_serves_the_same_files(tmp_path: Path) -> None:
    mirror = fx.write_mirror(tmp_path / "mirror")
    paths = fetch_dataset(fx.tiny(), options(tmp_path / "store", mirror.as_uri()))
    assert paths["lexicon"].read_bytes() == fx.FILES["lexicon"][1]


def test_progress_is_a_byte_bar_on_stderr(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    mirror = fx.write_mirror(tmp_path / "mirror").as_uri()
    dataset = fx.tiny()
    fetch_file(dataset, dataset.gold, FetchOptions(tmp_path / "store", mirror, progress=True,
                                                   terms=lambda line: None))
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "fixture/tiny gold:" in captured.err and "/40.0 " in captured.err


def test_file_mirror_without_the_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"cannot download the gold file of fixture/tiny "
                       r"\(No such file or directory\); check the network or EVALKIT_MIRROR"):
        fetch_dataset(fx.tiny(), options(tmp_path / "store", (tmp_path / "empty").as_uri()))


def test_offline_never_touches_the_network(tmp_path: Path) -> None:
    with fx.loopback_server() as server:
        with pytest.raises(InputError, match="not downloaded and EVALKIT_OFFLINE=1 forbids "
                           "fetching it; run 'evalkit datasets download fixture/tiny'"):
            fetch_dataset(fx.tiny(), options(tmp_path, server.base, offline=True))
        assert server.requests == []
        fetch_dataset(fx.tiny(), options(tmp_path, server.base))
        paths = fetch_dataset(fx.tiny(), options(tmp_path, server.base, offline=True))
    assert len(server.requests) == 3
    assert paths["gold"].read_bytes() == fx.FILES["gold"][1]


def test_damaged_store_file_is_reported_and_fetched_again(tmp_path: Path) -> None:
    mirror = fx.write_mirror(tmp_path / "mirror").as_uri()
    dataset = fx.tiny()
    gold = fetch_file(dataset, dataset.gold, options(tmp_path / "s", mirror))
    gold.write_bytes(gold.read_bytes().replace("北京".encode(), "南京".encode()))
    with pytest.raises(InputError, match=r"no longer matches its checksum .* EVALKIT_OFFLINE"):
        fetch_file(dataset, dataset.gold, options(tmp_path / "s", mirror, offline=True))
    said: list[str] = []
    fetch_file(dataset, dataset.gold, options(tmp_path / "s", mirror, said=said))
    assert gold.read_bytes() == fx.FILES["gold"][1]
    assert any("no longer matches its checksum" in line for line in said)


def test_environment_variables_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVALKIT_MIRROR", "/srv/mirror")
    with pytest.raises(UsageError, match="not a base URL"):
        environment_mirror()
    monkeypatch.setenv("EVALKIT_OFFLINE", "maybe")
    with pytest.raises(UsageError, match="EVALKIT_OFFLINE='maybe'"):
        environment_offline()
    monkeypatch.setenv("EVALKIT_OFFLINE", "0")
    assert environment_offline() is False


def test_an_existing_path_wins_over_a_name(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fixture").mkdir()
    (tmp_path / "fixture" / "tiny").write_text("中国 人民\n", encoding="utf-8")
    [source] = resolve_gold("fixture/tiny", fx.registry(), options(tmp_path / "store"))
    assert source.gold == Path("fixture/tiny")
    assert source.dataset is None


def test_names_and_suites_resolve_to_store_sources(tmp_path: Path) -> None:
    mirror = fx.write_mirror(tmp_path / "mirror").as_uri()
    sources = resolve_gold("fixture", fx.registry(), options(tmp_path / "store", mirror))
    assert [s.dataset for s in sources] == ["fixture/tiny", "fixture/other"]
    first = sources[0]
    assert (first.format, first.encoding) == ("whitespace", "utf-8")
    assert first.raw is not None and first.raw.read_bytes() == fx.FILES["raw"][1]
    assert first.lexicon is not None


def test_unknown_name_lists_the_closest_names(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"'fixture/tiyn' is neither an existing file nor a "
                       r"registered corpus; closest: fixture/tiny"):
        resolve_gold("fixture/tiyn", fx.registry(), options(tmp_path))


def test_missing_path_is_still_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        resolve_gold(str(tmp_path / "gold.txt"), fx.registry(), options(tmp_path))


@pytest.fixture
def fixture_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI sees the fixture registry, an empty store and a file:// mirror."""
    monkeypatch.setattr(catalogue_module, "REGISTRY", fx.registry())
    monkeypatch.setenv("EVALKIT_DATA", str(tmp_path / "store"))
    monkeypatch.setenv("EVALKIT_MIRROR", fx.write_mirror(tmp_path / "mirror").as_uri())
    monkeypatch.delenv("EVALKIT_OFFLINE", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_lists_shows_downloads_and_echoes(fixture_registry: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["datasets"]) == Exit.OK
    listing = capsys.readouterr().out
    assert "fixture/tiny" in listing and listing.splitlines()[2].endswith("no")
    assert main(["datasets", "echo", "fixture/tiny", "--role", "lexicon"]) == Exit.OK
    echoed = capsys.readouterr()
    assert echoed.out == "中国\n人民\n北京\n"
    assert "FIXTURE TERMS" in echoed.err  # its first download, through echo
    shutil.rmtree(fixture_registry / "store")
    assert main(["datasets", "download", "fixture/tiny", "-q"]) == Exit.OK
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 3
    assert "FIXTURE TERMS" in captured.err  # terms are shown even with -q
    assert main(["datasets", "list"]) == Exit.OK
    assert capsys.readouterr().out.splitlines()[2].endswith("yes")
    assert main(["datasets", "show", "fixture/tiny"]) == Exit.OK
    shown = capsys.readouterr().out
    assert "@misc{tiny, title = {Tiny}}" in shown
    assert fx.data_file("gold").sha256 in shown
    assert main(["datasets", "echo", "fixture/tiny", "--role", "raw"]) == Exit.OK
    assert capsys.readouterr().out == "中国人民\r\n北京大学生活\r\n"
    assert main(["datasets", "echo", "fixture"]) == Exit.USAGE
    assert "suite of 2 corpora" in capsys.readouterr().err
    assert main(["datasets", "echo", "fixture/tiny", "--role", "train"]) == Exit.USAGE
    assert "unknown role 'train'; choose one of gold, raw, lexicon" in capsys.readouterr().err


@pytest.mark.parametrize("damage", ["truncate", "edit one byte"])
def test_list_and_show_report_a_damaged_store_file(
        fixture_registry: Path, capsys: pytest.CaptureFixture[str], damage: str) -> None:
    assert main(["datasets", "download", "fixture/tiny", "-q"]) == Exit.OK
    capsys.readouterr()
    gold = store_path(fx.data_file("gold"), fixture_registry / "store")
    content = gold.read_bytes()
    gold.write_bytes(content[:10] if damage == "truncate"
                     else content[:-1] + bytes([content[-1] ^ 1]))
    assert main(["datasets"]) == Exit.OK
    listed = capsys.readouterr().out
    row = next(line for line in listed.splitlines() if line.startswith("fixture/tiny "))
    assert row.endswith("damaged")
    what = "10 bytes where" if damage == "truncate" else "SHA-256"
    line = next(line for line in listed.splitlines() if line.startswith("  fixture/tiny gold:"))
    assert what in line and "'evalkit datasets download fixture/tiny' fetches it again" in line
    assert main(["datasets", "show", "fixture/tiny"]) == Exit.OK
    assert "(damaged: " in capsys.readouterr().out
    assert main(["datasets", "download", "fixture/tiny", "-q"]) == Exit.OK
    capsys.readouterr()
    assert main(["datasets"]) == Exit.OK
    listed = capsys.readouterr().out
    assert "damaged" not in listed and listed.splitlines()[2].endswith("yes")


def test_score_takes_a_name_for_the_gold(fixture_registry: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (fixture_registry / "pred.txt").write_text("中国 人民\n北京 大学生 活\n", encoding="utf-8")
    assert main(["score", "fixture/tiny", "pred.txt", "--json"]) == Exit.OK
    document = json.loads(capsys.readouterr().out)
    assert document["corpora"][0]["name"] == "fixture/tiny"
    assert document["corpora"][0]["dataset"] == "fixture/tiny"
    assert document["results"][0]["counts"]["correct_words"] == 3
    assert main(["score", "fixture", "pred.txt"]) == Exit.USAGE
    assert "names 2 corpora" in capsys.readouterr().err
    assert main(["score", "fixtrue/tiny", "pred.txt"]) == Exit.USAGE
    assert "closest: fixture/tiny" in capsys.readouterr().err


def test_offline_cli_error_names_the_download_command(
        fixture_registry: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVALKIT_OFFLINE", "1")
    (fixture_registry / "pred.txt").write_text("中国 人民\n", encoding="utf-8")
    assert main(["score", "fixture/tiny", "pred.txt"]) == Exit.BAD_INPUT
    error = capsys.readouterr().err
    assert "run 'evalkit datasets download fixture/tiny'" in error
    assert len(error.strip().splitlines()) == 1


def test_baseline_records_a_registered_gold_by_name_and_finds_it_again(
        fixture_registry: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 7: on 'another machine' (an empty store elsewhere) check fetches it again."""
    assert main(["compare", "--gold", "fixture/tiny", "-s", "jieba", "--save-baseline",
                 "baseline.json", "--no-save", "-q"]) == Exit.OK
    document = json.loads((fixture_registry / "baseline.json").read_text(encoding="utf-8"))
    [corpus] = document["corpora"]
    assert (corpus["name"], corpus["dataset"]) == ("fixture/tiny", "fixture/tiny")
    assert corpus["sha256"] == fx.data_file("gold").sha256
    monkeypatch.setenv("EVALKIT_DATA", str(fixture_registry / "elsewhere"))
    monkeypatch.setenv("EVALKIT_OFFLINE", "1")
    capsys.readouterr()
    assert main(["check", "--baseline", "baseline.json", "-q"]) == Exit.BAD_INPUT
    assert "evalkit datasets download fixture/tiny" in capsys.readouterr().err
    monkeypatch.setenv("EVALKIT_OFFLINE", "0")
    assert main(["check", "--baseline", "baseline.json", "-q"]) == Exit.OK
    assert "1 rows pass, 0 fail" in capsys.readouterr().out
    assert (fixture_registry / "elsewhere" / "owner").is_dir()
    assert main(["check", "--baseline", "baseline.json", "--gold", "fixture/tiny",
                 "-q"]) == Exit.OK  # --gold takes names too


def test_pytest_plugin_finds_a_registered_gold_by_name(
        fixture_registry: Path, pytester: pytest.Pytester,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 7 for the plugin: fetched into an empty store, or a clear failure offline."""
    pred = pytester.path / "pred.txt"
    pred.write_text("中国 人民\n北京 大学 生活\n", encoding="utf-8")
    baseline = pytester.path / "baseline.json"
    assert main(["compare", "--gold", "fixture/tiny", "-s", f"mine=file:{pred}",
                 "--save-baseline", str(baseline), "--no-save", "-q"]) == Exit.OK
    pytester.makepyfile(test_nothing="def test_ok():\n    assert True\n")
    monkeypatch.setenv("EVALKIT_DATA", str(pytester.path / "empty-store"))
    monkeypatch.setenv("EVALKIT_OFFLINE", "1")
    offline = pytester.runpytest("--evalkit-baseline", str(baseline), "-p", "no:cacheprovider")
    offline.assert_outcomes(passed=1, failed=1)
    offline.stdout.fnmatch_lines(["*EVALKIT_OFFLINE=1 forbids fetching it; run 'evalkit "
                                  "datasets download fixture/tiny'*"])
    monkeypatch.setenv("EVALKIT_OFFLINE", "0")
    online = pytester.runpytest("--evalkit-baseline", str(baseline), "-v",
                                "-p", "no:cacheprovider")
    online.assert_outcomes(passed=2)
    online.stdout.fnmatch_lines(["*evalkit?fixture/tiny:mine? PASSED*"])
