"""Data links (`/data-links...`): list, look up, create, update, delete, browse, and the signed URLs of transfers.

Functions take the client, a resolved Workspace and plain values, and return plain data (the spec's DataLinkDto,
DataLinkItem, ...). Moving the bytes through the signed URLs is `tw_py.api.transfers`' job.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from tw_py.api.client import decode_json, expect_field
from tw_py.api.paging import Page, PageRequest, iter_items
from tw_py.api.paths import Key, api_path
from tw_py.api.suggest import did_you_mean
from tw_py.errors import ApiError, NotFoundError

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace


@dataclass(frozen=True)
class LinkRef:
    """A data link given as exactly one of its id (`-i`), name (`-n`) or URI (`--uri`, e.g. s3://bucket)."""

    id: str | None = None
    name: str | None = None
    uri: str | None = None

    def __str__(self) -> str:
        return str(self.id or self.name or self.uri)


def _link(link_id: str, tail: str = "") -> str:
    return api_path("/data-links/{}" + tail, link_id, what="data link id")


def search_text(name: str | None = None, providers: Iterable[str] = (), region: str | None = None,
                uri: str | None = None) -> str | None:
    """tw's `search` value: `<name> provider:<p1,p2> region:<r> resourceRef:<uri>`, blank parts left out."""
    parts = [name] if name and name.strip() else []
    joined = ",".join(p.lower() for p in providers or ())
    for key, value in (("provider", joined), ("region", region), ("resourceRef", uri)):
        if value and value.strip():
            parts.append(f"{key}:{value}")
    return " ".join(parts) or None


def fetch_status(client: Client, workspace: Workspace, credentials_id: str | None = None) -> str:
    """`FETCHING` while the server is still fetching the workspace's data links (`GET /data-links?max=1` answers
    HTTP 202, as tw probes), else `DONE`."""
    response = client.send("GET", "/data-links", params=workspace.params(credentialsId=credentials_id, max=1, offset=0))
    return "FETCHING" if response.status_code == 202 else "DONE"


def list_(client: Client, workspace: Workspace, *, credentials_id: str | None = None, search: str | None = None,
          visibility: str | None = None, page: PageRequest = PageRequest()) -> Page:
    """One page (or with --all every page) of DataLinkDto, as tw asks (`GET /data-links?workspaceId&max&offset...`)."""
    params = workspace.params(credentialsId=credentials_id, search=search, visibility=visibility)
    if page.all:
        items = list(iter_items(client, "/data-links", "dataLinks", params, start=page.start))
        return Page(items, len(items))
    response = client.send("GET", "/data-links", params={**params, "max": page.size, "offset": page.start})
    data = decode_json(response) or {}
    return Page(list(data.get("dataLinks") or []), data.get("totalSize"))


def describe(client: Client, workspace: Workspace, link_id: str, credentials_id: str | None = None) -> dict:
    """`GET /data-links/{id}` -> the DataLinkDto."""
    data = client.get(_link(link_id), workspace.params(credentialsId=credentials_id))
    return expect_field(data, "dataLink", what=f"GET /data-links/{link_id}", read=True)


def find(client: Client, workspace: Workspace, ref: LinkRef, credentials_id: str | None = None) -> dict:
    """The data link given by id (one GET) or by exact name / URI among the server's search results (tw's
    `search=<name>` / `search=resourceRef:<uri>`). Call it once the server's fetching is done (see fetch_status)."""
    if ref.id is not None:
        return describe(client, workspace, ref.id, credentials_id)
    search = ref.name if ref.name is not None else f"resourceRef:{ref.uri}"
    data = client.get("/data-links", workspace.params(credentialsId=credentials_id, search=search)) or {}
    listed = [d for d in data.get("dataLinks") or [] if isinstance(d, dict)]
    found = [d for d in listed if (d.get("name") == ref.name if ref.name is not None
                                   else d.get("resourceRef") == ref.uri)]
    where = workspace.id_or_user
    listing = "twpy data-links list" + workspace.option
    if not found:
        wanted = ref.name if ref.name is not None else ref.uri
        seen = [d.get("name" if ref.name is not None else "resourceRef") for d in listed]
        raise NotFoundError(f"DataLink '{search}' not found at workspace '{where}'",
                            hint=did_you_mean(str(wanted), [s for s in seen if s], listing))
    if len(found) > 1:
        ids = ", ".join(str(d.get("id")) for d in found)
        raise NotFoundError(f"Multiple DataLink items found for '{search}' found at workspace '{where}'. "
                            f"Found DataLink IDs: [{ids}]", hint="Choose one with -i/--id.")
    return found[0]


def create(client: Client, workspace: Workspace, *, name: str, uri: str, provider: str, description: str | None = None,
           credentials_id: str | None = None) -> dict:
    """`POST /data-links` once, as tw builds it (a bucket; public when no credentials are given); the new DTO."""
    body = {"name": name, "description": description, "resourceRef": uri, "type": "bucket",
            "provider": provider.lower(), "publicAccessible": credentials_id is None, "credentialsId": credentials_id}
    data = client.post("/data-links", body, params=workspace.params(), idempotent=False)
    expect_field(data, "id", what="the new data link")
    return data


def update(client: Client, workspace: Workspace, link_id: str, *, name: str, description: str | None = None,
           credentials_id: str | None = None) -> dict:
    """`PUT /data-links/{id}` `{"name", "description"?, "credentialsId"?}`; the updated DTO."""
    data = client.put(_link(link_id), {"name": name, "description": description, "credentialsId": credentials_id},
                      params=workspace.params())
    expect_field(data, "id", what=f"PUT /data-links/{link_id}", read=True)
    return data


def delete(client: Client, workspace: Workspace, link_id: str) -> None:
    client.delete(_link(link_id), workspace.params())


def browse(client: Client, workspace: Workspace, link_id: str, *, path: str | None = None,
           credentials_id: str | None = None, search: str | None = None, token: str | None = None, page_size: int | None = None) -> dict:
    """`GET /data-links/{id}/browse[/{path}]` -> DataLinkContentResponse (`objects`, `nextPageToken`)."""
    where = _link(link_id, "/browse") if path is None else api_path(
        "/data-links/{}/browse/{}", link_id, Key(path), what="data link path")
    params = workspace.params(credentialsId=credentials_id, search=search, nextPageToken=token, pageSize=page_size)
    return client.get(where, params) or {}


def tree(client: Client, workspace: Workspace, link_id: str, path: str,
         credentials_id: str | None = None) -> list[dict]:
    """`GET /data-links/{id}/browse-tree?paths=<path>`: every file under `path` (empty when `path` is a file)."""
    data = client.get(_link(link_id, "/browse-tree"), workspace.params(credentialsId=credentials_id, paths=path))
    return [item for item in (data or {}).get("items") or [] if isinstance(item, dict)]


def download_url(client: Client, workspace: Workspace, link_id: str, path: str,
                 credentials_id: str | None = None) -> str:
    """`GET /data-links/{id}/generate-download-url?filePath&preview=false`: a signed URL to GET the file from."""
    data = client.get(_link(link_id, "/generate-download-url"),
                      workspace.params(filePath=path, credentialsId=credentials_id, preview=False))
    return expect_field(data, "url", what=f"the download URL of '{path}'", read=True)


def _upload_path(link_id: str, tail: str, directory: str | None) -> str:
    if directory is None:
        return _link(link_id, tail)
    return api_path("/data-links/{}" + tail + "/{}", link_id, Key(directory), what="data link directory")


def upload_urls(client: Client, workspace: Workspace, link_id: str, *, key: str, size: int, content_type: str,
                credentials_id: str | None = None, directory: str | None = None) -> dict:
    """`POST /data-links/{id}/upload[/{dirPath}]` once: the DataLinkMultiPartUploadResponse (`uploadId`,
    `uploadUrls`: one signed URL per part for S3 and Azure, one resumable session URL for Google)."""
    data = client.post(_upload_path(link_id, "/upload", directory),
                       {"fileName": key, "contentLength": size, "contentType": content_type},
                       params=workspace.params(credentialsId=credentials_id), idempotent=False)
    urls = expect_field(data, "uploadUrls", what=f"the upload request for '{key}'")
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise ApiError(f"The server's answer to the upload request for '{key}' has no list of upload URLs")
    return data


def finish_upload(client: Client, workspace: Workspace, link_id: str, *, key: str, upload_id: str | None,
                  tags: list[dict], with_error: bool, credentials_id: str | None = None, directory: str | None = None) -> None:
    """`POST /data-links/{id}/upload/finish[/{dirPath}]`: completes (or, `with_error`, aborts) an S3 multipart upload."""
    client.post(_upload_path(link_id, "/upload/finish", directory),
                {"fileName": key, "uploadId": upload_id, "withError": with_error, "tags": tags},
                params=workspace.params(credentialsId=credentials_id), idempotent=False)
