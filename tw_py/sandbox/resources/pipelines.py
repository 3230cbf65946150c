"""Launchpad pipeline routes: /pipelines (versions, launch, labels)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tw_py.sandbox import model
from tw_py.sandbox.http import HttpError, Request, bad_request, check_fields, given_fields, not_found, paginate, require
from tw_py.sandbox.resources.common import (
    PIPELINE_ATTRIBUTES,
    associate_labels,
    ce_region,
    default_version,
    launch_body,
    launch_dto,
    name_free,
    source_workspace,
    update_launch,
    version_dto,
    workspace_item,
)
from tw_py.sandbox.routing import route
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


def pipeline_dto(api: Api, pipeline: dict, attributes=(), version: dict | None = None) -> dict:
    names = api._ws_names(pipeline["workspaceId"])
    doc = {"pipelineId": pipeline["pipelineId"], "name": pipeline["name"], "description": pipeline.get("description"),
           "icon": pipeline.get("icon"), "repository": pipeline.get("repository"), "userId": pipeline.get("userId"),
           "userName": pipeline.get("userName"), "userFirstName": pipeline.get("userFirstName"),
           "userLastName": pipeline.get("userLastName"), "orgId": names.get("orgId"), "orgName": names.get("orgName"),
           "workspaceId": names.get("workspaceId"), "workspaceName": names.get("workspaceName"),
           "visibility": pipeline.get("visibility"), "deleted": False, "lastUpdated": pipeline.get("lastUpdated")}
    if "labels" in attributes:
        doc["labels"] = api._labels(pipeline.get("labels"))
    if "optimized" in attributes:
        doc["optimizationStatus"] = "UNAVAILABLE"
    if "computeEnv" in attributes:
        launch = api.store.find("launches", "id", default_version(pipeline)["launchId"]) or {}
        ce = api.store.find("computeEnvs", "id", launch.get("computeEnvId"))
        if ce is not None:
            doc["computeEnv"] = {"id": ce["id"], "name": ce["name"], "platform": ce["platform"], "region": ce_region(ce)}
    if version is not None:
        doc["version"] = version_dto(version, api.user)
    return doc


@route("GET", "/pipelines")
def pipelines_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    offset, size = request.page()
    attributes = request.list_arg("attributes", PIPELINE_ATTRIBUTES)
    visibility = (request.arg("visibility") or "private").lower()
    request.enum_arg("sortBy", ("CREATED", "MODIFIED", "NAME"), case_sensitive=False)
    request.enum_arg("sortDir", ("ASCENDING", "DESCENDING"), case_sensitive=False)
    search = (request.arg("search") or "").strip()
    found = [p for p in api.store.items("pipelines") if p["workspaceId"] == ws_id
             and (visibility in ("all", "private") or (p.get("visibility") or "").lower() == visibility)
             and _pipeline_matches(p, search)]
    found.sort(key=lambda p: p["name"].lower())
    return {"pipelines": [pipeline_dto(api, p, attributes) for p in paginate(found, offset, size)],
            "totalSize": len(found)}


def _pipeline_matches(pipeline: dict, search: str) -> bool:
    if not search:
        return True
    if len(search) >= 2 and search[0] == search[-1] == '"':
        return pipeline["name"] == search[1:-1].replace('\\"', '"')
    text = search.lower()
    return text in pipeline["name"].lower() or text in (pipeline.get("repository") or "").lower()


def _pipeline_name_free(api: Api, ws_id, name: str, exclude=None) -> None:
    if not re.match(r"^[\w.-]{2,99}$", name or ""):
        raise bad_request(f"Invalid pipeline name '{name}'")
    name_free(api, "pipelines", ws_id, name, "A pipeline with name '{}' already exists", exclude)


@route("POST", "/pipelines")
def pipelines_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.checked_body({"name": "string", "description": "string", "icon": "string", "labelIds": "integers",
                                 "launch": "object", "version": "object"}, "name")
    launch = launch_body(api, request.json_object("launch"), ws_id)
    require(launch, "launch.", "pipeline")
    _pipeline_name_free(api, ws_id, body["name"])
    label_ids = api._label_ids(body.get("labelIds"), ws_id)
    version = body.get("version") or {}
    check_fields(version, "version.", {"name": "string"})
    saved = model.new_launch(api.store, ws_id, launch)
    pipeline = model.new_pipeline(api.store, ws_id, body["name"], saved, body.get("description"), body.get("icon"),
                                  version.get("name"), label_ids)
    return {"pipeline": pipeline_dto(api, pipeline, (), default_version(pipeline))}


@route("GET", "/pipelines/validate")
def pipelines_validate_name(api: Api, request: Request):
    ws_id = api.workspace(request)
    request.int_arg("orgId")
    name = request.arg("name") or ""
    _pipeline_name_free(api, ws_id, name)


_pipeline = workspace_item("pipelines", "pipelineId", "pipelineId", "Pipeline", numbered=True)


@route("GET", "/pipelines/{pipelineId}")
def pipelines_get(api: Api, request: Request):
    ws_id = api.workspace(request)
    pipeline = _pipeline(api, request, source_workspace(api, request, ws_id))
    attributes = request.list_arg("attributes", PIPELINE_ATTRIBUTES)
    return {"pipeline": pipeline_dto(api, pipeline, attributes, default_version(pipeline))}


def _apply_pipeline_update(api: Api, request: Request, pipeline: dict, version: dict) -> dict:
    ws_id = pipeline["workspaceId"]
    body = request.checked_body({"name": "string", "description": "string", "icon": "string", "labelIds": "integers",
                                 "launch": "object"})
    if body.get("name") is not None and body["name"] != pipeline["name"]:
        _pipeline_name_free(api, ws_id, body["name"], exclude=pipeline)
    launch_in = body.get("launch")
    if launch_in is not None:
        launch = update_launch(api, version["launchId"], launch_in, ws_id)
        if launch.get("pipeline"):
            pipeline["repository"] = launch["pipeline"]
    if body.get("labelIds") is not None:
        pipeline["labels"] = api._label_ids(body["labelIds"], ws_id)
    pipeline.update(given_fields(body, ("name", "description", "icon")))
    pipeline["lastUpdated"] = version["lastUpdated"] = iso(api.store.now())
    return {"pipeline": pipeline_dto(api, pipeline, (), version)}


@route("PUT", "/pipelines/{pipelineId}")
def pipelines_update(api: Api, request: Request):
    pipeline = _pipeline(api, request)
    return _apply_pipeline_update(api, request, pipeline, default_version(pipeline))


def _version(pipeline: dict, version_id: str) -> dict:
    for version in pipeline["versions"]:
        if version["id"] == version_id:
            return version
    raise not_found(f"Pipeline version '{version_id}' not found")


@route("POST", "/pipelines/{pipelineId}/versions/{versionId}")
def pipelines_update_version(api: Api, request: Request):
    pipeline = _pipeline(api, request)
    return _apply_pipeline_update(api, request, pipeline, _version(pipeline, request.params["versionId"]))


@route("DELETE", "/pipelines/{pipelineId}")
def pipelines_delete(api: Api, request: Request):
    pipeline = _pipeline(api, request)
    api.store.remove("pipelines", pipeline)


@route("GET", "/pipelines/{pipelineId}/launch")
def pipelines_launch(api: Api, request: Request):
    ws_id = api.workspace(request)
    pipeline = _pipeline(api, request, source_workspace(api, request, ws_id))
    version_id = request.arg("versionId")
    version = _version(pipeline, version_id) if version_id else default_version(pipeline)
    launch = api.store.find("launches", "id", version["launchId"])
    return {"launch": launch_dto(api, launch)}


@route("GET", "/pipelines/{pipelineId}/versions")
def pipelines_versions(api: Api, request: Request):
    pipeline = _pipeline(api, request)
    offset, size = request.page()
    published = request.bool_arg("isPublished") if request.arg("isPublished") else None
    search = (request.arg("search") or "").strip()
    key, _, term = search.partition(":") if ":" in search else ("", "", search)
    found = []
    for version in pipeline["versions"]:
        if published is not None and (version.get("name") is not None) != published:
            continue
        value = {"versionName": version.get("name"), "versionId": version["id"],
                 "versionHash": version.get("hash")}.get(key, version.get("name")) or ""
        if term and term.lower() not in value.lower():
            continue
        found.append(version)
    return {"versions": [pipeline_dto(api, pipeline, (), v) for v in paginate(found, offset, size)],
            "totalSize": len(found)}


@route("GET", "/pipelines/{pipelineId}/versions/validate")
def pipelines_version_validate(api: Api, request: Request):
    pipeline = _pipeline(api, request)
    name = request.arg("name") or ""
    if not re.match(r"^[\w.-]{1,100}$", name):
        raise bad_request(f"Invalid version name '{name}'")
    if any(v.get("name") == name for v in pipeline["versions"]):
        raise HttpError(409, f"A version with name '{name}' already exists")


@route("PUT", "/pipelines/{pipelineId}/versions/{versionId}/manage")
def pipelines_version_manage(api: Api, request: Request):
    pipeline = _pipeline(api, request)
    version = _version(pipeline, request.params["versionId"])
    body = request.checked_body({"name": "string", "isDefault": "boolean"})
    if body.get("name") is not None:
        if any(v is not version and v.get("name") == body["name"] for v in pipeline["versions"]):
            raise HttpError(409, f"A version with name '{body['name']}' already exists")
        version["name"] = body["name"]
    if body.get("isDefault"):
        for other in pipeline["versions"]:
            other["isDefault"] = other is version


@route("POST", "/pipelines/labels/{operation:apply|add|remove}")
def pipelines_labels(api: Api, request: Request):
    associate_labels(api, request, "pipelines", "pipelineIds", request.params["operation"])
