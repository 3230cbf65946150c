"""The demo data a fresh sandbox starts with (deterministic ids, so docs and tests can rely on them)."""
from __future__ import annotations

import random

from tw_py.sandbox import model
from tw_py.sandbox.store import STATE_VERSION, Store, iso

USER_NAME = "demo"
ORG_NAME = "demo"
WORKSPACE_NAME = "showcase"
HELLO = "https://github.com/nextflow-io/hello"
PIPELINES = (
    ("hello", HELLO, None, "A simple script showing Nextflow basic features", None),
    ("rnaseq", "https://github.com/nf-core/rnaseq", "3.14.0", "RNA sequencing analysis pipeline", ["test", "docker"]),
    ("sarek", "https://github.com/nf-core/sarek", "3.4.0", "Germline and somatic variant calling", ["test", "docker"]),
)
DAY = 86400.0
BUCKET_OBJECTS = {
    "README.txt": b"The twpy sandbox's demo bucket.\n",
    "reads/WT_REP1_1.fastq.gz": b"@read1\nACGT\n+\nFFFF\n",
    "reads/WT_REP1_2.fastq.gz": b"@read1\nTGCA\n+\nFFFF\n",
    "results/multiqc/multiqc_report.html": b"<html><body>MultiQC report (sandbox)</body></html>\n",
}
SAMPLESHEET = (b"sample,fastq_1,fastq_2,strandedness\n"
               b"WT_REP1,s3://sandbox-demo-bucket/reads/WT_REP1_1.fastq.gz,s3://sandbox-demo-bucket/reads/WT_REP1_2.fastq.gz,auto\n"
               b"RAP1_UNINDUCED_REP1,s3://sandbox-demo-bucket/reads/RAP1_1.fastq.gz,,auto\n")


def seed(now: float) -> dict:
    """A fresh state: user `demo`, org `demo` with workspace `showcase`, and the personal workspace, each with
    credentials, a primary AVAILABLE AWS Batch compute environment, Launchpad pipelines, labels and finished runs."""
    data = {"version": STATE_VERSION, "counters": {"next": 138_012_345_678_900, "task": 0},
            "user": {"id": 1, "userName": USER_NAME, "email": "demo@sandbox.localhost", "firstName": "Demo",
                     "lastName": "User", "organization": "Sandbox", "description": "The twpy sandbox's demo user",
                     "dateCreated": iso(now - 30 * DAY), "lastAccess": iso(now), "lastUpdated": iso(now - 30 * DAY),
                     "deleted": False, "termsOfUseConsent": True, "marketingConsent": False, "notification": False},
            "orgs": [], "workspaces": [], "computeEnvs": [], "credentials": [], "labels": [], "pipelines": [],
            "launches": [], "workflows": []}
    store = Store(data, clock=lambda: now - 7 * DAY, rng=random.Random(20240501))
    org = {"orgId": store.number_id(), "name": ORG_NAME, "fullName": "Demo organization",
           "description": "The twpy sandbox's demo organization", "location": "Barcelona",
           "website": "https://example.org", "memberRole": "owner", "memberId": store.number_id(),
           "type": "basic", "paying": False, "dateCreated": iso(now - 30 * DAY), "lastUpdated": iso(now - 30 * DAY)}
    data["orgs"].append(org)
    showcase = {"id": store.number_id(), "orgId": org["orgId"], "name": WORKSPACE_NAME,
                "fullName": "Showcase workspace", "description": "Demo pipelines and runs",
                "visibility": "PRIVATE", "dateCreated": iso(now - 30 * DAY), "lastUpdated": iso(now - 30 * DAY)}
    data["workspaces"].append(showcase)
    for ws_id, pipelines in ((showcase["id"], PIPELINES), (None, PIPELINES[:2])):
        _seed_workspace(store, ws_id, pipelines, now)
    return data


def _seed_workspace(store: Store, ws_id, pipelines, now: float) -> None:
    bucket = "s3://sandbox-demo-bucket/" + ("showcase" if ws_id else "personal")
    aws = model.new_credentials(store, ws_id, "aws-demo", "aws", {"accessKey": "AKIASANDBOXDEMO0000"})
    model.new_credentials(store, ws_id, "github-demo", "github", {"username": "demo"})
    env_label = model.new_label(store, ws_id, "env", "sandbox", resource=True)
    demo_label = model.new_label(store, ws_id, "demo")
    model.new_label(store, ws_id, "rnaseq")
    ce = model.new_compute_env(
        store, ws_id, "aws-demo", "aws-batch",
        {"region": "eu-west-1", "workDir": f"{bucket}/work", "waveEnabled": True, "fusion2Enabled": True,
         "nvnmeStorageEnabled": False, "fusionSnapshots": False, "headQueue": "TowerForge-sandbox-head",
         "computeQueue": "TowerForge-sandbox-work",
         "forge": {"type": "SPOT", "minCpus": 0, "maxCpus": 256, "gpuEnabled": False, "ebsAutoScale": True,
                   "disposeOnDeletion": True, "fargateHeadEnabled": False, "allowBuckets": []}},
        aws["id"], description="Demo AWS Batch compute environment", label_ids=[env_label["id"]], ready=True)
    found = {}
    for name, repository, revision, description, profiles in pipelines:
        launch = model.new_launch(store, ws_id, {"computeEnvId": ce["id"], "pipeline": repository,
                                                 "workDir": ce["config"]["workDir"], "revision": revision,
                                                 "configProfiles": profiles})
        labels = [demo_label["id"]] if name == "hello" else []
        found[name] = model.new_pipeline(store, ws_id, name, launch, description=description, label_ids=labels)
    runs = [("hello", 3 * DAY, ""), ("rnaseq", 2 * DAY, "sandbox_fail: true\n"), ("hello", 1 * DAY, "")]
    if ws_id is None:
        runs = runs[:1]
    for name, ago, params in runs:
        pipeline = found[name]
        saved = store.find("launches", "id", pipeline["versions"][0]["launchId"])
        launch = model.new_launch(store, ws_id, dict(saved, paramsText=params or None))
        model.new_run(store, ws_id, launch, ce, pipeline_id=pipeline["pipelineId"],
                      label_ids=[demo_label["id"]] if name == "hello" else [], t0=now - ago, speed=1.0)
    model.new_data_link(store, ws_id, "sandbox-demo-bucket", "s3://sandbox-demo-bucket", "aws",
                        "The demo bucket: reads and results", [aws], BUCKET_OBJECTS)
    model.new_studio(store, ws_id, "demo-notebook", ce["id"], "public.cr.seqera.io/platform/data-studio-jupyter:4.2.5-0.8",
                     {}, description="A Jupyter studio to start and stop")
    dataset = model.new_dataset(store, ws_id, "rnaseq-samples", "The nf-core/rnaseq test samplesheet")
    model.add_dataset_version(store, dataset, "samplesheet.csv", "text/csv", SAMPLESHEET, has_header=True)
