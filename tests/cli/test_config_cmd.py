"""twpy config and the settings precedence: flag > environment > profile > default."""
import os
import stat

from tests.helpers import URL, USER


def test_set_get_unset(run):
    assert run("config", "set", "workspace", "Seqera/cli").exit_code == 0
    got = run("config", "get", "workspace")
    assert got.exit_code == 0 and got.stderr == ""
    assert got.stdout == "Seqera/cli\n"
    path = os.path.join(os.environ["TWPY_CONFIG_DIR"], "config.ini")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    out = run("config", "unset", "workspace")
    assert out.exit_code == 0 and out.stderr == ""
    missing = run("config", "get", "workspace")
    assert missing.exit_code == 1 and missing.stdout == ""
    assert missing.stderr == "ERROR: 'workspace' is not set in profile 'default'\n"


def test_set_validates(run, tmp_path):
    bad = run("config", "set", "output", "yaml")
    assert bad.exit_code == 1 and bad.stdout == ""
    assert "Invalid output format 'yaml'" in bad.stderr
    missing = run("config", "set", "ca_bundle", str(tmp_path / "nope.pem"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr
    unknown = run("config", "set", "colour", "red")
    assert unknown.exit_code == 2 and "ERROR:" in unknown.stderr


def test_list_shows_sources(run, monkeypatch):
    monkeypatch.delenv("TOWER_API_ENDPOINT")
    run("config", "set", "url", "https://profile.example/api")
    monkeypatch.setenv("TOWER_WORKSPACE_ID", "123")
    result = run("-o", "json", "config", "list")
    assert result.exit_code == 0 and result.stderr == ""
    doc = result.json()
    assert doc["settings"]["url"] == {"value": "https://profile.example/api", "source": "profile:default"}
    assert doc["settings"]["workspace"] == {"value": "123", "source": "env:TOWER_WORKSPACE_ID"}
    assert doc["settings"]["output"] == {"value": "json", "source": "flag"}
    assert doc["profiles"] == ["default"]


def test_profile_output_and_workspace_apply(api, run, monkeypatch):
    """The profile's output=json and url reach a real command; the environment beats the profile."""
    monkeypatch.delenv("TOWER_API_ENDPOINT")
    run("config", "set", "url", URL)
    run("config", "set", "output", "json")
    api.get(f"{URL}/user-info", json={"user": USER})
    api.get(f"{URL}/user/7/workspaces", json={"orgsAndWorkspaces": []})
    result = run("workspaces", "list")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"userName": "jordi", "workspaces": []}
    monkeypatch.setenv("TOWER_CLI_OUTPUT_FORMAT", "console")
    result = run("workspaces", "list")
    assert result.exit_code == 0
    assert "No workspaces found" in result.stdout


def test_flag_beats_environment(api, run, monkeypatch):
    monkeypatch.setenv("TOWER_API_ENDPOINT", "https://wrong.example")
    api.get(f"{URL}/user-info", json={"user": USER})
    api.get(f"{URL}/user/7/workspaces", json={"orgsAndWorkspaces": []})
    result = run("-u", URL, "-o", "JSON", "workspaces", "list")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.json()["userName"] == "jordi"


def test_bad_output_env(run, monkeypatch):
    monkeypatch.setenv("TOWER_CLI_OUTPUT_FORMAT", "xml")
    result = run("workspaces", "list")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("ERROR: Invalid output format 'xml' (from env:TOWER_CLI_OUTPUT_FORMAT)")
