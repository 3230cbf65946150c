"""Every kind of resource `twpy apply` manages, described once as data: one Kind per seqerakit block.

A Kind says where the resource lives (an organization, a workspace, or neither), which keys an entry may have,
how to find the current resource by name (every page), how to read it into comparable fields, which fields can
change in place, and how to create, update, delete and export it. plan, apply, delete and export (tw_py.apply.run,
tw_py.apply.export) are generic over the table KINDS; they never branch on a kind's name.

Comparable fields are named as the YAML keys are (`full-name`, `work-dir`, `config.forge.maxCpus`) and hold plain
values (names rather than ids), so that an entry can be compared with what the Platform has.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import click

from tw_py.api import credentials as credentials_api
from tw_py.api import labels as labels_api
from tw_py.api import members as members_api
from tw_py.api import organizations as orgs_api
from tw_py.api import participants as participants_api
from tw_py.api import secrets as secrets_api
from tw_py.api import teams as teams_api
from tw_py.api import workspaces as workspaces_api
from tw_py.apply.fields import BOOL, LIST, TEXT, FileText, Key, keys
from tw_py.cli.credentials.providers import FILE, FLAG, PROVIDERS, SECRET, Provider
from tw_py.errors import InputError

if TYPE_CHECKING:
    from tw_py.apply.loader import Entry
    from tw_py.apply.run import Context

#: seqerakit's order of blocks: what others depend on first (the reverse for --delete).
ORDER = ("organizations", "teams", "workspaces", "labels", "members", "participants", "credentials", "compute-envs",
         "secrets", "actions", "datasets", "pipelines", "launch", "data-links", "studios")
GLOBAL, ORG, WORKSPACE = "global", "org", "workspace"
COMMON = ("on_exists", "overwrite")


@dataclass(frozen=True)
class Kind:
    """One seqerakit block. Functions take the apply Context (`ctx`), the resolved scope (an organization dict, a
    Workspace, or None) and the Entry; `current` is whatever `find` returned."""

    block: str
    scope: str
    #: The keys an entry may have (it may depend on the entry: a credential's keys depend on its type).
    schema: Callable[[dict, str], dict[str, Key]]
    find: Callable[[Context, Any, Entry], Any]
    create: Callable[[Context, Any, Entry], dict | None]
    delete: Callable[[Context, Any, Any], None] | None = None
    update: Callable[[Context, Any, Any, Entry, list], None] | None = None
    #: YAML key -> API field of simple kinds: read and desired come from it when no function is given.
    fields: dict = field(default_factory=dict)
    desired: Callable[[Context, Entry], dict] | None = None
    read: Callable[[Context, Any, Any, Entry], dict] | None = None
    #: Fields the API cannot change in place (a field `config` covers `config.*`): a difference means replacing.
    fixed: frozenset = frozenset()
    #: The keys of an entry whose values cannot be read back (secrets): never compared, written again only when asked.
    unreadable: Callable[[dict], list] = lambda values: []
    #: List fields whose order matters (other lists compare as sets).
    ordered: frozenset = frozenset()
    #: How an entry is named in its scope (the key of its `find`); `label` is how the plan shows it.
    identity: Callable[[dict], str] = lambda values: str(values.get("name"))
    name: Callable[[dict], str] = lambda values: str(values.get("name"))
    #: Cross-key checks of one entry, before any request (raise InputError).
    check: Callable[[Entry], None] | None = None
    #: Launches run each apply: no state to compare.
    launch: bool = False
    export: Callable | None = None

    def desired_fields(self, ctx: Context, entry: Entry) -> dict:
        if self.desired is not None:
            return self.desired(ctx, entry)
        return {key: entry.values.get(key) for key in self.fields}

    def read_fields(self, ctx: Context, scope, current, entry: Entry) -> dict:
        if self.read is not None:
            return self.read(ctx, scope, current, entry)
        return {key: current.get(api) for key, api in self.fields.items()}

    def changeable(self, name: str) -> bool:
        return not any(name == f or name.startswith(f + ".") for f in self.fixed)


def _schema(*items: Key) -> Callable[[dict, str], dict[str, Key]]:
    table = keys(*items)
    return lambda raw, where: table


def api_changes(kind_fields: dict, changes: list, values: dict) -> dict:
    """The API body of an update: only the fields that differ, with the entry's values."""
    return {kind_fields[c.field]: values.get(c.field) for c in changes if c.field in kind_fields}


# Organizations ------------------------------------------------------------------------------------------------
ORG_FIELDS = {"full-name": "fullName", "description": "description", "location": "location", "website": "website"}


