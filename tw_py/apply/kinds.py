"""Every kind of resource `twpy apply` manages, described once as data: one Kind per seqerakit block.

A Kind says where the resource lives (an organization, a workspace, or neither), which keys an entry may have,
how to find the current resource by name (every page), how to read it into comparable fields, which fields can
change in place, and how to create, update, delete and export it. plan, apply, delete and export (tw_py.apply.run,
tw_py.apply.export) are generic over the table KINDS; they never branch on a kind's name.

Comparable fields are named as the YAML keys are (`full-name`, `work-dir`, `config.forge.maxCpus`) and hold plain
values (names rather than ids), so that an entry can be compared with what the Platform has.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import click

from tw_py.api import actions as actions_api
from tw_py.api import compute_envs as compute_envs_api
from tw_py.api import credentials as credentials_api
from tw_py.api import data_links as data_links_api
from tw_py.api import datasets as datasets_api
from tw_py.api import labels as labels_api
from tw_py.api import launch as launch_api
from tw_py.api import members as members_api
from tw_py.api import organizations as orgs_api
from tw_py.api import participants as participants_api
from tw_py.api import pipelines as pipelines_api
from tw_py.api import secrets as secrets_api
from tw_py.api import studios as studios_api
from tw_py.api import teams as teams_api
from tw_py.api import waiting
from tw_py.api import workspaces as workspaces_api
from tw_py.api.compute_envs import AvailableComputeEnvs
from tw_py.api.launch_request import LaunchOptions
from tw_py.api.paging import MAX_PAGE_SIZE, PageRequest, iter_items
from tw_py.api.params import ParamsFile, load_params
from tw_py.api.paths import api_path
from tw_py.api.refs import Ref
from tw_py.api.states import COMPUTE_ENV_STATES, WORKFLOW_STATES
from tw_py.apply.fields import BOOL, INT, LIST, MAP, PATH, STR, TEXT, FilePath, FileText, Key, keys
from tw_py.cli.compute_envs import PLATFORMS
from tw_py.cli.compute_envs.spec import build_config
from tw_py.cli.credentials.providers import FILE, FLAG, PROVIDERS, SECRET, Provider
from tw_py.documents import parse_json
from tw_py.errors import InputError, api_error_context

if TYPE_CHECKING:
    from tw_py.apply.loader import Entry
    from tw_py.apply.run import Context

#: seqerakit's order of blocks: what others depend on first (the reverse for --delete).
ORDER = ("organizations", "teams", "workspaces", "labels", "members", "participants", "credentials", "compute-envs",
         "secrets", "actions", "datasets", "pipelines", "launch", "data-links", "studios")
GLOBAL, ORG, WORKSPACE = "global", "org", "workspace"
#: A scope (organization or workspace) that does not exist yet but that the apply creates first.
PENDING = "pending"
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


def _export_participants(ctx, ws, out) -> list[dict]:
    found = participants_api.list_participants(ctx.client, ws, page=PageRequest(all=True)).items
    entries = []
    for participant in found:
        ptype = participant.get("type")
        name = participant.get("teamName") if ptype == "TEAM" else participant.get("email") or participant.get("userName")
        if not name:
            continue
        entries.append({"name": name, "type": ptype, "workspace": out.workspace,
                        "role": (participant.get("wspRole") or "").lower() or None})
    return sorted(entries, key=lambda e: (e["type"], e["name"].lower()))


PARTICIPANTS = Kind(
    "participants", WORKSPACE,
    _schema(Key("name", required=True), Key("type", required=True, choices=participants_api.TYPES),
            Key("workspace", required=True), Key("role")),
    find=_participant_find, create=_participant_create, update=_participant_update, delete=_participant_delete,
    desired=lambda ctx, entry: {"role": _role(entry.values.get("role"))},
    read=lambda ctx, ws, participant, entry: {"role": _role(participant.get("wspRole"))},
    identity=lambda values: f"{'TEAM' if values.get('type') == 'TEAM' else 'USER'}:{str(values.get('name')).lower()}",
    export=_export_participants)


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


def _export_labels(ctx, ws, out) -> list[dict]:
    found = labels_api.list_labels(ctx.client, ws, page=PageRequest(all=True)).items
    entries = []
    for label in sorted(found, key=lambda x: (x.get("name") or "", x.get("value") or "")):
        entry = {"name": label.get("name")}
        if label.get("resource") or label.get("value") is not None:
            entry["value"] = label.get("value")
        entries.append({**entry, "workspace": out.workspace})
    return entries


LABELS = Kind(
    "labels", WORKSPACE,
    _schema(Key("name", required=True), Key("value"), Key("workspace")),
    find=_label_find, create=_label_create, delete=_label_delete, check=_label_check,
    identity=lambda values: str(_label(values)), name=lambda values: str(_label(values)),
    export=_export_labels)


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


def _export_secrets(ctx, ws, out) -> list[dict]:
    return [{"name": s.get("name"), "workspace": out.workspace, "value": out.variable("secret", s.get("name"))}
            for s in sorted(_secrets(ctx, ws), key=lambda s: s.get("name") or "")]


SECRETS = Kind(
    "secrets", WORKSPACE,
    _schema(Key("name", required=True), Key("workspace"), Key("value", required=True, secret=True)),
    find=_secret_find, create=_secret_create, update=_secret_update, delete=_secret_delete,
    desired=lambda ctx, entry: {}, read=lambda ctx, ws, secret, entry: {}, unreadable=lambda values: ["value"],
    export=_export_secrets)


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


def _needs_secret(provider: Provider, f, stored: dict) -> bool:
    """Whether exported credentials need this secret option's value (given as a $VARIABLE)."""
    if provider.wire == "aws":
        return f.key == "secretKey" and bool(stored.get("accessKey"))
    if provider.wire == "google":
        return f.key == "data" and stored.get("mode") != "workload-identity"
    if provider.wire == "k8s":
        return f.key == "token"
    return f.required


def _export_credentials(ctx, ws, out) -> list[dict]:
    entries = []
    for current in sorted(_credentials(ctx, ws), key=lambda c: c.get("name") or ""):
        described = credentials_api.describe(ctx.client, ws, current["id"]).get("credentials") or current
        provider = PROVIDER_BY_TYPE.get(described.get("provider") or "")
        if provider is None:
            out.skip(f"credentials '{current.get('name')}': provider '{described.get('provider')}' cannot be "
                     "written as seqerakit YAML")
            continue
        stored = described.get("keys") or {}
        entry: dict[str, Any] = {"type": provider.command, "name": described.get("name"), "workspace": out.workspace}
        for f in provider.fields:
            option = _option(f)
            if _comparable(f):
                if stored.get(f.key) not in (None, ""):
                    entry[option] = stored[f.key]
            elif f.key is not None and _needs_secret(provider, f, stored):
                entry[option] = out.variable(described.get("name"), option)
        if stored.get("mode") and any(f.long == "--mode" for f in provider.fields):
            entry["mode"] = stored["mode"]
        if described.get("baseUrl"):
            entry["base-url"] = described["baseUrl"]
        entries.append(entry)
    return entries


CREDENTIALS = Kind(
    "credentials", WORKSPACE, _credentials_schema,
    find=_credentials_find, create=_credentials_create, update=_credentials_update, delete=_credentials_delete,
    desired=_credentials_desired, read=_credentials_read, check=_credentials_check,
    fixed=frozenset({"type"}), unreadable=_credentials_unreadable, export=_export_credentials)


