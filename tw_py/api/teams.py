"""Organization teams and their members (`/orgs/{orgId}/teams...`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.api.client import expect_field
from tw_py.api.paging import MAX_PAGE_SIZE, Page, PageRequest, iter_items, list_items
from tw_py.api.paths import api_path
from tw_py.errors import NotFoundError

if TYPE_CHECKING:
    from tw_py.api.client import Client



def list_teams(client: Client, org_id: int, *, page: PageRequest | None = None) -> Page:
    """One page (or every page with --all) of the organization's teams."""
    return list_items(client, api_path("/orgs/{}/teams", org_id), "teams", {}, page or PageRequest())


def search_team(client: Client, org_id: int, name: str) -> dict | None:
    """The team named exactly `name` (server-side search, then an exact match, every page walked)."""
    for team in iter_items(client, api_path("/orgs/{}/teams", org_id), "teams", {"search": name}, size=MAX_PAGE_SIZE):
        if team.get("name") == name:
            return team
    return None


def find_team(client: Client, org_id: int, name: str) -> dict:
    team = search_team(client, org_id, name)
    if team is None:
        raise NotFoundError(f"Team '{name}' not found in organization '{org_id}'",
                            hint="List the teams with 'twpy teams list -o <organization>'.")
    return team


def create_team(client: Client, org_id: int, name: str, description: str | None) -> dict:
    """`POST /orgs/{orgId}/teams`; returns the new team."""
    body = {"team": {"name": name, "description": description}}
    return expect_field(client.post(api_path("/orgs/{}/teams", org_id), body, idempotent=False), "team",
                        what="the new team")


def update_team(client: Client, org_id: int, team_id: int, changes: dict) -> None:
    """`PUT /orgs/{orgId}/teams/{teamId}` with the fields to change (name, description)."""
    client.put(api_path("/orgs/{}/teams/{}", org_id, team_id), changes)


def delete_team(client: Client, org_id: int, team_id: int) -> None:
    client.delete(api_path("/orgs/{}/teams/{}", org_id, team_id))


def team_members(client: Client, org_id: int, team_id: int) -> list:
    """Every member of a team (tw stops at the first 100)."""
    return list(iter_items(client, api_path("/orgs/{}/teams/{}/members", org_id, team_id), "members", {}, size=MAX_PAGE_SIZE))


def add_team_member(client: Client, org_id: int, team_id: int, user: str) -> dict:
    """`POST /orgs/{orgId}/teams/{teamId}/members` with a user name or email; returns the member."""
    body = {"userNameOrEmail": user}
    return (client.post(api_path("/orgs/{}/teams/{}/members", org_id, team_id), body, idempotent=False) or {}).get("member") or {}


def find_team_member(client: Client, org_id: int, team_id: int, user: str) -> dict:
    """The team member whose user name is exactly `user`."""
    for member in iter_items(client, api_path("/orgs/{}/teams/{}/members", org_id, team_id), "members", {"search": user},
                             size=MAX_PAGE_SIZE):
        if member.get("userName") == user:
            return member
    raise NotFoundError(f"Member '{user}' not found in organization '{org_id}'",
                        hint="List the team's members with 'twpy teams members -t <team> -o <organization>'.")


def delete_team_member(client: Client, org_id: int, team_id: int, member_id: int) -> None:
    client.delete(api_path("/orgs/{}/teams/{}/members/{}/delete", org_id, team_id, member_id))
