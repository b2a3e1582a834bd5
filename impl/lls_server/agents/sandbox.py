"""The `code_interpreter` tool's sandbox: the model's Python, run under bubblewrap, with files kept per session.

A run is a process tree of its own: bubblewrap gives it new user, PID, mount, network (a loopback only), IPC, UTS
and cgroup namespaces, a read-only view of /usr (and of the interpreter's prefix when that lies elsewhere), and
size-limited tmpfs mounts at /scratch (the session's files; the working directory and HOME), /tmp and /dev/shm;
the rest of the root is read-only and nearly empty: no /etc but three harmless pieces, nothing of the server's
checkout or data directory. Its processes run as an unprivileged uid that no other run holds (when the server runs
as root), under rlimits on CPU time, address space, processes, file size and open files set before bubblewrap
starts, so no process in the sandbox is without them. At the deadline the sandbox's PID 1 is killed, which takes
the whole namespace down with it.

Inside, a shell script (`_SCRIPT`) restores the session's files into /scratch from the tar the host saved last
time (fed on stdin), runs the code, then writes a tar of /scratch to a pipe. The host keeps that tar as the
session's state, `<root>/<sha256 of the session id>/state.tar`, at most twice scratch_bytes, and never unpacks it:
only the next run does, inside its own sandbox. A session's disk use is thus strictly bounded, and a hostile
archive can touch nothing but that session's own files.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import fcntl
import hashlib
import logging
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import CodeInterpreterConfig

log = logging.getLogger("lls.agents")

# Runs take uids from this range, which systemd's allocation table (60578-61183) leaves to no one; one uid a run,
# so that RLIMIT_NPROC counts that run's processes alone. A lock file a uid keeps two servers from sharing one.
_UIDS = range(60_600, 60_664)
_LOCKS = Path("/run/lls-sandbox")
_NOFILE = 256
_CHUNK = 64 * 1024
_GATHER = 0.01
_SAVED = b"LLS-SAVED"  # what the script writes after a whole archive (`tar -b 1` ends it with two zero blocks)
_TAIL = bytes(1024) + _SAVED
_STATE = "state.tar"
_PATH = "/usr/local/bin:/usr/bin:/bin"
_ENV = {
    "PATH": _PATH,
    "HOME": "/scratch",
    "TMPDIR": "/tmp",
    "LANG": "C.UTF-8",
    "USER": "sandbox",
    "LOGNAME": "sandbox",
    "PYTHONPATH": "/scratch",  # modules the code saved in earlier runs import
    "PYTHONUNBUFFERED": "1",  # output streams as it is printed
    "PYTHONDONTWRITEBYTECODE": "1",
    "MPLBACKEND": "Agg",
}
# $1: the pipe for the saved tar; $2: 1 to restore the files from the tar on stdin; $3: python; $4: a process limit
# to set here (0: none: the host set it). The code runs with stdin empty and without the pipe; bash's own complaints
# (such as "CPU time limit exceeded" for a killed child) are not the code's output. chmod first, so that a file the
# code made unreadable does not stop the save. (bash, as dash takes no descriptor above 9.)
_SCRIPT = """
save=$1
if [ "$2" = 1 ]; then tar -x -f - -C /scratch 2>/dev/null; fi
code=("$3" /code/main.py)
if [ "$4" != 0 ]; then code=(prlimit --nproc="$4" -- "${code[@]}"); fi
exec {err}>&2 2>/dev/null
"${code[@]}" </dev/null 2>&"$err" {err}>&- {save}>&-
status=$?
chmod -R u+rwX /scratch 2>/dev/null
tar -c -b 1 -f - -C /scratch . 2>/dev/null >&"$save" && printf LLS-SAVED >&"$save"
exit $status
"""


@dataclass(frozen=True)
class SandboxResult:
    """What a run printed, and how it ended."""

    stdout: str
    stderr: str
    exit_code: int | None
    """The code's exit status as a shell reports it: 128 + N for signal N (152: killed at the CPU limit); None
    when the run was killed at the deadline."""
    timed_out: bool
    truncated: bool
    """Stdout or stderr was cut at output_bytes."""


class SandboxUnavailable(Exception):
    """The sandbox cannot run on this machine; the message says why."""


@dataclass(frozen=True)
class _Plan:
    """What a run executes, found once."""

    bwrap: str
    prlimit: str
    setpriv: str | None  # None: the server is not root, and runs keep its uid
    python: str
    system: tuple[str, ...]  # bubblewrap's options that show the system read-only


class CodeSandbox:
    """Runs a session's Python code in a bubblewrap sandbox, keeping the session's files between runs."""

    def __init__(self, config: CodeInterpreterConfig, root: Path) -> None:
        self._config = config
        self._root = root.resolve()
        self._plan_found: _Plan | None = None
        self._checked = False
        self._uids = _Uids() if os.geteuid() == 0 else None
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    def check(self) -> None:
        """Raise SandboxUnavailable unless a sandbox starts here: a run of `print("ok")`, once."""
        plan = self._plan()
        if self._checked:
            return
        uid = os.getuid() if self._uids is None else self._uids.try_take()
        if uid is None:  # every uid is in use, so sandboxes do run
            return
        code_fd = _memfd('print("ok")')
        try:
            with open(os.devnull, "wb") as save:
                done = subprocess.run(
                    self._command(plan, uid, code_fd, save.fileno(), restore=False),
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    pass_fds=(code_fd, save.fileno()),
                    env={"PATH": _PATH},
                    start_new_session=True,
                    timeout=30,
                    check=False,
                )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SandboxUnavailable(f"the sandbox does not start: {exc}") from exc
        finally:
            os.close(code_fd)
            if self._uids is not None:
                self._uids.give_back(uid)
        if done.returncode != 0 or done.stdout != b"ok\n":
            why = done.stderr.decode(errors="replace").strip() or f"exit status {done.returncode}"
            raise SandboxUnavailable(f"the sandbox does not start: {why}")
        self._checked = True

    async def run(
        self, session_id: str, code: str, on_output: Callable[[str], Awaitable[None]] | None = None
    ) -> SandboxResult:
        """Run `code` in the session's scratch directory; `on_output` gets its output as it is printed, in order."""
        plan = self._plan()
        key = _key(session_id)
        async with self._session(key):  # one run of a session at a time: each starts from the last one's files
            uid = os.getuid() if self._uids is None else await self._uids.take()
            try:
                return await self._run(plan, key, uid, code, on_output)
            finally:
                if self._uids is not None:
                    await asyncio.shield(asyncio.to_thread(self._uids.give_back, uid))

    def drop(self, session_id: str) -> None:
        """Delete the session's files. A run of it still going saves nothing."""
        shutil.rmtree(self._root / _key(session_id), ignore_errors=True)

    def _plan(self) -> _Plan:
        if self._plan_found is None:
            self._plan_found = _find_plan(self._config, self._root, as_root=self._uids is not None)
        return self._plan_found

    @contextlib.asynccontextmanager
    async def _session(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks[key] if key in self._locks else (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def _run(
        self, plan: _Plan, key: str, uid: int, code: str, on_output: Callable[[str], Awaitable[None]] | None
    ) -> SandboxResult:
        config = self._config
        directory = self._root / key
        directory.mkdir(parents=True, exist_ok=True)
        state = directory / _STATE
        save_r, save_w = os.pipe()
        try:
            saved = _Saved(directory, cap=2 * config.scratch_bytes)
        except BaseException:
            os.close(save_r)
            os.close(save_w)
            raise
        try:
            with contextlib.ExitStack() as spawned:  # what only the sandbox keeps open
                spawned.callback(os.close, save_w)
                code_fd = _memfd(code)
                spawned.callback(os.close, code_fd)
                state_fd: int | None = None
                with contextlib.suppress(FileNotFoundError):
                    state_fd = fd = os.open(state, os.O_RDONLY | os.O_CLOEXEC)
                    spawned.callback(os.close, fd)
                proc = await asyncio.create_subprocess_exec(
                    *self._command(plan, uid, code_fd, save_w, restore=state_fd is not None),
                    stdin=subprocess.DEVNULL if state_fd is None else state_fd,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=asyncio.subprocess.PIPE,
                    pass_fds=(code_fd, save_w),
                    env={"PATH": _PATH},  # not the server's: the sandbox can read its PID 1's environment
                    start_new_session=True,
                )
        except BaseException:
            os.close(save_r)
            saved.discard()
            raise
        assert proc.stdout is not None and proc.stderr is not None

        texts: asyncio.Queue[str | None] = asyncio.Queue()
        out = _Capture(config.output_bytes, texts.put_nowait)
        err = _Capture(config.output_bytes, texts.put_nowait)
        pumps = [
            asyncio.create_task(_capture(proc.stdout, out)),
            asyncio.create_task(_capture(proc.stderr, err)),
            asyncio.create_task(_save(save_r, saved)),
        ]
        streamer = asyncio.create_task(_stream(texts, on_output))
        finished = timed_out = False
        try:
            timed_out = await _wait(proc, config.wall_seconds, streamer)
            # Once bubblewrap is gone so is every process that held the pipes: they end at once.
            await asyncio.wait(pumps, timeout=5)
            texts.put_nowait(None)
            await streamer
            finished = True
        finally:
            if proc.returncode is None:  # cancelled, or on_output failed
                await asyncio.shield(_stop(proc))
            for task in (*pumps, streamer):
                if task.done() and not task.cancelled():
                    task.exception()  # seen: a pump that failed (a full disk) only loses the save
                task.cancel()
            if finished and not timed_out:
                saved.keep(state)
            else:  # a run stopped part way keeps the files of the one before
                saved.discard()
        return SandboxResult(
            stdout=out.text(),
            stderr=err.text(),
            exit_code=None if timed_out else proc.returncode,
            timed_out=timed_out,
            truncated=out.truncated or err.truncated,
        )

    def _command(self, plan: _Plan, uid: int, code_fd: int, save_fd: int, *, restore: bool) -> list[str]:
        config = self._config
        cpu = config.cpu_seconds
        argv = [plan.prlimit, f"--cpu={cpu}:{cpu + 1}", f"--as={config.memory_bytes}"]
        argv += [f"--fsize={config.max_file_bytes}", f"--nofile={_NOFILE}", "--core=0"]
        if plan.setpriv is not None:
            # The run's uid owns only bubblewrap and the script besides the code's processes.
            argv += [f"--nproc={config.max_processes + 2}", "--", plan.setpriv]
            argv += [f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
            inner_nproc = 0
        else:
            # The server's own uid owns its other processes too; inside the sandbox's user namespace the count
            # is of the sandbox's alone (the script's shell and the code's processes).
            argv.append("--")
            inner_nproc = config.max_processes + 1
        size = str(config.scratch_bytes)
        argv += [plan.bwrap, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent"]
        argv += ["--as-pid-1", "--new-session", "--hostname", "sandbox", "--clearenv"]
        for name, value in _ENV.items():
            argv += ["--setenv", name, value]
        argv += plan.system
        argv += ["--proc", "/proc", "--dev", "/dev", "--size", size, "--tmpfs", "/dev/shm", "--remount-ro", "/dev"]
        argv += ["--size", size, "--tmpfs", "/tmp", "--size", size, "--tmpfs", "/scratch"]
        argv += ["--ro-bind-data", str(code_fd), "/code/main.py", "--remount-ro", "/", "--chdir", "/scratch"]
        argv += ["/bin/bash", "-c", _SCRIPT, "sandbox", str(save_fd), "1" if restore else "0", plan.python]
        argv.append(str(inner_nproc))
        return argv


def _find_plan(config: CodeInterpreterConfig, root: Path, *, as_root: bool) -> _Plan:
    bwrap = shutil.which(config.bwrap)
    if bwrap is None:
        raise SandboxUnavailable(
            f"bubblewrap ({config.bwrap}) is not installed: `make sandbox` installs it (apt-get install bubblewrap)"
        )
    found = {name: shutil.which(name) for name in ("prlimit", "setpriv")}
    for name in ("bash", "tar", "chmod", "prlimit"):
        if shutil.which(name, path="/usr/bin:/bin") is None:
            raise SandboxUnavailable(f"{name} is not in /usr/bin or /bin, and the sandbox needs it")
    prlimit, setpriv = found["prlimit"], found["setpriv"]
    if prlimit is None or (as_root and setpriv is None):
        raise SandboxUnavailable("prlimit and setpriv (util-linux) are not installed")
    python = _interpreter(config, as_root=as_root)
    prefix = python.parent.parent
    system = ["--ro-bind", "/usr", "/usr"]
    # The merged /usr's links (or the directories of a system without one), and what of /etc programs read.
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            system += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            system += ["--ro-bind", top, top]
    for name in ("/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives"):
        system += ["--ro-bind-try", name, name]
    if not prefix.is_relative_to("/usr"):
        if prefix == Path("/") or root.is_relative_to(prefix) or prefix.is_relative_to(root):
            raise SandboxUnavailable(f"the sandbox cannot show python's prefix {prefix}: it holds {root}")
        system += ["--ro-bind", str(prefix), str(prefix)]
    return _Plan(bwrap, prlimit, setpriv if as_root else None, str(python), tuple(system))


def _interpreter(config: CodeInterpreterConfig, *, as_root: bool) -> Path:
    """The interpreter runs use, symlinks resolved: configured, or the server's base one, or the system's."""
    if config.python is not None:
        candidates = [config.python]
    else:  # the base interpreter, not the server's virtual environment
        candidates = [Path(getattr(sys, "_base_executable", sys.executable)), Path("/usr/bin/python3")]
    for candidate in candidates:
        python = Path(os.path.realpath(candidate))
        if python.is_file() and _reachable(python, as_root=as_root):
            return python
    names = " or ".join(str(candidate) for candidate in candidates)
    whose = "an unprivileged user" if as_root else "the server"
    raise SandboxUnavailable(f"no python for the sandbox: {names} is missing or out of reach of {whose}")


def _reachable(python: Path, *, as_root: bool) -> bool:
    """Whether a run's uid can execute `python`: as root, the runs' uids have only the permissions of others."""
    if not as_root:
        return os.access(python, os.X_OK)
    return all(os.stat(path).st_mode & stat.S_IXOTH for path in (python, *python.parents))


def _key(session_id: str) -> str:
    """A session's directory name: a hash, so that no session id can name a path."""
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _memfd(code: str) -> int:
    """A memory file holding `code`, for bubblewrap to copy to /code/main.py (read-only there)."""
    fd = os.memfd_create("code", os.MFD_CLOEXEC)
    data = code.encode("utf-8", "replace")
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


async def _wait(proc: asyncio.subprocess.Process, seconds: float, streamer: asyncio.Task[None]) -> bool:
    """Wait for the run to end; at the deadline stop it, and say it timed out. If on_output fails first, raise
    its error (and the caller stops the run)."""
    ended = asyncio.ensure_future(proc.wait())
    try:
        await asyncio.wait((ended, streamer), timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        ended.cancel()
    if proc.returncode is not None:
        return False
    if streamer.done():  # it ends only after the run, or with on_output's error
        streamer.result()
    await _stop(proc)
    return True


async def _stop(proc: asyncio.subprocess.Process) -> None:
    """Kill the sandbox's PID 1, which ends its PID namespace, every process in it; bubblewrap, its parent, then
    reaps it and exits. (Killing bubblewrap first would leave that PID 1 to the host's init to reap.) Bubblewrap
    itself only if there is no PID 1 yet, or it does not exit."""
    try:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    except OSError:
        children = []
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(child), signal.SIGKILL)
    try:
        await asyncio.wait_for(proc.wait(), 2 if children else 0)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        await proc.wait()


class _Capture:
    """One output stream of a run: its first `limit` bytes, decoded as they come."""

    def __init__(self, limit: int, emit: Callable[[str], None]) -> None:
        self._room = limit
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._parts: list[str] = []
        self._emit = emit
        self.truncated = False

    def feed(self, chunk: bytes) -> None:
        if len(chunk) > self._room:
            chunk, self.truncated = chunk[: self._room], True
        self._room -= len(chunk)
        self._add(self._decoder.decode(chunk))

    def close(self) -> None:
        if not self.truncated:  # a character cut at the limit is dropped, not shown as U+FFFD
            self._add(self._decoder.decode(b"", final=True))

    def text(self) -> str:
        return "".join(self._parts)

    def _add(self, text: str) -> None:
        if text:
            self._parts.append(text)
            self._emit(text)


class _Saved:
    """The tar of a run's /scratch as it arrives, written beside the session's state, at most `cap` bytes."""

    def __init__(self, directory: Path, cap: int) -> None:
        fd, name = tempfile.mkstemp(prefix=".state-", suffix=".part", dir=directory)
        self._path = Path(name)
        self._file = os.fdopen(fd, "wb")
        self._cap = cap
        self._size = 0
        self._tail = b""

    def feed(self, chunk: bytes) -> bool:
        self._size += len(chunk)
        if self._size > self._cap:
            return False  # too big to keep: stop reading, and the tar in the sandbox fails
        self._file.write(chunk)  # to the page cache: fast enough for the event loop
        self._tail = (self._tail + chunk)[-len(_TAIL) :]
        return True

    def whole(self) -> bool:
        return self._size <= self._cap and self._tail == _TAIL

    def keep(self, state: Path) -> None:
        """Make this the session's state if the archive arrived whole; drop it otherwise."""
        try:
            if self.whole():
                self._file.truncate(self._size - len(_SAVED))
                self._file.close()
                os.replace(self._path, state)
        except OSError:  # the session was dropped meanwhile
            pass
        self.discard()

    def discard(self) -> None:
        self._file.close()
        with contextlib.suppress(FileNotFoundError):
            self._path.unlink()


async def _capture(reader: asyncio.StreamReader, capture: _Capture) -> None:
    # Read to the end, past the limit too, so that the code never blocks on a full pipe.
    while chunk := await reader.read(_CHUNK):
        capture.feed(chunk)
    capture.close()


async def _save(fd: int, saved: _Saved) -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=_CHUNK)
    with open(fd, "rb", buffering=0) as pipe:
        transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), pipe)
        try:
            while (chunk := await reader.read(_CHUNK)) and saved.feed(chunk):
                pass
        finally:
            transport.close()  # the tar still writing, if any, fails


async def _stream(texts: asyncio.Queue[str | None], on_output: Callable[[str], Awaitable[None]] | None) -> None:
    """Hand the output to `on_output` in order, apart from the pumps, so that a slow consumer never stalls them;
    after each call, what comes in the next moment goes in one (a print is several writes)."""
    while True:
        parts = [await texts.get()]
        while not texts.empty():  # what came while on_output was busy goes in one call
            parts.append(texts.get_nowait())
        text = "".join(part for part in parts if part is not None)
        if text and on_output is not None:
            await on_output(text)
        if None in parts:
            return
        await asyncio.sleep(_GATHER)


class _Uids:
    """The pool of uids runs take, one a run, when the server is root. A lock file a uid claims it across
    processes (two servers on one machine never share one); a uid whose processes outlive a run (which the PID
    namespace should make impossible) stays claimed."""

    def __init__(self) -> None:
        self._uids = [uid for uid in _UIDS if not _has_account(uid)]
        self._held: dict[int, int] = {}
        self._stuck: list[int] = []

    def try_take(self) -> int | None:
        try:
            _LOCKS.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise SandboxUnavailable(f"cannot keep the locks of the sandbox's uids in {_LOCKS}: {exc}") from exc
        for uid in self._uids:
            if uid in self._held:
                continue
            fd = os.open(_LOCKS / str(uid), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self._held[uid] = fd
            return uid
        return None

    async def take(self) -> int:
        while (uid := self.try_take()) is None:
            await asyncio.sleep(0.05)
        return uid

    def give_back(self, uid: int) -> None:
        if _reap(uid):
            os.close(self._held.pop(uid))  # which releases its lock
        else:
            log.error("processes of sandbox uid %d survive their run; the uid is not used again", uid)
            self._stuck.append(self._held.pop(uid))


def _has_account(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


def _reap(uid: int) -> bool:
    """Kill any process of `uid` left; whether none is."""
    pids = _processes(uid)
    if pids:
        log.warning("killing %d processes of sandbox uid %d left after its run", len(pids), uid)
    deadline = time.monotonic() + 2
    while pids:
        if time.monotonic() > deadline:
            return False
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)
        pids = _processes(uid)
    return True


def _processes(uid: int) -> list[int]:
    pids = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(FileNotFoundError):
                if entry.stat(follow_symlinks=False).st_uid == uid:
                    pids.append(int(entry.name))
    return pids
