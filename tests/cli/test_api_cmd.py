"""twpy api: any endpoint, typed fields, --input, -w, --paginate, headers, --include, errors."""
from __future__ import annotations

import json

import pytest
from responses import matchers

from tests.helpers import URL, USER, WS_ENTRY, body, user_and_workspaces

WS_ID = WS_ENTRY["workspaceId"]


def test_get_prints_the_json_response_pretty(run, api):
    api.get(f"{URL}/user-info", json={"user": USER, "needConsent": False, "defaultWorkspaceId": None})
    result = run("api", "/user-info")
    assert result.exit_code == 0, result
    assert result.json() == {"user": USER, "needConsent": False, "defaultWorkspaceId": None}
    assert result.stdout.startswith('{\n  "user": {\n    "id": 7,')
    assert '"defaultWorkspaceId": null' in result.stdout  # the server's document as it is
    assert result.stderr == ""


def test_get_with_workspace_and_fields_as_query_parameters(run, api):
    user_and_workspaces(api)
    api.get(f"{URL}/pipelines", json={"pipelines": [], "totalSize": 0},
            match=[matchers.query_param_matcher({"workspaceId": str(WS_ID), "search": "rna", "max": "5",
                                                 "sortDir": "ASCENDING"})])
    result = run("api", "-X", "GET", "pipelines?sortDir=ASCENDING", "-w", "Seqera/cli", "-f", "search=rna", "-f", "max=5")
    assert result.exit_code == 0, result
    assert result.json() == {"pipelines": [], "totalSize": 0}
    assert result.stderr == ""


def test_paginate_walks_max_offset_pages_and_merges_the_list(run, api):
    first = [{"pipelineId": i, "name": f"p{i}"} for i in range(100)]
    second = [{"pipelineId": i, "name": f"p{i}"} for i in range(100, 103)]
    api.get(f"{URL}/pipelines", json={"pipelines": first, "totalSize": 103},
            match=[matchers.query_param_matcher({"workspaceId": str(WS_ID), "max": "100", "offset": "0"})])
    api.get(f"{URL}/pipelines", json={"pipelines": second, "totalSize": 103},
            match=[matchers.query_param_matcher({"workspaceId": str(WS_ID), "max": "100", "offset": "100"})])
    result = run("api", "/pipelines", "-w", str(WS_ID), "--paginate")
    assert result.exit_code == 0, result
    assert result.json() == {"pipelines": first + second, "totalSize": 103}
    assert result.stderr == ""


def test_paginate_stops_after_a_short_first_page(run, api):
    api.get(f"{URL}/workflow", json={"workflows": [{"workflow": {"id": "a1"}}], "totalSize": 1},
            match=[matchers.query_param_matcher({"max": "100", "offset": "0"})])
    result = run("api", "/workflow", "--paginate")
    assert (result.exit_code, result.json(), result.stderr) == (0, {"workflows": [{"workflow": {"id": "a1"}}], "totalSize": 1}, "")


def test_post_builds_a_typed_json_body(run, api):
    user_and_workspaces(api)
    call = api.post(f"{URL}/labels", json={"id": 9, "name": "team", "value": "genomics", "resource": True},
                    match=[matchers.query_param_matcher({"workspaceId": str(WS_ID)})])
    result = run("api", "-X", "POST", "/labels", "-w", "Seqera/cli", "-f", "name=team",
                 "--raw-field", "value=genomics", "-f", "resource=true", "-f", "isDefault=false")
    assert result.exit_code == 0, result
    assert body(call.calls[0]) == {"name": "team", "value": "genomics", "resource": True, "isDefault": False}
    assert result.json()["id"] == 9
    assert result.stderr == ""


def test_fields_alone_make_a_post_with_nested_keys_and_lists(run, api):
    call = api.post(f"{URL}/pipelines", json={"pipeline": {"pipelineId": 3}})
    result = run("api", "/pipelines", "-f", "name=demo", "-f", "launch.pipeline=https://github.com/nextflow-io/hello",
                 "-f", "launch[computeEnvId]=ce1", "-f", "launch.configProfiles[]=test", "-f", "launch.configProfiles[]=docker",
                 "-f", "labelIds=[1,2]", "--raw-field", "icon=42")
    assert result.exit_code == 0, result
    assert body(call.calls[0]) == {"name": "demo", "labelIds": [1, 2], "icon": "42",
                                   "launch": {"pipeline": "https://github.com/nextflow-io/hello", "computeEnvId": "ce1",
                                              "configProfiles": ["test", "docker"]}}
    assert result.json() == {"pipeline": {"pipelineId": 3}}
    assert result.stderr == ""


def test_input_file_is_the_body_and_headers_are_sent(run, api, tmp_path):
    document = {"name": "renamed", "description": "from a file"}
    path = tmp_path / "update.json"
    path.write_text(json.dumps(document))
    call = api.put(f"{URL}/pipelines/3", json={"pipeline": {"pipelineId": 3, "name": "renamed"}},
                   match=[matchers.header_matcher({"X-Trace": "abc"}), matchers.json_params_matcher(document),
                          matchers.query_param_matcher({"workspaceId": str(WS_ID)})])
    result = run("api", "-X", "put", "/pipelines/3", "--input", str(path), "-H", "X-Trace: abc",
                 "-f", f"workspaceId={WS_ID}")
    assert result.exit_code == 0, result
    assert call.call_count == 1
    assert result.json()["pipeline"]["name"] == "renamed"
    assert result.stderr == ""


