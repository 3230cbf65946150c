"""`runs list --all` streams: memory stays flat however many runs there are (tracemalloc, generous bounds)."""
import json
import sys
import tracemalloc

import responses

from tests.helpers import URL


class Sink:
    """A stdout that counts what it is given and keeps nothing."""

    def __init__(self):
        self.chars = 0
        self.lines = 0

    def write(self, text):
        self.chars += len(text)
        self.lines += text.count("\n")
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False


def run_entry(i):
    return {"workflow": {"id": f"r{i:013d}", "status": "SUCCEEDED", "projectName": "nf-core/rnaseq",
                         "runName": f"happy_name_{i}", "userName": "jordi", "submit": "2021-09-22T05:45:44Z",
                         "workDir": "s3://bucket/work/" + "x" * 60, "commandLine": "nextflow run " + "y" * 120},
            "starred": False}


def measure(total, *args):
    """Peak traced memory of `twpy <args> runs list --all` against a server with `total` runs."""
    from tw_py.cli.root import cli

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        def reply(request):
            mock.calls.reset()  # responses keeps every call: drop them so only twpy's memory is measured
            for registered in mock.registered():
                registered.calls.reset()
            offset = int(request.params["offset"])
            size = int(request.params["max"])
            items = [run_entry(i) for i in range(offset, min(total, offset + size))]
            return 200, {}, json.dumps({"workflows": items, "totalSize": total})

        mock.add_callback("GET", f"{URL}/workflow", callback=reply)
        sink = Sink()
        saved, sys.stdout = sys.stdout, sink
        tracemalloc.start()
        try:
            code = cli.main(list(args) + ["runs", "list", "--all"], standalone_mode=False)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            sys.stdout = saved
    assert code in (0, None)
    return peak, sink


def test_list_all_memory_is_flat():
    small, out_small = measure(1000)
    large, out_large = measure(6000)
    assert out_large.lines >= 6000 and out_small.lines >= 1000
    assert large < small * 1.3 + 256 * 1024, (small, large)
    assert large < 30 * 1024 * 1024


def test_list_all_json_memory_is_flat():
    small, _ = measure(1000, "-o", "json")
    large, out = measure(6000, "-o", "json")
    assert out.chars > 6000 * 300
    assert large < small * 1.3 + 256 * 1024, (small, large)
