"""The `platform` fixture: a stateful Platform for apply tests. The sandbox's API answers in-process through
`responses`, so every request is recorded (`platform.writes()`) and checked against the OpenAPI spec, and what
one apply creates the next one finds."""
from __future__ import annotations

import json
import re
import time
from urllib.parse import urlsplit

import pytest
import responses

from tests import contract
from tests.helpers import TOKEN, URL

FAST = 200.0   # sandbox speed: a compute environment is ready (or gone) in a few milliseconds


class Platform:
    def __init__(self, mock, store):
        self.mock = mock
        self.store = store

    def calls(self) -> list[tuple[str, str]]:
        return [(call.request.method, urlsplit(call.request.url).path) for call in self.mock.calls]

    def writes(self) -> list[tuple[str, str]]:
        """The write requests (anything but GET) sent since the last `reset()`."""
        return [(method, path) for method, path in self.calls() if method != "GET"]

    def bodies(self, method: str, pattern: str) -> list:
        return [json.loads(call.request.body) if call.request.body else None for call in self.mock.calls
                if call.request.method == method and re.fullmatch(pattern, urlsplit(call.request.url).path)]

    def reset(self) -> None:
        self.mock.calls.reset()

    def items(self, kind: str) -> list:
        return self.store.items(kind)


@pytest.fixture
def platform():
    from tw_py.sandbox.api import Api
    from tw_py.sandbox.seed import seed
    from tw_py.sandbox.store import Store

    store = Store(seed(time.time()), speed=FAST)
    api = Api(store, TOKEN)

    def answer(request):
        parts = urlsplit(request.url)
        body = request.body or b""
        if hasattr(body, "read"):      # a streamed upload (datasets): read it whole, as a server would
            body = body.read()
            request.body = body        # kept for the spec check after the test
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = {k.lower(): v for k, v in request.headers.items()}
        response = api.handle(request.method, parts.path, parts.query, headers, body)
        if response.body is None:
            return response.status, {}, ""
        text = response.body if isinstance(response.body, (str, bytes)) else json.dumps(response.body)
        return response.status, {"Content-Type": response.content_type}, text

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ("GET", "POST", "PUT", "DELETE"):
            mock.add_callback(method, re.compile(re.escape(URL) + r"/.*"), callback=answer)
        yield Platform(mock, store)
        if contract.spec_available():
            found = [p for call in mock.calls for p in contract.problems(call.request)]
            assert not found, "requests that do not follow the OpenAPI spec:\n" + "\n".join(found)
