"""Drive programs in detached tmux sessions on a private tmux server (benchmarks only)."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid


class TmuxServer:
    """A tmux server of our own (``-L``), started once so that session start-up does not include it."""

    def __init__(self) -> None:
        self.socket = f"reader-bench-{os.getpid()}"
        self.run("new-session", "-d", "-s", "keeper", "-x", "80", "-y", "24", "sleep 3600")
        self.path = self.run("display", "-p", "-t", "keeper", "#{socket_path}").strip()

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True).stdout

    def close(self) -> None:
        self.run("kill-server")
        if self.path:
            try:
                os.unlink(self.path)
            except OSError:
                pass


class Session:
    def __init__(self, server: TmuxServer, command: list[str], width: int, height: int,
                 env: dict[str, str] | None = None) -> None:
        self.server = server
        self.name = f"s{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        line = f"exec env TERM=xterm-256color {exports} {shlex.join(command)}"
        self.started = time.perf_counter()
        server.run("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), line)

    def screen(self) -> str:
        return self.server.run("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 30.0, interval: float = 0.01) -> float | None:
        """Seconds from the session's start until ``text`` is on screen (None on timeout)."""
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if text in self.screen():
                return time.perf_counter() - self.started
            time.sleep(interval)
        return None

    def wait_change(self, before: str, timeout: float = 5.0, interval: float = 0.002) -> tuple[float | None, str]:
        """Seconds until the screen differs from ``before``, measured from now."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            screen = self.screen()
            if screen != before:
                return time.perf_counter() - start, screen
            time.sleep(interval)
        return None, before

    def wait_stable(self, quiet: float = 0.3, timeout: float = 10.0) -> str:
        """Wait until the screen has not changed for ``quiet`` seconds."""
        screen, since, start = self.screen(), time.perf_counter(), time.perf_counter()
        while time.perf_counter() - start < timeout:
            time.sleep(0.02)
            now = self.screen()
            if now != screen:
                screen, since = now, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                break
        return screen

    def keys(self, *keys: str) -> None:
        self.server.run("send-keys", "-t", self.name, *keys)

    def pid(self) -> int | None:
        """The program's PID (the pane's process: we exec it, so no shell in between)."""
        out = self.server.run("display", "-p", "-t", self.name, "#{pane_pid}").strip()
        return int(out) if out.isdigit() else None

    def kill(self) -> None:
        self.server.run("kill-session", "-t", self.name)


def rss_mb(pid: int) -> float | None:
    """Resident memory of ``pid`` (VmRSS) in MB."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
