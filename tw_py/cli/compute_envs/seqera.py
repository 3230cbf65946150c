"""Seqera Compute: `seqera-compute` (no credentials: Seqera runs it)."""
from __future__ import annotations

from tw_py.cli.compute_envs.spec import Opt, Platform, work_dir

SEQERA = Platform(
    path=("seqera-compute",), id="seqeracompute-platform",
    help="Add a Seqera Compute environment (managed by Seqera; no credentials needed).",
    options=(
        Opt(("-r", "--region"), "region", "Region of the compute environment.", required=True),
        work_dir("Accepted for compatibility with tw; Seqera Compute chooses the work directory.", required=False,
                 field_name=None),
        Opt(("--instance-type-size",), "instanceTypeSize", "Size of the instances.", kind="choice",
            choices=("SMALL", "MEDIUM", "LARGE")),
    ),
    credentials=False,
    examples=("twpy compute-envs add seqera-compute -n seqera -r eu-west-1",),
)

PLATFORMS = (SEQERA,)
