#!/bin/sh
# The first command of the README: load the bundled store into an embedded store file, then sync
# last night's report against it. Statistics go to stdout, warnings to stderr.
# Safe to run again: the import replaces the sample's store each time.
set -eu
cd "$(dirname "$0")/../.."
STORE="${TMPDIR:-/tmp}/tapetrack-nightly-sample.db"

dotnet run --project src/TapeTrack.Sync.Cli -- store import samples/nightly/store.json --store "$STORE"
dotnet run --no-build --project src/TapeTrack.Sync.Cli -- \
    -S "store:$STORE" -d samples/nightly/nightly.ttidef --no-progress < samples/nightly/report.csv
