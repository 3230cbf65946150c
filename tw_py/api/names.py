"""Names for shell completion: a small on-disk cache per server URL + profile, written by list commands.

Completion must never touch the keyring (it may be locked), so this cache is keyed by what completion can know
cheaply: the API URL and the profile name. Under `<cache dir>/names/<url>@<profile>/` one text file per kind and
workspace (`pipelines-<workspaceId|user>.txt`, `workspaces.txt`) holds `value<TAB>description` lines; the file's
modification time is when the names were seen. Plain text keeps completion free of json/hashlib imports.
Reading and writing never raise: a broken cache only costs completions.
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any, Iterable

from tw_py.config import paths
from tw_py.config.environment import number
from tw_py.errors import ConfigError

KINDS = ("workspaces", "pipelines", "compute-envs", "credentials", "runs", "labels", "datasets", "data-links", "studios")
MAX_VALUES = 1000
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def stale_after() -> float:
    """Seconds after which completion refreshes a kind in the background (TWPY_NAMES_TTL, default 600)."""
    try:
        return number("TWPY_NAMES_TTL", 600.0)
    except ConfigError:  # completion never fails: a bad value means the default
        return 600.0


def scope_dir(url: str, profile: str) -> Path:
    """The directory of one server + profile's names."""
    server = _UNSAFE.sub("_", url.split("://", 1)[-1].rstrip("/"))
    return paths.cache_dir() / "names" / f"{server}@{_UNSAFE.sub('_', profile)}"


def workspace_key(workspace: Any) -> str:
    """`user` for the personal workspace, else the numeric id as text. Accepts None, an id or a Workspace."""
    if workspace is not None and not isinstance(workspace, (int, str)):
        workspace = getattr(workspace, "id", None)
    return "user" if workspace in (None, "") else _UNSAFE.sub("_", str(workspace))


def names_file(url: str, profile: str, kind: str, workspace: Any = None) -> Path:
    name = "workspaces" if kind == "workspaces" else f"{_UNSAFE.sub('_', kind)}-{workspace_key(workspace)}"
    return scope_dir(url, profile) / f"{name}.txt"


def _read(path: Path) -> list[list[str]]:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, ValueError):
        return []
    return [line.split("\t", 1) if "\t" in line else [line, ""] for line in text.splitlines() if line]


def _clean(text: Any) -> str:
    return " ".join(str(text).split()) if text is not None else ""


# Turning API items into (value, description) pairs ------------------------------------------------

def _join(*parts) -> str:
    return " ".join(str(p) for p in parts if p not in (None, ""))


def extract(kind: str, items: Iterable[Any]) -> list[list[str]]:
    """(value, description) pairs for completion from API list items (or plain strings)."""
    pairs: list[list[str]] = []
    for item in items or ():
        if isinstance(item, str):
            pairs.append([item, ""])
            continue
        if not isinstance(item, dict):
            continue
        if kind == "workspaces":
            if item.get("workspaceId") is not None and item.get("orgName") and item.get("workspaceName"):
                pairs.append([f"{item['orgName']}/{item['workspaceName']}", str(item["workspaceId"])])
        elif kind == "runs":
            nested = item.get("workflow")
            run: dict = nested if isinstance(nested, dict) else item
            if run.get("id"):  # runs are addressed by id; the name (and status) is the description
                pairs.append([str(run["id"]), _join(run.get("runName"), run.get("status"))])
        elif kind == "labels":
            name = item.get("name")
            if name:
                value = item.get("value")
                pairs.append([f"{name}={value}" if item.get("resource") and value else str(name), ""])
        elif item.get("name"):
            detail = {"pipelines": item.get("repository"),
                      "compute-envs": _join(item.get("platform"), item.get("status")),
                      "credentials": item.get("provider"),
                      "data-links": _join(item.get("provider"), item.get("resourceRef")),
                      # a studio's session id first: completion of -i offers it (kind studio-ids)
                      "studios": _join(item.get("sessionId"), (item.get("statusInfo") or {}).get("status"))}.get(kind)
            pairs.append([str(item["name"]), str(detail or "")])
    return [[_clean(value), _clean(detail)] for value, detail in pairs if _clean(value)]


