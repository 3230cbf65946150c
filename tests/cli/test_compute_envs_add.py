"""twpy compute-envs add: one test per platform checking the exact request body (validated against the spec
by the `api` fixture), credentials selection, labels, staging files, -e, usage errors and --wait."""
from __future__ import annotations

import pytest
from responses import matchers

from tests.helpers import URL, WS_ENTRY, body, document, failed, misused, succeeded, user_and_workspaces

WS = WS_ENTRY["workspaceId"]
CREDS = {"id": "6g0ER59L4ZoE5zpOmUP48D", "name": "aws", "provider": "aws"}


def expect_credentials(api, platform, creds=(CREDS,), workspace=None):
    params = {"platformId": platform}
    if workspace:
        params["workspaceId"] = str(workspace)
    api.get(f"{URL}/credentials", json={"credentials": list(creds)},
            match=[matchers.query_param_matcher(params)])


def expect_create(api, ce_id="ce1", workspace=None):
    params = {"workspaceId": str(workspace)} if workspace else {}
    return api.post(f"{URL}/compute-envs", json={"computeEnvId": ce_id}, match=[matchers.query_param_matcher(params)])


def expect_added(api, platform, creds=(CREDS,), workspace=None):
    """The credentials lookup for `platform` and the creation answering compute environment `ce1`."""
    expect_credentials(api, platform, creds, workspace)
    expect_create(api, workspace=workspace)


def sent(api) -> dict:
    posts = [c for c in api.calls if c.request.method == "POST" and c.request.url.split("?")[0].endswith("/compute-envs")]
    assert len(posts) == 1
    return body(posts[0])


def test_aws_batch_forge_body_as_tw(api, run):
    expect_added(api, "aws-batch")
    result = run("compute-envs", "add", "aws-batch", "forge", "-n", "demo", "-r", "eu-west-1",
                 "--work-dir", "s3://nextflow-ci/jordeu", "--max-cpus=123", "--fusion-v2", "--wave")
    assert succeeded(result) == "\n  New AWS-BATCH compute environment 'demo' added at user workspace\n"
    assert sent(api) == {"computeEnv": {
        "name": "demo", "platform": "aws-batch", "credentialsId": "6g0ER59L4ZoE5zpOmUP48D",
        "config": {"discriminator": "aws-batch", "workDir": "s3://nextflow-ci/jordeu", "region": "eu-west-1",
                   "fusion2Enabled": True, "waveEnabled": True, "nvnmeStorageEnabled": False, "fusionSnapshots": False,
                   "forge": {"type": "SPOT", "maxCpus": 123, "ebsAutoScale": True, "fargateHeadEnabled": False,
                             "gpuEnabled": False, "disposeOnDeletion": True, "minCpus": 0}}}}


def test_aws_batch_forge_every_option(api, run, write_file):
    ecs = write_file("ecs.config", "ECS_X=1\n")
    pre = write_file("pre.sh", "echo pre\n")
    expect_added(api, "aws-batch")
    result = run("compute-envs", "add", "aws-batch", "forge", "-n", "big", "-r", "eu-west-1", "--work-dir", "s3://b/w",
                 "--max-cpus", "10", "--provisioning-model", "ec2", "--no-ebs-auto-scale", "--gpu", "--fargate",
                 "--allow-buckets", "s3://a,s3://b", "--allow-buckets", "s3://c", "--preserve-resources",
                 "--ecs-config", ecs, "--efs-id", "fs-1", "--fsx-size", "1200", "--instance-types", "m5,c5",
                 "--alloc-strategy", "best_fit", "--min-cpus", "2", "--head-job-memory", "2048",
                 "--cli-path", "/opt/aws", "--no-fusion-metrics-collection", "--pre-run", pre,
                 "-e", "HEAD=value1", "-e", "compute:COMPUTE=value2", "-e", "both:BOTH=value3", "-e", "head:HEAD=value4")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    ce = sent(api)["computeEnv"]
    assert ce["fusionMetricsCollectionEnabled"] is False
    config = ce["config"]
    assert config["forge"] == {
        "type": "EC2", "maxCpus": 10, "ebsAutoScale": False, "fargateHeadEnabled": True, "gpuEnabled": True,
        "allowBuckets": ["s3://a", "s3://b", "s3://c"], "disposeOnDeletion": False, "ecsConfig": "ECS_X=1\n",
        "efsId": "fs-1", "efsCreate": False, "fsxSize": 1200, "instanceTypes": ["m5", "c5"], "allocStrategy": "BEST_FIT",
        "minCpus": 2}
    assert config["headJobMemoryMb"] == 2048 and config["cliPath"] == "/opt/aws" and "secretsKmsKeyId" not in config
    assert config["preRunScript"] == "echo pre\n"
    assert config["environment"] == [
        {"name": "HEAD", "value": "value1", "head": True, "compute": False},
        {"name": "COMPUTE", "value": "value2", "head": False, "compute": True},
        {"name": "BOTH", "value": "value3", "head": True, "compute": True},
        {"name": "HEAD", "value": "value4", "head": True, "compute": False}]


