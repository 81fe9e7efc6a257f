"""Start a throw-away PostgreSQL server from the local binaries for the tests.

``initdb`` refuses to run as root, so as root the server runs as the
``postgres`` system user (through ``runuser``) in a directory owned by it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def find_bindir() -> Path | None:
    """The bin directory of the newest locally installed PostgreSQL server."""
    explicit = os.environ.get("OMCLIENT_PG_BINDIR")
    if explicit:
        return Path(explicit)
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidate = Path(out.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    bindir: Path
    workdir: Path
    port: int
    user: str
    run_as: str | None

    @property
    def datadir(self) -> Path:
        return self.workdir / "data"

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self.run_as:
            cmd = ["runuser", "-u", self.run_as, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=False)

    def start(self) -> None:
        result = self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.datadir),
            "-U",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        if result.returncode != 0:
            raise RuntimeError(f"initdb fehlgeschlagen: {result.stderr}")
        options = (
            f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        result = self._run(
            str(self.bindir / "pg_ctl"),
            "start",
            "-w",
            "-D",
            str(self.datadir),
            "-o",
            options,
            "-l",
            str(self.workdir / "server.log"),
        )
        if result.returncode != 0:
            log = (self.workdir / "server.log").read_text(errors="replace")
            raise RuntimeError(f"PostgreSQL startete nicht: {result.stderr}\n{log}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("PostgreSQL nimmt keine Verbindungen an")

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "stop", "-m", "immediate", "-D", str(self.datadir))
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_server() -> PostgresServer:
    bindir = find_bindir()
    if bindir is None:
        raise FileNotFoundError("keine PostgreSQL-Server-Binaries gefunden (initdb)")
    workdir = Path(tempfile.mkdtemp(prefix="omclient-pg-"))
    run_as = None
    if os.geteuid() == 0:
        run_as = "postgres"
        pw = pwd.getpwnam(run_as)
        os.chown(workdir, pw.pw_uid, pw.pw_gid)
        os.chmod(workdir, 0o755)
    server = PostgresServer(bindir, workdir, _free_port(), "omtest", run_as)
    server.start()
    return server


def add_password_role(server: PostgresServer, role: str, secret: str) -> None:
    """A login role that must give ``secret`` (scram) on ``server``; the others keep trust.

    Idempotent, so several test modules may ask for the same role.
    """
    import psycopg

    with psycopg.connect(
        f"host=127.0.0.1 port={server.port} user={server.user} dbname=postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if exists is None:
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{secret}'")
        row = conn.execute("SHOW hba_file").fetchone()
        assert row is not None
        hba = Path(str(row[0]))
        rule = f"host all {role} 127.0.0.1/32 scram-sha-256\n"
        rules = hba.read_text(encoding="utf-8")
        if rule not in rules:
            hba.write_text(rule + rules, encoding="utf-8")
            conn.execute("SELECT pg_reload_conf()")
            time.sleep(0.3)
