"""The sandbox's object store behind data links: the signed URLs the API hands out point here (`/_storage/...`),
as a cloud store's would, so downloads and S3-style multipart uploads really move bytes. URLs are signed with a
secret of this sandbox (HMAC) and expire; no Seqera token is needed or accepted, as with a real store."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from urllib.parse import parse_qs, quote, unquote

from tw_py.sandbox.http import Response

PREFIX = "/_storage/"
STORAGE_PATH = re.compile(r"^/_storage/([A-Za-z0-9-]{1,64})/(.+)$")
LIFETIME = 3600.0


class ObjectStore:
    """Signs URLs for one sandbox and serves them; open multipart uploads are kept in memory."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.secret = secrets.token_bytes(32)
        self.uploads: dict[str, dict] = {}

    # Signed URLs ----------------------------------------------------------------------------------
    def _signature(self, method: str, link_id: str, key: str, extra: str, expires: int) -> str:
        message = f"{method}\n{link_id}\n{key}\n{extra}\n{expires}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def signed_url(self, method: str, link_id: str, key: str, **extra: str) -> str:
        expires = int(time.time() + LIFETIME)
        query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in sorted(extra.items()))
        signature = self._signature(method, link_id, key, query, expires)
        return (f"{self.base_url}{PREFIX}{link_id}/{quote(key, safe='/')}?{query + '&' if query else ''}"
                f"expires={expires}&signature={signature}")

    def start_upload(self, link_id: str, key: str, parts: int) -> tuple[str, list[str]]:
        upload_id = secrets.token_hex(12)
        self.uploads[upload_id] = {"link": link_id, "key": key, "parts": {}}
        return upload_id, [self.signed_url("PUT", link_id, key, partNumber=str(n), uploadId=upload_id)
                           for n in range(1, parts + 1)]

    def finish_upload(self, upload_id: str, key: str, tags: list, with_error: bool) -> bytes | None:
        """The object's bytes from its parts in the order of `tags` (None when aborted); the upload is closed."""
        upload = self.uploads.pop(upload_id, None)
        if upload is None or upload["key"] != key:
            raise KeyError(upload_id)
        if with_error:
            return None
        chunks = []
        for tag in sorted(tags, key=lambda t: t.get("partNumber") or 0):
            part = upload["parts"].get(tag.get("partNumber"))
            if part is None or part[0] != tag.get("eTag"):
                raise ValueError(f"part {tag.get('partNumber')} was not uploaded with ETag {tag.get('eTag')}")
            chunks.append(part[1])
        return b"".join(chunks)

    # Serving --------------------------------------------------------------------------------------
    def serve(self, store, method: str, path: str, query: str, headers: dict, raw: bytes) -> Response | None:
        """Answer a request to a signed URL; None for any other request (the API's)."""
        match = STORAGE_PATH.match(path)
        if match is None:
            return None
        link_id, key = match.group(1), unquote(match.group(2))
        args = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
        signature, expires = args.pop("signature", ""), args.pop("expires", "0")
        extra = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in sorted(args.items()))
        wanted = self._signature("GET" if method == "HEAD" else method, link_id, key, extra,
                                 int(expires) if expires.isdigit() else 0)
        if not hmac.compare_digest(wanted, signature) or not expires.isdigit() or int(expires) < time.time():
            return _error(403, "AccessDenied", "The URL's signature does not match or the URL has expired")
        if method == "PUT":
            upload = self.uploads.get(args.get("uploadId", ""))
            if upload is None or not args.get("partNumber", "").isdigit():
                return _error(404, "NoSuchUpload", "The upload does not exist")
            etag = '"' + hashlib.md5(raw).hexdigest() + '"'   # noqa: S324 - S3's ETag is an MD5, not a security hash
            upload["parts"][int(args["partNumber"])] = (etag, raw)
            return Response(200, b"", "application/octet-stream", headers={"ETag": etag})
        link = store.find("dataLinks", "id", link_id)
        content = (link or {}).get("_objects", {}).get(key)
        if content is None:
            return _error(404, "NoSuchKey", "The specified key does not exist")
        data = base64.b64decode(content)
        start = _range_start(headers.get("range") or "", len(data))
        if start is not None:
            return Response(206, data[start:], "application/octet-stream",
                            headers={"Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"})
        return Response(200, data, "application/octet-stream")


def _range_start(header: str, size: int) -> int | None:
    found = re.fullmatch(r"\s*bytes=(\d+)-\s*", header)
    return int(found.group(1)) if found and int(found.group(1)) < size else None


def _error(status: int, code: str, message: str) -> Response:
    return Response(status, f"<?xml version=\"1.0\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>",
                    "application/xml")
