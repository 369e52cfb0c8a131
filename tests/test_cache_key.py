"""The cache key covers everything an output depends on (issue 11, point 16):
the source of every module the adapter's class depends on, and the content of
files and folders named by options."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from evalkit.cache_entry import entry_key, spec_key
from evalkit.cache_key import option_digest, source_digests
from evalkit.segmenters import Registration, Resolved

JIEBA_FAST = "evalkit.segmenters.jieba_fast_adapter:JiebaFastSegmenter"


def test_jieba_fast_depends_on_jieba_and_base() -> None:
    """Regression: only jieba_fast_adapter.py was hashed, so an edit to the jieba adapter
    it subclasses, or to base.py, kept serving jieba_fast's old outputs."""
    modules = source_digests(JIEBA_FAST)
    for module in ("evalkit.segmenters.jieba_fast_adapter", "evalkit.segmenters.jieba_adapter",
                   "evalkit.segmenters.base"):
        assert len(modules[module]) == 64
    assert not any(name.startswith(("jieba", "jieba_fast")) for name in modules)


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A plugin package whose adapter subclasses a class from a helper module that
    imports another one (relatively)."""
    package = tmp_path / "evalkit_keyplugin"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "rules.py").write_text("SPLIT = 2\n", encoding="utf-8")
    (package / "core.py").write_text(
        "from .rules import SPLIT\n\n\nclass Core:\n    def segment(self, texts):\n"
        "        return [[t[i:i + SPLIT] for i in range(0, len(t), SPLIT)] for t in texts]\n",
        encoding="utf-8")
    (package / "adapter.py").write_text(
        "from evalkit_keyplugin.core import Core\n\n\nclass Seg(Core):\n    name = 'seg'\n"
        "    package = 'evalkit'\n    version = '1'\n    options: dict[str, str] = {}\n",
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield package
    for name in [m for m in sys.modules if m.startswith("evalkit_keyplugin")]:
        del sys.modules[name]


def key(adapter: str, options: dict[str, str] | None = None) -> str | None:
    registration = Registration("seg", "evalkit", "evalkit", adapter, "test")
    return entry_key(spec_key(Resolved("seg", adapter, options or {}, registration)), ["x"])


def test_an_edit_to_any_module_the_class_depends_on_changes_the_key(plugin: Path) -> None:
    adapter = "evalkit_keyplugin.adapter:Seg"
    assert set(source_digests(adapter)) == {"evalkit_keyplugin.adapter",
                                            "evalkit_keyplugin.core", "evalkit_keyplugin.rules"}
    keys = [key(adapter)]
    for module, text in (("rules.py", "SPLIT = 3\n"), ("core.py", "# edited\n"),
                         ("adapter.py", "# edited\n")):
        with (plugin / module).open("a", encoding="utf-8") as stream:
            stream.write(text)
        keys.append(key(adapter))
    assert len(set(keys)) == 4
    assert key(adapter) == keys[-1]  # and nothing else moves it


def test_a_model_folder_is_hashed_by_its_files(plugin: Path, tmp_path: Path) -> None:
    """Regression: a pkuseg model_name folder was not hashed, so a model retrained in the
    same folder was served from the cache."""
    model = tmp_path / "model"
    (model / "sub").mkdir(parents=True)
    (model / "weights.bin").write_bytes(b"v1")
    (model / "sub" / "features.txt").write_bytes(b"a")
    adapter = "evalkit_keyplugin.adapter:Seg"
    keys = [key(adapter, {"model_name": str(model)})]
    (model / "weights.bin").write_bytes(b"v2 retrained")
    keys.append(key(adapter, {"model_name": str(model)}))
    (model / "sub" / "new.txt").write_bytes(b"")
    keys.append(key(adapter, {"model_name": str(model)}))
    (model / "sub" / "new.txt").rename(model / "sub" / "renamed.txt")
    keys.append(key(adapter, {"model_name": str(model)}))
    assert len(set(keys)) == 4


def test_option_digest_of_files_folders_and_plain_values(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("中国 100\n", encoding="utf-8")
    assert option_digest(str(words)) is not None
    assert option_digest(str(tmp_path)) is not None
    assert option_digest("default") is None and option_digest("true") is None
