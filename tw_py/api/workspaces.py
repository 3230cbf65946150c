"""Workspace references as tw takes them: numeric id, `Organization/Workspace`, or none (personal)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tw_py.api import users
from tw_py.api.cache import JsonCache, account_key
from tw_py.api.client import expect_field
from tw_py.api.paths import api_path
from tw_py.api.suggest import did_you_mean
from tw_py.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from tw_py.api.client import Client


INVALID_REF = ("Invalid workspace parameter '{ref}'. Expected format '<organization_name>/<workspace_name>' "
               "or '<workspace_numeric_identifier>'.")


class AccountDirectory:
    """The user and their organizations/workspaces: one `/user-info` + `/user/{id}/workspaces` per
    invocation at most, shared through a short-lived on-disk cache between invocations."""

    def __init__(self, client_factory, url: str, token: str | None):
        self._client_factory = client_factory
        self._cache = JsonCache("account", account_key(url, token))
        self._data: dict | None = None
        self._fresh = False

    def _load(self, fresh: bool = False) -> dict:
        if self._data is not None and "entries" in self._data and (self._fresh or not fresh):
            return self._data
        if not fresh:
            cached = self._cache.load()
            if cached and "user" in cached and "entries" in cached:
                self._data = cached
                return cached
        client = self._client_factory()
        user = self._data["user"] if self._data else users.user_info(client)
        listing = client.get(api_path("/user/{}/workspaces", user.get('id'))) or {}
        self._data = {"user": user, "entries": listing.get("orgsAndWorkspaces") or []}
        self._fresh = True
        self._cache.save(self._data)
        return self._data

    def user(self) -> dict:
        """The user-info `user` object (from the cache when fresh enough)."""
        if self._data is None:
            cached = self._cache.load()
            if cached and "user" in cached:
                self._data = cached
            else:
                client = self._client_factory()
                self._data = {"user": users.user_info(client)}
                self._cache.save(self._data)  # the workspace list, when needed later, is added to it
        return self._data["user"]

    def entries(self, fresh: bool = False) -> list[dict]:
        data = self._data if self._data is not None and "entries" in self._data and not fresh else None
        if data is None:
            data = self._load(fresh=fresh)
        return data["entries"]

    def find(self, predicate) -> dict | None:
        """First entry matching `predicate`; on a miss in cached data, look once more at fresh data."""
        for entry in self.entries():
            if predicate(entry):
                return entry
        if not self._fresh:
            for entry in self.entries(fresh=True):
                if predicate(entry):
                    return entry
        return None

    def invalidate(self) -> None:
        self._cache.clear()
        self._data = None
        self._fresh = False

    def workspace_names(self) -> list[str]:
        return [f"{e.get('orgName')}/{e.get('workspaceName')}" for e in self.entries() if e.get("workspaceId") is not None]


class Workspace:
    """A resolved workspace. The id is known at once; names are looked up only when needed."""

    def __init__(self, directory: AccountDirectory, workspace_id: int | None, entry: dict | None = None):
        self.directory = directory
        self.id = workspace_id
        self._entry = entry

    @property
    def personal(self) -> bool:
        return self.id is None

    def params(self, **extra) -> dict:
        """Query parameters for this workspace (`workspaceId` omitted for the personal one)."""
        query = {"workspaceId": self.id} if self.id is not None else {}
        query.update({k: v for k, v in extra.items() if v is not None})
        return query

    @property
    def entry(self) -> dict:
        if self.personal:
            return {}
        if self._entry is None:
            self._entry = self.directory.find(lambda e: e.get("workspaceId") == self.id)
            if self._entry is None:
                raise NotFoundError(f"Workspace '{self.id}' not found",
                                    hint="List the workspaces you can use with 'twpy workspaces list'.")
        return self._entry

    @property
    def org_id(self) -> int | None:
        return self.entry.get("orgId")

    @property
    def org_name(self) -> str | None:
        return self.entry.get("orgName")

    @property
    def name(self) -> str | None:
        return self.entry.get("workspaceName")

    @property
    def ref(self) -> str:
        """tw's workspace reference: `user` or `[<org> / <workspace>]`."""
        if self.personal:
            return "user"
        return f"[{self.org_name} / {self.name}]"

    @property
    def id_or_user(self) -> str:
        """The numeric id, or `user`: how tw names the workspace in some not-found messages."""
        return "user" if self.personal else str(self.id)

    @property
    def option(self) -> str:
        """` -w <id>` to name this workspace in a suggested command ('' for the personal one, the default)."""
        return "" if self.personal else f" -w {self.id}"

    def web_url(self, server_url: str) -> str:
        """The workspace's page in the web UI."""
        if self.personal:
            return f"{server_url}/user/{self.directory.user().get('userName')}"
        return f"{server_url}/orgs/{self.org_name}/workspaces/{self.name}"


