"""twpy sandbox: a local, in-memory Seqera Platform API server for trying twpy and testing automation.

Standard library only (http.server); the client code (tw_py.api, tw_py.config, tw_py.output) never imports it.
"""
from tw_py.sandbox.server import DEFAULT_PORT, DEMO_TOKEN, HOST, Sandbox

__all__ = ["DEFAULT_PORT", "DEMO_TOKEN", "HOST", "Sandbox"]
