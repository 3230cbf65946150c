"""twpy credentials: request bodies per provider, list/delete/validate/update, usage errors, secrets kept secret."""
import json

import pytest
from responses import matchers

from tests.helpers import URL, WS_ENTRY, body, document, failed, misused, printed, succeeded, user_and_workspaces, validation

WS = WS_ENTRY["workspaceId"]
NEW_ID = "1sxCxvxfx8xnxdxGxQxqxH"
SECRET = "s3cr3t-Value-9f8e7d"          # checked to never appear in any output
SSH_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
LISTED = [{"id": "2ba2oekqeTEBzwSDgXg7xf", "name": "ssh", "provider": "ssh", "lastUsed": "2021-09-06T08:53:51Z"},
          {"id": "57Ic6reczFn78H1DTaaXkp", "name": "azure", "provider": "azure"}]


def expect_create(api, query=None, response_id=NEW_ID):
    params = {"useExternalId": "false"} if query is None else query
    return api.post(f"{URL}/credentials", json={"credentialsId": response_id},
                    match=[matchers.query_param_matcher(params)])


def expect_list(api, entries, workspace=None):
    params = {"workspaceId": str(workspace)} if workspace else {}
    api.get(f"{URL}/credentials", json={"credentials": entries}, match=[matchers.query_param_matcher(params)])


def sent(api, method="POST") -> dict:
    """The body of the one request with this method."""
    calls = [c for c in api.calls if c.request.method == method]
    assert len(calls) == 1
    return body(calls[0])


def no_secret(result, *secrets):
    for value in (SECRET,) + secrets:
        assert value not in result.stdout and value not in result.stderr, "a secret leaked into the output"


@pytest.fixture
def credential_files(tmp_path):
    (tmp_path / "id_ssh").write_text(SSH_KEY)
    (tmp_path / "gcp.json").write_text('{"type": "service_account", "private_key": "' + SECRET + '"}\n')
    (tmp_path / "cert.pem").write_text("CERT\n")
    (tmp_path / "key.pem").write_text("KEY-" + SECRET + "\n")
    (tmp_path / "pw.txt").write_text(SECRET + "\n")
    return tmp_path


# Every provider: the exact request body ---------------------------------------------------------------------
PROVIDER_CASES = {
    "aws": (["-a", "AKIA1", "-s", SECRET], "aws", "AWS",
            {"accessKey": "AKIA1", "secretKey": SECRET}),
    "aws-role": (["--mode", "ROLE", "-r", "arn:aws:iam::1:role/R"], "aws", "AWS",
                 {"mode": "role", "assumeRoleArn": "arn:aws:iam::1:role/R"}),
    "codecommit": (["--access-key", "AKIA2", "--secret-key", SECRET, "--base-url", "https://git-codecommit.eu"],
                   "codecommit", "CODECOMMIT", {"username": "AKIA2", "password": SECRET}),
    "google": (["-k", "{d}/gcp.json"], "google", "GOOGLE",
               {"data": '{"type": "service_account", "private_key": "' + SECRET + '"}\n'}),
    "google-wif": (["--mode", "workload-identity", "--service-account-email", "sa@proj.iam.gserviceaccount.com",
                    "--workload-identity-provider",
                    "projects/1/locations/global/workloadIdentityPools/p/providers/q", "--token-audience", "aud"],
                   "google", "GOOGLE",
                   {"serviceAccountEmail": "sa@proj.iam.gserviceaccount.com", "tokenAudience": "aud",
                    "workloadIdentityProvider": "projects/1/locations/global/workloadIdentityPools/p/providers/q"}),
    "github": (["-u", "octocat", "-p", SECRET], "github", "GITHUB", {"username": "octocat", "password": SECRET}),
    "gitlab": (["-u", "jordi", "-p", SECRET, "-t", SECRET + "-tok"], "gitlab", "GITLAB",
               {"username": "jordi", "password": SECRET, "token": SECRET + "-tok"}),
    "gitea": (["-u", "jordi", "--password-file", "{d}/pw.txt", "--base-url", "https://gitea.test"], "gitea", "GITEA",
              {"username": "jordi", "password": SECRET}),
    "bitbucket": (["-u", "jordi", "-p", SECRET], "bitbucket", "BITBUCKET", {"username": "jordi", "password": SECRET}),
    "ssh": (["-k", "{d}/id_ssh", "-p", SECRET], "ssh", "SSH", {"privateKey": SSH_KEY, "passphrase": SECRET}),
    "k8s": (["-t", SECRET], "k8s", "K8S", {"token": SECRET}),
    "k8s-cert": (["-c", "{d}/cert.pem", "-k", "{d}/key.pem"], "k8s", "K8S",
                 {"certificate": "CERT\n", "privateKey": "KEY-" + SECRET + "\n"}),
    "azure": (["--batch-name", "b", "--batch-key", SECRET, "--storage-name", "s", "--storage-key", SECRET + "2"],
              "azure", "AZURE", {"batchName": "b", "batchKey": SECRET, "storageName": "s", "storageKey": SECRET + "2"}),
    "azure-entra": (["--batch-name", "b", "--storage-name", "s", "--tenant-id", "t", "--client-id", "c",
                     "--client-secret", SECRET], "azure_entra", "AZURE_ENTRA",
                    {"batchName": "b", "storageName": "s", "tenantId": "t", "clientId": "c", "clientSecret": SECRET}),
    "agent": (["--connection-id", "conn-1"], "tw-agent", "TW_AGENT",
              {"connectionId": "conn-1", "workDir": "$TW_AGENT_WORK"}),
    "container-reg": (["-u", "jordi", "-p", SECRET], "container-reg", "CONTAINER_REG",
                      {"userName": "jordi", "password": SECRET, "registry": "docker.io"}),
}


