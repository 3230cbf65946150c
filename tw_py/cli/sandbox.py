"""twpy sandbox: run a local, in-memory Seqera Platform API to try twpy and test scripts without an account."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app

DEFAULT_PORT = 8642  # keep in step with tw_py.sandbox.server.DEFAULT_PORT (not imported here: --help stays light)


@click.group("sandbox")
def group():
    """Run a local Seqera Platform API sandbox to try twpy without an account (twpy).

    The sandbox listens on 127.0.0.1 only, with demo data: user 'demo', organization 'demo' with workspace
    'showcase', the personal workspace, a primary AWS Batch compute environment, credentials, Launchpad
    pipelines (hello, rnaseq, ...), labels and finished runs. Launched runs go SUBMITTED -> RUNNING ->
    SUCCEEDED in a few seconds; a run whose parameters contain 'sandbox_fail: true' ends FAILED.
    """


@group.command("start")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port on 127.0.0.1 to listen on (0 picks a free port).")
@click.option("--state", "state_file", metavar="<file>", type=click.Path(dir_okay=False),
              help="Keep the sandbox's state in this JSON file across restarts (written atomically after each change).")
@click.option("--speed", type=click.FloatRange(min=0.01), metavar="<factor>",
              help="How much faster than real time runs and compute environments progress "
                   "[default: TWPY_SANDBOX_SPEED or 1; a run takes about 6 s at speed 1].")
@click.option("--log-requests", is_flag=True, help="Log each HTTP request to stderr.")
@pass_app
def start_cmd(app, port, state_file, speed, log_requests):
    """Start the sandbox and serve until Ctrl-C (or SIGTERM).

    The first line printed gives the URL (machine-readable: 'Sandbox listening on http://127.0.0.1:PORT');
    with -o json a JSON document {url, port, token, stateFile} is printed instead.

    \b
    Examples:
      twpy sandbox start
      twpy sandbox start --port 0 --state ~/.twpy-sandbox.json
      eval "$(twpy sandbox env)"; twpy launch hello --workspace demo/showcase --wait SUCCEEDED
    """
    import signal
    import threading

    from tw_py.errors import ConfigError
    from tw_py.sandbox.server import Sandbox
    from tw_py.sandbox.store import StateError

    try:
        sandbox = Sandbox(port=port, state=state_file, speed=speed, log=app.io.stderr if log_requests else None)
    except StateError as error:
        raise ConfigError(str(error), hint="Point --state at a new file, or at one written by 'twpy sandbox start'.") from None
    except OSError as error:
        raise ConfigError(f"Cannot listen on 127.0.0.1:{port}: {error.strerror or error}",
                          hint="Choose another port with --port, or --port 0 for a free one.") from None
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set()) if threading.current_thread() is threading.main_thread() else None
    sandbox.start()
    document = {"url": sandbox.url, "port": sandbox.port, "token": sandbox.token, "stateFile": state_file}
    app.emit(document, lambda: _started_text(sandbox, state_file))
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    app.renderer.progress("Sandbox stopped." + (f" State saved in {state_file}." if state_file else ""))


def _started_text(sandbox, state_file) -> str:
    env = "twpy sandbox env" + ("" if sandbox.port == DEFAULT_PORT else f" --port {sandbox.port}")
    lines = [f"Sandbox listening on {sandbox.url}",
             f"  token: {sandbox.token}  (a public demo token: the sandbox serves 127.0.0.1 only)",
             f"  state: {state_file or 'in memory (lost on exit; use --state FILE to keep it)'}",
             "",
             "Point twpy at it from another shell:",
             f'  eval "$({env})"',
             "  twpy launch hello --workspace demo/showcase --wait SUCCEEDED",
             "",
             "Press Ctrl-C to stop."]
    return "\n".join(lines)


@group.command("env")
@click.option("-p", "--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port the sandbox listens on.")
@pass_app
def env_cmd(app, port):
    """Print the shell exports that point twpy, scripts and tw at a sandbox.

    twpy honours TWPY_INSECURE=1 (the sandbox speaks plain http on 127.0.0.1); tw itself needs '--insecure'.

    \b
    Examples:
      eval "$(twpy sandbox env)"
      eval "$(twpy sandbox env --port 50123)"
      twpy -o json sandbox env | jq -r .TOWER_API_ENDPOINT
    """
    from tw_py.sandbox.server import DEMO_TOKEN, HOST

    values = {"TOWER_API_ENDPOINT": f"http://{HOST}:{port}", "TOWER_ACCESS_TOKEN": DEMO_TOKEN, "TWPY_INSECURE": "1"}
    app.emit(values, lambda: "\n".join(f"export {k}={v}" for k, v in values.items()))
