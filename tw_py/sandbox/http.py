"""Request/response plumbing for the sandbox API: errors, query parameters, light request-body checks."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_PAGE_SIZE = 100
NAME_PATTERN = re.compile(r"^[a-zA-Z\d](?:[a-zA-Z\d]|[-_](?=[a-zA-Z\d])){1,38}$")


class HttpError(Exception):
    """An API error: the status code and the `{"message": ...}` body the Platform would send."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def bad_request(message: str) -> HttpError:
    return HttpError(400, message)


def not_found(message: str) -> HttpError:
    return HttpError(404, message)


@dataclass
class Response:
    status: int = 200
    body: Any = None                 # a JSON document, text, bytes, or None (204)
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)   # extra response headers (ETag, Content-Range)


@dataclass
class Request:
    method: str
    path: str
    query: dict = field(default_factory=dict)    # name -> list of values
    body: Any = None
    params: dict = field(default_factory=dict)   # path parameters
    files: dict = field(default_factory=dict)    # multipart/form-data parts: name -> (filename, content type, bytes)

    # Query parameters --------------------------------------------------------------------------------
    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def int_arg(self, name: str, minimum: int | None = None, maximum: int | None = None) -> int | None:
        raw = self.arg(name)
        if raw is None or raw == "":
            return None
        try:
            value = int(raw)
        except ValueError:
            raise bad_request(f"Invalid '{name}' parameter value: {raw}") from None
        if minimum is not None and value < minimum:
            raise bad_request(f"Invalid '{name}' parameter value: {raw} (must be >= {minimum})")
        if maximum is not None and value > maximum:
            raise bad_request(f"Invalid '{name}' parameter value: {raw} (must be <= {maximum})")
        return value

    def bool_arg(self, name: str, default: bool = False) -> bool:
        raw = self.arg(name)
        if raw is None or raw == "":
            return default
        if raw.lower() not in ("true", "false"):
            raise bad_request(f"Invalid '{name}' parameter value: {raw} (expected true or false)")
        return raw.lower() == "true"

    def list_arg(self, name: str, allowed: tuple = ()) -> list:
        """A comma-separated (or repeated) list parameter such as `attributes=labels,optimized`."""
        values = [v.strip() for raw in self.query.get(name, []) for v in raw.split(",") if v.strip()]
        for value in values:
            if allowed and value not in allowed:
                raise bad_request(f"Invalid '{name}' parameter value: {value} (expected one of {', '.join(allowed)})")
        return values

    def enum_arg(self, name: str, allowed: tuple, case_sensitive: bool = True) -> str | None:
        raw = self.arg(name)
        if raw is None or raw == "":
            return None
        probe = raw if case_sensitive else raw.lower()
        options = allowed if case_sensitive else tuple(a.lower() for a in allowed)
        if probe not in options:
            raise bad_request(f"Invalid '{name}' parameter value: {raw} (expected one of {', '.join(allowed)})")
        return probe

    def page(self) -> tuple[int, int | None]:
        """(offset, max) from the query; `max` above 100 is refused as the Platform refuses it."""
        size = self.int_arg("max", minimum=0)
        if size is not None and size > MAX_PAGE_SIZE:
            raise bad_request(f"Invalid 'max' parameter value: {size} - the maximum page size is {MAX_PAGE_SIZE}")
        offset = self.int_arg("offset", minimum=0) or 0
        return offset, size

    # Body ------------------------------------------------------------------------------------------
    def json_object(self, key: str | None = None, required: bool = True) -> dict:
        """The body (or its `key` member) as an object; 400 when missing or of the wrong type."""
        body = self.body
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise bad_request("Invalid request body: a JSON object is expected")
        if key is None:
            return body
        value = body.get(key)
        if value is None:
            if required:
                raise bad_request(f"Missing required field '{key}'")
            return {}
        if not isinstance(value, dict):
            raise bad_request(f"Invalid field '{key}': an object is expected")
        return value

    def checked_body(self, spec: dict, *required: str, key: str | None = None) -> dict:
        """The body (or its `key` member, `key.` in errors) as an object: its fields of `spec` type-checked
        (check_fields) and the `required` ones present (require)."""
        obj = self.json_object(key)
        where = f"{key}." if key else ""
        check_fields(obj, where, spec)
        require(obj, where, *required)
        return obj


def paginate(items: list, offset: int, size: int | None) -> list:
    return items[offset:] if size is None else items[offset:offset + size]


_TYPES = {"string": str, "boolean": bool, "object": dict, "array": list}


def check_fields(obj: dict, where: str, spec: dict) -> None:
    """Light type checks: spec maps field -> 'string' | 'integer' | 'boolean' | 'object' | 'array' | ('string', max)."""
    for name, kind in spec.items():
        value = obj.get(name)
        if value is None:
            continue
        limit = None
        if isinstance(kind, tuple):
            kind, limit = kind
        if kind == "integer":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind == "integers":
            ok = isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        elif kind == "strings":
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, _TYPES[kind]) and not (kind != "boolean" and isinstance(value, bool))
        if not ok:
            raise bad_request(f"Invalid field '{where}{name}': {kind} expected")
        if limit is not None and len(value) > limit:
            raise bad_request(f"Invalid field '{where}{name}': longer than {limit} characters")


def multipart_parts(raw: bytes, content_type: str) -> dict:
    """The parts of a multipart/form-data body: name -> (filename, content type, bytes); 400 when malformed."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw)
    if not message.is_multipart():
        raise bad_request("Invalid multipart/form-data request body")
    parts = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            parts[name] = (part.get_filename(), part.get_content_type(), part.get_payload(decode=True) or b"")
    return parts


def require(obj: dict, where: str, *names: str) -> None:
    for name in names:
        value = obj.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise bad_request(f"Missing required field '{where}{name}'")


def given_fields(body: dict, keys: tuple) -> dict:
    """The fields of `keys` an update request gives (not missing, not null): what it changes."""
    return {key: body[key] for key in keys if body.get(key) is not None}


def check_name(value: str, what: str) -> None:
    if not isinstance(value, str) or not NAME_PATTERN.match(value):
        raise bad_request(f"Invalid {what} name '{value}': use 2 to 40 letters, digits, '-' or '_', "
                          "starting and ending with a letter or digit")


def check_enum(value, allowed: tuple, where: str) -> None:
    if value is not None and value not in allowed:
        raise bad_request(f"Invalid field '{where}': expected one of {', '.join(allowed)}")
