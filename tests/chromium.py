"""How the project starts Debian's Chromium for its browser tests and benchmark.

Playwright's own browser download is not used; the background-networking flags keep Chromium
from reaching for the network at start, which a closed machine refuses.
"""

from __future__ import annotations

import shutil

EXECUTABLE = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
