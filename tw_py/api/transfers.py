"""Moving files through the signed URLs of data links (`data-links download` / `upload`).

The bytes never pass through memory whole: uploads stream each part straight from the file, downloads stream to a
temporary file beside the target that is renamed into place only when complete. Each part (or, for a download,
the rest of the file) is retried a bounded number of times (TWPY_RETRIES) when the connection drops or the store
answers 408/429/5xx. Uploads follow the protocol of the bucket's cloud, as tw does: S3 multipart (parts, ETags,
then `/upload/finish`), Google Cloud Storage resumable sessions (Content-Range), Azure blocks (then a block list).
"""
from __future__ import annotations

import math
import mimetypes
import os
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, Callable
from urllib.parse import unquote, urlsplit, urlunsplit

from tw_py.api import data_links
from tw_py.config.environment import number
from tw_py.errors import ApiError, ConnectionFailed, InputError, TwpyError
from tw_py.files import atomic_writer

if TYPE_CHECKING:
    from tw_py.api.client import Client, SignedUrls
    from tw_py.api.workspaces import Workspace

PART_SIZE = 250 * 1024 * 1024        # tw's part size: the server hands out one upload URL per part of this size
READ_SIZE = 1 << 20                  # what a download reads and writes at a time
MAX_FILES = 300                      # tw's limit of files per upload command
MAX_FILE_SIZE = 5 * 1024 ** 4        # tw's limit per file (5 TB, S3's largest object)
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
BACKOFF = 0.5                        # seconds before the first retry of a part; doubles each time, at most 30 s
GOOGLE = frozenset({"google"})
AZURE = frozenset({"azure", "azure_entra", "azure-cloud"})


class Progress:
    """What a transfer reports as it goes; this one shows nothing (the console's bar is in tw_py.output)."""

    def start(self, label: str, total: int | None) -> None:
        pass

    def update(self, done: int) -> None:
        pass

    def finish(self) -> None:
        pass


QUIET = Progress()


@dataclass
class Retry:
    """How often one part is tried (1 + TWPY_RETRIES) and how long to pause in between."""

    attempts: int = 4
    sleep: Callable[[float], None] = field(default=lambda seconds: time.sleep(seconds))

    @classmethod
    def from_env(cls) -> "Retry":
        return cls(attempts=1 + int(number("TWPY_RETRIES", 3, integer=True)))

    def pause(self, attempt: int) -> None:
        self.sleep(min(30.0, BACKOFF * 2 ** (attempt - 1)))


def transient(error: BaseException) -> bool:
    """Whether trying again may help: a dropped connection or timeout, or a 408/429/5xx answer."""
    if isinstance(error, ConnectionFailed):
        return error.transient
    return isinstance(error, ApiError) and error.status in RETRY_STATUSES


def _retrying(retry: Retry, action: Callable[[], object]):
    """`action()`, tried again after a transient failure, `retry.attempts` times in all."""
    attempt = 1
    while True:
        try:
            return action()
        except TwpyError as error:
            if attempt >= retry.attempts or not transient(error):
                raise
            retry.pause(attempt)
            attempt += 1


def _refused(response, what: str) -> ApiError:
    """An error for a store's non-success answer, with its error code and message when it sends some (S3, GCS and
    Azure answer XML or JSON), never the signed URL."""
    host = urlsplit(response.url or "").netloc
    text = ""
    try:
        text = response.text[:4000] if response.content else ""
    except (ValueError, RuntimeError):
        pass
    found = [m.group(1).strip() for tag in ("Code", "Message") for m in [re.search(rf"<{tag}>(.*?)</{tag}>", text, re.S)]
             if m]
    detail = f": {' - '.join(found)}" if found else ""
    hint = ("The signed URL may have expired: run the command again." if response.status_code == 403 else None)
    return ApiError(f"{host} answered HTTP {response.status_code} to {what}{detail}", status=response.status_code,
                    hint=hint)


# Local files --------------------------------------------------------------------------------------