def test_aws_batch_manual(api, run):
    user_and_workspaces(api)
    expect_added(api, "aws-batch", workspace=WS)
    result = run("-o", "json", "compute-envs", "add", "aws-batch", "manual", "-n", "man", "-w", "Seqera/cli",
                 "-r", "us-east-1", "--work-dir", "s3://b/w", "--head-queue", "hq", "--compute-queue", "cq",
                 "--head-job-cpus", "2", "-d", "manual queues")
    assert document(result) == {"platform": "aws-batch", "id": "ce1", "name": "man", "workspaceId": WS,
                             "workspaceRef": "[Seqera / cli]"}
    assert sent(api) == {"computeEnv": {
        "name": "man", "description": "manual queues", "platform": "aws-batch", "credentialsId": CREDS["id"],
        "config": {"discriminator": "aws-batch", "workDir": "s3://b/w", "region": "us-east-1", "headQueue": "hq",
                   "computeQueue": "cq", "fusion2Enabled": False, "waveEnabled": False, "nvnmeStorageEnabled": False,
                   "headJobCpus": 2}}}


def test_aws_cloud_with_scheduler(api, run):
    expect_added(api, "aws-cloud")
    result = run("compute-envs", "add", "aws-cloud", "-n", "cloud", "-r", "eu-west-1", "--work-dir", "s3://b/w",
                 "--sched-enabled", "--provisioning-model", "SPOT_FIRST", "--sched-machine-types", "m5.xlarge,c5.large",
                 "--subnet-ids", "s1,s2", "--ebs-encryption", "--ebs-kms-key", "arn:kms", "--arm64")
    assert succeeded(result) == "\n  New AWS-CLOUD compute environment 'cloud' added at user workspace\n"
    assert sent(api)["computeEnv"]["config"] == {
        "discriminator": "aws-cloud", "waveEnabled": True, "fusion2Enabled": True, "workDir": "s3://b/w",
        "region": "eu-west-1", "schedEnabled": True,
        "schedConfig": {"provisioningModel": "spotFirst", "machineTypes": ["m5.xlarge", "c5.large"]},
        "arm64Enabled": True, "ebsEncrypted": True, "ebsKmsKeyId": "arn:kms", "subnetIds": ["s1", "s2"]}


def test_aws_cloud_minimal_sends_sched_enabled_false(api, run):
    expect_added(api, "aws-cloud")
    result = run("compute-envs", "add", "aws-cloud", "-n", "c", "-r", "eu-west-1", "--work-dir", "s3://b/w")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert sent(api)["computeEnv"]["config"] == {"discriminator": "aws-cloud", "waveEnabled": True,
                                                 "fusion2Enabled": True, "workDir": "s3://b/w", "region": "eu-west-1",
                                                 "schedEnabled": False}


def test_k8s(api, run, write_file):
    cert = write_file("ca.crt", "-----BEGIN CERTIFICATE-----\n")
    spec = write_file("head.yaml", "spec: {}\n")
    expect_added(api, "k8s-platform")
    result = run("compute-envs", "add", "k8s", "-n", "kube", "--work-dir", "/scratch/work", "-s", "https://k8s:6443",
                 "--namespace", "nf", "--ssl-cert", cert, "--head-account", "head", "--storage-claim", "scratch",
                 "--pod-cleanup", "on_success", "--head-pod-spec", spec, "--storage-mount", "/scratch")
    assert succeeded(result) == "\n  New K8S-PLATFORM compute environment 'kube' added at user workspace\n"
    assert sent(api)["computeEnv"]["config"] == {
        "discriminator": "k8s-platform", "workDir": "/scratch/work", "server": "https://k8s:6443", "namespace": "nf",
        "sslCert": "-----BEGIN CERTIFICATE-----\n", "headServiceAccount": "head", "storageClaimName": "scratch",
        "storageMountPath": "/scratch", "podCleanup": "on_success", "headPodSpec": "spec: {}\n"}


