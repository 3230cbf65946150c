"""twpy info: checks, exit codes, console and JSON."""
from tests.helpers import URL, USER

SERVICE = {"serviceInfo": {"version": "24.1.0", "apiVersion": "1.198.0"}}


def test_info_all_ok(api, run):
    api.get(f"{URL}/service-info", json=SERVICE)
    api.get(f"{URL}/user-info", json={"user": USER})
    result = run("info")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "    Details" in lines
    assert f"     Tower API endpoint      | {URL}" in lines
    assert "     Authenticated user      | jordi" in lines
    assert "     Remote API server connection check    | OK" in lines
    assert "     Authentication API credential's token | OK" in lines


def test_info_json_keys(api, run):
    api.get(f"{URL}/service-info", json=SERVICE)
    api.get(f"{URL}/user-info", json={"user": USER})
    result = run("-o", "json", "info")
    assert result.exit_code == 0 and result.stderr == ""
    doc = result.json()
    assert list(doc) == ["connectionCheck", "versionCheck", "credentialsCheck", "opts"]
    assert (doc["connectionCheck"], doc["versionCheck"], doc["credentialsCheck"]) == (1, 1, 1)
    assert list(doc["opts"]) == ["towerVersion", "towerApiEndpoint", "cliVersion", "cliApiVersion",
                                 "towerApiVersion", "userName"]
    assert doc["opts"]["userName"] == "jordi"


def test_info_bad_token_exits_1(api, run):
    api.get(f"{URL}/service-info", json=SERVICE)
    api.get(f"{URL}/user-info", status=401)
    result = run("info")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert "Authentication API credential's token | FAILED" in result.stdout
    assert "Review that your current access token is valid and active." in result.stdout


def test_info_old_api_warns_but_succeeds(api, run):
    api.get(f"{URL}/service-info", json={"serviceInfo": {"version": "22.1", "apiVersion": "1.10.0"}})
    api.get(f"{URL}/user-info", json={"user": USER})
    result = run("info")
    assert result.exit_code == 0 and result.stderr == ""
    assert "Tower API version check               | WARNING" in result.stdout
    assert "Warning: Platform API version 1.10.0 is older than this CLI's minimum (1.187.0)." in result.stdout


def test_info_without_api_version_skips_that_check(api, run):
    api.get(f"{URL}/service-info", json={"serviceInfo": {"version": "24.1.0"}})
    api.get(f"{URL}/user-info", json={"user": USER})
    result = run("-o", "json", "info")
    assert result.exit_code == 0 and result.stderr == ""
    assert (result.json()["versionCheck"], result.json()["opts"].get("towerApiVersion")) == (-1, None)


def test_info_unreachable(run, monkeypatch):
    monkeypatch.setenv("TOWER_API_ENDPOINT", "http://127.0.0.1:9")  # discard port: connection refused
    monkeypatch.setenv("TWPY_RETRIES", "0")
    result = run("--insecure", "info")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert "Remote API server connection check    | FAILED" in result.stdout
    assert "Tower API URL http://127.0.0.1:9 is not available (did you mean http://127.0.0.1:9/api?)" in result.stdout


def test_info_refuses_plain_http_without_insecure(run, monkeypatch):
    monkeypatch.setenv("TOWER_API_ENDPOINT", "http://localhost:8080")
    result = run("info")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("ERROR: You are trying to connect to an insecure server: http://localhost:8080")


def test_missing_token(run, monkeypatch):
    monkeypatch.delenv("TOWER_ACCESS_TOKEN")
    result = run("info")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == \
        "ERROR: Missing TOWER_ACCESS_TOKEN environment variable or 'twpy -t <token> ...' parameter"
