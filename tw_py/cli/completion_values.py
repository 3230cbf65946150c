"""Completion of values (workspace, pipeline, compute environment, credential, run, label, dataset, data link and
studio names, run ids and studio session ids).

Completion reads the names cache (`tw_py.api.names`) and nothing else: no keyring, no HTTP, no requests import.
When a kind was never seen it starts a detached `python -m tw_py.cli.completion_values refresh ...` process and
waits for it a short while (TWPY_COMPLETE_TIMEOUT, default 3 s); when the names are stale it starts the refresh
and answers at once from what it has. Nothing is ever printed, prompted or raised into the shell.
"""
from __future__ import annotations

import os
import sys
import time

from tw_py.api.states import WORKFLOW_STATES
from tw_py.config.environment import number
from tw_py.errors import ConfigError

REFRESH_GUARD = 30.0  # seconds between two background refreshes of the same names
REFRESH_KEYRING_TIMEOUT = 1.0  # the refresh gives a locked keyring this long (completion waits for the refresh)
KEYRING_LOCKED_FOR = 120.0  # seconds completion stops waiting for refreshes after one met a locked keyring
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
RUN_STATUSES = frozenset(WORKFLOW_STATES)
#: Kinds read from another kind's names: run names from the runs (ids), studio session ids from the studios (names).
DERIVED_KINDS = {"run-names": "runs", "studio-ids": "studios"}


def _timeout() -> float:
    try:
        return number("TWPY_COMPLETE_TIMEOUT", 3.0)
    except ConfigError:  # completion never fails: a bad value means the default
        return 3.0


def complete(kind: str, ctx, param, incomplete: str) -> list:
    """click `shell_complete` callback body: CompletionItems for `kind` starting with `incomplete`."""
    try:
        return _complete(kind, ctx, incomplete or "")
    except Exception:  # noqa: BLE001 - never an error inside the user's shell
        return []


def api_paths(incomplete: str) -> list:
    """The spec's paths completing `incomplete`, with the values already typed in place of placeholders.

    `/pipelines/12/v` offers `/pipelines/12/versions` (from `/pipelines/{pipelineId}/versions`); a missing
    leading slash is added."""
    from tw_py.api.spec_paths import PATHS

    typed = incomplete if incomplete.startswith("/") else "/" + incomplete
    done, last = typed.rsplit("/", 1)
    done_parts = done.split("/")
    found: dict = {}
    for template, methods in PATHS:
        parts = template.split("/")
        if len(parts) <= len(done_parts):
            continue
        if any(not (piece == part or (piece[:1] == "{" and part)) for piece, part in zip(parts, done_parts)):
            continue
        head = parts[len(done_parts)]
        if head.startswith(last):
            value = "/".join(done_parts + parts[len(done_parts):])
        elif head[:1] == "{" and last:
            value = "/".join(done_parts + [last] + parts[len(done_parts) + 1:])
        else:
            continue
        found.setdefault(value, methods)
    return list(found.items())


def _scope(ctx) -> dict | None:
    """The URL, profile, token-if-given and workspace the command itself would use: the settings are resolved by
    `tw_py.config.settings.resolve` (the one implementation), from the global options typed on the line. No
    keyring, no HTTP. None when the settings are unusable (the command would fail too)."""
    from tw_py.config.settings import resolve

    flags = ctx.find_root().params or {}
    try:
        settings = resolve(profile=flags.get("profile"), url=flags.get("url"), insecure=bool(flags.get("insecure")),
                       token=flags.get("token"), must_exist=False)
    except ConfigError:
        return None
    workspace = None
    context = ctx
    while context is not None and workspace is None:
        workspace = (context.params or {}).get("workspace")
        context = context.parent
    return {"url": settings.url, "profile": settings.profile,
            "token": flags.get("token") or os.environ.get("TOWER_ACCESS_TOKEN"),
            "workspace": workspace if workspace is not None else settings.workspace,
            "flags": {"url": flags.get("url"), "profile": flags.get("profile"),
                      "insecure": bool(flags.get("insecure"))}}


