#!/usr/bin/env bash
# Rebuilds TapeTrack.Sync.sln from every project under src/, tests/ and benchmarks/ (merges of
# branches that each added projects conflict in the .sln; the project files are the truth).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f TapeTrack.Sync.sln
dotnet new sln -n TapeTrack.Sync --format sln >/dev/null
dotnet sln TapeTrack.Sync.sln add $(git ls-files 'src/*.csproj' 'tests/*.csproj' 'benchmarks/*.csproj' | sort) >/dev/null
