"""twpy completion: the scripts, completion of values from the names cache, the background refresh, speed hygiene."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from tests.helpers import TOKEN, URL, USER, WS_ENTRY, cli_runner, user_and_workspaces

SETTINGS = SimpleNamespace(url=URL, profile="default")
WS_ID = WS_ENTRY["workspaceId"]


def complete(line: str, shell: str = "bash", env: dict | None = None):
    """Complete the last word of `line` as the shell would ask twpy to (in-process, with the real root)."""
    from tw_py.cli.root import cli

    words = line.split(" ")
    environ = {"_TWPY_COMPLETE": f"{shell}_complete", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1),
               "TWPY_COMPLETE_REFRESH": "0"}
    environ.update(env or {})
    result = cli_runner().invoke(cli, [], prog_name="twpy", env=environ)
    return result


def values(result) -> list[str]:
    """The values of bash_complete output (`plain,<value>` lines)."""
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line.startswith("plain,")]


def seed():
    from tw_py.api import names

    names.remember(SETTINGS, "workspaces", None, [WS_ENTRY, {"orgName": "acme", "workspaceName": "showcase",
                                                              "workspaceId": 55}])
    names.remember(SETTINGS, "pipelines", WS_ID, [{"name": "hello", "repository": "https://github.com/nextflow-io/hello"},
                                                   {"name": "rnaseq", "repository": "https://github.com/nf-core/rnaseq"}])
    names.remember(SETTINGS, "pipelines", None, [{"name": "my-personal-pipe"}])
    names.remember(SETTINGS, "compute-envs", WS_ID, [{"name": "aws-batch", "platform": "aws-batch", "status": "AVAILABLE"}])
    names.remember(SETTINGS, "credentials", WS_ID, [{"name": "github-creds", "provider": "github"}])
    names.remember(SETTINGS, "runs", WS_ID, [{"workflow": {"id": "4Cz7tRrgXb", "runName": "happy_turing", "status": "SUCCEEDED"}}])
    names.remember(SETTINGS, "labels", WS_ID, [{"name": "team"}, {"name": "project"},
                                                {"name": "owner", "value": "me", "resource": True}])
    names.remember(SETTINGS, "studios", WS_ID, [{"sessionId": "3e8370e7", "name": "notebook",
                                                 "statusInfo": {"status": "running"}},
                                                {"sessionId": "ddfd5e14", "name": "rstudio"}])


# The scripts ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F _twpy_completion twpy"),
                                           ("zsh", "#compdef twpy"),
                                           ("fish", "complete --no-files --command twpy")])
def test_completion_prints_the_script_of_each_shell(run, shell, marker):
    result = run("completion", shell)
    assert result.exit_code == 0, result
    assert marker in result.stdout
    assert f"_TWPY_COMPLETE={shell}_complete" in result.stdout
    assert result.stderr == ""


def test_completion_script_is_not_wrapped_in_json(run):
    result = run("-o", "json", "completion", "bash")
    assert result.exit_code == 0
    assert result.stdout.startswith("_twpy_completion()")
    assert result.stderr == ""


def test_generate_completion_is_tws_name_for_the_bash_script(run):
    result = run("generate-completion")
    assert result.exit_code == 0
    assert result.stdout == run("completion", "bash").stdout
    assert result.stderr == ""


def test_completion_of_an_unknown_shell_is_a_usage_error(run):
    result = run("completion", "tcsh")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "ERROR: Invalid value for '{bash|zsh|fish}': 'tcsh' is not one of 'bash', 'zsh', 'fish'." in result.stderr


# Values ---------------------------------------------------------------------------------------------

def test_workspace_names_complete_from_the_names_cache():
    seed()
    result = complete("twpy workspaces view -n ")
    assert result.exit_code == 0
    assert values(result) == ["Seqera/cli", "acme/showcase"]
    assert result.stderr == ""
    assert values(complete("twpy workspaces view -n ac")) == ["acme/showcase"]


def test_workspace_names_fall_back_to_the_account_cache():
    from tw_py.api.cache import JsonCache, account_key

    JsonCache("account", account_key(URL, TOKEN)).save({"user": USER, "entries": [WS_ENTRY]})
    result = complete("twpy workspaces delete --name ")
    assert (result.exit_code, values(result), result.stderr) == (0, ["Seqera/cli"], "")


@contextmanager
def probe(kind: str):
    """A throwaway command declaring `-w` and `-x` the way command modules do (`_completer(kind)`)."""
    import click

    from tw_py.cli import options
    from tw_py.cli.root import cli

    @click.command("probe")
    @options.workspace_option
    @click.option("-x", shell_complete=options._completer(kind))
    def command(workspace, x):
        """Probe."""

    cli.add_command(command)
    try:
        yield
    finally:
        cli.commands.pop("probe")


def test_pipeline_names_are_those_of_the_workspace_in_use():
    seed()
    with probe("pipelines"):
        by_name = complete("twpy probe -w Seqera/cli -x ")
        by_id = complete(f"twpy probe -w {WS_ID} -x r")
        personal = complete("twpy probe -x ")
        from_env = complete("twpy probe -x h", env={"TOWER_WORKSPACE_ID": "Seqera/cli"})
        zsh = complete("twpy probe -w Seqera/cli -x rn", shell="zsh")
    assert (by_name.exit_code, values(by_name), by_name.stderr) == (0, ["hello", "rnaseq"], "")
    assert (by_id.exit_code, values(by_id), by_id.stderr) == (0, ["rnaseq"], "")
    assert (personal.exit_code, values(personal), personal.stderr) == (0, ["my-personal-pipe"], "")
    assert (from_env.exit_code, values(from_env), from_env.stderr) == (0, ["hello"], "")
    assert (zsh.exit_code, zsh.stdout.splitlines(), zsh.stderr) == (0, ["plain", "rnaseq", "https://github.com/nf-core/rnaseq"], "")


@pytest.mark.parametrize("kind, typed, expected", [
    ("compute-envs", "", ["aws-batch"]),
    ("credentials", "git", ["github-creds"]),
    ("runs", "", ["4Cz7tRrgXb"]),
    ("runs", "4C", ["4Cz7tRrgXb"]),
    ("runs", "happy", ["4Cz7tRrgXb"]),  # a run name completes to the run's id: -i takes ids only
    ("runs", "nope", []),
    ("run-names", "", ["happy_turing"]),
    ("run-names", "4C", []),
    ("labels", "", ["team", "project", "owner=me"]),
    ("labels", "team,p", ["team,project"]),
    ("labels", "team,", ["team,project", "team,owner=me"]),
    ("studios", "", ["notebook", "rstudio"]),
    ("studios", "n", ["notebook"]),
    ("studio-ids", "", ["3e8370e7", "ddfd5e14"]),
    ("studio-ids", "dd", ["ddfd5e14"]),
    ("studio-ids", "note", []),  # -i takes session ids only
])
def test_each_kind_of_name_completes(kind, typed, expected):
    seed()
    with probe(kind):
        result = complete(f"twpy probe -w {WS_ID} -x {typed}")
    assert (result.exit_code, values(result), result.stderr) == (0, expected, "")


def test_enum_options_complete_their_choices():
    result = complete("twpy -o ")
    assert (result.exit_code, values(result), result.stderr) == (0, ["console", "json"], "")
    assert values(complete("twpy completion ")) == ["bash", "zsh", "fish"]


def test_completion_never_prints_errors_into_the_shell():
    from tw_py.api import names

    path = names.names_file(URL, "default", "workspaces")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xfe not text")
    result = complete("twpy workspaces view -n ")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "\n", "")
    # an unknown profile is a configuration error for commands, silence for completion
    result = complete("twpy --profile nope workspaces view -n ")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "\n", "")


def test_stale_names_are_still_offered(monkeypatch):
    seed()
    monkeypatch.setenv("TWPY_NAMES_TTL", "0")
    result = complete("twpy workspaces view -n S")
    assert (result.exit_code, values(result), result.stderr) == (0, ["Seqera/cli"], "")


# Names cache ----------------------------------------------------------------------------------------

def test_remember_merges_and_replace_replaces():
    from tw_py.api import names

    names.remember(SETTINGS, "pipelines", 5, ["a", "b"])
    names.remember(SETTINGS, "pipelines", 5, [{"name": "c"}])
    assert [v for v, _ in names.recall(URL, "default", "pipelines", 5)[0]] == ["c", "a", "b"]
    names.remember(SETTINGS, "pipelines", 5, [{"name": "d"}], replace=True)
    known, age = names.recall(URL, "default", "pipelines", "5")
    assert [v for v, _ in known] == ["d"] and 0 <= age < 5
    assert names.recall(URL, "other-profile", "pipelines", 5) == ([], None)


def test_remember_never_raises(tmp_path, monkeypatch):
    from tw_py.api import names

    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("TWPY_CACHE_DIR", str(blocker / "sub"))  # a directory under a file: cannot be created
    names.remember(SETTINGS, "pipelines", None, ["x"])
    assert names.recall(URL, "default", "pipelines") == ([], None)


# Refresh --------------------------------------------------------------------------------------------

def test_refresh_fetches_the_names_of_a_workspace(api):
    from responses import matchers

    from tw_py.api import names
    from tw_py.cli.completion_values import refresh
    from tw_py.cli.context import AppContext

    user_and_workspaces(api)
    api.get(f"{URL}/pipelines", json={"pipelines": [{"pipelineId": 1, "name": "hello"}], "totalSize": 1},
            match=[matchers.query_param_matcher({"workspaceId": str(WS_ID), "max": "100", "offset": "0"})])
    app = AppContext()
    assert refresh(app, "pipelines", "Seqera/cli") == 1
    app.close()
    assert names.recall(URL, "default", "pipelines", WS_ID)[0] == [["hello", ""]]
    assert names.recall(URL, "default", "workspaces")[0] == [["Seqera/cli", str(WS_ID)]]


class FakePlatform(BaseHTTPRequestHandler):
    routes = {
        "/user-info": {"user": USER},
        f"/user/{USER['id']}/workspaces": {"orgsAndWorkspaces": [WS_ENTRY]},
        "/pipelines": {"pipelines": [{"pipelineId": 1, "name": "from-server"}], "totalSize": 1},
    }
    seen: list = []

    def do_GET(self):
        path = self.path.split("?")[0]
        type(self).seen.append((self.path, self.headers.get("Authorization")))
        body = json.dumps(self.routes.get(path, {"message": "not found"})).encode()
        self.send_response(200 if path in self.routes else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _subprocess_complete(line: str, env: dict):
    words = line.split(" ")
    environ = dict(os.environ, _TWPY_COMPLETE="bash_complete", COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    environ.update(env)
    return subprocess.run([sys.executable, "-m", "tw_py"], env=environ, capture_output=True, text=True, timeout=30)


def test_a_cold_cache_is_filled_by_a_background_refresh_within_the_timeout():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePlatform)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakePlatform.seen = []
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        result = _subprocess_complete("twpy api -w Seqera/cli /user-in", {"TOWER_API_ENDPOINT": url})
        assert (result.returncode, result.stdout, result.stderr) == (0, "plain,/user-info\n", "")
        env = {"TOWER_API_ENDPOINT": url, "TWPY_INSECURE": "true", "TWPY_COMPLETE_TIMEOUT": "20"}
        result = _subprocess_complete("twpy workspaces view -n ", env)
        assert (result.returncode, result.stdout, result.stderr) == (0, "plain,Seqera/cli\n", "")
        assert FakePlatform.seen[0] == ("/user-info", f"Bearer {TOKEN}")
        FakePlatform.seen = []
        result = _subprocess_complete("twpy pipelines view -w Seqera/cli -n ", env)
        assert (result.returncode, result.stdout, result.stderr) == (0, "plain,from-server\n", "")
        assert [seen for seen, _ in FakePlatform.seen] == [f"/pipelines?workspaceId={WS_ID}&max=100&offset=0"]
    finally:
        server.shutdown()


def test_a_warm_completion_imports_no_http_keyring_or_table_library():
    seed()
    probe = ("import sys, atexit\n"
             "atexit.register(lambda: sys.stderr.write(repr(sorted(m for m in sys.modules "
             "if m.split('.')[0] in ('requests', 'keyring', 'tabulate', 'urllib3', 'yaml')))))\n"
             "from tw_py.cli import main\nmain()\n")
    environ = dict(os.environ, _TWPY_COMPLETE="bash_complete", COMP_WORDS="twpy workspaces view -n S", COMP_CWORD="4")
    result = subprocess.run([sys.executable, "-c", probe], env=environ, capture_output=True, text=True, timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (0, "plain,Seqera/cli\n", "[]")


def test_names_follow_the_profile_and_its_url_and_workspace(tmp_path):
    from tw_py.api import names

    config = tmp_path / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.ini").write_text("[default]\nurl = https://api.default.test\n\n"
                                       "[work]\n; a comment\nurl = https://api.work.test\nworkspace: 77\n")
    names.remember(SimpleNamespace(url="https://api.work.test", profile="work"), "pipelines", 77, ["work-pipe"])
    names.remember(SimpleNamespace(url=URL, profile="default"), "pipelines", 77, ["env-url-pipe"])
    with probe("pipelines"):
        by_flag = complete("twpy --profile work probe -x ", env={"TOWER_API_ENDPOINT": None})
        by_env = complete("twpy probe -x ", env={"TOWER_API_ENDPOINT": None, "TWPY_PROFILE": "work"})
        env_url_wins = complete("twpy --profile work probe -x ")
    assert (by_flag.exit_code, values(by_flag), by_flag.stderr) == (0, ["work-pipe"], "")
    assert (by_env.exit_code, values(by_env), by_env.stderr) == (0, ["work-pipe"], "")
    assert (env_url_wins.exit_code, values(env_url_wins), env_url_wins.stderr) == (0, [], "")


@pytest.mark.parametrize("command, path, payload, line, expected", [
    (["pipelines", "list", "-w", "Seqera/cli"], "/pipelines",
     {"pipelines": [{"pipelineId": 1, "name": "nf-hello", "repository": "https://github.com/nextflow-io/hello"}],
      "totalSize": 1}, "twpy pipelines view -w Seqera/cli -n nf", ["nf-hello"]),
    (["credentials", "list", "-w", "Seqera/cli"], "/credentials",
     {"credentials": [{"id": "c1", "name": "my-github", "provider": "github"}]},
     "twpy compute-envs import ce.json -w Seqera/cli -c my", ["my-github"]),
    (["compute-envs", "list", "-w", "Seqera/cli"], "/compute-envs",
     {"computeEnvs": [{"id": "ce1", "name": "batch-ce", "platform": "aws-batch", "status": "AVAILABLE"}]},
     "twpy launch -w Seqera/cli hello -c b", ["batch-ce"]),
    (["runs", "list", "-w", "Seqera/cli"], "/workflow",
     {"workflows": [{"workflow": {"id": "5mXyz", "runName": "tiny_curie", "status": "RUNNING"}}], "totalSize": 1},
     "twpy runs view -w Seqera/cli -i ", ["5mXyz"]),
    (["data-links", "list", "-w", "Seqera/cli"], "/data-links",  # the fetch-status probe and the list itself
     {"dataLinks": [{"id": "v1-a", "name": "a-bucket", "provider": "aws", "resourceRef": "s3://a-bucket"}],
      "totalSize": 1}, "twpy data-links browse -w Seqera/cli -n a", ["a-bucket"]),
])
def test_list_commands_feed_the_names_completion_offers(run, api, command, path, payload, line, expected):
    user_and_workspaces(api)
    api.get(f"{URL}{path}", json=payload)
    listed = run(*command)
    assert (listed.exit_code, listed.stderr) == (0, ""), listed
    result = complete(line)
    assert (result.exit_code, values(result), result.stderr) == (0, expected, "")
    # and the workspace name itself, from the workspace lookup that the list command made
    assert values(complete("twpy workspaces view -n Seq")) == ["Seqera/cli"]


def test_run_ids_show_the_run_name_and_status_in_zsh():
    seed()
    with probe("runs"):
        result = complete(f"twpy probe -w {WS_ID} -x happy", shell="zsh")
    assert (result.exit_code, result.stdout.splitlines(), result.stderr) == \
        (0, ["plain", "4Cz7tRrgXb", "happy_turing SUCCEEDED"], "")


HANGING_KEYRING = """
import time
from keyring.backend import KeyringBackend


