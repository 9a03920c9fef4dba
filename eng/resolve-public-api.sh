#!/usr/bin/env bash
# After a merge: take the union of both sides of every PublicAPI.Unshipped.txt (conflict markers
# dropped, duplicates removed, sorted); eng/update-public-api.sh then drops what no longer exists.
set -euo pipefail
for f in $(git ls-files -u | awk '{print $4}' | sort -u | grep 'PublicAPI.Unshipped.txt$' || true) $(git ls-files '*PublicAPI.Unshipped.txt'); do
  [ -f "$f" ] || continue
  body=$(grep -vE '^(<<<<<<<|=======|>>>>>>>)' "$f" | grep -v '^#nullable' | grep -v '^$' | LC_ALL=C sort -u)
  { echo '#nullable enable'; printf '%s\n' "$body"; } > "$f"
  git add "$f"
done
