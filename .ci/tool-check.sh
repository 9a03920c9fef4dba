#!/usr/bin/env bash
# CI: install the tapetrack-sync .NET tool from a clone with the commands docs/command-line.md gives
# ("Installing the tool"), run exactly as written there, and run the installed tool.
# The global tool goes to a throw-away HOME, so nothing is left behind.
# Usage: .ci/tool-check.sh   (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work=$(mktemp -d)
trap 'rm -rf "$work" ./feed' EXIT
[ ! -e ./feed ] || { echo "tool-check: ./feed exists already; remove it first" >&2; exit 1; }

# the first sh block after the heading, line by line, as a user would paste it
commands=$(awk '/^## Installing the tool/ {section=1} section && /^```sh$/ {block=1; next} block && /^```$/ {exit} block {print}' docs/command-line.md)
[ -n "$commands" ] || { echo "tool-check: docs/command-line.md has no sh block under 'Installing the tool'" >&2; exit 1; }
grep -q -- '--prerelease' <<<"$commands" || { echo "tool-check: the documented install lacks --prerelease (the package is a pre-release)" >&2; exit 1; }

export NUGET_PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
export HOME="$work" DOTNET_CLI_HOME="$work"
export PATH="$work/.dotnet/tools:$PATH"
output=""
while IFS= read -r line; do
  [ -n "$line" ] || continue
  echo "tool-check: \$ $line"
  output=$(bash -c "$line")
  printf '%s\n' "$output"
done <<<"$commands"

package=$(ls ./feed/TapeTrack.Sync.Cli.[0-9]*.nupkg | grep -v '\.symbols\.nupkg$' | head -n 1)
version=$(basename "$package" .nupkg)
version=${version#TapeTrack.Sync.Cli.}
case "$version" in
  *-*) ;;
  *) echo "tool-check: $version is not a pre-release; the documented --prerelease is then not needed: update the docs" >&2 ;;
esac
listing=$(unzip -l "$package")
grep -q 'DotnetToolSettings.xml' <<<"$listing" || { echo "tool-check: $package is not a .NET tool package" >&2; exit 1; }

# the last documented command is tapetrack-sync --version
core=${version%%-*}
case "$output" in
  "tapetrack-sync $core"*) ;;
  *) echo "tool-check: expected 'tapetrack-sync $core...', got '$output'" >&2; exit 1 ;;
esac

tapetrack-sync --help > /dev/null
set +e
tapetrack-sync -M > /dev/null 2>&1
code=$?
set -e
[ "$code" -eq 2 ] || { echo "tool-check: an undocumented option should exit 2, got $code" >&2; exit 1; }
echo "tool-check: ok (the documented install works, version $version)"
