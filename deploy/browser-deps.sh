#!/usr/bin/env bash
# browser-deps.sh installs what the Neo4j Browser test (queries/browsertest)
# needs on a Debian machine: Debian's chromium, driven headless by chromedp.
# It is idempotent: nothing is installed when a chromium is already on PATH.
#
#   deploy/browser-deps.sh          # install if missing, print the binary
#
# DOSSIER_CHROMIUM may name another Chromium/Chrome binary; then nothing is
# installed.
set -euo pipefail

find_chromium() {
	if [[ -n "${DOSSIER_CHROMIUM:-}" ]]; then
		command -v "$DOSSIER_CHROMIUM" && return 0
		echo "browser-deps: DOSSIER_CHROMIUM=$DOSSIER_CHROMIUM is not executable" >&2
		return 1
	fi
	command -v chromium || command -v chromium-browser || command -v google-chrome
}

if bin=$(find_chromium 2>/dev/null); then
	echo "$bin"
	exit 0
fi

if ! command -v apt-get >/dev/null; then
	echo "browser-deps: no chromium on PATH and no apt-get; install Chromium and set DOSSIER_CHROMIUM" >&2
	exit 1
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
	sudo="sudo"
fi
echo "browser-deps: installing Debian chromium (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2
find_chromium
