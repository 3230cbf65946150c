"""Pipeline action routes: /actions (GitHub and Tower launch hooks; the sandbox never fires them)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tw_py.sandbox import model
from tw_py.sandbox.http import Request, bad_request, check_enum, require
from tw_py.sandbox.resources.common import (
    associate_labels,
    launch_body,
    launch_dto,
    name_free,
    update_launch,
    wants_labels,
    workspace_item,
)
from tw_py.sandbox.routing import route
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api

SOURCES = ("github", "tower")
ACTION_NAME = re.compile(r"^[\w.-]{2,99}$")


def _hook_url(action: dict) -> str:
    return f"http://sandbox.localhost/api/actions/{action['id']}/launch"


def action_info(api: Api, action: dict, labels: bool) -> dict:
    launch = api.store.find("launches", "id", action["launchId"]) or {}
    return {"id": action["id"], "name": action["name"], "pipeline": launch.get("pipeline"),
            "source": action["source"], "status": action["status"], "endpoint": _hook_url(action),
            "dateCreated": action.get("dateCreated"), "lastSeen": action.get("lastSeen"),
            "labels": api._labels(action.get("labels")) if labels else None}


def action_dto(api: Api, action: dict, labels: bool) -> dict:
    launch = api.store.find("launches", "id", action["launchId"]) or {}
    return {"id": action["id"], "name": action["name"], "source": action["source"], "status": action["status"],
            "hookId": action["id"], "hookUrl": _hook_url(action), "launch": launch_dto(api, launch),
            "dateCreated": action.get("dateCreated"), "lastUpdated": action.get("lastUpdated"),
            "lastSeen": action.get("lastSeen"), "labels": api._labels(action.get("labels")) if labels else None}


def _name_free(api: Api, ws_id, name, exclude=None) -> None:
    if not isinstance(name, str) or not ACTION_NAME.match(name):
        raise bad_request(f"Invalid action name '{name}'")
    name_free(api, "actions", ws_id, name, "An action with name '{}' already exists", exclude)


_action = workspace_item("actions", "id", "actionId", "Action")


@route("GET", "/actions")
def actions_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    labels = wants_labels(request)
    found = sorted((a for a in api.store.items("actions") if a["workspaceId"] == ws_id), key=lambda a: a["name"])
    return {"actions": [action_info(api, a, labels) for a in found]}


@route("POST", "/actions")
def actions_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.checked_body({"name": "string", "source": "string", "launch": "object"}, "name", "source")
    check_enum(body["source"], SOURCES, "source")
    launch = launch_body(api, request.json_object("launch"), ws_id)
    require(launch, "launch.", "pipeline", "computeEnvId")
    _name_free(api, ws_id, body["name"])
    now = iso(api.store.now())
    saved = model.new_launch(api.store, ws_id, launch)
    action = {"id": api.store.string_id(), "workspaceId": ws_id, "name": body["name"], "source": body["source"],
              "status": "ACTIVE", "launchId": saved["id"], "labels": [], "dateCreated": now, "lastUpdated": now,
              "lastSeen": None}
    api.store.items("actions").append(action)
    return {"actionId": action["id"]}


@route("GET", "/actions/validate")
def actions_validate(api: Api, request: Request):
    ws_id = api.workspace(request)
    _name_free(api, ws_id, request.arg("name") or "")


@route("GET", "/actions/{actionId}")
def actions_get(api: Api, request: Request):
    action = _action(api, request)
    return {"action": action_dto(api, action, wants_labels(request))}


@route("PUT", "/actions/{actionId}")
def actions_update(api: Api, request: Request):
    action = _action(api, request)
    ws_id = action["workspaceId"]
    body = request.checked_body({"name": "string", "launch": "object"})
    if body.get("name") is not None and body["name"] != action["name"]:
        _name_free(api, ws_id, body["name"], exclude=action)
        action["name"] = body["name"]
    if body.get("launch") is not None:
        update_launch(api, action["launchId"], body["launch"], ws_id)
    action["lastUpdated"] = iso(api.store.now())


@route("DELETE", "/actions/{actionId}")
def actions_delete(api: Api, request: Request):
    api.store.remove("actions", _action(api, request))


@route("POST", "/actions/{actionId}/pause")
def actions_pause(api: Api, request: Request):
    action = _action(api, request)
    action["status"] = "ACTIVE" if action["status"] == "PAUSED" else "PAUSED"


@route("POST", "/actions/labels/{operation:apply|add|remove}")
def actions_labels(api: Api, request: Request):
    associate_labels(api, request, "actions", "actionIds", request.params["operation"])
