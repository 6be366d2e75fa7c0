"""Lighthouse scores of generated pages, served gzip-compressed from loopback as a static host would.

Lighthouse is the pinned npm package (package-lock.json) and drives Debian's Chromium; the mobile
preset (its default: a mid-range phone on a slow 4G link) is the one the goals are stated for.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from geo.assets import node_modules
from tests import chromium


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves files from a folder, gzip-compressed when the client accepts it."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet: the audit prints its own figures."""


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder on a loopback port for the duration; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def audit(url: str) -> dict[str, int]:
    """Lighthouse's performance and accessibility scores (0–100) for one page, mobile preset."""
    flags = " ".join(["--headless=new", *chromium.ARGS])
    completed = subprocess.run(
        [str(node_modules() / ".bin" / "lighthouse"), url, "--quiet", "--output=json", "--output-path=stdout",
         "--only-categories=performance,accessibility", f"--chrome-flags={flags}"],
        capture_output=True, text=True, check=True, env={"CHROME_PATH": chromium.EXECUTABLE, "PATH": "/usr/bin:/bin"},
    )
    report = json.loads(completed.stdout)
    return {name: round(category["score"] * 100) for name, category in report["categories"].items()}
