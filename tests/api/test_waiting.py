"""The shared wait loop: reached, hopeless, overshoot, timeout, transient failures, durations."""
import pytest

from tw_py.api import waiting
from tw_py.api.waiting import COMPUTE_ENV, WORKFLOW, WaitFailed, parse_duration, wait_for
from tw_py.errors import ApiError, ConnectionFailed, InputError, WaitTimeout


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def statuses(*values):
    items = list(values)

    def fetch():
        value = items.pop(0) if len(items) > 1 else items[0]
        if isinstance(value, Exception):
            raise value
        return value
    return fetch


def run(fetch, target, lifecycle=WORKFLOW, timeout=None):
    clock = FakeClock()
    seen = []
    result = wait_for(fetch, target, lifecycle, timeout=timeout, describe="run abc", sleep=clock.sleep, clock=clock,
                      on_poll=lambda s, changed: seen.append((s, changed)))
    return result, seen, clock


def test_reaches_target_and_reports_changes():
    result, seen, clock = run(statuses("SUBMITTED", "SUBMITTED", "RUNNING", "SUCCEEDED"), "SUCCEEDED")
    assert result == "SUCCEEDED"
    assert seen == [("SUBMITTED", True), ("SUBMITTED", False), ("RUNNING", True), ("SUCCEEDED", True)]
    assert clock.sleeps == [2.0, 3.0, 4.0]


@pytest.mark.parametrize("final", ["FAILED", "CANCELLED"])
def test_terminal_other_state_fails(final):
    with pytest.raises(WaitFailed) as info:
        run(statuses("RUNNING", final), "SUCCEEDED")
    assert info.value.exit_code == 1
    assert str(info.value) == f"Run abc ended {final}: it will not reach SUCCEEDED"


def test_overshoot_counts_as_reached():
    assert run(statuses("SUCCEEDED"), "RUNNING")[0] == "SUCCEEDED"
    assert run(statuses("FAILED"), "SUBMITTED")[0] == "FAILED"


def test_failed_does_not_count_as_running():
    with pytest.raises(WaitFailed):
        run(statuses("FAILED"), "RUNNING")


def test_timeout_raises_wait_timeout_with_exit_3():
    with pytest.raises(WaitTimeout) as info:
        run(statuses("RUNNING"), "SUCCEEDED", timeout=10)
    assert info.value.exit_code == 3
    assert "last status: RUNNING" in info.value.message


def test_transient_failures_are_retried_then_given_up():
    result, _, _ = run(statuses(ConnectionFailed("down"), ApiError("boom", status=503), "SUCCEEDED"), "SUCCEEDED")
    assert result == "SUCCEEDED"
    with pytest.raises(ConnectionFailed):
        run(statuses(*[ConnectionFailed("down")] * 6), "SUCCEEDED")


def test_client_errors_are_not_retried():
    with pytest.raises(ApiError):
        run(statuses(ApiError("forbidden", status=403), "SUCCEEDED"), "SUCCEEDED")


def test_compute_env_lifecycle():
    assert run(statuses("CREATING", "AVAILABLE"), "AVAILABLE", COMPUTE_ENV)[0] == "AVAILABLE"
    with pytest.raises(WaitFailed):
        run(statuses("CREATING", "ERRORED"), "AVAILABLE", COMPUTE_ENV)
    assert run(statuses("DELETING", "DELETED"), "DELETED", COMPUTE_ENV)[0] == "DELETED"


@pytest.mark.parametrize("text,seconds", [("90s", 90), ("15m", 900), ("2h", 7200), ("1h30m", 5400), ("45", 45),
                                          ("1.5m", 90)])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "5x", "m"])
def test_parse_duration_rejects(text):
    with pytest.raises(InputError):
        parse_duration(text)


def test_schedule_from_env(monkeypatch):
    monkeypatch.setenv("TWPY_POLL_INTERVAL", "0")
    delays = waiting.PollSchedule.from_env().delays()
    assert [next(delays) for _ in range(3)] == [0.0, 0.0, 0.0]


# Studio sessions ----------------------------------------------------------------------------------
@pytest.mark.parametrize("sequence, target, reached", [
    (("building", "starting", "running"), "running", "running"),
    (("running",), "starting", "running"),            # a running session has passed starting
    (("running", "stopping", "stopped"), "stopped", "stopped"),  # still running at first: keep waiting
    (("stopped",), "stopping", "stopped"),
    (("starting", "errored"), "errored", "errored"),
])
def test_studio_waits_reach_their_target(sequence, target, reached):
    assert run(statuses(*sequence), target, waiting.STUDIO)[0] == reached


@pytest.mark.parametrize("sequence, target, end", [
    (("starting", "stopped"), "running", "stopped"),
    (("building", "buildFailed"), "running", "buildFailed"),
    (("starting", "stopping"), "running", "stopping"),
    (("stopping", "errored"), "stopped", "errored"),
    (("running",), "errored", "running"),
])
def test_studio_waits_end_where_the_target_is_out_of_reach(sequence, target, end):
    with pytest.raises(WaitFailed) as info:
        run(statuses(*sequence), target, waiting.STUDIO)
    assert info.value.status == end


def test_studio_states_are_the_specs_and_parse_in_any_case():
    from tests import contract

    if contract.spec_available():
        assert waiting.STUDIO.states == tuple(contract._raw_spec()["components"]["schemas"]["DataStudioStatus"]["enum"])
    assert waiting.STUDIO.parse("BUILDFAILED") == "buildFailed"


@pytest.mark.parametrize("target, status, hopeless", [
    ("AVAILABLE", "CREATING", False), ("AVAILABLE", "AVAILABLE", False), ("AVAILABLE", "ERRORED", True),
    ("AVAILABLE", "DISABLED", True), ("AVAILABLE", "DELETING", True), ("CREATING", "AVAILABLE", False),
    ("DISABLED", "AVAILABLE", True), ("DISABLED", "CREATING", False), ("DELETED", "DELETING", False),
])
def test_a_compute_env_just_added_stops_at_tws_end_states_and_past_the_target(target, status, hopeless):
    assert waiting.COMPUTE_ENV_ADD.hopeless(target, status) is hopeless
