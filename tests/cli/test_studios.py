"""twpy studios and workspaces settings studios: tw's requests (checked against the spec), request bodies, console
output and JSON documents; lookups by session id and name; not-found and bad input; --wait."""
import pytest
from responses import matchers

from tests.helpers import URL, WEB, WS_ENTRY, document, failed, misused, query, succeeded, user_and_workspaces
from tw_py.data import drop_nulls

WS = WS_ENTRY["workspaceId"]
ORG = WS_ENTRY["orgId"]
WSREF = "[Seqera / cli]"
BASE = f"{WEB}/orgs/Seqera/workspaces/cli"
FAST = {"TWPY_POLL_INTERVAL": "0"}
SID = "3e8370e7"
JUPYTER = "cr.seqera.io/public/data-studio-jupyter:4.2.5-snapshot"
VSCODE = "cr.seqera.io/public/data-studio-vscode:1.93.1-snapshot"
CONFIG = {"gpu": 0, "cpu": 2, "memory": 8192, "mountData": ["v1-user-1ccf"], "condaEnvironment": None}
STUDIO = {
    "sessionId": SID, "workspaceId": WS, "name": "studio-a66d", "description": "my first studio",
    "user": {"id": 2345, "userName": "john", "email": "john@seqera.io"},
    "studioUrl": "https://a3e8370e7.connect.test",
    "computeEnv": {"id": "3xkkzYH2nbD3nZjrzKm0oR", "name": "ce1", "platform": "aws-batch", "region": "us-east-2"},
    "template": {"repository": VSCODE, "icon": "vscode"}, "configuration": CONFIG,
    "dateCreated": "2024-12-19T05:49:24Z", "lastUpdated": "2024-12-19T05:52:50Z",
    "statusInfo": {"status": "stopped", "message": "", "lastUpdate": "2024-12-19T05:52:41Z"},
    "mountedDataLinks": [{"id": "v1-user-1ccf", "name": "aaa-my-bucket", "resourceRef": "s3://aaa-my-bucket"}],
    "isPrivate": False, "effectiveLifespanHours": 8,
    "progress": [{"status": "succeeded", "message": "Provisioning compute resources"}],
}
OTHER = dict(STUDIO, sessionId="ddfd5e14", name="studio-7728", description="Local studio",
             user={"id": 1, "userName": "jack", "email": "jack@seqera.io"},
             statusInfo={"status": "buildFailed", "message": "boom"})
CE = {"id": "vYOK4vn7spw7bHHWBDXZ2", "name": "demo", "platform": "aws-batch", "status": "AVAILABLE"}
TEMPLATES = {"templates": [{"repository": VSCODE, "tool": "vscode"}, {"repository": JUPYTER, "tool": "jupyter"}],
             "totalSize": 2}
LABEL = {"id": 10, "name": "owner", "value": "jack", "resource": True}
LINK = {"id": "v1-cloud-c287", "name": "results", "resourceRef": "s3://results", "provider": "aws"}
CHECKPOINTS = [{"id": 2, "name": "studio-a66d_2", "dateSaved": "2025-01-30T09:34:33Z",
                "dateCreated": "2025-01-30T09:29:31Z", "author": {"id": 100, "userName": "johnny"}},
               {"id": 1, "name": "studio-a66d_1", "dateSaved": "2025-01-28T14:05:07Z",
                "dateCreated": "2025-01-28T12:49:06Z", "author": {"id": 100, "userName": "johnny"}}]


def strict(body):
    """The exact JSON body (no field more, no field less)."""
    return matchers.json_params_matcher(body, strict_match=True)


def listing(api, *studios, total=None, ws=WS, **params):
    where = {"workspaceId": ws} if ws else {}
    api.get(f"{URL}/studios", json={"studios": list(studios), "totalSize": len(studios) if total is None else total},
            match=[query(**where, **params)])


def by_name(api, *studios):
    """tw's name lookup: the workspace's studios, page by page."""
    listing(api, *(studios or (OTHER, STUDIO)), max=100, offset=0)


def describe(api, studio=STUDIO, status=200, **changes):
    api.get(f"{URL}/studios/{studio['sessionId']}", status=status,
            json=dict(studio, **changes) if status == 200 else {"message": "Not found"},
            match=[query(workspaceId=WS)])


def polls(api, *statuses, session=SID, progress=None):
    for status in statuses:
        info = {"status": status, "message": "Out of memory" if status == "errored" else ""}
        api.get(f"{URL}/studios/{session}", json=dict(STUDIO, sessionId=session, statusInfo=info,
                                                      progress=progress or []),
                match=[query(workspaceId=WS)])


def compute_envs(api):
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [CE]}, match=[query(workspaceId=WS, status="AVAILABLE")])


def templates(api):
    api.get(f"{URL}/studios/templates", json=TEMPLATES, match=[query(workspaceId=WS, max=100, offset=0)])


