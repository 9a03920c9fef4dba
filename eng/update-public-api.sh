#!/usr/bin/env bash
# Adds every public symbol the PublicAPI analyzer reports as undeclared (RS0016) to the project's
# PublicAPI.Unshipped.txt, and drops the ones it reports as gone (RS0017). Review the diff.
# usage: eng/update-public-api.sh src/TapeTrack.Sync
set -euo pipefail
project=${1:?usage: eng/update-public-api.sh src/PROJECT}
unshipped="$project/PublicAPI.Unshipped.txt"
[ -f "$unshipped" ] || echo '#nullable enable' > "$unshipped"
for round in 1 2 3; do
  log=$(dotnet build "$project" --no-incremental -v q -clp:NoSummary 2>&1 || true)
  added=$(printf '%s\n' "$log" | grep -oP "error RS0016: Symbol '\K.*(?=' is not part of the declared public API)" | sort -u || true)
  removed=$(printf '%s\n' "$log" | grep -oP "error RS0017: Symbol '\K.*(?=' is part of the declared API, but is either not public or could not be found)" | sort -u || true)
  [ -z "$added" ] && [ -z "$removed" ] && break
  { grep -v '^#nullable' "$unshipped" || true; printf '%s\n' "$added"; } | grep -v '^$' | sort -u > "$unshipped.tmp"
  if [ -n "$removed" ]; then grep -vxF -f <(printf '%s\n' "$removed") "$unshipped.tmp" > "$unshipped.tmp2" || true; mv "$unshipped.tmp2" "$unshipped.tmp"; fi
  { echo '#nullable enable'; cat "$unshipped.tmp"; } > "$unshipped"; rm -f "$unshipped.tmp"
done
dotnet build "$project" -v q -clp:NoSummary 2>&1 | grep -E " error | warning " | sort -u | head -40 || true
