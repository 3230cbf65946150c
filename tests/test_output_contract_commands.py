"""The output contract's rows no other test prints, run against a stateful Platform (the sandbox's API in-process
through `responses`, the `platform` fixture): every `compute-envs add` platform, every `credentials add` and
`credentials update` provider, and the write commands whose console lines no other test shows, each in JSON and on
the console. The `run` fixture checks each document and line against its row (tests/output_contract.py); here the
tests also check that the command printed that row's document at all, and the values tw prints."""
from __future__ import annotations

import pytest

from tests import output_contract as contract

SECRET = "s3cr3t-Value-9f8e7d"
MODES = ("json", "console")


def run_row(run, key: tuple, mode: str, *args):
    """Run one command of the table and check its output against its row, whatever the `run` fixture checked."""
    result = run(*(("-o", "json") if mode == "json" else ()), *args)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    path, json_mode = contract.invocation(list(args))
    assert contract.row_for(path) == key and json_mode is False
    if mode == "json":
        assert contract.document_problems(key, result.json()) == []
    else:
        assert contract.templates(key) and contract.console_problems(key, result.stdout) == []
    return result


def credential_options(provider: str, write_file) -> list:
    """The options `credentials add <provider>` needs (files written in the test's directory)."""
    return {
        "agent": ["--connection-id", "conn-1"],
        "aws": ["-a", "AKIA1", "-s", SECRET],
        "azure": ["--batch-name", "b", "--batch-key", SECRET, "--storage-name", "s", "--storage-key", SECRET],
        "azure-entra": ["--batch-name", "b", "--storage-name", "s", "--tenant-id", "t", "--client-id", "c",
                        "--client-secret", SECRET],
        "bitbucket": ["-u", "jordi", "-p", SECRET],
        "codecommit": ["--access-key", "AKIA2", "--secret-key", SECRET, "--base-url", "https://git-codecommit.eu"],
        "container-reg": ["-u", "jordi", "-p", SECRET],
        "gitea": ["-u", "jordi", "--password-file", write_file("pw.txt", SECRET), "--base-url", "https://gitea.test"],
        "github": ["-u", "octocat", "-p", SECRET],
        "gitlab": ["-u", "jordi", "-p", SECRET, "-t", SECRET + "-tok"],
        "google": ["-k", write_file("gcp.json", '{"type": "service_account", "private_key": "' + SECRET + '"}')],
        "k8s": ["-t", SECRET],
        "ssh": ["-k", write_file("id_ssh", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + SECRET + "\n")],
    }[provider]


PROVIDERS = sorted(k[2] for k in contract.ROWS if k[:2] == ("credentials", "add"))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("provider", PROVIDERS)
def test_credentials_add_every_provider(platform, run, write_file, provider, mode):
    key = ("credentials", "add", provider)
    result = run_row(run, key, mode, "credentials", "add", provider, "-n", "new-creds",
                     *credential_options(provider, write_file))
    [created] = [c for c in platform.items("credentials") if c["name"] == "new-creds"]
    provider_value = dict(contract.ROWS[key].values)["provider"]
    if mode == "json":
        assert result.json() == {"id": created["id"], "provider": provider_value, "name": "new-creds",
                                 "workspaceRef": "user"}
    else:
        assert result.stdout == f"\n  New {provider_value} credentials 'new-creds ({created['id']})' added at user workspace\n"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("provider", sorted(k[2] for k in contract.ROWS if k[:2] == ("credentials", "update")))
def test_credentials_update_every_provider(platform, run, write_file, provider, mode):
    key = ("credentials", "update", provider)
    options = credential_options(provider, write_file)   # tw's update takes the add's options
    assert run("credentials", "add", provider, "-n", "to-update", *options).exit_code == 0
    result = run_row(run, key, mode, "credentials", "update", provider, "-n", "to-update", *options)
    provider_value = dict(contract.ROWS[key].values)["provider"]
    if mode == "json":
        assert result.json() == {"provider": provider_value, "name": "to-update", "workspaceRef": "user"}
    else:
        assert result.stdout == f"\n  {provider_value} credentials 'to-update' updated at user workspace\n"


