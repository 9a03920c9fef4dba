#!/bin/sh
# The first command of the README: load the bundled store into an embedded store file, then sync
# last night's report against it. Statistics go to stdout, warnings to stderr.
# Safe to run again: the import replaces the sample's store each time.
#
# The tool is built once into artifacts/sample-tool and run from there; it is built again only when a
# source file is newer than that build, so a second run takes a second or two, not a rebuild.
set -eu
cd "$(dirname "$0")/../.."
STORE="${TMPDIR:-/tmp}/tapetrack-nightly-sample.db"
TOOL=artifacts/sample-tool
STAMP="$TOOL/.built"

if [ ! -f "$STAMP" ] || [ -n "$(find src Directory.Build.props Directory.Packages.props global.json version.json -newer "$STAMP" \
        \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' -o -name '*.txt' \) -not -path '*/obj/*' -not -path '*/bin/*' -print 2>/dev/null | head -n 1)" ]; then
    echo "building tapetrack-sync into $TOOL (once; again only after a source changes)" >&2
    dotnet build src/TapeTrack.Sync.Cli -c Release -o "$TOOL" -v q -nologo -clp:NoSummary >&2
    touch "$STAMP"
fi

dotnet "$TOOL/tapetrack-sync.dll" store import samples/nightly/store.json --store "$STORE"
dotnet "$TOOL/tapetrack-sync.dll" -S "store:$STORE" -d samples/nightly/nightly.ttidef --no-progress < samples/nightly/report.csv
