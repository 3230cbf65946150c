"""Commands that create something never report success for an answer that created nothing."""
from tests.helpers import URL, user_and_workspaces


def test_add_answered_by_a_redirect_is_an_error_not_none(api, run):
    user_and_workspaces(api)
    api.post(f"{URL}/pipeline-secrets", status=302, headers={"Location": f"{URL}/login"})
    result = run("secrets", "add", "-n", "db_pass", "-v", "s3cr3t-value", "-w", "Seqera/cli")
    assert result.exit_code == 1, result
    assert result.stdout == ""
    assert "None" not in result.stderr
    assert result.stderr.startswith("ERROR: The server redirected POST /pipeline-secrets (HTTP 302)")
    assert "s3cr3t-value" not in result.stderr


def test_add_answered_200_without_an_id_is_an_error(api, run):
    user_and_workspaces(api)
    api.post(f"{URL}/pipeline-secrets", json={})
    result = run("secrets", "add", "-n", "db_pass", "-v", "s3cr3t-value", "-w", "Seqera/cli")
    assert result.exit_code == 1, result
    assert result.stdout == ""
    assert result.stderr.startswith("ERROR: The server's answer to the new secret has no secretId")


def test_launch_is_sent_once_on_429_and_says_the_run_may_exist(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [{"id": "ce1", "name": "ce", "platform": "aws-batch",
                                                          "status": "AVAILABLE", "primary": True}]})
    api.get(f"{URL}/compute-envs/ce1", json={"computeEnv": {"id": "ce1", "name": "ce", "platform": "aws-batch",
                                                            "config": {"workDir": "s3://b/w"}}})
    api.post(f"{URL}/workflow/launch", status=429, headers={"Retry-After": "0"}, json={"message": "slow down"})
    result = run("launch", "https://github.com/nextflow-io/hello", "-w", "Seqera/cli")
    assert result.exit_code == 1, result
    assert [c.request.method for c in api.calls].count("POST") == 1
    assert "may have been created" in result.stderr
    assert "check 'twpy runs list -w Seqera/cli' before launching again" in result.stderr