# Launch fields (pipelines, actions, launch) ------------------------------------------------------------------
#: YAML key -> launch request field, for the launch options pipelines, actions and launches share.
LAUNCH_FIELDS = (("work-dir", "workDir"), ("revision", "revision"), ("commit-id", "commitId"),
                 ("profile", "configProfiles"), ("config", "configText"), ("pre-run", "preRunScript"),
                 ("post-run", "postRunScript"), ("pull-latest", "pullLatest"), ("stub-run", "stubRun"),
                 ("main-script", "mainScript"), ("entry-name", "entryName"), ("schema-name", "schemaName"),
                 ("user-secrets", "userSecrets"), ("workspace-secrets", "workspaceSecrets"))
LAUNCH_KEYS = (Key("compute-env"), Key("work-dir"), Key("profile", LIST), Key("params", MAP),
               Key("params-file", TEXT), Key("revision"), Key("commit-id"), Key("config", TEXT), Key("pre-run", TEXT),
               Key("post-run", TEXT), Key("pull-latest", BOOL), Key("stub-run", BOOL), Key("main-script"),
               Key("entry-name"), Key("schema-name"), Key("user-secrets", LIST), Key("workspace-secrets", LIST))


def _text(value):
    return value.text if isinstance(value, FileText) else value


def params_text(values: dict, base: str | None = None, dataset_url=None) -> tuple[str | None, str]:
    """The paramsText of an entry and where it came from: `params` over `params-file` (as seqerakit merges them:
    key by key at the top), else the params file's text unchanged, else `base` (a pipeline file's). As seqerakit,
    a `dataset: NAME` param becomes `input: <the dataset's URL>` (with `dataset_url(NAME)`)."""
    params, file = values.get("params"), values.get("params-file")
    if params is None:
        if file is not None:
            return file.text, file.path
        return base, "the pipeline file"
    merged = dict(load_params(file.text, file.path)) if file is not None else {}
    merged.update(params)
    if "dataset" in merged and dataset_url is not None:
        merged["input"] = dataset_url(str(merged.pop("dataset")))
    return json.dumps(merged, indent=2, ensure_ascii=False, default=str) + "\n", "the entry's params"


def dataset_url(ctx, ws, *, planning: bool = False):
    """`dataset_url(name)`: the URL of the latest version of a workspace's dataset (seqerakit's `dataset` param);
    while planning, a dataset this apply creates is named instead."""
    def url(name: str) -> str:
        found = None
        if ws is not None and ws is not PENDING:
            found = next((d for d in iter_items(ctx.client, "/datasets", "datasets",
                                                ws.params(search=name, visibility="all"), size=MAX_PAGE_SIZE)
                          if d.get("name") == name), None)
        if found is not None:
            latest, _content = _dataset_latest(ctx, ws, found)
            if latest is not None and latest.get("url"):
                return str(latest["url"])
        if planning:
            return f"(the URL of dataset '{name}', once this apply has created it)"
        raise InputError(f"Dataset '{name}' (the 'dataset' param) has no version in the workspace",
                         hint="Add it to a datasets: block, or upload it with 'twpy datasets add'.")
    return url


def launch_values(values: dict, file_launch: dict | None = None, dataset=None) -> dict:
    """The launch request fields an entry sets (a pipeline file's launch under the entry's keys)."""
    found = {api: (file_launch or {}).get(api) for _, api in LAUNCH_FIELDS}
    for key, api in LAUNCH_FIELDS:
        if values.get(key) is not None:
            found[api] = _text(values[key])
    found["paramsText"], found["_paramsSource"] = params_text(values, (file_launch or {}).get("paramsText"), dataset)
    return found


def launch_options(values: dict, file_launch: dict | None = None, *, keep: dict | None = None,
                   dataset=None) -> LaunchOptions:
    """The LaunchOptions of an entry, for the api's launch builders; `keep` gives values to keep when the entry
    says nothing (a pipeline's commit id, which tw's update would clear)."""
    found = launch_values(values, file_launch, dataset)
    for api, value in (keep or {}).items():
        if found.get(api) is None:
            found[api] = value
    text = found.get("paramsText")
    return LaunchOptions(
        compute_env=values.get("compute-env"), work_dir=found["workDir"], profiles=found["configProfiles"],
        params_files=[ParamsFile(found["_paramsSource"], text)] if text is not None else [],
        revision=found["revision"], commit_id=found["commitId"], config_text=found["configText"],
        pre_run=found["preRunScript"], post_run=found["postRunScript"], pull_latest=found["pullLatest"],
        stub_run=found["stubRun"], main_script=found["mainScript"], entry_name=found["entryName"],
        schema_name=found["schemaName"], user_secrets=found["userSecrets"], workspace_secrets=found["workspaceSecrets"])


def _params(text: str | None, source: str):
    return None if text is None else load_params(text, source)


def launch_desired(values: dict, file_launch: dict | None = None, dataset=None) -> dict:
    """The comparable launch fields of an entry, under its YAML keys."""
    found = launch_values(values, file_launch, dataset)
    desired = {key: found[api] for key, api in LAUNCH_FIELDS}
    desired["params"] = _params(found["paramsText"], found["_paramsSource"])
    return desired


def launch_now(launch: dict) -> dict:
    """The comparable fields of a saved launch (LaunchDbDto)."""
    now = {key: launch.get(api) for key, api in LAUNCH_FIELDS}
    try:
        now["params"] = _params(launch.get("paramsText"), "the saved launch") or {}
    except InputError:
        now["params"] = launch.get("paramsText")
    return now


def _compute_envs(ctx, ws) -> list[dict]:
    return ctx.cached(("compute-envs", ws.id), lambda: compute_envs_api.list_compute_envs(ctx.client, ws))


def _ce_name_now(ctx, ws, launch: dict, wanted: str | None):
    """How the plan shows the compute environment a saved launch uses: its name (the id when the entry gives an id),
    marked when this apply replaces it or when it is no longer the workspace's compute environment of that name."""
    ce = launch.get("computeEnv") or {}
    if not ce:
        return None
    if wanted is not None and wanted == ce.get("id"):
        return ce.get("id")
    name = ce.get("name")
    if ctx.will_recreate("compute-envs", _ws_key(ws), name):
        return f"{name} (replaced by this apply)"
    live = [c for c in _compute_envs(ctx, ws) if c.get("name") == name and c.get("status") not in GONE]
    if live and all(c.get("id") != ce.get("id") for c in live):
        return f"{name} (deleted: {ce.get('id')})"
    return name


def _ws_key(ws) -> str | None:
    """A workspace as entries name it (`org/ws`, None for the personal one)."""
    return None if ws.personal else f"{ws.org_name}/{ws.name}"


def _label_strings(found) -> list[str]:
    return sorted(str(labels_api.Label(item.get("name"), item.get("value") if item.get("resource") or
                                       item.get("value") else None)) for item in found or [])


def _add_labels_key(entry: dict, found) -> None:
    """Give an exported entry its `labels` key (comma-separated `name` or `name=value`), when it has labels."""
    labels = _label_strings(found)
    if labels:
        entry["labels"] = ",".join(labels)


def _labels_wanted(values: dict):
    return sorted(values["labels"]) if values.get("labels") is not None else None


def _apply_entity_labels(ctx, ws, entity: str, entity_id, values: dict) -> None:
    labels = labels_api.parse_labels(values.get("labels") or [])
    ids = labels_api.find_label_ids(ctx.client, ws, labels)
    labels_api.apply_labels(ctx.client, ws, entity, entity_id, ids)


def _check_labels(entry, require_value: bool = False) -> None:
    try:
        labels_api.parse_labels(entry.values.get("labels") or [], require_value=require_value)
    except InputError as error:
        raise InputError(f"{entry.where}: key 'labels': {error.message}") from None


