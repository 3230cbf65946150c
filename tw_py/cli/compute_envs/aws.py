"""AWS platforms: `aws-batch forge`, `aws-batch manual`, `aws-cloud` (options declared once, as data)."""
from __future__ import annotations

from tw_py.cli.compute_envs.spec import (
    FUSION_METRICS,
    FUSION_NEEDS_WAVE,
    FUSION_V2,
    WAVE,
    Opt,
    Platform,
    exclusive,
    forbid,
    given,
    requires,
    scheduler_options,
    unsupported,
    work_dir,
)

REGION = Opt(("-r", "--region"), "region", "AWS region (e.g. eu-west-1).", required=True)
S3_WORK_DIR = work_dir("Nextflow work directory: an S3 bucket path (e.g. s3://your-bucket/work).")
FAST_STORAGE = Opt(("--fast-storage",), "nvnmeStorageEnabled", "Use NVMe instance storage (requires Fusion v2).",
                   kind="flag", default=False)
# tw 0.38 sends `secretsKmsKeyId`, which the API spec (1.187) does not define: accepted, then refused.
SECRETS_KMS, SECRETS_KMS_RULE = unsupported(("--secrets-kms-key",), "secretsKmsKeyId")
HEAD_JOB = (
    Opt(("--head-job-cpus",), "headJobCpus", "CPUs of the Nextflow head job.", kind="int"),
    Opt(("--head-job-memory",), "headJobMemoryMb", "Memory of the Nextflow head job, in MiB.", kind="int"),
    Opt(("--head-job-role",), "headJobRole", "IAM role of the Nextflow head job."),
    Opt(("--compute-job-role",), "computeJobRole", "IAM role of the jobs submitted by Nextflow."),
    Opt(("--batch-execution-role",), "executionRole", "ECS task execution role."),
    Opt(("--cli-path",), "cliPath", "Path of the AWS CLI in the EC2 instances."),
    SECRETS_KMS,
)
EFS = ("p_create_efs", "p_efs_id", "p_efs_mount")


def _forge_finish(values, config, resolver):
    """tw sends the EFS fields only when an EFS option is given (then efsCreate is always set)."""
    if given(values, *EFS):
        config["forge"]["efsCreate"] = bool(values.get("p_create_efs"))


FORGE = Platform(
    path=("aws-batch", "forge"), id="aws-batch",
    help="Add an AWS Batch compute environment whose resources Batch Forge creates and manages.",
    options=(
        S3_WORK_DIR, REGION,
        Opt(("--max-cpus",), "forge.maxCpus", "Maximum CPUs provisioned in this environment.", kind="int", required=True),
        Opt(("--provisioning-model",), "forge.type", "EC2 (on-demand) or SPOT (interruptible) instances.",
            kind="choice", choices=("SPOT", "EC2"), default="SPOT"),
        Opt(("--no-ebs-auto-scale",), "forge.ebsAutoScale", "Disable the EBS auto-expandable disk.", kind="noflag"),
        Opt(("--fusion",), None, "DEPRECATED: use --fusion-v2.", kind="flag", hidden=True),
        FUSION_V2, WAVE, FAST_STORAGE,
        Opt(("--snapshots",), "fusionSnapshots", "Enable Fusion snapshots (restore jobs after spot reclamation).",
            kind="flag", default=False),
        Opt(("--fargate",), "forge.fargateHeadEnabled", "Run the Nextflow head job on Fargate.", kind="flag",
            default=False),
        Opt(("--gpu",), "forge.gpuEnabled", "Deploy GPU-enabled EC2 instances.", kind="flag", default=False),
        Opt(("--allow-buckets",), "forge.allowBuckets", "S3 buckets or paths, besides the work dir, to grant read-write.",
            kind="list"),
        Opt(("--preserve-resources",), "forge.disposeOnDeletion",
            "Keep the Batch resources when the compute environment is deleted.", kind="noflag"),
        Opt(("--ecs-config",), "forge.ecsConfig", "File with ECS agent configuration (appended to /etc/ecs/ecs.config).",
            kind="file"),
        FUSION_METRICS,
        # EFS / FSx
        Opt(("--create-efs",), None, "Create a OneZone EFS file system.", kind="flag"),
        Opt(("--efs-id",), "forge.efsId", "EFS file system id (e.g. fs-0123456789)."),
        Opt(("--efs-mount",), "forge.efsMount", "EFS mount path [default: the work directory]."),
        Opt(("--fsx-size",), "forge.fsxSize", "FSx storage capacity in GB.", kind="int"),
        Opt(("--fsx-dns",), "forge.fsxName", "FSx file system DNS name."),
        Opt(("--fsx-mount",), "forge.fsxMount", "FSx mount path [default: the work directory]."),
        # Advanced
        Opt(("--instance-types",), "forge.instanceTypes", "Instance families or types ('optimal' for M4, C4, R4).",
            kind="list"),
        Opt(("--alloc-strategy",), "forge.allocStrategy", "Batch allocation strategy.", kind="choice",
            choices=("BEST_FIT", "BEST_FIT_PROGRESSIVE", "SPOT_CAPACITY_OPTIMIZED", "SPOT_PRICE_CAPACITY_OPTIMIZED")),
        Opt(("--vpc-id",), "forge.vpcId", "VPC identifier."),
        Opt(("--subnets",), "forge.subnets", "Subnets of the VPC.", kind="list"),
        Opt(("--security-groups",), "forge.securityGroups", "Security groups of the compute nodes.", kind="list"),
        Opt(("--ami-id",), "forge.imageId", "Custom ECS-optimised AMI."),
        Opt(("--key-pair",), "forge.ec2KeyPair", "EC2 key pair for SSH access."),
        Opt(("--min-cpus",), "forge.minCpus", "CPUs kept active (and billed) at all times.", kind="int", default=0),
        Opt(("--boot-disk-size",), "forge.ebsBootSize", "Boot disk size in GB.", kind="int"),
        Opt(("--ebs-blocksize",), "forge.ebsBlockSize", "Initial size in GB of the auto-expandable EBS volume.",
            kind="int"),
        Opt(("--bid-percentage",), "forge.bidPercentage", "Maximum Spot price as a percentage of On-Demand.", kind="int"),
    ) + HEAD_JOB,
    rules=(forbid("--fusion", "Fusion v1 is deprecated, please use '--fusion-v2' instead"), FUSION_NEEDS_WAVE,
           SECRETS_KMS_RULE),
    finish=_forge_finish,
    examples=("twpy compute-envs add aws-batch forge -n demo -r eu-west-1 --work-dir s3://bucket/work --max-cpus 64",
              "twpy compute-envs add aws-batch forge -n fusion -r eu-west-1 --work-dir s3://b/w --max-cpus 256 "
              "--fusion-v2 --wave --wait AVAILABLE"),
)

