"""Kubernetes platforms: `k8s`, `eks`, `gke` (options declared once, as data)."""
from __future__ import annotations

from tw_py.cli.compute_envs.spec import Opt, Platform, work_dir

WORK_DIR = work_dir("Nextflow work directory on the shared storage.")
NAMESPACE = Opt(("--namespace",), "namespace", "Kubernetes namespace of the workflows.", required=True)
HEAD_ACCOUNT = Opt(("--head-account",), "headServiceAccount", "Service account of the Nextflow head job.",
                   required=True)
PODS = {"ON_SUCCESS": "on_success", "ALWAYS": "always", "NEVER": "never"}
ADVANCED = (
    Opt(("--storage-mount",), "storageMountPath", "Mount path of the persistent volume claim [default: /scratch]."),
    Opt(("--compute-account",), "computeServiceAccount", "Service account of the task pods [default: default]."),
    Opt(("--pod-cleanup",), "podCleanup", "Pod cleanup policy.", kind="choice", choices=tuple(PODS), wire=PODS),
    Opt(("--head-pod-spec",), "headPodSpec", "File with a custom PodSpec (YAML) for the head job pod.", kind="file"),
    Opt(("--service-pod-spec",), "servicePodSpec", "File with a custom PodSpec (YAML) for the service pod.",
        kind="file"),
)

K8S = Platform(
    path=("k8s",), id="k8s-platform",
    help="Add a Kubernetes compute environment.",
    options=(
        WORK_DIR,
        Opt(("-s", "--server"), "server", "Kubernetes control plane URL.", required=True),
        NAMESPACE,
        Opt(("--ssl-cert",), "sslCert", "File with the SSL certificate of the cluster.", kind="file", required=True),
        HEAD_ACCOUNT,
        Opt(("--storage-claim",), "storageClaimName", "PersistentVolumeClaim for the scratch storage.", required=True),
    ) + ADVANCED,
    examples=("twpy compute-envs add k8s -n k8s -s https://k8s.example.com --namespace nf --ssl-cert ca.crt "
              "--head-account head --storage-claim scratch --work-dir /scratch/work",),
)


def _managed(path: str, platform_id: str, what: str, region_help: str) -> Platform:
    return Platform(
        path=(path,), id=platform_id,
        help=f"Add an {what} compute environment." if what[0] in "AEIOU" else f"Add a {what} compute environment.",
        options=(
            WORK_DIR,
            Opt(("-r", "--region"), "region", region_help, required=True),
            Opt(("--cluster-name",), "clusterName", f"Name of the {what} cluster.", required=True),
            NAMESPACE, HEAD_ACCOUNT,
            Opt(("--storage-claim",), "storageClaimName", "PersistentVolumeClaim for the scratch storage."),
        ) + ADVANCED,
        examples=(f"twpy compute-envs add {path} -n {path} -r <region> --cluster-name c1 --namespace nf "
                  f"--head-account head --work-dir /scratch/work",),
    )


EKS = _managed("eks", "eks-platform", "Amazon EKS", "AWS region of the cluster.")
GKE = _managed("gke", "gke-platform", "Google GKE", "Google Cloud region or zone of the cluster.")

PLATFORMS = (K8S, EKS, GKE)
