"""Segmenter specs as users write them: ``[alias=]name[:key=value,...]``.

Also ``[alias=]cmd:COMMAND``, ``[alias=]py:MODULE:FUNCTION`` and
``[alias=]file:PATH`` for segmenters without an adapter. The alias names the
row; without one the spec itself does.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Collection
from dataclasses import dataclass

from evalkit.errors import UsageError

EXTERNAL_KINDS = ("cmd", "py", "file")
_ALIAS = re.compile(r"([A-Za-z_][\w.-]*)=(.*)\Z", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_][\w.-]*\Z")

SPEC_HELP = ("a segmenter spec: [alias=]name[:key=value,...] (e.g. jieba:hmm=false), "
             "or [alias=]cmd:COMMAND, [alias=]py:MODULE:FUNCTION, [alias=]file:PATH")


@dataclass(frozen=True)
class Spec:
    """A parsed spec: what to run, with which options, under which row name."""

    label: str
    kind: str  # "registered" or one of EXTERNAL_KINDS
    target: str  # registry name, command line, MODULE:FUNCTION or path
    options: tuple[tuple[str, str], ...] = ()

    def body(self) -> str:
        """What runs, without the alias: ``jieba:hmm=false``, ``cmd:./seg``."""
        if self.kind == "registered":
            return self.target + (":" + ",".join(f"{k}={v}" for k, v in self.options)
                                  if self.options else "")
        return f"{self.kind}:{self.target}"

    def text(self) -> str:
        """The spec written out again; parse_spec(spec.text()) == spec."""
        body = self.body()
        return body if body == self.label else f"{self.label}={body}"

    def aliased(self, taken: Collection[str]) -> str:
        """This spec under a row name none of ``taken`` has (``x_2=jiagu``), quoted for
        a shell: what to suggest when its own name is given twice."""
        stem = self.label if _NAME.match(self.label) else "other"
        number = 2
        while f"{stem}_{number}" in taken:
            number += 1
        return shlex.quote(f"{stem}_{number}={self.body()}")


def parse_spec(text: str) -> Spec:
    """Parse one ``-s`` value; a malformed one is a UsageError that shows the syntax."""
    alias = None
    body = text
    found = _ALIAS.match(text)
    if found and ":" not in found.group(1):
        alias, body = found.group(1), found.group(2)
    kind, colon, rest = body.partition(":")
    if colon and kind in EXTERNAL_KINDS:
        if not rest.strip():
            raise UsageError(f"segmenter spec {text!r}: nothing after '{kind}:'; {SPEC_HELP}")
        check = _EXTERNAL_CHECKS.get(kind)
        problem = None if check is None else check(rest)
        if problem is not None:
            raise UsageError(f"segmenter spec {text!r}: {problem}")
        return Spec(alias or text, kind, rest)
    name = kind
    if not _NAME.match(name):
        raise UsageError(f"segmenter spec {text!r} is not valid; {SPEC_HELP}")
    options: list[tuple[str, str]] = []
    if colon:
        for item in rest.split(","):
            key, equals, value = item.partition("=")
            if not equals or not key.strip():
                raise UsageError(f"segmenter spec {text!r}: option {item!r} is not "
                                 f"key=value; {SPEC_HELP}")
            options.append((key.strip(), value.strip()))
    return Spec(alias or text, "registered", name, tuple(options))


def _command_problem(command: str) -> str | None:
    """Why ``cmd:COMMAND`` cannot be split into a program and its arguments (the
    worker splits it the same way, with shlex), or None."""
    form = ("the form is [alias=]cmd:PROGRAM ARGS..., split into words as a POSIX shell "
            "does, e.g. cmd:'./my seg' --stdin")
    try:
        argv = shlex.split(command)
    except ValueError as error:  # "No closing quotation", "No escaped character"
        return f"the command cannot be split into words ({error}); {form}"
    if not argv or not argv[0]:
        return f"the command names no program; {form}"
    return None


def _callable_problem(target: str) -> str | None:
    """Why ``py:MODULE:FUNCTION`` is not of that form, or None. MODULE is what
    importlib takes (dotted, not relative); FUNCTION a dotted Python name. Whether
    the module imports is found out when it runs (a segmenter failure)."""
    form = "the form is [alias=]py:MODULE:FUNCTION, e.g. py:mypkg.seg:cut"
    module, colon, function = target.partition(":")
    if not colon:
        return f"{target!r} has no ':' between the module and the function; {form}"
    if not module.strip() or any(not part.strip() for part in module.split(".")):
        return f"{module!r} is not a module name (empty, or a relative import); {form}"
    if not function:
        return f"no function after {module + ':'!r}; {form}"
    if not all(part.isidentifier() for part in function.split(".")):
        return f"{function!r} is not the name of a function in {module!r}; {form}"
    return None


_EXTERNAL_CHECKS = {"cmd": _command_problem, "py": _callable_problem}
"""The syntax each external kind's text must have, checked before anything runs."""
