"""Pipeline parameters: YAML/JSON params files and `--param KEY=VALUE`, merged into one `paramsText`.

tw sends one params file verbatim. twpy also accepts several files, merged left to right, and `--param`
values over them: maps merge key by key (recursively), any other value (scalar, list) is replaced.
With a single file and no `--param` the file text is still sent unchanged.
"""
from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any, Sequence

from tw_py.documents import check_bounds, parse_yaml
from tw_py.errors import InputError


@dataclass(frozen=True)
class ParamsFile:
    """A params file already read: where it came from and its text."""

    source: str
    text: str


def load_params(text: str, source: str = "params") -> dict:
    """Parse a YAML or JSON params document into a mapping (empty text is an empty mapping)."""
    if not text.strip():
        return {}
    data: Any
    try:
        data = json.loads(text)
        check_bounds(data, f"params file '{source}'")
    except RecursionError:
        data = parse_yaml(text, f"params file '{source}'")  # refuses it as too deep, with the usual message
    except ValueError:
        try:
            data = parse_yaml(text, f"params file '{source}'")
        except InputError as error:
            if error.message.startswith("Cannot parse"):
                error.hint = "Params files are YAML or JSON mappings, e.g. 'input: data.csv'."
            raise
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"Params file '{source}' must contain a mapping of parameter names to values, "
                         f"not a {_kind(data)}", hint="e.g. 'input: data.csv' (YAML) or {\"input\": \"data.csv\"} (JSON).")
    return _plain(data)


def _kind(value) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(type(value), type(value).__name__)


def _plain(value):
    """JSON-compatible copy: YAML dates/timestamps become their ISO text, keys become strings."""
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def parse_param(text: str) -> tuple[list[str], Any]:
    """`a.b.c=value` -> (['a', 'b', 'c'], typed value). Values are YAML scalars (`1` -> 1, `true` -> True,
    `x` -> 'x'); `[..]` / `{..}` are YAML flow lists/maps; an empty value is an empty string."""
    if "=" not in text:
        raise InputError(f"Invalid --param '{text}': expected KEY=VALUE", hint="e.g. --param input=data.csv --param outdir=results")
    key, raw = text.split("=", 1)
    path = key.strip().split(".")
    if not key.strip() or any(not part.strip() for part in path):
        raise InputError(f"Invalid --param '{text}': empty parameter name", hint="Use KEY=VALUE, with dots for nested keys: a.b=1")
    return [part.strip() for part in path], typed_value(raw)


def typed_value(raw: str) -> Any:
    """A command-line value typed as YAML would type it, without surprises: text that YAML would read as a
    mapping or a document (`a: b`, `- x`, `# c`) stays text; dates stay text."""
    if raw == "":
        return ""
    try:
        value = parse_yaml(raw, "--param value")
    except InputError as error:
        if error.message.startswith("Cannot parse"):
            return raw
        raise
    stripped = raw.strip()
    if isinstance(value, (dict, list)) and not stripped.startswith(("[", "{")):
        return raw
    if isinstance(value, (datetime.date, datetime.datetime)) or (value is None and stripped not in ("null", "~", "Null", "NULL")):
        return raw
    # YAML 1.1 surprises stay text: yes/no/on/off are not booleans, 010 is not octal 8, 1_000 is not 1000.
    if isinstance(value, bool) and stripped.lower() not in ("true", "false"):
        return raw
    if isinstance(value, (int, float)) and not isinstance(value, bool) and \
            (re.match(r"^[-+]?0\d", stripped) or "_" in stripped or ":" in stripped):
        return raw
    return _plain(value)


def merge(base: dict, over: dict) -> dict:
    """A new mapping: `over` on top of `base`; nested maps merge key by key, anything else is replaced."""
    result = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result


def set_path(params: dict, path: Sequence[str], value: Any) -> dict:
    """A new mapping with `value` at the dotted `path` (intermediate non-maps are replaced by maps)."""
    nested: Any = value
    for part in reversed(path):
        nested = {part: nested}
    return merge(params, nested)


def combine(files: Sequence[ParamsFile], params: Sequence[tuple[list[str], Any]] = (), *,
            base_text: str | None = None) -> str | None:
    """The `paramsText` to send, or None when nothing was given (the saved/base text then applies).

    - no files and no `--param`: None.
    - one file, no `--param`: that file's text, unchanged (as tw).
    - otherwise: the files merged left to right (or `base_text`, the saved launch's params, when no file is
      given), then each `--param`; sent as JSON (which Nextflow and the Platform read as YAML too).
    Every file is parsed, so a malformed one is reported before anything is sent."""
    parsed = [load_params(f.text, f.source) for f in files]
    if not files and not params:
        return None
    if len(files) == 1 and not params:
        return files[0].text
    merged: dict = {}
    if files:
        for data in parsed:
            merged = merge(merged, data)
    elif base_text:
        merged = load_params(base_text, "the saved launch parameters")
    for path, value in params:
        merged = set_path(merged, path, value)
    return json.dumps(merged, indent=2, ensure_ascii=False) + "\n"
