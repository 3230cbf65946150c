"""Workspace participant routes: /orgs/{orgId}/workspaces/{workspaceId}/participants."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.sandbox.http import HttpError, Request, bad_request, paginate, require
from tw_py.sandbox.resources.common import numbered_child
from tw_py.sandbox.resources.members import find_or_invite, org_members
from tw_py.sandbox.resources.workspaces import org_workspace
from tw_py.sandbox.routing import route

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api

WORKSPACE_ROLES = ("owner", "admin", "maintain", "launch", "connect", "view")


def participant_dto(api: Api, org: dict, participant: dict) -> dict:
    doc = {"participantId": participant["participantId"], "type": participant["type"],
           "wspRole": participant["wspRole"]}
    if participant["type"] == "TEAM":
        team = api.store.find("teams", "teamId", participant["teamId"]) or {}
        doc.update(teamId=participant["teamId"], teamName=team.get("name"))
    else:
        member = next((m for m in org_members(api, org) if m["memberId"] == participant["memberId"]), {})
        doc.update({"memberId": participant["memberId"], "userName": member.get("userName"),
                    "email": member.get("email"), "firstName": member.get("firstName"),
                    "lastName": member.get("lastName"), "orgRole": member.get("role")})
    return doc


def _participant(api: Api, request: Request, ws: dict) -> dict:
    return numbered_child(api, request, "participantId", "participants", ("workspaceId", ws["id"]),
                          "Participant", f"workspace '{ws['name']}'")


def _role(body: dict) -> str:
    role = str(body.get("role") or "").lower()
    if role not in WORKSPACE_ROLES:
        raise bad_request(f"Invalid workspace role '{body.get('role')}': expected one of {', '.join(WORKSPACE_ROLES)}")
    return role


@route("GET", "/orgs/{orgId}/workspaces/{workspaceId}/participants")
def participants_list(api: Api, request: Request):
    org, ws = org_workspace(api, request)
    offset, size = request.page()
    search = (request.arg("search") or "").lower()
    found = []
    for participant in api.store.items("participants"):
        if participant["workspaceId"] != ws["id"]:
            continue
        doc = participant_dto(api, org, participant)
        text = " ".join(str(doc.get(k) or "") for k in ("teamName", "userName", "email", "firstName", "lastName"))
        if search in text.lower():
            found.append(doc)
    return {"participants": paginate(found, offset, size), "totalSize": len(found)}


@route("PUT", "/orgs/{orgId}/workspaces/{workspaceId}/participants/add")
def participants_add(api: Api, request: Request):
    org, ws = org_workspace(api, request)
    body = request.checked_body({"memberId": "integer", "teamId": "integer", "userNameOrEmail": "string"})
    given = [k for k in ("memberId", "teamId", "userNameOrEmail") if body.get(k) is not None]
    if len(given) != 1:
        raise bad_request("Give exactly one of memberId, teamId or userNameOrEmail")
    if body.get("teamId") is not None:
        team = api.store.find("teams", "teamId", body["teamId"])
        if team is None or team["orgId"] != org["orgId"]:
            raise bad_request(f"Team '{body['teamId']}' not found")
        new = {"type": "TEAM", "teamId": team["teamId"]}
    else:
        if body.get("memberId") is not None:
            member = next((m for m in org_members(api, org) if m["memberId"] == body["memberId"]), None)
            if member is None:
                raise bad_request(f"Member '{body['memberId']}' not found")
        else:
            require(body, "", "userNameOrEmail")
            member = find_or_invite(api, org, body["userNameOrEmail"], role="collaborator")
        new = {"type": "COLLABORATOR" if member["role"] == "collaborator" else "MEMBER", "memberId": member["memberId"]}
    for participant in api.store.items("participants"):
        if participant["workspaceId"] == ws["id"] and participant.get("teamId") == new.get("teamId") \
                and participant.get("memberId") == new.get("memberId"):
            raise HttpError(409, "Already a participant of this workspace")
    participant = {"participantId": api.store.number_id(), "workspaceId": ws["id"], "memberId": None, "teamId": None,
                   "wspRole": "launch", **new}
    api.store.items("participants").append(participant)
    return {"participant": participant_dto(api, org, participant)}


@route("DELETE", "/orgs/{orgId}/workspaces/{workspaceId}/participants/{participantId}")
def participants_delete(api: Api, request: Request):
    _, ws = org_workspace(api, request)
    api.store.remove("participants", _participant(api, request, ws))


@route("PUT", "/orgs/{orgId}/workspaces/{workspaceId}/participants/{participantId}/role")
def participants_role(api: Api, request: Request):
    _, ws = org_workspace(api, request)
    participant = _participant(api, request, ws)
    body = request.checked_body({"role": "string"})
    participant["wspRole"] = _role(body)