@pytest.mark.parametrize("case", sorted(PROVIDER_CASES))
def test_add_each_provider_sends_exact_body(api, run, credential_files, case):
    args, wire, label, keys = PROVIDER_CASES[case]
    command = case.split("-")[0] if case in ("aws-role", "google-wif", "k8s-cert") else case
    role = case == "aws-role"
    expect_create(api, {"useExternalId": "true" if role else "false"})
    if role:
        api.get(f"{URL}/credentials/{NEW_ID}", json={"credentials": {"id": NEW_ID, "name": "c", "provider": "aws"}})
    result = run("credentials", "add", command, "-n", "c", *[a.format(d=credential_files) for a in args])
    assert succeeded(result) == f"\n  New {label} credentials 'c ({NEW_ID})' added at user workspace\n"
    posted = sent(api)
    base_url = {"codecommit": "https://git-codecommit.eu", "gitea": "https://gitea.test"}.get(case)
    expected = {"keys": dict(keys, discriminator=wire), "name": "c", "provider": wire}
    if base_url:
        expected["baseUrl"] = base_url
    assert posted == {"credentials": expected}
    no_secret(result)


def test_add_aws_role_shows_external_id_and_trust_policy(api, run):
    user_and_workspaces(api)
    expect_create(api, {"workspaceId": str(WS), "useExternalId": "true"})
    api.get(f"{URL}/credentials/{NEW_ID}", match=[matchers.query_param_matcher({"workspaceId": str(WS)})],
            json={"credentials": {"id": NEW_ID, "name": "role", "provider": "aws",
                                  "keys": {"externalId": "ext-123", "assumeRoleArn": "arn:r"}},
                  "setupSnippet": '{\n  "Version": "2012-10-17"\n}'})
    result = run("credentials", "add", "aws", "-n", "role", "-w", WS, "-r", "arn:r", "--generate-external-id")
    assert succeeded(result) == (f"\n  New AWS credentials 'role ({NEW_ID})' added at [Seqera / cli] workspace\n"
                                 "\n  External ID: ext-123\n"
                                 "\n  Trust policy (paste this into your IAM role's trust relationship):\n\n"
                                 '    {\n      "Version": "2012-10-17"\n    }\n')
    assert sent(api)["credentials"]["keys"] == {"discriminator": "aws", "assumeRoleArn": "arn:r"}


def test_add_aws_role_json_and_describe_failure_is_a_warning(api, run):
    expect_create(api, {"useExternalId": "true"})
    api.get(f"{URL}/credentials/{NEW_ID}", status=500, json={"message": "boom"})
    result = run("-o", "json", "credentials", "add", "aws", "-n", "role", "--mode", "role", "-r", "arn:r")
    assert result.exit_code == 0, result
    # as tw: the warning goes to stderr only, the document keeps tw's keys
    assert result.stderr == "WARNING: could not fetch credential details after creation: boom. The credential was created.\n"
    assert result.json() == {"id": NEW_ID, "provider": "AWS", "name": "role", "workspaceRef": "user"}


