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


#: Where the spec says less than the Platform does, as (path to a schema node, what the Platform really sends).
#: Workflow.params: the spec types each value as an object; Nextflow params are strings, numbers, lists too, and
#: the Platform sends them as they are (`runs view --params` shows them).
#: browse-tree's `paths`: path strings (tw sends `paths=dir/`), typed `array of object` by the spec's generator.
SPEC_CORRECTIONS = tuple((("components", "schemas", schema, "properties", "params", "additionalProperties"), {})
                         for schema in ("Workflow", "WorkflowDbDto")) + (
    (("paths", "/data-links/{dataLinkId}/browse-tree", "get", "parameters", 3, "schema", "items"), {"type": "string"}),
)


@functools.lru_cache(maxsize=1)
def _openapi():
    import copy

    from openapi_core import OpenAPI

    spec = copy.deepcopy(_raw_spec())
    for path, value in SPEC_CORRECTIONS:
        node = spec
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return OpenAPI.from_dict(spec, base_uri=SPEC_PATH.as_uri())


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


#: Hosts the tests use for the signed URLs of object stores (S3, GCS, Azure): third parties, not the Seqera API.
STORAGE_DOMAIN = ".storage.test"


def problems(request) -> list[str]:
    """What is wrong with one sent request (a requests.PreparedRequest) according to the spec."""
    from openapi_core.contrib.requests import RequestsOpenAPIRequest

    found = []
    parts = urlsplit(request.url)
    if (parts.hostname or "").endswith(STORAGE_DOMAIN):
        return []
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
