"""twpy apply for compute environments, pipelines, actions and launches, against the stateful in-process sandbox:
created, left alone, updated in place (only what changed), replaced where the API cannot change a field, deleted
(a compute environment waited for until gone), and what depends on a replaced compute environment follows it."""
from __future__ import annotations

import pytest

from tests.apply.test_apply_cmd import lifecycle, matches, summary

WS = "demo/showcase"
CE = f"""compute-envs:
  - type: aws-batch
    config-mode: forge
    name: spot
    workspace: {WS}
    credentials: aws-demo
    description: Spot queue
    region: eu-west-1
    work-dir: s3://bucket/work
    max-cpus: 64
    fusion-v2: True
    wave: True
    instance-types: 'c6i,r6i'
    labels: 'team=genomics'
    wait: AVAILABLE
    on_exists: overwrite
"""
PIPELINE = f"""pipelines:
  - name: hello-prod
    url: https://github.com/nextflow-io/hello
    workspace: {WS}
    description: Hello in production
    compute-env: aws-demo
    revision: master
    profile: test,docker
    params:
      outdir: s3://bucket/results
    labels: demo
    on_exists: overwrite
"""
ACTION = f"""actions:
  - type: tower
    name: hello-hook
    pipeline: https://github.com/nextflow-io/hello
    workspace: {WS}
    compute-env: aws-demo
    revision: master
    params:
      outdir: s3://bucket/results
    on_exists: overwrite
"""


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setenv("TWPY_POLL_INTERVAL", "0.01")


def ce_record(platform, name):
    return next(c for c in platform.items("computeEnvs") if c["name"] == name and not c.get("_deleted"))


def test_compute_environment_from_options(platform, run, write_file):
    created, updated = lifecycle(
        platform, run, write_file, CE, CE.replace("Spot queue", "Spot CPUs"),
        creates=[("POST", "/labels"), ("POST", "/compute-envs")], update=("PUT", r"/compute-envs/\w+"),
        body={"name": "spot", "description": "Spot CPUs"}, deletes=[("DELETE", r"/compute-envs/\w+")])
    assert "compute environment 'spot' is AVAILABLE" in created.stderr


def test_a_config_change_replaces_and_waits_until_the_old_one_is_gone(platform, run, write_file):
    assert run("apply", write_file("ce.yml", CE)).exit_code == 0
    body = platform.bodies("POST", "/compute-envs")[0]["computeEnv"]
    assert body["config"]["forge"]["maxCpus"] == 64 and body["config"]["forge"]["instanceTypes"] == ["c6i", "r6i"]
    assert body["credentialsId"] == next(c["id"] for c in platform.items("credentials") if c["name"] == "aws-demo")
    old = ce_record(platform, "spot")["id"]
    platform.reset()
    result = run("apply", write_file("ce.yml", CE.replace("max-cpus: 64", "max-cpus: 128")))
    assert result.exit_code == 0, result
    assert "-/+ replace   compute-envs  spot at demo/showcase\n        config.forge.maxCpus: 64 -> 128  (cannot " \
           "change in place)" in result.stdout
    assert "compute environment 'spot' is DELETED" in result.stderr
    assert matches(platform.writes(), [("DELETE", f"/compute-envs/{old}"), ("POST", "/compute-envs")])
    assert ce_record(platform, "spot")["config"]["forge"]["maxCpus"] == 128
    refused = run("apply", write_file("ce.yml", CE.replace("max-cpus: 64", "max-cpus: 256")
                                      .replace("on_exists: overwrite", "on_exists: fail")))
    assert refused.exit_code == 1 and "its on_exists is 'fail'" in refused.stderr


def test_compute_environment_from_a_seqerakit_json_file(platform, run, write_file):
    from pathlib import Path

    source = Path(__file__).parent / "seqerakit/examples/yaml/compute-envs/seqera_aws_ireland_fusionv2_nvme.json"
    text = (f"compute-envs:\n  - name: ireland\n    workspace: {WS}\n    credentials: aws-demo\n    wait: AVAILABLE\n"
            f"    file-path: {source}\n    on_exists: overwrite\n")
    path = write_file("ce.yml", text)
    assert run("apply", path).exit_code == 0
    config = platform.bodies("POST", "/compute-envs")[0]["computeEnv"]["config"]
    assert config["forge"]["allowBuckets"] == ["s3://ngi-igenomes", "s3://nf-core-awsmegatests", "s3://seqeralabs-showcase"]
    platform.reset()
    again = run("apply", path)
    assert again.exit_code == 0 and platform.writes() == [], again


def test_a_wait_is_bounded(platform, run, write_file):
    platform.store.speed = 0.0001          # the compute environment would take hours to get ready
    result = run("apply", write_file("ce.yml", CE), "--wait-timeout", "0.2s")
    assert result.exit_code == 3, result
    assert "Could not create compute-envs spot at demo/showcase: Timed out waiting for compute environment " \
           "'spot' to reach AVAILABLE" in result.stderr


def test_pipelines(platform, run, write_file):
    created, updated = lifecycle(
        platform, run, write_file, PIPELINE, PIPELINE.replace("Hello in production", "Hello, prod"),
        creates=[("POST", "/pipelines"), ("POST", "/pipelines/labels/apply")],
        update=("POST", r"/pipelines/\d+/versions/\w+"), body={"name": "hello-prod", "description": "Hello, prod"},
        deletes=[("DELETE", r"/pipelines/\d+")])