def test_add_json_shape(api, run):
    expect_create(api)
    result = run("-o", "json", "credentials", "add", "github", "-n", "gh", "-u", "octocat", "-p", SECRET)
    assert result.exit_code == 0 and result.stderr == ""
    assert list(result.json()) == ["id", "provider", "name", "workspaceRef"]
    assert result.json() == {"id": NEW_ID, "provider": "GITHUB", "name": "gh", "workspaceRef": "user"}
    no_secret(result)


def test_add_overwrite_deletes_the_same_name_first(api, run):
    expect_list(api, [{"id": "old1", "name": "gh", "provider": "github"}, {"id": "x", "name": "other"}])
    api.delete(f"{URL}/credentials/old1", match=[matchers.query_param_matcher({"checked": "false"})])
    expect_create(api)
    result = run("credentials", "add", "github", "-n", "gh", "--overwrite", "-u", "octocat", "-p", SECRET)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert [c.request.method for c in api.calls] == ["GET", "DELETE", "POST"]
    assert "New GITHUB credentials 'gh" in result.stdout


def test_add_overwrite_without_existing_just_creates(api, run):
    expect_list(api, [])
    expect_create(api)
    result = run("credentials", "add", "ssh", "-n", "s", "--overwrite", "-k", __file__)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert [c.request.method for c in api.calls] == ["GET", "POST"]


# Secrets: prompt, credential_files, stdin, never in output or verbose logs ----------------------------------------------
def test_password_option_without_value_reads_piped_stdin_silently(api, run):
    expect_create(api)
    result = run("credentials", "add", "github", "-n", "gh", "-p", "-u", "octocat", input=SECRET + "\n")
    assert result.exit_code == 0, result
    assert sent(api)["credentials"]["keys"]["password"] == SECRET
    assert result.stderr == ""  # not a terminal: no prompt text (a terminal gets a hidden click.prompt)
    assert result.stdout.startswith("\n  New GITHUB credentials 'gh")
    no_secret(result)


def test_password_from_stdin(api, run):
    expect_create(api)
    result = run("credentials", "add", "container-reg", "-n", "reg", "-u", "jordi", "--password-file", "-",
                 "-r", "quay.io", input=SECRET + "\n")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert sent(api)["credentials"]["keys"] == {"discriminator": "container-reg", "userName": "jordi",
                                                        "password": SECRET, "registry": "quay.io"}


def test_verbose_log_never_shows_secrets(api, run, credential_files):
    expect_create(api)
    result = run("-v", "credentials", "add", "ssh", "-n", "s", "-k", credential_files / "id_ssh", "--passphrase-file",
                 credential_files / "pw.txt")
    assert result.exit_code == 0, result
    assert "> POST https://api.tower.test/credentials?useExternalId=false" in result.stderr
    assert '"privateKey":"***"' in result.stderr and '"passphrase":"***"' in result.stderr
    no_secret(result, "b3BlbnNzaC1rZXktdjEAAAAA")


def test_verbose_log_redacts_update_body(api, run):
    expect_list(api, [{"id": "k1", "name": "kube", "provider": "k8s"}])
    api.put(f"{URL}/credentials/k1", status=204)
    result = run("-v", "credentials", "update", "k8s", "-n", "kube", "-t", SECRET)
    assert result.exit_code == 0, result
    assert '"token":"***"' in result.stderr
    no_secret(result)


def test_secret_file_missing_is_one_error(run, tmp_path):
    result = run("credentials", "add", "github", "-n", "gh", "-u", "u", "--password-file", tmp_path / "nope")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"ERROR: File not found: '{tmp_path / 'nope'}' (given to --password-file)\n"


def test_key_file_missing_is_one_error(run, tmp_path):
    result = run("credentials", "add", "ssh", "-n", "s", "-k", tmp_path / "id_missing")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"ERROR: File not found: '{tmp_path / 'id_missing'}' (given to --key)\n"


