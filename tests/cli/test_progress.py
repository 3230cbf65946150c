"""Long work says what it is doing on a terminal's stderr, and nowhere else (not in JSON mode, not when piped)."""
from __future__ import annotations

import io
import json
import sys

import pytest
import responses

from tests.helpers import URL


class Stream(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


def run_all(args, *, stderr_tty, total=250):
    """`twpy <args> runs list --all` against `total` runs, with stderr a terminal or not: (code, stdout, stderr)."""
    from tw_py.cli.root import cli

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        def reply(request):
            offset, size = int(request.params["offset"]), int(request.params["max"])
            items = [{"workflow": {"id": f"r{i}", "status": "SUCCEEDED", "runName": f"n{i}"}}
                     for i in range(offset, min(total, offset + size))]
            return 200, {}, json.dumps({"workflows": items, "totalSize": total})

        mock.add_callback("GET", f"{URL}/workflow", callback=reply)
        out, err = Stream(False), Stream(stderr_tty)
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            code = cli.main(list(args) + ["runs", "list", "--all"], standalone_mode=False)
        finally:
            sys.stdout, sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def test_all_pages_show_how_far_they_got_on_a_terminal_and_clear_the_line():
    code, stdout, stderr = run_all([], stderr_tty=True)
    assert code == 0
    assert "\rFetched 100 of 250 workflows; fetching more...\033[K" in stderr
    assert "\rFetched 200 of 250 workflows; fetching more...\033[K" in stderr
    assert stderr.endswith("\r\033[K\r")   # nothing is left on the line
    assert "Fetched" not in stdout and stdout.count("SUCCEEDED") == 250


@pytest.mark.parametrize("args, tty", [(["-o", "json"], True), ([], False)])
def test_no_progress_in_json_mode_or_when_stderr_is_not_a_terminal(args, tty):
    code, stdout, stderr = run_all(args, stderr_tty=tty)
    assert (code, stderr) == (0, "")
    assert stdout


def test_one_page_needs_no_progress():
    code, _, stderr = run_all([], stderr_tty=True, total=40)
    assert (code, stderr) == (0, "")
