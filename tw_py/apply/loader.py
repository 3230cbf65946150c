"""Reading seqerakit YAML files: merge them as seqerakit does, substitute `$VAR` / `${VAR}`, validate every entry.

Everything here happens before any request: a file that cannot be read, an unknown block or key, a bad value, an
unset variable or a missing referenced file is one error naming the file, the entry and the key.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from tw_py.api.suggest import close_names
from tw_py.apply import fields
from tw_py.apply.kinds import KINDS, ORDER
from tw_py.documents import parse_yaml
from tw_py.errors import InputError
from tw_py.files import read_text

ON_EXISTS = ("fail", "ignore", "overwrite")
#: seqerakit's pattern: `$$` is a literal `$`, `$NAME` and `${NAME}` are variables.
VARIABLE = re.compile(r"\$\$|\$\{(\w+)\}|\$(\w+)")
#: Variables seqerakit passes through unexpanded (tw reads `$TW_AGENT_WORK` on the agent's side).
LITERAL_VARIABLES = frozenset({"TW_AGENT_WORK"})
STDIN = "-"


@dataclass
class Entry:
    """One validated entry of a block: its typed values, where it came from and what to do if it exists."""

    kind: str
    values: dict
    source: str
    index: int
    on_exists: str = "fail"
    note: str | None = None

    @property
    def name(self) -> str:
        return KINDS[self.kind].name(self.values)

    @property
    def where(self) -> str:
        return f"{self.source}: {self.kind}[{self.index}] '{self.name}'"

    @property
    def scope_ref(self) -> str | None:
        """The workspace (`org/ws`, None for the personal one) or organization this entry lives in."""
        scope = KINDS[self.kind].scope
        if scope == "workspace":
            return self.values.get("workspace")
        if scope == "org":
            return self.values.get("organization")
        return None

    def secrets(self) -> list[str]:
        """The secret values this entry holds (to keep out of every output and log)."""
        schema = KINDS[self.kind].schema(self.values, self.where)
        found = [v.text if isinstance(v, fields.FileText) else v for k, v in self.values.items()
                 if k in schema and schema[k].secret]
        return [str(v) for v in found if v not in (None, "")]


@dataclass
class Document:
    files: list[str]
    entries: list[Entry] = field(default_factory=list)

    def secrets(self) -> list[str]:
        return [value for entry in self.entries for value in entry.secrets()]


# Environment ------------------------------------------------------------------------------------------------
def read_env_file(path: str, environ: Mapping[str, str]) -> dict[str, str]:
    """`--env-file`: a YAML mapping (as seqerakit) or `NAME=VALUE` lines; `$VARS` in values expand from the
    environment. Its values win over the environment's."""
    text = read_text(path, "--env-file", stdin=False)
    try:
        data = parse_yaml(text, f"env file '{path}'")
    except InputError:
        data = None
    if not isinstance(data, dict):
        data = {}
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("export "):
                line = line[7:].strip()
            if "=" not in line:
                raise InputError(f"env file '{path}', line {number}: expected NAME=VALUE or 'NAME: value'")
            name, value = line.split("=", 1)
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            data[name.strip()] = value
    result = {}
    for name, value in data.items():
        if value is None:
            continue
        if isinstance(value, (dict, list)):
            raise InputError(f"env file '{path}': the value of '{name}' must be text, not a {type(value).__name__}")
        text_value = str(value).lower() if isinstance(value, bool) else str(value)
        result[str(name)] = _expandvars(text_value, {**environ, **result})
    return result


def _expandvars(text: str, environ: Mapping[str, str]) -> str:
    """os.path.expandvars over a given mapping (unknown variables stay as written)."""
    def replace(match):
        name = match.group(1) or match.group(2)
        if name is None:
            return match.group(0)
        return environ.get(name, match.group(0))
    return VARIABLE.sub(replace, text)


