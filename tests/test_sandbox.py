"""The code_interpreter sandbox, with real bubblewrap: runs, session files, limits, and escape attempts contained."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from lls_server.agents.sandbox import CodeSandbox, SandboxResult, SandboxUnavailable
from lls_server.config import CodeInterpreterConfig

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
CONFIG = CodeInterpreterConfig(
    wall_seconds=3,
    cpu_seconds=2,
    memory_bytes=512 * MB,
    max_processes=16,
    max_file_bytes=1 * MB,
    scratch_bytes=4 * MB,
    output_bytes=4096,
)
AS_ROOT = os.geteuid() == 0  # then each run has a uid of its own, whose processes can be looked for


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "secret.txt").write_text("the server's secret")
    return data


@pytest.fixture
def sandbox(data_dir: Path) -> CodeSandbox:
    sandbox = CodeSandbox(CONFIG, data_dir / "sandbox")
    sandbox.check()
    return sandbox


def run(
    sandbox: CodeSandbox, code: str, session: str = "s", on_output: Callable[[str], Awaitable[None]] | None = None
) -> SandboxResult:
    return asyncio.run(sandbox.run(session, code, on_output))


def processes_of(uid: int) -> list[int]:
    pids = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                pass
    return pids


def assert_still_works(sandbox: CodeSandbox) -> None:
    result = run(sandbox, "print(6 * 7)", session="after")
    assert (result.stdout, result.exit_code) == ("42\n", 0)


def test_a_run_gives_back_stdout_stderr_and_the_exit_status(sandbox: CodeSandbox) -> None:
    result = run(sandbox, "import sys\nprint('hello')\nprint('oops', file=sys.stderr)\nsys.exit(3)")
    assert result == SandboxResult(stdout="hello\n", stderr="oops\n", exit_code=3, timed_out=False, truncated=False)
    failed = run(sandbox, "1 / 0")
    assert failed.exit_code == 1 and failed.stderr.endswith("ZeroDivisionError: division by zero\n")
    assert 'File "/code/main.py", line 1' in failed.stderr


def test_the_run_sees_its_scratch_as_cwd_and_home_and_no_server_environment(
    sandbox: CodeSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLS_SANDBOX_TEST_SECRET", "hunter2")
    result = run(
        sandbox,
        "import os\nprint(os.getcwd(), os.environ['HOME'], os.getpid())\n"
        "print(sorted(os.environ))\nprint(open('/proc/1/environ').read())",
    )
    assert result.stdout.startswith("/scratch /scratch 2\n")  # PID 1 is the sandbox's script: a PID namespace
    assert "hunter2" not in result.stdout and "LLS_SANDBOX" not in result.stdout


def test_files_persist_between_runs_of_a_session_and_no_other_session_sees_them(sandbox: CodeSandbox) -> None:
    wrote = run(
        sandbox,
        "import os\nos.makedirs('d/e')\nopen('d/e/f.txt', 'w').write('kept')\n"
        "open('helper.py', 'w').write('ANSWER = 42')\nos.chmod('d', 0)",
        session="one",
    )
    assert wrote.exit_code == 0, wrote.stderr
    read = run(sandbox, "import helper\nprint(open('d/e/f.txt').read(), helper.ANSWER)", session="one")
    assert (read.stdout, read.exit_code) == ("kept 42\n", 0)
    other = run(sandbox, "import os\nprint(os.listdir('.'))", session="two")
    assert other.stdout == "[]\n"


def test_session_ids_cannot_name_paths(sandbox: CodeSandbox, data_dir: Path) -> None:
    for session in ("../../escape", "/etc", "a/../../b", "\x00", "é" * 300):
        assert run(sandbox, "open('x', 'w').write('x')", session=session).exit_code == 0
    names = [path.name for path in (data_dir / "sandbox").iterdir()]
    assert len(names) == 5 and all(len(name) == 32 and int(name, 16) >= 0 for name in names)
    assert sorted(path.name for path in data_dir.iterdir()) == ["sandbox", "secret.txt"]


def test_drop_deletes_a_sessions_files(sandbox: CodeSandbox, data_dir: Path) -> None:
    assert run(sandbox, "open('f', 'w').write('x')", session="gone").exit_code == 0
    sandbox.drop("gone")
    sandbox.drop("never-was")
    assert list((data_dir / "sandbox").iterdir()) == []
    assert run(sandbox, "import os\nprint(os.listdir('.'))", session="gone").stdout == "[]\n"


def test_reading_the_server_or_the_system_secrets_finds_nothing(sandbox: CodeSandbox, data_dir: Path) -> None:
    targets = [str(data_dir / "secret.txt"), str(ROOT / "pyproject.toml"), "/etc/shadow", "/etc/passwd"]
    code = f"""
