"""Workspace routes: /orgs/{orgId}/workspaces."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.sandbox.http import HttpError, Request, bad_request, check_enum, check_name, given_fields
from tw_py.sandbox.resources.common import request_org, workspace_dto
from tw_py.sandbox.routing import route
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


def org_workspace(api: Api, request: Request):
    org = request_org(api, request)
    raw = request.params["workspaceId"]
    ws = api._workspace(int(raw)) if raw.isdigit() else None
    if ws is None or ws["orgId"] != org["orgId"]:
        raise HttpError(403, f"Forbidden: workspace '{raw}' does not exist or you are not a participant")
    return org, ws


WS_SPEC = {"name": ("string", 40), "fullName": ("string", 100), "description": ("string", 1000), "visibility": "string"}


def _ws_name_free(api: Api, org: dict, name: str, exclude=None) -> None:
    for ws in api.store.items("workspaces"):
        if ws is not exclude and ws["orgId"] == org["orgId"] and ws["name"].lower() == name.lower():
            raise HttpError(409, f"A workspace with name '{name}' already exists in organization '{org['name']}'")


@route("GET", "/orgs/{orgId}/workspaces")
def workspaces_list(api: Api, request: Request):
    org = request_org(api, request)
    return {"workspaces": [{k: w.get(k) for k in ("id", "name", "fullName", "description", "visibility")}
                           for w in api.store.items("workspaces") if w["orgId"] == org["orgId"] and not w.get("_left")]}


@route("POST", "/orgs/{orgId}/workspaces")
def workspaces_add(api: Api, request: Request):
    org = request_org(api, request)
    ws_in = request.checked_body(WS_SPEC, "name", "fullName", "visibility", key="workspace")
    check_name(ws_in["name"], "workspace")
    check_enum(ws_in["visibility"], ("PRIVATE", "SHARED"), "workspace.visibility")
    _ws_name_free(api, org, ws_in["name"])
    now = iso(api.store.now())
    ws = {"id": api.store.number_id(), "orgId": org["orgId"], "name": ws_in["name"], "fullName": ws_in["fullName"],
          "description": ws_in.get("description"), "visibility": ws_in["visibility"], "dateCreated": now,
          "lastUpdated": now}
    api.store.items("workspaces").append(ws)
    return {"workspace": workspace_dto(ws)}


@route("GET", "/orgs/{orgId}/workspaces/validate")
def workspaces_validate(api: Api, request: Request):
    org = request_org(api, request)
    name = request.arg("name") or ""
    check_name(name, "workspace")
    _ws_name_free(api, org, name)


@route("GET", "/orgs/{orgId}/workspaces/{workspaceId}")
def workspaces_get(api: Api, request: Request):
    _, ws = org_workspace(api, request)
    return {"workspace": workspace_dto(ws)}


@route("PUT", "/orgs/{orgId}/workspaces/{workspaceId}")
def workspaces_update(api: Api, request: Request):
    org, ws = org_workspace(api, request)
    body = request.checked_body(WS_SPEC)
    check_enum(body.get("visibility"), ("PRIVATE", "SHARED"), "visibility")
    if body.get("name") is not None:
        check_name(body["name"], "workspace")
        _ws_name_free(api, org, body["name"], exclude=ws)
    ws.update(given_fields(body, ("name", "fullName", "description", "visibility")), lastUpdated=iso(api.store.now()))
    return {"workspace": workspace_dto(ws)}


@route("DELETE", "/orgs/{orgId}/workspaces/{workspaceId}")
def workspaces_delete(api: Api, request: Request):
    _, ws = org_workspace(api, request)
    for kind in ("computeEnvs", "credentials", "labels", "pipelines", "launches", "workflows", "secrets", "datasets",
                 "participants", "actions"):
        api.store.data[kind] = [x for x in api.store.items(kind) if x.get("workspaceId") != ws["id"]]
    api.store.remove("workspaces", ws)


@route("DELETE", "/orgs/{orgId}/workspaces/{workspaceId}/participants")
def workspaces_leave(api: Api, request: Request):
    _, ws = org_workspace(api, request)
    ws["_left"] = True


STUDIO_SETTINGS_SPEC = {"containerRepository": ("string", 500), "lifespanHours": "integer", "nameStrategy": "string",
                        "privateStudioByDefault": "boolean"}


def _studio_settings(org: dict, ws: dict) -> dict:
    settings = ws.setdefault("studioSettings", {"containerRepository": None, "lifespanHours": 8,
                                                "nameStrategy": None, "privateStudioByDefault": False})
    return {"orgId": org["orgId"], "wspId": ws["id"], **settings}


@route("GET", "/orgs/{orgId}/workspaces/{workspaceId}/settings/studios")
def workspaces_studio_settings(api: Api, request: Request):
    org, ws = org_workspace(api, request)
    return _studio_settings(org, ws)


@route("PUT", "/orgs/{orgId}/workspaces/{workspaceId}/settings/studios")
def workspaces_studio_settings_update(api: Api, request: Request):
    org, ws = org_workspace(api, request)
    body = request.checked_body(STUDIO_SETTINGS_SPEC)
    check_enum(body.get("nameStrategy"), ("none", "tagPrefix", "imageSuffix"), "nameStrategy")
    if body.get("lifespanHours") is not None and body["lifespanHours"] < 0:
        raise bad_request("Invalid field 'lifespanHours': 0 (unlimited) or more hours expected")
    _studio_settings(org, ws)
    ws["studioSettings"].update({k: v for k, v in body.items() if k in STUDIO_SETTINGS_SPEC})