class FileSlice:
    """Bytes [start, start + length) of a file, read as they are sent (requests streams an object with `read` and
    a length, and takes Content-Length from `len()`); `on_read(sent)` follows the progress."""

    def __init__(self, path: str, start: int, length: int, on_read: Callable[[int], None] | None = None):
        self.path, self.start, self.length = path, start, length
        self.on_read = on_read
        self.sent = 0
        self._file: BinaryIO | None = None

    def __len__(self) -> int:
        return self.length

    def read(self, size: int = -1) -> bytes:
        if self._file is None:
            self._file = open(self.path, "rb")
            self._file.seek(self.start)
        left = self.length - self.sent
        if left <= 0:
            self.close()
            return b""
        data = self._file.read(left if size is None or size < 0 else min(size, left))
        if not data:
            self.close()
            raise InputError(f"'{self.path}' got shorter while it was being uploaded")
        self.sent += len(data)
        if self.on_read:
            self.on_read(self.sent)
        return data

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


@dataclass
class LocalFile:
    path: str     # on disk
    key: str      # its name in the bucket, relative to the upload directory
    size: int


@dataclass
class UploadItem:
    """One path given to `upload`: a file, or a folder and every file under it."""

    given: str
    type: str                       # FILE or FOLDER (tw's DataLinkItemType)
    files: list = field(default_factory=list)


def plan_upload(paths: list[str]) -> list[UploadItem]:
    """The files to upload for each given path, checked before anything is sent: they exist, none is larger than
    5 TB, 300 at most in all (tw's limits). A folder's files keep their relative paths under its name."""
    planned, count = [], 0
    for given in paths:
        if os.path.isdir(given):
            base = os.path.basename(os.path.abspath(given))
            item = UploadItem(given, "FOLDER")
            for root, dirs, names in os.walk(given):
                dirs.sort()
                for name in sorted(names):
                    local = os.path.join(root, name)
                    relative = os.path.relpath(local, given).replace(os.sep, "/")
                    item.files.append(LocalFile(local, f"{base}/{relative}", _size(local)))
        elif os.path.isfile(given):
            item = UploadItem(given, "FILE", [LocalFile(given, os.path.basename(given), _size(given))])
        else:
            raise InputError(f"File not found: {given}")
        count += len(item.files)
        if count > MAX_FILES:
            raise InputError(f"Cannot upload more than {MAX_FILES} files at once. Found at least {count} files at "
                             f"provided paths. Please reduce number of files to upload in single batch to {MAX_FILES}.")
        planned.append(item)
    return planned


def _size(path: str) -> int:
    try:
        size = os.path.getsize(path)
    except OSError as error:
        raise InputError(f"Cannot read '{path}': {error.strerror or error}") from None
    if not os.access(path, os.R_OK):
        raise InputError(f"Cannot read '{path}': permission denied")
    if size > MAX_FILE_SIZE:
        raise InputError(f"File {path} exceeds maximum size of 5 TB to upload.")
    return size


def content_type(path: str) -> str:
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def _parts(size: int, urls: int) -> list[tuple[int, int]]:
    """(start, length) of each part: PART_SIZE parts as tw cuts them, or larger ones when the server handed out
    fewer URLs than that needs (its part size is then larger than tw's)."""
    part = PART_SIZE
    if urls and math.ceil(size / part) > urls:
        part = math.ceil(size / urls)
    count = max(1, math.ceil(size / part))
    return [(i * part, min(part, size - i * part)) for i in range(count)]


# Upload -------------------------------------------------------------------------------------------

def upload(client: Client, signed: SignedUrls, workspace: Workspace, link: dict, local: LocalFile, *,
           credentials_id: str | None = None, directory: str | None = None, progress: Progress = QUIET, retry: Retry | None = None) -> None:
    """Upload one file into the data link `link` (a DataLinkDto), under `directory` when given."""
    retry = retry or Retry.from_env()
    answer = data_links.upload_urls(client, workspace, link["id"], key=local.key, size=local.size,
                                    content_type=content_type(local.path), credentials_id=credentials_id,
                                    directory=directory)
    urls = answer["uploadUrls"]
    if not urls:
        raise ApiError(f"The server handed out no upload URL for '{local.key}'")
    provider = str(link.get("provider") or "").lower()
    def finish(with_error: bool, tags: list) -> None:
        data_links.finish_upload(client, workspace, link["id"], key=local.key, upload_id=answer.get("uploadId"),
                                 tags=tags, with_error=with_error, credentials_id=credentials_id, directory=directory)

    progress.start(f"Uploading {local.path}", local.size)
    try:
        if provider in GOOGLE:
            _upload_resumable(signed, urls[0], local, progress, retry)
        elif provider in AZURE:
            _upload_blocks(signed, urls, local, progress, retry)
        else:  # aws, seqeracompute and other S3-compatible stores
            _upload_parts(signed, urls, local, progress, retry, finish)
    finally:
        progress.finish()  # ends the bar's line, also before an error message