import os
for path in {targets!r}:
    try:
        print(open(path).read())
    except OSError as exc:
        print(type(exc).__name__)
print(*os.listdir('/'))
"""
    *errors, top = run(sandbox, code).stdout.splitlines()
    assert errors == ["FileNotFoundError"] * 4
    shown = {"code", "dev", "etc", "proc", "scratch", "tmp", "usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"}
    assert {"code", "scratch", "usr"} <= set(top.split()) <= shown
    assert_still_works(sandbox)


def test_writing_outside_the_scratch_fails(sandbox: CodeSandbox) -> None:
    code = """
for path in ['/usr/lib/x', '/x', '/etc/x', '/dev/x', '/code/main.py', '/proc/x']:
    try:
        open(path, 'w').write('x')
        print('wrote', path)
    except OSError as exc:
        print(exc.strerror)
"""
    result = run(sandbox, code)
    assert result.stdout.splitlines() == [
        "Read-only file system",
        "Read-only file system",
        "Read-only file system",
        "Read-only file system",
        "Read-only file system",
        "No such file or directory",
    ]


def test_the_code_gains_no_privilege(sandbox: CodeSandbox) -> None:
    code = """
import subprocess
for command in ['unshare -r id', 'mount -t tmpfs none /tmp', 'su -c id root']:
    print(subprocess.run(command, shell=True, stdin=subprocess.DEVNULL, capture_output=True).returncode != 0)
print(*sorted(line for line in open('/proc/self/status') if line.startswith('Cap')), sep='', end='')
"""
    result = run(sandbox, code)
    assert result.stdout.splitlines()[:3] == ["True"] * 3
    assert [line.split()[1] for line in result.stdout.splitlines()[3:]] == ["0000000000000000"] * 5


def test_there_is_no_network(sandbox: CodeSandbox) -> None:
    with socket.socket() as listener, socket.socket(socket.AF_UNIX) as abstract:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        abstract.bind(b"\0lls-sandbox-test")
        abstract.listen()
        port = listener.getsockname()[1]
        code = f"""
import socket
for family, address in [(socket.AF_INET, ('127.0.0.1', {port})), (socket.AF_INET, ('1.1.1.1', 53)),
                        (socket.AF_UNIX, b'\\0lls-sandbox-test')]:
    try:
        socket.socket(family).connect(address)
        print('connected')
    except OSError as exc:
        print(exc.strerror)
"""
        result = run(sandbox, code)
        listener.settimeout(0)
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert result.stdout.splitlines() == ["Connection refused", "Network is unreachable", "Connection refused"]


def test_a_fork_bomb_is_held_to_the_process_limit(sandbox: CodeSandbox, caplog: pytest.LogCaptureFixture) -> None:
    counted = run(
        sandbox,
        """
import os, time
n = 1
while True:
    try:
        pid = os.fork()
    except OSError as exc:
        print(n, exc.strerror)
        break
    if pid == 0:
        time.sleep(30)
    n += 1
""",
    )
    assert counted.stdout == f"{CONFIG.max_processes} Resource temporarily unavailable\n"
    bomb = run(
        sandbox,
        """
import os
print(os.getuid(), flush=True)
while True:
    try:
        os.fork()
    except OSError:
        pass
