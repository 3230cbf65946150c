"""Validate requests the tests send against the official OpenAPI spec (openapi-core), once loaded per session."""
from __future__ import annotations

import functools
import os
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

REPO = Path(__file__).resolve().parent.parent
SPEC_PATH = Path(os.environ.get("TWPY_OPENAPI_SPEC", REPO.parent / "shared" / "openapi" / "seqera-api.yaml"))


def spec_available() -> bool:
    return SPEC_PATH.is_file()


@functools.lru_cache(maxsize=1)
def _openapi():
    from openapi_core import OpenAPI

    return OpenAPI.from_file_path(str(SPEC_PATH))


@functools.lru_cache(maxsize=1)
def _raw_spec() -> dict:
    import yaml

    with open(SPEC_PATH, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _operation(method: str, path: str):
    """The spec's (template, operation) for a concrete path, or (None, None)."""
    import re

    for template, item in _raw_spec()["paths"].items():
        pattern = "^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return template, item[method.lower()], item.get("parameters", [])
    return None, None, None


def problems(request) -> list[str]:
    """What is wrong with one sent request (a requests.PreparedRequest) according to the spec."""
    from openapi_core.contrib.requests import RequestsOpenAPIRequest

    found = []
    parts = urlsplit(request.url)
    template, operation, shared = _operation(request.method, parts.path)
    if operation is None:
        return [f"{request.method} {parts.path}: no such operation in the spec"]
    known = {p["name"] for p in list(operation.get("parameters", [])) + list(shared) if p.get("in") == "query"}
    for name, _ in parse_qsl(parts.query, keep_blank_values=True):
        if name not in known:
            found.append(f"{request.method} {template}: query parameter '{name}' is not in the spec")
    try:
        _openapi().validate_request(RequestsOpenAPIRequest(request))
    except Exception as exc:  # noqa: BLE001 - any validation failure is reported
        detail = str(exc)
        cause = getattr(exc, "__cause__", None)
        if cause is not None and str(cause) not in detail:
            detail += f": {cause}"
        found.append(f"{request.method} {template}: {detail}")
    return found
