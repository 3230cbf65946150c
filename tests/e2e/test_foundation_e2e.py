"""The installed twpy against a real HTTP server on 127.0.0.1: info, workspaces, -w resolution, login, keyring."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess

import pytest

from tests.e2e.fake_platform import TOKEN, FakePlatform

pytestmark = pytest.mark.e2e


@pytest.fixture
def platform():
    with FakePlatform() as server:
        yield server


def env_for(platform, **extra):
    env = {"TOWER_API_ENDPOINT": platform.url, "TOWER_ACCESS_TOKEN": TOKEN}
    env.update(extra)
    return env


def test_info_exits_0(twpy, platform):
    result = twpy("-u", platform.url, "--insecure", "-t", TOKEN, "info")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Authenticated user      | e2e-user" in result.stdout
    assert TOKEN not in result.stdout


def test_workspaces_list_json(twpy, platform):
    result = twpy("--insecure", "-o", "json", "workspaces", "list", env=env_for(platform))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert list(doc) == ["userName", "workspaces"]
    assert [w["workspaceName"] for w in doc["workspaces"]] == ["showcase", "research"]
    assert set(doc["workspaces"][0]) >= {"orgId", "orgName", "workspaceId", "workspaceName"}


def test_workspace_view_by_org_ws_and_cache(twpy, platform):
    env = env_for(platform)
    first = twpy("--insecure", "-o", "json", "workspaces", "view", "-n", "acme/showcase", env=env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["workspace"]["name"] == "showcase"
    second = twpy("--insecure", "-o", "json", "workspaces", "view", "-n", "acme/research", env=env)
    assert second.returncode == 0, second.stderr
    # the second invocation reused the on-disk directory cache: one /user-info in all
    assert platform.requests.count("GET /user-info") == 1


def test_wrong_workspace_one_clear_line(twpy, platform):
    result = twpy("--insecure", "workspaces", "view", "-n", "acme/showcse", env=env_for(platform))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "ERROR: Workspace 'showcse' at organization 'acme' not found"
    assert "Did you mean 'acme/showcase'" in lines[1]
    assert "Traceback" not in result.stderr


def test_http_without_insecure_refused(twpy, platform):
    result = twpy("info", env=env_for(platform))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("ERROR: You are trying to connect to an insecure server")


def test_login_without_keyring_leaves_0600_file(twpy, platform, tmp_path):
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = twpy("--insecure", "auth", "login", "--with-token", "--url", platform.url, input=TOKEN + "\n", env=env)
    assert result.returncode == 0, result.stderr
    token_file = tmp_path / "config" / "tokens.ini"
    assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "config" / "config.ini").st_mode) == 0o600
    assert result.stderr.startswith("WARNING: no usable keyring")
    assert TOKEN not in result.stdout + result.stderr
    # later commands need neither the token nor --insecure on the command line
    listed = twpy("-o", "json", "workspaces", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == ""
    status = twpy("-o", "json", "auth", "status", env=env)
    assert json.loads(status.stdout)["tokenSource"] == "file"


def test_token_never_shows_even_verbose(twpy, platform):
    result = twpy("--insecure", "-v", "workspaces", "view", "-n", "acme/nope", env=env_for(platform))
    assert result.returncode == 1
    assert "> GET " in result.stderr and "Authorization: Bearer ***" in result.stderr
    assert TOKEN not in result.stdout + result.stderr


def test_no_command_prints_usage(twpy):
    result = twpy()
    assert result.returncode == 2
    assert "Usage: twpy" in result.stdout + result.stderr


def test_python_dash_m(twpy):
    import sys

    result = subprocess.run([sys.executable, "-m", "tw_py", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("twpy version ")


SECRET_SERVICE_SCRIPT = """
set -e
echo -n "e2e-unlock" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
echo "$TOKEN_VALUE" | "$TWPY" --insecure auth login --with-token --url "$URL"
"$TWPY" -o json auth status
"$TWPY" -o json workspaces list
"""


def test_login_with_real_secret_service(twpy, platform, tmp_path):
    """As on a Linux desktop: gnome-keyring's Secret Service under a private D-Bus session."""
    if not shutil.which("dbus-run-session") or not shutil.which("gnome-keyring-daemon"):
        pytest.skip("needs dbus-run-session and gnome-keyring-daemon (apt-get install gnome-keyring dbus-x11)")
    env = dict(twpy.env, TWPY=twpy.exe, URL=platform.url, TOKEN_VALUE=TOKEN, HOME=str(tmp_path / "home"))
    os.makedirs(env["HOME"], exist_ok=True)
    try:
        result = subprocess.run(["dbus-run-session", "--", "bash", "-c", SECRET_SERVICE_SCRIPT], env=env,
                                capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired:
        pytest.skip("the Secret Service did not start in time")
    if "Logged in" not in result.stdout and ("org.freedesktop.secrets" in result.stderr or "dbus" in result.stderr.lower()):
        pytest.skip(f"the Secret Service could not start here: {result.stderr.strip()[:200]}")
    assert result.returncode == 0, result.stderr
    assert "token stored in the system keyring" in result.stdout
    assert '"tokenSource" : "keyring"' in result.stdout
    assert '"workspaceName" : "showcase"' in result.stdout
    assert not (tmp_path / "config" / "tokens.ini").exists()
    assert TOKEN not in result.stdout + result.stderr.replace("dbus-daemon", "")
