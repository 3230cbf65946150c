"""Names for shell completion: a small on-disk cache per server URL + profile, written by list commands.

Completion must never touch the keyring (it may be locked), so this cache is keyed by what completion can know
cheaply: the API URL and the profile name. One JSON file per (url, profile) holds, per kind and workspace, the
names last seen and when. Reading and writing never raise: a broken cache only costs completions.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any, Iterable

from tw_py.config import paths

KINDS = ("workspaces", "pipelines", "compute-envs", "credentials", "runs", "labels")
MAX_VALUES = 1000
VERSION = 1


def stale_after() -> float:
    """Seconds after which completion refreshes a kind in the background (TWPY_NAMES_TTL, default 600)."""
    try:
        return float(os.environ.get("TWPY_NAMES_TTL", "600"))
    except ValueError:
        return 600.0


def scope_key(url: str, profile: str) -> str:
    return hashlib.sha256(f"{url}\0{profile}".encode()).hexdigest()[:20]


def cache_path(url: str, profile: str) -> Path:
    return paths.cache_dir() / f"names-{scope_key(url, profile)}.json"


def workspace_key(workspace: Any) -> str:
    """`user` for the personal workspace, else the numeric id as text. Accepts None, an id or a Workspace."""
    if workspace is not None and not isinstance(workspace, (int, str)):
        workspace = getattr(workspace, "id", None)
    return "user" if workspace in (None, "") else str(workspace)


def _load(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            doc = json.load(handle)
        if isinstance(doc, dict) and doc.get("version") == VERSION:
            return doc
    except (OSError, ValueError):
        pass
    return {"version": VERSION, "entries": {}}


# Turning API items into (value, description) pairs ------------------------------------------------

def _text(*parts) -> str:
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
            run = item.get("workflow") if isinstance(item.get("workflow"), dict) else item
            if run.get("id"):
                pairs.append([str(run["id"]), _text(run.get("runName"), run.get("status"))])
            if run.get("runName"):
                pairs.append([str(run["runName"]), _text(run.get("id"), run.get("status"))])
        elif kind == "labels":
            name = item.get("name")
            if name:
                value = item.get("value")
                pairs.append([f"{name}={value}" if item.get("resource") and value else str(name), ""])
        elif item.get("name"):
            detail = {"pipelines": item.get("repository"),
                      "compute-envs": _text(item.get("platform"), item.get("status")),
                      "credentials": item.get("provider")}.get(kind)
            pairs.append([str(item["name"]), str(detail or "")])
    return pairs


# Writing --------------------------------------------------------------------------------------

def remember(settings: Any, kind: str, workspace: Any, items: Iterable[Any], replace: bool = False) -> None:
    """Record names of `kind` seen in `workspace` (None/id/Workspace) for completion.

    `settings` is anything with `.url` and `.profile` (the invocation's Settings). Names are merged with those
    already known unless `replace` (a complete listing). Never raises.
    """
    try:
        pairs = extract(kind, items)
        if not pairs and not replace:
            return
        path = cache_path(settings.url, settings.profile)
        doc = _load(path)
        doc.update(url=settings.url, profile=settings.profile)
        key = f"{kind}:{'*' if kind == 'workspaces' else workspace_key(workspace)}"
        entry = doc["entries"].get(key) or {}
        merged: dict[str, str] = {}
        for value, detail in pairs + ([] if replace else list(entry.get("values") or [])):
            merged.setdefault(value, detail)
        doc["entries"][key] = {"time": time.time(), "values": [list(p) for p in merged.items()][:MAX_VALUES]}
        entry_name = _workspace_name(workspace)
        if entry_name and kind != "workspaces":
            known = doc["entries"].setdefault("workspaces:*", {"time": 0, "values": []})
            if entry_name not in {v for v, _ in known["values"]}:
                known["values"].append([entry_name, workspace_key(workspace)])
        paths.write_private(path, json.dumps(doc, separators=(",", ":")))
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
    doc = _load(cache_path(url, profile))
    key = f"{kind}:{'*' if kind == 'workspaces' else workspace_key(workspace)}"
    entry = doc["entries"].get(key)
    if not isinstance(entry, dict):
        return [], None
    values = [v for v in entry.get("values") or [] if isinstance(v, list) and len(v) == 2]
    return values, max(0.0, time.time() - float(entry.get("time") or 0))


def workspaces(url: str, profile: str, token: str | None = None) -> list[list[str]]:
    """Known `Org/Workspace` names (with ids): the names cache, else the account cache of the workspace lookups."""
    known, _ = recall(url, profile, "workspaces")
    if known:
        return known
    return extract("workspaces", _account_entries(url, token))


def _account_entries(url: str, token: str | None) -> list:
    """Entries of the account cache (`account-<key>.json`): the token's own when it is known without the keyring,
    else the most recently written one."""
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
