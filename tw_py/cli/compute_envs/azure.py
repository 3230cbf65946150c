"""Azure platforms: `azure-batch forge`, `azure-batch manual`, `azure-cloud` (options declared once, as data)."""
from __future__ import annotations

from tw_py.cli.compute_envs.spec import (
    FUSION_METRICS,
    FUSION_NEEDS_WAVE,
    FUSION_V2,
    WAVE,
    Opt,
    Platform,
    scheduler_options,
    work_dir,
)

AZ_WORK_DIR = work_dir("Nextflow work directory: an Azure Blob Storage path (e.g. az://container/work).")
LOCATION = Opt(("-l", "--location"), "region", "Azure region (e.g. eastus, westeurope).", required=True)
SUBNET = Opt(("--subnet-id",), "subnetId", "VNet subnet resource id (requires Entra credentials).")
IDENTITY = (
    Opt(("--managed-identity-client-id", "--managed-identity-head-client-id"), "managedIdentityClientId",
        "Client id of the head job's managed identity."),
    Opt(("--managed-identity-pool-client-id",), "managedIdentityPoolClientId",
        "Client id of the compute jobs' managed identity."),
)
IDENTITY_RESOURCES = (
    Opt(("--managed-identity-head-resource-id",), "managedIdentityHeadResourceId",
        "Resource id of the head job's managed identity."),
    Opt(("--managed-identity-pool-resource-id",), "managedIdentityPoolResourceId",
        "Resource id of the compute jobs' managed identity."),
)
ADVANCED = (
    Opt(("--delete-jobs-on-completion",), "deleteJobsOnCompletionEnabled",
        "Delete Batch jobs when the workflow succeeds.", kind="bool"),
    Opt(("--delete-tasks-on-completion",), "deleteTasksOnCompletion", "Delete Batch tasks when they succeed.",
        kind="bool"),
    Opt(("--terminate-jobs-on-completion",), "terminateJobsOnCompletion", "Terminate Batch jobs when all tasks end.",
        kind="bool"),
    Opt(("--token-duration",), "tokenDuration", "Duration of the SAS token [default: 12h]."),
    Opt(("--job-max-wall-clock-time",), "jobMaxWallClockTime", "Maximum elapsed time of a Batch job (e.g. 7d)."),
    FUSION_METRICS,
)
SINGLE_POOL = ("vmType", "vmCount", "autoScale", "bootDiskSizeGB")


def _forge_finish(values, config, resolver):
    """Single pool (vm-* options) or dual pool (head-*/worker-* options); registry credentials names to ids."""
    forge = config.setdefault("forge", {})
    if values.get("p_dual_pool"):
        for key in SINGLE_POOL:
            forge.pop(key, None)
        forge["dualPoolConfig"] = True
        for pool in ("head", "worker"):
            settings = forge.setdefault(f"{pool}Pool", {})
            if values.get(f"p_{pool}_no_auto_scale"):
                settings["autoScale"] = False
    else:
        forge.pop("headPool", None)
        forge.pop("workerPool", None)
    names = values.get("p_registry_credentials")
    if names:
        forge["containerRegIds"] = resolver.container_registry_ids(names)