def _put_part(signed, url: str, local: LocalFile, start: int, length: int, progress: Progress, retry: Retry,
              what: str, ok=range(200, 300), headers: dict | None = None):
    """PUT one part, retried; the store's answer."""
    def attempt():
        body = FileSlice(local.path, start, length, lambda sent: progress.update(start + sent))
        try:
            response = signed.send("PUT", url, data=body, headers=headers)
        finally:
            body.close()
        if response.status_code not in ok:
            raise _refused(response, what)
        return response
    return _retrying(retry, attempt)


def _upload_parts(signed, urls: list, local: LocalFile, progress: Progress, retry: Retry,
                  finish: Callable[[bool, list], None]) -> None:
    """S3 multipart: each part to its URL, its ETag kept; then `/upload/finish` with the ETags, or with
    `withError` so the server aborts the multipart upload when a part failed (or on Ctrl-C)."""
    tags: list[dict] = []
    try:
        for number_, (start, length) in enumerate(_parts(local.size, len(urls)), start=1):
            response = _put_part(signed, urls[number_ - 1], local, start, length, progress, retry,
                                 f"part {number_} of '{local.key}'")
            etag = response.headers.get("ETag")
            if not etag:
                raise ApiError(f"The store answered part {number_} of '{local.key}' without an ETag",
                               hint="The bucket's CORS configuration must expose the ETag header.")
            tags.append({"eTag": etag, "partNumber": number_})
    except BaseException:
        try:
            finish(True, tags)
        except TwpyError:
            pass  # the upload's own failure is the one to report
        raise
    finish(False, tags)


def _upload_blocks(signed, urls: list, local: LocalFile, progress: Progress, retry: Retry) -> None:
    """Azure: each part as a block to its URL (`comp=block&blockid=...`), then the list of blocks committed."""
    parts = _parts(local.size, len(urls))
    for index, (start, length) in enumerate(parts):
        _put_part(signed, urls[index], local, start, length, progress, retry, f"block {index + 1} of '{local.key}'")
    ids = [_block_id(url) for url in urls[:len(parts)]]
    xml = ('<?xml version="1.0" encoding="utf-8"?><BlockList>'
           + "".join(f"<Latest>{i}</Latest>" for i in ids) + "</BlockList>").encode()

    def commit():
        response = signed.send("PUT", _block_list_url(urls[0]), data=xml, headers={"Content-Type": "application/xml"})
        if not 200 <= response.status_code < 300:
            raise _refused(response, f"the block list of '{local.key}'")
    _retrying(retry, commit)


def _query_items(url: str) -> list[str]:
    return [item for item in urlsplit(url).query.split("&") if item]


def _block_id(url: str) -> str:
    for item in _query_items(url):
        name, _, value = item.partition("=")
        if name.lower() == "blockid":
            return unquote(value)
    raise ApiError("The server's Azure upload URL has no blockid")


def _block_list_url(url: str) -> str:
    """The first block's URL without its blockid and with `comp=blocklist`: the signature is kept as sent."""
    items = [("comp=blocklist" if i.lower().startswith("comp=") else i) for i in _query_items(url)
             if not i.lower().startswith("blockid=")]
    if not any(i == "comp=blocklist" for i in items):
        items.append("comp=blocklist")
    return urlunsplit(urlsplit(url)._replace(query="&".join(items)))


def _upload_resumable(signed, url: str, local: LocalFile, progress: Progress, retry: Retry) -> None:
    """Google Cloud Storage resumable session: PART_SIZE chunks with Content-Range; HTTP 308 says how much the
    store holds. After a failure the store is asked where it stands and the upload resumes from there; when it
    cannot be completed, the session is cancelled."""
    size, position, failures = local.size, 0, 0
    try:
        while True:
            length = min(PART_SIZE, size - position)
            what = f"bytes {position}-{position + length - 1} of '{local.key}'" if length else f"'{local.key}'"
            try:
                if length:
                    response = _put_part(signed, url, local, position, length, progress, Retry(1), what,
                                         ok=(200, 201, 308),
                                         headers={"Content-Range": f"bytes {position}-{position + length - 1}/{size}"})
                else:
                    response = _ask(signed, url, size, what)
                sent = True
            except TwpyError as error:
                failures += 1
                if failures >= retry.attempts or not transient(error):
                    raise
                retry.pause(failures)
                response, sent = _ask(signed, url, size, f"the status of '{local.key}'"), False
            if response.status_code in (200, 201):
                progress.update(size)
                return
            held = _held(response)
            if held > position:
                failures = 0
            elif sent:  # the store took nothing of what was sent
                failures += 1
                if failures >= retry.attempts:
                    raise ApiError(f"The store does not accept {what}")
                retry.pause(failures)
            position = held
            progress.update(position)
    except BaseException:
        try:
            signed.send("DELETE", url, headers={"Content-Length": "0"})
        except TwpyError:
            pass
        raise


