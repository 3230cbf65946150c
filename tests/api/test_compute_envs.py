"""tw_py.api.compute_envs and the platform tables: environment variables, export cleaning, import parsing,
the generic config builder, and that every platform's fields exist in the spec's ComputeConfig subtype."""
from __future__ import annotations

import pytest

from tests import contract
from tw_py.api import compute_envs
from tw_py.errors import InputError


def test_environment_prefixes_and_repeats():
    assert compute_envs.environment(["A=1", "compute:B=2", "both:C=x=y", "head:D=", "A=3"]) == [
        {"name": "A", "value": "3", "head": True, "compute": False},
        {"name": "B", "value": "2", "head": False, "compute": True},
        {"name": "C", "value": "x=y", "head": True, "compute": True},
        {"name": "D", "value": "", "head": True, "compute": False}]
    assert compute_envs.environment([]) is None


@pytest.mark.parametrize("entry", ["NOVALUE", "compute:=1"])
def test_environment_rejects_bad_entries(entry):
    with pytest.raises(InputError):
        compute_envs.environment([entry])


def test_clean_config_manual_batch_keeps_queues():
    config = {"discriminator": "aws-batch", "headQueue": "h", "computeQueue": "c", "volumes": ["/v"],
              "forgedResources": [{}]}
    assert compute_envs.clean_config(config) == {"discriminator": "aws-batch", "headQueue": "h", "computeQueue": "c"}


def test_portable_export_drops_workspace_ids():
    ce = {"id": "x", "credentialsId": "c", "config": {"discriminator": "azure-batch", "deleteJobsOnCompletion": "on_success",
                                                      "forge": {"vmCount": 2, "containerRegIds": ["r1"]}},
          "labels": [{"id": 1, "name": "a", "value": "b", "resource": True, "dateCreated": "2021-01-01T00:00:00Z"}]}
    assert compute_envs.export_document(ce, portable=True) == {
        "discriminator": "azure-batch", "forge": {"vmCount": 2}, "labels": [{"name": "a", "value": "b", "resource": True}]}
    assert compute_envs.export_document(ce)["forge"]["containerRegIds"] == ["r1"]


def test_portable_export_drops_the_google_project_of_the_credentials():
    ce = {"config": {"discriminator": "google-batch", "location": "europe-west2", "projectId": "acme-prod",
                     "workDir": "gs://b/w"}}
    assert compute_envs.export_document(ce, portable=True) == {"discriminator": "google-batch",
                                                               "location": "europe-west2", "workDir": "gs://b/w"}
    assert compute_envs.export_document(ce)["projectId"] == "acme-prod"


def test_parse_import_and_label_specs():
    config, labels = compute_envs.parse_import({"discriminator": "k8s-platform", "labels": [{"name": "a", "value": "b"},
                                                                                            {"name": "simple"}],
                                                "forgedResources": []})
    assert config == {"discriminator": "k8s-platform"}
    assert compute_envs.import_label_specs(labels) == ["a=b", "simple"]
    with pytest.raises(InputError):
        compute_envs.parse_import([1, 2])


def test_parse_import_refuses_an_unknown_platform():
    with pytest.raises(InputError) as raised:
        compute_envs.parse_import({"discriminator": "aws-batchh", "region": "eu-west-1"})
    assert raised.value.message == "Unknown platform 'aws-batchh' in the compute environment file"
    assert "aws-batch, aws-cloud" in raised.value.hint


@pytest.mark.skipif(not contract.spec_available(), reason="the OpenAPI spec is not available")
def test_known_platforms_are_the_spec_enum():
    schema = contract._raw_spec()["components"]["schemas"]["ComputeEnv_ComputeConfig_"]
    assert compute_envs.PLATFORM_IDS == tuple(schema["properties"]["platform"]["enum"])


def _schema_properties(name: str) -> set:
    schema = contract._raw_spec()["components"]["schemas"][name]
    return set(schema.get("properties", {}))


SCHEMAS = {"aws-batch": "AwsBatchConfig", "aws-cloud": "AwsCloudConfig", "google-batch": "GoogleBatchConfig",
           "google-cloud": "GoogleCloudConfig", "azure-batch": "AzBatchConfig", "azure-cloud": "AzCloudConfig",
           "k8s-platform": "K8sComputeConfig", "eks-platform": "EksComputeConfig", "gke-platform": "GkeComputeConfig",
           "slurm-platform": "SlurmComputeConfig", "lsf-platform": "LsfComputeConfig",
           "uge-platform": "UnivaComputeConfig", "altair-platform": "AltairPbsComputeConfig",
           "moab-platform": "MoabComputeConfig", "seqeracompute-platform": "SeqeraComputeConfig"}


@pytest.mark.skipif(not contract.spec_available(), reason="the OpenAPI spec is not available")
def test_every_platform_field_is_in_the_spec():
    from tw_py.cli.compute_envs import PLATFORMS

    assert {p.id for p in PLATFORMS} == set(SCHEMAS)
    nested = {"forge": {"aws-batch": "ForgeConfig", "azure-batch": "AzBatchForgeConfig"}, "schedConfig": "SchedConfig"}
    for platform in PLATFORMS:
        top = _schema_properties(SCHEMAS[platform.id])
        for opt in platform.options:
            if opt.field is None or opt.field.startswith("^"):
                continue
            head, _, rest = opt.field.partition(".")
            assert head in top, (platform.id, opt.field)
            if rest and head in nested:
                target = nested[head] if isinstance(nested[head], str) else nested[head][platform.id]
                sub = rest.split(".")[0]
                if sub in ("headPool", "workerPool"):
                    continue
                assert sub in _schema_properties(target), (platform.id, opt.field)


def test_platform_flags_are_unique_per_command():
    from tw_py.cli.compute_envs import PLATFORMS

    for platform in PLATFORMS:
        flags = [d for opt in platform.options for d in opt.decls]
        assert len(flags) == len(set(flags)), platform.path