@pytest.mark.parametrize("platform,platform_id", [("eks", "eks-platform"), ("gke", "gke-platform")])
def test_eks_and_gke(api, run, platform, platform_id):
    expect_added(api, platform_id)
    result = run("compute-envs", "add", platform, "-n", "kc", "--work-dir", "/w", "-r", "r1", "--cluster-name", "c1",
                 "--namespace", "ns", "--head-account", "sa", "--compute-account", "csa")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert sent(api)["computeEnv"] == {"name": "kc", "platform": platform_id, "credentialsId": CREDS["id"], "config": {
        "discriminator": platform_id, "workDir": "/w", "region": "r1", "clusterName": "c1", "namespace": "ns",
        "headServiceAccount": "sa", "computeServiceAccount": "csa"}}


def test_google_batch(api, run):
    expect_added(api, "google-batch")
    result = run("compute-envs", "add", "google-batch", "-n", "gb", "-l", "europe-west2", "--work-dir", "gs://b/w",
                 "--spot", "--fusion-v2", "--fusion-snapshots", "--wave", "--network", "default",
                 "--network-tags", "allow-ssh,web", "--use-private-address", "--boot-disk-size", "50",
                 "--head-job-template", "tpl", "--compute-jobs-machine-type", "n2-standard-4,n2-standard-8",
                 "--service-account-email", "sa@p.iam.gserviceaccount.com")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert sent(api)["computeEnv"]["config"] == {
        "discriminator": "google-batch", "workDir": "gs://b/w", "location": "europe-west2", "spot": True,
        "fusion2Enabled": True, "fusionSnapshots": True, "waveEnabled": True, "network": "default",
        "networkTags": ["allow-ssh", "web"], "usePrivateAddress": True, "bootDiskSizeGb": 50,
        "serviceAccount": "sa@p.iam.gserviceaccount.com", "headJobInstanceTemplate": "tpl",
        "computeJobsMachineType": ["n2-standard-4", "n2-standard-8"]}


def test_google_cloud(api, run):
    expect_added(api, "google-cloud")
    result = run("compute-envs", "add", "google-cloud", "-n", "gc", "-r", "europe-west2", "-z", "europe-west2-a",
                 "--work-dir", "gs://b/w", "--gpu", "--instance-type", "n2-standard-4", "--provisioning-model", "ondemand")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert sent(api)["computeEnv"]["config"] == {
        "discriminator": "google-cloud", "waveEnabled": True, "fusion2Enabled": True, "workDir": "gs://b/w",
        "region": "europe-west2", "zone": "europe-west2-a", "schedEnabled": False,
        "schedConfig": {"provisioningModel": "ondemand"}, "gpuEnabled": True, "instanceType": "n2-standard-4"}


def test_azure_batch_forge_single_pool(api, run):
    expect_added(api, "azure-batch")
    result = run("compute-envs", "add", "azure-batch", "forge", "-n", "az", "-l", "eastus", "--work-dir", "az://c/w",
                 "--vm-type", "Standard_D4s_v3", "--vm-count", "4", "--fusion-v2", "--wave",
                 "--delete-jobs-on-completion", "--terminate-jobs-on-completion=false", "--token-duration", "24h",
                 "--managed-identity-head-client-id", "uuid-1")
    assert succeeded(result) == "\n  New AZURE-BATCH compute environment 'az' added at user workspace\n"
    assert sent(api)["computeEnv"]["config"] == {
        "discriminator": "azure-batch", "workDir": "az://c/w", "region": "eastus",
        "forge": {"vmType": "Standard_D4s_v3", "vmCount": 4, "autoScale": True, "disposeOnDeletion": True},
        "fusion2Enabled": True, "waveEnabled": True, "managedIdentityClientId": "uuid-1",
        "deleteJobsOnCompletionEnabled": True, "terminateJobsOnCompletion": False, "tokenDuration": "24h"}


