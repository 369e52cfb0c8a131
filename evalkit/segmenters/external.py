"""User segmenters without an adapter: a command, a Python callable, a file of outputs.

- ``cmd:PROGRAM ARGS``: run without a shell (the text is split into an argv
  list the way a POSIX shell splits words, with ``shlex``); it reads one unit
  per line on stdin and writes one line of whitespace-separated words per
  unit on stdout, UTF-8 both ways.
- ``py:MODULE:FUNCTION``: any importable callable from a unit's text to a list
  of strings.
- ``file:PATH``: an output made earlier, in any supported format, one unit per
  gold unit.
"""

from __future__ import annotations

import importlib
import shlex
import subprocess
from collections.abc import Sequence
from typing import Any, ClassVar

from evalkit.errors import SegmenterError
from evalkit.segmenters.base import OptionParser, module_version, text

STDERR_TAIL = 300


class CommandSegmenter:
    """An external program speaking one unit per line."""

    package = "command"
    version = "n/a"
    WHOLE_CORPUS = True  # one process gets every unit: starting one per batch would be slow
    SPLITTABLE = False  # nor one per shard: each corpus goes to one worker whole
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"command": text}

    def __init__(self, command: str) -> None:
        self.argv = shlex.split(command)
        if not self.argv:
            raise SegmenterError(command, "empty command")
        self.name = self.argv[0]
        self.options = {"command": command}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        if not texts:
            return []
        stdin = "".join(t + "\n" for t in texts)
        try:
            done = subprocess.run(self.argv, input=stdin.encode(), capture_output=True,
                                  check=False)
        except FileNotFoundError:
            raise SegmenterError(self.name, f"command not found: {self.argv[0]}") from None
        except PermissionError:
            raise SegmenterError(self.name, f"not executable: {self.argv[0]}") from None
        if done.returncode != 0:
            tail = done.stderr.decode(errors="replace").strip()[-STDERR_TAIL:]
            raise SegmenterError(self.name, f"exited with status {done.returncode}"
                                 + (f": {tail}" if tail else ""))
        lines = done.stdout.decode(errors="replace").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) != len(texts):
            raise SegmenterError(self.name, f"printed {len(lines)} lines for {len(texts)} "
                                 "units; it must print one line per input line")
        return [line.split() for line in lines]


class CallableSegmenter:
    """``module:function`` taking a unit's text and returning its words."""

    package = "python"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"target": text}

    def __init__(self, target: str) -> None:
        module_name, _, attribute = target.partition(":")
        if not module_name or not attribute:
            raise SegmenterError(target, "a py: segmenter is MODULE:FUNCTION, e.g. "
                                 "py:mypkg.seg:cut")
        function: Any = importlib.import_module(module_name)
        for part in attribute.split("."):
            function = getattr(function, part)
        if not callable(function):
            raise SegmenterError(target, f"{attribute} is not callable")
        self._function = function
        self.name = target
        self.version = module_version(module_name)
        self.options = {"target": target}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        results = []
        for index, unit in enumerate(texts, start=1):
            output = self._function(unit)
            if not isinstance(output, list | tuple) or \
                    not all(isinstance(word, str) for word in output):
                raise SegmenterError(self.name, f"returned {type(output).__name__} for unit "
                                     f"{index}; it must return a list of strings")
            results.append(list(output))
        return results


PER_CORPUS_FILES = "per-corpus"
"""The version a ``file:`` spec with ``{corpus}`` reports when loaded; pipeline.compare
replaces it with a digest of the segmentations read (outputs_version)."""


def outputs_version(outputs: Sequence[tuple[str, Sequence[Sequence[str]]]]) -> str:
    """``per-corpus-`` and the first 16 hex digits of a SHA-256 over every corpus's name
    and segmentation: different prediction files give different signatures."""
    import hashlib

    digest = hashlib.sha256()
    for corpus, units in outputs:
        digest.update(f"{corpus}\n".encode())
        for tokens in units:
            digest.update(("\t".join(tokens) + "\n").encode())
        digest.update(b"\x00")
    return f"{PER_CORPUS_FILES}-{digest.hexdigest()[:16]}"


class PrecomputedOutput:
    """A segmentation saved earlier; it is read, not run.

    The path may hold ``{corpus}``, replaced by each gold corpus's name
    (``file:out/{corpus}.txt``), so one spec serves several corpora. Without
    it, the file is read at once (a missing one fails the load) and its
    digest is the version; with it, each corpus's file is read when that
    corpus comes, and a missing one fails that corpus alone.
    """

    package = "file"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"path": text}
    PLACEHOLDER = "{corpus}"
    SPLITTABLE = False  # all_units gives a corpus's whole output: it is never sharded

    def __init__(self, path: str) -> None:
        self.name = path
        self.options = {"path": path}
        self._path = path
        if self.PLACEHOLDER in path:
            self.version = PER_CORPUS_FILES  # the files' digest is added once they are read
            return
        self._whole = self._read(path)
        self.version = self._whole.sha256[:16]

    def path_for(self, corpus: str) -> str:
        return self._path.replace(self.PLACEHOLDER, corpus)

    def _read(self, path: str) -> Any:
        from evalkit.corpus import read_corpus
        from evalkit.errors import InputError

        try:
            return read_corpus(path)
        except InputError as error:
            raise SegmenterError(self.name, str(error)) from None

    def all_units(self, corpus: str) -> list[list[str]]:
        found = self._read(self.path_for(corpus)) if self.PLACEHOLDER in self._path \
            else self._whole
        return [list(unit.tokens) for unit in found.units]
