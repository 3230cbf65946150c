"""`twpy api`: any Platform endpoint, with fields built into a JSON body or query, and max/offset pagination."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import parse_qsl, urlsplit

from tw_py.documents import parse_json
from tw_py.errors import ApiError, InputError

if TYPE_CHECKING:
    from tw_py.api.client import Client


METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_KEY_PART = re.compile(r"\[([^\]]*)\]")


def typed_value(text: str, read_file: Callable[[str], str] | None = None) -> Any:
    """A `-f` value as JSON would read it: true/false/null, numbers, JSON arrays/objects, `@file`; else text."""
    if text.startswith("@") and read_file is not None:
        return read_file(text[1:]).rstrip("\n")
    if text in ("true", "false"):
        return text == "true"
    if text == "null":
        return None
    if _NUMBER.fullmatch(text):
        return float(text) if any(c in text for c in ".eE") else int(text)
    if text[:1] in "[{":
        try:
            return parse_json(text, "a field value")
        except InputError as error:
            if not error.message.startswith("Cannot parse"):
                raise
    return text


def split_key(key: str) -> list[str]:
    """`a.b.c`, `a[b][c]` and `tags[]` as key paths (`[]` = append to a list)."""
    head, _, rest = key.partition("[")
    parts = [p for p in head.split(".")] if head else []
    if rest:
        parts += _KEY_PART.findall("[" + rest)
    if not parts or any(p == "" for p in parts[:-1]) or (parts[-1] == "" and len(parts) == 1):
        raise InputError(f"Invalid field key '{key}'", hint="Use KEY=VALUE, with nested keys as a.b=1 or a[b]=1 and lists as tags[]=x.")
    return parts


def build_fields(pairs: list[tuple[str, Any]]) -> dict:
    """Nested JSON object from (key, value) pairs, keys as accepted by split_key."""
    result: dict = {}
    for key, value in pairs:
        parts = split_key(key)
        node: Any = result
        for i, part in enumerate(parts[:-1]):
            following = parts[i + 1]
            container = node.setdefault(part, [] if following == "" else {})
            if following == "" and not isinstance(container, list) or following != "" and not isinstance(container, dict):
                raise InputError(f"Field '{key}' conflicts with another field for '{part}'")
            node = container
        last = parts[-1]
        if last == "":
            node.append(value)
        elif isinstance(node, dict):
            node[last] = value
        else:
            raise InputError(f"Field '{key}' conflicts with another field")
    return result


def parse_field(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise InputError(f"Invalid field '{text}': expected KEY=VALUE")
    return key, value


def parse_header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise InputError(f"Invalid header '{text}': expected 'Name: value'")
    return name.strip(), value.strip()


@dataclass
class RawRequest:
    method: str
    path: str
    params: dict = field(default_factory=dict)
    body: Any = None           # a JSON document to send, or None
    data: str | None = None    # a body given as text (--input), sent as is
    headers: dict = field(default_factory=dict)


def split_path(path: str) -> tuple[str, dict]:
    """`/pipelines?search=x` -> ('/pipelines', {'search': 'x'}); a leading slash is added when missing."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        raise InputError(f"Give a path of the API, not a full URL: '{path}'",
                         hint="The server comes from --url / TOWER_API_ENDPOINT / the profile, e.g. 'twpy api /user-info'.")
    clean = parts.path if parts.path.startswith("/") else "/" + parts.path
    return clean, dict(parse_qsl(parts.query, keep_blank_values=True))


def query_text(value: Any) -> Any:
    """A typed field value as a query parameter (None = omitted)."""
    if isinstance(value, (dict, list)):
        if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            return value
        return json.dumps(value, separators=(",", ":"))
    return value


def query_fields(pairs: list[tuple[str, Any]]) -> dict:
    """Query parameters from (key, value) pairs: `k[]=v` and repeated keys make lists, objects become JSON text."""
    params: dict = {}
    for key, value in pairs:
        name = key[:-2] if key.endswith("[]") else key
        value = query_text(value)
        if value is None:
            continue
        if name in params or key.endswith("[]"):
            known = params.get(name, [])
            params[name] = (known if isinstance(known, list) else [known]) + (value if isinstance(value, list) else [value])
        else:
            params[name] = value
    return params


def build_request(method: str | None, path: str, pairs: list[tuple[str, Any]], input_text: str | None,
                  headers: dict, workspace_id: int | None) -> RawRequest:
    """What to send: fields go to a JSON body, or to the query for GET/DELETE/HEAD and with --input."""
    clean, params = split_path(path)
    method = (method or ("POST" if pairs or input_text is not None else "GET")).upper()
    if method not in METHODS:
        raise InputError(f"Invalid HTTP method '{method}'", hint="Use one of " + ", ".join(METHODS) + ".")
    request = RawRequest(method, clean, params, headers=dict(headers))
    if method in ("GET", "DELETE", "HEAD", "OPTIONS") or input_text is not None:
        request.params.update(query_fields(pairs))
    elif pairs:
        request.body = build_fields(pairs)
    if input_text is not None:
        request.data = input_text
    if workspace_id is not None:
        request.params["workspaceId"] = workspace_id
    return request


