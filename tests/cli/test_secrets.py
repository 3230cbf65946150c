"""twpy secrets: list, add (value by option, prompt, file, stdin; --overwrite), view, update, delete.

Requests are checked against the spec by the `api` fixture; the secret value must never reach stdout or stderr,
not even with -v/--verbose or in an error a server echoes.
"""
import pytest
from responses import matchers

from tests.helpers import URL, WS_ENTRY, body, failed, misused, succeeded, user_and_workspaces

WS = WS_ENTRY["workspaceId"]
VALUE = "s3cr3t-VALUE-0987654321"
SECRETS = [{"id": 9, "name": "NCBI_KEY", "dateCreated": "2021-09-22T05:45:44Z", "lastUpdated": "2021-09-23T10:00:00Z"},
           {"id": 12, "name": "GH_TOKEN", "dateCreated": "2021-09-20T08:00:00Z",
            "lastUpdated": "2021-09-20T08:00:00Z", "lastUsed": "2021-10-01T12:30:00Z"}]
LIST = {"pipelineSecrets": SECRETS, "totalSize": 2}
ORG_REF = "[Seqera / cli]"


def no_value(result, value=VALUE):
    assert value not in result.stdout and value not in result.stderr, "the secret value leaked"


def expect_list(api, secrets=SECRETS, workspace=None):
    query = {"workspaceId": str(workspace)} if workspace else {}
    api.get(f"{URL}/pipeline-secrets", json={"pipelineSecrets": secrets, "totalSize": len(secrets)},
            match=[matchers.query_param_matcher(query)])


# list -----------------------------------------------------------------------------------------------------
def test_list_console_sorted_by_id_text(api, run):
    user_and_workspaces(api)
    expect_list(api, workspace=WS)
    result = run("secrets", "list", "-w", "Seqera/cli")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:3] == ["", f"  Secrets at {ORG_REF} workspace:", ""]
    assert [c.strip() for c in lines[3].split("|")] == ["ID", "Name", "Created", "Updated", "Used"]
    rows = [[c.strip() for c in line.split("|")] for line in lines[5:7]]
    assert rows == [["12", "GH_TOKEN", "Mon, 20 Sep 2021 08:00:00 GMT", "Mon, 20 Sep 2021 08:00:00 GMT",
                     "Fri, 1 Oct 2021 12:30:00 GMT"],
                    ["9", "NCBI_KEY", "Wed, 22 Sep 2021 05:45:44 GMT", "Thu, 23 Sep 2021 10:00:00 GMT", ""]]
    assert result.stdout.endswith("\n\n")


def test_list_numeric_workspace_json_calls_list_first(api, run):
    expect_list(api, workspace=WS)
    user_and_workspaces(api)
    result = run("-o", "json", "secrets", "list", "-w", str(WS))
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert list(result.json()) == ["workspaceRef", "secrets"]
    assert result.json() == {"workspaceRef": ORG_REF, "secrets": SECRETS}
    assert api.calls[0].request.path_url == f"/pipeline-secrets?workspaceId={WS}"


def test_list_personal_empty(api, run):
    expect_list(api, [])
    result = run("secrets", "list")
    assert succeeded(result) == "\n  Secrets at user workspace:\n\n    No secrets found\n"


def test_list_404_is_workspace_not_found(api, run):
    api.get(f"{URL}/pipeline-secrets", status=404, json={"message": "Not found"})
    result = run("secrets", "list", "-w", "42")
    assert failed(result) == "ERROR: Workspace '42' not found"


# add ------------------------------------------------------------------------------------------------------
def expect_create(api, secret_id=31, workspace=None):
    query = {"workspaceId": str(workspace)} if workspace else {}
    api.post(f"{URL}/pipeline-secrets", json={"secretId": secret_id}, match=[matchers.query_param_matcher(query)])


def test_add_with_value_option(api, run):
    user_and_workspaces(api)
    expect_create(api, workspace=WS)
    result = run("secrets", "add", "-n", "NCBI_KEY", "-v", VALUE, "-w", "Seqera/cli")
    assert succeeded(result) == f"\n  New secret 'NCBI_KEY' (31) added at {ORG_REF} workspace\n"
    assert body(api.calls[-1]) == {"name": "NCBI_KEY", "value": VALUE}
    no_value(result)


def test_add_json_keys(api, run):
    expect_create(api)
    result = run("-o", "json", "secrets", "add", "-n", "NCBI_KEY", "--value", VALUE)
    assert result.exit_code == 0 and result.stderr == ""
    assert list(result.json()) == ["workspaceRef", "id", "name"]
    assert result.json() == {"workspaceRef": "user", "id": 31, "name": "NCBI_KEY"}
    no_value(result)


def test_add_value_from_file_strips_trailing_newline(api, run, tmp_path):
    (tmp_path / "key").write_text(VALUE + "\n")
    expect_create(api)
    result = run("secrets", "add", "-n", "K", "--value-file", tmp_path / "key")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert body(api.calls[0]) == {"name": "K", "value": VALUE}
    no_value(result)