# Compute environments ---------------------------------------------------------------------------------------------
GONE = ("DELETING", "DELETED")
CE_COMMON = (Key("name", required=True), Key("workspace"), Key("credentials"), Key("description"),
             Key("labels", LIST), Key("pre-run", TEXT), Key("post-run", TEXT), Key("nextflow-config", TEXT),
             Key("env", LIST), Key("primary", BOOL), Key("wait", choices=COMPUTE_ENV_STATES))
OPT_TYPES = {"int": INT, "flag": BOOL, "noflag": BOOL, "bool": BOOL, "onoff": BOOL, "list": LIST, "file": PATH}


def platform_of(values: dict, where: str):
    kind, mode = values.get("type"), values.get("config-mode")
    names = sorted({" ".join(p.path) for p in PLATFORMS})
    chosen = [p for p in PLATFORMS if p.path[0] == str(kind).lower()]
    if not chosen:
        raise InputError(f"{where}: unknown compute environment type '{kind}'",
                         hint="One of: " + ", ".join(sorted({p.path[0] for p in PLATFORMS})) + ".")
    if len(chosen) > 1 or len(chosen[0].path) > 1:
        found = [p for p in chosen if len(p.path) > 1 and p.path[1] == str(mode).lower()]
        if not found:
            raise InputError(f"{where}: {kind} compute environments need 'config-mode': "
                             + " or ".join(p.path[1] for p in chosen), hint="Types: " + ", ".join(names) + ".")
        return found[0]
    return chosen[0]


def _opt_key(opt) -> str:
    return opt.flag[2:]


def _ce_schema(raw: dict, where: str) -> dict[str, Key]:
    if "file-path" in raw:
        return keys(*CE_COMMON, Key("file-path", TEXT, required=True))
    if "type" not in raw:
        raise InputError(f"{where}: a compute environment needs 'type' (with its options) or 'file-path'")
    platform = platform_of(raw, where)
    items = [*CE_COMMON, Key("type", required=True), Key("config-mode")]
    for opt in platform.options:
        items.append(Key(_opt_key(opt), OPT_TYPES.get(opt.kind, STR), required=opt.required and opt.default is None,
                         choices=tuple(opt.choices) if opt.kind == "choice" else ()))
    return keys(*items)


class _NoRegistries:
    """The resolver used to check an entry before any request: registry credentials names are looked up later."""

    def container_registry_ids(self, names):
        return list(names)


class _Registries:
    def __init__(self, ctx, ws):
        self.ctx, self.ws = ctx, ws

    def container_registry_ids(self, names):
        return compute_envs_api.container_registry_ids(self.ctx.client, self.ws, names)


def ce_config(entry, resolver=None) -> tuple[str, dict, dict, list | None]:
    """`(platform id, config, compute env fields, labels)` of an entry, from its file or from its options."""
    values = entry.values
    if values.get("file-path") is not None:
        file = values["file-path"]
        document = parse_json(file.text, f"compute environment file '{file.path}'")
        try:
            config, labels = compute_envs_api.parse_import(document)
        except InputError as error:
            raise InputError(f"{entry.where}: {error.message}", hint=error.hint) from None
        specs = compute_envs_api.import_label_specs(labels) if labels else None
        extra: dict = {}
        platform_id = config["discriminator"]
    else:
        platform = platform_of(values, entry.where)
        options = {}
        for opt in platform.options:
            value = values.get(_opt_key(opt))
            options[opt.param] = value.path if isinstance(value, FilePath) else value
        try:
            config, extra = build_config(platform, options, resolver or _NoRegistries())
        except click.UsageError as error:
            raise InputError(f"{entry.where}: {error.format_message()}") from None
        except InputError as error:
            raise InputError(f"{entry.where}: {error.message}", hint=error.hint) from None
        specs = None
        platform_id = platform.id
    config.update({k: v for k, v in {
        "preRunScript": _text(values.get("pre-run")), "postRunScript": _text(values.get("post-run")),
        "nextflowConfig": _text(values.get("nextflow-config")),
        "environment": compute_envs_api.environment(values.get("env"))}.items() if v is not None})
    labels = values.get("labels") if values.get("labels") is not None else specs
    return platform_id, config, extra, labels


def _ce_check(entry):
    ce_config(entry)
    _check_labels(entry, require_value=True)


def flatten(value: dict, prefix: str) -> dict:
    found = {}
    for key, item in value.items():
        if isinstance(item, dict) and item:
            found.update(flatten(item, f"{prefix}{key}."))
        else:
            found[f"{prefix}{key}"] = item
    return found


def _ce_find(ctx, ws, entry):
    return next((c for c in _compute_envs(ctx, ws) if c.get("name") == entry.values["name"]
                 and c.get("status") not in GONE), None)


def _ce_desired(ctx, entry):
    platform_id, config, extra, labels = ce_config(entry)
    config.pop("containerRegIds", None)
    desired = {"description": entry.values.get("description"), "credentials": entry.values.get("credentials"),
               "labels": sorted(labels) if labels is not None else None,
               "primary": True if entry.values.get("primary") else None, **extra}
    desired.update(flatten(config, "config."))
    desired.pop("config.forge.containerRegIds", None)   # names here, ids on the Platform: not compared
    return desired


def _credentials_name(ctx, ws, credentials_id) -> str | None:
    if not credentials_id:
        return None
    found = next((c for c in _credentials(ctx, ws) if c.get("id") == credentials_id), None)
    if found is None:
        return f"(deleted: {credentials_id})"
    if ctx.will_recreate("credentials", _ws_key(ws), found.get("name")):
        return f"{found.get('name')} (replaced by this apply)"
    return found.get("name")


def _ce_described(ctx, ws, current) -> dict:
    return ctx.cached(("compute-env", ws.id, current["id"]),
                      lambda: compute_envs_api.describe(ctx.client, ws, current["id"], labels=True))


def _ce_read(ctx, ws, current, entry):
    ce = _ce_described(ctx, ws, current)
    wanted = entry.values.get("credentials")
    credentials = _credentials_name(ctx, ws, ce.get("credentialsId"))
    if wanted is not None and wanted == ce.get("credentialsId"):
        credentials = wanted
    now = {"description": ce.get("description"), "credentials": credentials, "labels": _label_strings(ce.get("labels")),
           "primary": bool(ce.get("primary")), "fusionMetricsCollectionEnabled": ce.get("fusionMetricsCollectionEnabled")}
    now.update(flatten(compute_envs_api.clean_config(ce.get("config")), "config."))
    return now


def _ce_credentials_id(ctx, ws, entry, platform_id: str, needs: bool) -> str | None:
    wanted = entry.values.get("credentials")
    if wanted is not None:
        return credentials_api.find_credentials(ctx.client, ws, wanted, platform_id)["id"]
    if needs:
        return credentials_api.single_for_platform(ctx.client, ws, platform_id)["id"]
    return None


def _ce_wait(ctx, ws, ce_id: str, name: str, target: str, gone: bool = False) -> None:
    def fetch():
        status, _message = compute_envs_api.status(ctx.client, ws, ce_id, gone=gone)
        return status

    def report(status, changed):
        if changed and status:
            ctx.progress(f"      compute environment '{name}' is {status}")

    try:
        waiting.wait_for(fetch, target, waiting.COMPUTE_ENV, timeout=ctx.wait_timeout,
                         describe=f"compute environment '{name}'", on_poll=report)
    except waiting.WaitFailed as error:
        raise InputError(f"Compute environment '{name}' is {error.status}, not {target}",
                         hint=f"See 'twpy compute-envs view -i {ce_id}'.") from None