def test_key_file_that_is_a_directory(run, tmp_path):
    result = run("credentials", "add", "google", "-n", "g", "-k", tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "is a directory" in result.stderr


def test_empty_secret_file(run, tmp_path):
    (tmp_path / "empty").write_text("\n")
    result = run("credentials", "add", "k8s", "-n", "k", "--token-file", tmp_path / "empty")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("ERROR: The secret given by --token-file is empty")


# Usage errors: exit 2, nothing sent --------------------------------------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["github", "-n", "gh", "-u", "octocat"], "Missing required option: '--password=<password>'"),
    (["github", "-u", "octocat", "-p", "x"], "Missing option '-n' / '--name'"),
    (["gitlab", "-n", "g", "-u", "u", "-p", "x"], "Missing required option: '--token=<token>'"),
    (["azure", "-n", "a", "--batch-key", "k", "--storage-name", "s", "--storage-key", "k"],
     "Missing required option: '--batch-name=<batchName>'"),
    (["agent", "-n", "a"], "Missing required option: '--connection-id=<connectionId>'"),
    (["ssh", "-n", "s"], "Missing required option: '--key=<key>'"),
    (["k8s", "-n", "k", "-t", "x", "-c", "c.pem", "-k", "k.pem"], "mutually exclusive"),
    (["k8s", "-n", "k"], "Missing required argument (specify one of these)"),
    (["k8s", "-n", "k", "-c", "c.pem"], "'--certificate' and '--private-key' must be given together"),
    (["aws", "-n", "a", "--mode", "role", "-a", "A", "-s", "S", "-r", "arn"], "cannot be used with '--mode=role'"),
    (["aws", "-n", "a", "--mode", "role"], "Option '--assume-role-arn' is required when using '--mode=role'."),
    (["aws", "-n", "a", "--mode", "token"], "Invalid AWS credential mode 'token'. Allowed values: 'keys', 'role'."),
    (["aws", "-n", "a", "-a", "A", "--generate-external-id"], "'--generate-external-id' requires '--assume-role-arn'"),
    (["aws", "-n", "a", "-a", "A"], "'--access-key' and '--secret-key' must be given together"),
    (["aws", "-n", "a"], "Missing required options"),
    (["google", "-n", "g"], "Option '--key' is required when using service account key mode."),
    (["google", "-n", "g", "--mode", "workload-identity", "-k", "f.json"], "Option '--key' cannot be used"),
    (["google", "-n", "g", "--mode", "workload-identity", "--service-account-email", "bad",
      "--workload-identity-provider", "x"], "Invalid service account email format"),
    (["google", "-n", "g", "-k", "f.json", "--token-audience", "a"], "can only be used with '--mode=workload-identity'"),
    (["github", "-n", "g", "-u", "u", "-p", "x", "--password-file", "f"], "mutually exclusive"),
])
def test_usage_errors_exit_2(run, args, message):
    result = run("credentials", "add", *args)
    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert message in result.stderr
    assert "ERROR: " in result.stderr


def test_gitea_has_no_update(run):
    result = run("credentials", "update", "gitea", "-n", "g")
    assert "No such command 'gitea'" in misused(result)


def test_update_needs_id_or_name(run):
    result = run("credentials", "update", "github", "-u", "u", "-p", "x")
    assert "Missing required argument (specify one of these): (-i=<credentialsId> | -n=<credentialsName>)" in misused(result)


# list / delete / validate ------------------------------------------------------------------------------------
def test_list_console(api, run):
    expect_list(api, LISTED)
    result = run("credentials", "list")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == "  Credentials at user workspace:"
    assert [c.strip() for c in lines[3].split("|")] == ["ID", "Provider", "Name", "Last activity"]
    assert [c.strip() for c in lines[5].split("|")] == ["2ba2oekqeTEBzwSDgXg7xf", "ssh", "ssh",
                                                        "Mon, 6 Sep 2021 08:53:51 GMT"]
    assert [c.strip() for c in lines[6].split("|")] == ["57Ic6reczFn78H1DTaaXkp", "azure", "azure", "never"]


def test_list_json_in_workspace(api, run):
    user_and_workspaces(api)
    expect_list(api, LISTED, WS)
    result = run("-o", "json", "credentials", "list", "-w", "Seqera/cli")
    assert document(result) == {"workspaceRef": "[Seqera / cli]", "credentials": LISTED}


def test_list_empty(api, run):
    expect_list(api, [])
    result = run("credentials", "list")
    assert succeeded(result) == "\n  Credentials at user workspace:\n\n    No credentials found\n"


def test_delete_by_name(api, run):
    expect_list(api, LISTED)
    api.delete(f"{URL}/credentials/57Ic6reczFn78H1DTaaXkp", status=204,
               match=[matchers.query_param_matcher({"checked": "false"})])
    result = run("credentials", "delete", "-n", "azure")
    assert succeeded(result) == "\n  Credentials '57Ic6reczFn78H1DTaaXkp' deleted at user workspace\n"