def test_add_value_from_stdin(api, run):
    expect_create(api)
    result = run("secrets", "add", "-n", "K", "--value-file", "-", input=f"{VALUE}\nsecond line\n")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert body(api.calls[0])["value"] == f"{VALUE}\nsecond line"


@pytest.mark.parametrize("args", [["-v", "-" + VALUE], ["--value=-" + VALUE], ["--value", "--" + VALUE]])
def test_values_starting_with_a_dash_are_values_never_unknown_options(api, run, args):
    expect_create(api)
    result = run("secrets", "add", "-n", "K", *args)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert body(api.calls[0])["value"].lstrip("-") == VALUE
    no_value(result)


def test_missing_value_on_a_terminal_prompts_hidden(api, run, monkeypatch):
    from tw_py.cli import secrets as cmd

    monkeypatch.setattr(cmd, "_stdin_is_terminal", lambda: True)
    expect_create(api)
    result = run("secrets", "add", "-n", "K", input=VALUE + "\n")
    assert result.exit_code == 0, result
    assert result.stderr.strip() == "Secret value:"  # hidden: the typed value is not echoed (click 8.1 omits the newline)
    assert body(api.calls[0]) == {"name": "K", "value": VALUE}
    no_value(result)


def test_add_overwrite_deletes_the_same_name_first(api, run):
    expect_list(api)
    api.delete(f"{URL}/pipeline-secrets/9", status=204)
    expect_create(api, secret_id=32)
    result = run("secrets", "add", "-n", "NCBI_KEY", "--overwrite", "-v", VALUE)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert [c.request.method for c in api.calls] == ["GET", "DELETE", "POST"]
    assert result.stdout == "\n  New secret 'NCBI_KEY' (32) added at user workspace\n"


def test_add_overwrite_without_existing_just_creates(api, run):
    expect_list(api, [])
    expect_create(api)
    result = run("secrets", "add", "-n", "NEW", "--overwrite", "-v", VALUE)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert [c.request.method for c in api.calls] == ["GET", "POST"]


def test_verbose_log_never_shows_the_value(api, run):
    expect_create(api)
    result = run("-v", "secrets", "add", "-n", "K", "-v", VALUE)
    assert result.exit_code == 0, result
    assert "> POST https://api.tower.test/pipeline-secrets" in result.stderr
    assert '"value":"***"' in result.stderr.replace(" ", "")
    no_value(result)


def test_server_error_echoing_the_value_is_redacted(api, run):
    api.post(f"{URL}/pipeline-secrets", status=409, json={"message": f"Secret K already exists with value {VALUE}"})
    result = run("secrets", "add", "-n", "K", "-v", VALUE)
    assert failed(result) == "ERROR: Secret K already exists with value ***"
    assert "--overwrite" in result.stderr
    no_value(result)


# value errors: nothing is sent ------------------------------------------------------------------------------
@pytest.mark.parametrize("args, code, message", [
    (["add", "-n", "K"], 2, "Missing required option: '--value=<value>' (or --value-file=<path>): "
                            "the Platform stores no secret without a value"),
    (["update", "-n", "K"], 2, "Missing required option: '--value=<value>' (or --value-file=<path>): "
                               "the Platform stores no secret without a value"),
    (["add", "-n", "K", "-v", "x", "--value-file", "f"], 2, "--value and --value-file are mutually exclusive"),
    (["add", "-v", "x"], 2, "Missing option '-n' / '--name'"),
    (["update", "-v", "x"], 2, "Missing required argument (specify one of these): (-i=<secretId> | -n=<secretName>)"),
    (["view", "-i", "1", "-n", "K"], 2, "--id and --name are mutually exclusive"),
    (["delete", "-i", "abc"], 2, "'abc' is not a valid integer"),
    (["add", "-n", "K", "-v", ""], 1, "ERROR: The secret value is empty"),
])
def test_usage_and_input_errors(api, run, args, code, message):
    result = run("secrets", *args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr
    assert len(api.calls) == 0


def test_value_file_errors(api, run, tmp_path):
    missing = run("secrets", "add", "-n", "K", "--value-file", tmp_path / "nope")
    assert missing.exit_code == 1 and missing.stdout == ""
    assert missing.stderr == f"ERROR: File not found: '{tmp_path / 'nope'}' (given to --value-file)\n"
    (tmp_path / "empty").write_text("\n")
    empty = run("secrets", "add", "-n", "K", "--value-file", tmp_path / "empty")
    assert empty.exit_code == 1 and empty.stdout == ""
    assert empty.stderr.startswith("ERROR: The secret value given by --value-file is empty")
    bare = run("secrets", "add", "-n", "K", "-v", input=VALUE + "\n")
    assert "Option '-v' requires an argument" in misused(bare)
    no_value(bare)
    assert len(api.calls) == 0


# view -----------------------------------------------------------------------------------------------------
def test_view_by_name_console(api, run):
    expect_list(api)
    result = run("secrets", "view", "-n", "GH_TOKEN")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:3] == ["", "  Secret at user workspace:", ""]
    pairs = [[c.strip() for c in line.split("|")] for line in lines[4:9]]
    assert pairs == [["ID", "12"], ["Name", "GH_TOKEN"], ["Created", "Mon, 20 Sep 2021 08:00:00 GMT"],
                     ["Updated", "Mon, 20 Sep 2021 08:00:00 GMT"], ["Used", "Fri, 1 Oct 2021 12:30:00 GMT"]]


