"""Organization routes: /orgs."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.sandbox.http import HttpError, Request, check_name, given_fields
from tw_py.sandbox.resources.common import org_dto, request_org
from tw_py.sandbox.routing import route
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


@route("GET", "/orgs")
def orgs_list(api: Api, request: Request):
    role = request.enum_arg("role", ("owner", "member", "collaborator"))
    orgs = [org_dto(o) for o in api.store.items("orgs") if role is None or o.get("memberRole") == role]
    return {"organizations": orgs, "totalSize": len(orgs)}


ORG_SPEC = {"name": ("string", 40), "fullName": ("string", 100), "description": ("string", 1000),
            "location": ("string", 100), "website": "string", "logoId": "string"}


def _org_name_free(api: Api, name: str, exclude=None) -> None:
    for org in api.store.items("orgs"):
        if org is not exclude and org["name"].lower() == name.lower():
            raise HttpError(409, f"An organization with name '{name}' already exists")


@route("POST", "/orgs")
def orgs_add(api: Api, request: Request):
    body = request.json_object()
    org_in = request.checked_body(ORG_SPEC, "name", "fullName", key="organization")
    check_name(org_in["name"], "organization")
    _org_name_free(api, org_in["name"])
    now = iso(api.store.now())
    org = {"orgId": api.store.number_id(), "name": org_in["name"], "fullName": org_in["fullName"],
           "description": org_in.get("description"), "location": org_in.get("location"),
           "website": org_in.get("website"), "logoId": body.get("logoId"), "memberRole": "owner",
           "memberId": api.store.number_id(), "type": "basic", "paying": False, "dateCreated": now, "lastUpdated": now}
    api.store.items("orgs").append(org)
    return {"organization": org_dto(org)}


@route("GET", "/orgs/validate")
def orgs_validate(api: Api, request: Request):
    name = request.arg("name") or ""
    check_name(name, "organization")
    _org_name_free(api, name)


@route("GET", "/orgs/{orgId}")
def orgs_get(api: Api, request: Request):
    return {"organization": org_dto(request_org(api, request))}


@route("PUT", "/orgs/{orgId}")
def orgs_update(api: Api, request: Request):
    org = request_org(api, request)
    body = request.checked_body(dict(ORG_SPEC, paying="boolean", type="string"))
    if body.get("name") is not None:
        check_name(body["name"], "organization")
        _org_name_free(api, body["name"], exclude=org)
    org.update(given_fields(body, ("name", "fullName", "description", "location", "website", "logoId")),
               lastUpdated=iso(api.store.now()))


@route("DELETE", "/orgs/{orgId}")
def orgs_delete(api: Api, request: Request):
    org = request_org(api, request)
    ws_ids = {w["id"] for w in api.store.items("workspaces") if w["orgId"] == org["orgId"]}
    for kind in ("computeEnvs", "credentials", "labels", "pipelines", "launches", "workflows", "secrets", "datasets",
                 "participants", "actions"):
        api.store.data[kind] = [x for x in api.store.items(kind) if x.get("workspaceId") not in ws_ids]
    for kind in ("members", "teams"):
        api.store.data[kind] = [x for x in api.store.items(kind) if x.get("orgId") != org["orgId"]]
    api.store.data["workspaces"] = [w for w in api.store.items("workspaces") if w["orgId"] != org["orgId"]]
    api.store.remove("orgs", org)