def _complete(kind: str, ctx, incomplete: str) -> list:
    from click.shell_completion import CompletionItem

    if kind == "api-paths":
        return [CompletionItem(path, help=methods) for path, methods in api_paths(incomplete)]
    if kind == "http-methods":
        return [CompletionItem(m) for m in HTTP_METHODS if m.startswith(incomplete.upper())]
    from tw_py.api import names

    scope = _scope(ctx)
    if scope is None:
        return []
    prefix, partial = "", incomplete
    if kind == "labels" and "," in incomplete:
        prefix, partial = incomplete.rsplit(",", 1)
        prefix += ","
    values = _values(names, DERIVED_KINDS.get(kind, kind), scope)
    if kind == "runs":  # run ids; typing the start of a run name completes to its id (tw has no run names)
        return [CompletionItem(value, help=detail or None) for value, detail in values
                if value.startswith(partial) or (partial and detail.startswith(partial))]
    if kind == "run-names":  # run names themselves (for search filters)
        found: dict = {}
        for value, detail in values:
            name = detail.rsplit(" ", 1)[0] if " " in detail else detail
            if name and name not in RUN_STATUSES and name.startswith(partial):
                found.setdefault(name, value)
        return [CompletionItem(name, help=ident) for name, ident in found.items()]
    if kind == "studio-ids":  # session ids (the first word of a studio's description), its name as the help
        found = {}
        for value, detail in values:
            ident = detail.split(" ", 1)[0]
            if ident and ident.startswith(partial):
                found.setdefault(ident, value)
        return [CompletionItem(ident, help=name) for ident, name in found.items()]
    chosen = set(prefix.split(",")) if prefix else set()
    return [CompletionItem(prefix + value, help=detail or None) for value, detail in values
            if value.startswith(partial) and value not in chosen]


def _values(names, kind: str, scope: dict) -> list:
    url, profile, token = scope["url"], scope["profile"], scope["token"]
    if kind == "workspaces":
        values, age = names.recall(url, profile, "workspaces")
        if not values:
            values = names.workspaces(url, profile, token)
            age = 0.0 if values else None
        return _refreshed(names, kind, None, scope, values, age)
    key = names.workspace_id(url, profile, scope["workspace"], token)
    if key is None:  # a workspace name never seen: let the refresh resolve it
        return _refreshed(names, kind, None, scope, [], None, lookup=lambda: names.recall(
            url, profile, kind, names.workspace_id(url, profile, scope["workspace"], token)))
    values, age = names.recall(url, profile, kind, key)
    return _refreshed(names, kind, key, scope, values, age)


def _refreshed(names, kind, key, scope, values, age, lookup=None) -> list:
    """Values as known; refresh in the background when stale, and wait briefly when nothing is known."""
    if age is not None and age < names.stale_after():
        return values
    process = _spawn_refresh(names, kind, scope)
    if age is not None or process is None or _keyring_locked(names, scope):
        return values
    lookup = lookup or (lambda: names.recall(scope["url"], scope["profile"], kind, key))
    deadline = time.monotonic() + _timeout()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return lookup()[0]
        time.sleep(0.03)
    return lookup()[0]


def _keyring_marker(names, url: str, profile: str):
    return names.scope_dir(url, profile) / ".keyring-locked"


def _keyring_locked(names, scope: dict) -> bool:
    """A refresh found the keyring locked a moment ago: do not wait for this one either."""
    try:
        return time.time() - _keyring_marker(names, scope["url"], scope["profile"]).stat().st_mtime < KEYRING_LOCKED_FOR
    except OSError:
        return False