def substitute(value: Any, environ: Mapping[str, str], where: str, key: str) -> Any:
    """`$VAR` / `${VAR}` in every string of `value` (lists and maps too); `$$` is a literal `$`."""
    if isinstance(value, str):
        if "$" not in value:
            return value

        def replace(match):
            if match.group(0) == "$$":
                return "$"
            name = match.group(1) or match.group(2)
            if name in LITERAL_VARIABLES and name not in environ:
                return match.group(0)
            if name not in environ:
                raise InputError(f"{where}: environment variable '{name}' (in key '{key}') is not set",
                                 hint="Export it, or give it in a file with --env-file FILE.")
            return environ[name]
        return VARIABLE.sub(replace, value)
    if isinstance(value, list):
        return [substitute(item, environ, where, key) for item in value]
    if isinstance(value, dict):
        return {k: substitute(v, environ, where, f"{key}.{k}") for k, v in value.items()}
    return value


# Files ----------------------------------------------------------------------------------------------------
def _read(path: str) -> tuple[str, Any]:
    source = "<stdin>" if path == STDIN else path
    if path != STDIN and not os.path.isfile(os.path.expanduser(path)):
        raise InputError(f"File '{path}' not found")
    data = parse_yaml(read_text(path, "FILE", stdin=True), f"'{source}'")
    if not data:
        raise InputError(f"'{source}' is empty or holds no resources")
    if not isinstance(data, dict):
        raise InputError(f"'{source}' must map block names (organizations, workspaces, ...) to lists of entries")
    return source, data


def expand(paths: list[str]) -> list[str]:
    """The files to read, as seqerakit finds them: a directory stands for every .yml/.yaml file under it."""
    found: list[str] = []
    for path in paths:
        expanded = os.path.expanduser(path)
        if path != STDIN and os.path.isdir(expanded):
            names = sorted(os.path.join(root, name) for root, _dirs, files in os.walk(expanded) for name in files
                           if name.lower().endswith((".yml", ".yaml")))
            if not names:
                raise InputError(f"Directory '{path}' holds no .yml or .yaml file")
            found.extend(names)
        else:
            found.append(path)
    return found


def merge(documents: Iterable[tuple[str, dict]]) -> dict[str, list[tuple[str, int, Any]]]:
    """The blocks of several files as seqerakit merges them: a block's entries are appended in file order, an entry
    identical to one already there is dropped. Each entry keeps its file and its position in that file's block."""
    merged: dict[str, list[tuple[str, int, Any]]] = {}
    for source, data in documents:
        for block, items in data.items():
            if not isinstance(items, list):
                raise InputError(f"'{source}': block '{block}' must be a list of entries")
            have = merged.setdefault(str(block), [])
            seen = {_canonical(item) for _, _, item in have}
            for index, item in enumerate(items, 1):
                if _canonical(item) not in seen:
                    have.append((source, index, item))
                    seen.add(_canonical(item))
    return merged


