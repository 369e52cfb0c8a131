"""The segmenter registry: names mapped to lazily imported adapters.

Built-ins and plugins (entry-point group ``evalkit.segmenters``) are
``"module:attr"`` strings, so that listing or validating names never imports
jieba, pkuseg or numpy; the adapter modules import their library only when a
segmenter is constructed, which happens in a worker process.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from evalkit.errors import UsageError
from evalkit.segmenters.base import OptionParser, distribution_version, names_file
from evalkit.segmenters.spec import Spec

ENTRY_POINT_GROUP = "evalkit.segmenters"


@dataclass(frozen=True)
class Registration:
    """A registered segmenter: its name, the module it needs, where its adapter is."""

    name: str
    module: str
    distribution: str
    adapter: str
    description: str

    def importable(self) -> bool:
        """Whether the segmenter's module is installed, without importing it."""
        try:
            return importlib.util.find_spec(self.module) is not None
        except (ImportError, ValueError):
            return False

    def installed_version(self) -> str | None:
        return distribution_version(self.distribution) if self.importable() else None


def _builtin(name: str, distribution: str, cls: str, description: str) -> Registration:
    return Registration(name, name, distribution, f"evalkit.segmenters.{name}_adapter:{cls}",
                        description)


BUILTINS: dict[str, Registration] = {r.name: r for r in (
    _builtin("jieba", "jieba", "JiebaSegmenter", "accurate mode; hmm=true, user_dict=none"),
    _builtin("pkuseg", "pkuseg", "PkusegSegmenter",
             "model_name=default (bundled), user_dict=default"),
    _builtin("thulac", "thulac", "ThulacSegmenter", "seg_only=true, user_dict=none"),
    _builtin("snownlp", "snownlp", "SnowNLPSegmenter", "bundled model"),
    _builtin("rjieba", "rjieba", "RjiebaSegmenter", "jieba-rs; hmm=true"),
    _builtin("jiagu", "jiagu", "JiaguSegmenter", "bundled model"),
    _builtin("jieba_fast", "jieba-fast", "JiebaFastSegmenter",
             "accurate mode; hmm=true, user_dict=none"),
    _builtin("wapic", "wapic", "WapicSegmenter", "C++ CRF; model=default (wapic-cws-model)"),
    _builtin("jiojio", "jiojio", "JiojioSegmenter",
             "CRF; user_dict=none; needs ~2.1 GB memory, loads in ~16 s"),
    _builtin("genius", "genius", "GeniusSegmenter",
             "Wapiti CRF; use_break=true, use_combine=false"),
)}

EXTERNAL_ADAPTERS = {
    "cmd": ("evalkit.segmenters.external:CommandSegmenter", "command"),
    "py": ("evalkit.segmenters.external:CallableSegmenter", "target"),
    "file": ("evalkit.segmenters.external:PrecomputedOutput", "path"),
}


def plugins() -> dict[str, Registration]:
    """Segmenters that installed packages register under the entry-point group."""
    found = {}
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        module = entry.value.partition(":")[0]
        source = entry.dist.name if entry.dist is not None else module
        found[entry.name] = Registration(entry.name, module, source, entry.value,
                                         f"plugin from {source}")
    return found


def registered() -> dict[str, Registration]:
    """Every registered segmenter: built-ins first, then plugins (which cannot
    replace a built-in)."""
    extra = {name: entry for name, entry in plugins().items() if name not in BUILTINS}
    return {**BUILTINS, **extra}


def lookup(name: str) -> Registration:
    """The registration of ``name``; an unknown name lists the valid ones."""
    entries = registered()
    if name not in entries:
        raise UsageError(f"unknown segmenter {name!r}; registered: {', '.join(entries)} "
                         "(see 'evalkit segmenters'), or use cmd:, py: or file:")
    return entries[name]


def import_attribute(path: str) -> Any:
    module_name, _, attribute = path.partition(":")
    value: Any = importlib.import_module(module_name)
    for part in attribute.split("."):
        value = getattr(value, part)
    return value


@dataclass(frozen=True)
class Resolved:
    """A spec checked in the parent, ready for a worker: adapter path and options."""

    label: str
    adapter: str
    options: dict[str, str]
    registration: Registration | None  # None for cmd:, py:, file:
    splittable: bool = True  # False: its corpora go to workers whole (the adapter's SPLITTABLE)
    files: dict[str, str] = field(default_factory=dict)
    """SHA-256 of the file each file-valued option names (base.names_file), read once
    here: the cache key and the results signature identify the file by it."""


def resolve(spec: Spec) -> Resolved:
    """Check a spec against its adapter's declared options, without loading the library."""
    if spec.kind in EXTERNAL_ADAPTERS:
        adapter, argument = EXTERNAL_ADAPTERS[spec.kind]
        return Resolved(spec.label, adapter, {argument: spec.target}, None,
                        getattr(import_attribute(adapter), "SPLITTABLE", True))
    entry = lookup(spec.target)
    factory = import_attribute(entry.adapter)
    declared = check_options(spec, factory)
    return Resolved(spec.label, entry.adapter, dict(spec.options), entry,
                    getattr(factory, "SPLITTABLE", True), _file_digests(spec, declared))


def check_options(spec: Spec, factory: Any = None) -> dict[str, OptionParser]:
    """A registered spec's options against those its adapter declares (an unknown key
    or a bad value is a UsageError), without loading the library; the declarations."""
    if factory is None:
        factory = import_attribute(lookup(spec.target).adapter)
    declared: dict[str, OptionParser] = getattr(factory, "OPTIONS", {})
    for key, value in spec.options:
        if key not in declared:
            valid = ", ".join(sorted(declared)) or "none"
            raise UsageError(f"segmenter {spec.target!r} has no option {key!r}; valid "
                             f"options: {valid}")
        try:
            declared[key](value)  # a bad value fails here, before any worker starts
        except UsageError as error:
            raise UsageError(f"segmenter {spec.target!r}, option {key}={value}: "
                             f"{error}") from None
    return declared


def _file_digests(spec: Spec, declared: dict[str, OptionParser]) -> dict[str, str]:
    """The SHA-256 of each file a (checked) spec's file-valued options name."""
    from evalkit.cache_key import option_digest

    found = {}
    for key, value in spec.options:
        digest = option_digest(value) if names_file(declared[key], value) else None
        if digest is not None:
            found[key] = digest
    return found


def construct(adapter: str, options: dict[str, str]) -> Any:
    """Build an adapter from its path and option texts (inside the worker)."""
    factory = import_attribute(adapter)
    declared: dict[str, OptionParser] = getattr(factory, "OPTIONS", {})
    return factory(**{key: declared[key](value) for key, value in options.items()})
