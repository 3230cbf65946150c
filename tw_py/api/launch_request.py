"""The launch fields, once: how tw's launch options map onto a launch request (WorkflowLaunchRequest,
the `launch` of pipelines and actions), and the one overlay every command uses.

Every command that takes launch options (`launch`, `pipelines add/update`, `actions add/update`,
`runs relaunch`) builds its request here; a command's tw-specific quirk is an argument, not a copy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from tw_py.api import params as params_api
from tw_py.api.params import ParamsFile

#: Request field -> LaunchOptions attribute: the launch options every launching command shares, in tw's order.
#: `paramsText` is not an attribute: it is combined from the params files and --param values (see option_values).
LAUNCH_FIELDS: tuple[tuple[str, str], ...] = (
    ("workDir", "work_dir"),
    ("revision", "revision"),
    ("commitId", "commit_id"),
    ("configProfiles", "profiles"),
    ("paramsText", ""),
    ("configText", "config_text"),
    ("preRunScript", "pre_run"),
    ("postRunScript", "post_run"),
    ("pullLatest", "pull_latest"),
    ("stubRun", "stub_run"),
    ("mainScript", "main_script"),
    ("entryName", "entry_name"),
    ("schemaName", "schema_name"),
    ("userSecrets", "user_secrets"),
    ("workspaceSecrets", "workspace_secrets"),
)

#: Fields `createLaunchRequest` copies from a saved launch (LaunchDbDto) into a WorkflowLaunchRequest.
SAVED_FIELDS = ("id", "computeEnvId", "pipeline", "workDir", "revision", "commitId", "sessionId", "configProfiles",
                "userSecrets", "workspaceSecrets", "configText", "towerConfig", "paramsText", "preRunScript",
                "postRunScript", "mainScript", "entryName", "schemaName", "pipelineSchemaId", "resume", "pullLatest",
                "stubRun", "optimizationId", "optimizationTargets", "headJobCpus", "headJobMemoryMb", "dateCreated")


@dataclass
class LaunchOptions:
    """tw's LaunchOptions bundle with the files already read (plain values, no click)."""

    compute_env: str | None = None
    work_dir: str | None = None
    profiles: list[str] | None = None
    params_files: Sequence[ParamsFile] = ()
    params: Sequence[tuple[list[str], Any]] = ()   # twpy --param, parsed: (dotted path, typed value)
    revision: str | None = None
    commit_id: str | None = None
    config_text: str | None = None
    pre_run: str | None = None
    post_run: str | None = None
    pull_latest: bool | None = None
    stub_run: bool | None = None
    main_script: str | None = None
    entry_name: str | None = None
    schema_name: str | None = None
    user_secrets: list[str] | None = None
    workspace_secrets: list[str] | None = None
    extra: dict = field(default_factory=dict)

    def params_text(self, base_text: str | None = None) -> str | None:
        """The paramsText these options ask for (None: keep the base). See tw_py.api.params.combine."""
        return params_api.combine(self.params_files, self.params, base_text=base_text)


def pick(cli: Any, base: Any) -> Any:
    """tw's `coalesce`: the CLI value unless it is None or an empty string."""
    if cli is None or (isinstance(cli, str) and cli == ""):
        return base
    return cli


def option_values(options: LaunchOptions, base_params_text: str | None = None) -> dict[str, Any]:
    """What the options say of each launch field (None where they say nothing); params merge onto the base's."""
    return {key: options.params_text(base_params_text) if key == "paramsText" else getattr(options, attribute)
            for key, attribute in LAUNCH_FIELDS}


def overlay(base: dict, options: LaunchOptions, *, cli_only: Sequence[str] = ()) -> dict[str, Any]:
    """The launch fields with each option's value over `base`'s (tw's `CLI ?: base`).

    `cli_only`: fields whose base value is not kept (tw's `pipelines update` clears `commitId` that way)."""
    values = option_values(options, base.get("paramsText"))
    return {key: pick(values[key], None if key in cli_only else base.get(key)) for key, _ in LAUNCH_FIELDS}


def without_nones(request: dict) -> dict:
    """The request without fields nobody set (the API reads a missing field and a null alike)."""
    return {key: value for key, value in request.items() if value is not None}


def create_launch_request(launch: dict) -> dict:
    """tw's `createLaunchRequest`: a WorkflowLaunchRequest from a saved launch (LaunchDbDto)."""
    request = {key: launch.get(key) for key in SAVED_FIELDS}
    request["computeEnvId"] = (launch.get("computeEnv") or {}).get("id") or launch.get("computeEnvId")
    return without_nones(request)
