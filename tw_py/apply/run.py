"""Plan first, then apply (or delete): generic over the kinds table, never over a kind's name.

`plan` reads each entry's resource as it is now (every page), compares it with the entry and decides one Change;
it only reads. `apply` carries the changes out in order and stops at the first failure, leaving the rest marked
not attempted: running apply again plans from what is there and so continues where it stopped.
"""
from __future__ import annotations

from typing import Any, Callable

from tw_py.api.workspaces import INVALID_REF, Workspace
from tw_py.apply import plan as plans
from tw_py.apply.kinds import GLOBAL, KINDS, ORG, PENDING, WORKSPACE, Kind
from tw_py.apply.plan import (
    APPLIED,
    CONFLICT,
    CREATE,
    DELETE,
    FAILED,
    LAUNCH,
    NOT_ATTEMPTED,
    NOTHING,
    REPLACE,
    UNCHANGED,
    UPDATE,
    Change,
    FieldChange,
)
from tw_py.errors import InputError, TwpyError

OVERWRITE, IGNORE = "overwrite", "ignore"


class Context:
    """What one apply shares: the client, the account directory, cached listings, and what the plan creates."""

    def __init__(self, client, directory, *, progress: Callable[[str], None] | None = None,
                 wait_timeout: float | None = None):
        self.client = client
        self.directory = directory
        self.progress = progress or (lambda text: None)
        self.wait_timeout = wait_timeout
        self._cache: dict[tuple, Any] = {}
        #: (kind, scope, identity) of what this apply creates or replaces (filled while planning).
        self.recreated: set[tuple] = set()

    # Cached reads ------------------------------------------------------------------------------------------
    def cached(self, key: tuple, fetch: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = fetch()
        return self._cache[key]

    def forget(self, *keys: tuple) -> None:
        for key in keys:
            self._cache.pop(key, None)

    def changed_directory(self) -> None:
        """An organization or workspace was created, changed or deleted: read them again when next needed."""
        self.directory.invalidate()
        for key in list(self._cache):
            if key[0] in ("orgs", "workspaces"):
                del self._cache[key]

    def will_recreate(self, kind: str, scope: Any, name: str) -> bool:
        return (kind, scope, name) in self.recreated

    # Scopes --------------------------------------------------------------------------------------------------
    def organization(self, name: str) -> dict | None:
        """The directory entry of an organization the user belongs to, or None."""
        entry = self.directory.find(lambda e: e.get("workspaceId") is None and e.get("orgName") == name)
        return {"orgId": entry["orgId"], "name": name} if entry else None

    def workspace(self, ref: str | None) -> Workspace | None:
        """A workspace by `org/ws` (or numeric id), the personal one for None; None when it does not exist."""
        if ref is None or not str(ref).strip():
            return Workspace(self.directory, None)
        text = str(ref).strip()
        if "/" not in text:
            try:
                return Workspace(self.directory, int(text))
            except ValueError:
                raise InputError(INVALID_REF.format(ref=text)) from None
        parts = text.split("/")
        if len(parts) != 2:
            raise InputError(INVALID_REF.format(ref=text))
        org, name = parts[0].strip(), parts[1].strip()
        entry = self.directory.find(lambda e: e.get("orgName") == org and e.get("workspaceName") == name)
        return Workspace(self.directory, entry["workspaceId"], entry) if entry else None

    def scope(self, kind: Kind, entry) -> Any:
        """Where an entry's resource lives: an organization dict, a Workspace, {} for global kinds; PENDING when
        this apply creates it first; None when it does not exist."""
        if kind.scope == GLOBAL:
            return {}
        if kind.scope == ORG:
            name = entry.values["organization"]
            found = self.organization(name)
            if found is None and self.will_recreate("organizations", None, name):
                return PENDING
            return found
        ref = entry.values.get("workspace")
        found = self.workspace(ref)
        if found is None and "/" in str(ref):
            org, name = (part.strip() for part in str(ref).split("/", 1))
            if self.will_recreate("workspaces", org, name) or self.will_recreate("organizations", None, org):
                return PENDING
        return found


def scope_key(kind: Kind, entry) -> str | None:
    """How the plan names an entry's scope: `org/ws` (None: personal), the organization's name, or None."""
    if kind.scope == WORKSPACE:
        return entry.values.get("workspace")
    if kind.scope == ORG:
        return entry.values.get("organization")
    return None


def scope_type(kind: Kind) -> str:
    return {WORKSPACE: "workspace", ORG: "organization"}.get(kind.scope, "none")


def _missing(kind: Kind, entry) -> InputError:
    if kind.scope == ORG:
        what = f"Organization '{entry.values.get('organization')}'"
        hint = "Add it to an organizations: block, or fix the name ('twpy organizations list')."
    else:
        what = f"Workspace '{entry.values.get('workspace')}'"
        hint = "Add it to a workspaces: block, or fix the name ('twpy workspaces list')."
    return InputError(f"{entry.where}: {what} not found", hint=hint)


# Comparing ---------------------------------------------------------------------------------------------------
def _empty(value: Any) -> bool:
    return value is None or value is False or value == "" or value == [] or value == {} or \
        (isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0)


def same(want: Any, have: Any, ordered: bool = False) -> bool:
    """Whether a desired value and the current one mean the same (an absent value equals an empty or false one,
    text ignores trailing blank space, lists of names compare as sets unless their order matters)."""
    if _empty(want) and _empty(have):
        return True
    if isinstance(want, bool) or isinstance(have, bool):
        return bool(want) == bool(have) and type(want) is type(have)
    if isinstance(want, (int, float)) and isinstance(have, str) or isinstance(have, (int, float)) and isinstance(want, str):
        return str(want).strip() == str(have).strip()
    if isinstance(want, str) and isinstance(have, str):
        return want.replace("\r\n", "\n").rstrip() == have.replace("\r\n", "\n").rstrip()
    if isinstance(want, list) and isinstance(have, list):
        if len(want) != len(have):
            return False
        if not ordered and all(not isinstance(x, (dict, list)) for x in want + have):
            return sorted(map(str, want)) == sorted(map(str, have))
        return all(same(a, b, ordered) for a, b in zip(want, have))
    if isinstance(want, dict) and isinstance(have, dict):
        return all(same(want.get(k), have.get(k), ordered) for k in set(want) | set(have))
    return want == have


def compare(kind: Kind, desired: dict, current: dict) -> list[FieldChange]:
    """The fields the entry sets whose current values differ."""
    found = []
    for name, want in desired.items():
        if want is None:
            continue
        have = current.get(name)
        if not same(want, have, name in kind.ordered):
            found.append(FieldChange(name, have, want, kind.changeable(name)))
    return found


# Planning ----------------------------------------------------------------------------------------------------
def plan(ctx: Context, entries: list, *, delete: bool = False, on_exists: str | None = None, replace: bool = False,
         update_secrets: bool = False) -> list[Change]:
    """One Change per entry, in order (the reverse order for `delete`; launches are not deleted). Reads only."""
    if delete:
        entries = [e for e in reversed(entries) if not KINDS[e.kind].launch]
    return [plan_entry(ctx, entry, delete=delete, policy=on_exists or entry.on_exists, replace=replace,
                       update_secrets=update_secrets) for entry in entries]


def plan_entry(ctx: Context, entry, *, delete: bool, policy: str, replace: bool, update_secrets: bool) -> Change:
    kind = KINDS[entry.kind]
    change = Change(kind.block, entry.name, scope_key(kind, entry), scope_type(kind), UNCHANGED, entry=entry,
                    note=entry.note)
    scope = ctx.scope(kind, entry)
    if kind.launch:
        if scope is None:
            raise _missing(kind, entry)
        change.action = LAUNCH
        return change
    if scope is None and delete:
        change.note = "already absent"
        return change
    if scope is None:
        raise _missing(kind, entry)
    current = None if scope is PENDING else kind.find(ctx, scope, entry)
    change.current = current
    identity = (kind.block, scope_key(kind, entry), kind.identity(entry.values))
    if delete:
        if current is None:
            change.note = "already absent"
        else:
            change.action = DELETE
        return change
    if current is None:
        change.action = CREATE
        ctx.recreated.add(identity)
        return change
    change.fields = compare(kind, kind.desired_fields(ctx, entry), kind.read_fields(ctx, scope, current, entry))
    hidden = kind.unreadable(entry.values)
    if not change.fields:
        if hidden and policy == OVERWRITE and update_secrets and kind.update is not None:
            change.action = UPDATE
            change.note = "secret values written again (" + ", ".join(hidden) + ")"
        elif hidden:
            change.note = "secret values are not compared (" + ", ".join(hidden) + "); --update-secrets writes them"
        return change
    if policy == IGNORE:
        change.note = "exists and differs: left as it is (on_exists: ignore)"
        return change
    fixed = [f.field for f in change.fields if not f.in_place]
    if fixed and (policy == OVERWRITE or replace):
        change.action = REPLACE
        change.note = "deleted and created again: " + ", ".join(fixed) + " cannot change in place"
        ctx.recreated.add(identity)
    elif not fixed and policy == OVERWRITE and kind.update is not None:
        change.action = UPDATE
    else:
        change.action = CONFLICT
        if fixed and policy == OVERWRITE:
            change.note = "exists and differs"
        elif fixed:
            change.note = ("exists and differs in what cannot change in place: set 'on_exists: overwrite' or "
                           "pass --replace to delete and create it again")
        else:
            change.note = "exists and differs: set 'on_exists: overwrite' (or --on-exists overwrite) to update it"
    return change


def conflicts_error(changes: list[Change]) -> TwpyError | None:
    """The error that stops an apply before any write when an entry exists, differs and may not be changed."""
    found = [c for c in changes if c.action == CONFLICT]
    if not found:
        return None
    first = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return TwpyError(f"{first.entry.where} exists and differs ({', '.join(f.field for f in first.fields)}) and its "
                     f"on_exists is 'fail'{more}: nothing was changed",
                     hint="Set 'on_exists: overwrite' (update) or 'ignore' (leave it) on the entry, or pass "
                          "--on-exists overwrite.")


# Applying ----------------------------------------------------------------------------------------------------
VERBS = {CREATE: "created", UPDATE: "updated", REPLACE: "replaced", DELETE: "deleted", LAUNCH: "launched"}


def apply(ctx: Context, changes: list[Change], report: Callable[[Change], None] = lambda change: None) -> None:
    """Carry the changes out in order; at the first failure mark it failed and the rest not attempted, and raise
    the error with what failed in its message."""
    for position, change in enumerate(changes):
        if not change.writes:
            change.result = NOTHING
            continue
        try:
            execute(ctx, change)
        except TwpyError as error:
            change.result = FAILED
            for rest in changes[position + 1:]:
                rest.result = NOT_ATTEMPTED if rest.writes else NOTHING
            error.message = f"Could not {change.action} {change.kind} {change.label}: {error.message}"
            error.args = (error.message,)
            raise
        change.result = APPLIED
        report(change)


def execute(ctx: Context, change: Change) -> None:
    kind = KINDS[change.kind]
    entry = change.entry
    scope = ctx.scope(kind, entry)
    if scope is None or scope is PENDING:
        raise _missing(kind, entry)
    if change.action == CREATE or change.action == LAUNCH:
        change.outcome = kind.create(ctx, scope, entry) or {}
    elif change.action == UPDATE:
        if kind.update is None:
            raise TwpyError(f"{kind.block} cannot be updated in place")
        kind.update(ctx, scope, change.current, entry, change.fields)
    elif change.action == REPLACE:
        if kind.delete is None:
            raise TwpyError(f"{kind.block} cannot be deleted")
        kind.delete(ctx, scope, change.current)
        change.outcome = kind.create(ctx, scope, entry) or {}
    elif change.action == DELETE:
        if kind.delete is None:
            raise TwpyError(f"{kind.block} cannot be deleted")
        kind.delete(ctx, scope, change.current)


def document(changes: list[Change], *, dry_run: bool, delete: bool, check: bool = False) -> dict:
    """The one JSON document of an apply: every planned or applied change and the counts."""
    found = plans.counts([c for c in changes if dry_run or check or c.result in (APPLIED, NOTHING)])
    summary = {word: found[action] for action, word in plans.SUMMARY}
    summary["launched"] = found[LAUNCH]
    doc: dict[str, Any] = {"dryRun": dry_run or check, "delete": delete, "changes": [c.document() for c in changes],
                           "summary": summary}
    if check:
        doc["pending"] = len(plans.pending(changes))
    return doc
