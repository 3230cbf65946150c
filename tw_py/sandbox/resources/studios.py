"""Studio routes: /studios (create, list, describe, update, delete, start, stop, templates, checkpoints) and the
workspace's studio settings. Studios start and stop on the sandbox's clock: `starting` for STARTUP seconds, then
`running`; `stopping` for SHUTDOWN seconds, then `stopped` (faster with --speed), with a checkpoint per session."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.sandbox import model
from tw_py.sandbox.http import HttpError, Request, bad_request, check_fields, not_found, paginate
from tw_py.sandbox.resources.common import check_new_name, user_info, validate_name, wants_labels, workspace_item
from tw_py.sandbox.routing import route
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


STARTUP = 20.0    # seconds a studio spends `starting` (divided by the sandbox's speed)
SHUTDOWN = 10.0   # seconds a studio spends `stopping`
TEMPLATES = (
    ("public.cr.seqera.io/platform/data-studio-jupyter:4.2.5-0.8", "jupyter", "recommended"),
    ("public.cr.seqera.io/platform/data-studio-rstudio:4.4.1-u2-0.8", "rstudio", "recommended"),
    ("public.cr.seqera.io/platform/data-studio-vscode:1.93.1-0.8", "vscode", "recommended"),
    ("public.cr.seqera.io/platform/data-studio-xpra:6.2.0-r2-1-0.8", "xpra", "experimental"),
)
STUDIO_TAKEN = "A studio named '{}' already exists"   # the 409 message when the workspace has one so named
CONFIG_SPEC = {"gpu": "integer", "cpu": "integer", "memory": "integer", "lifespanHours": "integer",
               "condaEnvironment": ("string", 100000), "mountData": "strings", "mountDataV2": "array",
               "sshEnabled": "boolean", "environment": "object"}
CREATE_SPEC = {"name": ("string", 80), "description": ("string", 2048), "dataStudioToolUrl": ("string", 1000),
               "computeEnvId": "string", "configuration": "object", "isPrivate": "boolean", "spot": "boolean",
               "labelIds": "integers", "initialCheckpointId": "integer", "allowedUserIds": "integers",
               "remoteConfig": "object"}


def _status(api: Api, studio: dict) -> str:
    """The studio's status now, from the times its start and stop were asked for."""
    now, speed = api.store.now(), api.store.speed or 1.0
    if studio.get("_stopAt") is not None:
        return "stopped" if now >= studio["_stopAt"] + SHUTDOWN / speed else "stopping"
    if studio.get("_startAt") is not None:
        return "running" if now >= studio["_startAt"] + STARTUP / speed else "starting"
    return "stopped"


def _status_info(api: Api, studio: dict) -> dict:
    status = _status(api, studio)
    return {"status": status, "message": f"The studio is {status}", "lastUpdate": iso(api.store.now())}


def studio_dto(api: Api, studio: dict, labels: bool = False) -> dict:
    ce = api.store.find("computeEnvs", "id", studio["computeEnvId"]) or {}
    tool = next((t for t in TEMPLATES if t[0] == studio["template"]), None)
    doc = {key: studio.get(key) for key in ("sessionId", "workspaceId", "name", "description", "dateCreated",
                                             "lastUpdated", "lastStarted", "isPrivate", "configuration",
                                             "effectiveLifespanHours", "parentCheckpoint", "remoteConfig")}
    doc.update({
        "user": user_info(api), "customImage": tool is None, "baseImage": studio["template"],
        "template": {"repository": studio["template"], "tool": tool[1] if tool else "custom",
                     "status": tool[2] if tool else "experimental"},
        "studioUrl": f"https://{studio['sessionId']}.connect.sandbox.localhost",
        "computeEnv": {"id": ce.get("id"), "name": ce.get("name"), "platform": ce.get("platform"),
                       "region": (ce.get("config") or {}).get("region"), "workDir": (ce.get("config") or {}).get("workDir"),
                       "credentialsId": ce.get("credentialsId")},
        "statusInfo": _status_info(api, studio),
        "activeConnections": [], "allowedUsers": [],
        "mountedDataLinks": [{"id": link["id"], "name": link["name"], "resourceRef": link["resourceRef"],
                              "type": "bucket", "provider": link["provider"]}
                             for link in api.store.items("dataLinks")
                             if link["id"] in (studio.get("configuration") or {}).get("mountData", [])],
    })
    if labels:
        doc["labels"] = api._labels(studio.get("labels"))
    return doc


_studio = workspace_item("studios", "sessionId", "sessionId", "Studio")


def _configuration(api: Api, given: dict | None, ws_id) -> dict:
    config = dict(given or {})
    check_fields(config, "configuration.", CONFIG_SPEC)
    for key, default in model.STUDIO_DEFAULTS.items():
        config.setdefault(key, default)
    for link_id in config.get("mountData") or []:
        api._in_ws("dataLinks", "id", link_id, ws_id, "Data link")
    return config


def _checkpoint(api: Api, studio: dict) -> None:
    now = iso(api.store.now())
    number = len(studio["checkpoints"]) + 1
    studio["checkpoints"].append({"id": api.store.number_id(), "name": f"{studio['name']}_{number}",
                                  "path": f"/studios/{studio['sessionId']}/checkpoints/{number}",
                                  "dateCreated": now, "dateSaved": now, "status": "finalized"})


@route("GET", "/studios")
def studios_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    offset, size = request.page()
    search = (request.arg("search") or "").lower()
    labels = wants_labels(request)
    found = [s for s in api.store.items("studios") if s["workspaceId"] == ws_id
             and (not search or search in s["name"].lower())]
    found.sort(key=lambda s: s["dateCreated"], reverse=True)
    return {"studios": [studio_dto(api, s, labels) for s in paginate(found, offset, size)], "totalSize": len(found)}