@dataclass
class RawResponse:
    status: int
    reason: str
    headers: dict
    document: Any      # parsed JSON, or text for non-JSON bodies, or None when empty
    is_json: bool


def _response(response) -> RawResponse:
    content_type = response.headers.get("Content-Type", "")
    if not response.content:
        return RawResponse(response.status_code, response.reason or "", dict(response.headers), None, False)
    if "json" in content_type or content_type == "":
        try:
            return RawResponse(response.status_code, response.reason or "", dict(response.headers), response.json(), True)
        except ValueError:
            pass
    return RawResponse(response.status_code, response.reason or "", dict(response.headers), response.text, False)


def send(client: Client, request: RawRequest) -> RawResponse:
    """Send one request; an HTTP error status is returned, not raised."""
    data = request.data
    if data is None and request.body is not None:
        data = json.dumps(request.body, separators=(",", ":"))  # as built: an explicit null stays
    response = client.send(request.method, request.path, params=request.params, data=data,
                           headers=request.headers, raise_for_status=False,
                           idempotent=request.method in ("GET", "HEAD", "OPTIONS", "PUT", "DELETE"))
    return _response(response)


def list_key(document: Any) -> str | None:
    """The key of the list a page holds (`pipelines`, `workflows`, ...): the one array-valued key."""
    if not isinstance(document, dict):
        return None
    keys = [k for k, v in document.items() if isinstance(v, list)]
    return keys[0] if len(keys) == 1 else None


def paginate(client: Client, request: RawRequest, page_size: int = 100) -> RawResponse:
    """GET every `max`/`offset` page and merge their lists into the first page's document."""
    from tw_py.api import paging

    size = min(int(request.params.get("max") or page_size), paging.MAX_PAGE_SIZE)
    start = int(request.params.get("offset") or 0)
    first_request = RawRequest(request.method, request.path, dict(request.params, max=size, offset=start),
                               headers=request.headers)
    first = send(client, first_request)
    if first.status >= 400 or not first.is_json:
        return first
    key = list_key(first.document)
    if key is None:
        return first
    items = list(first.document[key])
    total = first.document.get("totalSize")
    if len(items) >= size and (total is None or start + len(items) < total):
        params = {k: v for k, v in request.params.items() if k not in ("max", "offset")}
        for page in paging.iter_pages(client, request.path, key, params, start=start + len(items), size=size):
            items.extend(page.items)
    first.document[key] = items
    return first


def error_message(response: RawResponse) -> ApiError:
    """The typed error for an HTTP error status, with the server's message when it gave one."""
    message = None
    if isinstance(response.document, dict):
        message = response.document.get("message")
    if not message:
        message = f"HTTP {response.status} {response.reason}".rstrip()
    return ApiError(message, status=response.status)


def format_document(document: Any) -> str:
    """Pretty JSON (2-space indent, nulls kept: the server's document as it is)."""
    return json.dumps(document, indent=2, ensure_ascii=False)


def format_head(response: RawResponse) -> str:
    lines = [f"HTTP/1.1 {response.status} {response.reason}".rstrip()]
    lines += [f"{name}: {value}" for name, value in sorted(response.headers.items())]
    return "\n".join(lines) + "\n"


def spec_template(path: str) -> str | None:
    """The spec's path template for a concrete path (`/pipelines/12` -> `/pipelines/{pipelineId}`), or None.

    A literal segment beats a placeholder (`/pipelines/info` is not `/pipelines/{pipelineId}`)."""
    from tw_py.api.spec_paths import PATHS

    parts = path.rstrip("/").split("/") if path != "/" else [""]
    best, best_score = None, -1
    for template, _ in PATHS:
        pieces = template.split("/")
        if len(pieces) != len(parts):
            continue
        score = 0
        for piece, part in zip(pieces, parts):
            if piece.startswith("{") and piece.endswith("}"):
                continue
            if piece != part:
                break
            score += 1
        else:
            if score > best_score:
                best, best_score = template, score
    return best


def takes_workspace_id(method: str, path: str) -> bool:
    """Whether the spec declares a `workspaceId` query parameter for this operation."""
    from tw_py.api.spec_paths import WORKSPACE_QUERY

    template = spec_template(path)
    return template is not None and method.upper() in WORKSPACE_QUERY.get(template, "").split()
