"""Organization team routes: /orgs/{orgId}/teams and their members."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.sandbox.http import (
    HttpError,
    Request,
    bad_request,
    check_fields,
    check_name,
    given_fields,
    not_found,
    paginate,
    require,
)
from tw_py.sandbox.resources.common import numbered_child, request_org
from tw_py.sandbox.resources.members import find_or_invite, member_dto, org_members
from tw_py.sandbox.routing import route
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api

TEAM_SPEC = {"name": ("string", 40), "description": ("string", 250)}


def team_dto(team: dict) -> dict:
    return {"teamId": team["teamId"], "name": team["name"], "description": team.get("description"),
            "membersCount": len(team.get("members", []))}


def _name_free(api: Api, org: dict, name, exclude=None) -> None:
    check_name(name, "team")
    for team in api.store.items("teams"):
        if team is not exclude and team["orgId"] == org["orgId"] and team["name"].lower() == name.lower():
            raise HttpError(409, f"A team with name '{name}' already exists in organization '{org['name']}'")


def _team(api: Api, request: Request, org: dict) -> dict:
    return numbered_child(api, request, "teamId", "teams", ("orgId", org["orgId"]),
                          "Team", f"organization '{org['name']}'")


@route("GET", "/orgs/{orgId}/teams")
def teams_list(api: Api, request: Request):
    org = request_org(api, request)
    offset, size = request.page()
    search = (request.arg("search") or "").lower()
    found = sorted((t for t in api.store.items("teams") if t["orgId"] == org["orgId"] and search in t["name"].lower()),
                   key=lambda t: t["name"].lower())
    return {"teams": [team_dto(t) for t in paginate(found, offset, size)], "totalSize": len(found)}


@route("POST", "/orgs/{orgId}/teams")
def teams_add(api: Api, request: Request):
    org = request_org(api, request)
    body = request.json_object()
    team_in = request.json_object("team")
    check_fields(body, "", {"avatarId": "string", "idpGroupId": "integer", "team": "object"})
    check_fields(team_in, "team.", TEAM_SPEC)
    require(team_in, "team.", "name")
    _name_free(api, org, team_in["name"])
    now = iso(api.store.now())
    team = {"teamId": api.store.number_id(), "orgId": org["orgId"], "name": team_in["name"],
            "description": team_in.get("description"), "members": [], "dateCreated": now, "lastUpdated": now}
    api.store.items("teams").append(team)
    return {"team": team_dto(team)}


@route("GET", "/orgs/{orgId}/teams/validate")
def teams_validate(api: Api, request: Request):
    org = request_org(api, request)
    _name_free(api, org, request.arg("name") or "")


@route("GET", "/orgs/{orgId}/teams/{teamId}")
def teams_get(api: Api, request: Request):
    org = request_org(api, request)
    return {"team": team_dto(_team(api, request, org))}


@route("PUT", "/orgs/{orgId}/teams/{teamId}")
def teams_update(api: Api, request: Request):
    org = request_org(api, request)
    team = _team(api, request, org)
    body = request.checked_body(dict(TEAM_SPEC, avatarId="string", idpGroupId="integer"))
    if body.get("name") is not None and body["name"] != team["name"]:
        _name_free(api, org, body["name"], exclude=team)
    team.update(given_fields(body, ("name", "description")), lastUpdated=iso(api.store.now()))


@route("DELETE", "/orgs/{orgId}/teams/{teamId}")
def teams_delete(api: Api, request: Request):
    org = request_org(api, request)
    team = _team(api, request, org)
    api.store.remove("teams", team)
    api.store.data["participants"] = [p for p in api.store.items("participants") if p.get("teamId") != team["teamId"]]


@route("GET", "/orgs/{orgId}/teams/{teamId}/members")
def team_members_list(api: Api, request: Request):
    org = request_org(api, request)
    team = _team(api, request, org)
    offset, size = request.page()
    search = (request.arg("search") or "").lower()
    found = [m for m in org_members(api, org) if m["memberId"] in team.get("members", [])
             and (not search or search in (m.get("userName") or "").lower() or search in (m.get("email") or "").lower())]
    return {"members": [member_dto(m) for m in paginate(found, offset, size)], "totalSize": len(found)}


@route("POST", "/orgs/{orgId}/teams/{teamId}/members")
def team_members_add(api: Api, request: Request):
    org = request_org(api, request)
    team = _team(api, request, org)
    body = request.checked_body({"userNameOrEmail": "string"}, "userNameOrEmail")
    member = find_or_invite(api, org, body["userNameOrEmail"])
    if member["memberId"] in team["members"]:
        raise bad_request(f"'{body['userNameOrEmail']}' is already a member of team '{team['name']}'")
    team["members"].append(member["memberId"])
    return {"member": member_dto(member)}


@route("DELETE", "/orgs/{orgId}/teams/{teamId}/members/{memberId}/delete")
def team_members_delete(api: Api, request: Request):
    org = request_org(api, request)
    team = _team(api, request, org)
    raw = request.params["memberId"]
    if not raw.isdigit() or int(raw) not in team["members"]:
        raise not_found(f"Member '{raw}' not found in team '{team['name']}'")
    team["members"].remove(int(raw))
