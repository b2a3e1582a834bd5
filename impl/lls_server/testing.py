"""Start a real `lls serve` on a free port, and local HTTP endpoints for it to call, for tests and benchmarks."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import yaml

# The checkout's models/, where `make setup` (scripts/fetch_models.py) puts the default model.
DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_MODEL_ID = "SmolLM2-135M-Instruct"
# The `lls` command installed next to the running interpreter: the virtual environment's.
LLS = Path(sys.executable).parent / "lls"


def write_config(directory: Path, **overrides: object) -> Path:
    """A run config in `directory` that serves the default model and keeps its data there; `overrides` replace keys."""
    config = {
        "server": {"host": "127.0.0.1", "port": 8321},
        "data_dir": str(directory / "data"),
        "models": [{"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": 2048}],
        **overrides,
    }
    path = directory / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """A server in a subprocess on 127.0.0.1, waited for until `ready_path` answers 200."""

    def __init__(self, command: list[str], *, port: int, log: Path, ready_path: str, seconds: float = 60) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.log = log
        with log.open("w") as output:
            self.process = subprocess.Popen(
                command, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"}
            )
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {self.process.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{self.base_url}{ready_path}", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{command[0]} did not answer {ready_path} within {seconds} s:\n{log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class LiveServer(ServerProcess):
    """`lls serve --config config` in a subprocess on a free port of 127.0.0.1, its log next to the config."""

    def __init__(self, config: Path) -> None:
        port = free_port()
        command = [str(LLS), "serve", "--config", str(config), "--port", str(port), "--log-level", "warning"]
        super().__init__(command, port=port, log=config.parent / f"server-{port}.log", ready_path="/health")

    def post(self, path: str, body: Any, status: int = 200, **params: str) -> Any:
        """POST `body` as JSON with query `params`; asserts the answer's status, returns its JSON (None if empty)."""
        return _answered(httpx.post(f"{self.base_url}{path}", json=body, params=params, timeout=120), status)

    def get(self, path: str, status: int = 200, **params: str) -> Any:
        """GET with query `params`; asserts the answer's status, returns its JSON (None if empty)."""
        return _answered(httpx.get(f"{self.base_url}{path}", params=params, timeout=120), status)


def _answered(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, f"{response.status_code} (not {status}): {response.text}"
    return response.json() if response.content else None


class LocalEndpoint(http.server.ThreadingHTTPServer):
    """`handler` serving on `host` (a free port) in a thread of this process: a document server, a REST shield."""

    daemon_threads = True
    request_queue_size = 64  # not 5: connections past the listen backlog are retried only a second later

    def __init__(self, host: str, handler: type[http.server.BaseHTTPRequestHandler]):
        super().__init__((host, 0), handler)
        self.url = f"http://{host}:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


# What a JsonEndpoint answers a request: a status, and a value sent as JSON (bytes as they are).
Answer = Callable[[dict[str, Any]], tuple[int, object]]


class JsonEndpoint(LocalEndpoint):
    """A local endpoint that records each request (method, path, query, headers, json) in `requests` and answers
    what `answer(request)` returns: a REST shield, a REST tool, a search service's stand-in."""

    def __init__(self, host: str, answer: Answer):
        self.requests: list[dict[str, Any]] = []
        self.answer = answer
        super().__init__(host, _JsonHandler)


class _JsonHandler(http.server.BaseHTTPRequestHandler):
    server: JsonEndpoint
    protocol_version = "HTTP/1.1"  # connections kept open, as a service's are

    def handle_any(self) -> None:
        parts = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        request = {
            "method": self.command,
            "path": parts.path,
            "query": parse_qs(parts.query),
            "headers": dict(self.headers),
            "json": json.loads(body) if body else None,
        }
        self.server.requests.append(request)
        status, answer = self.server.answer(request)
        data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
        # The lls server hangs up on an answer that comes too late or runs too long.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any

    def log_message(self, format: str, *args: Any) -> None:
        pass
