"""Run the Procfile's processes on this machine, without containers, against local PostgreSQL and Redis.

``make prod-local`` (or ``python scripts/prod_local.py``): creates the database if it is missing, runs the
Procfile's ``release`` process (migrations; collectstatic with ``--collectstatic``), starts every other process (gunicorn, one
Celery worker per queue, beat), writes each one's output, prefixed with its name, to
``var/prod-local/<name>.log`` (and to the terminal), waits until web answers ``/api/v1/health`` and every
worker answers a Celery ping, prints a summary (pids, memory, URLs) and stops everything on Ctrl+C/SIGTERM.

Tests drive the same topology from Python (docs/deploy.md)::

    with ProdLocal(env={"DATABASE_URL": ..., "REDIS_URL": ...}, log_dir=tmp_path) as topology:
        topology.kill("worker-score", signal.SIGKILL)
        topology.restart("worker-score")

DATABASE_URL and REDIS_URL come from the environment; without them the database ``hiresscope_prod`` on
127.0.0.1 and Redis database 2 (cache in 3) are used, never Redis database 0 (``make test``/CI) or 1
(the cache, flushed by every test, of a REDIS_URL on database 0).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PROCFILE = ROOT / "Procfile"
RELEASE = "release"  # the one-shot process run before the others (Heroku's name; compose's `migrate`)
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hiresscope_prod"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/2"
_PROCFILE_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")
_NODE_NAME = re.compile(r"-n\s+(\S+)@%h")


def procfile_read(path: Path = PROCFILE) -> dict[str, str]:
    """The Procfile's processes, in order: name -> shell command."""
    processes = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            match = _PROCFILE_LINE.match(line.strip())
            if not match:
                raise ValueError(f"{path}: not a Procfile line: {line!r}")
            processes[match.group(1)] = match.group(2)
    return processes


def worker_node_prefix(command: str) -> str | None:
    """A Celery worker's node name before ``@`` (``-n parse@%h`` -> ``parse``); None for other processes."""
    if " worker " not in f" {command} ":
        return None
    match = _NODE_NAME.search(command)
    return match.group(1) if match else "celery"


def _with_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


def database_ensure(database_url: str) -> bool:
    """Create the PostgreSQL database named by ``database_url`` if it does not exist; True if created."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(maintenance.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


SHARED_DATABASES = frozenset({"hiresscope", "postgres", "root", "test"})


def database_recreate(database_url: str) -> None:
    """Drop (closing its connections) and create the database ``database_url`` names: a run's own database,
    never a shared one (refused: ``hiresscope``, ``postgres``, ``root``, ``test``, ``test_*``)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if name in SHARED_DATABASES or name.startswith("test_"):
        raise ValueError(f"refusing to recreate the shared database {name!r}")
    maintenance = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(maintenance.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


POSTGRES_BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))


