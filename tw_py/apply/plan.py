"""What an apply would do: one Change per entry (create, update, replace, unchanged, delete, launch), the fields
that differ with their old and new values, and how it went. Secret values never enter a Change."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CREATE, UPDATE, REPLACE, UNCHANGED, DELETE, LAUNCH = "create", "update", "replace", "unchanged", "delete", "launch"
#: Exists and differs but `on_exists: fail` forbids changing it: the apply stops before any write.
CONFLICT = "conflict"
ACTIONS = (CREATE, UPDATE, REPLACE, UNCHANGED, DELETE, LAUNCH, CONFLICT)
SYMBOLS = {CREATE: "+", UPDATE: "~", REPLACE: "-/+", UNCHANGED: "=", DELETE: "-", LAUNCH: ">", CONFLICT: "!"}
#: Results of a change: not applied yet (a dry run), applied, failed, or not attempted (after a failure).
PLANNED, APPLIED, FAILED, NOT_ATTEMPTED = "planned", "applied", "failed", "not attempted"
#: The result of a change that needed no request.
NOTHING = "unchanged"
SUMMARY = ((CREATE, "created"), (UPDATE, "updated"), (REPLACE, "replaced"), (DELETE, "deleted"),
           (UNCHANGED, "unchanged"))
MAX_SHOWN = 60


@dataclass(frozen=True)
class FieldChange:
    """One field that differs. `in_place`: the API can change it without recreating the resource."""

    field: str
    old: Any
    new: Any
    in_place: bool = True

    def document(self) -> dict:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass
class Change:
    """What happens to one entry's resource."""

    kind: str
    name: str
    scope: str | None          # `org/ws` for workspace resources, the organization's name for org resources
    scope_type: str            # workspace, organization or none
    action: str
    fields: list[FieldChange] = field(default_factory=list)
    note: str | None = None
    result: str = PLANNED
    entry: Any = None           # the loader's Entry (None for nothing)
    current: Any = None         # the resource as found (kind-specific), for update/replace/delete
    outcome: dict = field(default_factory=dict)   # what applying produced (ids), for the JSON document

    @property
    def writes(self) -> bool:
        return self.action not in (UNCHANGED, CONFLICT)

    @property
    def label(self) -> str:
        if self.scope_type == "workspace":
            return f"{self.name} at {self.scope or 'personal workspace'}"
        if self.scope_type == "organization":
            return f"{self.name} in {self.scope}"
        return self.name

    def document(self) -> dict:
        doc: dict[str, Any] = {"kind": self.kind, "name": self.name}
        if self.scope_type == "workspace":
            doc["workspace"] = self.scope
        elif self.scope_type == "organization":
            doc["organization"] = self.scope
        doc["action"] = self.action
        doc["fields"] = [f.document() for f in self.fields]
        if self.note:
            doc["note"] = self.note
        doc["result"] = self.result
        doc.update(self.outcome)
        return doc


def counts(changes: list[Change]) -> dict[str, int]:
    found = {action: 0 for action in ACTIONS}
    for change in changes:
        found[change.action] += 1
    return found


def summary_line(changes: list[Change], *, done: bool) -> str:
    """`N created, N updated, N replaced, N deleted, N unchanged` (after an apply), or what a plan would do."""
    found = counts(changes)
    if done:
        applied = [c for c in changes if c.result in (APPLIED, NOTHING)]
        found = counts(applied)
        line = ", ".join(f"{found[action]} {word}" for action, word in SUMMARY)
        if found[LAUNCH]:
            line += f", {found[LAUNCH]} launched"
        return line
    parts = [f"{found[CREATE]} to create", f"{found[UPDATE]} to update", f"{found[REPLACE]} to replace",
             f"{found[DELETE]} to delete", f"{found[UNCHANGED]} unchanged"]
    if found[LAUNCH]:
        parts.append(f"{found[LAUNCH]} to launch")
    if found[CONFLICT]:
        parts.append(f"{found[CONFLICT]} in conflict")
    return ", ".join(parts)


def pending(changes: list[Change]) -> list[Change]:
    """The changes that make the Platform differ from the files (launches do not count: they run each apply)."""
    return [c for c in changes if c.action in (CREATE, UPDATE, REPLACE, DELETE, CONFLICT)]


def shown(value: Any) -> str:
    """A value as the plan shows it: short, one line."""
    import json

    if value is None:
        return "(none)"
    if isinstance(value, str):
        text = value if "\n" not in value else value.replace("\n", "\\n")
        text = repr(text)
    else:
        text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 3] + "..."


def render(changes: list[Change], title: str) -> str:
    """The plan as console text: one line per change, the differing fields under it."""
    if not changes:
        return f"\n  {title}: nothing to do (no entries)\n\n"
    width = max(len(c.kind) for c in changes)
    lines = [f"\n  {title}:\n"]
    for change in changes:
        symbol = SYMBOLS[change.action]
        result = "" if change.result in (PLANNED, NOTHING) else f"  [{change.result}]"
        lines.append(f"  {symbol:>3} {change.action:<9} {change.kind:<{width}}  {change.label}{result}")
        for item in change.fields:
            how = "" if item.in_place or change.action != REPLACE else "  (cannot change in place)"
            lines.append(f"        {item.field}: {shown(item.old)} -> {shown(item.new)}{how}")
        if change.note:
            lines.append(f"        ({change.note})")
    return "\n".join(lines) + "\n\n"