def organizations(ctx: Context) -> list[dict]:
    return ctx.cached(("orgs",), lambda: orgs_api.list_organizations(ctx.client))


def _org_find(ctx, scope, entry):
    return next((o for o in organizations(ctx) if o.get("name") == entry.values["name"]), None)


def _org_create(ctx, scope, entry):
    values = entry.values
    org = orgs_api.create(ctx.client, {"name": values["name"], **{api: values.get(key) for key, api in ORG_FIELDS.items()}})
    ctx.changed_directory()
    return {"orgId": org.get("orgId")}


def _org_update(ctx, scope, current, entry, changes):
    orgs_api.update(ctx.client, current["orgId"], api_changes(ORG_FIELDS, changes, entry.values))
    ctx.changed_directory()


def _org_delete(ctx, scope, current):
    orgs_api.delete(ctx.client, current["orgId"])
    ctx.changed_directory()


ORGANIZATIONS = Kind(
    "organizations", GLOBAL,
    _schema(Key("name", required=True), Key("full-name", required=True), Key("description"), Key("location"),
            Key("website")),
    find=_org_find, create=_org_create, update=_org_update, delete=_org_delete, fields=ORG_FIELDS)


# Workspaces ---------------------------------------------------------------------------------------------------
WS_FIELDS = {"full-name": "fullName", "description": "description", "visibility": "visibility"}


def org_workspaces(ctx: Context, org_id) -> list[dict]:
    return ctx.cached(("workspaces", org_id), lambda: workspaces_api.list_org_workspaces(ctx.client, org_id))


def _ws_find(ctx, org, entry):
    return next((w for w in org_workspaces(ctx, org["orgId"]) if w.get("name") == entry.values["name"]), None)


def _ws_create(ctx, org, entry):
    values = entry.values
    created = workspaces_api.create(ctx.client, org["orgId"], {
        "name": values["name"], "fullName": values["full-name"], "description": values.get("description"),
        "visibility": values.get("visibility") or "PRIVATE"})
    ctx.changed_directory()
    return {"workspaceId": created.get("id")}


def _ws_update(ctx, org, current, entry, changes):
    workspaces_api.update(ctx.client, org["orgId"], current["id"], api_changes(WS_FIELDS, changes, entry.values))
    ctx.changed_directory()


def _ws_delete(ctx, org, current):
    workspaces_api.delete(ctx.client, org["orgId"], current["id"])
    ctx.changed_directory()


WORKSPACES = Kind(
    "workspaces", ORG,
    _schema(Key("name", required=True), Key("full-name", required=True), Key("organization", required=True),
            Key("description"), Key("visibility", choices=("PRIVATE", "SHARED"))),
    find=_ws_find, create=_ws_create, update=_ws_update, delete=_ws_delete, fields=WS_FIELDS)


# Teams -----------------------------------------------------------------------------------------------------------
def _team_find(ctx, org, entry):
    return teams_api.search_team(ctx.client, org["orgId"], entry.values["name"])


def _member_matches(member: dict, wanted: str) -> bool:
    return member.get("userName") == wanted or (member.get("email") or "").lower() == wanted.lower()


def _team_members(ctx, org, team) -> list[dict]:
    return ctx.cached(("team-members", org["orgId"], team["teamId"]),
                      lambda: teams_api.team_members(ctx.client, org["orgId"], team["teamId"]))


def _team_desired(ctx, entry):
    members = entry.values.get("members")
    return {"description": entry.values.get("description"),
            "members": sorted(members, key=str.lower) if members is not None else None}


def _team_read(ctx, org, team, entry):
    wanted = entry.values.get("members") or []
    now = []
    for member in _team_members(ctx, org, team):
        named = next((w for w in wanted if _member_matches(member, w)), None)
        now.append(named or member.get("email") or member.get("userName"))
    return {"description": team.get("description"), "members": sorted(now, key=str.lower)}


def _team_create(ctx, org, entry):
    created = teams_api.create_team(ctx.client, org["orgId"], entry.values["name"], entry.values.get("description"))
    for member in entry.values.get("members") or ():
        teams_api.add_team_member(ctx.client, org["orgId"], created["teamId"], member)
    return {"teamId": created.get("teamId")}


def _team_update(ctx, org, team, entry, changes):
    names = {c.field for c in changes}
    if "description" in names:
        teams_api.update_team(ctx.client, org["orgId"], team["teamId"], {"description": entry.values.get("description")})
    if "members" in names:
        wanted = entry.values.get("members") or []
        present = _team_members(ctx, org, team)
        for user in wanted:
            if not any(_member_matches(m, user) for m in present):
                teams_api.add_team_member(ctx.client, org["orgId"], team["teamId"], user)
        for member in present:
            if not any(_member_matches(member, user) for user in wanted):
                teams_api.delete_team_member(ctx.client, org["orgId"], team["teamId"], member["memberId"])
        ctx.forget(("team-members", org["orgId"], team["teamId"]))