class PostgresServer:
    """A PostgreSQL server of one's own, for fault tests that stop it: the machine's server is shared (the
    test suite's connection, other runs) and must not be restarted. Trust authentication on 127.0.0.1 and
    a free port, its socket and data in a temporary folder (removed on exit). PostgreSQL refuses to
    run as root, so as root it runs as the ``postgres`` user::

        with PostgresServer() as server:
            topology = ProdLocal(env={"DATABASE_URL": server.url("hs_fault"), ...})
            server.restart(down=5)
    """

    def __init__(self, *, bin_dir: Path = POSTGRES_BIN, user: str = "postgres"):
        self.bin_dir = Path(bin_dir)
        self.user = user
        self.port = _free_port()
        self.dir: Path | None = None

    @classmethod
    def missing(cls, bin_dir: Path = POSTGRES_BIN) -> str | None:
        """Why a server cannot be started here (None when it can)."""
        absent = [name for name in ("initdb", "pg_ctl", "postgres") if not (Path(bin_dir) / name).exists()]
        if absent:
            return f"PostgreSQL server binaries missing in {bin_dir}: {', '.join(absent)} (set POSTGRES_BIN)"
        if os.geteuid() == 0 and not shutil.which("runuser"):
            return "running as root without runuser: PostgreSQL refuses to run as root"
        return None

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, name: str, *args: str) -> None:
        command = [str(self.bin_dir / name), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)  # noqa: S603 - our own arguments
        if result.returncode != 0:
            log = self.dir / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{name} {' '.join(args)} failed:\n{result.stdout}{result.stderr}{tail}")

    def start(self) -> PostgresServer:
        """initdb on first start, then start and wait until it accepts connections."""
        if self.dir is None:
            # Under /tmp, not a pytest tmp_path: the postgres user must be able to reach the folder.
            self.dir = Path(tempfile.mkdtemp(prefix="hs-postgres-"))
            if os.geteuid() == 0:
                shutil.chown(self.dir, self.user)
            data = str(self.dir / "data")
            self._run(
                "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"
            )
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.dir / "server.log")
        self._run("pg_ctl", "start", "-w", "-D", str(self.dir / "data"), "-l", log, "-o", options)
        return self

    def stop(self, mode: str = "fast", *, remove: bool = False) -> None:
        """``pg_ctl stop -m mode`` (fast: sessions are ended, as in a restart); ``remove`` deletes the data."""
        if self.dir is None:
            return
        if (self.dir / "data" / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-w", "-m", mode, "-D", str(self.dir / "data"))
        if remove:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def restart(self, *, down: float = 5.0) -> tuple[float, float]:
        """Stop (fast), stay down ``down`` seconds, start again; (stopped, accepting) as ``time.monotonic()``."""
        self.stop("fast")
        stopped = time.monotonic()
        time.sleep(down)
        self.start()
        return stopped, time.monotonic()

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop("immediate", remove=True)


def rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants (gunicorn's and prefork's children), Linux /proc."""
    return sum(rss_tree(pid).values())


def rss_tree(pid: int) -> dict[int, int]:
    """Resident memory (bytes) of a process and of each of its descendants, by pid (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    sizes, todo = {}, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[current] = int(line.split()[1]) * 1024
        except OSError:
            continue
    return sizes


def pss_bytes(pid: int) -> int | None:
    """Proportional memory of a process and its descendants: pages shared after fork() counted once in all,
    which RSS counts in every process (Linux /proc/<pid>/smaps_rollup; None where it cannot be read)."""
    total = 0
    for current in rss_tree(pid):
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
        except OSError:
            return None
        total += sum(int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:"))
    return total


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Process:
    name: str
    command: str
    popen: subprocess.Popen | None = None
    pump: threading.Thread | None = None
    starts: int = 0
    node: str | None = field(default=None)  # Celery node name prefix for workers

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None


class ProdLocal:
    """The Procfile's topology as local processes; a context manager (start on enter, stop on exit)."""

    def __init__(
        self,
        *,
        env: dict[str, str] | None = None,
        processes: list[str] | None = None,
        port: int | None = None,
        log_dir: Path | str | None = None,
        procfile: Path = PROCFILE,
        concurrency: int | None = None,
        collectstatic: bool = False,
        echo: bool = False,
        ready_timeout: float = 90.0,
    ):
        self.commands = procfile_read(procfile)
        names = processes or [name for name in self.commands if name != RELEASE]
        unknown = set(names) - set(self.commands)
        if unknown:
            raise ValueError(f"not in {procfile}: {', '.join(sorted(unknown))}")
        self.processes = {name: Process(name, self.commands[name]) for name in names}
        for process in self.processes.values():
            process.node = worker_node_prefix(process.command)
        self.port = port or _free_port()
        self.log_dir = Path(log_dir or ROOT / "var" / "prod-local")
        self.collectstatic = collectstatic
        self.echo = echo
        self.ready_timeout = ready_timeout
        self.env = self._env(env or {}, concurrency)
        self._echo_lock = threading.Lock()
        self.timings: dict[str, float] = {}  # seconds: release (migrations), then ready (all answering)

    # -- environment ---------------------------------------------------------------------------------
    def _env(self, overrides: dict[str, str], concurrency: int | None) -> dict[str, str]:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        base = {**os.environ, **overrides}
        redis_url = base.get("REDIS_URL") or DEFAULT_REDIS_URL
        if redis_url.rstrip("/").endswith("/0") or urlsplit(redis_url).path in ("", "/"):
            raise ValueError(
                f"REDIS_URL {redis_url!r}: prod-local never uses Redis database 0 (make test, CI)"
            )
        cache_db = int(urlsplit(redis_url).path.lstrip("/")) + 1
        env = {
            **base,
            "DATABASE_URL": base.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            "REDIS_URL": redis_url,
            "REDIS_CACHE_URL": base.get("REDIS_CACHE_URL") or _with_db(redis_url, cache_db),
            "HIRESSCOPE_ENV": base.get("HIRESSCOPE_ENV") or "production",
            "DJANGO_SECRET_KEY": base.get("DJANGO_SECRET_KEY") or self._secret_key(),
            "ALLOWED_HOSTS": base.get("ALLOWED_HOSTS") or "127.0.0.1,localhost",
            "PUBLIC_BASE_URL": base.get("PUBLIC_BASE_URL") or f"http://127.0.0.1:{self.port}",
            # Plain HTTP on loopback: no redirect to https (a proxy terminates TLS in production).
            "SECURE_SSL_REDIRECT": base.get("SECURE_SSL_REDIRECT") or "false",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "WEB_BIND": f"127.0.0.1:{self.port}",
            "CELERY_BEAT_SCHEDULE_FILE": str(self.log_dir / "celerybeat-schedule"),
            "PYTHONUNBUFFERED": "1",
            # The Procfile's python, gunicorn and celery are this interpreter's (the virtualenv's).
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), base.get("PATH", os.defpath)]),
        }
        if concurrency is not None:
            for name in ("WEB_CONCURRENCY", "PARSE_CONCURRENCY", "SCORE_CONCURRENCY", "WEBHOOKS_CONCURRENCY"):
                env[name] = str(concurrency)
            env["DEFAULT_CONCURRENCY"] = str(concurrency)
        env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py and the Celery app set their own
        return env

    def _secret_key(self) -> str:
        path = self.log_dir / "secret_key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- one-shot commands ---------------------------------------------------------------------------
    def run(self, *args: str, timeout: float = 300.0) -> str:
        """Run a one-off command (``manage.py`` arguments) with the topology's environment; its stdout."""
        result = subprocess.run(  # noqa: S603 - our interpreter and manage.py, arguments from the caller
            [sys.executable, "manage.py", *args],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def release(self) -> None:
        """The database (created if missing), then the Procfile's release process (migrations)."""
        if self.env["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
            database_ensure(self.env["DATABASE_URL"])
        log = self.log_dir / f"{RELEASE}.log"
        with log.open("w") as out:
            result = subprocess.run(  # noqa: S603 - the repository's own Procfile
                ["/bin/sh", "-c", self.commands[RELEASE]], cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"{RELEASE} failed:\n{log.read_text()[-3000:]}")
        if self.collectstatic:
            self.run("collectstatic", "--noinput", "-v0")

    # -- processes -----------------------------------------------------------------------------------
    def _spawn(self, process: Process) -> None:
        log_path = self.log_dir / f"{process.name}.log"
        process.popen = subprocess.Popen(  # noqa: S603 - the repository's own Procfile
            ["/bin/sh", "-c", f"exec {process.command}"],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: Ctrl+C reaches us, and we stop it in order
        )  # fmt: skip
        process.starts += 1
        process.pump = threading.Thread(
            target=self._pump, args=(process.name, process.popen, log_path, process.starts > 1), daemon=True
        )
        process.pump.start()

    def _pump(self, name: str, popen: subprocess.Popen, log_path: Path, append: bool) -> None:
        width = max(len(n) for n in self.processes)
        with log_path.open("a" if append else "w") as log:
            for raw in popen.stdout:
                line = f"{name:<{width}} | {raw.decode(errors='replace').rstrip()}"
                log.write(line + "\n")
                log.flush()
                if self.echo:
                    with self._echo_lock:
                        print(line, flush=True)

    def start(self) -> ProdLocal:
        began = time.monotonic()
        self.release()
        self.timings["release"] = time.monotonic() - began
        for process in self.processes.values():
            self._spawn(process)
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        self.timings["ready"] = time.monotonic() - began - self.timings["release"]
        return self

    def wait_ready(self, names: list[str] | None = None, timeout: float | None = None) -> None:
        """Wait until web answers /api/v1/health with 200 and every (named) worker answers a ping."""
        names = names or list(self.processes)
        deadline = time.monotonic() + (timeout or self.ready_timeout)
        waiting = set(names)
        while waiting:
            for name in sorted(waiting):
                process = self.processes[name]
                if not process.running():
                    raise RuntimeError(f"{name} exited ({process.popen.returncode}):\n{self.log_tail(name)}")
            if "web" in waiting and self.health() is not None:
                waiting.discard("web")
            workers = {name for name in waiting if self.processes[name].node}
            if workers:
                answered = self.ping()
                waiting -= {name for name in workers if self.processes[name].node in answered}
            waiting -= {name for name in waiting if name != "web" and not self.processes[name].node}  # beat
            if waiting and time.monotonic() > deadline:
                raise TimeoutError(
                    f"not ready: {', '.join(sorted(waiting))}\n"
                    + "\n".join(self.log_tail(name) for name in sorted(waiting))
                )
            if waiting:
                time.sleep(0.5)

    def health(self) -> dict | None:
        import json

        try:
            with urllib.request.urlopen(f"{self.base_url}/api/v1/health", timeout=3) as response:  # noqa: S310  # nosec B310  # base_url is always http://127.0.0.1:<port>, our own server
                return json.loads(response.read()) if response.status == 200 else None
        except (urllib.error.URLError, OSError, ValueError):
            return None

    def ping(self, timeout: float = 1.0) -> set[str]:
        """Node-name prefixes (``parse``, ``score``…) of the workers on this broker that answered a ping."""
        from celery import Celery

        app = Celery("prod-local-ping", broker=self.env["REDIS_URL"])
        try:
            replies = app.control.ping(timeout=timeout) or []
        finally:
            app.close()
        return {node.split("@", 1)[0] for reply in replies for node in reply}

    def kill(self, name: str, sig: int = signal.SIGKILL, *, group: bool = True) -> None:
        """Send ``sig`` to a process (with ``group``, to its children too, like a container being killed)."""
        process = self.processes[name]
        if not process.running():
            return
        if group:
            os.killpg(process.popen.pid, sig)
        else:
            process.popen.send_signal(sig)
        if sig in (signal.SIGKILL, signal.SIGTERM):
            process.popen.wait(timeout=30)
            process.pump.join(timeout=5)

    def restart(self, name: str, *, wait: bool = True) -> None:
        """Stop ``name`` if it runs (SIGTERM, then SIGKILL), start it again, and wait until it is ready."""
        self._stop_one(self.processes[name])
        self._spawn(self.processes[name])
        if wait:
            self.wait_ready([name])

    def _stop_one(self, process: Process, timeout: float = 20.0) -> None:
        if not process.running():
            return
        try:
            os.killpg(process.popen.pid, signal.SIGTERM)
            process.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.popen.pid, signal.SIGKILL)
            process.popen.wait(timeout=10)
        except ProcessLookupError:
            pass
        if process.pump:
            process.pump.join(timeout=5)

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM to every process group at once (web drains, workers finish their task), SIGKILL after."""
        running = [process for process in self.processes.values() if process.running()]
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.popen.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in running:
            try:
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.popen.pid, signal.SIGKILL)
                process.popen.wait(timeout=10)
        for process in running:
            process.pump.join(timeout=5)

    def log_tail(self, name: str, chars: int = 3000) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else f"({path} missing)"

    # -- reporting -----------------------------------------------------------------------------------
    def rss(self) -> dict[str, int]:
        """Resident memory per process, children included (bytes)."""
        return {name: rss_bytes(p.pid) for name, p in self.processes.items() if p.running()}

    def summary(self) -> str:
        """Pids, memory (the main process, and each child: gunicorn workers, prefork pool processes), URLs."""
        width = max(len(name) for name in self.processes)
        lines = [
            f"{'process':<{width}}  {'pid':>7}  {'RSS MB':>7}  {'main':>5}  {'children MB':<16}  command"
        ]
        total = total_pss = 0
        for name, process in self.processes.items():
            tree = rss_tree(process.pid) if process.running() else {}
            total += sum(tree.values())
            main_mb = tree.pop(process.pid, 0) / 2**20 if tree else 0
            kids = " ".join(f"{size / 2**20:.0f}" for _, size in sorted(tree.items())) or "-"
            all_mb = f"{main_mb + sum(tree.values()) / 2**20:.0f}" if process.running() else "-"
            pss = pss_bytes(process.pid) if process.running() else None
            total_pss += pss or 0
            pss_mb = f"{pss / 2**20:.0f}" if pss is not None else "-"
            lines.append(
                f"{name:<{width}}  {process.pid or '-':>7}  {all_mb:>7}  {main_mb:>5.0f}  {kids:<16}  {pss_mb:>6}  "
                f"{process.command}"
            )
        lines.append(
            f"{'total':<{width}}  {'':>7}  {total / 2**20:>7.0f}  {'':>5}  {'':<16}  {total_pss / 2**20:>6.0f}"
        )
        if self.timings:
            lines.append(
                "started: " + ", ".join(f"{phase} {seconds:.1f}s" for phase, seconds in self.timings.items())
            )
        lines += [
            "",
            f"web:      {self.base_url}/  (API docs {self.base_url}/api/v1/docs/, health {self.base_url}/api/v1/health)",
            f"database: {_redact(self.env['DATABASE_URL'])}",
            f"broker:   {_redact(self.env['REDIS_URL'])}  cache: {_redact(self.env['REDIS_CACHE_URL'])}",
            f"logs:     {self.log_dir}/<process>.log",
        ]
        return "\n".join(lines)

    def __enter__(self) -> ProdLocal:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--only", help="comma-separated Procfile processes (default: all)")
    parser.add_argument("--concurrency", type=int, help="web workers and each Celery worker's processes")
    parser.add_argument(
        "--collectstatic",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="collect the static files (production manifest) before starting; without them the HTML pages "
        "answer 500 (default: on; --no-collectstatic for the API alone, about 45 s sooner)",
    )
    args = parser.parse_args(argv)
    topology = ProdLocal(
        processes=args.only.split(",") if args.only else None,
        port=args.port,
        concurrency=args.concurrency,
        collectstatic=args.collectstatic,
        echo=True,
    )
    stopping = threading.Event()

    def on_signal(signum, _frame):
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    started = time.monotonic()
    topology.start()
    print(f"\nprod-local ready in {time.monotonic() - started:.1f}s\n{topology.summary()}\n", flush=True)
    print("Ctrl+C stops everything.", flush=True)
    while not stopping.wait(1.0):
        dead = [name for name, process in topology.processes.items() if not process.running()]
        if dead:
            print(f"prod-local: {', '.join(dead)} exited; stopping the rest", file=sys.stderr, flush=True)
            topology.stop()
            return 1
    print("prod-local: stopping", flush=True)
    topology.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