def _ce_create(ctx, ws, entry):
    platform_id, config, extra, labels = ce_config(entry, _Registries(ctx, ws))
    label_ids = labels_api.find_label_ids(ctx.client, ws, labels_api.parse_labels(labels, require_value=True)) \
        if labels else None
    needs = platform_id != "seqeracompute-platform"
    body = {"name": entry.values["name"], "description": entry.values.get("description"), "platform": platform_id,
            "credentialsId": _ce_credentials_id(ctx, ws, entry, platform_id, needs), "config": config, **extra}
    ce_id = compute_envs_api.create(ctx.client, ws, {k: v for k, v in body.items() if v is not None}, label_ids)
    ctx.forget(("compute-envs", ws.id))
    if entry.values.get("wait"):
        _ce_wait(ctx, ws, ce_id, entry.values["name"], entry.values["wait"])
    if entry.values.get("primary"):
        compute_envs_api.set_primary(ctx.client, ws, ce_id)
    return {"computeEnvId": ce_id}


def _ce_update(ctx, ws, current, entry, changes):
    """`PUT /compute-envs/{id}` with the name and the fields that changed (description, credentials, Fusion
    metrics); the primary mark is set apart."""
    names = {c.field for c in changes}
    body: dict = {"name": entry.values["name"]}
    for change in changes:
        if change.field in ("description", "fusionMetricsCollectionEnabled"):
            body[change.field] = change.new
    if "credentials" in names:
        body["credentialsId"] = _ce_credentials_id(ctx, ws, entry, current.get("platform"), True)
    if len(body) > 1:
        compute_envs_api.update(ctx.client, ws, current["id"], body)
    if "primary" in names:
        compute_envs_api.set_primary(ctx.client, ws, current["id"])
    ctx.forget(("compute-envs", ws.id), ("compute-env", ws.id, current["id"]))


def _ce_delete(ctx, ws, current):
    """Delete, then wait until it is really gone: its credentials (deleted next) may be in use until then."""
    compute_envs_api.delete(ctx.client, ws, current["id"])
    _ce_wait(ctx, ws, current["id"], current.get("name"), "DELETED", gone=True)
    ctx.forget(("compute-envs", ws.id), ("compute-env", ws.id, current["id"]))


def _export_compute_envs(ctx, ws, out) -> list[dict]:
    entries = []
    for current in sorted(_compute_envs(ctx, ws), key=lambda c: c.get("name") or ""):
        if current.get("status") in GONE:
            continue
        ce = compute_envs_api.describe(ctx.client, ws, current["id"], labels=True)
        document = compute_envs_api.export_document(ce, portable=True)
        if document.get("labels") is not None:
            document["labels"] = sorted(document["labels"], key=lambda x: (x.get("name") or "", x.get("value") or ""))
        entry: dict[str, Any] = {"name": ce.get("name"), "workspace": out.workspace}
        credentials = _credentials_name(ctx, ws, ce.get("credentialsId"))
        if credentials and not credentials.startswith("(deleted"):
            entry["credentials"] = credentials
        if ce.get("description"):
            entry["description"] = ce["description"]
        entry["file-path"] = out.json_file("compute-envs", ce.get("name"), document)
        if ce.get("primary"):
            entry["primary"] = True
        entry["wait"] = "AVAILABLE"
        entries.append(entry)
    return entries


COMPUTE_ENVS = Kind(
    "compute-envs", WORKSPACE, _ce_schema,
    find=_ce_find, create=_ce_create, update=_ce_update, delete=_ce_delete, desired=_ce_desired, read=_ce_read,
    check=_ce_check, fixed=frozenset({"config", "labels"}), export=_export_compute_envs)


