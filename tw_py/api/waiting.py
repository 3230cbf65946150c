"""Waiting for a resource (run, compute environment, ...) to reach a state: one poll loop for every --wait.

`wait_for(fetch_status, target, lifecycle, ...)` polls `fetch_status()` with a growing, bounded interval until
the status reaches `target` (returns it), can no longer reach it (raises WaitFailed, exit 1), or the optional
timeout passes (raises WaitTimeout, exit 3). Transient poll failures (connection, 5xx) are retried a few times.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from typing import Callable

from tw_py.api.states import COMPUTE_ENV_STATES, DATA_STUDIO_STATES, WORKFLOW_STATES
from tw_py.config.environment import number
from tw_py.errors import ApiError, ConnectionFailed, InputError, TwpyError, WaitTimeout


class WaitFailed(TwpyError):
    """The resource ended in a state from which the target cannot be reached."""

    def __init__(self, message: str, status: str | None, hint: str | None = None):
        super().__init__(message, hint)
        self.status = status


@dataclass(frozen=True)
class Lifecycle:
    """The states of a kind of resource: their order, the terminal ones, and which later states count as
    having passed an earlier target (a run seen SUCCEEDED has passed RUNNING)."""

    states: tuple
    terminal: frozenset
    passes: dict = field(default_factory=dict)  # status -> targets it has passed
    ends: dict = field(default_factory=dict)  # target -> the statuses that end a wait for it (default: terminal)

    def parse(self, value: str) -> str:
        for state in self.states:
            if state.lower() == str(value).lower():
                return state
        raise InputError(f"Invalid status '{value}': expected one of {', '.join(self.states)}")

    def reached(self, target: str, status: str | None) -> bool:
        return status is not None and (status == target or target in self.passes.get(status, ()))

    def hopeless(self, target: str, status: str | None) -> bool:
        return status in self.ends.get(target, self.terminal) and not self.reached(target, status)


WORKFLOW = Lifecycle(
    states=WORKFLOW_STATES,
    terminal=frozenset({"SUCCEEDED", "FAILED", "CANCELLED", "UNKNOWN"}),  # as tw: UNKNOWN ends waiting too
    # Any run that exists was submitted; a run that succeeded must have been running.
    passes={"RUNNING": {"SUBMITTED"}, "SUCCEEDED": {"SUBMITTED", "RUNNING"},
            "FAILED": {"SUBMITTED"}, "CANCELLED": {"SUBMITTED"}, "UNKNOWN": {"SUBMITTED"}},
)

COMPUTE_ENV = Lifecycle(
    states=COMPUTE_ENV_STATES,
    terminal=frozenset({"ERRORED", "INVALID", "DELETED"}),
)
_ADD_ENDS = COMPUTE_ENV.terminal | {"AVAILABLE"}
#: A compute environment just added: tw's end states for add (AVAILABLE, ERRORED, INVALID, DELETED) end the wait, and
#: so does a status past the target in the spec's order (a DISABLED or DELETING one will not become AVAILABLE by itself).
COMPUTE_ENV_ADD = Lifecycle(
    states=COMPUTE_ENV_STATES,
    terminal=_ADD_ENDS,
    passes={"AVAILABLE": {"CREATING"}},
    ends={target: _ADD_ENDS | frozenset(COMPUTE_ENV_STATES[i + 1:]) for i, target in enumerate(COMPUTE_ENV_STATES)},
)

_STUDIO_DOWN = frozenset({"stopping", "stopped", "errored", "buildFailed"})
#: A studio session. tw ends every studio wait at running, stopped or errored; twpy ends a wait for a target at the
#: statuses from which the session will not get there by itself: a session going up (building, starting, running)
#: will not get there once it is stopping, stopped or failed; a session going down will not stop once it failed (a
#: running one may still be about to stop, so running does not end a wait for stopped).
STUDIO = Lifecycle(
    states=DATA_STUDIO_STATES,
    terminal=frozenset({"running", "stopped", "errored", "buildFailed"}),
    passes={"running": {"building", "starting"}, "stopped": {"stopping"}},
    ends={"building": _STUDIO_DOWN, "starting": _STUDIO_DOWN, "running": _STUDIO_DOWN,
          "stopping": frozenset({"errored", "buildFailed"}), "stopped": frozenset({"errored", "buildFailed"})},
)

#: Whether the server's cache of a workspace's data links is complete: `GET /data-links` answers HTTP 202 while the
#: cloud buckets are still being fetched, 200 once done.
DATA_LINKS_FETCH = Lifecycle(states=("FETCHING", "DONE"), terminal=frozenset({"DONE"}))


_DURATION = re.compile(r"(?:(\d{1,9}(?:\.\d{1,9})?)h)?(?:(\d{1,9}(?:\.\d{1,9})?)m)?(?:(\d{1,12}(?:\.\d{1,9})?)s?)?", re.I)


def parse_duration(text: str) -> float:
    """Seconds in `90s`, `15m`, `2h`, `1h30m` or a plain number of seconds (linear time: white space is
    removed first and the pattern has no nested repetition)."""
    compact = "".join(str(text).split())
    match = _DURATION.fullmatch(compact) if len(compact) <= 64 else None
    if not match or not any(match.groups()):
        shown = str(text) if len(str(text)) <= 40 else str(text)[:40] + "..."
        raise InputError(f"Invalid duration '{shown}': use a number of seconds or a value like 90s, 15m, 2h, 1h30m")
    hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


@dataclass
class PollSchedule:
    """Sleep 2 s, then 3 s, 4 s... capped (tw grows to 120 s; twpy caps lower to notice changes sooner).
    TWPY_POLL_INTERVAL overrides the first interval (tests set it to 0)."""

    first: float = 2.0
    step: float = 1.0
    cap: float = 30.0

    @classmethod
    def from_env(cls) -> "PollSchedule":
        if not os.environ.get("TWPY_POLL_INTERVAL", "").strip():
            return cls()
        first = number("TWPY_POLL_INTERVAL", 2.0)
        return cls(first=first, step=min(1.0, first), cap=max(first, min(30.0, first * 15)))

    def delays(self):
        delay = self.first
        while True:
            yield delay
            delay = min(self.cap, delay + self.step)


MAX_POLL_FAILURES = 5


def wait_for(fetch_status: Callable[[], str | None], target: str, lifecycle: Lifecycle, *,
             timeout: float | None = None, describe: str = "the resource",
             on_poll: Callable[[str | None, bool], None] | None = None,
             schedule: PollSchedule | None = None,
             sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> str:
    """Poll until `target` is reached and return the status seen; raise WaitFailed or WaitTimeout otherwise.

    `fetch_status` returns the current status (it may raise NotFoundError etc. itself; map "gone" to a state
    such as DELETED there). `on_poll(status, changed)` is called after every poll, for progress display.
    """
    schedule = schedule or PollSchedule.from_env()
    deadline = None if timeout is None else clock() + timeout
    failures = 0
    last = None
    delays = schedule.delays()
    while True:
        try:
            status = fetch_status()
            failures = 0
        except (ConnectionFailed, ApiError) as error:
            if isinstance(error, ApiError) and error.status is not None and error.status < 500 and error.status != 429:
                raise
            failures += 1
            if failures >= MAX_POLL_FAILURES:
                raise
            status = last
        changed = status != last
        last = status
        if on_poll:
            on_poll(status, changed)
        if status is not None and lifecycle.reached(target, status):
            return status
        if lifecycle.hopeless(target, status):
            raise WaitFailed(f"{describe[0].upper() + describe[1:]} ended {status}: it will not reach {target}", status)
        if deadline is not None and clock() >= deadline:
            raise WaitTimeout(f"Timed out waiting for {describe} to reach {target} (last status: {status or 'unknown'})",
                              hint="It keeps going; wait again or raise the timeout.")
        delay = next(delays)
        if deadline is not None:
            delay = min(delay, max(0.0, deadline - clock()))
        sleep(delay)