#: each platform's options and the credentials provider it needs in the workspace (the sandbox seeds AWS ones)
PLATFORMS = {
    ("altair",): ("ssh", ["--work-dir", "/home/me/work", "-u", "me", "-H", "login.example.com", "-q", "normal"]),
    ("aws-batch", "forge"): (None, ["-r", "eu-west-1", "--work-dir", "s3://b/work", "--max-cpus", "8"]),
    ("aws-batch", "manual"): (None, ["-r", "eu-west-1", "--work-dir", "s3://b/work", "--head-queue", "hq",
                                     "--compute-queue", "cq"]),
    ("aws-cloud",): (None, ["-r", "eu-west-1", "--work-dir", "s3://b/work"]),
    ("azure-batch", "forge"): ("azure", ["-l", "eastus", "--work-dir", "az://c/w", "--vm-type", "Standard_D4s_v3",
                                         "--vm-count", "4"]),
    ("azure-batch", "manual"): ("azure", ["-l", "eastus", "--work-dir", "az://c/w", "--compute-pool-name", "pool1"]),
    ("azure-cloud",): ("azure-entra", ["-r", "eastus", "--resource-group", "rg", "--work-dir", "az://c/w",
                                 "--subscription-id", "sub"]),
    ("eks",): (None, ["--work-dir", "/w", "-r", "r1", "--cluster-name", "c1", "--namespace", "ns",
                      "--head-account", "sa", "--compute-account", "csa"]),
    ("gke",): ("google", ["--work-dir", "/w", "-r", "r1", "--cluster-name", "c1", "--namespace", "ns",
                          "--head-account", "sa", "--compute-account", "csa"]),
    ("google-batch",): ("google", ["-l", "europe-west2", "--work-dir", "gs://b/w"]),
    ("google-cloud",): ("google", ["-r", "europe-west2", "-z", "europe-west2-a", "--work-dir", "gs://b/w"]),
    ("k8s",): ("k8s", ["--work-dir", "/scratch/work", "-s", "https://k8s:6443", "--namespace", "nf",
                       "--ssl-cert", "{ca}", "--head-account", "head", "--storage-claim", "scratch"]),
    ("lsf",): ("ssh", ["--work-dir", "/w", "-u", "me", "-H", "login.example.com", "-q", "normal"]),
    ("moab",): ("ssh", ["--work-dir", "/w", "-u", "me", "-H", "login.example.com", "-q", "normal"]),
    ("seqera-compute",): (None, ["-r", "eu-west-1", "--work-dir", "s3://b/work"]),
    ("slurm",): ("ssh", ["--work-dir", "/w", "-u", "me", "-H", "login.example.com", "-q", "normal"]),
    ("uge",): ("ssh", ["--work-dir", "/w", "-u", "me", "-H", "login.example.com", "-q", "normal"]),
}


def test_every_platform_has_options_here():
    assert sorted(PLATFORMS) == sorted(k[2:] for k in contract.ROWS if k[:2] == ("compute-envs", "add"))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("platform_path", sorted(PLATFORMS), ids=" ".join)
def test_compute_envs_add_every_platform(platform, run, write_file, platform_path, mode):
    key = ("compute-envs", "add") + platform_path
    provider, options = PLATFORMS[platform_path]
    if provider:
        assert run("credentials", "add", provider, "-n", f"{provider}-creds",
                   *credential_options(provider, write_file)).exit_code == 0
    options = [o.format(ca=write_file("ca.crt", "CERT\n")) for o in options]
    result = run_row(run, key, mode, "compute-envs", "add", *platform_path, "-n", "new-ce", *options)
    [created] = [c for c in platform.items("computeEnvs") if c["name"] == "new-ce"]
    platform_id = dict(contract.ROWS[key].values)["platform"]
    assert created["platform"] == platform_id
    if mode == "json":
        assert result.json() == {"platform": platform_id, "id": created["id"], "name": "new-ce", "workspaceRef": "user"}
    else:
        assert result.stdout == f"\n  New {platform_id.upper()} compute environment 'new-ce' added at user workspace\n"


def test_actions_add_github_json(platform, run):
    result = run_row(run, ("actions", "add", "github"), "json", "actions", "add", "github", "-n", "on-push",
                     "--pipeline", "https://github.com/nextflow-io/hello", "-c", "aws-demo")
    [created] = [a for a in platform.items("actions") if a["name"] == "on-push"]
    assert result.json() == {"actionName": "on-push", "workspaceRef": "user", "actionId": created["id"]}


def test_compute_envs_validate_console(platform, run):
    [ce] = [c for c in platform.items("computeEnvs") if c.get("workspaceId") is None]
    result = run_row(run, ("compute-envs", "validate"), "console", "compute-envs", "validate", "-i", ce["id"])
    assert result.stdout.startswith(f"\n  Compute environment '{ce['id']}' at user workspace validated as ")


@pytest.mark.parametrize("mode", MODES)
def test_labels_delete_in_a_workspace_and_the_personal_one(platform, run, mode):
    for workspace, shown in ((["-w", "demo/showcase"], "at '{ws}' workspace "), ([], "")):
        [label] = [l for l in platform.items("labels")
                   if l["name"] == "rnaseq" and (l.get("workspaceId") is not None) == bool(workspace)]
        result = run_row(run, ("labels", "delete"), mode, "labels", "delete", "-i", label["id"], *workspace)
        ws = label.get("workspaceId")
        if mode == "console":
            assert result.stdout == f"\n  Label '{label['id']}' deleted {shown.format(ws=ws)}\n"
        else:
            assert result.json() == ({"labelId": label["id"], "workspaceId": ws} if ws else {"labelId": label["id"]})


@pytest.mark.parametrize("command, word", [("hide", "hidden"), ("show", "shown")])
def test_datasets_hide_and_show_console(platform, run, command, word):
    [dataset] = [d for d in platform.items("datasets") if d.get("workspaceId") is not None]
    result = run_row(run, ("datasets", command), "console", "datasets", command, "-w", "demo/showcase",
                     "-n", dataset["name"])
    # tw names the workspace as given with -w here
    assert result.stdout == f"\n  Datasets {word} at demo/showcase workspace:\n    - {dataset['id']}\n\n"
