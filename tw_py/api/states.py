"""The states of the Platform's resources, written once, in the spec's order (tw offers --wait targets in it)."""
from __future__ import annotations

#: WorkflowStatus: a pipeline run's states.
WORKFLOW_STATES = ("SUBMITTED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "UNKNOWN")
#: ComputeEnv.Status: a compute environment's states.
COMPUTE_ENV_STATES = ("CREATING", "AVAILABLE", "DISABLED", "DELETING", "ERRORED", "INVALID", "DELETED")
#: DataStudioStatus: a studio session's states (lower case, as the API writes them).
DATA_STUDIO_STATES = ("starting", "running", "stopping", "stopped", "errored", "building", "buildFailed")
