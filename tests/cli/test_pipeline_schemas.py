"""twpy pipeline-schemas add: the file's text is sent as `content`; tw's output and JSON keys; file errors."""
from responses import matchers

from tests.helpers import URL, WS_ENTRY, body, user_and_workspaces

WS = WS_ENTRY["workspaceId"]
SCHEMA = '{\n  "$schema": "http://json-schema.org/draft-07/schema",\n  "title": "demo"\n}\n'


def expect_create(api, schema_id=5, workspace=None, content=SCHEMA):
    query = {"workspaceId": str(workspace)} if workspace else {}
    api.post(f"{URL}/pipeline-schemas", json={"pipelineSchema": {"id": schema_id, "content": content}},
             match=[matchers.query_param_matcher(query)])


def test_add_console_org_workspace(api, run, tmp_path):
    path = tmp_path / "nextflow_schema.json"
    path.write_text(SCHEMA)
    user_and_workspaces(api)
    expect_create(api, workspace=WS)
    result = run("pipeline-schemas", "add", "-c", path, "-w", "Seqera/cli")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == "\n  New pipeline schema '5' added at [Seqera / cli] workspace\n"
    assert body(api.calls[-1]) == {"content": SCHEMA}


def test_add_json_personal_from_stdin(api, run):
    expect_create(api, schema_id=6)
    result = run("-o", "json", "pipeline-schemas", "add", "--content", "-", input=SCHEMA)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert list(result.json()) == ["workspaceRef", "schemaId"]
    assert result.json() == {"workspaceRef": "user", "schemaId": 6}
    assert body(api.calls[0]) == {"content": SCHEMA}


def test_missing_file_is_tw_message(api, run, tmp_path):
    result = run("pipeline-schemas", "add", "-c", tmp_path / "nope.json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"ERROR: File not found. {tmp_path / 'nope.json'}\n"
    assert len(api.calls) == 0


def test_empty_file_and_missing_option(api, run, tmp_path):
    (tmp_path / "empty.json").write_text("\n")
    empty = run("pipeline-schemas", "add", "-c", tmp_path / "empty.json")
    assert empty.exit_code == 1 and empty.stdout == ""
    assert empty.stderr.startswith("ERROR: The pipeline schema given by --content is empty")
    missing = run("pipeline-schemas", "add")
    assert missing.exit_code == 2 and missing.stdout == ""
    assert "Missing option '-c' / '--content'" in missing.stderr
    assert len(api.calls) == 0


def test_api_error(api, run, tmp_path):
    (tmp_path / "s.json").write_text(SCHEMA)
    api.post(f"{URL}/pipeline-schemas", status=400, json={"message": "Invalid pipeline schema"})
    result = run("pipeline-schemas", "add", "-c", tmp_path / "s.json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == "ERROR: Invalid pipeline schema"