def test_delete_by_id_json_sends_one_request(api, run):
    user_and_workspaces(api)
    api.delete(f"{URL}/credentials/abc", status=204,
               match=[matchers.query_param_matcher({"workspaceId": str(WS), "checked": "false"})])
    result = run("-o", "json", "credentials", "delete", "-i", "abc", "-w", WS)
    assert document(result) == {"id": "abc", "workspaceRef": "[Seqera / cli]"}


def test_delete_unknown_name(api, run):
    expect_list(api, LISTED, WS)
    result = run("credentials", "delete", "-n", "nope", "-w", WS)
    assert failed(result) == f"ERROR: Credentials 'nope' not found at {WS} workspace"
    assert "azure (57Ic6reczFn78H1DTaaXkp)" in result.stderr


def test_validate_valid(api, run):
    api.get(f"{URL}/credentials/2ba2oekqeTEBzwSDgXg7xf", json={"credentials": LISTED[0]})
    validation(api, "credentials/2ba2oekqeTEBzwSDgXg7xf", "AVAILABLE", force=False)
    result = run("credentials", "validate", "-i", "2ba2oekqeTEBzwSDgXg7xf")
    assert succeeded(result) == "\n  Credentials '2ba2oekqeTEBzwSDgXg7xf' at user workspace validated as AVAILABLE\n"


def test_validate_invalid_exits_1_with_detail(api, run):
    expect_list(api, LISTED)
    validation(api, "credentials/57Ic6reczFn78H1DTaaXkp", "INVALID", message="bad key", force=True)
    assert printed(run("credentials", "validate", "-n", "azure", "--force"), 1) == (
        "\n  Credentials '57Ic6reczFn78H1DTaaXkp' at user workspace validated as INVALID\n  Detail: bad key\n")


def test_validate_json_transient(api, run):
    expect_list(api, LISTED)
    validation(api, "credentials/2ba2oekqeTEBzwSDgXg7xf", "AVAILABLE", transient=True)
    result = run("-o", "json", "credentials", "validate", "-n", "ssh")
    assert document(result) == {"id": "2ba2oekqeTEBzwSDgXg7xf", "name": "ssh", "workspaceRef": "user",
                             "status": "AVAILABLE", "transientError": True}


def test_validate_unknown_id(api, run):
    api.get(f"{URL}/credentials/zzz", status=403, json={"message": "Forbidden"})
    result = run("credentials", "validate", "-i", "zzz")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("ERROR: Credentials 'zzz' not found at user workspace")


# update ----------------------------------------------------------------------------------------------------
def test_update_github_by_name_keeps_name_and_base_url(api, run):
    expect_list(api, [{"id": "g1", "name": "gh", "provider": "github", "baseUrl": "https://ghe.test"}])
    api.put(f"{URL}/credentials/g1", status=204, match=[matchers.query_param_matcher({"useExternalId": "false"})])
    result = run("credentials", "update", "github", "-n", "gh", "-u", "octocat", "-p", SECRET)
    assert succeeded(result) == "\n  GITHUB credentials 'gh' updated at user workspace\n"
    assert sent(api, "PUT") == {"credentials": {
        "keys": {"discriminator": "github", "username": "octocat", "password": SECRET},
        "name": "gh", "baseUrl": "https://ghe.test", "provider": "github", "id": "g1"}}
    no_secret(result)


def test_update_aws_by_id_inherits_role_mode(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/credentials/a1", match=[matchers.query_param_matcher({"workspaceId": str(WS)})],
            json={"credentials": {"id": "a1", "name": "aws-role", "provider": "aws",
                                  "keys": {"mode": "role", "assumeRoleArn": "arn:old"}}})
    api.put(f"{URL}/credentials/a1", status=204,
            match=[matchers.query_param_matcher({"workspaceId": str(WS), "useExternalId": "true"})])
    result = run("-o", "json", "credentials", "update", "aws", "-i", "a1", "-w", WS, "-r", "arn:new")
    assert document(result) == {"provider": "AWS", "name": "aws-role", "workspaceRef": "[Seqera / cli]"}
    assert sent(api, "PUT")["credentials"]["keys"] == {"discriminator": "aws", "mode": "role",
                                                        "assumeRoleArn": "arn:new"}