def test_input_from_stdin(run, api):
    api.post(f"{URL}/labels", json={"id": 1}, match=[matchers.json_params_matcher({"name": "x"})])
    result = run("api", "/labels", "--input", "-", input='{"name": "x"}')
    assert (result.exit_code, result.json(), result.stderr) == (0, {"id": 1}, "")


def test_an_error_status_exits_1_with_the_servers_message(run, api):
    api.get(f"{URL}/pipelines/404", status=404, json={"message": "Pipeline not found"})
    result = run("api", "/pipelines/404")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "ERROR: Pipeline not found\n"


def test_include_prints_status_headers_and_the_error_body(run, api):
    api.get(f"{URL}/pipelines/404", status=404, json={"message": "Pipeline not found"})
    result = run("api", "/pipelines/404", "--include")
    assert result.exit_code == 1
    head, _, rest = result.stdout.partition("\n\n")
    assert head.splitlines()[0] == "HTTP/1.1 404 Not Found"
    assert "Content-Type: application/json" in head.splitlines()
    assert json.loads(rest) == {"message": "Pipeline not found"}
    assert result.stderr == "ERROR: Pipeline not found\n"


def test_delete_with_an_empty_response_prints_nothing(run, api):
    api.delete(f"{URL}/labels/5", status=204, match=[matchers.query_param_matcher({"workspaceId": str(WS_ID)})])
    result = run("api", "-X", "DELETE", "/labels/5", "-f", f"workspaceId={WS_ID}")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("args, message", [
    (["/pipelines", "-f", "novalue"], "ERROR: Invalid field 'novalue': expected KEY=VALUE"),
    (["/pipelines", "-H", "NoColon"], "ERROR: Invalid header 'NoColon': expected 'Name: value'"),
    (["https://api.other/pipelines"], "ERROR: Give a path of the API, not a full URL: 'https://api.other/pipelines'"),
    (["-X", "FETCH", "/pipelines"], "ERROR: Invalid HTTP method 'FETCH'"),
    (["/pipelines", "-f", "a=1", "-f", "a.b=2"], "ERROR: Field 'a.b' conflicts with another field for 'a'"),
])
def test_bad_input_is_one_clear_error(run, api, args, message):
    result = run("api", *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == message


def test_paginate_needs_a_get(run, api):
    result = run("api", "-X", "POST", "/labels", "--paginate")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "ERROR: --paginate walks the pages of a GET request" in result.stderr


def test_paginate_with_fields_is_still_a_get(run, api):
    api.get(f"{URL}/workflow", json={"workflows": [], "totalSize": 0},
            match=[matchers.query_param_matcher({"search": "hello", "max": "100", "offset": "0"})])
    result = run("api", "/workflow", "-f", "search=hello", "--paginate")
    assert (result.exit_code, result.json(), result.stderr) == (0, {"workflows": [], "totalSize": 0}, "")


def test_fields_keep_nulls_and_build_lists():
    from tw_py.api.raw import build_fields

    assert build_fields([("a.b", None), ("a[c][]", 1), ("a.c[]", 2), ("d", "x")]) == \
        {"a": {"b": None, "c": [1, 2]}, "d": "x"}


def test_typed_values():
    from tw_py.api.raw import typed_value

    assert [typed_value(v) for v in ("true", "false", "null", "12", "-3.5", "1e3", "007", '{"a": [1]}', "[x", "text")] == \
        [True, False, None, 12, -3.5, 1000.0, "007", {"a": [1]}, "[x", "text"]


def test_the_default_workspace_goes_where_the_spec_declares_workspace_id(run, api):
    """TOWER_WORKSPACE_ID is the default of -w (as for every tw command) on endpoints that take workspaceId."""
    user_and_workspaces(api)
    api.get(f"{URL}/pipelines/12", json={"pipeline": {"pipelineId": 12}},
            match=[matchers.query_param_matcher({"workspaceId": str(WS_ID)})])
    api.get(f"{URL}/user-info", json={"user": USER}, match=[matchers.query_param_matcher({})])
    env = {"TOWER_WORKSPACE_ID": "Seqera/cli"}
    result = run("api", "/pipelines/12", env=env)
    assert (result.exit_code, result.json(), result.stderr) == (0, {"pipeline": {"pipelineId": 12}}, "")
    result = run("api", "/user-info", env=env)  # no workspaceId in the spec: none added
    assert (result.exit_code, result.json(), result.stderr) == (0, {"user": USER}, "")


def test_a_workspace_id_given_in_the_request_beats_the_default(run, api):
    api.get(f"{URL}/workflow", json={"workflows": []}, match=[matchers.query_param_matcher({"workspaceId": "55"})])
    api.get(f"{URL}/compute-envs", json={"computeEnvs": []}, match=[matchers.query_param_matcher({"workspaceId": "56"})])
    env = {"TOWER_WORKSPACE_ID": str(WS_ID)}
    result = run("api", "/workflow?workspaceId=55", env=env)
    assert (result.exit_code, result.json(), result.stderr) == (0, {"workflows": []}, "")
    result = run("api", "-X", "GET", "/compute-envs", "-f", "workspaceId=56", env=env)
    assert (result.exit_code, result.json(), result.stderr) == (0, {"computeEnvs": []}, "")


def test_spec_templates_prefer_literal_segments():
    from tw_py.api.raw import spec_template, takes_workspace_id

    assert spec_template("/pipelines/info") == "/pipelines/info"
    assert spec_template("/pipelines/12/") == "/pipelines/{pipelineId}"
    assert spec_template("/no/such/path") is None
    assert takes_workspace_id("get", "/workflow/abc") and not takes_workspace_id("GET", "/user-info")
    assert not takes_workspace_id("GET", "/orgs/1/workspaces/2")  # workspaceId is in the path there