def created(api, auto_start=False, body=None, session=SID):
    api.post(f"{URL}/studios", json={"studio": dict(STUDIO, sessionId=session)},
             match=[query(workspaceId=WS, autoStart=auto_start)] + ([strict(body)] if body is not None else []))


# list -------------------------------------------------------------------------------------------
def test_list_sends_tws_query_and_prints_tws_table_in_server_order(api, run):
    user_and_workspaces(api)
    listing(api, STUDIO, OTHER, max=100, offset=0)
    result = run("studios", "list", "-w", "Seqera/cli")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == f"  Studios at {WSREF} workspace:"
    assert [c.strip() for c in lines[3].split("|")] == ["ID", "Name", "Description", "User", "Status"]
    assert [c.strip() for c in lines[5].split("|")] == [SID, "studio-a66d", "my first studio", "john", "STOPPED"]
    assert [c.strip() for c in lines[6].split("|")] == ["ddfd5e14", "studio-7728", "Local studio", "jack", "BUILDFAILED"]


def test_list_json_document(api, run):
    listing(api, STUDIO, max=100, offset=0)
    user_and_workspaces(api)
    result = run("-o", "json", "studios", "list", "-w", WS)
    assert document(result) == {"workspaceRef": WSREF, "studios": [drop_nulls(STUDIO)], "showLabels": False}


def test_list_filter_labels_and_page(api, run):
    user_and_workspaces(api)
    labelled = dict(STUDIO, labels=[{"id": 10, "name": "owner", "value": "jack"}])
    listing(api, labelled, total=7, search="status:running", attributes="labels", max=2, offset=2)
    result = run("studios", "list", "-w", WS, "-f", "status:running", "-l", "--page", "2", "--max", "2")
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    assert lines[3].split("|")[-1].strip() == "Labels"
    assert lines[5].split("|")[-1].strip() == "owner=jack"
    assert "Page 2, showing from 2 to 3 from a total of 7 entries." in result.stdout


def test_list_empty(api, run):
    listing(api, ws=None, max=100, offset=0)
    result = run("studios", "list")
    assert result.exit_code == 0, result
    assert result.stdout == "\n  Studios at user workspace:\n\n    No studios found\n"
    assert result.stderr == ""


def test_list_in_a_workspace_without_studios_is_an_error(api, run):
    api.get(f"{URL}/studios", status=404, json={"message": "Not found"}, match=[query(workspaceId=WS, max=100, offset=0)])
    result = run("studios", "list", "-w", WS)
    assert failed(result) == f"ERROR: Workspace '{WS}' not found"


# view -------------------------------------------------------------------------------------------
def test_view_by_id_prints_tws_details(api, run):
    user_and_workspaces(api)
    conda = "channels:\n  - conda-forge\ndependencies:\n  - numpy\n"
    describe(api, configuration=dict(CONFIG, condaEnvironment=conda, environment={"A": "1"}))
    result = run("studios", "view", "-i", SID, "-w", WS)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == f"  Studio at workspace '{WSREF}'"
    rows = {line.split("|", 1)[0].strip(): line.split("|", 1)[1].strip()
            for line in lines if line.startswith(" ") and "|" in line}
    assert rows["SessionID"] == SID and rows["Status"] == "STOPPED"
    assert rows["Created by"] == "john | john@seqera.io"
    assert rows["Template"] == VSCODE and rows["Mounted data"] == "s3://aaa-my-bucket"
    assert rows["Compute environment"] == "ce1" and rows["Region"] == "us-east-2"
    assert (rows["GPU allocated"], rows["CPU allocated"], rows["Memory allocated"]) == ("0", "2", "8192")
    assert rows["Allowed users"] == "NA" and rows["Private"] == "false" and rows["Lifespan (hours)"] == "8"
    assert rows["SSH enabled"] == "false" and rows["Environment variables"] == "A=1"
    assert "\n  Conda Environment:\n\n     channels:\n       - conda-forge\n" in result.stdout


