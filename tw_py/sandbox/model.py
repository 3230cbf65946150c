"""Constructors of the sandbox's stored objects, shared by the demo seed and the API handlers."""
from __future__ import annotations

import base64
import re
import uuid

from tw_py.sandbox.simulate import plan_for
from tw_py.sandbox.store import Store, iso

CE_CREATE_SECONDS = 1.5   # CREATING -> AVAILABLE (sandbox seconds)
CE_DELETE_SECONDS = 1.5   # DELETING -> gone
SECRET_KEYS = {"secretKey", "password", "privateKey", "passphrase", "token", "batchKey", "storageKey",
               "clientSecret", "data", "certificate", "sslCert"}
LAUNCH_FIELDS = ("computeEnvId", "pipeline", "workDir", "revision", "commitId", "configProfiles", "userSecrets",
                 "workspaceSecrets", "configText", "towerConfig", "paramsText", "preRunScript", "postRunScript",
                 "mainScript", "entryName", "schemaName", "resume", "pullLatest", "stubRun", "sessionId",
                 "runName", "pipelineSchemaId", "headJobCpus", "headJobMemoryMb", "launchContainer",
                 "optimizationId", "optimizationTargets", "outputDir", "nextflowVersion", "syntaxParser")
ADJECTIVES = ("agitated", "boring", "clever", "dreamy", "elegant", "fervent", "gloomy", "happy", "jolly", "lucid",
              "modest", "nostalgic", "peaceful", "serene", "tiny", "zen")
SCIENTISTS = ("curie", "darwin", "franklin", "hopper", "lovelace", "mendel", "noether", "pasteur", "turing", "yalow")


def new_label(store: Store, ws_id, name: str, value: str | None = None, resource: bool = False) -> dict:
    label = {"id": store.number_id(), "workspaceId": ws_id, "name": name, "value": value,
             "resource": bool(resource), "isDefault": False, "dateCreated": iso(store.now())}
    store.items("labels").append(label)
    return label


def new_credentials(store: Store, ws_id, name: str, provider: str, keys: dict | None = None,
                    base_url: str | None = None, description: str | None = None) -> dict:
    now = iso(store.now())
    public = {k: v for k, v in (keys or {}).items() if k not in SECRET_KEYS}
    public["discriminator"] = provider
    creds = {"id": store.string_id(), "workspaceId": ws_id, "name": name, "provider": provider,
             "description": description, "baseUrl": base_url, "keys": public, "status": "AVAILABLE",
             "dateCreated": now, "lastUpdated": now, "lastUsed": None, "category": None}
    store.items("credentials").append(creds)
    return creds


def new_compute_env(store: Store, ws_id, name: str, platform: str, config: dict, credentials_id: str | None,
                    description: str | None = None, label_ids: list | None = None, ready: bool = False,
                    extra: dict | None = None) -> dict:
    now = store.now()
    config = dict(config)
    config["discriminator"] = platform
    ce = {"id": store.string_id(), "workspaceId": ws_id, "name": name, "description": description,
          "platform": platform, "config": config, "credentialsId": credentials_id,
          "dateCreated": iso(now), "lastUpdated": iso(now), "lastUsed": None, "primary": False,
          "labels": list(label_ids or []), "message": None,
          "_readyAt": now if ready else now + CE_CREATE_SECONDS / store.speed, "_deleteAt": None, "_deleted": False}
    ce.update(extra or {})
    live = [c for c in store.items("computeEnvs") if c["workspaceId"] == ws_id and not c.get("_deleted")]
    if not any(c.get("primary") for c in live):
        ce["primary"] = True
    store.items("computeEnvs").append(ce)
    return ce


def compute_env_status(store: Store, ce: dict) -> str:
    if ce.get("_deleted"):
        return "DELETED"
    if ce.get("_deleteAt") is not None:
        return "DELETING"
    return "AVAILABLE" if store.now() >= ce["_readyAt"] else "CREATING"


def new_launch(store: Store, ws_id, fields: dict) -> dict:
    now = iso(store.now())
    launch = {k: fields.get(k) for k in LAUNCH_FIELDS}
    launch.update({"id": store.string_id(), "workspaceId": ws_id, "dateCreated": now, "lastUpdated": now})
    store.items("launches").append(launch)
    return launch


def new_pipeline(store: Store, ws_id, name: str, launch: dict, description: str | None = None,
                 icon: str | None = None, version_name: str | None = None, label_ids: list | None = None) -> dict:
    now = iso(store.now())
    user = store.data["user"]
    version = {"id": store.string_id(), "name": version_name or f"{name}-1", "isDefault": True,
               "hash": _hash(store), "launchId": launch["id"], "dateCreated": now, "lastUpdated": now,
               "creatorUserId": user["id"], "creatorUserName": user["userName"]}
    pipeline = {"pipelineId": store.number_id(), "workspaceId": ws_id, "name": name, "description": description,
                "icon": icon, "repository": launch.get("pipeline"), "userId": user["id"], "userName": user["userName"],
                "userFirstName": user.get("firstName"), "userLastName": user.get("lastName"),
                "visibility": "PRIVATE", "labels": list(label_ids or []), "lastUpdated": now,
                "versions": [version]}
    store.items("pipelines").append(pipeline)
    return pipeline


def _hash(store: Store) -> str:
    return "".join(store.rng.choice("0123456789abcdef") for _ in range(64))


def project_name(repository: str) -> str:
    """`https://github.com/nextflow-io/hello` -> `nextflow-io/hello`."""
    text = re.sub(r"^[a-z]+://[^/]+/", "", repository.strip()).rstrip("/")
    text = re.sub(r"\.git$", "", text)
    return text or repository


