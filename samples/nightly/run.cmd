@echo off
rem The first command of the README, for Windows: load the bundled store into an embedded store
rem file, then sync last night's report against it. Safe to run again: the import replaces the store.
setlocal
cd /d "%~dp0..\.."
set "STORE=%TEMP%\tapetrack-nightly-sample.db"
dotnet run --project src\TapeTrack.Sync.Cli -- store import samples\nightly\store.json --store "%STORE%"
if errorlevel 1 exit /b %errorlevel%
dotnet run --no-build --project src\TapeTrack.Sync.Cli -- -S "store:%STORE%" -d samples\nightly\nightly.ttidef --no-progress < samples\nightly\report.csv
exit /b %errorlevel%
