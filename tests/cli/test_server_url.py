"""The server URL is checked before anything is sent: scheme, host, port, no credentials, https unless --insecure."""
import pytest

from tests.helpers import URL, USER


@pytest.mark.parametrize("url, message", [
    ("api.cloud.seqera.io", "ERROR: Invalid server URL 'api.cloud.seqera.io': it needs https:// and a host"),
    ("ftp://x.example", "ERROR: Invalid server URL 'ftp://x.example': it needs https:// and a host"),
    ("https://x.example:99999/api", "ERROR: Invalid server URL 'https://x.example:99999/api': bad port"),
    ("https://bob:hunter2@x.example/api", "ERROR: The server URL https://***@x.example/api holds a user name or password"),
])
def test_bad_urls_are_one_clear_line(api, run, url, message):
    result = run("-u", url, "info")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == message
    assert "hunter2" not in result.stderr
    assert len(api.calls) == 0


def test_https_in_capitals_is_https(api, run):
    api.get(f"{URL}/user-info", json={"user": USER})
    api.get(f"{URL}/user/{USER['id']}/workspaces", json={"orgsAndWorkspaces": []})
    result = run("-u", URL.replace("https://", "HTTPS://"), "workspaces", "list")
    assert result.exit_code == 0, result
    assert result.stderr == ""


def test_insecure_advice_says_where_the_option_goes(run):
    result = run("-u", "http://localhost:8080", "info")
    assert result.exit_code == 1
    assert "hint: Put --insecure before the command ('twpy --insecure ...') or set TWPY_INSECURE=1" in result.stderr


def test_a_missing_requests_ca_bundle_is_a_clear_error(api, run, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/ca.pem")
    result = run("workspaces", "list")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "ERROR: CA bundle '/nonexistent/ca.pem' (from REQUESTS_CA_BUNDLE) does not exist"
