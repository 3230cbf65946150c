"""Compute environment routes: /compute-envs."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tw_py.sandbox import model
from tw_py.sandbox.http import HttpError, Request, bad_request, check_enum, check_fields, given_fields, not_found, require
from tw_py.sandbox.resources.common import CE_PLATFORMS, CE_STATUSES, ce_full, ce_region
from tw_py.sandbox.routing import route
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


def ce_entry(api: Api, ce: dict, ws_id, labels: bool) -> dict:
    config = ce.get("config") or {}
    ws = api._workspace(ws_id) if ws_id is not None else None
    return {"id": ce["id"], "name": ce["name"], "description": ce.get("description"), "platform": ce["platform"],
            "status": model.compute_env_status(api.store, ce), "message": ce.get("message"),
            "lastUsed": ce.get("lastUsed"), "primary": bool(ce.get("primary")), "credentialsId": ce.get("credentialsId"),
            "workspaceName": ws and ws["name"], "visibility": ws and ws.get("visibility"),
            "region": ce_region(ce), "workDir": config.get("workDir"),
            "waveEnabled": config.get("waveEnabled"), "fusion2Enabled": config.get("fusion2Enabled"),
            "labels": api._labels(ce.get("labels")) if labels else None}


@route("GET", "/compute-envs")
def compute_envs_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    status = request.enum_arg("status", CE_STATUSES, case_sensitive=False)
    labels = "labels" in request.list_arg("attributes", ("labels", "resources"))
    entries = [ce_entry(api, ce, ws_id, labels) for ce in api._live_ces(ws_id)]
    if status:
        entries = [e for e in entries if e["status"] == status.upper()]
    return {"computeEnvs": entries}


@route("POST", "/compute-envs")
def compute_envs_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.json_object()
    ce_in = request.json_object("computeEnv")
    check_fields(body, "", {"labelIds": "integers"})
    check_fields(ce_in, "computeEnv.", {"name": ("string", 100), "description": ("string", 2000), "platform": "string",
                                        "config": "object", "credentialsId": "string",
                                        "fusionMetricsCollectionEnabled": "boolean"})
    require(ce_in, "computeEnv.", "name", "platform", "config")
    check_enum(ce_in["platform"], CE_PLATFORMS, "computeEnv.platform")
    config = ce_in["config"]
    if config.get("discriminator") is not None and config["discriminator"] != ce_in["platform"]:
        raise bad_request("Invalid field 'computeEnv.config.discriminator': it must match the platform")
    if not re.match(r"^[\w.-]{1,100}$", ce_in["name"]):
        raise bad_request(f"Invalid compute environment name '{ce_in['name']}'")
    if any(c["name"] == ce_in["name"] for c in api._live_ces(ws_id)):
        raise HttpError(409, f"A compute environment with name '{ce_in['name']}' already exists")
    if ce_in.get("credentialsId") is not None:
        api._in_ws("credentials", "id", ce_in["credentialsId"], ws_id, "Credentials")
    elif ce_in["platform"] not in ("seqeracompute-platform", "local-platform"):
        raise bad_request("Missing required field 'computeEnv.credentialsId'")
    label_ids = api._label_ids(body.get("labelIds"), ws_id)
    ce = model.new_compute_env(api.store, ws_id, ce_in["name"], ce_in["platform"], config, ce_in.get("credentialsId"),
                               ce_in.get("description"), label_ids,
                               extra={"fusionMetricsCollectionEnabled": ce_in.get("fusionMetricsCollectionEnabled")})
    return {"computeEnvId": ce["id"]}


@route("GET", "/compute-envs/validate")
def compute_envs_validate_name(api: Api, request: Request):
    ws_id = api.workspace(request)
    name = request.arg("name") or ""
    if not re.match(r"^[\w.-]{1,100}$", name):
        raise bad_request(f"Invalid compute environment name '{name}'")
    if any(c["name"] == name for c in api._live_ces(ws_id)):
        raise HttpError(409, f"A compute environment with name '{name}' already exists")


def _ce(api: Api, request: Request, ws_id, include_deleted: bool = False) -> dict:
    ce = api.store.find("computeEnvs", "id", request.params["computeEnvId"])
    if ce is None or ce["workspaceId"] != ws_id or (ce.get("_deleted") and not include_deleted):
        where = "user workspace" if ws_id is None else f"workspace '{ws_id}'"
        raise not_found(f"Compute environment '{request.params['computeEnvId']}' not found at {where}")
    return ce


@route("GET", "/compute-envs/{computeEnvId}")
def compute_envs_get(api: Api, request: Request):
    ws_id = api.workspace(request)
    labels = "labels" in request.list_arg("attributes", ("labels", "resources"))
    return {"computeEnv": ce_full(api, _ce(api, request, ws_id, include_deleted=True), labels)}


@route("PUT", "/compute-envs/{computeEnvId}")
def compute_envs_update(api: Api, request: Request):
    ws_id = api.workspace(request)
    ce = _ce(api, request, ws_id)
    body = request.checked_body({"name": ("string", 100), "description": ("string", 2000), "credentialsId": "string",
                                 "fusionMetricsCollectionEnabled": "boolean"})
    if body.get("name") is not None and body["name"] != ce["name"]:
        if any(c["name"] == body["name"] for c in api._live_ces(ws_id)):
            raise HttpError(409, f"A compute environment with name '{body['name']}' already exists")
    ce.update(given_fields(body, ("name", "description", "credentialsId", "fusionMetricsCollectionEnabled")),
              lastUpdated=iso(api.store.now()))


@route("DELETE", "/compute-envs/{computeEnvId}")
def compute_envs_delete(api: Api, request: Request):
    ws_id = api.workspace(request)
    ce = _ce(api, request, ws_id)
    request.bool_arg("force")
    if ce.get("_deleteAt") is None:
        ce["_deleteAt"] = api.store.now() + model.CE_DELETE_SECONDS / api.store.speed


@route("POST", "/compute-envs/{computeEnvId}/primary")
def compute_envs_primary(api: Api, request: Request):
    ws_id = api.workspace(request)
    ce = _ce(api, request, ws_id)
    if model.compute_env_status(api.store, ce) != "AVAILABLE":
        raise bad_request(f"Compute environment '{ce['id']}' is not available")
    for other in api._live_ces(ws_id):
        other["primary"] = other is ce


@route("POST", "/compute-envs/{computeEnvId}/validate")
def compute_envs_validate(api: Api, request: Request):
    ws_id = api.workspace(request)
    ce = _ce(api, request, ws_id)
    request.bool_arg("force")
    return {"status": model.compute_env_status(api.store, ce), "transientError": False}
