"""Global options typed after the command work wherever the command has no option of that name (tw's own
invocations are unchanged); where they cannot, the error says how to write the line."""
from tests.helpers import URL, WS_ENTRY, user_and_workspaces

WS = WS_ENTRY["workspaceId"]


def test_output_after_the_command(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/workflow", json={"workflows": [], "totalSize": 0})
    result = run("runs", "list", "-w", "Seqera/cli", "-o", "json")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.json() == {"workspaceRef": "[Seqera / cli]", "workflows": [], "showLabels": False}


def test_insecure_after_the_command(run):
    result = run("auth", "login", "--url", "http://localhost:1", "--with-token", "--insecure", input="tok\n")
    assert "insecure server" not in result.stderr  # --insecure reached the root: the URL is accepted, the server is down
    assert result.stderr.startswith("ERROR: Cannot connect to http://localhost:1")


def test_version_after_any_command(run):
    result = run("runs", "list", "-V")
    assert result.exit_code == 0
    assert result.stdout.startswith("twpy version ")


def test_a_commands_option_before_the_command_gets_the_corrected_line(run):
    result = run("-w", "demo/showcase", "runs", "list")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "ERROR: No such option '-w'." in result.stderr
    assert "  hint: a command's own options go after it: twpy runs list -w demo/showcase" in result.stderr


def test_a_commands_own_option_of_the_same_name_wins(api, run):
    user_and_workspaces(api)
    result = run("-o", "json", "workspaces", "list", "-o", "Seqera")
    assert result.exit_code == 0, result
    assert result.json()["workspaces"] == [WS_ENTRY]


def test_is_published_is_a_bare_flag_as_in_tw(api, run):
    from responses import matchers

    from tests.cli.test_pipelines import PID, PIPELINE

    api.get(f"{URL}/pipelines/{PID}", json={"pipeline": PIPELINE})
    api.get(f"{URL}/pipelines/{PID}/versions", json={"versions": [], "totalSize": 0},
            match=[matchers.query_param_matcher({"isPublished": "true", "max": "100", "offset": "0"})])
    result = run("pipelines", "versions", "list", "-i", PID, "--is-published")
    assert result.exit_code == 0, result
