"""Segmenter specs as users write them: ``[alias=]name[:key=value,...]``.

Also ``[alias=]cmd:COMMAND``, ``[alias=]py:MODULE:FUNCTION`` and
``[alias=]file:PATH`` for segmenters without an adapter. The alias names the
row; without one the spec itself does.
"""

from __future__ import annotations

import re
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

    def text(self) -> str:
        """The spec written out again; parse_spec(spec.text()) == spec."""
        if self.kind == "registered":
            body = self.target + (":" + ",".join(f"{k}={v}" for k, v in self.options)
                                  if self.options else "")
        else:
            body = f"{self.kind}:{self.target}"
        return body if body == self.label else f"{self.label}={body}"


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
