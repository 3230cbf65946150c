"""A sandbox for tests: start one in a thread on a free port, with fast runs, recording every request it receives.

    from tests.sandbox_server import running_sandbox, spec_problems

    with running_sandbox() as sandbox:          # sandbox.url, sandbox.token, sandbox.env(), sandbox.received
        ... run twpy against sandbox.env() ...
        assert not spec_problems(sandbox)       # every request received follows the OpenAPI spec
        assert not response_problems(sandbox)   # every response sent follows it too

The pytest fixture `sandbox` (tests/sandbox/conftest.py) wraps this.
"""
from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qsl, urlsplit

from tests import contract
from tw_py.sandbox.storage import STORAGE_PATH
from tw_py.sandbox.web import RUN_PAGE

FAST = 40.0  # sandbox speed for tests: a run takes about 0.15 s, a compute environment is ready in 0.04 s


@dataclass
class Received:
    method: str
    target: str          # path + query, as sent
    headers: dict
    body: bytes


@dataclass
class Sent:
    method: str
    target: str
    status: int
    content_type: str
    body: bytes


@contextmanager
def running_sandbox(speed: float = FAST, state: str | None = None, port: int = 0) -> Iterator:
    """A started sandbox (tw_py.sandbox.Sandbox) with `.received` (requests) and `.env()` (variables for twpy)."""
    from tw_py.sandbox import Sandbox

    sandbox = Sandbox(port=port, state=state, speed=speed)
    sandbox.received = []
    sandbox.on_request = lambda method, target, headers, body: sandbox.received.append(
        Received(method, target, headers, body))
    sandbox.sent = []
    sandbox.on_response = lambda method, target, status, content_type, body: sandbox.sent.append(
        Sent(method, target, status, content_type, body))
    sandbox.env = lambda: sandbox_env(sandbox.url, sandbox.token)
    sandbox.start()
    try:
        yield sandbox
    finally:
        sandbox.stop()


def sandbox_env(url: str, token: str, base: dict | None = None) -> dict:
    """Environment for a twpy subprocess pointed at a sandbox (TOWER_*/TWPY_* of the caller removed)."""
    env = {k: v for k, v in (base if base is not None else os.environ).items()
           if not k.startswith(("TOWER_", "TWPY_"))}
    env.update({"TOWER_API_ENDPOINT": url, "TOWER_ACCESS_TOKEN": token, "TWPY_INSECURE": "1", "NO_COLOR": "1"})
    return env


def twpy_executable() -> str | None:
    """The installed `twpy` console script: next to this interpreter, else on PATH."""
    candidate = Path(sys.executable).parent / "twpy"
    if candidate.exists():
        return str(candidate)
    return shutil.which("twpy")


def _api_exchanges(items):
    """(item, its split URL, the spec's path template, operation and shared parameters) for each recorded request or
    response but those of the run's page and the object store, which are not the API."""
    for item in items:
        parts = urlsplit(item.target)
        if not (RUN_PAGE.match(parts.path) or STORAGE_PATH.match(parts.path)):
            yield (item, parts, *contract._operation(item.method, parts.path))


def spec_problems(sandbox) -> list[str]:
    """What is wrong, according to the OpenAPI spec, with the requests the sandbox received ([] without the spec)."""
    if not contract.spec_available():
        return []
    from openapi_core.testing import MockRequest

    found = []
    for item, parts, template, operation, shared in _api_exchanges(sandbox.received):
        if operation is None:
            found.append(f"{item.method} {parts.path}: no such operation in the spec")
            continue
        known = {p["name"] for p in list(operation.get("parameters", [])) + list(shared) if p.get("in") == "query"}
        args = parse_qsl(parts.query, keep_blank_values=True)
        found += [f"{item.method} {template}: query parameter '{n}' is not in the spec" for n, _ in args if n not in known]
        request = MockRequest(sandbox.url, item.method.lower(), parts.path, args=dict(args),
                              headers={k.title(): v for k, v in item.headers.items()},
                              data=item.body or None,
                              content_type=_media_type(item.headers.get("content-type")))
        try:
            contract._openapi().validate_request(request)
        except Exception as exc:  # noqa: BLE001 - report any validation failure
            cause = getattr(exc, "__cause__", None)
            found.append(f"{item.method} {template}: {exc}" + (f": {cause}" if cause else ""))
    return found


def _media_type(header: str | None) -> str:
    """The request's media type as openapi-core reads it (a multipart body keeps its boundary parameter)."""
    header = header or "application/json"
    return header if header.startswith("multipart/") else header.split(";")[0]


def response_problems(sandbox) -> list[str]:
    """What is wrong, according to the OpenAPI spec, with the responses the sandbox sent ([] without the spec).

    A status the operation declares is validated by openapi-core (body schema included); any other status must be
    an error with the Platform's `{"message": "..."}` body."""
    if not contract.spec_available():
        return []
    import json

    from openapi_core.testing import MockRequest, MockResponse

    found = []
    for item, parts, template, operation, _ in _api_exchanges(sandbox.sent):
        where = f"{item.method} {template or parts.path} -> {item.status}"
        if operation is None or str(item.status) not in operation.get("responses", {}):
            try:
                document = json.loads(item.body)
            except ValueError:
                document = None
            if item.status < 400 or not isinstance(document, dict) or list(document) != ["message"] \
                    or not isinstance(document["message"], str):
                found.append(f"{where}: undeclared status without a {{'message'}} error body: {item.body[:200]!r}")
            continue
        if not (item.content_type or "").startswith("application/json"):
            continue  # text/plain or octet-stream downloads: the spec's `format: binary` allows any bytes
        request = MockRequest(sandbox.url, item.method.lower(), parts.path,
                              args=dict(parse_qsl(parts.query, keep_blank_values=True)))
        try:
            contract._openapi().validate_response(request, MockResponse(item.body, status_code=item.status,
                                                                        content_type=item.content_type))
        except Exception as exc:  # noqa: BLE001 - report any validation failure
            cause = getattr(exc, "__cause__", None)
            detail = f"{where}: {exc}" + (f": {cause}" if cause else "")
            if "is valid under each of" not in detail:  # the spec's oneOf of two schemas any {message} fits
                found.append(detail)
    return found