""",
    )
    assert bomb.timed_out and bomb.exit_code is None
    if AS_ROOT:
        assert processes_of(int(bomb.stdout)) == []
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert_still_works(sandbox)


def test_cpu_time_and_wall_time_are_limited(sandbox: CodeSandbox) -> None:
    started = time.monotonic()
    spin = run(sandbox, "while True:\n    pass")
    assert (spin.exit_code, spin.timed_out) == (128 + 24, False)  # SIGXCPU at cpu_seconds
    sleeper = run(sandbox, "import time\nprint('before', flush=True)\ntime.sleep(60)\nprint('after')")
    assert sleeper == SandboxResult("before\n", "", exit_code=None, timed_out=True, truncated=False)
    assert time.monotonic() - started < CONFIG.wall_seconds + CONFIG.cpu_seconds + 3
    assert_still_works(sandbox)


def test_memory_is_limited(sandbox: CodeSandbox) -> None:
    result = run(sandbox, "try:\n    x = bytearray(10 * 1024 ** 3)\nexcept MemoryError:\n    print('MemoryError')")
    assert (result.stdout, result.exit_code) == ("MemoryError\n", 0)
    assert_still_works(sandbox)


def test_filling_the_disk_stops_at_the_limits(sandbox: CodeSandbox, data_dir: Path) -> None:
    code = """
import os
try:
    open('big', 'wb').write(bytes(2 * 1024 * 1024))
except OSError as exc:
    print('big:', exc.strerror)
os.remove('big')
for place in ['/scratch', '/tmp', '/dev/shm']:
    try:
        for n in range(100):
            with open(f'{place}/fill{n}', 'wb') as f:
                f.write(bytes(512 * 1024))
    except OSError as exc:
        print(place, exc.strerror, n)
"""
    result = run(sandbox, code, session="full")
    lines = result.stdout.splitlines()
    assert lines[0] == "big: File too large"  # RLIMIT_FSIZE
    assert [line.rsplit(" ", 1)[0] for line in lines[1:]] == [
        f"{place} No space left on device" for place in ("/scratch", "/tmp", "/dev/shm")
    ]
    assert all(int(line.rsplit(" ", 1)[1]) <= 8 for line in lines[1:])  # 4 MB each
    saved = [path.stat().st_size for path in (data_dir / "sandbox").rglob("*") if path.is_file()]
    assert saved and max(saved) <= 2 * CONFIG.scratch_bytes
    again = run(sandbox, "import os\nprint(len([n for n in os.listdir('.') if n.startswith('fill')]))", "full")
    assert again.stdout == f"{int(lines[1].rsplit(' ', 1)[1]) + 1}\n"  # the full scratch came back whole
    assert_still_works(sandbox)


def test_files_past_what_a_session_may_keep_are_not_saved(sandbox: CodeSandbox, data_dir: Path) -> None:
    """Empty files cost the scratch nothing but their archive 512 bytes each: past twice scratch_bytes, the run's
    files are not kept, and the session keeps those of the run before."""
    assert run(sandbox, "open('before', 'w').write('x')", session="many").exit_code == 0
    many = run(sandbox, "for n in range(20_000):\n    open(f'{n}', 'w').close()\nprint('made')", session="many")
    assert many.stdout == "made\n"
    assert all(path.stat().st_size <= 2 * CONFIG.scratch_bytes for path in (data_dir / "sandbox").rglob("*"))
    after = run(sandbox, "import os\nprint(os.listdir('.'))", session="many")
    assert after.stdout == "['before']\n"


def test_a_failing_on_output_stops_the_run(sandbox: CodeSandbox) -> None:
    async def on_output(text: str) -> None:
        raise ConnectionResetError("the client went away")

    started = time.monotonic()
    with pytest.raises(ConnectionResetError):
        run(sandbox, "import time\nprint('x')\ntime.sleep(60)", on_output=on_output)
    assert time.monotonic() - started < 2
    assert_still_works(sandbox)


def test_no_process_outlives_its_run(sandbox: CodeSandbox, caplog: pytest.LogCaptureFixture) -> None:
    daemon = """