def _ask(signed, url: str, size: int, what: str):
    """An empty PUT with `Content-Range: bytes */<size>`: where the session stands (308), or done (200/201)."""
    response = signed.send("PUT", url, data=b"", headers={"Content-Range": f"bytes */{size}"})
    if response.status_code not in (200, 201, 308):
        raise _refused(response, what)
    return response


def _held(response) -> int:
    """How many bytes a 308 answer says the store holds (`Range: bytes=0-N`; none without a Range)."""
    found = re.fullmatch(r"\s*bytes=0-(\d+)\s*", response.headers.get("Range", ""))
    return int(found.group(1)) + 1 if found else 0


# Download -----------------------------------------------------------------------------------------

def local_target(output_dir: str | None, remote: str, *, keep_folders: bool) -> str:
    """Where a remote file goes: `<output dir>/<remote path>` (a folder's files) or `<output dir>/<file name>`.
    A path that would leave the output directory ('..', or nothing left) is refused."""
    parts = [p for p in remote.split("/") if p]
    if not parts or any(p in (".", "..") for p in parts) or any("\x00" in p for p in parts):
        raise InputError(f"Refusing to download '{remote}': it does not name a file inside the output directory")
    relative = os.path.join(*parts) if keep_folders else parts[-1]
    return os.path.join(output_dir or ".", relative)


def download(client: Client, signed: SignedUrls, workspace: Workspace, link_id: str, remote: str, target: str, *,
             credentials_id: str | None = None, progress: Progress = QUIET, retry: Retry | None = None) -> int:
    """Download one file of a data link to `target` (through a temporary file renamed into place when complete);
    after a dropped connection the rest is asked for with a Range request. Returns the number of bytes."""
    retry = retry or Retry.from_env()
    url = data_links.download_url(client, workspace, link_id, remote, credentials_id)
    directory = os.path.dirname(os.path.abspath(target))
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as error:
        raise InputError(f"Cannot create the directory '{directory}': {error.strerror or error}") from None
    progress.start(f"Downloading {remote}", None)
    state: dict = {"written": 0, "total": None}
    try:
        with atomic_writer(target, private=False) as handle:
            _retrying(retry, lambda: _fetch(signed, url, remote, handle, state, progress))
    finally:
        progress.finish()
    return state["written"]


def _fetch(signed, url: str, remote: str, handle, state: dict, progress: Progress) -> None:
    """One GET of what is still missing, appended to `handle`."""
    written = state["written"]
    response = signed.send("GET", url, headers={"Range": f"bytes={written}-"} if written else None, stream=True)
    try:
        status = response.status_code
        if status == 206 and _range_start(response) == written:
            total = _range_total(response)
        elif status == 200:
            if written:  # the store sent the whole file again: start over
                handle.seek(0)
                handle.truncate()
                state["written"] = written = 0
            length = response.headers.get("Content-Length", "")
            total = int(length) if length.isdigit() else None  # the bytes as stored: never decoded
        else:
            raise _refused(response, f"the download of '{remote}'")
        if total is not None and total != state["total"]:
            state["total"] = total
            progress.start(f"Downloading {remote}", total)
        for chunk in signed.chunks(response, READ_SIZE):
            handle.write(chunk)
            written += len(chunk)
            state["written"] = written
            progress.update(written)
        if total is not None and written < total:
            error = ConnectionFailed(f"The download of '{remote}' ended early: {written} of {total} bytes")
            error.transient = True
            raise error
    finally:
        response.close()


def _range_start(response) -> int | None:
    found = re.match(r"\s*bytes\s+(\d+)-", response.headers.get("Content-Range", ""))
    return int(found.group(1)) if found else None


def _range_total(response) -> int | None:
    found = re.search(r"/(\d+)\s*$", response.headers.get("Content-Range", ""))
    return int(found.group(1)) if found else None
