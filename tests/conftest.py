"""Shared fixtures: the default run config, the app in-process, and a real server on a socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Generator, Iterator
from pathlib import Path

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = ROOT / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_MODEL_ID = "SmolLM2-135M-Instruct"
LLS = Path(sys.executable).parent / "lls"


def write_config(directory: Path, **overrides: object) -> Path:
    config = {
        "server": {"host": "127.0.0.1", "port": 8321},
        "data_dir": str(directory / "data"),
        "models": [{"id": DEFAULT_MODEL_ID, "path": str(DEFAULT_MODEL), "context_length": 2048}],
        **overrides,
    }
    path = directory / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.fixture(scope="session")
def config_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("config"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """A server in a subprocess on 127.0.0.1, waited for until `ready_path` answers 200."""

    def __init__(self, command: list[str], *, port: int, log: Path, ready_path: str, seconds: float = 60):
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
    """`lls serve` in a subprocess on a free port of 127.0.0.1."""

    def __init__(self, config: Path):
        port = free_port()
        command = [str(LLS), "serve", "--config", str(config), "--port", str(port), "--log-level", "warning"]
        super().__init__(command, port=port, log=config.parent / f"server-{port}.log", ready_path="/health")


@pytest.fixture(scope="session")
def live_server(config_file: Path) -> Iterator[LiveServer]:
    server = LiveServer(config_file)
    yield server
    server.stop()


# Schemathesis 4.32 at times cannot build its strategy for an array of `Message` (a union whose
# members refer to one another): it raises InvalidSchema "Cannot generate an array with N demanded
# elements" before any request is made, depending on which schemas it built before in the session.
# That is its generator failing, not this server: such a test is reported as xfailed, with the reason.
SCHEMATHESIS_GENERATOR_BUG = "Cannot generate an array with"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    failure = call.excinfo
    if (
        call.when == "call"
        and failure is not None
        and type(failure.value).__name__ == "InvalidSchema"
        and str(failure.value).startswith(SCHEMATHESIS_GENERATOR_BUG)
    ):
        report.outcome = "skipped"
        report.wasxfail = f"schemathesis could not generate this case: {failure.value}"
    return report
