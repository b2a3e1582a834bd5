"""The `lls` command: `lls serve --config FILE` starts the server."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path
from types import FrameType

import uvicorn

from . import __version__
from .config import load_config
from .errors import StartupError
from .request_context import NO_REQUEST, RequestIdFilter
from .stack import create_server_app

# Each line names the request it was made for ("-": none).
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


def exit_cleanly(signum: int, frame: FrameType | None) -> None:
    """SIGTERM asks the server to stop, and it did: uvicorn, once it has shut down, raises the signal again."""
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lls", description="An open Llama Stack API server.")
    parser.add_argument("--version", action="version", version=f"lls {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the API")
    serve.add_argument("--config", type=Path, required=True, help="the run config (YAML)")
    serve.add_argument("--host", help="listen address (default: the config's server.host)")
    serve.add_argument("--port", type=int, help="listen port (default: the config's server.port)")
    serve.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    serve.add_argument(
        "--no-access-log",
        dest="access_log",
        action="store_false",
        help="no access log line per request (they are written at any --log-level otherwise)",
    )
    args = parser.parse_args(argv)

    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(LOG_FORMAT, defaults={"request_id": NO_REQUEST}))
    logging.basicConfig(level=args.log_level.upper(), handlers=[handler])
    # One line per request, ours (lls.access, with the request id and tokens): uvicorn's own is turned off.
    logging.getLogger("lls.access").setLevel(logging.INFO if args.access_log else logging.CRITICAL + 1)
    # Each model's decode thread needs the GIL back as soon as llama_decode returns; with the default
    # 5 ms switch interval it can wait behind the event loop for most of a decode step.
    sys.setswitchinterval(0.0005)
    try:
        config = load_config(args.config)
        app = create_server_app(config)
    except StartupError as exc:  # what the user must fix, in their words; a traceback would bury it
        print(f"lls: cannot start: {exc}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, exit_cleanly)  # the handler uvicorn restores, and calls, after its own
    uvicorn.run(
        app,
        host=args.host or config.server.host,
        port=args.port if args.port is not None else config.server.port,
        log_level=args.log_level,
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
