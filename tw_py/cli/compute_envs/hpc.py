"""HPC schedulers: `slurm`, `lsf`, `uge`, `altair`, `moab` (one option table, LSF adds three options)."""
from __future__ import annotations

from tw_py.cli.compute_envs.spec import Opt, Platform, work_dir

COMMON = (
    work_dir("Nextflow work directory on the cluster's shared file system (an absolute path)."),
    Opt(("-u", "--user-name"), "userName", "User name for the SSH connection to the head node."),
    Opt(("-H", "--host-name"), "hostName", "Host name of the head (login) node."),
    Opt(("-p", "--port"), "port", "SSH port [default: 22].", kind="int"),
    Opt(("-q", "--head-queue"), "headQueue", "Queue of the Nextflow head job.", required=True),
    Opt(("--compute-queue",), "computeQueue", "Queue of the pipeline jobs."),
    Opt(("--launch-dir",), "launchDir", "Directory where Nextflow runs [default: the work directory]."),
    Opt(("--max-queue-size",), "maxQueueSize", "Maximum jobs Nextflow submits at once [default: 100].", kind="int"),
    Opt(("--head-job-options",), "headJobOptions", "Extra submit options of the head job."),
)
LSF_EXTRA = (
    Opt(("--unit-for-limits",), "unitForLimits", "Memory unit of the cluster (LSF_UNIT_FOR_LIMITS)."),
    Opt(("--per-job-mem-limit",), "perJobMemLimit", "Memory limit per job (LSB_JOB_MEMLIMIT).", kind="bool"),
    Opt(("--per-task-reserve",), "perTaskReserve", "Memory reservation per task (RESOURCE_RESERVE_PER_TASK).",
        kind="bool"),
)


def _scheduler(path: str, platform_id: str, name: str, extra: tuple = ()) -> Platform:
    return Platform(path=(path,), id=platform_id, help=f"Add {'an' if name[0] in 'AEIO' else 'a'} {name} compute environment.",
                    options=COMMON + extra,
                    examples=(f"twpy compute-envs add {path} -n {path} --work-dir /home/me/work -u me "
                              f"-H login.example.com -q normal",))


PLATFORMS = (
    _scheduler("slurm", "slurm-platform", "Slurm"),
    _scheduler("lsf", "lsf-platform", "IBM LSF", LSF_EXTRA),
    _scheduler("uge", "uge-platform", "Univa Grid Engine"),
    _scheduler("altair", "altair-platform", "Altair PBS Pro"),
    _scheduler("moab", "moab-platform", "Moab"),
)
