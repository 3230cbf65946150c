"""Organizations: describe, create, update, delete."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.api.client import expect_field
from tw_py.api.paths import api_path
from tw_py.api.workspaces import AccountDirectory
from tw_py.errors import NotFoundError

if TYPE_CHECKING:
    from tw_py.api.client import Client



def find_id(directory: AccountDirectory, org_id: int | None = None, name: str | None = None) -> int:
    """The organization id for `-i` (used as is) or `-n` (any directory entry with that org name)."""
    if org_id is not None:
        return int(org_id)
    entry = directory.find(lambda e: e.get("orgName") == name)
    if entry is None:
        raise NotFoundError(f"Organization '{name}' not found",
                            hint="List your organizations with 'twpy organizations list'.")
    return entry["orgId"]


def list_organizations(client: Client) -> list[dict]:
    """`GET /orgs`: every organization the user belongs to (the API does not page them)."""
    return [org for org in (client.get("/orgs") or {}).get("organizations") or [] if isinstance(org, dict)]


def describe(client: Client, org_id: int) -> dict:
    return (client.get(api_path("/orgs/{}", org_id)) or {}).get("organization") or {}


def create(client: Client, organization: dict) -> dict:
    return expect_field(client.post("/orgs", {"organization": organization}, idempotent=False), "organization",
                        what="the new organization")


def update(client: Client, org_id: int, changes: dict) -> None:
    client.put(api_path("/orgs/{}", org_id), changes)


def delete(client: Client, org_id: int) -> None:
    client.delete(api_path("/orgs/{}", org_id))