def test_a_pipeline_launch_change_sends_the_launch_and_labels_apart(platform, run, write_file):
    assert run("apply", write_file("p.yml", PIPELINE)).exit_code == 0
    launch = platform.bodies("POST", "/pipelines")[0]["launch"]
    assert launch["configProfiles"] == ["test", "docker"] and launch["revision"] == "master"
    platform.reset()
    edited = PIPELINE.replace("revision: master", "revision: dev").replace("labels: demo", "labels: demo,prod")
    result = run("apply", write_file("p.yml", edited))
    assert result.exit_code == 0, result
    assert "revision: 'master' -> 'dev'" in result.stdout and "labels: [\"demo\"] -> [\"demo\", \"prod\"]" in result.stdout
    assert matches(platform.writes(), [("POST", r"/pipelines/\d+/versions/\w+"), ("POST", "/labels"),
                                       ("POST", "/pipelines/labels/apply")])
    request = platform.bodies("POST", r"/pipelines/\d+/versions/\w+")[0]
    assert request["launch"]["revision"] == "dev" and request["launch"]["configProfiles"] == ["test", "docker"]
    platform.reset()
    assert run("apply", write_file("p.yml", edited)).exit_code == 0 and platform.writes() == []


def test_pipeline_from_a_seqerakit_json_file(platform, run, write_file):
    from pathlib import Path

    source = Path(__file__).parent / "seqerakit/examples/yaml/pipelines/nf_sentieon_pipeline.json"
    path = write_file("p.yml", f"pipelines:\n  - name: sentieon\n    workspace: {WS}\n    compute-env: aws-demo\n"
                               f"    file-path: {source}\n    on_exists: overwrite\n")
    assert run("apply", path).exit_code == 0
    launch = platform.bodies("POST", "/pipelines")[0]["launch"]
    assert launch["workspaceSecrets"] == ["SENTIEON_LICENSE_BASE64"] and launch["pipeline"].endswith("nf-sentieon")
    platform.reset()
    assert run("apply", path).exit_code == 0 and platform.writes() == []


def test_actions(platform, run, write_file):
    lifecycle(platform, run, write_file, ACTION, ACTION.replace("revision: master", "revision: dev"),
              creates=[("POST", "/actions")], update=("PUT", r"/actions/\w+"),
              body=Anything(lambda body: body["name"] == "hello-hook" and body["launch"]["revision"] == "dev"),
              deletes=[("DELETE", r"/actions/\w+")])


class Anything:
    def __init__(self, check):
        self.check = check

    def __eq__(self, other):
        return self.check(other)


def test_what_uses_a_replaced_compute_environment_follows_it(platform, run, write_file):
    files = CE + PIPELINE.replace("compute-env: aws-demo", "compute-env: spot") + \
        ACTION.replace("compute-env: aws-demo", "compute-env: spot")
    assert run("apply", write_file("all.yml", files)).exit_code == 0
    platform.reset()
    result = run("apply", write_file("all.yml", files.replace("max-cpus: 64", "max-cpus: 96")))
    assert result.exit_code == 0, result
    assert "compute-env: 'spot (replaced by this apply)' -> 'spot'" in result.stdout
    new_id = ce_record(platform, "spot")["id"]
    assert platform.bodies("PUT", r"/actions/\w+")[0]["launch"]["computeEnvId"] == new_id
    assert platform.bodies("POST", r"/pipelines/\d+/versions/\w+")[0]["launch"]["computeEnvId"] == new_id
    assert summary(result) == (0, 2, 1, 0, 0)
    platform.reset()
    assert run("apply", write_file("all.yml", files.replace("max-cpus: 64", "max-cpus: 96"))).exit_code == 0
    assert platform.writes() == []


def test_launches_run_each_apply_and_are_not_drift(platform, run, write_file):
    path = write_file("l.yml", PIPELINE + f"launch:\n  - name: nightly\n    workspace: {WS}\n    pipeline: hello-prod\n"
                                          "    params:\n      outdir: s3://bucket/nightly\n")
    first = run("apply", path)
    assert first.exit_code == 0, first
    assert "> launch    launch     nightly at demo/showcase" in first.stdout
    assert summary(first) == (1, 0, 0, 0, 0) and "1 launched" in first.stdout
    launch = platform.bodies("POST", "/workflow/launch")[0]["launch"]
    assert launch["runName"] == "nightly" and "s3://bucket/nightly" in launch["paramsText"]
    platform.reset()
    assert run("apply", path, "--check").exit_code == 0       # only the launch is left: nothing pending
    second = run("apply", path)
    assert second.exit_code == 0
    assert matches(platform.writes(), [("POST", "/workflow/launch")])
    platform.reset()
    deleted = run("apply", path, "--delete")
    assert deleted.exit_code == 0 and "launch" not in deleted.stdout.replace("Launch", "")
    assert matches(platform.writes(), [("DELETE", r"/pipelines/\d+")])


def test_launch_wait(platform, run, write_file):
    path = write_file("l.yml", f"launch:\n  - name: waited\n    workspace: {WS}\n    pipeline: hello\n"
                               "    wait: SUCCEEDED\n")
    result = run("apply", path)
    assert result.exit_code == 0, result
    assert "is SUCCEEDED" in result.stderr
