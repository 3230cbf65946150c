"""Workspace participants (`/orgs/{orgId}/workspaces/{workspaceId}/participants...`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.api.client import expect_field
from tw_py.api.paging import MAX_PAGE_SIZE, Page, PageRequest, iter_items, list_items
from tw_py.api.paths import api_path
from tw_py.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace


TYPES = ("MEMBER", "TEAM", "COLLABORATOR")


def _path(workspace, tail: str = "", *segments) -> str:
    """`/orgs/{orgId}/workspaces/{workspaceId}/participants` + `tail`, whose `{}` take `segments`."""
    return api_path("/orgs/{}/workspaces/{}/participants" + tail, workspace.org_id, workspace.id, *segments)


def display_name(participant: dict) -> str:
    """tw's Name column: the team name, or `user (email)`."""
    if participant.get("type") == "TEAM":
        return participant.get("teamName") or ""
    return f"{participant.get('userName')} ({participant.get('email')})"


def list_participants(client: Client, workspace: Workspace, *, search: str | None = None, page: PageRequest | None = None) -> Page:
    """One page (or every page with --all) of the workspace's participants."""
    return list_items(client, _path(workspace), "participants", {"search": search or None}, page or PageRequest())


def _named(participant: dict, name: str) -> bool:
    if participant.get("type") == "TEAM":
        return participant.get("teamName") == name
    return participant.get("userName") == name or (participant.get("email") or "").lower() == name.lower()


def search_participant(client: Client, workspace: Workspace, name: str, ptype: str) -> dict | None:
    """The participant of this type named `name` (an exact team/user name or email wins over a lone search hit)."""
    found = [p for p in iter_items(client, _path(workspace), "participants", {"search": name}, size=MAX_PAGE_SIZE)
             if p.get("type") == ptype]
    exact = [p for p in found if _named(p, name)]
    if exact:
        return exact[0]
    if len(found) > 1:
        raise InputError(f"Multiple participants of type {ptype} match '{name}' in workspace '{workspace.id}'",
                         hint="Give the exact user name, email or team name.")
    return found[0] if found else None


def find_participant(client: Client, workspace: Workspace, name: str, ptype: str) -> dict:
    participant = search_participant(client, workspace, name, ptype)
    if participant is None:
        raise NotFoundError(f"Participant '{name}' not found in workspace '{workspace.id}'",
                            hint="List the participants with 'twpy participants list -w <workspace>'.")
    return participant


def add_participant(client: Client, workspace: Workspace, request: dict) -> dict:
    """`PUT .../participants/add` with a memberId, teamId or userNameOrEmail; returns the participant."""
    added = client.put(_path(workspace, "/add"), request, idempotent=False)
    return expect_field(added, "participant", what="the new participant")


def update_role(client: Client, workspace: Workspace, participant_id: int, role: str) -> None:
    client.put(_path(workspace, "/{}/role", participant_id), {"role": role})


def delete_participant(client: Client, workspace: Workspace, participant_id: int) -> None:
    client.delete(_path(workspace, "/{}", participant_id))


def leave(client: Client, workspace: Workspace) -> None:
    client.delete(_path(workspace))


def new_participant_request(client: Client, org_id: int, name: str, ptype: str) -> dict:
    """The AddParticipantRequest for a name: a team's id, or a member's / collaborator's id (found by search),
    else the name itself as `userNameOrEmail`."""
    from tw_py.api import members, teams

    if ptype == "TEAM":
        return {"teamId": teams.find_team(client, org_id, name)["teamId"]}
    member = members.search_member(client, org_id, name, collaborators=ptype == "COLLABORATOR")
    if member is not None and member.get("memberId") is not None:
        return {"memberId": member["memberId"]}
    return {"userNameOrEmail": name}