# Writing --------------------------------------------------------------------------------------

def _write(path: Path, pairs: list[list[str]]) -> None:
    paths.write_private(path, "".join(f"{value}\t{detail}\n" for value, detail in pairs[:MAX_VALUES]))


def remember(settings: Any, kind: str, workspace: Any, items: Iterable[Any], replace: bool = False) -> None:
    """Record names of `kind` seen in `workspace` (None/id/Workspace) for completion.

    `settings` is anything with `.url` and `.profile` (the invocation's Settings). Names are merged with those
    already known unless `replace` (a complete listing). Never raises.
    """
    try:
        pairs = extract(kind, items)
        if not pairs and not replace:
            return
        path = names_file(settings.url, settings.profile, kind, workspace)
        merged: dict[str, str] = {}
        for value, detail in pairs + ([] if replace else _read(path)):
            merged.setdefault(value, detail)
        _write(path, [[v, d] for v, d in merged.items()])
        if kind in ("pipelines", "runs", "compute-envs"):  # labels shown with the items are label names too
            attached = [label for item in items or () if isinstance(item, dict)
                        for label in (item.get("labels") or []) if isinstance(label, dict)]
            if attached:
                remember(settings, "labels", workspace, attached)
        known_as = _workspace_name(workspace)
        if known_as and kind != "workspaces":
            directory = names_file(settings.url, settings.profile, "workspaces")
            known = _read(directory)
            if known_as not in {v for v, _ in known}:
                _write(directory, known + [[known_as, workspace_key(workspace)]])
                os.utime(directory, (0, 0))  # a partial directory: still worth a refresh
    except Exception:  # noqa: BLE001 - completion data must never break a command
        pass


def _workspace_name(workspace: Any) -> str | None:
    """`Org/Workspace` of a resolved Workspace whose entry is already known (never triggers a lookup)."""
    entry = getattr(workspace, "_entry", None)
    if isinstance(entry, dict) and entry.get("orgName") and entry.get("workspaceName"):
        return f"{entry['orgName']}/{entry['workspaceName']}"
    return None


# Reading --------------------------------------------------------------------------------------

def recall(url: str, profile: str, kind: str, workspace: Any = None) -> tuple[list[list[str]], float | None]:
    """The (value, description) pairs known for a kind in a workspace, and their age in seconds (None: never)."""
    path = names_file(url, profile, kind, workspace)
    try:
        age = max(0.0, time.time() - path.stat().st_mtime)
    except OSError:
        return [], None
    return _read(path), age


def workspaces(url: str, profile: str, token: str | None = None) -> list[list[str]]:
    """Known `Org/Workspace` names (with ids): the names cache, else the account cache of the workspace lookups."""
    known, _ = recall(url, profile, "workspaces")
    if known:
        return known
    return extract("workspaces", _account_entries(url, token))


def _account_entries(url: str, token: str | None) -> list:
    """Entries of the account cache (`account-<key>.json`): the token's own when it is known without the keyring,
    else the most recently written one."""
    import json

    directory = paths.cache_dir()
    candidates: list[Path] = []
    if token:
        from tw_py.api.cache import account_key

        candidates.append(directory / f"account-{account_key(url, token)}.json")
    else:
        try:
            candidates = sorted(directory.glob("account-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[:1]
        except OSError:
            return []
    for path in candidates:
        try:
            with open(path, encoding="utf-8") as handle:
                data = (json.load(handle) or {}).get("data") or {}
            return list(data.get("entries") or [])
        except (OSError, ValueError, AttributeError):
            continue
    return []


def workspace_id(url: str, profile: str, ref: str | None, token: str | None = None) -> str | None:
    """The names-cache key of a workspace reference (`user`, an id), or None when the name is not known yet."""
    if ref is None or str(ref).strip() == "":
        return "user"
    ref = str(ref).strip()
    if ref.isdigit():
        return ref
    for name, ident in workspaces(url, profile, token):
        if name == ref and ident:
            return ident
    return None
