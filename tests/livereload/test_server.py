"""The live-reload server on its own: a folder, a status and events, no register."""

from __future__ import annotations

import errno
import http.client
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.livereload import server as live_server
from generator.livereload.server import NO_SITE_YET, SCRIPT_TAG, LiveReloadServer, ServeError, inject

PAGE = b"<!DOCTYPE html><html><head><title>t</title></head><body><h1>Hei</h1></body></html>"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveReloadServer]:
    (tmp_path / "fi").mkdir()
    (tmp_path / "fi/index.html").write_bytes(PAGE)
    (tmp_path / "data.json").write_bytes(b'{"a": 1}')
    logged: list[str] = []
    server = LiveReloadServer(tmp_path, 0, lambda: {"builds": 3, "ok": True}, logged.append)
    server.start()
    yield server
    server.stop()
    assert logged == []


def get(server: LiveReloadServer, path: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(server.url + path, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Events:
    """One browser tab's event stream, read event by event."""

    def __init__(self, server: LiveReloadServer) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        self.connection.request("GET", "/__rekisteri__/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next(self) -> tuple[str, object]:
        lines = []
        while (line := self.response.readline().decode()) != "\n":
            lines.append(line.rstrip("\n"))
        fields = dict(line.split(": ", 1) for line in lines)
        return fields["event"], json.loads(fields["data"])

    def close(self) -> None:
        self.connection.close()


def test_html_gets_the_script_and_other_files_are_served_as_they_are(live: LiveReloadServer) -> None:
    code, headers, body = get(live, "fi/")
    assert code == 200 and headers["Cache-Control"] == "no-store"
    assert body == PAGE.replace(b"</body>", SCRIPT_TAG + b"</body>")
    code, _, script = get(live, "__rekisteri__/live.js")
    assert code == 200 and b"EventSource" in script
    code, headers, body = get(live, "data.json?v=1")
    assert code == 200 and body == b'{"a": 1}' and headers["Cache-Control"] == "no-store"


def test_status_is_the_callers(live: LiveReloadServer) -> None:
    code, headers, body = get(live, "__rekisteri__/status")
    assert code == 200 and headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"builds": 3, "ok": True}


def test_missing_pages_get_the_sites_404_page_once_there_is_one(live: LiveReloadServer) -> None:
    code, _, body = get(live, "sv/")
    assert code == 404 and body == inject(NO_SITE_YET)
    (live.folder / "404.html").write_bytes(PAGE)
    code, _, body = get(live, "sv/")
    assert code == 404 and SCRIPT_TAG in body


def test_tabs_hear_reloads_and_errors(live: LiveReloadServer) -> None:
    tab = Events(live)
    try:
        live.clear_errors()  # nothing was broken: no event
        live.reload()
        assert tab.next() == ("reload", [])  # no pages named: every tab reloads
        live.reload(["fi/henkilot/index.html"])
        assert tab.next() == ("reload", ["fi/henkilot/index.html"])  # only a tab on that page
        live.show_errors(["a.md:1: title: puuttuu"])
        assert tab.next() == ("errors", ["a.md:1: title: puuttuu"])
        late = Events(live)  # a tab opened while the errors stand sees them at once
        try:
            assert late.next() == ("errors", ["a.md:1: title: puuttuu"])
            live.clear_errors()
            assert late.next() == ("ok", "")
        finally:
            late.close()
        assert tab.next() == ("ok", "")
    finally:
        tab.close()


def test_stop_ends_the_event_streams(tmp_path: Path) -> None:
    server = LiveReloadServer(tmp_path, 0, dict, print)
    server.start()
    tab = Events(server)
    server.stop()
    assert tab.response.read() == b""
    tab.close()


def test_a_taken_port_falls_back_to_a_free_one(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        logged: list[str] = []
        server = LiveReloadServer(tmp_path, port, dict, logged.append)
        server.stop()
    assert server.port != port
    assert logged == [f"port {port} is taken; using a free one"]


def test_a_port_that_cannot_be_had_is_a_plain_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(live_server, "ThreadingHTTPServer", refused)
    with pytest.raises(ServeError, match="cannot serve on port 80: Permission denied; try --port 8000"):
        LiveReloadServer(tmp_path, 80, dict, print)
