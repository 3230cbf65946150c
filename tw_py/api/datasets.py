"""Datasets (`/datasets...`): list, describe, create, upload a version (streamed multipart), download, hide/show.

Functions take the client, a resolved Workspace and plain values, and return plain data. Requests follow the
OpenAPI spec's V2 operations (`ListDatasetsV2`, `CreateDatasetV2`, `UploadDatasetV2`, `DownloadDatasetV2`, ...).
"""
from __future__ import annotations

import mimetypes
import os
import uuid
from typing import TYPE_CHECKING, BinaryIO

from tw_py.api.client import decode_json, expect_field
from tw_py.api.paging import Page, PageRequest, fetch_page, iter_items
from tw_py.api.paths import api_path
from tw_py.api.refs import Ref
from tw_py.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace


MEDIA_TYPES = {".csv": "text/csv", ".tsv": "text/tab-separated-values"}


def _id(dataset_id: str) -> str:
    return api_path("/datasets/{}", dataset_id, what="dataset id")


def list_datasets(client: Client, workspace: Workspace, *, search: str | None = None, show_hidden: bool = False, labels: bool = False,
                  page: PageRequest = PageRequest()) -> Page:
    """One page (or, with --all, every page) of datasets, as tw asks (`GET /datasets?workspaceId&max&offset...`)."""
    params = workspace.params(search=search or None, visibility="all" if show_hidden else None,
                              attributes="labels" if labels else None)
    if page.all:
        items = list(iter_items(client, "/datasets", "datasets", params))
        return Page(items, len(items))
    return fetch_page(client, "/datasets", "datasets", params, offset=page.start, size=page.size)


def find_by_name(client: Client, workspace: Workspace, name: str) -> dict:
    """The dataset named exactly `name` (hidden ones included), else tw's not-found error."""
    params = workspace.params(search=name, visibility="all")
    found = [d for d in iter_items(client, "/datasets", "datasets", params) if d.get("name") == name]
    if not found:
        raise NotFoundError(f"No dataset '{name}' found for workspace '{workspace.id_or_user}'",
                            hint="List the datasets with 'twpy datasets list -w <workspace> --show-hidden'.")
    return found[0]


def describe(client: Client, workspace: Workspace, dataset_id: str) -> dict:
    """`GET /datasets/{id}/metadata` -> the DatasetDto."""
    data = client.get(api_path("/datasets/{}/metadata", dataset_id, what="dataset id"), workspace.params())
    return expect_field(data, "dataset", what=f"GET /datasets/{dataset_id}/metadata", read=True)


def find(client: Client, workspace: Workspace, ref: Ref) -> dict:
    """The dataset given as a `Ref` (-i id or -n name)."""
    return describe(client, workspace, ref.id) if ref.id is not None else find_by_name(client, workspace, ref.required_name)


def create(client: Client, workspace: Workspace, name: str, description: str | None) -> dict:
    """`POST /datasets` `{"name", "description"}` once; the new DatasetDto."""
    data = client.post("/datasets", {"name": name, "description": description}, params=workspace.params(),
                       idempotent=False)
    return expect_field(data, "dataset", what="the new dataset")


def update(client: Client, workspace: Workspace, dataset_id: str, name: str, description: str | None) -> None:
    """`PUT /datasets/{id}` `{"name", "description"}`."""
    client.put(_id(dataset_id), {"name": name, "description": description}, params=workspace.params())


def delete(client: Client, workspace: Workspace, dataset_id: str) -> None:
    client.delete(_id(dataset_id), workspace.params())


def set_hidden(client: Client, workspace: Workspace, dataset_ids: list[str], hidden: bool) -> None:
    """`POST /datasets/hide` or `/datasets/show` `{"datasetIds": [...]}`."""
    client.post("/datasets/hide" if hidden else "/datasets/show", {"datasetIds": list(dataset_ids)},
                params=workspace.params(), idempotent=True)