FORGE = Platform(
    path=("azure-batch", "forge"), id="azure-batch",
    help="Add an Azure Batch compute environment whose pools Batch Forge creates and manages.",
    options=(
        AZ_WORK_DIR, LOCATION,
        Opt(("--dual-pool",), None, "Separate head and worker pools.", kind="flag"),
        Opt(("--vm-type",), "forge.vmType", "VM size of the pool (single pool) [default: Standard_D4_v3]."),
        Opt(("--vm-count",), "forge.vmCount", "Number (maximum with autoscaling) of VMs in the pool.", kind="int"),
        Opt(("--no-auto-scale",), "forge.autoScale", "Disable pool autoscaling.", kind="noflag"),
        Opt(("--boot-disk-size",), "forge.bootDiskSizeGB", "Boot disk size in GB.", kind="int"),
        Opt(("--head-vm-type",), "forge.headPool.vmType", "VM size of the head pool (dual pool)."),
        Opt(("--head-vm-count",), "forge.headPool.vmCount", "VMs in the head pool (dual pool).", kind="int"),
        Opt(("--head-no-auto-scale",), None, "Disable autoscaling of the head pool (dual pool).", kind="flag"),
        Opt(("--head-boot-disk-size",), "forge.headPool.bootDiskSizeGB", "Head pool boot disk size in GB.", kind="int"),
        Opt(("--worker-vm-type",), "forge.workerPool.vmType", "VM size of the worker pool (dual pool)."),
        Opt(("--worker-vm-count",), "forge.workerPool.vmCount", "Maximum VMs in the worker pool (dual pool).",
            kind="int"),
        Opt(("--worker-no-auto-scale",), None, "Disable autoscaling of the worker pool (dual pool).", kind="flag"),
        Opt(("--worker-boot-disk-size",), "forge.workerPool.bootDiskSizeGB", "Worker pool boot disk size in GB.",
            kind="int"),
        Opt(("--preserve-resources",), "forge.disposeOnDeletion",
            "Keep the Batch pools when the compute environment is deleted.", kind="noflag"),
        Opt(("--registry-credentials",), None, "Names of container registry credentials for private registries.",
            kind="list"),
        FUSION_V2, WAVE, SUBNET,
    ) + IDENTITY + IDENTITY_RESOURCES + ADVANCED,
    rules=(FUSION_NEEDS_WAVE,),
    finish=_forge_finish,
    examples=("twpy compute-envs add azure-batch forge -n az -l eastus --work-dir az://container/work --vm-count 4",
              "twpy compute-envs add azure-batch forge -n dual -l eastus --work-dir az://c/w --dual-pool "
              "--worker-vm-count 20"),
)

MANUAL = Platform(
    path=("azure-batch", "manual"), id="azure-batch",
    help="Add an Azure Batch compute environment that uses an existing Batch pool.",
    options=(
        AZ_WORK_DIR, LOCATION,
        Opt(("--compute-pool-name",), "headPool", "Existing Batch pool for the Nextflow head job.", required=True),
        Opt(("--worker-pool",), "workerPool", "Existing Batch pool for the compute jobs [default: the head pool]."),
        FUSION_V2, WAVE, SUBNET,
    ) + IDENTITY + ADVANCED,
    rules=(FUSION_NEEDS_WAVE,),
    examples=("twpy compute-envs add azure-batch manual -n az -l eastus --work-dir az://c/w --compute-pool-name pool",),
)

CLOUD = Platform(
    path=("azure-cloud",), id="azure-cloud",
    help="Add an Azure Cloud compute environment (Azure VMs, Fusion and Wave always on).",
    options=(
        AZ_WORK_DIR,
        Opt(("-r", "--region"), "region", "Azure region.", required=True),
        Opt(("--resource-group",), "resourceGroup", "Azure resource group.", required=True),
    ) + scheduler_options("VM sizes for compute nodes managed by the Seqera scheduler.") + (
        Opt(("--data-collection-endpoint",), "dataCollectionEndpoint", "Log data collection endpoint."),
        Opt(("--data-collection-rule-id",), "dataCollectionRuleId", "Log data collection rule id."),
        Opt(("--instance-type",), "instanceType", "VM size."),
        Opt(("--log-table-name",), "logTableName", "Log table name."),
        Opt(("--log-workspace-id",), "logWorkspaceId", "Log Analytics workspace id."),
        Opt(("--managed-identity-client-id",), "managedIdentityClientId", "Managed identity client id."),
        Opt(("--managed-identity-id",), "managedIdentityId", "Managed identity resource id."),
        Opt(("--network-id",), "networkId", "Virtual network id."),
        Opt(("--subnets",), "subnets", "Subnets.", kind="list"),
        Opt(("--subscription-id",), "subscriptionId", "Azure subscription id."),
        FUSION_METRICS,
    ),
    fixed={"waveEnabled": True, "fusion2Enabled": True},
    examples=("twpy compute-envs add azure-cloud -n azc -r eastus --resource-group rg --work-dir az://c/w",),
)

PLATFORMS = (FORGE, MANUAL, CLOUD)
