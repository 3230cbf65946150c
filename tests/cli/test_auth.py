"""twpy auth: login stores the token (keyring, or a 0600 file), status, logout, token; precedence."""
import os
import stat

from tests.helpers import URL, USER

LOGIN_TOKEN = "login-TOKEN-abcdef"


def login(run, api, *extra, token=LOGIN_TOKEN):
    api.get(f"{URL}/user-info", json={"user": USER},
            match=[lambda req: (req.headers.get("Authorization") == f"Bearer {token}", "bearer")])
    return run("auth", "login", "--with-token", "--url", URL, *extra, input=token + "\n")


def test_login_stores_token_in_keyring(api, run, memory_keyring, monkeypatch):
    monkeypatch.delenv("TOWER_ACCESS_TOKEN")
    result = login(run, api)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert LOGIN_TOKEN not in result.stdout
    assert "Logged in to https://api.tower.test as jordi (profile 'default'); token stored in the system keyring." in result.stdout
    assert memory_keyring.store == {("twpy", "default"): LOGIN_TOKEN}
    assert not (os.path.exists(os.path.join(os.environ["TWPY_CONFIG_DIR"], "tokens.ini")))


def test_keyring_round_trip_then_used_by_commands(api, run, memory_keyring, monkeypatch):
    monkeypatch.delenv("TOWER_ACCESS_TOKEN")
    monkeypatch.delenv("TOWER_API_ENDPOINT")
    assert login(run, api, "--profile", "work").exit_code == 0
    api.get(f"{URL}/user-info", json={"user": USER},
            match=[lambda req: (req.headers.get("Authorization") == f"Bearer {LOGIN_TOKEN}", "bearer")])
    result = run("--profile", "work", "-o", "json", "auth", "status")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    doc = result.json()
    assert (doc["profile"], doc["url"], doc["userName"], doc["tokenSource"]) == ("work", URL, "jordi", "keyring")


def test_env_token_wins_over_keyring(api, run, memory_keyring, monkeypatch):
    monkeypatch.delenv("TOWER_ACCESS_TOKEN")
    assert login(run, api).exit_code == 0
    monkeypatch.setenv("TOWER_ACCESS_TOKEN", "env-token-xyz")
    api.get(f"{URL}/user-info", json={"user": USER},
            match=[lambda req: (req.headers.get("Authorization") == "Bearer env-token-xyz", "bearer")])
    result = run("-o", "json", "auth", "status")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json()["tokenSource"] == "env:TOWER_ACCESS_TOKEN"


def test_login_without_keyring_falls_back_to_private_file(api, run, broken_keyring, monkeypatch):
    monkeypatch.delenv("TOWER_ACCESS_TOKEN")
    result = login(run, api)
    assert result.exit_code == 0, result
    path = os.path.join(os.environ["TWPY_CONFIG_DIR"], "tokens.ini")
    assert result.stderr.startswith("WARNING: no usable keyring")
    assert path in result.stderr
    assert LOGIN_TOKEN not in result.stderr + result.stdout
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert LOGIN_TOKEN in open(path).read()
    # and the next command reads it from the file
    api.get(f"{URL}/user-info", json={"user": USER})
    status = run("-o", "json", "auth", "status")
    assert status.exit_code == 0 and status.stderr == ""
    assert status.json()["tokenSource"] == "file"


def test_hanging_keyring_times_out_into_file(api, run, monkeypatch):
    import threading

    import keyring

    from tests.helpers import MemoryKeyring

    gate = threading.Event()

    class Hanging(MemoryKeyring):
        def set_password(self, service, username, password):
            gate.wait(5)

    keyring.set_keyring(Hanging())
    monkeypatch.setenv("TWPY_KEYRING_TIMEOUT", "0.2")
    monkeypatch.delenv("TOWER_ACCESS_TOKEN")
    result = login(run, api)
    gate.set()
    assert result.exit_code == 0, result
    assert "did not answer within 0.2s" in result.stderr
    assert result.stdout.endswith("token stored in " + os.path.join(os.environ["TWPY_CONFIG_DIR"], "tokens.ini") + ".\n")


def test_login_rejected_token_saves_nothing(api, run, memory_keyring, monkeypatch):
    monkeypatch.delenv("TOWER_ACCESS_TOKEN")
    api.get(f"{URL}/user-info", status=401)
    result = run("auth", "login", "--with-token", "--url", URL, input="bad-token-1\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("ERROR: Unauthorized.")
    assert "bad-token-1" not in result.stderr
    assert memory_keyring.store == {}


def test_login_empty_token(run, monkeypatch):
    result = run("auth", "login", "--with-token", "--url", URL, input="\n")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("ERROR: The token is empty")


def test_login_http_needs_insecure(run):
    result = run("auth", "login", "--with-token", "--url", "http://localhost:8000", input="x\n")
    assert result.exit_code == 1 and result.stdout == ""
    assert "insecure server" in result.stderr


def test_status_not_logged_in(run, monkeypatch):
    monkeypatch.delenv("TOWER_ACCESS_TOKEN")
    result = run("auth", "status")
    assert result.exit_code == 1
    assert "not logged in" in result.stdout
    assert result.stderr.startswith("ERROR: Profile 'default': not logged in")


def test_logout_and_token(api, run, memory_keyring, monkeypatch):
    monkeypatch.delenv("TOWER_ACCESS_TOKEN")
    assert login(run, api).exit_code == 0
    token = run("auth", "token")
    assert token.exit_code == 0 and token.stderr == ""
    assert token.stdout == LOGIN_TOKEN + "\n"
    out = run("auth", "logout")
    assert out.exit_code == 0 and out.stderr == ""
    assert "token removed from keyring" in out.stdout
    assert memory_keyring.store == {}
    again = run("auth", "token")
    assert again.exit_code == 1 and again.stdout == ""
    assert again.stderr.startswith("ERROR: Not logged in")


def test_unknown_profile_is_an_error(run):
    result = run("--profile", "ghost", "workspaces", "list")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("ERROR: Profile 'ghost' does not exist")


def test_login_never_shows_the_new_token_a_server_echoes(api, run, memory_keyring):
    api.get(f"{URL}/user-info", status=400, json={"message": f"Rejected header Authorization: Bearer {LOGIN_TOKEN}"})
    result = run("auth", "login", "--with-token", "--url", URL, input=LOGIN_TOKEN + "\r\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert LOGIN_TOKEN not in result.stderr
    assert result.stderr.startswith("ERROR: Rejected header Authorization: Bearer ***")


def test_a_world_readable_token_file_gets_a_warning(api, run, broken_keyring, monkeypatch, tmp_path):
    monkeypatch.delenv("TOWER_ACCESS_TOKEN")
    assert login(run, api).exit_code == 0
    from tw_py.config import paths

    paths.token_file().chmod(0o644)
    api.get(f"{URL}/user-info", json={"user": {"id": 1, "userName": "jordi"}})
    result = run("auth", "status")
    assert result.exit_code == 0, result
    assert f"WARNING: {paths.token_file()} can be read by other users (mode 644)" in result.stderr