def wants_failure(params_text: str | None) -> bool:
    """True when the run's parameters ask the sandbox to fail it (`sandbox_fail: true`)."""
    return bool(params_text and re.search(r"""["']?sandbox_fail["']?\s*[:=]\s*["']?true""", params_text, re.I))


def parse_params(params_text: str | None) -> dict:
    """Parameters from JSON or simple `key: value` YAML text (the sandbox only displays them)."""
    if not params_text or not params_text.strip():
        return {}
    import json

    try:
        value = json.loads(params_text)
        return value if isinstance(value, dict) else {}
    except ValueError:
        pass
    params = {}
    for line in params_text.splitlines():
        match = re.match(r"^\s*([A-Za-z_][\w.-]*)\s*[:=]\s*(.*?)\s*$", line)
        if match:
            raw = match.group(2).strip("'\"")
            params[match.group(1)] = {"true": True, "false": False}.get(raw.lower(), raw)
    return params


def new_run(store: Store, ws_id, launch: dict, compute_env: dict, pipeline_id=None, label_ids=None,
            t0: float | None = None, speed: float | None = None) -> dict:
    user = store.data["user"]
    t0 = store.now() if t0 is None else t0
    repository = launch["pipeline"]
    run_id = store.string_id(14)
    run_name = launch.get("runName") or f"{store.rng.choice(ADJECTIVES)}_{store.rng.choice(SCIENTISTS)}"
    profiles = launch.get("configProfiles") or []
    command = f"nextflow run '{repository}' -name {run_name} -with-tower"
    if profiles:
        command += " -profile " + ",".join(profiles)
    if launch.get("revision"):
        command += f" -r {launch['revision']}"
    plan = plan_for(repository)
    run = {
        "id": run_id, "workspaceId": ws_id, "launchId": launch["id"], "pipelineId": pipeline_id,
        "computeEnvId": compute_env["id"], "runName": run_name, "projectName": project_name(repository),
        "repository": repository, "revision": launch.get("revision"), "commitId": _hash(store)[:40],
        "sessionId": launch.get("sessionId") or str(uuid.UUID(int=store.rng.getrandbits(128), version=4)),
        "userName": user["userName"], "ownerId": user["id"], "workDir": launch.get("workDir") or "",
        "paramsText": launch.get("paramsText"), "params": parse_params(launch.get("paramsText")),
        "configProfiles": profiles, "configText": launch.get("configText"), "commandLine": command,
        "labels": list(label_ids or []), "dateCreated": iso(t0),
        "_t0": t0, "_speed": speed or store.speed, "_fail": wants_failure(launch.get("paramsText")),
        "_cancelAt": None, "_plan": plan, "_taskBase": store.number_id() * 10,
    }
    store.items("workflows").append(run)
    compute_env["lastUsed"] = iso(t0)
    return run


def new_dataset(store: Store, ws_id, name: str, description: str | None = None) -> dict:
    now = iso(store.now())
    dataset = {"id": store.string_id(), "workspaceId": ws_id, "name": name, "description": description,
               "hidden": False, "deleted": False, "dateCreated": now, "lastUpdated": now, "sourceType": "UPLOADED",
               "labels": [], "versions": []}
    store.items("datasets").append(dataset)
    return dataset


def add_dataset_version(store: Store, dataset: dict, file_name: str, media_type: str, content: bytes,
                        has_header: bool = False) -> dict:
    """A new version of the dataset holding `content` (kept base64-encoded in the state, byte for byte)."""
    import base64

    now = iso(store.now())
    version = {"version": len(dataset["versions"]) + 1, "fileName": file_name, "mediaType": media_type,
               "hasHeader": has_header, "dateCreated": now, "lastUpdated": now, "disabled": False,
               "fileSize": len(content), "_content": base64.b64encode(content).decode("ascii")}
    dataset["versions"].append(version)
    dataset.update(version=version["version"], mediaType=media_type, lastUpdated=now)
    return version


def new_data_link(store, ws_id, name: str, resource_ref: str, provider: str = "aws", description: str | None = None,
                  credentials: list | None = None, objects: dict | None = None) -> dict:
    link = {"id": "v1-user-" + store.string_id(16).lower(), "workspaceId": ws_id, "name": name,
            "description": description, "resourceRef": resource_ref, "type": "bucket", "provider": provider,
            "region": "eu-west-1", "publicAccessible": not credentials, "hidden": False,
            "credentialsIds": [c["id"] for c in credentials or []],
            "_objects": {key: base64.b64encode(data).decode("ascii") for key, data in (objects or {}).items()}}
    store.items("dataLinks").append(link)
    return link


#: A studio's configuration where the request leaves it out (tw's defaults: no GPU, 2 CPUs, 8 GiB, 8 hours).
STUDIO_DEFAULTS = {"gpu": 0, "cpu": 2, "memory": 8192, "lifespanHours": 8}


def new_studio(store: Store, ws_id, name: str, compute_env_id: str, template: str, configuration: dict, *,
               description: str | None = None, private: bool = False, spot: bool = False, remote: dict | None = None,
               label_ids: list | None = None) -> dict:
    """A stopped studio (the studios resource starts and stops it on the clock)."""
    now = iso(store.now())
    config = {**STUDIO_DEFAULTS, **configuration}
    studio = {"sessionId": store.string_id(8).lower(), "workspaceId": ws_id, "name": name,
              "description": description, "computeEnvId": compute_env_id, "template": template,
              "configuration": config, "isPrivate": private, "spot": spot,
              "effectiveLifespanHours": config["lifespanHours"], "remoteConfig": remote, "labels": label_ids or [],
              "checkpoints": [], "dateCreated": now, "lastUpdated": now, "_startAt": None, "_stopAt": None}
    store.items("studios").append(studio)
    return studio
