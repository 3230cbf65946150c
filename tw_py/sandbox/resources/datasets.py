"""Dataset routes: /datasets (create, list, describe, update, delete, hide/show, labels), real uploads of
CSV/TSV files (multipart/form-data) as new versions, their versions, and downloads of each version's file."""
from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from tw_py.sandbox import model
from tw_py.sandbox.http import (
    HttpError,
    Request,
    Response,
    bad_request,
    not_found,
    paginate,
)
from tw_py.sandbox.resources.common import associate_labels, check_new_name, label_dto, user_info, wants_labels, workspace_item
from tw_py.sandbox.routing import route
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


DATASET_TAKEN = "A dataset named '{}' already exists"   # the 409 message when the workspace has one so named
DATASET_SPEC = {"name": ("string", 100), "description": ("string", 1000), "sourceType": "string"}
MEDIA_TYPES = {"text/csv", "text/tab-separated-values"}
MAX_FILE = 10 * 1024 * 1024   # the sandbox keeps dataset files in its state: 10 MiB each at most


def dataset_dto(api: Api, dataset: dict, labels: bool = False) -> dict:
    doc = {key: dataset.get(key) for key in ("id", "workspaceId", "name", "description", "mediaType", "hidden",
                                              "deleted", "dateCreated", "lastUpdated", "version", "sourceType")}
    doc.update({"user": user_info(api), "lastUpdatedBy": user_info(api)})
    if labels:
        doc["labels"] = [label_dto(label) for label in api.store.items("labels") if label["id"] in dataset.get("labels", [])]
    return doc


def version_dto(api: Api, dataset: dict, version: dict) -> dict:
    doc = {key: version.get(key) for key in ("version", "fileName", "mediaType", "hasHeader", "dateCreated",
                                              "lastUpdated", "disabled", "fileSize")}
    ws_id = dataset["workspaceId"]
    doc.update({"datasetId": dataset["id"], "datasetName": dataset["name"], "workspaceId": ws_id,
                "datasetDescription": dataset.get("description"), "createdBy": user_info(api),
                "url": f"{api.base_url}{f'/workspaces/{ws_id}' if ws_id else ''}/datasets/{dataset['id']}/v/"
                       f"{version['version']}/n/{version['fileName']}"})
    return doc


_dataset = workspace_item("datasets", "id", "datasetId", "Dataset")


@route("GET", "/datasets")
def datasets_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    offset, size = request.page()
    search = (request.arg("search") or "").lower()
    show = request.arg("visibility") or "visible"
    labels = wants_labels(request)
    found = [d for d in api.store.items("datasets") if d["workspaceId"] == ws_id
             and (not search or search in d["name"].lower())
             and (show == "all" or d.get("hidden", False) == (show == "hidden"))]
    found.sort(key=lambda d: d["name"].lower())
    return {"datasets": [dataset_dto(api, d, labels) for d in paginate(found, offset, size)], "totalSize": len(found)}


@route("POST", "/datasets")
def datasets_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.checked_body(DATASET_SPEC, "name")
    check_new_name(api, "datasets", "dataset", ws_id, body["name"], DATASET_TAKEN)
    dataset = model.new_dataset(api.store, ws_id, body["name"], body.get("description"))
    return {"dataset": dataset_dto(api, dataset)}


@route("GET", "/datasets/{datasetId}/metadata")
def datasets_get(api: Api, request: Request):
    dataset = _dataset(api, request)
    return {"dataset": dataset_dto(api, dataset, wants_labels(request))}


@route("PUT", "/datasets/{datasetId}")
def datasets_update(api: Api, request: Request):
    dataset = _dataset(api, request)
    ws_id = dataset["workspaceId"]
    body = request.checked_body(DATASET_SPEC, "name")
    check_new_name(api, "datasets", "dataset", ws_id, body["name"], DATASET_TAKEN, dataset)
    dataset.update(name=body["name"], description=body.get("description"), lastUpdated=iso(api.store.now()))


@route("DELETE", "/datasets/{datasetId}")
def datasets_delete(api: Api, request: Request):
    api.store.remove("datasets", _dataset(api, request))


def _visibility(api: Api, request: Request, hidden: bool):
    ws_id = api.workspace(request)
    body = request.checked_body({"datasetIds": "strings"})
    for dataset_id in body.get("datasetIds") or []:
        api._in_ws("datasets", "id", dataset_id, ws_id, "Dataset")["hidden"] = hidden


@route("POST", "/datasets/hide")
def datasets_hide(api: Api, request: Request):
    _visibility(api, request, True)


@route("POST", "/datasets/show")
def datasets_show(api: Api, request: Request):
    _visibility(api, request, False)


@route("POST", "/datasets/labels/{operation:apply|add|remove}")
def datasets_labels(api: Api, request: Request):
    associate_labels(api, request, "datasets", "datasetIds", request.params["operation"])


@route("POST", "/datasets/{datasetId}/upload")
def datasets_upload(api: Api, request: Request):
    dataset = _dataset(api, request)
    if "file" not in request.files:
        raise bad_request("Missing the dataset file: a multipart/form-data part named 'file' is expected")
    file_name, media_type, content = request.files["file"]
    media_type = "text/tab-separated-values" if (file_name or "").endswith(".tsv") else media_type
    if media_type not in MEDIA_TYPES:
        raise bad_request(f"Unsupported dataset file type '{media_type}': CSV or TSV files only")
    if not content:
        raise bad_request("The dataset file is empty")
    if len(content) > MAX_FILE:
        raise HttpError(413, f"The dataset file is larger than the sandbox keeps ({MAX_FILE} bytes)")
    if dataset.get("mediaType") and dataset["mediaType"] != media_type:
        raise bad_request(f"A new version must have the dataset's media type ({dataset['mediaType']})")
    version = model.add_dataset_version(api.store, dataset, file_name or "dataset.csv", media_type, content,
                                        has_header=request.bool_arg("header"))
    return {"version": version_dto(api, dataset, version)}


@route("GET", "/datasets/{datasetId}/versions")
def datasets_versions(api: Api, request: Request):
    dataset = _dataset(api, request)
    media_type = request.arg("mimeType")
    found = [v for v in dataset["versions"] if not media_type or v["mediaType"] == media_type]
    return {"versions": [version_dto(api, dataset, v) for v in reversed(found)], "totalSize": len(found)}


@route("GET", "/datasets/{datasetId}/v/{version}/n/{fileName}")
def datasets_download(api: Api, request: Request):
    dataset = _dataset(api, request)
    raw = request.params["version"]
    version = next((v for v in dataset["versions"] if str(v["version"]) == raw), None)
    if version is None or version["fileName"] != request.params["fileName"]:
        raise not_found(f"Dataset version '{raw}' file '{request.params['fileName']}' not found")
    return Response(200, base64.b64decode(version["_content"]), "application/octet-stream")