# Datasets -------------------------------------------------------------------------------------------------------
def _datasets_find(ctx, ws, entry):
    name = entry.values["name"]
    params = ws.params(search=name, visibility="all")
    return next((d for d in iter_items(ctx.client, "/datasets", "datasets", params, size=MAX_PAGE_SIZE)
                 if d.get("name") == name), None)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _file_digest(path: str) -> str:
    """The file's digest, read in blocks (a dataset file is never held in memory whole)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _dataset_desired(ctx, entry):
    path = entry.values["file-path"].path
    return {"description": entry.values.get("description"), "header": bool(entry.values.get("header")),
            "file": f"{os.path.basename(path)}, sha256 {_file_digest(path)}"}


def _dataset_latest(ctx, ws, dataset) -> tuple[dict | None, bytes | None]:
    def fetch():
        found = datasets_api.versions(ctx.client, ws, dataset["id"])
        if not found:
            return None, None
        latest = datasets_api.pick_version(found, dataset["id"], None)
        return latest, datasets_api.download(ctx.client, ws, dataset["id"], latest)
    return ctx.cached(("dataset", ws.id, dataset["id"]), fetch)


def _dataset_read(ctx, ws, dataset, entry):
    latest, content = _dataset_latest(ctx, ws, dataset)
    now: dict[str, Any] = {"description": dataset.get("description"), "header": None, "file": None}
    if latest is not None:
        now["header"] = bool(latest.get("hasHeader"))
        now["file"] = f"{latest.get('fileName')}, sha256 {_digest(content or b'')}"
        wanted = os.path.basename(entry.values["file-path"].path)
        if latest.get("fileName") != wanted and now["file"].endswith(_file_digest(entry.values["file-path"].path)):
            now["file"] = f"{wanted}, sha256 {_digest(content or b'')}"     # the same content under another name
    return now


def _dataset_check(entry):
    datasets_api.check_upload_file(entry.values["file-path"].path)


def _dataset_create(ctx, ws, entry):
    values = entry.values
    created = datasets_api.create(ctx.client, ws, values["name"], values.get("description"))
    version = datasets_api.upload(ctx.client, ws, created["id"], values["file-path"].path, bool(values.get("header")))
    return {"datasetId": created.get("id"), "version": version.get("version")}


def _dataset_update(ctx, ws, dataset, entry, changes):
    names = {c.field for c in changes}
    values = entry.values
    if "description" in names:
        datasets_api.update(ctx.client, ws, dataset["id"], values["name"], values.get("description"))
    if names & {"file", "header"}:
        datasets_api.upload(ctx.client, ws, dataset["id"], values["file-path"].path, bool(values.get("header")))
    ctx.forget(("dataset", ws.id, dataset["id"]))


def _dataset_delete(ctx, ws, dataset):
    datasets_api.delete(ctx.client, ws, dataset["id"])


def _export_datasets(ctx, ws, out) -> list[dict]:
    entries = []
    params = ws.params(visibility="all")
    for dataset in sorted(iter_items(ctx.client, "/datasets", "datasets", params, size=MAX_PAGE_SIZE),
                          key=lambda d: d.get("name") or ""):
        latest, content = _dataset_latest(ctx, ws, dataset)
        if latest is None:
            out.skip(f"datasets '{dataset.get('name')}': it has no version to export")
            continue
        extension = os.path.splitext(latest.get("fileName") or "")[1] or ".csv"
        entry: dict[str, Any] = {"name": dataset.get("name"), "description": dataset.get("description"),
                                 "header": bool(latest.get("hasHeader")), "workspace": out.workspace}
        entry["file-path"] = out.binary_file("datasets", f"{dataset.get('name')}{extension}", content or b"")
        entries.append(entry)
    return entries


DATASETS = Kind(
    "datasets", WORKSPACE,
    _schema(Key("name", required=True), Key("description"), Key("header", BOOL), Key("workspace"),
            Key("file-path", PATH, required=True)),
    find=_datasets_find, create=_dataset_create, update=_dataset_update, delete=_dataset_delete,
    desired=_dataset_desired, read=_dataset_read, check=_dataset_check, export=_export_datasets)


# Data links ----------------------------------------------------------------------------------------------------
DATA_LINK_PROVIDERS = ("aws", "azure", "google")


def _links_fetched(ctx, ws) -> None:
    """Once per workspace: wait (bounded) until the server has fetched the workspace's data links, as a lookup by
    name before that may miss one."""
    def wait():
        waiting.wait_for(lambda: data_links_api.fetch_status(ctx.client, ws), "DONE", waiting.DATA_LINKS_FETCH,
                         timeout=ctx.wait_timeout, describe="the server's fetching of the data links")
        return True
    ctx.cached(("data-links-fetched", ws.id), wait)


def _link_find(ctx, ws, entry):
    _links_fetched(ctx, ws)
    name = entry.values["name"]
    return next((d for d in iter_items(ctx.client, "/data-links", "dataLinks", ws.params(search=name),
                                       size=MAX_PAGE_SIZE) if d.get("name") == name), None)


def _link_credentials(link: dict) -> str | None:
    found = [c.get("name") for c in link.get("credentials") or [] if isinstance(c, dict)]
    return found[0] if found else None


LINK_FIELDS = {"description": "description", "uri": "resourceRef", "provider": "provider"}


def _link_read(ctx, ws, link, entry):
    now = {key: link.get(api) for key, api in LINK_FIELDS.items()}
    now["credentials"] = _link_credentials(link)
    return now


def _link_credentials_id(ctx, ws, entry) -> str | None:
    wanted = entry.values.get("credentials")
    return None if wanted is None else credentials_api.find_credentials(ctx.client, ws, wanted)["id"]


def _link_create(ctx, ws, entry):
    values = entry.values
    created = data_links_api.create(ctx.client, ws, name=values["name"], uri=values["uri"], provider=values["provider"],
                                    description=values.get("description"),
                                    credentials_id=_link_credentials_id(ctx, ws, entry))
    return {"dataLinkId": created.get("id")}


def _link_update(ctx, ws, link, entry, changes):
    names = {c.field for c in changes}
    data_links_api.update(ctx.client, ws, link["id"], name=entry.values["name"],
                          description=entry.values.get("description") if "description" in names else None,
                          credentials_id=_link_credentials_id(ctx, ws, entry) if "credentials" in names else None)


def _link_delete(ctx, ws, link):
    data_links_api.delete(ctx.client, ws, link["id"])


def _export_data_links(ctx, ws, out) -> list[dict]:
    _links_fetched(ctx, ws)
    entries = []
    for link in sorted(iter_items(ctx.client, "/data-links", "dataLinks", ws.params(), size=MAX_PAGE_SIZE),
                       key=lambda d: d.get("name") or ""):
        if link.get("hidden") or (link.get("provider") or "").lower() not in DATA_LINK_PROVIDERS:
            continue
        entries.append({"name": link.get("name"), "workspace": out.workspace, "description": link.get("description"),
                        "provider": (link.get("provider") or "").lower(), "credentials": _link_credentials(link),
                        "uri": link.get("resourceRef")})
    return entries


DATA_LINKS = Kind(
    "data-links", WORKSPACE,
    _schema(Key("name", required=True), Key("workspace"), Key("description"),
            Key("provider", required=True, choices=DATA_LINK_PROVIDERS), Key("credentials"),
            Key("uri", required=True)),
    find=_link_find, create=_link_create, update=_link_update, delete=_link_delete,
    desired=lambda ctx, entry: {"description": entry.values.get("description"), "uri": entry.values["uri"],
                                "provider": entry.values["provider"], "credentials": entry.values.get("credentials")},
    read=_link_read, fixed=frozenset({"uri", "provider"}), export=_export_data_links)


# Pipelines ------------------------------------------------------------------------------------------------------
PIPELINE_KEYS = (Key("name", required=True), Key("workspace"), Key("description"), Key("labels", LIST), Key("url"),
                 Key("file-path", TEXT), Key("version-name"), Key("pipeline-schema-id", INT), *LAUNCH_KEYS)


def pipeline_labels(entry) -> list[str] | None:
    """The labels of a pipeline entry: its `labels` key, else its file's `labels` (names or `name=value`, what
    `twpy export` puts there; tw and seqerakit ignore the field)."""
    if entry.values.get("labels") is not None:
        return list(entry.values["labels"])
    found = pipeline_file(entry).get("labels")
    return [str(label) for label in found] if isinstance(found, list) else None


def pipeline_file(entry) -> dict:
    """The CreatePipelineRequest of an entry's `file-path` (what `pipelines export` writes), {} without one."""
    file = entry.values.get("file-path")
    if file is None:
        return {}
    request = parse_json(file.text, f"pipeline file '{file.path}'")
    if not isinstance(request, dict) or not isinstance(request.get("launch") or {}, dict) or \
            not isinstance(request.get("labels") or [], list):
        raise InputError(f"{entry.where}: '{file.path}' is not a pipeline file written by 'pipelines export'")
    return request


def _pipeline_check(entry):
    has_url, has_file = entry.values.get("url") is not None, entry.values.get("file-path") is not None
    if has_url == has_file:
        raise InputError(f"{entry.where}: a pipeline needs either 'url' or 'file-path'"
                         + (" (not both)" if has_url else ""))
    request = pipeline_file(entry)
    launch_desired(entry.values, request.get("launch"))
    try:
        labels_api.parse_labels(pipeline_labels(entry) or [])
    except InputError as error:
        raise InputError(f"{entry.where}: labels: {error.message}") from None


def _pipeline_desired(ctx, entry):
    request = pipeline_file(entry)
    launch = request.get("launch") or {}
    desired = {"url": entry.values.get("url") or launch.get("pipeline"),
               "description": entry.values.get("description") or request.get("description"),
               "compute-env": entry.values.get("compute-env")}
    labels = pipeline_labels(entry)
    desired["labels"] = sorted(labels) if labels is not None else None
    ws = ctx.scope(KINDS[entry.kind], entry)
    desired.update(launch_desired(entry.values, launch, dataset_url(ctx, ws, planning=True)))
    return desired


def _pipelines_find(ctx, ws, entry):
    name = entry.values["name"]
    for found in iter_items(ctx.client, "/pipelines", "pipelines",
                            ws.params(search=pipelines_api.search_term(name)), size=MAX_PAGE_SIZE):
        if found.get("name") == name and pipelines_api.source_workspace_id(ws, found) is None:
            return found
    return None


def _pipeline_state(ctx, ws, current) -> tuple[dict, dict]:
    def fetch():
        pid = current["pipelineId"]
        pipeline = pipelines_api.describe(ctx.client, ws, pid, attributes="labels")
        version = (pipeline.get("version") or {}).get("id")
        return pipeline, pipelines_api.describe_launch(ctx.client, ws, pid, version_id=version)
    return ctx.cached(("pipeline", ws.id, current["pipelineId"]), fetch)


def _pipeline_read(ctx, ws, current, entry):
    pipeline, launch = _pipeline_state(ctx, ws, current)
    now = {"url": launch.get("pipeline"), "description": pipeline.get("description"),
           "compute-env": _ce_name_now(ctx, ws, launch, entry.values.get("compute-env")),
           "labels": _label_strings(pipeline.get("labels"))}
    now.update(launch_now(launch))
    return now