def versions(client: Client, workspace: Workspace, dataset_id: str, media_type: str | None = None) -> list[dict]:
    """`GET /datasets/{id}/versions[?mimeType]` -> the DatasetVersionDto list."""
    data = client.get(api_path("/datasets/{}/versions", dataset_id, what="dataset id"),
                      workspace.params(mimeType=media_type)) or {}
    return list(data.get("versions") or [])


def pick_version(found: list[dict], dataset_id: str, version: int | None) -> dict:
    """The latest version, or the one numbered `version` (tw's errors when there is none)."""
    if not found:
        raise NotFoundError(f"No versions were found for dataset {dataset_id}",
                            hint="Upload one with 'twpy datasets update -f FILE'.")
    if version is None:
        return max(found, key=lambda v: v.get("version") or 0)
    for entry in found:
        if entry.get("version") == version:
            return entry
    raise NotFoundError(f"No versions were found that matches version {version} for dataset {dataset_id}",
                        hint=f"List them with 'twpy datasets view -i {dataset_id} versions'.")


def download(client: Client, workspace: Workspace, dataset_id: str, version: dict) -> bytes:
    """`GET /datasets/{id}/v/{version}/n/{fileName}`: the version's file content."""
    path = api_path("/datasets/{}/v/{}/n/{}", dataset_id, version.get("version"), version.get("fileName"),
                    what="dataset file")
    return client.get_bytes(path, workspace.params())


# Upload ---------------------------------------------------------------------------------------------
def check_upload_file(path: str) -> int:
    """The size of a file that can be uploaded; a missing, unreadable, empty file or a directory is an error
    before anything is sent."""
    if os.path.isdir(path):
        raise InputError(f"File path '{path}' must be a file, not a directory.")
    if not os.path.exists(path):
        raise InputError(f"File path '{path}' do not exists.")
    if not os.access(path, os.R_OK):
        raise InputError(f"File path '{path}' cannot be read: check its permissions.")
    size = os.path.getsize(path)
    if size == 0:
        raise InputError(f"File '{path}' is empty: a dataset needs at least one row.")
    return size


def media_type(path: str) -> str:
    """tw's guess: `.csv` text/csv, `.tsv` text/tab-separated-values, else from the name, else octet-stream."""
    ext = os.path.splitext(path)[1].lower()
    return MEDIA_TYPES.get(ext) or mimetypes.guess_type(path)[0] or "application/octet-stream"


class MultipartFile:
    """A `multipart/form-data` body with one `file` part, read from disk as it is sent (never whole in memory).

    requests streams any object with `read()` and a length, and sets Content-Length from `len()`."""

    CHUNK = 1 << 16

    def __init__(self, path: str, field: str = "file"):
        self.boundary = uuid.uuid4().hex
        name = os.path.basename(path).replace('"', "%22").replace("\r", "").replace("\n", "")
        self._head = (f"--{self.boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
                      f"Content-Type: {media_type(path)}\r\n\r\n").encode("utf-8")
        self._tail = f"\r\n--{self.boundary}--\r\n".encode("ascii")
        self._size = os.path.getsize(path)
        self._path = path
        self._file: BinaryIO | None = None
        self._stage = 0  # 0 head, 1 file, 2 tail, 3 done

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return len(self._head) + self._size + len(self._tail)

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (what http.client asks for, chunk by chunk); everything left when `size` < 0."""
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(self.CHUNK), b""))
        if self._stage == 0:
            self._stage = 1
            return self._head
        if self._stage == 1:
            if self._file is None:
                self._file = open(self._path, "rb")
            chunk = self._file.read(size)
            if chunk:
                return chunk
            self._file.close()
            self._stage = 2
        if self._stage == 2:
            self._stage = 3
            return self._tail
        return b""


def upload(client: Client, workspace: Workspace, dataset_id: str, path: str, header: bool) -> dict:
    """`POST /datasets/{id}/upload?header=` with the file as a streamed multipart body, once; the new version."""
    body = MultipartFile(path)
    response = client.send("POST", api_path("/datasets/{}/upload", dataset_id, what="dataset id"),
                           params=workspace.params(header=header), data=body,
                           headers={"Content-Type": body.content_type}, idempotent=False)
    return (decode_json(response) or {}).get("version") or {}
