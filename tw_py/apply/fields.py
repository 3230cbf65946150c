"""The keys an entry of a seqerakit YAML file may have, and how each value is checked (before any request).

A key is named as seqerakit names it: the long option of the `tw` command it stands for, without `--`
(`full-name`, `work-dir`, `max-cpus`). Values are typed as seqerakit passes them to tw: scalars as text, booleans
as flags, comma lists or YAML lists, and file paths read now, so a missing file is reported before anything is sent.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from tw_py.errors import InputError
from tw_py.files import read_text

STR, INT, BOOL, LIST, MAP, TEXT, PATH = "str", "int", "bool", "list", "map", "text", "path"


@dataclass(frozen=True)
class Key:
    """One key of an entry. `secret`: never shown, compared or logged. `choices`: allowed values (any case)."""

    name: str
    type: str = STR
    required: bool = False
    secret: bool = False
    choices: tuple = ()
    help: str = ""


@dataclass(frozen=True)
class FileText:
    """A file named by an entry, already read: where it is and its text."""

    path: str
    text: str


@dataclass(frozen=True)
class FilePath:
    """A file named by an entry that is sent as it is (a dataset): checked to exist, read when used."""

    path: str


def keys(*items: Key) -> dict[str, Key]:
    return {key.name: key for key in items}


def locate(path: str, base_dir: str | None) -> str:
    """A relative path as seqerakit finds it (from the current directory), else beside the YAML file."""
    expanded = os.path.expanduser(path)
    if os.path.isabs(expanded) or os.path.exists(expanded) or not base_dir:
        return expanded
    beside = os.path.join(base_dir, expanded)
    return beside if os.path.exists(beside) else expanded


def coerce(key: Key, value: Any, where: str, base_dir: str | None = None) -> Any:
    """The value of `key` typed, or an InputError naming the entry and the key (secret values are never shown)."""
    shown = "(secret)" if key.secret else repr(value)

    def bad(expected: str) -> InputError:
        return InputError(f"{where}: key '{key.name}' must be {expected}, not {shown}")

    if key.type in (STR, TEXT, PATH):
        if isinstance(value, bool) or isinstance(value, (list, dict)):
            raise bad("text" if key.type == STR else "a file path")
        text = str(value)
        if key.choices:
            for choice in key.choices:
                if choice.lower() == text.lower():
                    return choice
            raise InputError(f"{where}: key '{key.name}' must be one of {', '.join(key.choices)}, not {shown}")
        if key.type == TEXT:
            return read_file(text, key.name, where, base_dir)
        if key.type == PATH:
            found = locate(text, base_dir)
            if not os.path.isfile(found):
                raise InputError(f"{where}: file '{text}' (key '{key.name}') not found")
            return FilePath(found)
        return text
    if key.type == INT:
        if isinstance(value, bool):
            raise bad("a whole number")
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise bad("a whole number") from None
    if key.type == BOOL:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "false"):
            return text == "true"
        raise bad("true or false")
    if key.type == LIST:
        if isinstance(value, list):
            if any(isinstance(item, (list, dict)) or item is None for item in value):
                raise bad("a list of text values")
            return [str(item) for item in value]
        if isinstance(value, (dict, bool)):
            raise bad("a comma-separated list")
        return [part.strip() for part in str(value).split(",") if part.strip()]
    if key.type == MAP:
        if not isinstance(value, dict):
            raise bad("a mapping")
        return value
    return value


def read_file(path: str, key: str, where: str, base_dir: str | None = None) -> FileText:
    """A file an entry names, read now (bounded): a missing one is an error naming the entry and the key."""
    found = locate(path, base_dir)
    if not os.path.isfile(found):
        raise InputError(f"{where}: file '{path}' (key '{key}') not found")
    return FileText(found, read_text(found, f"key '{key}'", stdin=False))