def _ready(ctx, ws, wanted: str | None) -> AvailableComputeEnvs:
    """The workspace's available compute environments, once `wanted` is one of them if it is being created (an
    entry of this apply without 'wait:'): what launches on it needs it ready."""
    ces = AvailableComputeEnvs(ctx.client, ws)
    if wanted and ces.find(wanted) is None:
        ctx.forget(("compute-envs", ws.id))
        found = next((c for c in _compute_envs(ctx, ws) if wanted in (c.get("name"), c.get("id"))
                      and c.get("status") not in GONE), None)
        if found is not None:
            if found.get("status") == "CREATING":
                _ce_wait(ctx, ws, found["id"], found.get("name"), "AVAILABLE")
            ces = AvailableComputeEnvs(ctx.client, ws)
    return ces


def _ce_for(ctx, ws, entry, file_launch: dict | None = None) -> dict | None:
    """The compute environment a pipeline or action launches on: the entry's, the file's, else the primary one
    (for a private workspace's pipelines, as `pipelines add`)."""
    wanted = entry.values.get("compute-env") or (file_launch or {}).get("computeEnvId")
    ces = _ready(ctx, ws, wanted)
    if wanted:
        return ces.by_ref(wanted)
    if entry.kind == "actions" or pipelines_api.workspace_visibility(ctx.client, ws) == "PRIVATE":
        return ces.primary()
    return None


def _pipeline_create(ctx, ws, entry):
    request = pipeline_file(entry)
    file_launch = request.get("launch") or {}
    ce = _ce_for(ctx, ws, entry, file_launch)
    options = launch_options(entry.values, file_launch, dataset=dataset_url(ctx, ws))
    url = entry.values.get("url") or file_launch.get("pipeline")
    version = entry.values.get("version-name") or (request.get("version") or {}).get("name")
    body = {"name": entry.values["name"], "description": entry.values.get("description") or request.get("description"),
            "icon": request.get("icon"), "version": {"name": version} if version else None,
            "launch": pipelines_api.launch_config(options, pipeline=url, ce=ce,
                                                  pipeline_schema_id=entry.values.get("pipeline-schema-id"))}
    with api_error_context(f"Unable to add pipeline '{entry.values['name']}'"):
        created = pipelines_api.create(ctx.client, ws, {k: v for k, v in body.items() if v is not None})
    if pipeline_labels(entry):
        _apply_entity_labels(ctx, ws, "pipelines", created.get("pipelineId"), {"labels": pipeline_labels(entry)})
    return {"pipelineId": created.get("pipelineId")}


LAUNCH_CHANGES = frozenset({"url", "compute-env", "params"} | {key for key, _ in LAUNCH_FIELDS})


def _pipeline_update(ctx, ws, current, entry, changes):
    names = {c.field for c in changes}
    pipeline, launch = _pipeline_state(ctx, ws, current)
    pid = current["pipelineId"]
    request: dict = {"name": entry.values["name"]}
    if "description" in names:
        request["description"] = entry.values.get("description") or pipeline_file(entry).get("description")
    if names & LAUNCH_CHANGES:
        file_launch = pipeline_file(entry).get("launch") or {}
        ce = _ce_for(ctx, ws, entry, file_launch) if "compute-env" in names else None
        options = launch_options(entry.values, file_launch, keep={"commitId": launch.get("commitId")},
                                 dataset=dataset_url(ctx, ws))
        request["launch"] = pipelines_api.updated_launch(
            launch, options, ce_id=(ce or {}).get("id"), pipeline=entry.values.get("url") or file_launch.get("pipeline"))
    if len(request) > 1:
        target = (pipeline.get("version") or {}).get("id")
        updated = pipelines_api.update_version(ctx.client, ws, pid, target, request)
        pipelines_api.settle_new_version(ctx.client, ws, pipeline, target, updated)
    if "labels" in names:
        _apply_entity_labels(ctx, ws, "pipelines", pid, {"labels": pipeline_labels(entry)})
    ctx.forget(("pipeline", ws.id, pid))


def _pipeline_delete(ctx, ws, current):
    pipelines_api.delete(ctx.client, ws, current["pipelineId"])


#: Launch fields that only make sense in the workspace that saved them: left out of exported pipeline files.
LOCAL_LAUNCH_FIELDS = ("id", "computeEnvId", "dateCreated", "sessionId", "resume", "optimizationId",
                       "optimizationTargets", "pipelineSchemaId", "lastUpdated")


def _export_pipelines(ctx, ws, out) -> list[dict]:
    entries = []
    for found in sorted(iter_items(ctx.client, "/pipelines", "pipelines", ws.params(), size=MAX_PAGE_SIZE),
                        key=lambda p: p.get("name") or ""):
        if pipelines_api.source_workspace_id(ws, found) is not None:
            continue   # shared from another workspace: it belongs there
        pipeline, launch = _pipeline_state(ctx, ws, found)
        document = pipelines_api.export_request(pipeline, launch, None)
        for key in LOCAL_LAUNCH_FIELDS:
            document.get("launch", {}).pop(key, None)
        entry: dict[str, Any] = {"name": pipeline.get("name"), "workspace": out.workspace}
        ce = (launch.get("computeEnv") or {}).get("name")
        if ce:
            entry["compute-env"] = ce
        labels = _label_strings(pipeline.get("labels"))
        if labels:
            document["labels"] = labels   # in the file: `tw pipelines import` (seqerakit's way) has no --labels
        entry["file-path"] = out.json_file("pipelines", pipeline.get("name"), document)
        entries.append(entry)
    return entries


PIPELINES = Kind(
    "pipelines", WORKSPACE, _schema(*PIPELINE_KEYS),
    find=_pipelines_find, create=_pipeline_create, update=_pipeline_update, delete=_pipeline_delete,
    desired=_pipeline_desired, read=_pipeline_read, check=_pipeline_check, ordered=frozenset({"profile"}),
    export=_export_pipelines)


# Actions ------------------------------------------------------------------------------------------------------
ACTION_TYPES = ("github", "tower")


def _actions(ctx, ws) -> list[dict]:
    return ctx.cached(("actions", ws.id), lambda: actions_api.list_actions(ctx.client, ws) or [])


def _action_find(ctx, ws, entry):
    return next((a for a in _actions(ctx, ws) if a.get("name") == entry.values["name"]), None)


def _action_state(ctx, ws, current) -> dict:
    return ctx.cached(("action", ws.id, current["id"]),
                      lambda: actions_api.find(ctx.client, ws, Ref(id=current["id"]), labels=True))


def _action_desired(ctx, entry):
    desired = {"type": entry.values["type"], "pipeline": entry.values["pipeline"],
               "compute-env": entry.values.get("compute-env"), "labels": _labels_wanted(entry.values)}
    desired.update(launch_desired(entry.values))
    return desired


def _action_read(ctx, ws, current, entry):
    action = _action_state(ctx, ws, current)
    launch = action.get("launch") or {}
    now = {"type": action.get("source"), "pipeline": launch.get("pipeline"),
           "compute-env": _ce_name_now(ctx, ws, launch, entry.values.get("compute-env")),
           "labels": _label_strings(action.get("labels"))}
    now.update(launch_now(launch))
    return now


def _action_create(ctx, ws, entry):
    ce = _ce_for(ctx, ws, entry)
    request = {"name": entry.values["name"], "source": entry.values["type"],
               "launch": actions_api.add_launch(launch_options(entry.values), pipeline=entry.values["pipeline"], ce=ce)}
    with api_error_context(f"Unable to add action for workspace '{ws.ref}'", server_text_as_hint=True):
        action_id = actions_api.create(ctx.client, ws, request)
    ctx.forget(("actions", ws.id))
    if entry.values.get("labels"):
        _apply_entity_labels(ctx, ws, "actions", action_id, entry.values)
    return {"actionId": action_id}