def test_view_by_id_json(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/pipeline-secrets/9", json={"pipelineSecret": SECRETS[0]},
            match=[matchers.query_param_matcher({"workspaceId": str(WS)})])
    result = run("-o", "json", "secrets", "view", "-i", "9", "-w", "Seqera/cli")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert list(result.json()) == ["workspaceRef", "secret"]
    assert result.json() == {"workspaceRef": ORG_REF, "secret": SECRETS[0]}


def test_unknown_name_is_tw_message_with_the_names_as_hint(api, run):
    user_and_workspaces(api)
    expect_list(api, workspace=WS)
    result = run("secrets", "view", "-n", "nope", "-w", "Seqera/cli")
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"ERROR: Unknown secret 'nope' at {ORG_REF} workspace"
    assert "GH_TOKEN, NCBI_KEY" in lines[1]


def test_view_by_id_api_error(api, run):
    api.get(f"{URL}/pipeline-secrets/77", status=403, json={"message": "Operation not allowed"})
    result = run("secrets", "view", "-i", "77")
    assert failed(result) == "ERROR: Operation not allowed"


# update ---------------------------------------------------------------------------------------------------
def test_update_by_name(api, run):
    expect_list(api)
    api.put(f"{URL}/pipeline-secrets/12", status=204, match=[matchers.json_params_matcher({"value": VALUE})])
    result = run("secrets", "update", "-n", "GH_TOKEN", "-v", VALUE)
    assert succeeded(result) == "\n  Secret 'GH_TOKEN' updated at user workspace\n"
    no_value(result)


def test_update_by_id_json_verbose(api, run, tmp_path):
    (tmp_path / "v").write_text(VALUE)
    api.get(f"{URL}/pipeline-secrets/9", json={"pipelineSecret": SECRETS[0]},
            match=[matchers.query_param_matcher({"workspaceId": str(WS)})])
    api.put(f"{URL}/pipeline-secrets/9", status=204, match=[matchers.query_param_matcher({"workspaceId": str(WS)}),
                                                          matchers.json_params_matcher({"value": VALUE})])
    user_and_workspaces(api)
    result = run("-v", "-o", "json", "secrets", "update", "-i", "9", "-w", str(WS), "--value-file", tmp_path / "v")
    assert result.exit_code == 0, result
    assert result.json() == {"workspaceRef": ORG_REF, "secretName": "NCBI_KEY"}
    assert "> PUT https://api.tower.test/pipeline-secrets/9" in result.stderr
    no_value(result)


def test_update_unknown_name_sends_nothing_else(api, run):
    expect_list(api)
    result = run("secrets", "update", "-n", "nope", "-v", VALUE)
    assert failed(result) == "ERROR: Unknown secret 'nope' at user workspace"
    assert len(api.calls) == 1
    no_value(result)


# delete ---------------------------------------------------------------------------------------------------
def test_delete_by_name(api, run):
    user_and_workspaces(api)
    expect_list(api, workspace=WS)
    api.delete(f"{URL}/pipeline-secrets/9", status=204, match=[matchers.query_param_matcher({"workspaceId": str(WS)})])
    result = run("secrets", "delete", "-n", "NCBI_KEY", "-w", "Seqera/cli")
    assert succeeded(result) == f"\n  Secret 'NCBI_KEY' deleted at {ORG_REF} workspace\n"


def test_delete_by_id_json(api, run):
    api.get(f"{URL}/pipeline-secrets/12", json={"pipelineSecret": SECRETS[1]})
    api.delete(f"{URL}/pipeline-secrets/12", status=204)
    result = run("-o", "json", "secrets", "delete", "-i", "12")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert list(result.json()) == ["secret", "workspaceRef"]
    assert result.json() == {"secret": SECRETS[1], "workspaceRef": "user"}


def test_delete_api_error(api, run):
    api.get(f"{URL}/pipeline-secrets/12", json={"pipelineSecret": SECRETS[1]})
    api.delete(f"{URL}/pipeline-secrets/12", status=403, json={"message": "Operation not allowed"})
    result = run("secrets", "delete", "-i", "12")
    assert failed(result) == "ERROR: Operation not allowed"