def test_azure_batch_forge_dual_pool_and_registry_credentials(api, run):
    expect_credentials(api, "azure-batch")
    api.get(f"{URL}/credentials", json={"credentials": [
        {"id": "r1", "name": "dockerhub", "provider": "container-reg"},
        {"id": "x", "name": "quay", "provider": "github"}]}, match=[matchers.query_param_matcher({})])
    expect_create(api)
    result = run("compute-envs", "add", "azure-batch", "forge", "-n", "dual", "-l", "eastus", "--work-dir", "az://c/w",
                 "--dual-pool", "--head-vm-type", "Standard_D2s_v3", "--worker-vm-count", "20",
                 "--worker-no-auto-scale", "--vm-type", "ignored", "--registry-credentials", "dockerhub")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert sent(api)["computeEnv"]["config"]["forge"] == {
        "disposeOnDeletion": True, "dualPoolConfig": True, "headPool": {"vmType": "Standard_D2s_v3"},
        "workerPool": {"vmCount": 20, "autoScale": False}, "containerRegIds": ["r1"]}


def test_azure_batch_forge_unknown_registry_credentials(api, run):
    api.get(f"{URL}/credentials", json={"credentials": [{"id": "x", "name": "quay", "provider": "github"}]})
    result = run("compute-envs", "add", "azure-batch", "forge", "-n", "az", "-l", "eastus", "--work-dir", "az://c/w",
                 "--registry-credentials", "dockerhub")
    assert failed(result) == "ERROR: Credentials 'dockerhub' not found at user workspace"


def test_azure_batch_manual(api, run):
    expect_added(api, "azure-batch")
    result = run("compute-envs", "add", "azure-batch", "manual", "-n", "azm", "-l", "eastus", "--work-dir", "az://c/w",
                 "--compute-pool-name", "pool1", "--worker-pool", "pool2")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert sent(api)["computeEnv"]["config"] == {
        "discriminator": "azure-batch", "workDir": "az://c/w", "region": "eastus", "headPool": "pool1",
        "workerPool": "pool2", "fusion2Enabled": False, "waveEnabled": False}


def test_azure_cloud(api, run):
    expect_added(api, "azure-cloud")
    result = run("compute-envs", "add", "azure-cloud", "-n", "azc", "-r", "eastus", "--resource-group", "rg",
                 "--work-dir", "az://c/w", "--subnets", "a,b", "--subscription-id", "sub")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert sent(api)["computeEnv"]["config"] == {
        "discriminator": "azure-cloud", "waveEnabled": True, "fusion2Enabled": True, "workDir": "az://c/w",
        "region": "eastus", "resourceGroup": "rg", "schedEnabled": False, "subnets": ["a", "b"],
        "subscriptionId": "sub"}


@pytest.mark.parametrize("platform", ["slurm", "uge", "altair", "moab"])
def test_hpc_schedulers(api, run, platform):
    platform_id = f"{platform}-platform"
    expect_added(api, platform_id, creds=({"id": "ssh1", "name": "ssh", "provider": "ssh"},))
    result = run("compute-envs", "add", platform, "-n", "hpc", "--work-dir", "/home/me/work", "-u", "me",
                 "-H", "login.example.com", "-p", "2222", "-q", "normal", "--compute-queue", "long",
                 "--launch-dir", "/home/me", "--max-queue-size", "50", "--head-job-options", "-A acct")
    assert succeeded(result) == f"\n  New {platform_id.upper()} compute environment 'hpc' added at user workspace\n"
    assert sent(api)["computeEnv"] == {"name": "hpc", "platform": platform_id, "credentialsId": "ssh1", "config": {
        "discriminator": platform_id, "workDir": "/home/me/work", "userName": "me", "hostName": "login.example.com",
        "port": 2222, "headQueue": "normal", "computeQueue": "long", "launchDir": "/home/me", "maxQueueSize": 50,
        "headJobOptions": "-A acct"}}


def test_lsf_extra_options(api, run):
    expect_added(api, "lsf-platform")
    result = run("compute-envs", "add", "lsf", "-n", "lsf", "--work-dir", "/w", "-q", "normal",
                 "--unit-for-limits", "MB", "--per-job-mem-limit", "--per-task-reserve=false")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert sent(api)["computeEnv"]["config"] == {
        "discriminator": "lsf-platform", "workDir": "/w", "headQueue": "normal", "unitForLimits": "MB",
        "perJobMemLimit": True, "perTaskReserve": False}