def _action_update(ctx, ws, current, entry, changes):
    names = {c.field for c in changes}
    action = _action_state(ctx, ws, current)
    if names & (LAUNCH_CHANGES | {"pipeline"}):
        ce = _ce_for(ctx, ws, entry) if "compute-env" in names else None
        launch = actions_api.updated_launch(action.get("launch") or {}, launch_options(entry.values),
                                            ce_id=(ce or {}).get("id"))
        launch["pipeline"] = entry.values["pipeline"]
        actions_api.update(ctx.client, ws, current["id"], {"name": entry.values["name"], "launch": launch})
    if "labels" in names:
        _apply_entity_labels(ctx, ws, "actions", current["id"], entry.values)
    ctx.forget(("action", ws.id, current["id"]))


def _action_delete(ctx, ws, current):
    actions_api.delete(ctx.client, ws, current["id"])
    ctx.forget(("actions", ws.id))


def _action_check(entry):
    launch_desired(entry.values)
    _check_labels(entry)


#: Text launch fields an action keeps, exported beside the YAML (seqerakit's keys for them are file paths).
ACTION_FILES = {"config": ("configText", "nextflow.config"), "pre-run": ("preRunScript", "pre-run.sh"),
                "post-run": ("postRunScript", "post-run.sh")}


def _export_actions(ctx, ws, out) -> list[dict]:
    entries = []
    for current in sorted(_actions(ctx, ws), key=lambda a: a.get("name") or ""):
        if current.get("source") not in ACTION_TYPES:
            out.skip(f"actions '{current.get('name')}': {current.get('source')} actions are not in seqerakit's format")
            continue
        action = _action_state(ctx, ws, current)
        launch = action.get("launch") or {}
        entry: dict[str, Any] = {"type": action.get("source"), "name": action.get("name"),
                                 "pipeline": launch.get("pipeline"), "workspace": out.workspace}
        if (launch.get("computeEnv") or {}).get("name"):
            entry["compute-env"] = launch["computeEnv"]["name"]
        for key, api in LAUNCH_FIELDS:
            value = launch.get(api)
            if value in (None, "", [], False):
                continue
            if key in ACTION_FILES:
                entry[key] = out.text_file("actions", action.get("name"), ACTION_FILES[key][1], value)
            elif isinstance(value, list):
                entry[key] = ",".join(value)
            else:
                entry[key] = value
        if launch.get("paramsText"):
            try:
                entry["params"] = load_params(launch["paramsText"], f"action '{action.get('name')}' params")
            except InputError:
                entry["params-file"] = out.text_file("actions", action.get("name"), "params.yml", launch["paramsText"])
        _add_labels_key(entry, action.get("labels"))
        entries.append(entry)
    return entries


ACTIONS = Kind(
    "actions", WORKSPACE,
    _schema(Key("type", required=True, choices=ACTION_TYPES), Key("name", required=True),
            Key("pipeline", required=True), Key("workspace"), Key("labels", LIST), *LAUNCH_KEYS),
    find=_action_find, create=_action_create, update=_action_update, delete=_action_delete,
    desired=_action_desired, read=_action_read, check=_action_check, fixed=frozenset({"type"}),
    ordered=frozenset({"profile"}), export=_export_actions)


# Launches -------------------------------------------------------------------------------------------------------
def _launch_create(ctx, ws, entry):
    values = entry.values
    labels = labels_api.parse_labels(values["labels"]) if values.get("labels") else None
    overrides = dict(run_name=values.get("name"), launch_container=values.get("launch-container"),
                     disable_optimization=bool(values.get("disable-optimization")),
                     head_job_cpus=values.get("head-job-cpus"), head_job_memory=values.get("head-job-memory"))
    options = launch_options(values, dataset=dataset_url(ctx, ws))
    ces = _ready(ctx, ws, values.get("compute-env"))
    if launch_api.is_url(values["pipeline"]):
        prepared = launch_api.prepare_url(ctx.client, ws, values["pipeline"], options, labels=labels,
                                          compute_envs=ces, **overrides)
    else:
        prepared = launch_api.prepare_launchpad(ctx.client, ws, values["pipeline"], options, compute_envs=ces,
                                                version_name=values.get("version-name"), labels=labels, **overrides)
    workflow_id = launch_api.submit(ctx.client, ws, prepared)
    if values.get("wait"):
        def report(status, changed):
            if changed and status:
                ctx.progress(f"      run {workflow_id} is {status}")

        waiting.wait_for(lambda: launch_api.workflow_status(ctx.client, ws, workflow_id), values["wait"],
                         waiting.WORKFLOW, timeout=ctx.wait_timeout, describe=f"run {workflow_id}", on_poll=report)
    return {"workflowId": workflow_id}


def _launch_check(entry):
    launch_desired(entry.values)
    _check_labels(entry)


LAUNCH = Kind(
    "launch", WORKSPACE,
    _schema(Key("name"), Key("workspace"), Key("pipeline", required=True), Key("labels", LIST),
            Key("wait", choices=WORKFLOW_STATES), Key("launch-container"), Key("disable-optimization", BOOL),
            Key("head-job-cpus", INT), Key("head-job-memory", INT), Key("version-name"), *LAUNCH_KEYS),
    find=lambda ctx, ws, entry: None, create=_launch_create, check=_launch_check, launch=True,
    name=lambda values: str(values.get("name") or values.get("pipeline")),
    identity=lambda values: str(values.get("name") or values.get("pipeline")))


# Studios --------------------------------------------------------------------------------------------------------
MOUNT_KEYS = {"mount-data": "name", "mount-data-uris": "resourceRef", "mount-data-ids": "id"}
STUDIO_CONFIG = {"gpu": "gpu", "cpu": "cpu", "memory": "memory", "lifespan": "lifespanHours", "ssh": "sshEnabled"}


def _studio_check(entry):
    values = entry.values
    sources = [k for k in ("template", "custom-template", "repository") if values.get(k) is not None]
    if len(sources) != 1:
        raise InputError(f"{entry.where}: a studio needs exactly one of 'template', 'custom-template' or 'repository'"
                         + (f" (not {' and '.join(sources)})" if sources else ""))
    if values.get("revision") is not None and values.get("repository") is None:
        raise InputError(f"{entry.where}: 'revision' needs 'repository'")
    if values.get("conda-env-yml") is not None and values.get("template") is None:
        raise InputError(f"{entry.where}: 'conda-env-yml' needs a Platform template ('template')")
    if len([k for k in MOUNT_KEYS if values.get(k) is not None]) > 1:
        raise InputError(f"{entry.where}: give only one of {', '.join(MOUNT_KEYS)}")
    for item in values.get("env") or ():
        if "=" not in item:
            raise InputError(f"{entry.where}: key 'env': '{item}' is not NAME=VALUE")
    _check_labels(entry)


def _studio_find(ctx, ws, entry):
    name = entry.values["name"]
    found = next((s for s in iter_items(ctx.client, "/studios", "studios", ws.params(), size=MAX_PAGE_SIZE)
                  if s.get("name") == name), None)
    return None if found is None else _studio_state(ctx, ws, found)


def _studio_state(ctx, ws, found) -> dict:
    return ctx.cached(("studio", ws.id, found["sessionId"]),
                      lambda: studios_api.describe(ctx.client, ws, found["sessionId"]))


def _mount_key(values: dict) -> str | None:
    return next((k for k in MOUNT_KEYS if values.get(k) is not None), None)