def _spawn_refresh(names, kind: str, scope: dict):
    """Start a detached refresh process (at most one per names every REFRESH_GUARD seconds)."""
    if os.environ.get("TWPY_COMPLETE_REFRESH", "1").lower() in ("0", "false", "no", "off"):
        return None
    workspace = scope["workspace"]
    guard = names.scope_dir(scope["url"], scope["profile"]) / f".refresh-{kind}-{names.workspace_key(workspace)}"
    try:
        if time.time() - guard.stat().st_mtime < REFRESH_GUARD:
            return None
    except OSError:
        pass
    try:
        guard.parent.mkdir(parents=True, exist_ok=True)
        guard.touch()
        import subprocess

        command = [sys.executable, "-m", "tw_py.cli.completion_values", "refresh", kind]
        if workspace is not None and kind != "workspaces":
            command += ["--workspace", str(workspace)]
        flags = scope["flags"]
        if flags["url"]:
            command += ["--url", flags["url"]]
        if flags["profile"]:
            command += ["--profile", flags["profile"]]
        if flags["insecure"]:
            command += ["--insecure"]
        env = dict(os.environ)
        env.pop("_TWPY_COMPLETE", None)
        if scope["token"]:  # a -t token goes through the environment, never the process list
            env["TOWER_ACCESS_TOKEN"] = scope["token"]
        try:  # a locked keyring ends the refresh quickly, and so the wait of a completion for it
            keyring_wait = min(float(env.get("TWPY_KEYRING_TIMEOUT", "5")), REFRESH_KEYRING_TIMEOUT)
        except ValueError:
            keyring_wait = REFRESH_KEYRING_TIMEOUT
        env["TWPY_KEYRING_TIMEOUT"] = str(keyring_wait)
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env, start_new_session=True, close_fds=True)
    except Exception:  # noqa: BLE001
        return None


# The refresh itself (runs in the background process) -------------------------------------------

#: kind -> (path, list key, paged)
SOURCES = {
    "pipelines": ("/pipelines", "pipelines", True),
    "compute-envs": ("/compute-envs", "computeEnvs", False),
    "credentials": ("/credentials", "credentials", False),
    "runs": ("/workflow", "workflows", True),
    "labels": ("/labels", "labels", True),
    "datasets": ("/datasets", "datasets", True),
    "data-links": ("/data-links", "dataLinks", True),
    "studios": ("/studios", "studios", True),
}
REFRESH_LIMIT = 500  # the most names one refresh fetches per kind


def refresh(app, kind: str, workspace: str | None) -> int:
    """Fetch the names of `kind` (and the workspace directory) and store them for completion."""
    from itertools import islice

    from tw_py.api import paging

    entries = app.directory.entries(fresh=kind == "workspaces")
    app.remember_names("workspaces", None, entries, replace=True)
    if kind == "workspaces":
        return len(entries)
    ws = app.workspace(workspace)
    path, key, paged = SOURCES[kind]
    if paged:
        items = list(islice(paging.iter_items(app.client, path, key, ws.params()), REFRESH_LIMIT))
    else:
        items = (app.client.get(path, ws.params()) or {}).get(key) or []
    app.remember_names(kind, ws, items, replace=True)
    return len(items)


def main(argv: list[str] | None = None) -> int:
    """`python -m tw_py.cli.completion_values refresh KIND [--workspace W] [--url U] [--profile P] [--insecure]`."""
    import argparse

    parser = argparse.ArgumentParser(prog="twpy-complete-refresh")
    parser.add_argument("command", choices=["refresh"])
    parser.add_argument("kind", choices=["workspaces", *SOURCES])
    parser.add_argument("--workspace")
    parser.add_argument("--url")
    parser.add_argument("--profile")
    parser.add_argument("--insecure", action="store_true")
    args = parser.parse_args(argv)
    from tw_py.api import names
    from tw_py.cli.context import AppContext
    from tw_py.config.tokens import KeyringUnavailable

    app = AppContext(url=args.url, profile=args.profile, insecure=args.insecure)
    try:
        refresh(app, args.kind, args.workspace)
        try:
            _keyring_marker(names, app.settings.url, app.settings.profile).unlink()
        except OSError:
            pass
        return 0
    except Exception as exc:  # noqa: BLE001 - a background refresh fails silently; completion just offers less
        if isinstance(exc.__cause__, KeyringUnavailable):
            try:
                marker = _keyring_marker(names, app.settings.url, app.settings.profile)
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()
            except Exception:  # noqa: BLE001
                pass
        return 1
    finally:
        app.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