def test_seqera_compute_needs_no_credentials(api, run, write_file):
    config = write_file("nextflow.config", "process.cpus = 2\n")
    expect_create(api)
    result = run("compute-envs", "add", "seqera-compute", "-n", "sc", "-r", "eu-west-1", "--work-dir", "s3://ignored",
                 "--instance-type-size", "medium", "--nextflow-config", config)
    assert succeeded(result) == "\n  New SEQERACOMPUTE-PLATFORM compute environment 'sc' added at user workspace\n"
    assert sent(api) == {"computeEnv": {"name": "sc", "platform": "seqeracompute-platform", "config": {
        "discriminator": "seqeracompute-platform", "region": "eu-west-1", "instanceTypeSize": "MEDIUM",
        "nextflowConfig": "process.cpus = 2\n"}}}


# Credentials and labels -------------------------------------------------------------------------------------
def test_credentials_by_name(api, run):
    expect_added(api, "aws-batch", creds=(CREDS, {"id": "other", "name": "prod", "provider": "aws"}))
    result = run("compute-envs", "add", "aws-batch", "manual", "-n", "m", "-r", "r", "--work-dir", "s3://b",
                 "--head-queue", "h", "--compute-queue", "c", "-c", "prod")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert sent(api)["computeEnv"]["credentialsId"] == "other"


def test_several_credentials_without_c_lists_candidates(api, run):
    expect_credentials(api, "aws-batch", creds=(CREDS, {"id": "other", "name": "prod", "provider": "aws"}))
    result = run("compute-envs", "add", "aws-batch", "manual", "-n", "m", "-r", "r", "--work-dir", "s3://b",
                 "--head-queue", "h", "--compute-queue", "c")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == ("ERROR: Multiple credentials match this compute environment. "
                        "Please provide the credentials identifier that you want to use")
    assert "aws (6g0ER59L4ZoE5zpOmUP48D)" in lines[1] and "prod (other)" in lines[1]


def test_no_credentials(api, run):
    expect_credentials(api, "slurm-platform", creds=())
    result = run("compute-envs", "add", "slurm", "-n", "s", "--work-dir", "/w", "-q", "q")
    assert failed(result) == "ERROR: No valid credentials found at the workspace"


def test_labels_are_resolved_or_created(api, run):
    api.get(f"{URL}/labels", json={"labels": [{"id": 11, "name": "team", "value": "a", "resource": True}],
                                   "totalSize": 1})
    api.get(f"{URL}/labels", json={"labels": [], "totalSize": 0})
    api.post(f"{URL}/labels", json={"id": 12, "name": "env", "value": "prod", "resource": True},
             match=[matchers.json_params_matcher({"name": "env", "value": "prod", "resource": True})])
    expect_added(api, "slurm-platform")
    result = run("compute-envs", "add", "slurm", "-n", "s", "--work-dir", "/w", "-q", "q", "--labels", "team=a,env=prod")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert sent(api)["labelIds"] == [11, 12]


def test_labels_need_a_value(run):
    result = run("compute-envs", "add", "slurm", "-n", "s", "--work-dir", "/w", "-q", "q", "--labels", "team")
    assert "Label value is required" in misused(result)


# Usage errors -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("args,missing", [
    (("aws-batch", "forge", "-n", "x", "-r", "r", "--work-dir", "s3://b"), "--max-cpus"),
    (("aws-batch", "manual", "-n", "x", "-r", "r", "--work-dir", "s3://b", "--head-queue", "h"), "--compute-queue"),
    (("k8s", "-n", "x", "--work-dir", "/w", "-s", "https://k", "--namespace", "n", "--head-account", "h",
      "--storage-claim", "c"), "--ssl-cert"),
    (("slurm", "-n", "x", "--work-dir", "/w"), "--head-queue"),
    (("seqera-compute", "-n", "x"), "--region"),
    (("google-cloud", "-n", "x", "--work-dir", "gs://b", "-r", "r"), "--zone"),
    (("slurm", "--work-dir", "/w", "-q", "q"), "--name"),
])
def test_missing_required_option_is_usage_error(run, args, missing):
    result = run("compute-envs", "add", *args)
    assert "ERROR: Missing option" in result.stderr and missing in misused(result)


