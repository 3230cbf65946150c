"""Pipeline secret routes: /pipeline-secrets. Values are kept (runs would read them) and never sent back."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.sandbox.http import Request, bad_request
from tw_py.sandbox.resources.common import check_new_name, validate_name, workspace_item
from tw_py.sandbox.routing import route
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


SECRET_TAKEN = "A secret named '{}' already exists"   # the 409 message when the workspace has one so named
SECRET_SPEC = {"name": ("string", 100), "value": ("string", 65536)}


def secret_dto(secret: dict) -> dict:
    return {key: secret.get(key) for key in ("id", "name", "dateCreated", "lastUpdated", "lastUsed")}


_secret = workspace_item("secrets", "id", "secretId", "Secret", numbered=True)


@route("GET", "/pipeline-secrets")
def secrets_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    found = sorted((s for s in api.store.items("secrets") if s["workspaceId"] == ws_id), key=lambda s: s["name"])
    return {"pipelineSecrets": [secret_dto(s) for s in found], "totalSize": len(found)}


@route("GET", "/pipeline-secrets/validate")
def secrets_validate(api: Api, request: Request):
    validate_name(api, request, "secrets", "secret", SECRET_TAKEN)


@route("POST", "/pipeline-secrets")
def secrets_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.checked_body(SECRET_SPEC, "name", "value")
    check_new_name(api, "secrets", "secret", ws_id, body["name"], SECRET_TAKEN)
    now = iso(api.store.now())
    secret = {"id": api.store.number_id(), "workspaceId": ws_id, "name": body["name"], "_value": body["value"],
              "dateCreated": now, "lastUpdated": now}
    api.store.items("secrets").append(secret)
    return {"secretId": secret["id"]}


@route("GET", "/pipeline-secrets/{secretId}")
def secrets_get(api: Api, request: Request):
    return {"pipelineSecret": secret_dto(_secret(api, request))}


@route("PUT", "/pipeline-secrets/{secretId}")
def secrets_update(api: Api, request: Request):
    secret = _secret(api, request)
    body = request.checked_body({"value": SECRET_SPEC["value"]})
    if not body.get("value"):
        raise bad_request("Missing required field 'value'")
    secret["_value"] = body["value"]
    secret["lastUpdated"] = iso(api.store.now())


@route("DELETE", "/pipeline-secrets/{secretId}")
def secrets_delete(api: Api, request: Request):
    api.store.remove("secrets", _secret(api, request))
