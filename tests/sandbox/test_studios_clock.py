"""Studios start and stop on the sandbox's clock, and the demo seed has one to try."""
from __future__ import annotations

import json

from tw_py.sandbox.api import Api
from tw_py.sandbox.seed import seed
from tw_py.sandbox.store import Store


class Clock:
    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self):
        return self.now


def call(api, method, path, body=None, **query):
    from urllib.parse import urlencode

    raw = json.dumps(body).encode() if body is not None else b""
    response = api.handle(method, path, urlencode(query), {"authorization": "Bearer t"}, raw)
    return response.status, response.body


def test_a_studio_starts_runs_stops_and_leaves_a_checkpoint():
    clock = Clock()
    api = Api(Store(seed(clock()), clock=clock), "t")
    status, ce = call(api, "GET", "/compute-envs", status="AVAILABLE")
    status, created = call(api, "POST", "/studios", {"name": "nb", "computeEnvId": ce["computeEnvs"][0]["id"],
                                                     "dataStudioToolUrl": "custom:image"}, autoStart="true")
    assert status == 200
    session = created["studio"]["sessionId"]

    def state():
        return call(api, "GET", f"/studios/{session}")[1]["statusInfo"]["status"]

    assert state() == "starting"
    clock.now += 30
    assert state() == "running"
    status, stopped = call(api, "PUT", f"/studios/{session}/stop")
    assert stopped["jobSubmitted"] and stopped["statusInfo"]["status"] == "stopping"
    clock.now += 30
    assert state() == "stopped"
    checkpoints = call(api, "GET", f"/studios/{session}/checkpoints")[1]
    assert checkpoints["totalSize"] == 1 and checkpoints["checkpoints"][0]["status"] == "finalized"
    assert call(api, "DELETE", f"/studios/{session}")[0] == 204