class HangingKeyring(KeyringBackend):
    priority = 100

    def get_password(self, service, username):
        time.sleep(600)

    def set_password(self, service, username, password):
        time.sleep(600)

    def delete_password(self, service, username):
        time.sleep(600)
"""


def test_a_locked_keyring_never_holds_completion_long(tmp_path, monkeypatch):
    """The token is in a keyring that never answers: completion answers nothing, quietly and quickly."""
    import time

    from tw_py.api import names
    from tw_py.config import paths

    (tmp_path / "hangring.py").write_text(HANGING_KEYRING)
    paths.config_dir().mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(f"[default]\nurl = {URL}\ntoken_store = keyring\n")
    monkeypatch.delenv("TOWER_ACCESS_TOKEN")
    monkeypatch.delenv("TOWER_API_ENDPOINT")
    env = {"PYTHONPATH": str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "PYTHON_KEYRING_BACKEND": "hangring.HangingKeyring",
           "TWPY_KEYRING_TIMEOUT": "60", "TWPY_COMPLETE_TIMEOUT": "30"}
    start = time.monotonic()
    result = _subprocess_complete("twpy pipelines view -w Seqera/cli -n ", env)
    elapsed = time.monotonic() - start
    assert (result.returncode, result.stdout, result.stderr) == (0, "\n", "")
    assert elapsed < 10  # the refresh gives the keyring 1 s, not 60: completion does not wait 30 s
    # the refresh left a note: the next completions answer at once instead of waiting for a refresh again
    assert (names.scope_dir(URL, "default") / ".keyring-locked").is_file()
    start = time.monotonic()
    result = _subprocess_complete("twpy launch -w Seqera/cli ", env)
    assert (result.returncode, result.stdout, result.stderr) == (0, "\n", "")
    assert time.monotonic() - start < elapsed


def test_api_offers_every_spec_path_and_fills_typed_placeholders():
    from tw_py.api.spec_paths import PATHS

    everything = complete("twpy api /")
    assert (everything.exit_code, values(everything), everything.stderr) == (0, [path for path, _ in PATHS], "")
    assert values(complete("twpy api -w 5 user-i")) == ["/user-info"]  # the leading slash is optional
    assert values(complete("twpy api /pipelines/12/s")) == ["/pipelines/12/schema"]
    assert values(complete("twpy api /workflow/4Cz7/task/7")) == ["/workflow/4Cz7/task/7"]
    zsh = complete("twpy api /service-i", shell="zsh")
    assert (zsh.exit_code, zsh.stdout.splitlines(), zsh.stderr) == (0, ["plain", "/service-info", "GET"], "")
    methods = complete("twpy api -X p")
    assert (methods.exit_code, values(methods), methods.stderr) == (0, ["POST", "PUT", "PATCH"], "")


def test_labels_attached_to_listed_items_are_remembered_as_label_names():
    from tw_py.api import names

    names.remember(SETTINGS, "runs", WS_ID, [{"workflow": {"id": "a1", "runName": "x", "status": "RUNNING"},
                                              "labels": [{"name": "nightly", "resource": False},
                                                         {"name": "team", "value": "bio", "resource": True}]}])
    names.remember(SETTINGS, "pipelines", WS_ID, [{"name": "p", "labels": [{"name": "nightly"}, {"name": "rna"}]}])
    assert [v for v, _ in names.recall(URL, "default", "labels", WS_ID)[0]] == ["nightly", "rna", "team=bio"]


def test_zsh_script_loads_in_a_plain_zsh_without_compinit(run):
    import shutil
    import subprocess

    script = run("completion", "zsh").stdout
    assert "autoload -Uz compinit && compinit -i" in script
    if shutil.which("zsh") is None:
        return
    done = subprocess.run(["zsh", "-f", "-c", script + "\n(( $+functions[_twpy_completion] )) && echo ok"],
                          capture_output=True, text=True, timeout=30)
    assert "command not found: compdef" not in done.stderr
    assert done.stdout.strip() == "ok"


def test_status_choices_complete_in_the_case_the_help_uses():
    from click.shell_completion import ShellComplete

    from tw_py.cli.root import cli

    found = ShellComplete(cli, {}, "twpy", "_TWPY_COMPLETE").get_completions(["launch", "hello", "--wait"], "SUC")
    assert [c.value for c in found] == ["SUCCEEDED"]


def test_global_options_typed_anywhere_on_the_line_steer_completion(tmp_path):
    """-u/--profile typed before or after the command choose the names, as the command would resolve them."""
    from tw_py.api import names

    (tmp_path / "config").mkdir(parents=True, exist_ok=True)
    (tmp_path / "config" / "config.ini").write_text("[work]\nurl = https://api.work.test\n")
    names.remember(SimpleNamespace(url="https://api.work.test", profile="work"), "pipelines", None, ["work-pipe"])
    names.remember(SimpleNamespace(url="https://other.test", profile="default"), "pipelines", None, ["other-pipe"])
    with probe("pipelines"):
        after = complete("twpy probe --profile work -x ", env={"TOWER_API_ENDPOINT": None})
        url_after = complete("twpy probe -u https://other.test -x ", env={"TOWER_API_ENDPOINT": None})
        url_before = complete("twpy -u https://other.test probe -x ", env={"TOWER_API_ENDPOINT": None})
    assert (after.exit_code, values(after), after.stderr) == (0, ["work-pipe"], "")
    assert (url_after.exit_code, values(url_after), url_after.stderr) == (0, ["other-pipe"], "")
    assert values(url_before) == ["other-pipe"]


def test_an_empty_endpoint_variable_is_read_as_the_command_reads_it(tmp_path):
    """One settings resolution: TOWER_API_ENDPOINT set but empty counts as set, in completion as in commands."""
    import click

    from tw_py.cli.completion_values import _scope
    from tw_py.cli.context import AppContext
    from tw_py.cli.root import cli

    (tmp_path / "config").mkdir(parents=True, exist_ok=True)
    (tmp_path / "config" / "config.ini").write_text("[default]\nurl = https://profile.test\n")
    os.environ["TOWER_API_ENDPOINT"] = ""
    try:
        ctx = click.Context(cli, resilient_parsing=True)
        ctx.params = {}
        assert _scope(ctx)["url"] == AppContext().settings.url
    finally:
        os.environ["TOWER_API_ENDPOINT"] = URL


def test_the_background_refresh_gets_the_global_options_of_the_line(tmp_path, monkeypatch):
    """`twpy --insecure ... -n <TAB>`: the refresh that fetches the names connects as the command would."""
    import subprocess as subprocess_module

    started = []

    class Recorded:
        def __init__(self, command, **kwargs):
            started.append((command, kwargs["env"]))

        def poll(self):
            return 0

    monkeypatch.setattr(subprocess_module, "Popen", Recorded)
    with probe("pipelines"):
        result = complete("twpy probe --insecure -u http://localhost:9 -t sekrit-token -x ",
                          env={"TWPY_COMPLETE_REFRESH": "1"})
    assert result.exit_code == 0 and result.stderr == ""
    command, env = started[0]
    assert "--insecure" in command and command[command.index("--url") + 1] == "http://localhost:9"
    assert "sekrit-token" not in " ".join(command) and env["TOWER_ACCESS_TOKEN"] == "sekrit-token"


@pytest.mark.parametrize("extra, expected", [
    ((), ["5mXyz"]),                                        # the start of the listing replaces what was known
    (("-f", "tiny"), ["4Cz7tRrgXb", "5mXyz"]),              # a filtered list only adds
    (("--page", "2", "--max", "1"), ["4Cz7tRrgXb", "5mXyz"]),   # a later page only adds
])
def test_a_list_replaces_run_ids_that_are_gone(run, api, extra, expected):
    seed()   # knows run 4Cz7tRrgXb, deleted since
    user_and_workspaces(api)
    api.get(f"{URL}/workflow", json={"workflows": [{"workflow": {"id": "5mXyz", "runName": "tiny_curie",
                                                                  "status": "RUNNING"}}], "totalSize": 1})
    listed = run("runs", "list", "-w", "Seqera/cli", *extra)
    assert (listed.exit_code, listed.stderr) == (0, ""), listed
    result = complete("twpy runs view -w Seqera/cli -i ")
    assert (result.exit_code, sorted(values(result)), result.stderr) == (0, expected, "")


@pytest.mark.skipif(not (shutil.which("zsh") and shutil.which("tmux")), reason="needs zsh and tmux")
def test_zsh_keeps_the_typed_word_when_several_runs_match_it_by_name(tmp_path, run):
    """`runs view -i peace<TAB>` with two runs named peace_*: zsh lists them and keeps 'peace' on the line."""
    import time

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "twpy"   # answers as twpy does for two runs whose names (not ids) start with 'peace'
    fake.write_text("#!/bin/sh\nprintf 'plain\\n4Cz7tRrgXb\\npeace_one SUCCEEDED\\nplain\\n5mXyzabc\\npeace_two RUNNING\\n'\n")
    fake.chmod(0o755)
    (tmp_path / "twpy.zsh").write_text(run("completion", "zsh").stdout)
    rc = tmp_path / "rc.zsh"
    rc.write_text(f"PATH={bin_dir}:$PATH\nsource {tmp_path / 'twpy.zsh'}\nPS1='> '\n")
    session = f"twpy-test-{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "20", "zsh", "-f", "-i"], check=True)
    try:
        subprocess.run(["tmux", "send-keys", "-t", session, f"source {rc}", "Enter"], check=True)
        time.sleep(0.5)
        subprocess.run(["tmux", "send-keys", "-t", session, "twpy runs view -i peace", "Tab"], check=True)
        screen = ""
        for _ in range(50):
            time.sleep(0.2)
            screen = subprocess.run(["tmux", "capture-pane", "-t", session, "-p"], capture_output=True,
                                    text=True).stdout
            if "peace_two" in screen:
                break
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    assert "peace_one" in screen and "peace_two" in screen, screen
    assert "twpy runs view -i peace" in screen, screen
