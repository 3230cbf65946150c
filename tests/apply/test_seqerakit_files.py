"""seqerakit's own example and template files (tests/apply/seqerakit, copied unchanged) load, plan and apply as
they are, and a second apply sends no write request."""
from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent / "seqerakit"
STAGE = ("organizations,teams,workspaces,labels,members,participants,credentials,compute-envs,secrets,actions,"
         "datasets,pipelines,launch")
#: seqerakit-e2e.yml's pipelines use this compute environment, which the file does not create.
VIRGINIA = """compute-envs:
  - name: seqera_aws_virginia_fusionv2_nvme
    workspace: seqerakit-e2e/showcase
    credentials: aws_credentials
    file-path: ./examples/yaml/compute-envs/seqera_aws_virginia_fusionv2_nvme.json
"""
TEMPLATES = ["organizations", "teams", "workspaces", "labels", "members", "participants", "credentials", "secrets"]


@pytest.fixture
def seqerakit_env(monkeypatch, tmp_path):
    """The variables seqerakit's files use (secrets are made up), from its repository root as they expect."""
    key = tmp_path / "google.json"
    key.write_text('{"type": "service_account", "private_key": "made-up"}')
    for name in ("TOWER_GITHUB_PASSWORD", "DOCKERHUB_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                 "AZURE_BATCH_KEY", "AZURE_STORAGE_KEY", "SENTIEON_LICENSE_BASE64", "SEQPLATFORM_GITHUB_PASSWORD",
                 "CODECOMMIT_USER", "CODECOMMIT_PASSWORD"):
        monkeypatch.setenv(name, f"made-up-{name.lower()}")
    monkeypatch.setenv("AWS_ASSUME_ROLE_ARN", "arn:aws:iam::123456789012:role/SeqeraRole")
    monkeypatch.setenv("CODECOMMIT_BASEURL", "https://git-codecommit.eu-west-1.amazonaws.com")
    monkeypatch.setenv("GOOGLE_KEY", str(key))
    monkeypatch.setenv("AWS_COMPUTE_ENV_NAME", "aws_spot")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_WORK_DIR", "s3://seqerakit-e2e/work")
    monkeypatch.setenv("TWPY_POLL_INTERVAL", "0.01")
    monkeypatch.chdir(HERE)



@pytest.fixture(autouse=True)
def ready_at_once(monkeypatch):
    """seqerakit's files create compute environments and use them in later entries: make them AVAILABLE at
    once (with milliseconds of CREATING, whether a later entry found one depended on the machine's load)."""
    from tw_py.sandbox import model

    monkeypatch.setattr(model, "CE_CREATE_SECONDS", 0.0)


def test_the_e2e_file_applies_then_changes_nothing(platform, run, seqerakit_env, write_file):
    files = ["examples/yaml/seqerakit-e2e.yml", write_file("virginia.yml", VIRGINIA)]
    planned = run("apply", *files, "--targets", STAGE, "--dry-run")
    assert planned.exit_code == 0, planned
    assert platform.writes() == []
    applied = run("apply", *files, "--targets", STAGE)
    assert applied.exit_code == 0, applied
    assert "24 created, 0 updated, 0 replaced, 0 deleted, 0 unchanged, 5 launched" in applied.stdout
    platform.reset()
    again = run("apply", *files, "--targets", STAGE)
    assert again.exit_code == 0, again
    assert [w for w in platform.writes() if w != ("POST", "/workflow/launch")] == []    # the launches run again
    assert "0 created, 0 updated, 0 replaced, 0 deleted, 24 unchanged, 5 launched" in again.stdout
    platform.reset()
    for _attempt in range(2):
        deleted = run("apply", *files, "--targets", STAGE, "--delete")
        assert deleted.exit_code == 0, deleted
    assert "0 deleted, 24 unchanged" in deleted.stdout


MY_WORKSPACE = """organizations:
  - {name: my_organization, full-name: my_organization}
workspaces:
  - {name: my_workspace, full-name: my_workspace, organization: my_organization}
"""


def applies_and_again_writes_nothing(platform, run, *files):
    """`twpy apply` of these files succeeds, and applying them a second time sends no write request."""
    applied = run("apply", *files)
    assert applied.exit_code == 0, applied
    platform.reset()
    again = run("apply", *files)
    assert again.exit_code == 0, again
    assert platform.writes() == []


def test_the_e2e_directory_files_merge_and_apply(platform, run, seqerakit_env):
    files = [f"examples/yaml/e2e/{name}.yml" for name in ("organizations", "teams", "workspaces", "labels",
                                                           "members", "participants", "credentials", "secrets",
                                                           "compute-envs", "pipelines", "actions", "datasets")]
    applies_and_again_writes_nothing(platform, run, *files)


def test_the_templates_apply_as_they_are(platform, run, seqerakit_env, write_file):
    # templates/members.yml names an organization 'myorg' that no template creates: it must exist already.
    files = [write_file("myorg.yml", "organizations:\n  - {name: myorg, full-name: My org}\n")]
    files += [f"templates/{name}.yml" for name in TEMPLATES]
    planned = run("apply", *files, "--dry-run")
    assert planned.exit_code == 0, planned
    applies_and_again_writes_nothing(platform, run, *files)


def test_the_actions_template_applies_where_its_compute_environment_exists(platform, run, seqerakit_env, write_file):
    setup = write_file("setup.yml", MY_WORKSPACE + """credentials:
  - {type: aws, name: aws, workspace: my_organization/my_workspace, access-key: AK, secret-key: $AWS_SECRET_ACCESS_KEY}
compute-envs:
  - {type: aws-batch, config-mode: forge, name: my_aws_compute_environment, workspace: my_organization/my_workspace,
     region: eu-west-1, work-dir: 's3://my_bucket', max-cpus: 8}
""")
    applies_and_again_writes_nothing(platform, run, setup, "templates/actions.yml")


@pytest.mark.parametrize("template, problem", [
    ("compute-envs", "templates/compute-envs.yml: compute-envs[1] 'my_aws_compute_environment': file "
                     "'./compute-envs/my_aws_compute_environment.json' (key 'file-path') not found"),
    ("pipelines", "templates/pipelines.yml: pipelines[1] 'my_first_pipeline': file './pipelines/my_nextflow.config' "
                  "(key 'config') not found"),
    ("launch", "templates/launch.yml: launch[2] 'my_remote_launch': file './pipelines/my_params.yml' (key "
               "'params-file') not found"),
    ("datasets", "templates/datasets.yml: datasets[1] 'my_dataset': file './datasets/my_dataset.csv' (key "
                 "'file-path') not found"),
])
def test_templates_naming_files_they_do_not_ship_are_refused_before_any_request(platform, run, seqerakit_env,
                                                                                template, problem):
    result = run("apply", f"templates/{template}.yml", "--dry-run")
    assert result.exit_code == 1
    assert problem in result.stderr
    assert platform.calls() == []


def test_the_data_links_template_applies(platform, run, seqerakit_env, write_file):
    setup = write_file("setup.yml", MY_WORKSPACE + """credentials:
  - {type: aws, name: my_aws_credentials, workspace: my_organization/my_workspace, access-key: AK,
     secret-key: $AWS_SECRET_ACCESS_KEY}
""")
    applies_and_again_writes_nothing(platform, run, setup, "templates/data-links.yml")
