@echo off
rem The first command of the README, for Windows: load the bundled store into an embedded store
rem file, then sync last night's report against it. Safe to run again: the import replaces the store.
rem The tool is built once into artifacts\sample-tool and again only when a source file is newer.
setlocal
cd /d "%~dp0..\.."
set "STORE=%TEMP%\tapetrack-nightly-sample.db"
set "TOOL=artifacts\sample-tool"
set "STALE=1"
if exist "%TOOL%\.built" (
  powershell -NoProfile -Command "$s=(Get-Item '%TOOL%\.built').LastWriteTime; if (Get-ChildItem src,Directory.Build.props,Directory.Packages.props,global.json,version.json -Recurse -File | Where-Object { $_.FullName -notmatch '\\(bin|obj)\\' -and $_.LastWriteTime -gt $s } | Select-Object -First 1) { exit 1 } else { exit 0 }"
  if not errorlevel 1 set "STALE=0"
)
if "%STALE%"=="1" (
  echo building tapetrack-sync into %TOOL% ^(once; again only after a source changes^) 1>&2
  dotnet build src\TapeTrack.Sync.Cli -c Release -o "%TOOL%" -v q -nologo -clp:NoSummary 1>&2
  if errorlevel 1 exit /b %errorlevel%
  type nul > "%TOOL%\.built"
)
dotnet "%TOOL%\tapetrack-sync.dll" store import samples\nightly\store.json --store "%STORE%"
if errorlevel 1 exit /b %errorlevel%
dotnet "%TOOL%\tapetrack-sync.dll" -S "store:%STORE%" -d samples\nightly\nightly.ttidef --no-progress < samples\nightly\report.csv
exit /b %errorlevel%