def _team_delete(ctx, org, team):
    teams_api.delete_team(ctx.client, org["orgId"], team["teamId"])


TEAMS = Kind(
    "teams", ORG,
    _schema(Key("name", required=True), Key("organization", required=True), Key("description"),
            Key("members", LIST)),
    find=_team_find, create=_team_create, update=_team_update, delete=_team_delete,
    desired=_team_desired, read=_team_read)


# Members ---------------------------------------------------------------------------------------------------------
MEMBER_ROLES = ("owner", "member", "collaborator")


def _member_find(ctx, org, entry):
    from tw_py.api.paging import MAX_PAGE_SIZE, iter_items
    from tw_py.api.paths import api_path

    user = entry.values["user"]
    for listing in ("members", "collaborators"):   # a collaborator is listed apart from the members
        for member in iter_items(ctx.client, api_path("/orgs/{}/{}", org["orgId"], listing), "members",
                                 {"search": user}, size=MAX_PAGE_SIZE):
            if _member_matches(member, user):
                return member
    return None


def _member_create(ctx, org, entry):
    added = members_api.add_member(ctx.client, org["orgId"], entry.values["user"])
    role = entry.values.get("role")
    if role and (added.get("role") or "").lower() != role:
        members_api.update_role(ctx.client, org["orgId"], added["memberId"], role)
    return {"memberId": added.get("memberId")}


def _member_update(ctx, org, member, entry, changes):
    members_api.update_role(ctx.client, org["orgId"], member["memberId"], entry.values["role"])


def _member_delete(ctx, org, member):
    members_api.delete_member(ctx.client, org["orgId"], member["memberId"])


MEMBERS = Kind(
    "members", ORG,
    _schema(Key("user", required=True), Key("organization", required=True), Key("role", choices=MEMBER_ROLES)),
    find=_member_find, create=_member_create, update=_member_update, delete=_member_delete,
    desired=lambda ctx, entry: {"role": entry.values.get("role")},
    read=lambda ctx, org, member, entry: {"role": (member.get("role") or "").lower() or None},
    identity=lambda values: str(values.get("user")).lower(), name=lambda values: str(values.get("user")))


# Participants ----------------------------------------------------------------------------------------------------
WORKSPACE_ROLES = ("owner", "admin", "maintain", "launch", "connect", "view")


USER_TYPES = ("MEMBER", "COLLABORATOR")


def _participant_find(ctx, ws, entry):
    """The participant by name and type; a user added as MEMBER who is not an organization member becomes a
    COLLABORATOR, so for users either type is the same participant."""
    name, wanted = entry.values["name"], entry.values["type"]
    for ptype in (wanted,) + tuple(t for t in USER_TYPES if wanted in USER_TYPES and t != wanted):
        found = participants_api.search_participant(ctx.client, ws, name, ptype)
        if found is not None:
            return found
    return None


def _participant_create(ctx, ws, entry):
    values = entry.values
    request = participants_api.new_participant_request(ctx.client, ws.org_id, values["name"], values["type"])
    added = participants_api.add_participant(ctx.client, ws, request)
    role = values.get("role")
    if role and (added.get("wspRole") or "").lower() != role.lower():
        participants_api.update_role(ctx.client, ws, added["participantId"], role)
    return {"participantId": added.get("participantId")}


def _participant_update(ctx, ws, participant, entry, changes):
    participants_api.update_role(ctx.client, ws, participant["participantId"], entry.values["role"])


def _participant_delete(ctx, ws, participant):
    participants_api.delete_participant(ctx.client, ws, participant["participantId"])


def _role(value):
    return value.lower() if isinstance(value, str) and value else None


PARTICIPANTS = Kind(
    "participants", WORKSPACE,
    _schema(Key("name", required=True), Key("type", required=True, choices=participants_api.TYPES),
            Key("workspace", required=True), Key("role")),
    find=_participant_find, create=_participant_create, update=_participant_update, delete=_participant_delete,
    desired=lambda ctx, entry: {"role": _role(entry.values.get("role"))},
    read=lambda ctx, ws, participant, entry: {"role": _role(participant.get("wspRole"))},
    identity=lambda values: f"{'TEAM' if values.get('type') == 'TEAM' else 'USER'}:{str(values.get('name')).lower()}")


