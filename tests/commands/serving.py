"""A real ``rekisteri serve`` process for tests: started as the console script, fed by real
file writes, read over HTTP like a browser reads it."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT_TAG = '<script src="/__rekisteri__/live.js" defer></script>'
DEADLINE = 20.0


@dataclass
class Serve:
    process: subprocess.Popen[str]
    url: str
    lines: queue.Queue[str]
    seen: list[str] = field(default_factory=list)

    @classmethod
    def start(
        cls,
        root: Path,
        *options: str,
        wait: bool = True,
        temporary: Path | None = None,
        environment: dict[str, str] | None = None,
    ) -> Serve:
        """In a session of its own, so a test can send Ctrl-C to its whole process group as a
        terminal does (render workers included).  ``temporary``: the process's temporary
        folder (``TMPDIR``), so a test can see what it leaves there apart from other processes.
        ``environment``: variables to set for it."""
        executable = Path(sys.executable).with_name("rekisteri")
        environment = {**os.environ, **(environment or {})}
        if temporary is not None:
            temporary.mkdir(parents=True, exist_ok=True)
            environment["TMPDIR"] = str(temporary)
        process = subprocess.Popen(
            [str(executable), "serve", "--root", str(root), "--port", "0", *options],
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
            env=environment,
        )
        lines: queue.Queue[str] = queue.Queue()
        assert process.stderr is not None
        stream = process.stderr

        def read() -> None:
            for line in stream:
                lines.put(line)

        threading.Thread(target=read, daemon=True).start()
        started = cls(process, "", lines)
        if wait:
            try:
                started.url = started.wait_for_line(r"serving (http://127\.0\.0\.1:\d+/)", 120).group(1)
            except BaseException:
                started.stop()
                raise
        return started

    def wait_for_line(self, pattern: str, seconds: float) -> re.Match[str]:
        """The first line (from now on) that matches; every line read is kept in ``seen``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line.rstrip("\n"))
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"serve printed no line like {pattern!r} within {seconds} s")

    def get_bytes(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def get(self, path: str) -> tuple[int, str]:
        code, body = self.get_bytes(path)
        return code, body.decode("utf-8", errors="replace")

    def status(self) -> dict[str, object]:
        return dict(json.loads(self.get("__rekisteri__/status")[1]))

    def builds(self) -> int:
        return int(str(self.status()["builds"]))

    def wait_for_build(self, after: int) -> dict[str, object]:
        """Until a rebuild after number ``after`` has written its pages (or found errors)."""
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            status = self.status()
            if int(status["builds"]) > after:  # type: ignore[call-overload]
                return status
            time.sleep(0.02)
        raise AssertionError(f"no rebuild within {DEADLINE} s")

    def wait_settled(self, after: int) -> dict[str, object]:
        """Until a rebuild after number ``after`` has written everything (pages, then feeds,
        sitemap and data files)."""
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            status = self.status()
            if int(status["builds"]) > after and not status["pending"]:  # type: ignore[call-overload]
                return status
            time.sleep(0.02)
        raise AssertionError(f"no finished rebuild within {DEADLINE} s")

    def interrupt(self) -> None:
        """Ctrl-C as a terminal sends it: to the whole process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def __enter__(self) -> Serve:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()  # also when a test fails half-way: no serve outlives its test

    def stop(self) -> None:
        if self.process.poll() is None:
            self.interrupt()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def rest_of_output(self) -> str:
        text = []
        while not self.lines.empty():
            text.append(self.lines.get())
        return "".join(text)
