"""A throwaway PostgreSQL server for the tests, started the way pytest-postgresql does it:
initdb into a temporary folder, then pg_ctl on a free loopback port, stopped at the end.

initdb refuses to run as root, so as root the server runs as the `postgres` system user
(runuser). Local connections are trusted: each test logs in as whichever role it needs,
and row-level security is what decides what that role sees.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN_DIRS = [Path("/usr/lib/postgresql/15/bin"), *sorted(Path("/usr/lib/postgresql").glob("*/bin"))]
SYSTEM_USER = "postgres"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None on a machine without PostgreSQL."""
    for folder in BIN_DIRS:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


def why_not() -> str | None:
    """Why no server can be started here (a skip reason), or None."""
    if binaries() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl); .ci/run installs postgresql-15"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            return f"running as root without a {SYSTEM_USER!r} system user for the server"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, port: int, pg_ctl: list[str] | None = None) -> None:
        self.port = port
        self.pg_ctl = pg_ctl or []  # pg_ctl with its data folder and options, as run

    def restart(self) -> None:
        """Stop the server fast (every connection is told it is shutting down), start it
        again on the same port, and wait until it accepts connections."""
        subprocess.run(
            as_server_user([*self.pg_ctl, "-m", "fast", "-w", "restart"]),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def url(self, login: str = SYSTEM_USER, database: str = "postgres") -> str:
        return f"postgresql://{login}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; its name."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return name


def as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", SYSTEM_USER, "--", *command] if os.geteuid() == 0 else command


@contextmanager
def running() -> Iterator[Server]:
    folder_bin = binaries()
    assert folder_bin is not None
    folder = Path(tempfile.mkdtemp(prefix="bpo-assess-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, SYSTEM_USER)
    port = free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(
        as_server_user(
            [
                str(folder_bin / "initdb"),
                "-D",
                str(data),
                "-U",
                SYSTEM_USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ]
        ),
        **run,  # type: ignore[call-overload]
    )
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off"
        " -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
    )
    pg_ctl = [str(folder_bin / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log")]
    subprocess.run(
        as_server_user([*pg_ctl, "-w", "start"]),
        **run,  # type: ignore[call-overload]
    )
    try:
        yield Server(port, pg_ctl)
    finally:
        subprocess.run(
            as_server_user(
                [str(folder_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
            ),
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)