@route("GET", "/studios/validate")
def studios_validate(api: Api, request: Request):
    validate_name(api, request, "studios", "studio", STUDIO_TAKEN)


@route("GET", "/studios/templates")
def studios_templates(api: Api, request: Request):
    api.workspace(request)
    offset, size = request.page()
    templates = [{"repository": repository, "tool": tool, "status": status} for repository, tool, status in TEMPLATES]
    return {"templates": paginate(templates, offset, size), "totalSize": len(templates)}


@route("POST", "/studios")
def studios_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.checked_body(CREATE_SPEC, "name", "computeEnvId")
    check_new_name(api, "studios", "studio", ws_id, body["name"], STUDIO_TAKEN)
    ce = api._in_ws("computeEnvs", "id", body["computeEnvId"], ws_id, "Compute environment")
    if model.compute_env_status(api.store, ce) != "AVAILABLE":
        raise bad_request(f"Compute environment '{ce['name']}' is not available")
    if not body.get("dataStudioToolUrl") and not body.get("remoteConfig"):
        raise bad_request("Missing required field 'dataStudioToolUrl': a template or a custom image")
    parent = None
    if body.get("initialCheckpointId") is not None:
        parent = next(((s, c) for s in api.store.items("studios") if s["workspaceId"] == ws_id
                       for c in s["checkpoints"] if c["id"] == body["initialCheckpointId"]), None)
        if parent is None:
            raise not_found(f"Checkpoint '{body['initialCheckpointId']}' not found")
    now = api.store.now()
    config = _configuration(api, body.get("configuration"), ws_id)
    studio = model.new_studio(api.store, ws_id, body["name"], ce["id"], body.get("dataStudioToolUrl") or "custom",
                              config, description=body.get("description"), private=bool(body.get("isPrivate")),
                              spot=bool(body.get("spot")), remote=body.get("remoteConfig"),
                              label_ids=api._label_ids(body.get("labelIds"), ws_id))
    if parent is not None:
        studio["parentCheckpoint"] = {"checkpointId": parent[1]["id"], "checkpointName": parent[1]["name"],
                                      "sessionId": parent[0]["sessionId"], "studioName": parent[0]["name"]}
    if request.bool_arg("autoStart"):
        studio.update(_startAt=now, lastStarted=iso(now))
    return {"studio": studio_dto(api, studio)}


@route("GET", "/studios/{sessionId}")
def studios_get(api: Api, request: Request):
    return studio_dto(api, _studio(api, request), labels=True)


@route("PUT", "/studios/{sessionId}")
def studios_update(api: Api, request: Request):
    studio = _studio(api, request)
    ws_id = studio["workspaceId"]
    body = request.checked_body({key: CREATE_SPEC[key] for key in ("name", "description", "computeEnvId", "configuration",
                                                                   "labelIds")})
    if body.get("name") and body["name"] != studio["name"]:
        check_new_name(api, "studios", "studio", ws_id, body["name"], STUDIO_TAKEN, studio)
        studio["name"] = body["name"]
    if body.get("description") is not None:
        studio["description"] = body["description"]
    if body.get("computeEnvId"):
        studio["computeEnvId"] = api._in_ws("computeEnvs", "id", body["computeEnvId"], ws_id, "Compute environment")["id"]
    if body.get("configuration") is not None:
        studio["configuration"] = _configuration(api, {**studio["configuration"], **body["configuration"]}, ws_id)
    if body.get("labelIds") is not None:
        studio["labels"] = api._label_ids(body["labelIds"], ws_id)
    studio["lastUpdated"] = iso(api.store.now())
    return studio_dto(api, studio, labels=True)


@route("DELETE", "/studios/{sessionId}")
def studios_delete(api: Api, request: Request):
    studio = _studio(api, request)
    if _status(api, studio) not in ("stopped", "errored", "buildFailed"):
        raise HttpError(409, f"Studio '{studio['name']}' is {_status(api, studio)}: stop it first")
    api.store.remove("studios", studio)


@route("PUT", "/studios/{sessionId}/start")
def studios_start(api: Api, request: Request):
    studio = _studio(api, request)
    body = request.checked_body({key: CREATE_SPEC[key] for key in ("name", "description", "configuration", "labelIds",
                                                                   "spot")})
    submitted = _status(api, studio) == "stopped"
    if submitted:
        if body.get("configuration") is not None:
            studio["configuration"] = _configuration(api, {**studio["configuration"], **body["configuration"]},
                                                     studio["workspaceId"])
        now = api.store.now()
        studio.update(_startAt=now, _stopAt=None, lastStarted=iso(now))
    return _submitted(api, studio, submitted)


@route("PUT", "/studios/{sessionId}/stop")
def studios_stop(api: Api, request: Request):
    studio = _studio(api, request)
    submitted = _status(api, studio) in ("starting", "running")
    if submitted:
        studio["_stopAt"] = api.store.now()
        _checkpoint(api, studio)
    return _submitted(api, studio, submitted)


def _submitted(api: Api, studio: dict, submitted: bool) -> dict:
    """A DataStudioStartResponse / DataStudioStopResponse: whether a job was submitted, and the status now."""
    return {"jobSubmitted": submitted, "sessionId": studio["sessionId"], "statusInfo": _status_info(api, studio)}


@route("GET", "/studios/{sessionId}/checkpoints")
def studios_checkpoints(api: Api, request: Request):
    studio = _studio(api, request)
    offset, size = request.page()
    search = (request.arg("search") or "").lower()
    found = [dict(c, author=user_info(api)) for c in reversed(studio["checkpoints"])
             if not search or search in c["name"].lower()]
    return {"checkpoints": paginate(found, offset, size), "totalSize": len(found)}