def test_view_by_name_walks_the_pages_then_describes(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/studios", json={"studios": [OTHER], "totalSize": 2}, match=[query(workspaceId=WS, max=100, offset=0)])
    api.get(f"{URL}/studios", json={"studios": [STUDIO], "totalSize": 2}, match=[query(workspaceId=WS, max=100, offset=1)])
    describe(api)
    result = run("-o", "json", "studios", "view", "-n", "studio-a66d", "-w", "Seqera/cli")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    document = result.json()
    assert list(document) == ["studio", "workspaceRef"]
    assert document["studio"]["sessionId"] == SID and document["workspaceRef"] == WSREF


def test_view_unknown_name_says_so_with_close_names(api, run):
    by_name(api)
    result = run("studios", "view", "-n", "studio-a66", "-w", WS)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"ERROR: Studio 'studio-a66' not found at workspace '{WS}'"
    assert "Did you mean 'studio-a66d'" in lines[1]


def test_view_unknown_id_is_tws_not_found(api, run):
    describe(api, status=404)
    result = run("studios", "view", "-i", SID, "-w", WS)
    assert failed(result) == f"ERROR: Studio '{SID}' not found at workspace '{WS}'"


@pytest.mark.parametrize("args, message", [
    ((), "Missing required argument (specify one of these): (-i=<studioId> | -n=<studioName>)"),
    (("-i", SID, "-n", "x"), "--id and --name are mutually exclusive (specify only one)"),
])
def test_view_needs_exactly_one_ref(api, run, args, message):
    result = run("studios", "view", *args)
    assert message in misused(result)
    assert len(api.calls) == 0


def test_a_session_id_that_is_not_an_id_is_refused_before_sending(api, run):
    result = run("studios", "view", "-i", "../user-info")
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: Invalid studio session id '../user-info'")
    assert len(api.calls) == 0


# add --------------------------------------------------------------------------------------------
def test_add_with_every_option_sends_tws_create_request(api, run, write_file):
    conda = "dependencies:\n  - numpy\n"
    env_file = write_file("env.yml", conda)
    user_and_workspaces(api)
    templates(api)
    api.get(f"{URL}/labels", json={"labels": [LABEL], "totalSize": 1},
            match=[query(workspaceId=WS, search="owner", type="resource", max=100, offset=0)])
    api.get(f"{URL}/orgs/{ORG}/members", json={"members": [{"memberId": 1, "userId": 77, "userName": "ada"}],
                                                "totalSize": 1}, match=[query(search="ada", max=100, offset=0)])
    compute_envs(api)
    api.get(f"{URL}/data-links", json={"dataLinks": [], "totalSize": 0}, match=[query(workspaceId=WS, max=1, offset=0)])
    api.get(f"{URL}/data-links", json={"dataLinks": [LINK], "totalSize": 1}, match=[query(workspaceId=WS, search="results")])
    created(api, body={
        "name": "analysis", "description": "Some description", "dataStudioToolUrl": JUPYTER,
        "computeEnvId": CE["id"], "labelIds": [10], "isPrivate": True, "allowedUserIds": [77], "spot": True,
        "remoteConfig": {"repository": "https://github.com/acme/studio", "revision": "v1"},
        "configuration": {"gpu": 1, "cpu": 4, "memory": 16384, "lifespanHours": 24, "mountData": [LINK["id"]],
                          "environment": {"A": "1", "B": "x=y"}, "condaEnvironment": conda, "sshEnabled": True}})
    result = run("studios", "add", "-n", "analysis", "-d", "Some description", "-w", "Seqera/cli", "-t", JUPYTER,
                 "--conda-env-yml", env_file, "-c", "demo", "--gpu", "1", "--cpu", "4", "--memory", "16384",
                 "--lifespan", "24", "-e", "A=1", "-e", "B=x=y", "--mount-data", "results", "--private", "--spot",
                 "--ssh", "--allow-user", "ada", "--labels", "owner=jack", "--repository",
                 "https://github.com/acme/studio", "--revision", "v1")
    assert succeeded(result) == f"\n  Studio {SID} CREATED at {WSREF} workspace.\n"


def test_add_defaults_and_json_document(api, run):
    templates(api)
    compute_envs(api)
    created(api, body={"name": "s", "dataStudioToolUrl": VSCODE, "computeEnvId": CE["id"],
                       "configuration": {"gpu": 0, "cpu": 2, "memory": 8192}})
    user_and_workspaces(api)
    result = run("-o", "json", "studios", "add", "-n", "s", "-w", WS, "-t", VSCODE, "-c", CE["id"])
    assert document(result) == {"sessionId": SID, "workspaceRef": WSREF, "workspaceId": WS, "autoStart": False,
                             "studioUrl": f"{BASE}/studios/{SID}/connect"}


def test_add_custom_template_with_mount_ids_needs_no_template_list(api, run):
    compute_envs(api)
    created(api, body={"name": "s", "dataStudioToolUrl": "ghcr.io/acme/studio:1", "computeEnvId": CE["id"],
                       "configuration": {"gpu": 0, "cpu": 2, "memory": 8192, "mountData": ["a", "b", "c"]}})
    user_and_workspaces(api)
    result = run("studios", "add", "-n", "s", "-w", WS, "-ct", "ghcr.io/acme/studio:1", "-c", "demo",
                 "--mount-data-ids", "a,b", "--mount-data-ids", "c")
    assert result.exit_code == 0, result


def test_add_auto_start_prints_the_connect_url(api, run):
    templates(api)
    compute_envs(api)
    created(api, auto_start=True)
    user_and_workspaces(api)
    result = run("studios", "add", "-n", "s", "-w", WS, "-t", VSCODE, "-c", "demo", "-a")
    assert result.exit_code == 0, result
    assert result.stdout == (f"\n  Studio {SID} CREATED at {WSREF} workspace and auto started.\n\n"
                             f"  To connect to this studio session, copy and paste the following URL in your browser:"
                             f"\n\n    {BASE}/studios/{SID}/connect\n")


def test_add_auto_start_wait_polls_until_running(api, run):
    templates(api)
    compute_envs(api)
    created(api, auto_start=True)
    user_and_workspaces(api)
    polls(api, "building", "starting", "running")
    result = run("-o", "json", "studios", "add", "-n", "s", "-w", WS, "-t", VSCODE, "-c", "demo", "-a",
                 "--wait", "RUNNING", env=FAST)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.json()["autoStart"] is True
    assert [c.request.method for c in api.calls].count("GET") >= 3


def test_add_wait_fails_when_the_session_errors(api, run):
    templates(api)
    compute_envs(api)
    created(api, auto_start=True)
    user_and_workspaces(api)
    polls(api, "starting", "errored")
    result = run("studios", "add", "-n", "s", "-w", WS, "-t", VSCODE, "-c", "demo", "-a", "--wait", "running", env=FAST)
    assert result.exit_code == 1
    assert f"Studio {SID} CREATED" in result.stdout
    assert result.stderr.splitlines()[0] == "ERROR: Studio 'studio-a66d' is errored, not running: Out of memory"


@pytest.mark.parametrize("args, code, message", [
    (("-t", VSCODE, "-ct", "x"), 2, "--template and --custom-template are mutually exclusive"),
    ((), 2, "A studio template is required: provide -t/--template or -ct/--custom-template, or a Git repository"),
    (("-t", VSCODE, "--revision", "v1"), 2, "--revision requires --repository to be set"),
    (("-t", VSCODE, "--wait", "running"), 2, "--wait needs -a/--auto-start"),
    (("-t", VSCODE, "--wait", "sleeping", "-a"), 2, "Invalid value for '--wait'"),
    (("-t", VSCODE, "-a", "--wait", "running", "--wait-timeout", "soon"), 1, "Invalid duration 'soon'"),
    (("-ct", "x", "--conda-env-yml", "env.yml"), 1,
     "Studio template provided is a custom template and cannot be used together with conda environment option."),
    (("-t", VSCODE, "--conda-env-yml", "/no/such/env.yml"), 1, "Cannot read conda environment file: /no/such/env.yml."),
    (("-t", VSCODE, "--cpu", "-1"), 2, "Invalid value for '--cpu'"),
    (("-t", VSCODE, "-e", "NOVALUE"), 2, "should be in KEY=VALUE format but was 'NOVALUE'"),
    (("-t", VSCODE, "--labels", "owner"), 2, "Label value is required"),
    (("-t", VSCODE, "--mount-data", "a", "--mount-data-ids", "b"), 2,
     "--mount-data=<mountDataNames>, --mount-data-ids=<mountDataIds>, --mount-data-uris=<mountDataUris> are "
     "mutually exclusive"),
])
def test_add_refuses_bad_input_before_any_request(api, run, args, code, message):
    result = run("studios", "add", "-n", "s", "-c", "demo", "-w", WS, *args)
    assert result.exit_code == code, result
    assert result.stdout == ""
    assert message in result.stderr
    assert len(api.calls) == 0


def test_add_unknown_template_names_the_platforms(api, run):
    templates(api)
    result = run("studios", "add", "-n", "s", "-c", "demo", "-w", WS, "-t", "jupyter")
    assert failed(result) == (f"ERROR: Studio template provided 'jupyter', is not one of the Platform's "
                              f"available templates '[{VSCODE}, {JUPYTER}]'.")


def test_add_unknown_compute_env(api, run):
    templates(api)
    compute_envs(api)
    result = run("studios", "add", "-n", "s", "-c", "nope", "-w", WS, "-t", VSCODE)
    assert failed(result) == f"ERROR: Compute environment 'nope' not found at {WS} workspace"


def test_add_unknown_allowed_user(api, run):
    user_and_workspaces(api)
    templates(api)
    for kind in ("members", "collaborators"):
        api.get(f"{URL}/orgs/{ORG}/{kind}", json={"members": [], "totalSize": 0}, match=[query(search="bob", max=100, offset=0)])
    result = run("studios", "add", "-n", "s", "-c", "demo", "-w", WS, "-t", VSCODE, "--allow-user", "bob")
    assert failed(result) == f"ERROR: Member 'bob' not found in organization '{ORG}'"


# add-as-new -------------------------------------------------------------------------------------
def test_add_as_new_copies_the_parent_and_its_latest_checkpoint(api, run):
    by_name(api)
    describe(api)
    api.get(f"{URL}/studios/{SID}/checkpoints", json={"checkpoints": CHECKPOINTS[:1], "totalSize": 2},
            match=[query(workspaceId=WS, max=1, offset=0)])
    created(api, session="newone", body={
        "name": "copy", "description": "Started from studio studio-a66d", "dataStudioToolUrl": VSCODE,
        "computeEnvId": STUDIO["computeEnv"]["id"], "initialCheckpointId": 2,
        "configuration": {"gpu": 0, "cpu": 8, "memory": 8192, "mountData": ["v1-user-1ccf"]}})
    user_and_workspaces(api)
    result = run("-o", "json", "studios", "add-as-new", "-pn", "studio-a66d", "-n", "copy", "--cpu", "8", "-w", WS)
    assert document(result) == {"sessionId": "newone", "workspaceRef": WSREF, "workspaceId": WS, "autoStart": False,
                             "studioUrl": f"{BASE}/studios/newone/connect"}


def test_add_as_new_from_a_given_checkpoint_and_wait(api, run):
    describe(api)
    api.get(f"{URL}/studios/{SID}/checkpoints/1", json=CHECKPOINTS[1], match=[query(workspaceId=WS)])
    created(api, auto_start=True, session="newone", body={
        "name": "copy", "description": "retry", "dataStudioToolUrl": VSCODE, "isPrivate": False,
        "computeEnvId": STUDIO["computeEnv"]["id"], "initialCheckpointId": 1,
        "configuration": {"gpu": 0, "cpu": 2, "memory": 8192, "mountData": ["v1-user-1ccf"]}})
    user_and_workspaces(api)
    polls(api, "running", session="newone")
    result = run("studios", "add-as-new", "-pid", SID, "--parent-checkpoint-id", "1", "-n", "copy", "-d", "retry",
                 "--no-private", "-a", "--wait", "running", "-w", WS, env=FAST)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "Studio newone CREATED" in result.stdout


@pytest.mark.parametrize("checkpoint, status", [("abc", None), ("99", 404)])
def test_add_as_new_bad_checkpoint(api, run, checkpoint, status):
    describe(api)
    if status:
        api.get(f"{URL}/studios/{SID}/checkpoints/99", status=status, json={"message": "Not found"})
    result = run("studios", "add-as-new", "-pid", SID, "--parent-checkpoint-id", checkpoint, "-n", "copy", "-w", WS)
    assert failed(result) == (f"ERROR: Parent checkpoint parameter error, invalid checkpoint id: "
                              f"'{checkpoint}'. Use studios checkpoints command to list existing "
                              "checkpoints")


def test_add_as_new_needs_one_parent(api, run):
    result = run("studios", "add-as-new", "-n", "copy")
    assert "Specify exactly one of -pid/--parent-id or -pn/--parent-name" in misused(result)
    assert len(api.calls) == 0


# start / stop -----------------------------------------------------------------------------------
def test_start_sends_the_studios_configuration_and_prints_the_url(api, run):
    describe(api)
    api.put(f"{URL}/studios/{SID}/start", json={"jobSubmitted": True, "sessionId": SID, "statusInfo": {"status": "starting"}},
            match=[query(workspaceId=WS), strict({"configuration": {"gpu": 0, "cpu": 2, "memory": 8192,
                                                                    "mountData": ["v1-user-1ccf"]},
                                                  "description": "my first studio"})])
    user_and_workspaces(api)
    result = run("studios", "start", "-w", WS, "-i", SID)
    assert succeeded(result) == (f"\n  Studio {SID} START successfully submitted at {WSREF} workspace.\n\n"
                                 f"  To connect to this studio session, copy and paste the following URL in your browser:"
                                 f"\n\n    {BASE}/studios/{SID}/connect\n")


def test_start_overrides_by_name_and_json_document(api, run):
    by_name(api)
    describe(api, configuration=dict(CONFIG, mountDataV2=[{"dataLinkId": "v1-user-1ccf"}]))
    api.get(f"{URL}/data-links", json={"dataLinks": [], "totalSize": 0}, match=[query(workspaceId=WS, max=1, offset=0)])
    api.get(f"{URL}/data-links", json={"dataLinks": [LINK], "totalSize": 1},
            match=[query(workspaceId=WS, search="resourceRef:s3://results")])
    api.get(f"{URL}/labels", json={"labels": [LABEL], "totalSize": 1},
            match=[query(workspaceId=WS, search="owner", type="resource", max=100, offset=0)])
    api.put(f"{URL}/studios/{SID}/start", json={"jobSubmitted": True, "sessionId": SID, "statusInfo": {"status": "starting"}},
            match=[query(workspaceId=WS), strict({
                "configuration": {"gpu": 2, "cpu": 2, "memory": 4096, "lifespanHours": 2, "mountData": [LINK["id"]],
                                  "sshEnabled": False},
                "description": "new", "labelIds": [10], "allowedUserIds": [42], "spot": False})])
    user_and_workspaces(api)
    result = run("-o", "json", "studios", "start", "-w", WS, "-n", "studio-a66d", "--gpu", "2", "--memory", "4096",
                 "--lifespan", "2", "--mount-data-uris", "s3://results", "--labels", "owner=jack", "--description",
                 "new", "--no-spot", "--no-ssh", "--allow-user", "42")
    assert document(result) == {"sessionId": SID, "userSuppliedStudioIdentifier": "studio-a66d",
                             "studioUrl": f"{BASE}/studios/{SID}/connect", "workspaceId": WS, "workspaceRef": WSREF,
                             "jobSubmitted": True}


def test_start_with_empty_labels_removes_them(api, run):
    describe(api)
    api.put(f"{URL}/studios/{SID}/start", json={"jobSubmitted": True, "sessionId": SID, "statusInfo": {}},
            match=[strict({"configuration": {"gpu": 0, "cpu": 2, "memory": 8192, "mountData": ["v1-user-1ccf"]},
                           "description": "my first studio", "labelIds": []})])
    user_and_workspaces(api)
    result = run("studios", "start", "-w", WS, "-i", SID, "--labels", "")
    assert result.exit_code == 0, result


def test_start_wait_reaches_running(api, run):
    describe(api)
    api.put(f"{URL}/studios/{SID}/start", json={"jobSubmitted": True, "sessionId": SID, "statusInfo": {"status": "starting"}})
    user_and_workspaces(api)
    polls(api, "starting", "starting", "running")
    result = run("studios", "start", "-w", WS, "-i", SID, "--wait", "running", env=FAST)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "START successfully submitted" in result.stdout


def test_start_wait_fails_when_the_session_stops(api, run):
    describe(api)
    api.put(f"{URL}/studios/{SID}/start", json={"jobSubmitted": True, "sessionId": SID, "statusInfo": {"status": "starting"}})
    user_and_workspaces(api)
    polls(api, "starting", "stopped")
    result = run("studios", "start", "-w", WS, "-i", SID, "--wait", "running", env=FAST)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"ERROR: Studio '{SID}' is stopped, not running"


def test_start_wait_is_bounded_by_the_timeout(api, run):
    describe(api)
    api.put(f"{URL}/studios/{SID}/start", json={"jobSubmitted": True, "sessionId": SID, "statusInfo": {"status": "starting"}})
    user_and_workspaces(api)
    polls(api, "starting")
    result = run("studios", "start", "-w", WS, "-i", SID, "--wait", "running", "--wait-timeout", "0s", env=FAST)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (f"ERROR: Timed out waiting for studio '{SID}' to reach running "
                                             "(last status: starting)")


def test_start_not_submitted_does_not_wait(api, run):
    describe(api)
    api.put(f"{URL}/studios/{SID}/start", json={"jobSubmitted": False, "sessionId": SID, "statusInfo": {"status": "stopped"}})
    user_and_workspaces(api)
    result = run("studios", "start", "-w", WS, "-i", SID, "--wait", "running", env=FAST)
    assert result.exit_code == 1
    assert "START failed to submit" in result.stdout
    assert result.stderr.splitlines()[0] == f"ERROR: Studio '{SID}' was not started: it will not reach running"


def test_start_unknown_id(api, run):
    describe(api, status=404)
    result = run("studios", "start", "-w", WS, "-i", SID)
    assert failed(result) == f"ERROR: Studio '{SID}' not found at workspace '{WS}'"


def test_stop_by_id_sends_no_lookup(api, run):
    api.put(f"{URL}/studios/{SID}/stop", json={"jobSubmitted": True, "sessionId": SID, "statusInfo": {"status": "stopping"}},
            match=[query(workspaceId=WS)])
    user_and_workspaces(api)
    result = run("studios", "stop", "-w", WS, "-i", SID)
    assert succeeded(result) == f"\n  Studio {SID} STOP successfully submitted at {WSREF} workspace.\n"


def test_stop_by_name_wait_and_json(api, run):
    by_name(api)
    api.put(f"{URL}/studios/{SID}/stop", json={"jobSubmitted": True, "sessionId": SID, "statusInfo": {"status": "stopping"}})
    user_and_workspaces(api)
    polls(api, "running", "stopping", "stopped")
    result = run("-o", "json", "studios", "stop", "-w", WS, "-n", "studio-a66d", "--wait", "stopped", env=FAST)
    assert document(result) == {"sessionId": SID, "userSuppliedStudioIdentifier": "studio-a66d", "workspaceId": WS,
                             "workspaceRef": WSREF, "jobSubmitted": True}


def test_stop_unknown_id(api, run):
    api.put(f"{URL}/studios/{SID}/stop", status=404, json={"message": "Not found"})
    result = run("studios", "stop", "-w", WS, "-i", SID)
    assert failed(result) == f"ERROR: Studio '{SID}' not found at workspace '{WS}'"


# update / delete --------------------------------------------------------------------------------
def test_update_sends_the_changes(api, run):
    describe(api)
    compute_envs(api)
    api.put(f"{URL}/studios/{SID}", json=STUDIO, match=[query(workspaceId=WS), strict({
        "configuration": {"gpu": 0, "cpu": 4, "memory": 8192, "mountData": ["v1-user-1ccf"], "environment": {"K": "v"},
                          "sshEnabled": True},
        "description": "my first studio", "name": "renamed", "computeEnvId": CE["id"]})])
    user_and_workspaces(api)
    result = run("studios", "update", "-w", WS, "-i", SID, "--cpu", "4", "-e", "K=v", "--ssh", "--new-name", "renamed",
                 "-c", "demo")
    assert succeeded(result) == f"\n  Studio {SID} UPDATED at {WSREF} workspace.\n"


def test_update_json_document(api, run):
    by_name(api)
    describe(api)
    api.put(f"{URL}/studios/{SID}", json=STUDIO, match=[query(workspaceId=WS)])
    user_and_workspaces(api)
    result = run("-o", "json", "studios", "update", "-w", WS, "-n", "studio-a66d", "--description", "d")
    assert result.exit_code == 0, result
    assert result.json() == {"sessionId": SID, "userSuppliedStudioIdentifier": "studio-a66d", "workspaceId": WS,
                             "workspaceRef": WSREF}


def test_update_to_an_incompatible_compute_env_names_the_compatible_ones(api, run):
    describe(api)
    compute_envs(api)
    api.put(f"{URL}/studios/{SID}", status=400, json={
        "message": f"Compute environment '{CE['id']}' is not compatible with the Studio's current compute environment"})
    api.get(f"{URL}/studios/{SID}/compatible-ce", json={"computeEnvs": [{"id": "ce7", "name": "batch-2"}]},
            match=[query(workspaceId=WS)])
    result = run("studios", "update", "-w", WS, "-i", SID, "-c", "demo")
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"ERROR: Compute environment '{CE['id']}' is not compatible with studio '{SID}'"
    assert lines[1] == "  hint: Compatible compute environments: batch-2 (ce7)"


def test_update_needs_a_change(api, run):
    result = run("studios", "update", "-i", SID)
    assert "Required at least one option to update" in misused(result)
    assert len(api.calls) == 0


def test_delete_by_name(api, run):
    by_name(api)
    api.delete(f"{URL}/studios/{SID}", status=204, match=[query(workspaceId=WS)])
    user_and_workspaces(api)
    result = run("studios", "delete", "-w", WS, "-n", "studio-a66d")
    assert succeeded(result) == f"\n  Studio studio-a66d deleted at {WSREF} workspace.\n"


def test_delete_by_id_json(api, run):
    api.delete(f"{URL}/studios/{SID}", status=204)
    result = run("-o", "json", "studios", "delete", "-i", SID)
    assert document(result) == {"userSuppliedStudioIdentifier": SID, "workspaceRef": "user"}


def test_delete_unknown_name(api, run):
    by_name(api)
    result = run("studios", "delete", "-w", WS, "-n", "gone")
    assert failed(result) == f"ERROR: Studio 'gone' not found at workspace '{WS}'"


# templates / checkpoints ------------------------------------------------------------------------
def test_templates_sends_tws_max_and_sorts(api, run):
    api.get(f"{URL}/studios/templates", json=TEMPLATES, match=[query(workspaceId=WS, max=20, offset=0)])
    result = run("studios", "templates", "-w", WS)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == "  Available templates for Studios:"
    assert [line.strip() for line in lines[5:7]] == [JUPYTER, VSCODE]


def test_templates_json(api, run):
    api.get(f"{URL}/studios/templates", json=TEMPLATES, match=[query(max=5, offset=0)])
    result = run("-o", "json", "studios", "templates", "--max", "5")
    assert document(result) == {"templates": TEMPLATES["templates"]}


def test_checkpoints_caps_max_and_prints_tws_table(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/studios/{SID}/checkpoints", json={"checkpoints": CHECKPOINTS, "totalSize": 2},
            match=[query(workspaceId=WS, search="author:johnny", max=50, offset=0)])
    result = run("studios", "checkpoints", "-w", WS, "-i", SID, "-f", "author:johnny", "--max", "80")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == f"  Checkpoints at Studio {SID} at {WSREF} workspace:"
    assert [c.strip() for c in lines[3].split("|")] == ["ID", "Name", "Author", "Date Created", "Date Saved"]
    assert [c.strip() for c in lines[5].split("|")] == ["2", "studio-a66d_2", "johnny", "Thu, 30 Jan 2025 09:29:31 GMT",
                                                        "Thu, 30 Jan 2025 09:34:33 GMT"]
    assert lines[6].split("|")[0].strip() == "1"  # server order (newest first)


def test_checkpoints_by_name_json(api, run):
    by_name(api)
    api.get(f"{URL}/studios/{SID}/checkpoints", json={"checkpoints": [], "totalSize": 0},
            match=[query(workspaceId=WS, max=50, offset=0)])
    user_and_workspaces(api)
    result = run("-o", "json", "studios", "checkpoints", "-w", WS, "-n", "studio-a66d")
    assert document(result) == {"userSuppliedStudioIdentifier": "studio-a66d", "workspaceRef": WSREF, "checkpoints": []}


# workspaces settings studios --------------------------------------------------------------------
SETTINGS = {"containerRepository": "123.dkr.ecr.eu-west-1.amazonaws.com/studios", "lifespanHours": 8,
            "nameStrategy": "tagPrefix", "orgId": ORG, "privateStudioByDefault": False, "wspId": WS}
SETTINGS_PATH = f"{URL}/orgs/{ORG}/workspaces/{WS}/settings/studios"


def test_settings_view(api, run):
    user_and_workspaces(api)
    api.get(SETTINGS_PATH, json=dict(SETTINGS, containerRepository=None))
    result = run("workspaces", "settings", "studios", "view", "-n", "Seqera/cli")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == "  Studios settings for workspace 'cli'"
    rows = [[c.strip() for c in line.split("|")] for line in lines[4:8]]
    assert rows == [["Container repository", "-"], ["Lifespan (hours)", "8"], ["Name strategy", "tagPrefix"],
                    ["Private studio by default", "false"]]
    assert lines[3].startswith(" -")


def test_settings_view_json(api, run):
    user_and_workspaces(api)
    api.get(SETTINGS_PATH, json=SETTINGS)
    result = run("-o", "json", "workspaces", "settings", "studios", "view", "-i", WS)
    assert document(result) == {"workspaceName": "cli", "settings": SETTINGS}


def test_settings_update_keeps_what_is_not_given_and_sends_resets_as_null(api, run):
    user_and_workspaces(api)
    api.get(SETTINGS_PATH, json=SETTINGS)
    api.put(SETTINGS_PATH, status=204, match=[strict({"containerRepository": None, "lifespanHours": 0,
                                                      "nameStrategy": "imageSuffix", "privateStudioByDefault": True})])
    result = run("workspaces", "settings", "studios", "update", "-n", "Seqera/cli", "--reset-container-repository",
                 "--lifespan-hours", "0", "--name-strategy", "IMAGESUFFIX", "--private-by-default")
    assert succeeded(result) == "\n  Studios settings updated for workspace 'cli'\n"
    assert '"containerRepository":null' in api.calls[-1].request.body


def test_settings_update_json(api, run):
    user_and_workspaces(api)
    api.get(SETTINGS_PATH, json=SETTINGS)
    api.put(SETTINGS_PATH, status=204, match=[strict(dict({k: SETTINGS[k] for k in (
        "containerRepository", "lifespanHours", "nameStrategy")}, privateStudioByDefault=False,
        containerRepository="cr.acme.io/studios"))])
    result = run("-o", "json", "workspaces", "settings", "studios", "update", "-i", WS,
                 "--container-repository", "cr.acme.io/studios", "--no-private-by-default")
    assert document(result) == {"workspaceName": "cli"}


@pytest.mark.parametrize("args, message", [
    ((), "Required at least one option to update"),
    (("--container-repository", "x", "--reset-container-repository"),
     "Options '--container-repository' and '--reset-container-repository' are mutually exclusive"),
    (("--name-strategy", "none", "--reset-name-strategy"),
     "Options '--name-strategy' and '--reset-name-strategy' are mutually exclusive"),
    (("--name-strategy", "random",), "Invalid value for '--name-strategy'"),
    (("--lifespan-hours", "-2",), "Invalid value for '--lifespan-hours'"),
])
def test_settings_update_bad_input(api, run, args, message):
    result = run("workspaces", "settings", "studios", "update", "-n", "Seqera/cli", *args)
    assert message in misused(result)
    assert len(api.calls) == 0


def test_settings_of_an_unknown_workspace(api, run):
    user_and_workspaces(api)
    result = run("workspaces", "settings", "studios", "view", "-n", "Seqera/nope")
    assert failed(result) == "ERROR: Workspace 'nope' at organization 'Seqera' not found"


def test_wait_shows_statuses_and_progress_steps_on_a_terminal(api, monkeypatch):
    import io
    import sys

    from tw_py.cli.root import cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    describe(api)
    api.put(f"{URL}/studios/{SID}/start", json={"jobSubmitted": True, "sessionId": SID, "statusInfo": {"status": "starting"}})
    user_and_workspaces(api)
    polls(api, "starting", progress=[{"status": "in-progress", "message": "Provisioning compute resources"}])
    polls(api, "starting", progress=[{"status": "succeeded", "message": "Provisioning compute resources"},
                                     {"status": "in-progress", "message": "Mounting data"}])
    polls(api, "running")
    monkeypatch.setenv("TWPY_POLL_INTERVAL", "0")
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    code = cli.main(["studios", "start", "-w", str(WS), "-i", SID, "--wait", "running"], standalone_mode=False)
    assert code in (None, 0)
    assert err.getvalue() == ("  Waiting running status....starting\n  Provisioning compute resources."
                              "\n  Mounting data.running  [DONE]\n")
