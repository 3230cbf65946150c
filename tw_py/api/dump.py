"""`runs dump`: collect a run's details and logs into a .tar.gz / .tar.xz archive for troubleshooting.

The archive is written to a temporary file next to the target and moved into place only when complete, so a
failure never leaves a half-written archive. Optional pieces that are missing (the Nextflow log, the launch of a
run started from the Nextflow CLI, a task log that is gone) are skipped and reported, not fatal.
"""
from __future__ import annotations

import io
import os
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from tw_py import jsonfmt
from tw_py.api import runs
from tw_py.api.paths import api_path
from tw_py.errors import ApiError, InputError
from tw_py.files import cannot_write

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace


FORMATS = {".tar.gz": "w:gz", ".tar.xz": "w:xz"}
TASK_LOGS = (".command.out", ".command.err", ".command.log")
FUSION_LOG = ".fusion.log"


def archive_mode(path: str) -> str:
    for suffix, mode in FORMATS.items():
        if os.path.basename(path).endswith(suffix):
            return mode
    raise InputError("Unknown file format. Only 'tar.xz' and 'tar.gz' formats are supported.",
                     hint="Name the output file like dump.tar.gz or dump.tar.xz.")


@dataclass
class DumpResult:
    path: str
    files: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


class _Archive:
    def __init__(self, tar: tarfile.TarFile, result: DumpResult):
        self.tar = tar
        self.result = result
        self.mtime = time.time()

    def add(self, name: str, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = self.mtime
        info.mode = 0o644
        self.tar.addfile(info, io.BytesIO(data))
        self.result.files.append(name)

    def add_json(self, name: str, value) -> None:
        self.add(name, jsonfmt.dumps(value) + "\n")


def write_dump(client: Client, workspace: Workspace, run_id: str, output: str, *, run_url: Callable[[dict], str],
               task_logs: bool = False, fusion_logs: bool = False, only_failed: bool = False,
               progress: Callable[[str], None] = lambda text: None) -> DumpResult:
    """Write the dump archive of run `run_id` to `output` (atomically) and return what went in and what was skipped.

    `run_url(described)` gives the run's web URL for the metadata file."""
    mode = archive_mode(output)
    target = os.path.abspath(output)
    directory = os.path.dirname(target)
    if not os.path.isdir(directory):
        raise InputError(f"Cannot write '{output}': directory '{directory}' does not exist")
    if os.path.isdir(target):
        raise InputError(f"Cannot write '{output}': it is a directory")
    result = DumpResult(target)
    try:
        fd, temp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(target) + ".", suffix=".part")
    except OSError as error:
        raise cannot_write(output, error) from error
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode=mode) as tar:  # type: ignore[call-overload]
            _collect(client, workspace, run_id, _Archive(tar, result), run_url=run_url, task_logs=task_logs,
                     fusion_logs=fusion_logs, only_failed=only_failed, progress=progress)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp made it private; the archive gets a normal file's mode
        try:
            os.replace(temp, target)
        except OSError as error:
            raise cannot_write(output, error) from error
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    return result


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _skip(archive: _Archive, progress, what: str) -> None:
    archive.result.skipped.append(what)
    progress(f"\t- No data collected, skipping ({what})")


def _collect(client: Client, workspace: Workspace, run_id, archive: _Archive, *, run_url, task_logs, fusion_logs, only_failed,
             progress) -> None:
    progress("- Tower info")
    service = (client.get("/service-info") or {}).get("serviceInfo") or {}
    archive.add_json("service-info.json", service)

    progress("- Workflow general information")
    described = runs.describe(client, workspace, run_id, attributes="labels,optimized")
    workflow = described["workflow"]
    archive.add_json("workflow.json", workflow)
    launch_id = workflow.get("launchId")

    progress("- Workflow metadata")
    pipeline_id = None
    if launch_id is not None:
        pipeline_id = runs.workflow_launch(client, workspace, run_id, optional=True).get("pipelineId")
    archive.add_json("workflow-metadata.json", {
        "pipelineId": pipeline_id, "organizationId": described.get("orgId"),
        "organizationName": described.get("orgName"), "workspaceId": workspace.id,
        "workspaceName": described.get("workspaceName"), "userId": workflow.get("ownerId"),
        "runUrl": run_url(described), "labels": described.get("labels")})

    progress("- Workflow load data")
    archive.add_json("workflow-load.json", runs.progress(client, workspace, run_id).get("workflowProgress") or {})

    progress("- Workflow launch")
    if launch_id is None:
        _skip(archive, progress, "workflow-launch.json: the run has no launch (started from the Nextflow CLI)")
    else:
        try:
            archive.add_json("workflow-launch.json", runs.launch_by_id(client, workspace, launch_id))
        except ApiError as error:
            if error.status not in (400, 403, 404):
                raise
            _skip(archive, progress, f"workflow-launch.json: {error.message}")

    progress("- Workflow metrics")
    archive.add_json("workflow-metrics.json", runs.metrics(client, workspace, run_id))

    progress("- Task details")
    tasks = list(runs.iter_tasks(client, workspace, run_id))
    archive.add_json("workflow-tasks.json", tasks)

    progress("- Workflow nextflow.log")
    log = runs.nextflow_log(client, workspace, run_id) if launch_id is not None else None
    if log is None:
        _skip(archive, progress, "nextflow.log: not available")
    else:
        archive.add("nextflow.log", log)

    if not task_logs and not fusion_logs:
        return
    progress("- Task logs")
    if only_failed:
        tasks = [t for t in tasks if t.get("status") == "FAILED"]
    names = (TASK_LOGS if task_logs else ()) + ((FUSION_LOG,) if fusion_logs else ())
    for number, task in enumerate(tasks, 1):
        progress(f"     [{number}/{len(tasks)}] adding task logs '{task.get('name')}'")
        task_id = task.get("taskId")
        for name in names:
            try:
                data = client.get_bytes(api_path("/workflow/{}/download/{}", run_id, task_id, what="run id"), workspace.params(fileName=name))
            except ApiError as error:
                if error.status not in (400, 403, 404):  # gone, never uploaded, or a Nextflow CLI run
                    raise
                archive.result.skipped.append(f"tasks/{task_id}/{name}: not available")
                continue
            archive.add(f"tasks/{task_id}/{name}", data)