# Labels ----------------------------------------------------------------------------------------------------------
def _label(values: dict) -> labels_api.Label:
    return labels_api.Label(values["name"], values.get("value"))


def _label_find(ctx, ws, entry):
    return labels_api.find_label(ctx.client, ws, _label(entry.values))


def _label_create(ctx, ws, entry):
    label = _label(entry.values)
    created = labels_api.add_label(ctx.client, ws, label.name, label.value)
    return {"labelId": created.get("id")}


def _label_delete(ctx, ws, found):
    labels_api.delete_label(ctx.client, ws, found["id"])


def _label_check(entry):
    values = entry.values
    try:
        labels_api.parse_label(str(_label(values)))
    except InputError as error:
        raise InputError(f"{entry.where}: {error.message}") from None


LABELS = Kind(
    "labels", WORKSPACE,
    _schema(Key("name", required=True), Key("value"), Key("workspace")),
    find=_label_find, create=_label_create, delete=_label_delete, check=_label_check,
    identity=lambda values: str(_label(values)), name=lambda values: str(_label(values)))


# Secrets ---------------------------------------------------------------------------------------------------------
def _secrets(ctx, ws) -> list[dict]:
    return ctx.cached(("secrets", ws.id), lambda: secrets_api.list_secrets(ctx.client, ws))


def _secret_find(ctx, ws, entry):
    return next((s for s in _secrets(ctx, ws) if s.get("name") == entry.values["name"]), None)


def _secret_create(ctx, ws, entry):
    secret_id = secrets_api.create(ctx.client, ws, entry.values["name"], entry.values["value"])
    ctx.forget(("secrets", ws.id))
    return {"secretId": secret_id}


def _secret_update(ctx, ws, secret, entry, changes):
    secrets_api.update(ctx.client, ws, secret["id"], entry.values["value"])


def _secret_delete(ctx, ws, secret):
    secrets_api.delete(ctx.client, ws, secret["id"])
    ctx.forget(("secrets", ws.id))


SECRETS = Kind(
    "secrets", WORKSPACE,
    _schema(Key("name", required=True), Key("workspace"), Key("value", required=True, secret=True)),
    find=_secret_find, create=_secret_create, update=_secret_update, delete=_secret_delete,
    desired=lambda ctx, entry: {}, read=lambda ctx, ws, secret, entry: {}, unreadable=lambda values: ["value"])


# Credentials -----------------------------------------------------------------------------------------------------
PROVIDER_BY_TYPE = {**{p.wire: p for p in PROVIDERS}, **{p.command: p for p in PROVIDERS}}
#: `keys` fields that hold secrets, besides the providers' SECRET options (files with private keys).
FILE_SECRETS = frozenset({"data", "privateKey"})


def provider_of(values: dict, where: str) -> Provider:
    kind = values.get("type")
    if kind is None:
        raise InputError(f"{where}: missing required key 'type'",
                         hint="One of: " + ", ".join(p.command for p in PROVIDERS) + ".")
    provider = PROVIDER_BY_TYPE.get(str(kind).lower())
    if provider is None:
        raise InputError(f"{where}: unknown credentials type '{kind}'",
                         hint="One of: " + ", ".join(p.command for p in PROVIDERS) + ".")
    return provider


def _option(f) -> str:
    return f.long[2:]


def _secret_field(f) -> bool:
    return f.kind == SECRET or (f.kind == FILE and f.key in FILE_SECRETS)


def _comparable(f) -> bool:
    """A provider option the Platform shows back (the public `keys` fields)."""
    return f.key is not None and f.kind != FLAG and f.key in credentials_api.PUBLIC_KEY_FIELDS


def _credentials_schema(raw: dict, where: str) -> dict[str, Key]:
    provider = provider_of(raw, where)
    items = [Key("type", required=True), Key("name", required=True), Key("workspace")]
    for f in provider.fields:
        kind = BOOL if f.kind == FLAG else TEXT if f.kind == FILE else "str"
        items.append(Key(_option(f), kind, secret=_secret_field(f)))
    if provider.base_url:
        items.append(Key("base-url"))
    return keys(*items)


def _option_values(provider: Provider, values: dict) -> dict:
    """The provider's option values by their click destination, as `credentials add` gets them."""
    found = {}
    for f in provider.fields:
        value = values.get(_option(f))
        if value is None and f.default is not None:
            value = f.default
        found[f.dest] = value.text if isinstance(value, FileText) else value
    return found


