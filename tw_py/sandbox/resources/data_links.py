"""Data link routes: /data-links (list, add, describe, update, delete), browsing a bucket's folders and files,
and the signed URLs that download and upload its objects through the sandbox's object store (storage.py)."""
from __future__ import annotations

import base64
import math
import mimetypes
from typing import TYPE_CHECKING

from tw_py.sandbox import model
from tw_py.sandbox.http import Request, Response, bad_request, check_enum, check_name, not_found
from tw_py.sandbox.resources.common import name_free, workspace_item
from tw_py.sandbox.routing import route

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


PROVIDERS = ("aws", "google", "azure", "azure_entra", "azure-cloud", "seqeracompute", "s3")
SCHEMES = {"aws": "s3://", "s3": "s3://", "seqeracompute": "s3://", "google": "gs://", "azure": "az://",
           "azure_entra": "az://", "azure-cloud": "az://"}
LINK_SPEC = {"name": ("string", 100), "description": ("string", 1000), "type": "string", "provider": "string",
             "resourceRef": ("string", 1000), "publicAccessible": "boolean", "credentialsId": "string"}
PART_SIZE = 250 * 1024 * 1024   # one upload URL per part of this size, as the Platform hands them out


def link_dto(api: Api, link: dict) -> dict:
    credentials = [api.store.find("credentials", "id", cid) for cid in link.get("credentialsIds", [])]
    doc = {key: link.get(key) for key in ("id", "name", "description", "resourceRef", "type", "provider", "region",
                                           "publicAccessible", "hidden")}
    doc["status"] = "VALID"
    doc["credentials"] = [{"id": c["id"], "name": c["name"], "provider": link["provider"]} for c in credentials if c]
    return doc


_link = workspace_item("dataLinks", "id", "dataLinkId", "Data link")


def _objects(link: dict) -> dict:
    return link.setdefault("_objects", {})


@route("GET", "/data-links")
def data_links_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    offset, size = request.page()
    search = (request.arg("search") or "").lower()
    credentials_id = request.arg("credentialsId")
    visibility = request.enum_arg("visibility", ("hidden", "visible", "all")) or "visible"
    found = [link for link in api.store.items("dataLinks") if link["workspaceId"] == ws_id
             and (not search or search in link["name"].lower() or search in link["resourceRef"].lower())
             and (not credentials_id or credentials_id in link.get("credentialsIds", []))
             and (visibility == "all" or link.get("hidden", False) == (visibility == "hidden"))]
    found.sort(key=lambda link: link["name"].lower())
    page = found[offset:offset + size] if size is not None else found[offset:]
    return {"dataLinks": [link_dto(api, link) for link in page], "totalSize": len(found)}


@route("POST", "/data-links")
def data_links_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.checked_body(LINK_SPEC, "name", "resourceRef", "provider")
    check_name(body["name"], "data link")
    check_enum(body["provider"], PROVIDERS, "provider")
    if not body["resourceRef"].startswith(SCHEMES[body["provider"]]):
        raise bad_request(f"Invalid resource reference '{body['resourceRef']}' for provider {body['provider']}: "
                          f"it starts with {SCHEMES[body['provider']]}")
    name_free(api, "dataLinks", ws_id, body["name"], "A data link named '{}' already exists")
    credentials = [api._in_ws("credentials", "id", body["credentialsId"], ws_id, "Credentials")] \
        if body.get("credentialsId") else []
    link = model.new_data_link(api.store, ws_id, body["name"], body["resourceRef"], body["provider"],
                         body.get("description"), credentials)
    return link_dto(api, link)


@route("GET", "/data-links/{dataLinkId}")
def data_links_get(api: Api, request: Request):
    return {"dataLink": link_dto(api, _link(api, request))}


@route("PUT", "/data-links/{dataLinkId}")
def data_links_update(api: Api, request: Request):
    link = _link(api, request)
    ws_id = link["workspaceId"]
    body = request.checked_body({key: LINK_SPEC[key] for key in ("name", "description", "credentialsId")})
    if body.get("name"):
        check_name(body["name"], "data link")
        link["name"] = body["name"]
    if body.get("description") is not None:
        link["description"] = body["description"]
    if body.get("credentialsId"):
        link["credentialsIds"] = [api._in_ws("credentials", "id", body["credentialsId"], ws_id, "Credentials")["id"]]
    return link_dto(api, link)


@route("DELETE", "/data-links/{dataLinkId}")
def data_links_delete(api: Api, request: Request):
    api.store.remove("dataLinks", _link(api, request))


