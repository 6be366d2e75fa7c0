#!/usr/bin/env bash
# Install what the browser tests and the Thai pictures need from Debian: Chromium (Playwright
# drives it; Playwright's own browser download is not used) and a Thai font for the screenshots.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "tlwg" || need+=(fonts-thai-tlwg)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
