"""The sandbox's behaviour over real HTTP: auth, scoping, pagination, state across restarts, loopback only,
runs and compute environments progressing by the clock, and the spec-driven 400s."""
from __future__ import annotations

import json
import socket
import time

import pytest

from tests import contract
from tests.sandbox.conftest import Http
from tests.sandbox_server import running_sandbox

HELLO = "https://github.com/nextflow-io/hello"


def wait_for(check, timeout=10.0):
    """Poll `check()` until it returns a truthy value; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def primary_ce(http, ws=None):
    params = {"workspaceId": ws} if ws else {}
    return next(c for c in http.get("/compute-envs", **params).json()["computeEnvs"] if c.get("primary"))


def launch(http, ws=None, **fields):
    params = {"workspaceId": ws} if ws else {}
    body = {"launch": {"computeEnvId": primary_ce(http, ws)["id"], "pipeline": HELLO, **fields}}
    response = http.post("/workflow/launch", body, **params)
    assert response.status_code == 200, response.text
    return response.json()["workflowId"]


def status(http, run_id, ws=None):
    params = {"workspaceId": ws} if ws else {}
    return http.get(f"/workflow/{run_id}", **params).json()["workflow"]["status"]


# Auth and errors -----------------------------------------------------------------------------------
def test_missing_or_wrong_token_is_401_with_a_message(sandbox):
    import requests

    missing = requests.get(sandbox.url + "/user-info", timeout=5)
    wrong = Http(sandbox, token="not-the-token").get("/pipelines")
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert (wrong.status_code, wrong.json()) == (401, {"message": "Unauthorized"})
    sandbox.received.clear()  # sent without a valid token on purpose


def test_service_info_needs_no_token_and_unknown_paths_are_404(sandbox, http):
    import requests

    info = requests.get(sandbox.url + "/service-info", timeout=5)
    assert info.status_code == 200 and info.json()["serviceInfo"]["apiVersion"]
    unknown = http.get("/no-such-thing")
    assert unknown.status_code == 404 and unknown.json()["message"]
    sandbox.received.clear()  # the unknown path is not in the spec, on purpose


def test_unknown_ids_are_404_with_a_message(http, showcase):
    missing = http.get("/workflow/nope123", workspaceId=showcase)
    assert missing.status_code == 404
    assert missing.json() == {"message": f"Workflow 'nope123' not found at workspace '{showcase}'"}


# Scoping ----------------------------------------------------------------------------------------------
def test_workspace_scoping(http, showcase):
    personal = http.get("/pipelines", visibility="all").json()
    org = http.get("/pipelines", workspaceId=showcase, visibility="all").json()
    assert sorted(p["name"] for p in personal["pipelines"]) == ["hello", "rnaseq"]
    assert sorted(p["name"] for p in org["pipelines"]) == ["hello", "rnaseq", "sarek"]
    assert {p["workspaceId"] for p in org["pipelines"]} == {showcase}
    assert all("workspaceId" not in p for p in personal["pipelines"])
    # an object of one workspace is not found from another
    pipeline_id = org["pipelines"][0]["pipelineId"]
    assert http.get(f"/pipelines/{pipeline_id}").status_code == 404
    assert http.get(f"/pipelines/{pipeline_id}", workspaceId=showcase).status_code == 200
    # what is added to the personal workspace is not listed in the org workspace
    assert http.post("/labels", {"name": "mine"}).status_code == 200
    assert "mine" in [label["name"] for label in http.get("/labels").json()["labels"]]
    assert "mine" not in [label["name"] for label in http.get("/labels", workspaceId=showcase).json()["labels"]]


def test_a_workspace_that_is_not_yours_is_403(http):
    response = http.get("/pipelines", workspaceId=12345)
    assert response.status_code == 403
    assert "not a participant" in response.json()["message"]


# Pagination ---------------------------------------------------------------------------------------------
def test_pagination_max_offset_and_total_size(http, showcase):
    for index in range(5):
        assert http.post("/labels", {"name": f"page-{index}"}, workspaceId=showcase).status_code == 200
    everything = http.get("/labels", workspaceId=showcase, search="page-").json()
    page = http.get("/labels", workspaceId=showcase, search="page-", max=2, offset=2).json()
    assert everything["totalSize"] == 5 and page["totalSize"] == 5
    assert [label["name"] for label in page["labels"]] == ["page-2", "page-3"]
    runs = http.get("/workflow", workspaceId=showcase, max=1, offset=1, includeTotalSize="true").json()
    assert (len(runs["workflows"]), runs["totalSize"], runs["hasMore"]) == (1, 3, True)


@pytest.mark.parametrize("path", ["/pipelines", "/workflow", "/labels"])
def test_max_above_100_is_refused_like_the_real_server(http, path):
    response = http.get(path, max=101)
    assert response.status_code == 400
    assert "maximum page size is 100" in response.json()["message"]
    assert http.get(path, max=100).status_code == 200


# Requests the spec would reject get a 400 -------------------------------------------------------------
SPEC_INVALID = [
    ("GET", "/pipelines", None, {"max": "lots"}),
    ("GET", "/pipelines", None, {"workspaceId": "demo"}),
    ("GET", "/workflow", None, {"attributes": "colour"}),
    ("GET", "/compute-envs", None, {"attributes": "everything"}),
    ("GET", "/labels", None, {"type": "sparkly"}),
    ("POST", "/labels", {"name": 5}, {}),
    ("POST", "/orgs", {"organization": {"name": "x y", "fullName": "Bad"}}, {}),
    ("POST", "/orgs", {"organization": {"fullName": "No name"}}, {}),
    ("POST", "/compute-envs", {"computeEnv": {"name": "x", "platform": "mainframe", "config": {}}}, {}),
    ("POST", "/credentials", {"credentials": {"name": "x", "provider": "floppy"}}, {}),
    ("POST", "/workflow/launch", {"launch": {"pipeline": HELLO, "configProfiles": "test"}}, {}),
    ("POST", "/pipelines", {"name": "p", "launch": {"pipeline": HELLO, "pullLatest": "yes"}}, {}),
]


@pytest.mark.parametrize("method,path,body,params", SPEC_INVALID)
def test_requests_the_spec_rejects_get_a_400(sandbox, http, method, path, body, params):
    response = http.call(method, path, body, **params)
    assert response.status_code == 400, response.text
    assert set(response.json()) == {"message"} and response.json()["message"]
    if contract.spec_available():  # the spec agrees that these requests are invalid
        from tests.sandbox_server import spec_problems

        assert spec_problems(sandbox), f"the spec accepts {method} {path} {body} {params}"
    sandbox.received.clear()


# Runs -------------------------------------------------------------------------------------------------
def test_a_run_goes_submitted_running_succeeded_with_growing_tasks_and_log(sandbox, http, showcase):
    sandbox.store.speed = 4.0  # slow enough to see each state (the run takes about 1.4 s)
    run_id = launch(http, showcase)
    assert status(http, run_id, showcase) == "SUBMITTED"
    wait_for(lambda: status(http, run_id, showcase) == "RUNNING")
    wait_for(lambda: status(http, run_id, showcase) == "SUCCEEDED")
    tasks = http.get(f"/workflow/{run_id}/tasks", workspaceId=showcase).json()
    assert tasks["total"] == 4 and {t["task"]["status"] for t in tasks["tasks"]} == {"COMPLETED"}
    progress = http.get(f"/workflow/{run_id}/progress", workspaceId=showcase).json()["progress"]
    assert progress["workflowProgress"]["succeeded"] == 4
    metrics = http.get(f"/workflow/{run_id}/metrics", workspaceId=showcase).json()["metrics"]
    assert [m["process"] for m in metrics] == ["sayHello"]
    log = http.get(f"/workflow/{run_id}/download", workspaceId=showcase, fileName=f"nf-{run_id}.log")
    assert log.headers["Content-Type"].startswith("text/plain")
    assert "Submitted process > sayHello (Hola)" in log.text and "Execution complete" in log.text
    out = http.get(f"/workflow/{run_id}/download/1", workspaceId=showcase, fileName=".command.out")
    assert out.text == "Bonjour world!\n"


def test_the_nextflow_log_only_grows_at_the_end(sandbox, http, showcase):
    """Like a real Nextflow log, each snapshot is a prefix of the next (runs watch relies on it)."""
    sandbox.store.speed = 4.0
    run_id = launch(http, showcase)
    snapshots = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        snapshots.append(http.get(f"/workflow/{run_id}/download", workspaceId=showcase,
                                  fileName=f"nf-{run_id}.log").text)
        if "Execution complete" in snapshots[-1]:
            break
        time.sleep(0.05)
    assert "Execution complete" in snapshots[-1]
    assert len(set(snapshots)) >= 3  # it did grow while we looked
    for earlier, later in zip(snapshots, snapshots[1:]):
        assert later.startswith(earlier)


def test_sandbox_fail_in_params_makes_the_run_fail(http):
    run_id = launch(http, paramsText="sandbox_fail: true\n")
    wait_for(lambda: status(http, run_id) in ("SUCCEEDED", "FAILED"))
    described = http.get(f"/workflow/{run_id}").json()["workflow"]
    assert described["status"] == "FAILED" and described["exitStatus"] == 1 and described["errorMessage"]
    tasks = [t["task"]["status"] for t in http.get(f"/workflow/{run_id}/tasks").json()["tasks"]]
    assert tasks[-1] == "FAILED"


def test_cancel_stops_a_run_and_a_finished_run_cannot_be_cancelled(sandbox, http):
    sandbox.store.speed = 1.0  # slow enough to cancel while running
    run_id = launch(http)
    assert http.post(f"/workflow/{run_id}/cancel").status_code == 204
    assert status(http, run_id) == "CANCELLED"
    time.sleep(0.1)
    assert status(http, run_id) == "CANCELLED"
    again = http.post(f"/workflow/{run_id}/cancel")
    assert again.status_code == 400 and "CANCELLED" in again.json()["message"]


def test_launching_a_launchpad_pipeline_and_listing_by_status(http, showcase):
    hello = http.get("/pipelines", workspaceId=showcase, search="hello", visibility="all").json()["pipelines"][0]
    saved = http.get(f"/pipelines/{hello['pipelineId']}/launch", workspaceId=showcase).json()["launch"]
    response = http.post("/workflow/launch", {"launch": {"id": saved["id"], "computeEnvId": saved["computeEnv"]["id"],
                                                         "pipeline": saved["pipeline"], "workDir": saved["workDir"]}},
                         workspaceId=showcase)
    run_id = response.json()["workflowId"]
    wait_for(lambda: status(http, run_id, showcase) == "SUCCEEDED")
    succeeded = http.get("/workflow", workspaceId=showcase, search="status:SUCCEEDED").json()["workflows"]
    failed = http.get("/workflow", workspaceId=showcase, search="status:FAILED").json()["workflows"]
    assert run_id in [w["workflow"]["id"] for w in succeeded]
    assert [w["workflow"]["projectName"] for w in failed] == ["nf-core/rnaseq"]
    launch_doc = http.get(f"/workflow/{run_id}/launch", workspaceId=showcase).json()["launch"]
    assert launch_doc["pipelineId"] == hello["pipelineId"]


def test_deleting_an_active_run_needs_force(sandbox, http):
    sandbox.store.speed = 0.5
    run_id = launch(http)
    refused = http.delete(f"/workflow/{run_id}")
    assert refused.status_code == 400
    assert http.delete(f"/workflow/{run_id}", force="true").status_code == 204
    assert http.get(f"/workflow/{run_id}").status_code == 404


# Compute environments ------------------------------------------------------------------------------------
def test_compute_env_creating_then_available_and_deleting_then_gone(sandbox, http, showcase):
    sandbox.store.speed = 4.0
    creds = http.get("/credentials", workspaceId=showcase, platformId="aws-batch").json()["credentials"]
    body = {"computeEnv": {"name": "new-ce", "platform": "aws-batch", "credentialsId": creds[0]["id"],
                           "config": {"discriminator": "aws-batch", "region": "eu-west-1", "workDir": "s3://b/w",
                                      "forge": {"type": "SPOT", "maxCpus": 8}}}}
    ce_id = http.post("/compute-envs", body, workspaceId=showcase).json()["computeEnvId"]

    def ce_status():
        return http.get(f"/compute-envs/{ce_id}", workspaceId=showcase).json()["computeEnv"]["status"]

    assert ce_status() == "CREATING"
    wait_for(lambda: ce_status() == "AVAILABLE")
    available = http.get("/compute-envs", workspaceId=showcase, status="AVAILABLE").json()["computeEnvs"]
    assert "new-ce" in [c["name"] for c in available]
    assert http.delete(f"/compute-envs/{ce_id}", workspaceId=showcase).status_code == 204
    assert ce_status() == "DELETING"
    wait_for(lambda: ce_status() == "DELETED")
    listed = http.get("/compute-envs", workspaceId=showcase).json()["computeEnvs"]
    assert "new-ce" not in [c["name"] for c in listed]


def test_duplicate_names_conflict(http, showcase):
    body = {"name": "hello", "launch": {"pipeline": HELLO}}
    response = http.post("/pipelines", body, workspaceId=showcase)
    assert response.status_code == 409 and "already exists" in response.json()["message"]


# State file ---------------------------------------------------------------------------------------------
def test_state_survives_a_restart_and_is_written_atomically(tmp_path):
    state = tmp_path / "state.json"
    with running_sandbox(state=str(state)) as first:
        http = Http(first)
        ws = http.get("/orgs").json()["organizations"][0]["orgId"]
        added = http.post(f"/orgs/{ws}/workspaces", {"workspace": {"name": "kept", "fullName": "Kept",
                                                                   "visibility": "PRIVATE"}}).json()["workspace"]
        pipeline = http.post("/pipelines", {"name": "kept-pipeline", "launch": {"pipeline": HELLO}}).json()
        run_id = launch(http)
        removed = http.get("/pipelines", search="rnaseq").json()["pipelines"][0]["pipelineId"]
        assert http.delete(f"/pipelines/{removed}").status_code == 204
        on_disk = json.loads(state.read_text())
        assert "kept-pipeline" in [p["name"] for p in on_disk["pipelines"]]
        assert not list(tmp_path.glob(".sandbox-*"))  # no temporary file left behind
    with running_sandbox(state=str(state)) as second:
        http = Http(second)
        assert added["id"] in [w["id"] for w in http.get(f"/orgs/{ws}/workspaces").json()["workspaces"]]
        names = [p["name"] for p in http.get("/pipelines").json()["pipelines"]]
        assert "kept-pipeline" in names and "rnaseq" not in names
        assert http.get(f"/pipelines/{pipeline['pipeline']['pipelineId']}").status_code == 200
        assert status(http, run_id) in ("SUBMITTED", "RUNNING", "SUCCEEDED")
        wait_for(lambda: status(http, run_id) == "SUCCEEDED")


def test_a_file_that_is_not_a_state_file_is_refused(tmp_path):
    bad = tmp_path / "state.json"
    bad.write_text('{"hello": 1}')
    with pytest.raises(ValueError, match="not a twpy sandbox state file"):
        with running_sandbox(state=str(bad)):
            pass


def test_an_empty_state_file_starts_from_the_demo_seed(tmp_path):
    state = tmp_path / "empty.json"
    state.write_text("")  # as `--state "$(mktemp)"` gives
    with running_sandbox(state=str(state)) as sandbox:
        http = Http(sandbox)
        names = [o["name"] for o in http.get("/orgs").json()["organizations"]]
        assert names == ["demo"]
    assert json.loads(state.read_text())["version"] == 1


def test_a_state_the_sandbox_cannot_handle_gets_a_500_with_a_message_and_serving_goes_on(tmp_path):
    state = tmp_path / "state.json"
    with running_sandbox(state=str(state)):
        pass
    data = json.loads(state.read_text())
    data["workflows"].append({"id": "broken", "workspaceId": None})  # a run without its simulation fields
    state.write_text(json.dumps(data))
    with running_sandbox(state=str(state)) as sandbox:
        http = Http(sandbox)
        broken = http.get("/workflow")
        assert broken.status_code == 500
        assert list(broken.json()) == ["message"] and broken.json()["message"].startswith("Sandbox internal error: ")
        assert http.get("/pipelines").status_code == 200


def test_concurrent_requests_are_served_and_the_state_file_stays_consistent(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    state = tmp_path / "state.json"
    with running_sandbox(state=str(state)) as sandbox:
        ws = Http(sandbox).get("/orgs").json()["organizations"][0]["orgId"]

        def worker(n):
            http = Http(sandbox)
            codes = []
            for i in range(15):
                added = http.post("/labels", {"name": f"l{n}-{i}", "resource": False})
                codes.append(added.status_code)
                codes.append(http.get("/labels", max=100).status_code)
                codes.append(http.put(f"/orgs/{ws}", {"description": f"d{n}-{i}"}).status_code)
                codes.append(http.get(f"/orgs/{ws}").status_code)
                if i % 2:
                    codes.append(http.delete(f"/labels/{added.json()['id']}").status_code)
                codes.append(http.get("/workflow", max=5).status_code)
            http.session.close()
            return codes

        with ThreadPoolExecutor(8) as pool:
            codes = [c for result in pool.map(worker, range(8)) for c in result]
        assert set(codes) <= {200, 204}, sorted(set(codes))
        listed = Http(sandbox).get("/labels", max=100, search="l").json()
        on_disk = json.loads(state.read_text())
    expected = sorted(f"l{n}-{i}" for n in range(8) for i in range(0, 15, 2))
    assert sorted(x["name"] for x in listed["labels"] if x["name"][1:2].isdigit()) == expected
    assert sorted(x["name"] for x in on_disk["labels"] if x["workspaceId"] is None and x["name"][1:2].isdigit()) == expected
    assert not list(tmp_path.glob(".sandbox-*"))


def test_keep_alive_responses_are_not_held_back_by_nagle(http):
    """Headers and body are two writes: without TCP_NODELAY each answer waited for the client's delayed ACK
    (40 ms on Linux), so 30 requests took over 1.2 s."""
    http.get("/user-info")  # the connection is open
    started = time.monotonic()
    for _ in range(30):
        assert http.get("/orgs").status_code == 200
    assert time.monotonic() - started < 0.9


# Loopback only ------------------------------------------------------------------------------------------
def _non_loopback_address():
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # no packet is sent for a UDP connect
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_binds_to_127_0_0_1_only(sandbox):
    assert sandbox.httpd.socket.getsockname()[0] == "127.0.0.1"
    assert sandbox.url.startswith("http://127.0.0.1:")
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this host has no non-loopback IPv4 address to try")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
        client.settimeout(2)
        assert client.connect_ex((address, sandbox.port)) != 0, "the sandbox answered on a non-loopback address"