import os, sys, time
print(os.getuid(), flush=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(1)
        open('/scratch/marker', 'w').write('alive')
        os._exit(0)
    os._exit(0)
"""
    exits = run(sandbox, daemon, session="d")
    assert exits.exit_code == 0
    killed = run(sandbox, daemon + "time.sleep(60)", session="d")
    assert killed.timed_out
    for result in (exits, killed):
        if AS_ROOT:
            assert processes_of(int(result.stdout)) == []
    time.sleep(1.5)
    assert run(sandbox, "import os\nprint(os.path.exists('marker'))", session="d").stdout == "False\n"
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_output_is_cut_at_the_limit_and_drained(sandbox: CodeSandbox) -> None:
    result = run(sandbox, "import sys\nprint('x' * 1_000_000)\nprint('é' * 3000, file=sys.stderr)\nprint('done')")
    assert result.exit_code == 0 and result.truncated
    assert result.stdout == "x" * CONFIG.output_bytes
    assert result.stderr == "é" * (CONFIG.output_bytes // 2)  # a character cut in two is dropped


def test_on_output_gets_the_output_in_order_as_it_is_printed(sandbox: CodeSandbox) -> None:
    got: list[tuple[float, str]] = []

    async def on_output(text: str) -> None:
        got.append((time.monotonic(), text))

    code = """
import sys, time
print('one')
time.sleep(0.5)
print('two', file=sys.stderr)
time.sleep(0.5)
print('three')
"""
    result = run(sandbox, code, on_output=on_output)
    ended = time.monotonic()
    assert "".join(text for _, text in got) == "one\ntwo\nthree\n"
    assert result.stdout == "one\nthree\n" and result.stderr == "two\n"
    assert got[0][0] < ended - 0.8  # the first line came long before the end


def test_a_cancelled_run_leaves_nothing_running(sandbox: CodeSandbox, caplog: pytest.LogCaptureFixture) -> None:
    """When the client goes away the turn's task is cancelled: the run is killed, and saves nothing."""
    uids: list[str] = []

    async def on_output(text: str) -> None:
        uids.append(text)

    async def cancel() -> None:
        code = "import os, time\nprint(os.getuid())\nopen('half', 'w').write('x')\ntime.sleep(60)"
        task = asyncio.create_task(sandbox.run("c", code, on_output))
        await asyncio.sleep(0.5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    started = time.monotonic()
    asyncio.run(cancel())
    assert time.monotonic() - started < 2
    if AS_ROOT:
        assert processes_of(int("".join(uids))) == []
    assert run(sandbox, "import os\nprint(os.listdir('.'))", session="c").stdout == "[]\n"
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_eight_sessions_run_at_once(sandbox: CodeSandbox) -> None:
    async def all_at_once() -> list[SandboxResult]:
        code = "import os, time\nopen('mine', 'w').write(str(os.getuid()))\ntime.sleep(1)\nprint(os.getuid())"
        return await asyncio.gather(*(sandbox.run(f"session {n}", code) for n in range(8)))

    started = time.monotonic()
    results = asyncio.run(all_at_once())
    assert time.monotonic() - started < 4
    assert all(result.exit_code == 0 for result in results)
    if AS_ROOT:
        assert len({result.stdout for result in results}) == 8  # a uid each


def test_check_says_why_the_sandbox_cannot_run(data_dir: Path) -> None:
    missing = CodeSandbox(CONFIG.model_copy(update={"bwrap": "no-such-bwrap"}), data_dir / "sandbox")
    with pytest.raises(SandboxUnavailable, match="bubblewrap"):
        missing.check()
    with pytest.raises(SandboxUnavailable, match="bubblewrap"):
        asyncio.run(missing.run("s", "print(1)"))
    no_python = CodeSandbox(CONFIG.model_copy(update={"python": Path("/nowhere/python3")}), data_dir / "sandbox")
    with pytest.raises(SandboxUnavailable, match="no python"):
        no_python.check()