def credential_keys(provider: Provider, values: dict, where: str, existing: dict | None = None) -> tuple[dict, bool]:
    """The `keys` object of an entry (secrets included: request bodies only) and whether to ask for an External ID."""
    options = _option_values(provider, values)
    try:
        use_external_id = provider.check(options, existing) if provider.check else False
    except click.UsageError as error:
        raise InputError(f"{where}: {error.format_message()}") from None
    found = {"discriminator": provider.wire}
    for f in provider.fields:
        if f.key is not None and options.get(f.dest) is not None:
            found[f.key] = options[f.dest]
    found.update({k: v for k, v in (options.get("_keys") or {}).items() if v is not None})
    return found, bool(use_external_id)


def _credentials_check(entry):
    provider = provider_of(entry.values, entry.where)
    for f in provider.fields:
        if f.required and entry.values.get(_option(f)) is None and f.default is None:
            raise InputError(f"{entry.where}: missing required key '{_option(f)}' for {provider.command} credentials")
    credential_keys(provider, entry.values, entry.where)


def _credentials(ctx, ws) -> list[dict]:
    return ctx.cached(("credentials", ws.id), lambda: credentials_api.list_credentials(ctx.client, ws))


def _credentials_find(ctx, ws, entry):
    return next((c for c in _credentials(ctx, ws) if c.get("name") == entry.values["name"]), None)


def _credentials_desired(ctx, entry):
    provider = provider_of(entry.values, entry.where)
    found: dict[str, Any] = {"type": provider.command, "base-url": entry.values.get("base-url")}
    for f in provider.fields:
        if _comparable(f):
            value = entry.values.get(_option(f), f.default)
            found[_option(f)] = value.text if isinstance(value, FileText) else value
    if entry.values.get("mode") is not None:
        found["mode"] = entry.values["mode"].lower()
    return found


def _credentials_read(ctx, ws, current, entry):
    described = ctx.cached(("credentials-described", ws.id, current["id"]),
                           lambda: credentials_api.describe(ctx.client, ws, current["id"]).get("credentials") or current)
    provider = PROVIDER_BY_TYPE.get(described.get("provider") or "")
    found: dict[str, Any] = {"type": provider.command if provider else described.get("provider"),
                             "base-url": described.get("baseUrl")}
    stored = described.get("keys") or {}
    wanted = provider_of(entry.values, entry.where)
    for f in wanted.fields:
        if _comparable(f):
            found[_option(f)] = stored.get(f.key)
    found["mode"] = stored.get("mode")
    return found


def _credentials_body(ctx, entry, existing_keys=None) -> tuple[dict, bool]:
    provider = provider_of(entry.values, entry.where)
    found, use_external_id = credential_keys(provider, entry.values, entry.where, existing_keys)
    body = {"name": entry.values["name"], "provider": provider.wire, "baseUrl": entry.values.get("base-url"),
            "keys": found}
    return {k: v for k, v in body.items() if v is not None}, use_external_id


def _credentials_create(ctx, ws, entry):
    body, use_external_id = _credentials_body(ctx, entry)
    credentials_id = credentials_api.create(ctx.client, ws, body, use_external_id)
    ctx.forget(("credentials", ws.id))
    return {"credentialsId": credentials_id}


def _credentials_update(ctx, ws, current, entry, changes):
    body, use_external_id = _credentials_body(ctx, entry, current.get("keys") or {})
    credentials_api.update(ctx.client, ws, current["id"], {**body, "id": current["id"]}, use_external_id)
    ctx.forget(("credentials", ws.id), ("credentials-described", ws.id, current["id"]))


def _credentials_delete(ctx, ws, current):
    credentials_api.delete(ctx.client, ws, current["id"])
    ctx.forget(("credentials", ws.id))


def _credentials_unreadable(values: dict) -> list[str]:
    provider = PROVIDER_BY_TYPE.get(str(values.get("type")).lower())
    return [_option(f) for f in provider.fields
            if f.key is not None and not _comparable(f) and values.get(_option(f)) is not None] if provider else []


CREDENTIALS = Kind(
    "credentials", WORKSPACE, _credentials_schema,
    find=_credentials_find, create=_credentials_create, update=_credentials_update, delete=_credentials_delete,
    desired=_credentials_desired, read=_credentials_read, check=_credentials_check,
    fixed=frozenset({"type"}), unreadable=_credentials_unreadable)


# The table ------------------------------------------------------------------------------------------------------
KINDS: dict[str, Kind] = {kind.block: kind for kind in (
    ORGANIZATIONS, TEAMS, WORKSPACES, LABELS, MEMBERS, PARTICIPANTS, CREDENTIALS, SECRETS,
)}