@pytest.mark.parametrize("args,flags", [
    (("aws-cloud", "-n", "x", "-r", "r", "--work-dir", "s3://b", "--subnet-id", "a", "--subnet-ids", "b"),
     "--subnet-id, --subnet-ids"),
    (("google-batch", "-n", "x", "-l", "l", "--work-dir", "gs://b", "--head-job-machine-type", "m",
      "--head-job-template", "t"), "--head-job-machine-type, --head-job-template"),
    (("google-batch", "-n", "x", "-l", "l", "--work-dir", "gs://b", "--compute-jobs-machine-type", "m",
      "--compute-job-template", "t"), "--compute-jobs-machine-type, --compute-job-template"),
])
def test_exclusive_options_are_usage_errors(run, args, flags):
    result = run("compute-envs", "add", *args)
    assert f"ERROR: {flags} are mutually exclusive (specify only one)" in misused(result)


def test_dependent_options(run):
    result = run("compute-envs", "add", "google-batch", "-n", "x", "-l", "l", "--work-dir", "gs://b",
                 "--network-tags", "a")
    assert "ERROR: --network-tags requires --network" in misused(result)
    result = run("compute-envs", "add", "google-batch", "-n", "x", "-l", "l", "--work-dir", "gs://b",
                 "--network", "n", "--network-tags", "Bad_Tag")
    assert "'Bad_Tag' is not a valid network tag" in misused(result)


@pytest.mark.parametrize("args,flag,field", [
    (("aws-batch", "forge", "-r", "r", "--work-dir", "s3://b", "--max-cpus", "1", "--secrets-kms-key", "k"),
     "--secrets-kms-key", "secretsKmsKeyId"),
    (("aws-batch", "manual", "-r", "r", "--work-dir", "s3://b", "--head-queue", "h", "--compute-queue", "c",
      "--secrets-kms-key", "k"), "--secrets-kms-key", "secretsKmsKeyId"),
    (("aws-cloud", "-r", "r", "--work-dir", "s3://b", "--secrets-kms-key", "k"), "--secrets-kms-key",
     "secretsKmsKeyId"),
    (("google-cloud", "-r", "r", "-z", "z", "--work-dir", "gs://b", "--network", "n"), "--network", "network"),
    (("google-cloud", "-r", "r", "-z", "z", "--work-dir", "gs://b", "--subnetworks", "a,b"), "--subnetworks",
     "subnetworks"),
    (("google-cloud", "-r", "r", "-z", "z", "--work-dir", "gs://b", "--network-tags", "a"), "--network-tags",
     "networkTags"),
    (("google-cloud", "-r", "r", "-z", "z", "--work-dir", "gs://b", "--use-private-address"),
     "--use-private-address", "usePrivateAddress"),
])
def test_options_without_a_field_in_the_spec_are_refused_before_any_request(run, args, flag, field):
    """tw 0.38 has these options but the Platform API spec (1.187) has no such config field: a strict server
    would reject the body, and silently dropping them would create a different compute environment."""
    result = run("compute-envs", "add", *args, "-n", "x")
    assert result.exit_code == 1, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"ERROR: {flag} is not supported: the Seqera Platform API has no '{field}' field for this platform"
    assert len(lines) == 2 and lines[1].startswith("  hint: ")


def test_options_without_a_field_in_the_spec_are_hidden_from_help(run):
    result = run("compute-envs", "add", "google-cloud", "-h")
    assert result.exit_code == 0 and result.stderr == ""
    assert "--network" not in result.stdout and "--use-private-address" not in result.stdout
    result = run("compute-envs", "add", "aws-cloud", "-h")
    assert result.exit_code == 0 and "--secrets-kms-key" not in result.stdout


def test_fusion_v2_requires_wave_and_fusion_v1_is_refused(run):
    base = ("compute-envs", "add", "aws-batch", "forge", "-n", "x", "-r", "r", "--work-dir", "s3://b", "--max-cpus", "1")
    result = run(*base, "--fusion-v2")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "ERROR: Fusion v2 requires Wave service\n"
    result = run(*base, "--fusion")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "ERROR: Fusion v1 is deprecated, please use '--fusion-v2' instead\n"


def test_bad_choice_is_usage_error(run):
    result = run("compute-envs", "add", "aws-batch", "forge", "-n", "x", "-r", "r", "--work-dir", "s3://b",
                 "--max-cpus", "1", "--provisioning-model", "CHEAP")
    assert "--provisioning-model" in misused(result)


def test_missing_staging_file(run, tmp_path):
    result = run("compute-envs", "add", "slurm", "-n", "s", "--work-dir", "/w", "-q", "q",
                 "--pre-run", tmp_path / "nope.sh")
    assert failed(result) == f"ERROR: File not found. {tmp_path / 'nope.sh'}"