def _studio_desired(ctx, entry):
    values = entry.values
    desired: dict[str, Any] = {"description": values.get("description"),
                               "template": values.get("template") or values.get("custom-template"),
                               "repository": values.get("repository"), "compute-env": values.get("compute-env"),
                               "private": values.get("private"), "labels": _labels_wanted(values),
                               "conda-env-yml": _text(values.get("conda-env-yml"))}
    desired.update({key: values.get(key) for key in STUDIO_CONFIG})
    key = _mount_key(values)
    if key:
        desired[key] = sorted(values[key])
    return desired


def _studio_read(ctx, ws, studio, entry):
    config = studio.get("configuration") or {}
    now: dict[str, Any] = {"description": studio.get("description"),
                           "template": (studio.get("template") or {}).get("repository"),
                           "repository": (studio.get("remoteConfig") or {}).get("repository"),
                           "compute-env": (studio.get("computeEnv") or {}).get("name"),
                           "private": studio.get("isPrivate"), "labels": _label_strings(studio.get("labels")),
                           "conda-env-yml": config.get("condaEnvironment")}
    now.update({key: config.get(api) for key, api in STUDIO_CONFIG.items()})
    for key, field_name in MOUNT_KEYS.items():
        now[key] = sorted(str(d.get(field_name)) for d in studio.get("mountedDataLinks") or [] if isinstance(d, dict))
    return now


def _studio_mounts(ctx, ws, values: dict) -> list | None:
    key = _mount_key(values)
    if key is None:
        return None
    if key == "mount-data-ids":
        return list(values[key])
    _links_fetched(ctx, ws)
    ref = "name" if key == "mount-data" else "uri"
    return [data_links_api.find(ctx.client, ws, data_links_api.LinkRef(**{ref: item}))["id"] for item in values[key]]


def _studio_overrides(values: dict) -> studios_api.ConfigOverrides:
    env = values.get("env")
    return studios_api.ConfigOverrides(gpu=values.get("gpu"), cpu=values.get("cpu"), memory=values.get("memory"),
                                       lifespan=values.get("lifespan"),
                                       environment=dict(item.split("=", 1) for item in env) if env else None)


def _studio_create(ctx, ws, entry):
    values = entry.values
    if values.get("template") is not None:
        studios_api.check_template(ctx.client, ws, values["template"])
    ce = _ready(ctx, ws, values["compute-env"]).entry(values["compute-env"])
    labels = labels_api.parse_labels(values["labels"]) if values.get("labels") else None
    body = studios_api.create_body(
        name=values["name"], description=values.get("description"),
        template=values.get("template") or values.get("custom-template"),
        label_ids=labels_api.find_label_ids(ctx.client, ws, labels) if labels else None,
        is_private=values.get("private"), allowed_user_ids=studios_api.allowed_user_ids(ctx.client, ws,
                                                                                        values.get("allow-user")),
        spot=values.get("spot"), remote=studios_api.remote_config(values.get("repository"), values.get("revision")),
        compute_env_id=ce["id"],
        configuration=studios_api.configuration(None, _studio_overrides(values), mount_data=_studio_mounts(ctx, ws, values),
                                                conda=_text(values.get("conda-env-yml")), ssh=values.get("ssh"),
                                                defaults=True))
    created = studios_api.create(ctx.client, ws, {k: v for k, v in body.items() if v is not None},
                                 bool(values.get("auto-start")))
    return {"sessionId": created.get("sessionId")}


def _studio_update(ctx, ws, studio, entry, changes):
    names = {c.field for c in changes}
    values = entry.values
    body: dict[str, Any] = {}
    if names & (set(STUDIO_CONFIG) | set(MOUNT_KEYS) | {"conda-env-yml"}):
        body["configuration"] = studios_api.configuration(
            studio.get("configuration"), _studio_overrides(values),
            mount_data=_studio_mounts(ctx, ws, values) if names & set(MOUNT_KEYS) else None,
            conda=_text(values.get("conda-env-yml")), ssh=values.get("ssh"))
    if "description" in names:
        body["description"] = values.get("description")
    if "labels" in names:
        body["labelIds"] = labels_api.find_label_ids(ctx.client, ws, labels_api.parse_labels(values.get("labels") or []))
    if "compute-env" in names:
        body["computeEnvId"] = _ready(ctx, ws, values["compute-env"]).entry(values["compute-env"])["id"]
    studios_api.update(ctx.client, ws, studio["sessionId"], body, ident=values["name"])
    ctx.forget(("studio", ws.id, studio["sessionId"]))


def _studio_delete(ctx, ws, studio):
    studios_api.delete(ctx.client, ws, studio["sessionId"], ident=studio.get("name"))


def _export_studios(ctx, ws, out) -> list[dict]:
    entries = []
    for found in sorted(iter_items(ctx.client, "/studios", "studios", ws.params(), size=MAX_PAGE_SIZE),
                        key=lambda s: s.get("name") or ""):
        studio = _studio_state(ctx, ws, found)
        config = studio.get("configuration") or {}
        remote = studio.get("remoteConfig") or {}
        template = (studio.get("template") or {}).get("repository")
        entry: dict[str, Any] = {"name": studio.get("name"), "description": studio.get("description"),
                                 "workspace": out.workspace}
        if remote.get("repository"):
            entry.update(repository=remote["repository"], revision=remote.get("revision"))
        elif template:
            entry["custom-template" if studio.get("customImage") else "template"] = template
        entry["compute-env"] = (studio.get("computeEnv") or {}).get("name")
        entry.update({key: config.get(api) for key, api in STUDIO_CONFIG.items()})
        mounts = [d.get("resourceRef") for d in studio.get("mountedDataLinks") or [] if isinstance(d, dict)]
        if mounts:
            entry["mount-data-uris"] = ",".join(sorted(mounts))
        if config.get("condaEnvironment"):
            entry["conda-env-yml"] = out.text_file("studios", studio.get("name"), "environment.yml",
                                                   config["condaEnvironment"])
        if config.get("environment"):
            entry["env"] = [f"{k}={v}" for k, v in sorted(config["environment"].items())]
        entry["private"] = studio.get("isPrivate")
        _add_labels_key(entry, studio.get("labels"))
        entries.append(entry)
    return entries


STUDIOS = Kind(
    "studios", WORKSPACE,
    _schema(Key("name", required=True), Key("description"), Key("workspace"), Key("template"),
            Key("custom-template"), Key("conda-env-yml", TEXT), Key("compute-env", required=True), Key("gpu", INT),
            Key("cpu", INT), Key("memory", INT), Key("lifespan", INT), Key("auto-start", BOOL),
            Key("mount-data", LIST), Key("mount-data-uris", LIST), Key("mount-data-ids", LIST), Key("private", BOOL),
            Key("labels", LIST), Key("spot", BOOL), Key("ssh", BOOL), Key("repository"), Key("revision"),
            Key("env", LIST), Key("allow-user")),
    find=_studio_find, create=_studio_create, update=_studio_update, delete=_studio_delete,
    desired=_studio_desired, read=_studio_read, check=_studio_check,
    fixed=frozenset({"template", "repository", "private"}), export=_export_studios)


# The table ------------------------------------------------------------------------------------------------------
KINDS: dict[str, Kind] = {kind.block: kind for kind in (
    ORGANIZATIONS, TEAMS, WORKSPACES, LABELS, MEMBERS, PARTICIPANTS, CREDENTIALS, COMPUTE_ENVS, SECRETS, ACTIONS,
    DATASETS, PIPELINES, LAUNCH, DATA_LINKS, STUDIOS,
)}
