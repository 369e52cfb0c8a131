"""Checking a results document's shape against evalkit/schemas/results.schema.json.

jsonschema is a test dependency only, and its messages name schema paths
rather than what is wrong; the results schema uses a small part of JSON
Schema (type, required, properties, additionalProperties, items, $ref, oneOf,
enum, minimum, maximum, pattern), which is all this walks. The first problem
found is returned as words: where it is (``results[0].per_unit``) and what is
wrong there.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list, tuple), "string": (str,), "boolean": (bool,),
    "integer": (int,), "number": (int, float), "null": (type(None),),
}

ARTICLES = {"object": "an object", "array": "a list", "string": "a string",
            "boolean": "true or false", "integer": "a whole number", "number": "a number",
            "null": "null"}


@cache
def results_schema() -> dict[str, Any]:
    """The results schema shipped with evalkit (read once)."""
    text = resources.files("evalkit.schemas").joinpath("results.schema.json").read_text(
        encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def shape_problem(document: Any) -> str | None:
    """What is wrong with the shape of ``document`` (a results document of the current
    schema), or None when it has every field the schema requires, of the right kind."""
    schema = results_schema()
    return _problem(document, schema, schema, "the document")


def _is(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    return isinstance(value, TYPES.get(kind, object))


def _kind_of(value: Any) -> str:
    return next((ARTICLES[kind] for kind in ("null", "boolean", "integer", "number",
                                            "string", "array", "object")
                 if _is(value, kind)), type(value).__name__)


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _problem(value: Any, node: dict[str, Any], root: dict[str, Any], where: str) -> str | None:
    node = _resolve(root, node)
    if "oneOf" in node:
        return _one_of_problem(value, node["oneOf"], root, where)
    for check in (_type_problem, _scalar_problem, _container_problem):
        problem = check(value, node, root, where)
        if problem is not None:
            return problem
    return None


def _one_of_problem(value: Any, choices: list[dict[str, Any]], root: dict[str, Any],
                    where: str) -> str | None:
    """None when one of the forms fits; else the problem with the form of the value's
    type (the most telling), or that its type fits none."""
    branches = [_resolve(root, b) for b in choices]
    found = [_problem(value, b, root, where) for b in branches]
    if any(problem is None for problem in found):
        return None
    typed = [p for b, p in zip(branches, found, strict=True)
             if p is not None and ("type" not in b or _matches_type(value, b["type"]))]
    return typed[0] if typed else f"{where} is {_kind_of(value)}, which is not allowed there"


def _type_problem(value: Any, node: dict[str, Any], root: dict[str, Any],
                  where: str) -> str | None:
    if "type" in node and not _matches_type(value, node["type"]):
        kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
        wanted = " or ".join(ARTICLES.get(str(k), str(k)) for k in kinds)
        return f"{where} is {_kind_of(value)} where {wanted} is expected"
    if "enum" in node and value not in node["enum"]:
        return f"{where} is {value!r}; expected one of {', '.join(map(repr, node['enum']))}"
    return None


def _scalar_problem(value: Any, node: dict[str, Any], root: dict[str, Any],
                    where: str) -> str | None:
    if _is(value, "number"):
        if "minimum" in node and value < node["minimum"]:
            return f"{where} is {value}, below its minimum {node['minimum']}"
        if "maximum" in node and value > node["maximum"]:
            return f"{where} is {value}, above its maximum {node['maximum']}"
    if isinstance(value, str) and "pattern" in node and not re.search(node["pattern"], value):
        return f"{where} is {value!r}, which is not of the expected form"
    return None


def _container_problem(value: Any, node: dict[str, Any], root: dict[str, Any],
                       where: str) -> str | None:
    if isinstance(value, dict):
        return _object_problem(value, node, root, where)
    if isinstance(value, list | tuple) and "items" in node:
        for index, item in enumerate(value):
            problem = _problem(item, node["items"], root, f"{where}[{index}]")
            if problem is not None:
                return problem
    return None


def _matches_type(value: Any, kind: str | list[str]) -> bool:
    return any(_is(value, k) for k in ([kind] if isinstance(kind, str) else kind))


def _object_problem(value: dict[str, Any], node: dict[str, Any], root: dict[str, Any],
                    where: str) -> str | None:
    for name in node.get("required", ()):
        if name not in value:
            return f"{where} has no {name!r} field, which is required"
    properties = node.get("properties", {})
    extra = node.get("additionalProperties", True)
    for name, item in value.items():
        inner = f"{where}.{name}" if where != "the document" else name
        if name in properties:
            problem = _problem(item, properties[name], root, inner)
        elif extra is False:
            problem = f"{inner} is not a field evalkit writes there"
        elif isinstance(extra, dict):
            problem = _problem(item, extra, root, inner)
        else:
            problem = None
        if problem is not None:
            return problem
    return None
