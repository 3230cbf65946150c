"""Credentials routes: /credentials."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tw_py.sandbox import model
from tw_py.sandbox.http import Request, bad_request, check_enum, check_name, given_fields
from tw_py.sandbox.resources.common import PLATFORM_PROVIDER, PROVIDERS, name_free, workspace_item
from tw_py.sandbox.routing import route
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


def credentials_dto(creds: dict) -> dict:
    return {k: creds.get(k) for k in ("id", "name", "description", "provider", "baseUrl", "category", "keys",
                                      "status", "dateCreated", "lastUpdated", "lastUsed")} | {"deleted": False}


# Credentials ----------------------------------------------------------------------------------------
CREDS_TAKEN = "Credentials with name '{}' already exist"   # the 409 message when the workspace has one so named
CREDS_SPEC = {"name": ("string", 100), "provider": "string", "description": "string", "baseUrl": ("string", 200),
              "keys": "object", "category": "string", "id": "string"}


@route("GET", "/credentials")
def credentials_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    platform = request.arg("platformId")
    wanted = PLATFORM_PROVIDER.get(platform, platform) if platform else None
    if isinstance(wanted, str):
        wanted = (wanted,)
    found = [credentials_dto(c) for c in api.store.items("credentials")
             if c["workspaceId"] == ws_id and (wanted is None or c["provider"] in wanted)]
    return {"credentials": found}


def _credentials_body(request: Request) -> dict:
    creds = request.checked_body(CREDS_SPEC, "name", "provider", key="credentials")
    check_name(creds["name"], "credentials")
    check_enum(creds["provider"], PROVIDERS, "credentials.provider")
    keys = creds.get("keys") or {}
    if keys.get("discriminator") is not None and keys["discriminator"] != creds["provider"]:
        raise bad_request("Invalid field 'credentials.keys.discriminator': it must match the provider")
    return creds


@route("POST", "/credentials")
def credentials_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    request.bool_arg("useExternalId")
    creds = _credentials_body(request)
    name_free(api, "credentials", ws_id, creds["name"], CREDS_TAKEN)
    keys = dict(creds.get("keys") or {})
    if keys.get("mode") == "role" or request.bool_arg("useExternalId"):
        keys["externalId"] = api.store.string_id(32)
    created = model.new_credentials(api.store, ws_id, creds["name"], creds["provider"], keys,
                                    creds.get("baseUrl"), creds.get("description"))
    return {"credentialsId": created["id"]}


@route("GET", "/credentials/validate")
def credentials_validate_name(api: Api, request: Request):
    ws_id = api.workspace(request)
    name = request.arg("name") or ""
    if not name.strip():
        raise bad_request("Missing required parameter 'name'")
    name_free(api, "credentials", ws_id, name, CREDS_TAKEN)


_credentials = workspace_item("credentials", "id", "credentialsId", "Credentials")


@route("GET", "/credentials/{credentialsId}")
def credentials_get(api: Api, request: Request):
    creds = _credentials(api, request)
    doc = {"credentials": credentials_dto(creds)}
    if creds["keys"].get("externalId"):
        doc["setupSnippet"] = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:role/SandboxRole"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": creds["keys"]["externalId"]}}}]}, indent=2)
    return doc


@route("PUT", "/credentials/{credentialsId}")
def credentials_update(api: Api, request: Request):
    existing = _credentials(api, request)
    creds = _credentials_body(request)
    if creds["provider"] != existing["provider"]:
        raise bad_request("The credentials provider cannot be changed")
    public = {k: v for k, v in (creds.get("keys") or {}).items() if k not in model.SECRET_KEYS}
    public["discriminator"] = existing["provider"]
    if existing["keys"].get("externalId") and "externalId" not in public:
        public["externalId"] = existing["keys"]["externalId"]
    existing.update({"name": creds["name"], "keys": public, "lastUpdated": iso(api.store.now())})
    existing.update(given_fields(creds, ("baseUrl", "description")))


@route("DELETE", "/credentials/{credentialsId}")
def credentials_delete(api: Api, request: Request):
    creds = _credentials(api, request)
    request.bool_arg("checked")
    api.store.remove("credentials", creds)


@route("POST", "/credentials/{credentialsId}/validate")
def credentials_validate(api: Api, request: Request):
    _credentials(api, request)
    request.bool_arg("force")
    return {"status": "AVAILABLE", "transientError": False}