def resolve(directory: AccountDirectory, ref: str | None) -> Workspace:
    """Parse and resolve a workspace reference; None or '' means the personal workspace."""
    if ref is None or str(ref).strip() == "":
        return Workspace(directory, None)
    ref = str(ref)
    if "/" in ref:
        parts = ref.split("/")
        if len(parts) != 2:
            raise InputError(INVALID_REF.format(ref=ref))
        org, name = parts[0].strip(), parts[1].strip()
        entry = directory.find(lambda e: e.get("workspaceName") == name and e.get("orgName") == org)
        if entry is None:
            raise NotFoundError(f"Workspace '{name}' at organization '{org}' not found",
                                hint=_suggest(directory, f"{org}/{name}"))
        return Workspace(directory, entry.get("workspaceId"), entry)
    try:
        workspace_id = int(ref.strip())
    except ValueError:
        raise InputError(INVALID_REF.format(ref=ref)) from None
    return Workspace(directory, workspace_id)


def _suggest(directory: AccountDirectory, wanted: str) -> str:
    return did_you_mean(wanted, directory.workspace_names(), "twpy workspaces list")


def find_organization(directory: AccountDirectory, ref: str) -> dict:
    """An organization entry by numeric id or name (entries without a workspace), as tw's org lookups."""
    entry = directory.find(lambda e: e.get("workspaceId") is None and
                           (str(e.get("orgId")) == str(ref) or e.get("orgName") == ref))
    if entry is None:
        orgs = {e.get("orgName") for e in directory.entries() if e.get("orgName")}
        hint = did_you_mean(str(ref), orgs, "twpy organizations list")
        if str(ref).lower() in ("json", "console"):
            hint = (f"'-o {ref}' after the command is its --organization option: put global options before the "
                    f"command, as in 'twpy -o {ref} workspaces list'.")
        raise NotFoundError(f"Organization '{ref}' not found", hint=hint)
    return entry


# Workspace administration (`twpy workspaces ...`) -------------------------------------------------

def find_entry(directory: AccountDirectory, workspace_id: int | None = None, full_name: str | None = None) -> dict:
    """The directory entry of a workspace given by numeric id or `Org/Workspace`."""
    if full_name is not None:
        if "/" not in full_name:
            raise InputError("Invalid workspace namespace", hint="Use the form Organization/Workspace, e.g. acme/showcase.")
        return resolve(directory, full_name).entry
    if workspace_id is None:
        raise InputError("Missing workspace: give its numeric id or Organization/Workspace")
    return Workspace(directory, int(workspace_id)).entry


def list_org_workspaces(client: Client, org_id: int) -> list[dict]:
    """`GET /orgs/{orgId}/workspaces`: every workspace of an organization the user can see (not paged)."""
    data = client.get(api_path("/orgs/{}/workspaces", org_id)) or {}
    return [ws for ws in data.get("workspaces") or [] if isinstance(ws, dict)]


def describe(client: Client, org_id: int, workspace_id: int) -> dict:
    return (client.get(api_path("/orgs/{}/workspaces/{}", org_id, workspace_id)) or {}).get("workspace") or {}


def validate_name(client: Client, org_id: int, name: str) -> None:
    client.get(api_path("/orgs/{}/workspaces/validate", org_id), {"name": name})


def create(client: Client, org_id: int, workspace: dict) -> dict:
    data = client.post(api_path("/orgs/{}/workspaces", org_id), {"workspace": workspace}, idempotent=False)
    return expect_field(data, "workspace", what="the new workspace")


def update(client: Client, org_id: int, workspace_id: int, changes: dict) -> dict:
    data = client.put(api_path("/orgs/{}/workspaces/{}", org_id, workspace_id), changes) or {}
    return data.get("workspace") or {}


def delete(client: Client, org_id: int, workspace_id: int) -> None:
    client.delete(api_path("/orgs/{}/workspaces/{}", org_id, workspace_id))


def leave(client: Client, org_id: int, workspace_id: int) -> None:
    client.delete(api_path("/orgs/{}/workspaces/{}/participants", org_id, workspace_id))


#: The fields of a workspace's Studios settings (DataStudioWorkspaceSettingsRequest), in the spec's order.
STUDIO_SETTINGS = ("containerRepository", "lifespanHours", "nameStrategy", "privateStudioByDefault")


def studio_settings(client: Client, org_id: int, workspace_id: int) -> dict:
    """`GET /orgs/{orgId}/workspaces/{workspaceId}/settings/studios` -> DataStudioWorkspaceSettingsResponse."""
    return client.get(api_path("/orgs/{}/workspaces/{}/settings/studios", org_id, workspace_id)) or {}


def update_studio_settings(client: Client, org_id: int, workspace_id: int, settings: dict) -> None:
    """`PUT .../settings/studios` with every field of STUDIO_SETTINGS; a None is sent as null (a reset: the
    Platform's default), not left out."""
    body = {key: settings.get(key) for key in STUDIO_SETTINGS}
    client.send("PUT", api_path("/orgs/{}/workspaces/{}/settings/studios", org_id, workspace_id),
                data=json.dumps(body, separators=(",", ":")))