def _close(wanted: str, names: Iterable[str]) -> str | None:
    close = close_names(wanted, names)
    return ("Did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close else None


def _canonical(item: Any) -> str:
    return json.dumps(item, sort_keys=True, default=str)


# Entries ----------------------------------------------------------------------------------------------------
def parse_targets(targets: str | None) -> list[str] | None:
    if not targets:
        return None
    wanted = [t.strip() for t in targets.split(",") if t.strip()]
    for target in wanted:
        if target not in ORDER:
            raise InputError(f"Unknown target '{target}' in --targets",
                             hint=_close(target, ORDER) or f"Blocks: {', '.join(ORDER)}.")
    return wanted


def _on_exists(raw: dict, where: str) -> str:
    legacy = raw.pop("overwrite", None)
    value = raw.pop("on_exists", None)
    if legacy is not None:
        if not isinstance(legacy, bool):
            raise InputError(f"{where}: key 'overwrite' must be true or false, not {legacy!r}")
        return "overwrite" if legacy else "fail"
    if value is None:
        return "fail"
    text = str(value).strip().lower()
    if text not in ON_EXISTS:
        raise InputError(f"{where}: key 'on_exists' must be one of {', '.join(ON_EXISTS)}, not {value!r}")
    return text


def validate(kind: str, raw: Any, source: str, index: int, environ: Mapping[str, str], base_dir: str | None) -> Entry:
    """One entry checked against its kind's keys, variables substituted and files read."""
    where = f"{source}: {kind}[{index}]"
    if not isinstance(raw, dict):
        raise InputError(f"{where}: an entry must be a mapping of keys to values, not {type(raw).__name__}")
    raw = {str(k): v for k, v in raw.items() if v is not None}   # seqerakit skips keys without a value
    label = next((raw[k] for k in ("name", "user", "email") if isinstance(raw.get(k), (str, int))), None)
    if label is not None:
        where += f" '{label}'"
    note = None
    if kind == "participants" and "user" in raw and "name" not in raw and "workspace" not in raw:
        # seqerakit's own templates/members.yml lists organization members under `participants:`.
        kind, note = "members", "listed under participants: with user/organization keys, applied as an organization member"
    spec = KINDS[kind]
    on_exists = _on_exists(raw, where)
    raw = {k: substitute(v, environ, where, k) for k, v in raw.items()}
    schema = spec.schema(raw, where)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in schema:
            hint = _close(key, schema)
            raise InputError(f"{where}: unknown key '{key}' for {kind}",
                             hint=hint or f"Keys of {kind}: {', '.join(sorted(schema))}.")
        values[key] = fields.coerce(schema[key], value, where, base_dir)
    for key in schema.values():
        if key.required and key.name not in values:
            raise InputError(f"{where}: missing required key '{key.name}'")
    entry = Entry(kind, values, source, index, on_exists, note)
    if spec.check:
        spec.check(entry)
    return entry


def load(paths: list[str], *, environ: Mapping[str, str] | None = None, env_file: str | None = None,
         targets: str | None = None) -> Document:
    """Read, merge and validate the files (`-` is standard input), in seqerakit's order of blocks."""
    environ = dict(os.environ if environ is None else environ)
    if env_file:
        environ.update(read_env_file(env_file, environ))
    wanted = parse_targets(targets)
    paths = expand(paths)
    documents = [_read(path) for path in paths]
    merged = merge(documents)
    for block in merged:
        source = next(s for s, _, _ in merged[block]) if merged[block] else paths[0]
        if block not in ORDER:
            raise InputError(f"'{source}': unknown block '{block}'",
                             hint=_close(block, ORDER) or f"Blocks: {', '.join(ORDER)}.")
        if block not in KINDS and merged[block] and (wanted is None or block in wanted):
            raise InputError(f"'{source}': twpy apply does not manage {block} yet",
                             hint="Leave the block out with --targets (e.g. --targets "
                                  + ",".join(b for b in ORDER if b in merged and b in KINDS) + ").")
    base_dirs = {("<stdin>" if p == STDIN else p): os.path.dirname(os.path.abspath(p)) if p != STDIN else None
                 for p in paths}
    document = Document(files=[s for s, _ in documents])
    for block in ORDER:
        if wanted is not None and block not in wanted:
            continue
        for source, index, raw in merged.get(block, ()):
            document.entries.append(validate(block, raw, source, index, environ, base_dirs.get(source)))
    # Members read from a `participants:` block (seqerakit's template) go where members go.
    document.entries.sort(key=lambda e: ORDER.index(e.kind))
    _no_duplicates(document.entries)
    return document


def _no_duplicates(entries: list[Entry]) -> None:
    seen: dict[tuple, Entry] = {}
    for entry in entries:
        key = (entry.kind, entry.scope_ref, KINDS[entry.kind].identity(entry.values))
        if key in seen:
            raise InputError(f"{entry.where}: the same {entry.kind} entry is also at {seen[key].where}",
                             hint="Give each resource once per workspace or organization.")
        seen[key] = entry
