"""What a cached segmenter output depends on, besides the package version and the input.

An entry must never outlive a change to what produced it. That is the source
of every module the adapter's class depends on (jieba_fast's adapter
subclasses jieba's, which imports ``segmenters/base.py``: an edit to either
must change jieba_fast's key), and the content behind option values that
name files or folders (a user dictionary, or a pkuseg model folder retrained
in place).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import inspect
import os
from pathlib import Path


def _source_file(module: str) -> Path | None:
    """The ``.py`` file of a module, found without importing it (its parent
    packages are imported, as any import would)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError, AttributeError):
        return None
    origin = spec.origin if spec is not None else None
    return Path(origin) if origin and origin.endswith(".py") else None


def _imported(module: str, path: Path, source: str) -> set[str]:
    """Every module name an ``import`` in ``source`` may refer to, anywhere in the file
    (a ``from a import b`` may import module ``a.b``)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[:len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _adapter_class(adapter: str) -> type | None:
    from evalkit.segmenters import import_attribute

    try:
        value = import_attribute(adapter)
    except (ImportError, AttributeError):
        return None
    return value if inspect.isclass(value) else None


def source_digests(adapter: str) -> dict[str, str]:
    """SHA-256 of the source of each module the adapter (``module:Class``) depends on.

    The adapter's module and the modules of its class's bases, then, transitively,
    every module they import from the same top-level packages (third-party
    libraries are covered by their installed version, which is keyed apart).
    """
    start = {adapter.partition(":")[0]}
    cls = _adapter_class(adapter)
    if cls is not None:
        start.update(base.__module__ for base in cls.__mro__ if base.__module__ != "builtins")
    scope = {name.partition(".")[0] for name in start}
    digests: dict[str, str] = {}
    pending = sorted(start)
    while pending:
        module = pending.pop()
        if module in digests:
            continue
        path = _source_file(module)
        if path is None:
            continue
        data = path.read_bytes()
        digests[module] = hashlib.sha256(data).hexdigest()
        for name in _imported(module, path, data.decode("utf-8", errors="replace")):
            if name.partition(".")[0] in scope and name not in digests:
                pending.append(name)
    return dict(sorted(digests.items()))


def option_digest(value: str) -> str | None:
    """SHA-256 of what an option value names: a file's bytes, or a folder's files
    (relative paths and contents, recursively); None when it names neither."""
    try:
        path = Path(value)
        if path.is_file():
            return hashlib.sha256(path.read_bytes()).hexdigest()
        if path.is_dir():
            return _folder_digest(path)
    except (OSError, ValueError):
        return None
    return None


def _folder_digest(folder: Path) -> str:
    whole = hashlib.sha256()
    for root, directories, files in os.walk(folder):
        directories.sort()
        for name in sorted(files):
            path = Path(root) / name
            whole.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape"))
            whole.update(b"\0")
            whole.update(hashlib.sha256(path.read_bytes()).digest())
    return whole.hexdigest()
