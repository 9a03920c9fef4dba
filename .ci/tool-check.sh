#!/usr/bin/env bash
# CI: pack the tapetrack-sync .NET tool, install it from the package as a user would, and run it.
# Usage: .ci/tool-check.sh   (from anywhere; leaves nothing behind)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
tools="$work/tools"

dotnet pack src/TapeTrack.Sync.Cli -c Release -o "$feed"

# Nerdbank.GitVersioning decides the version: read it from the package's file name.
package=$(ls "$feed"/TapeTrack.Sync.Cli.[0-9]*.nupkg | grep -v '\.symbols\.nupkg$' | head -n 1)
[ -n "$package" ] || { echo "tool-check: no TapeTrack.Sync.Cli package in $feed" >&2; exit 1; }
version=$(basename "$package" .nupkg)
version=${version#TapeTrack.Sync.Cli.}
echo "tool-check: package $(basename "$package"), version $version"

listing=$(unzip -l "$package")
grep -q 'DotnetToolSettings.xml' <<<"$listing" || { echo "tool-check: $package is not a .NET tool package" >&2; exit 1; }

dotnet tool install --tool-path "$tools" --add-source "$feed" TapeTrack.Sync.Cli --version "$version"

output=$("$tools/tapetrack-sync" --version)
echo "tool-check: $output"
core=${version%%-*}
case "$output" in
  "tapetrack-sync $core"*) ;;
  *) echo "tool-check: expected 'tapetrack-sync $core...', got '$output'" >&2; exit 1 ;;
esac

"$tools/tapetrack-sync" --help > /dev/null
set +e
"$tools/tapetrack-sync" -M > /dev/null 2>&1
code=$?
set -e
[ "$code" -eq 2 ] || { echo "tool-check: an undocumented option should exit 2, got $code" >&2; exit 1; }
echo "tool-check: ok"
