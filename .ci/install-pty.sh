#!/usr/bin/env bash
# util-linux's script (a pseudo-terminal for the tool) and setsid (a session without a terminal), which
# tests/TapeTrack.Sync.Server.Tests PasswordPromptTests use to test the ? password prompt on /dev/tty.
# Both are in Debian's essential packages (bsdutils, util-linux); this only installs them where a slim image lacks them.
set -euo pipefail

if command -v script >/dev/null 2>&1 && command -v setsid >/dev/null 2>&1 && command -v stty >/dev/null 2>&1; then
  echo "install-pty: script, setsid and stty present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends bsdutils util-linux coreutils
