"""Small fixture corpora with registry records of their own, and a loopback file server.

The server listens on 127.0.0.1 only, answers a bounded number of requests,
and stops by itself after a short while even if a test forgets it.
"""

from __future__ import annotations

import hashlib
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from evalkit.datasets import DataFile, Dataset, Registry

CANONICAL = "https://data.example.invalid"
COMMIT = "0123456789abcdef0123456789abcdef01234567"

FILES = {
    "gold": ("gold/tiny_gold.utf8", "中国  人民\r\n北京  大学  生活\r\n".encode()),
    "raw": ("testing/tiny_test.utf8", "中国人民\r\n北京大学生活\r\n".encode()),
    "lexicon": ("gold/tiny_words.utf8", "中国\n人民\n北京\n".encode()),
}
"""The fixture corpus: role -> (path under owner/repo/commit, bytes)."""

FORMATS = {"gold": "whitespace", "raw": "raw", "lexicon": "words"}


def url_path(role: str) -> str:
    return f"/owner/repo/{COMMIT}/{FILES[role][0]}"


def data_file(role: str, base: str = CANONICAL) -> DataFile:
    content = FILES[role][1]
    return DataFile(role, base + url_path(role), len(content),
                    hashlib.sha256(content).hexdigest(), FORMATS[role])


def tiny(name: str = "fixture/tiny", base: str = CANONICAL) -> Dataset:
    return Dataset(name=name, description="a tiny fixture corpus", homepage=CANONICAL,
                   licence="fixture licence", terms="FIXTURE TERMS: tests only",
                   citation="@misc{tiny, title = {Tiny}}", script="simplified",
                   domain="tests", sentences=2, words=5,
                   files=tuple(data_file(role, base) for role in FILES))


def registry(base: str = CANONICAL) -> Registry:
    return Registry({"fixture/tiny": tiny(base=base),
                     "fixture/other": tiny("fixture/other", base)},
                    {"fixture": ("fixture/tiny", "fixture/other")})


def write_mirror(root: Path) -> Path:
    """A file:// mirror of the fixture corpus under ``root``; returns root."""
    for role in FILES:
        path = root / url_path(role).lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(FILES[role][1])
    return root


@dataclass
class Behaviour:
    """What the server does for one path: serve, 404, corrupt, truncate or hang up."""

    kind: str = "serve"
    delay: float = 0.0
    """Seconds to wait between the two halves of the body (to make downloads overlap)."""


@dataclass
class Server:
    base: str
    requests: list[str] = field(default_factory=list)
    behaviours: dict[str, Behaviour] = field(default_factory=dict)


def _handler(server: Server) -> type[http.server.BaseHTTPRequestHandler]:
    by_path = {url_path(role): content for role, (_, content) in FILES.items()}

    class Handler(http.server.BaseHTTPRequestHandler):
        timeout = 10

        def do_GET(self) -> None:
            server.requests.append(self.path)
            behaviour = server.behaviours.get(self.path, Behaviour())
            body = by_path.get(self.path)
            if body is None or behaviour.kind == "404":
                self.send_error(404, "Not Found")
                return
            if behaviour.kind == "corrupt":
                body = bytes(reversed(body))
            if behaviour.kind == "truncate":
                body = body[: len(body) // 2]
            self.send_response(200)
            self.send_header("Content-Length", str(len(by_path[self.path])
                                                   if behaviour.kind == "hangup"
                                                   else len(body)))
            self.end_headers()
            half = len(body) // 2
            self.wfile.write(body[:half])
            self.wfile.flush()
            if behaviour.kind == "hangup":
                self.close_connection = True
                return
            time.sleep(behaviour.delay)
            self.wfile.write(body[half:])

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output clean."""

    return Handler


@contextmanager
def loopback_server(lifetime: float = 60.0) -> Iterator[Server]:
    """A file server on 127.0.0.1 (a free port), stopped on exit or after ``lifetime``."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    server = Server(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = _handler(server)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    deadline = threading.Timer(lifetime, httpd.shutdown)
    deadline.daemon = True
    deadline.start()
    try:
        yield server
    finally:
        deadline.cancel()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
