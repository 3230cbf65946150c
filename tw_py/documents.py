"""Parsing the JSON and YAML documents users hand twpy (params, imports, `twpy api` input), within bounds.

A small file must not expand into gigabytes: YAML aliases ("billion laughs"), deep nesting and non-JSON YAML
values (`!!binary`, `!!set`, ...) are refused with one clear error naming the source, before anything is sent.
"""
from __future__ import annotations

import datetime
import json
from typing import Any

from tw_py.errors import InputError

#: At most this many values (maps, lists and scalars, every alias counted where it is used) in one document.
MAX_VALUES = 100_000
#: At most this deep (maps and lists inside each other).
MAX_DEPTH = 64
_PLAIN = (str, int, float, bool, type(None), datetime.date, datetime.datetime)


def parse_json(text: str, source: str) -> Any:
    """A JSON document within the bounds; a syntax error is an InputError naming `source`."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise _too_deep(source) from None
    except ValueError as error:
        raise InputError(f"Cannot parse {source}: {error}") from None
    check_bounds(value, source)
    return value


def parse_yaml(text: str, source: str) -> Any:
    """A YAML (or JSON) document within the bounds, with only JSON-like values (dates are kept as dates)."""
    import yaml

    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _check_node(node, source)
            value = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"Cannot parse {source}{where}: {problem}") from None
    except RecursionError:
        raise _too_deep(source) from None
    check_bounds(value, source)
    return value


def _check_node(root, source: str) -> None:
    """Count the values of a composed YAML graph as it would expand (aliases share nodes), without expanding."""
    import yaml

    sizes: dict[int, int] = {}
    stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(source)
        if id(node) in sizes and not done:
            continue
        children = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [item for pair in node.value for item in pair]
        if not done:
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children if id(child) not in sizes)
            continue
        sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
        if sizes[id(node)] > MAX_VALUES:
            raise InputError(f"{source} expands to more than {MAX_VALUES:,} values (YAML aliases?)",
                             hint="Write the values out, or split the document.")


def check_bounds(value: Any, source: str) -> None:
    """Refuse documents deeper than MAX_DEPTH, larger than MAX_VALUES, or holding non-JSON values."""
    count = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise InputError(f"{source} has more than {MAX_VALUES:,} values", hint="Split the document.")
        if depth > MAX_DEPTH:
            raise _too_deep(source)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
            if any(not isinstance(k, (str, int, float, bool)) and k is not None for k in item):
                raise InputError(f"{source} has a key that is not text or a number")
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif not isinstance(item, _PLAIN):
            raise InputError(f"{source} holds a value twpy cannot send as JSON ({type(item).__name__}, "
                             "from a YAML tag such as !!binary or !!set)", hint="Use plain text, numbers, lists and maps.")


def _too_deep(source: str) -> InputError:
    return InputError(f"{source} is nested more than {MAX_DEPTH} levels deep", hint="Flatten the document.")