def test_update_aws_inherited_role_mode_forbids_keys(api, run):
    api.get(f"{URL}/credentials/a1", json={"credentials": {"id": "a1", "name": "r", "provider": "aws",
                                                          "keys": {"mode": "role"}}})
    result = run("credentials", "update", "aws", "-i", "a1", "-a", "A", "-s", SECRET)
    assert "cannot be used with the existing credentials' role mode" in misused(result)
    no_secret(result)


def test_update_wrong_provider(api, run):
    expect_list(api, LISTED)
    result = run("credentials", "update", "github", "-n", "ssh", "-u", "u", "-p", SECRET)
    assert failed(result) == "ERROR: Credentials 'ssh' are 'ssh' credentials, not 'github'"
    no_secret(result)


def test_update_container_registry_json_keeps_secret_out(api, run, credential_files):
    expect_list(api, [{"id": "r1", "name": "reg", "provider": "container-reg"}])
    api.put(f"{URL}/credentials/r1", status=204)
    result = run("-o", "json", "credentials", "update", "container-reg", "-n", "reg", "-u", "jordi",
                 "--password-file", credential_files / "pw.txt")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout) == {"provider": "CONTAINER_REG", "name": "reg", "workspaceRef": "user"}
    assert sent(api, "PUT")["credentials"]["keys"]["password"] == SECRET
    no_secret(result)


def test_update_aws_by_name_reads_mode_of_existing(api, run):
    expect_list(api, [{"id": "a2", "name": "keys", "provider": "aws"}])
    api.get(f"{URL}/credentials/a2", json={"credentials": {"id": "a2", "name": "keys", "provider": "aws",
                                                          "keys": {"mode": "keys", "accessKey": "OLD"}}})
    api.put(f"{URL}/credentials/a2", status=204, match=[matchers.query_param_matcher({"useExternalId": "false"})])
    result = run("credentials", "update", "aws", "-n", "keys", "-a", "NEW", "--secret-key-file", "-",
                 input=SECRET + "\n")
    assert succeeded(result) == "\n  AWS credentials 'keys' updated at user workspace\n"
    assert sent(api, "PUT")["credentials"] == {
        "keys": {"discriminator": "aws", "mode": "keys", "accessKey": "NEW", "secretKey": SECRET},
        "name": "keys", "provider": "aws", "id": "a2"}


def test_prompt_with_nothing_on_stdin_is_a_clear_error(run):
    result = run("credentials", "add", "bitbucket", "-n", "b", "-u", "u", "-p")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "ERROR: No value for --password: nothing to read on stdin" in result.stderr


# Audit: secrets a server echoes back never reach the output ------------------------------------------------
ECHOED = [{"id": "a1", "name": "aws", "provider": "aws",
           "keys": {"discriminator": "aws", "accessKey": "AKIA1", "secretKey": SECRET, "mode": "keys"}},
          {"id": "g1", "name": "gh", "provider": "github",
           "keys": {"discriminator": "github", "username": "octocat", "password": SECRET, "token": SECRET + "t"}},
          {"id": "k1", "name": "kube", "provider": "k8s",
           "keys": {"discriminator": "k8s", "token": SECRET, "certificate": "CERT", "privateKey": SECRET}},
          {"id": "z1", "name": "az", "provider": "azure_entra",
           "keys": {"discriminator": "azure_entra", "batchName": "b", "tenantId": "t", "clientId": "c",
                    "clientSecret": SECRET, "futureSecret": SECRET}}]


def test_list_json_drops_secret_key_fields_a_server_returns(api, run):
    expect_list(api, ECHOED)
    result = run("-o", "json", "credentials", "list")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert [c["keys"] for c in result.json()["credentials"]] == [
        {"discriminator": "aws", "accessKey": "AKIA1", "mode": "keys"},
        {"discriminator": "github", "username": "octocat"},
        {"discriminator": "k8s"},
        {"discriminator": "azure_entra", "batchName": "b", "tenantId": "t", "clientId": "c"}]
    assert result.json()["credentials"][0]["name"] == "aws"
    no_secret(result, "CERT")


def test_add_error_echoing_the_body_is_redacted(api, run):
    api.post(f"{URL}/credentials", status=400,
             json={"message": f"Invalid keys {{\"password\":\"{SECRET}\",\"token\":\"{SECRET}-tok\"}}"})
    result = run("credentials", "add", "gitlab", "-n", "gl", "-u", "jordi", "-p", SECRET, "-t", SECRET + "-tok")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == 'ERROR: Invalid keys {"password":"***","token":"***"}\n'
    no_secret(result)