# --wait ------------------------------------------------------------------------------------------------------
def ce_status(status, message=None):
    ce = {"id": "ce1", "name": "demo", "status": status, "platform": "slurm-platform"}
    if message:
        ce["message"] = message
    return {"computeEnv": ce}


def slurm_created(api, *answers):
    """A SLURM compute environment created (as `SLURM_ADD` asks), then these answers to the status polls, in order."""
    expect_added(api, "slurm-platform")
    for answer in answers:
        api.get(f"{URL}/compute-envs/ce1", json=answer)


SLURM_ADD = ("compute-envs", "add", "slurm", "-n", "demo", "--work-dir", "/w", "-q", "q")
SLURM_ADDED = "\n  New SLURM-PLATFORM compute environment 'demo' added at user workspace\n"


@pytest.fixture
def fast_poll(monkeypatch):
    monkeypatch.setenv("TWPY_POLL_INTERVAL", "0")


@pytest.mark.parametrize("first, last, target", [
    pytest.param("CREATING", "AVAILABLE", "available", id="available"),
    pytest.param("DELETING", "DELETED", "DELETED", id="deleted-keeps-polling-while-deleting"),
])
def test_wait_polls_until_the_status(api, run, fast_poll, first, last, target):
    slurm_created(api, ce_status(first), ce_status(last))
    result = run(*SLURM_ADD, "--wait", target)
    assert succeeded(result) == SLURM_ADDED
    assert len([c for c in api.calls if c.request.method == "GET" and "/compute-envs/ce1" in c.request.url]) == 2


def test_wait_errored_reports_server_message(api, run, fast_poll):
    slurm_created(api, ce_status("ERRORED", "Unable to connect to login.example.com"))
    result = run("-o", "json", *SLURM_ADD, "--wait", "AVAILABLE")
    assert result.exit_code == 1
    assert result.json()["id"] == "ce1"
    assert result.stderr.splitlines()[0] == ("ERROR: Compute environment 'demo' is ERRORED, not AVAILABLE: "
                                             "Unable to connect to login.example.com")


def test_bad_options_fail_before_any_request_even_with_a_workspace(api, run, tmp_path):
    """Option rules and staging files are checked before the workspace lookups (no request at all)."""
    result = run("compute-envs", "add", "aws-batch", "forge", "-n", "x", "-w", "Seqera/cli", "-r", "r",
                 "--work-dir", "s3://b", "--max-cpus", "1", "--fusion-v2")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "ERROR: Fusion v2 requires Wave service\n"
    result = run("compute-envs", "add", "slurm", "-n", "s", "-w", "Seqera/cli", "--work-dir", "/w", "-q", "q",
                 "--nextflow-config", tmp_path / "none.config")
    assert failed(result) == f"ERROR: File not found. {tmp_path / 'none.config'}"
    assert len(api.calls) == 0


def test_registry_credentials_in_an_organization_workspace(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/credentials", json={"credentials": [{"id": "reg1", "name": "dockerhub", "provider": "container-reg"},
                                                        {"id": "az1", "name": "azure", "provider": "azure"}]},
            match=[matchers.query_param_matcher({"workspaceId": str(WS)})])
    expect_added(api, "azure-batch", creds=({"id": "az1", "name": "azure", "provider": "azure"},), workspace=WS)
    result = run("compute-envs", "add", "azure-batch", "forge", "-n", "az", "-w", "Seqera/cli", "-l", "eastus",
                 "--work-dir", "az://c/w", "--registry-credentials", "dockerhub")
    assert succeeded(result) == "\n  New AZURE-BATCH compute environment 'az' added at [Seqera / cli] workspace\n"
    assert sent(api)["computeEnv"]["config"]["forge"]["containerRegIds"] == ["reg1"]


@pytest.mark.parametrize("later", ["DISABLED", "DELETING"])
def test_wait_available_stops_when_the_compute_env_moved_past_it(api, run, fast_poll, later):
    """tw stops waiting once the status is past the target in the status order: a CE that is DISABLED or DELETING
    will not become AVAILABLE by itself (without a timeout this would poll forever)."""
    slurm_created(api, ce_status(later))
    result = run(*SLURM_ADD, "--wait", "AVAILABLE")
    assert result.exit_code == 1
    assert result.stdout == SLURM_ADDED
    assert result.stderr.splitlines()[0] == f"ERROR: Compute environment 'demo' is {later}, not AVAILABLE"
