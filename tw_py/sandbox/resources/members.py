"""Organization member routes: /orgs/{orgId}/members, /orgs/{orgId}/collaborators.

The signed-in user is the owner of every organization (its `memberId` is the organization's); invited users are
stored members with a made-up user behind them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.sandbox.http import HttpError, Request, bad_request, check_enum, not_found, paginate
from tw_py.sandbox.resources.common import request_org
from tw_py.sandbox.routing import route

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api

ORG_ROLES = ("owner", "member", "collaborator")


def member_dto(member: dict) -> dict:
    return {k: member.get(k) for k in ("memberId", "userId", "userName", "email", "firstName", "lastName", "avatar",
                                       "role")}


def org_members(api: Api, org: dict) -> list[dict]:
    """Every member of an organization: the signed-in user (owner) first, then the invited ones."""
    user = api.user
    owner = {"memberId": org.get("memberId"), "orgId": org["orgId"], "userId": user["id"],
             "userName": user["userName"], "email": user.get("email"), "firstName": user.get("firstName"),
             "lastName": user.get("lastName"), "role": org.get("memberRole") or "owner", "_owner": True}
    return [owner] + [m for m in api.store.items("members") if m["orgId"] == org["orgId"]]


def named(member: dict, text: str) -> bool:
    return member.get("userName") == text or (member.get("email") or "").lower() == text.lower()


def _matches(member: dict, search: str) -> bool:
    text = search.lower()
    return not text or any(text in (member.get(k) or "").lower() for k in ("userName", "email", "firstName", "lastName"))


def find_or_invite(api: Api, org: dict, user: str, role: str = "member") -> dict:
    """The organization member named or mailed `user`, invited (as `role`) when there is none."""
    user = (user or "").strip()
    if not user:
        raise bad_request("Missing user name or email")
    for member in org_members(api, org):
        if named(member, user):
            return member
    name = user.split("@")[0] if "@" in user else user
    member = {"memberId": api.store.number_id(), "orgId": org["orgId"], "userId": api.store.number_id(),
              "userName": name, "email": user if "@" in user else f"{user}@sandbox.localhost",
              "firstName": None, "lastName": None, "role": role}
    api.store.items("members").append(member)
    return member


def request_member(api: Api, request: Request, org: dict) -> dict:
    raw = request.params["memberId"]
    for member in org_members(api, org):
        if str(member["memberId"]) == raw:
            return member
    raise not_found(f"Member '{raw}' not found in organization '{org['name']}'")


def _listing(api: Api, request: Request, collaborators: bool):
    org = request_org(api, request)
    offset, size = request.page()
    search = (request.arg("search") or "").strip()
    found = [m for m in org_members(api, org) if (m["role"] == "collaborator") == collaborators and _matches(m, search)]
    return {"members": [member_dto(m) for m in paginate(found, offset, size)], "totalSize": len(found)}


@route("GET", "/orgs/{orgId}/members")
def members_list(api: Api, request: Request):
    return _listing(api, request, collaborators=False)


@route("GET", "/orgs/{orgId}/collaborators")
def collaborators_list(api: Api, request: Request):
    return _listing(api, request, collaborators=True)


@route("PUT", "/orgs/{orgId}/members/add")
def members_add(api: Api, request: Request):
    org = request_org(api, request)
    body = request.checked_body({"user": "string"}, "user")
    if any(named(m, body["user"]) for m in org_members(api, org)):
        raise HttpError(409, f"User '{body['user']}' is already a member of organization '{org['name']}'")
    return {"member": member_dto(find_or_invite(api, org, body["user"]))}


@route("DELETE", "/orgs/{orgId}/members/{memberId}")
def members_delete(api: Api, request: Request):
    org = request_org(api, request)
    member = request_member(api, request, org)
    if member.get("_owner"):
        raise bad_request("The organization's owner cannot be removed")
    api.store.remove("members", member)
    for team in api.store.items("teams"):
        team["members"] = [m for m in team.get("members", []) if m != member["memberId"]]
    api.store.data["participants"] = [p for p in api.store.items("participants") if p.get("memberId") != member["memberId"]]


@route("PUT", "/orgs/{orgId}/members/{memberId}/role")
def members_role(api: Api, request: Request):
    org = request_org(api, request)
    member = request_member(api, request, org)
    body = request.checked_body({"role": "string"}, "role")
    check_enum(body["role"], ORG_ROLES, "role")
    if member.get("_owner"):
        raise bad_request("The role of the organization's owner cannot be changed")
    member["role"] = body["role"]