def test_add_error_echoing_a_multiline_key_is_redacted(api, run, credential_files):
    escaped = json.dumps(SSH_KEY)[1:-1]
    api.post(f"{URL}/credentials", status=400, json={"message": f"Bad private key: {escaped}"})
    result = run("-o", "json", "credentials", "add", "ssh", "-n", "s", "-k", credential_files / "id_ssh")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "ERROR: Bad private key: ***\n"
    no_secret(result, "b3BlbnNzaC1rZXktdjEAAAAA")


def test_update_error_echoing_the_body_is_redacted(api, run):
    expect_list(api, [{"id": "r1", "name": "reg", "provider": "container-reg"}])
    api.put(f"{URL}/credentials/r1", status=500, json={"message": f"cannot store password {SECRET}"})
    result = run("credentials", "update", "container-reg", "-n", "reg", "-u", "jordi", "-p", SECRET)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("ERROR: cannot store password ***\n")
    no_secret(result)


def test_add_conflict_suggests_overwrite(api, run):
    api.post(f"{URL}/credentials", status=409, json={"message": "Credentials with name 'gh' already exist"})
    result = run("credentials", "add", "github", "-n", "gh", "-u", "octocat", "-p", SECRET)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("ERROR: Credentials with name 'gh' already exist\n"
                             "  hint: Add --overwrite to replace them.\n")


def test_update_by_id_never_shows_described_secrets(api, run):
    api.get(f"{URL}/credentials/a1", json={"credentials": ECHOED[0]})
    api.put(f"{URL}/credentials/a1", status=204)
    result = run("-o", "json", "credentials", "update", "aws", "-i", "a1", "-a", "AKIA2", "-s", "new-" + SECRET)
    assert document(result) == {"provider": "AWS", "name": "aws", "workspaceRef": "user"}
    assert sent(api, "PUT")["credentials"]["keys"] == {"discriminator": "aws", "mode": "keys", "accessKey": "AKIA2",
                                                       "secretKey": "new-" + SECRET}
    no_secret(result)


# Audit: secrets asked for with piped stdin ------------------------------------------------------------------
def test_piped_prompts_read_one_line_each_without_prompt_text(api, run):
    expect_create(api)
    result = run("-o", "json", "credentials", "add", "gitlab", "-n", "gl", "-u", "jordi", "-p", "-t",
                 input=f"{SECRET}\n{SECRET}-tok\n")
    assert result.exit_code == 0, result
    assert result.stderr == ""  # no prompt text, no getpass warning: stderr stays empty in JSON mode
    assert result.json()["name"] == "gl"
    assert sent(api)["credentials"]["keys"] == {"discriminator": "gitlab", "username": "jordi",
                                                "password": SECRET, "token": SECRET + "-tok"}
    no_secret(result)


def test_two_secrets_from_stdin_is_a_usage_error(run):
    result = run("credentials", "add", "gitlab", "-n", "gl", "-u", "jordi", "--password-file", "-",
                 "--token-file", "-", input="a\nb\n")
    assert "Only one secret can be read from stdin ('-'): --password-file, --token-file" in misused(result)


def test_describe_failure_warning_after_add_is_redacted(api, run):
    expect_create(api, {"useExternalId": "true"})
    api.get(f"{URL}/credentials/{NEW_ID}", status=500, json={"message": f"cannot render keys {SECRET}"})
    result = run("credentials", "add", "aws", "-n", "both", "-a", "AKIA1", "-s", SECRET, "-r", "arn:r",
                 "--generate-external-id")
    assert result.exit_code == 0, result
    assert result.stdout == f"\n  New AWS credentials 'both ({NEW_ID})' added at user workspace\n"
    assert "could not fetch credential details after creation: cannot render keys ***." in result.stderr
    no_secret(result)


@pytest.mark.parametrize("args, message", [
    (["k8s", "-n", "kube", "-t", "x", "-c", "c.pem", "-k", "k.pem"], "mutually exclusive"),
    (["github", "-n", "gh", "-u", "octocat"], "Missing required option: '--password=<password>'"),
    (["google", "-i", "g1", "--mode", "workload-identity", "-k", "f.json"], "Option '--key' cannot be used"),
])
def test_update_usage_errors_send_no_request(api, run, args, message):
    result = run("credentials", "update", *args)
    assert message in misused(result)
    assert len(api.calls) == 0