def _browse(api: Api, request: Request, prefix: str):
    link = _link(api, request)
    prefix = prefix.strip("/")
    base = prefix + "/" if prefix else ""
    keys = sorted(key for key in _objects(link) if key.startswith(base))
    if prefix and not keys:
        raise not_found(f"Path '{prefix}' not found in data link '{link['name']}'")
    search = (request.arg("search") or "").lower()
    folders, files = {}, []
    for key in keys:
        rest = key[len(base):]
        if "/" in rest:
            folders.setdefault(rest.split("/", 1)[0], None)
        else:
            files.append(rest)
    items = [{"type": "FOLDER", "name": name, "size": 0} for name in folders] + \
            [{"type": "FILE", "name": name, "size": len(base64.b64decode(_objects(link)[base + name])),
              "mimeType": mimetypes.guess_type(name)[0] or "application/octet-stream"} for name in files]
    items = [item for item in items if not search or item["name"].lower().startswith(search)]
    start = int(request.arg("nextPageToken") or 0) if (request.arg("nextPageToken") or "0").isdigit() else 0
    size = request.int_arg("pageSize", minimum=1, maximum=1000) or 1000
    page = items[start:start + size]
    more = start + size < len(items)
    return {"objects": page, "originalPath": prefix or None, "nextPageToken": str(start + size) if more else None}


def _path(request: Request, name: str) -> str:
    """The folder path a route ends with (`{name:.+}`), decoded; "" on the route without it (the link's root)."""
    from urllib.parse import unquote

    return unquote(request.params.get(name, ""))


@route("GET", "/data-links/{dataLinkId}/browse")
@route("GET", "/data-links/{dataLinkId}/browse/{path:.+}")
def data_links_browse(api: Api, request: Request):
    return _browse(api, request, _path(request, "path"))


@route("GET", "/data-links/{dataLinkId}/browse-tree")
def data_links_tree(api: Api, request: Request):
    link = _link(api, request)
    prefixes = [p.strip("/") for raw in request.query.get("paths", []) for p in raw.split(",")] or [""]
    items = []
    for prefix in prefixes:
        for key, content in sorted(_objects(link).items()):
            if not prefix or key.startswith(prefix + "/"):
                items.append({"path": key, "size": len(base64.b64decode(content))})
    return {"items": items}


@route("GET", "/data-links/{dataLinkId}/generate-download-url")
def data_links_download_url(api: Api, request: Request):
    link = _link(api, request)
    key = (request.arg("filePath") or "").strip("/")
    if key not in _objects(link):
        raise not_found(f"File '{key}' not found in data link '{link['name']}'")
    return {"url": api.objects.signed_url("GET", link["id"], key), "resolvedPath": key,
            "resolvedMimeType": mimetypes.guess_type(key)[0] or "application/octet-stream"}


def _upload_request(api: Api, request: Request, directory: str, spec: dict) -> tuple[dict, dict, str]:
    """The data link, the checked body and the object key of an upload or finish request."""
    link = _link(api, request)
    body = request.checked_body(spec, "fileName", *(("uploadId",) if "uploadId" in spec else ()))
    return link, body, "/".join(part for part in (directory.strip("/"), body["fileName"].strip("/")) if part)


def _upload(api: Api, request: Request, directory: str):
    link, body, key = _upload_request(api, request, directory,
                                      {"fileName": "string", "contentLength": "integer", "contentType": "string"})
    parts = max(1, math.ceil((body.get("contentLength") or 0) / PART_SIZE))
    upload_id, urls = api.objects.start_upload(link["id"], key, parts)
    return {"uploadId": upload_id, "uploadUrls": urls}


def _finish(api: Api, request: Request, directory: str):
    link, body, key = _upload_request(api, request, directory,
                                      {"fileName": "string", "uploadId": "string", "withError": "boolean", "tags": "array"})
    try:
        data = api.objects.finish_upload(body["uploadId"], key, body.get("tags") or [], bool(body.get("withError")))
    except KeyError:
        raise not_found(f"Upload '{body['uploadId']}' of '{key}' not found") from None
    except ValueError as error:
        raise bad_request(f"Cannot complete the upload of '{key}': {error}") from None
    if data is not None:
        _objects(link)[key] = base64.b64encode(data).decode("ascii")
    return Response(200, b"", "application/octet-stream")   # the Platform's answer: 200, no document


# Declared before the uploads: `upload/finish/{dirPath}` wins the tie with `upload/{dirPath}` (as many parameters).
@route("POST", "/data-links/{dataLinkId}/upload/finish")
@route("POST", "/data-links/{dataLinkId}/upload/finish/{dirPath:.+}")
def data_links_upload_finish(api: Api, request: Request):
    return _finish(api, request, _path(request, "dirPath"))


@route("POST", "/data-links/{dataLinkId}/upload")
@route("POST", "/data-links/{dataLinkId}/upload/{dirPath:.+}")
def data_links_upload(api: Api, request: Request):
    return _upload(api, request, _path(request, "dirPath"))