MANUAL = Platform(
    path=("aws-batch", "manual"), id="aws-batch",
    help="Add an AWS Batch compute environment that uses existing Batch queues.",
    options=(
        S3_WORK_DIR, REGION,
        Opt(("--head-queue",), "headQueue", "Batch queue of the Nextflow head job.", required=True),
        Opt(("--compute-queue",), "computeQueue", "Batch queue of the pipeline jobs.", required=True),
        FUSION_V2, WAVE, FAST_STORAGE, FUSION_METRICS,
    ) + HEAD_JOB,
    rules=(FUSION_NEEDS_WAVE, SECRETS_KMS_RULE),
    examples=("twpy compute-envs add aws-batch manual -n batch -r eu-west-1 --work-dir s3://b/w "
              "--head-queue head --compute-queue compute",),
)

CLOUD = Platform(
    path=("aws-cloud",), id="aws-cloud",
    help="Add an AWS Cloud compute environment (EC2 instances, Fusion and Wave always on).",
    options=(
        S3_WORK_DIR, REGION,
        Opt(("--allow-buckets",), "allowBuckets", "S3 buckets the compute environment can read and write.", kind="list"),
        FUSION_METRICS,
    ) + scheduler_options("EC2 instance types for compute nodes managed by the Seqera scheduler.") + (
        Opt(("--arm64",), "arm64Enabled", "Use ARM64 (Graviton) instances.", kind="flag"),
        Opt(("--boot-disk-size",), "ebsBootSize", "Boot disk size in GB.", kind="int"),
        Opt(("--ebs-encryption",), "ebsEncrypted", "Encrypt the boot EBS volume.", kind="flag"),
        Opt(("--ebs-kms-key",), "ebsKmsKeyId", "KMS key ARN of the boot EBS volume (requires --ebs-encryption)."),
        SECRETS_KMS,
        Opt(("--ec2-key-pair",), "ec2KeyPair", "EC2 key pair for SSH access."),
        Opt(("--image-id",), "imageId", "AMI of the instances."),
        Opt(("--instance-profile-arn",), "instanceProfileArn", "IAM instance profile ARN."),
        Opt(("--instance-type",), "instanceType", "EC2 instance type."),
        Opt(("--security-groups",), "securityGroups", "Security group ids.", kind="list"),
        Opt(("--subnet-id",), "subnetId", "DEPRECATED: use --subnet-ids. VPC subnet id."),
        Opt(("--subnet-ids",), "subnetIds", "VPC subnet ids.", kind="list"),
        Opt(("--vpc-id",), "vpcId", "VPC id."),
    ),
    fixed={"waveEnabled": True, "fusion2Enabled": True},
    rules=(exclusive("--subnet-id", "--subnet-ids"), requires("--ebs-kms-key", "--ebs-encryption"), SECRETS_KMS_RULE),
    examples=("twpy compute-envs add aws-cloud -n cloud -r eu-west-1 --work-dir s3://bucket/work",),
)

PLATFORMS = (FORGE, MANUAL, CLOUD)
