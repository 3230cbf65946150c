"""Google platforms: `google-batch` and `google-cloud` (options declared once, as data)."""
from __future__ import annotations

from tw_py.cli.compute_envs.spec import (
    FUSION_METRICS,
    FUSION_V2,
    WAVE,
    Opt,
    Platform,
    exclusive,
    requires,
    scheduler_options,
    unsupported,
    valid_network_tags,
    work_dir,
)

# tw 0.38 has these google-cloud options, but GoogleCloudConfig (API spec 1.187) has no such fields.
CLOUD_UNSUPPORTED = (unsupported(("--network",), "network"), unsupported(("--subnetworks",), "subnetworks", "list"),
                     unsupported(("--network-tags",), "networkTags", "list"),
                     unsupported(("--use-private-address",), "usePrivateAddress", "flag"))
GS_WORK_DIR = work_dir("Nextflow work directory: a Google Storage path (e.g. gs://your-bucket/work).")

BATCH = Platform(
    path=("google-batch",), id="google-batch",
    help="Add a Google Batch compute environment.",
    options=(
        GS_WORK_DIR,
        Opt(("-l", "--location"), "location", "Google Cloud location (region) of the jobs.", required=True),
        Opt(("--spot",), "spot", "Use Spot virtual machines.", kind="flag", default=False),
        FUSION_V2,
        Opt(("--fusion-snapshots",), "fusionSnapshots", "Enable Fusion snapshots (requires --fusion-v2).", kind="flag"),
        WAVE, FUSION_METRICS,
        Opt(("--network",), "network", "VPC network name or URI."),
        Opt(("--subnetwork",), "subnetwork", "Subnetwork name or URI."),
        Opt(("--network-tags",), "networkTags", "Network tags of the VMs (requires --network).", kind="list"),
        Opt(("--use-private-address",), "usePrivateAddress", "VMs without public IP addresses.", kind="flag"),
        Opt(("--boot-disk-size",), "bootDiskSizeGb", "Boot disk size in GB.", kind="int"),
        Opt(("--boot-disk-image",), "bootDiskImage", "Boot disk image."),
        Opt(("--head-job-cpus",), "headJobCpus", "CPUs of the Nextflow head job.", kind="int"),
        Opt(("--head-job-memory",), "headJobMemoryMb", "Memory of the Nextflow head job, in MiB.", kind="int"),
        Opt(("--service-account-email",), "serviceAccount", "Service account of the VMs."),
        Opt(("--head-job-machine-type",), "machineType", "Machine type of the head job."),
        Opt(("--head-job-template",), "headJobInstanceTemplate", "Instance template of the head job."),
        Opt(("--compute-jobs-machine-type",), "computeJobsMachineType", "Machine types of the compute jobs.", kind="list"),
        Opt(("--compute-job-template",), "computeJobsInstanceTemplate", "Instance template of the compute jobs."),
    ),
    rules=(requires("--fusion-snapshots", "--fusion-v2"), requires("--network-tags", "--network"),
           valid_network_tags(),
           exclusive("--head-job-machine-type", "--head-job-template"),
           exclusive("--compute-jobs-machine-type", "--compute-job-template")),
    examples=("twpy compute-envs add google-batch -n gb -l europe-west2 --work-dir gs://bucket/work --spot",),
)

CLOUD = Platform(
    path=("google-cloud",), id="google-cloud",
    help="Add a Google Cloud compute environment (Compute Engine VMs, Fusion and Wave always on).",
    options=(
        GS_WORK_DIR,
        Opt(("-r", "--region"), "region", "Google Cloud region.", required=True),
        Opt(("-z", "--zone"), "zone", "Google Cloud zone.", required=True),
    ) + scheduler_options("Machine types for compute nodes managed by the Seqera scheduler.") + (
        Opt(("--arm64",), "arm64Enabled", "Use ARM64 machines.", kind="flag"),
        Opt(("--boot-disk-size",), "bootDiskSizeGb", "Boot disk size in GB.", kind="int"),
        Opt(("--gpu",), "gpuEnabled", "Use GPU machines.", kind="flag"),
        Opt(("--image-id",), "imageId", "VM image."),
        Opt(("--instance-type",), "instanceType", "Machine type."),
        FUSION_METRICS,
    ) + tuple(opt for opt, _ in CLOUD_UNSUPPORTED),
    fixed={"waveEnabled": True, "fusion2Enabled": True},
    rules=tuple(rule for _, rule in CLOUD_UNSUPPORTED),
    examples=("twpy compute-envs add google-cloud -n gc -r europe-west2 -z europe-west2-a --work-dir gs://bucket/work",),
)

PLATFORMS = (BATCH, CLOUD)
