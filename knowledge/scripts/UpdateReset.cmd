@echo off
rem ==========================================================================
rem UpdateReset.cmd - reset the Windows Update components (remediation stage S3)
rem
rem What it does, in order:
rem   1. checks that it runs as administrator (stops otherwise)
rem   2. stops BITS, Windows Update, Cryptographic Services, Application
rem      Identity and Windows Installer (up to 3 tries each)
rem   3. deletes the BITS job queue (qmgr*.dat)
rem   4. renames %SystemRoot%\SoftwareDistribution and System32\catroot2 to
rem      *.bak-<timestamp> (kept as backups; delete them later to free space)
rem   5. re-registers the BITS / Windows Update / crypto DLLs that exist
rem   6. resets the Winsock catalog and starts the services again
rem
rem What it does NOT do: it does not touch the component store
rem (C:\Windows\WinSxS). Errors such as 0x80073712 or 0x800f081f need
rem DISM /Online /Cleanup-Image /RestoreHealth instead.
rem It does not change group policy, WSUS settings or proxy settings.
rem
rem Side effects: the update history list and cached downloads are cleared,
rem so the next scan downloads everything again. A restart is required.
rem Based on Microsoft's manual procedure "Reset Windows Update components".
rem ==========================================================================
setlocal EnableExtensions

rem --- 1. administrator check ------------------------------------------------
net session >nul 2>&1
if errorlevel 1 (
  echo.
  echo This script must be run as administrator.
  echo Right-click UpdateReset.cmd and choose "Run as administrator".
  echo.
  pause
  exit /b 1
)

set "FAILED=0"
set "TS="
for /f "usebackq delims=" %%i in (`powershell -NoProfile -NonInteractive -Command "Get-Date -Format yyyyMMddHHmmss" 2^>nul`) do set "TS=%%i"
if not defined TS set "TS=%RANDOM%%RANDOM%"

echo.
echo Resetting Windows Update components. This takes a few minutes.
echo Backup suffix: .bak-%TS%
echo.

rem --- 2. stop services --------------------------------------------------------
taskkill /im wuauclt.exe /f >nul 2>&1
for %%s in (bits wuauserv cryptsvc appidsvc msiserver) do call :stopsvc %%s

if "%FAILED%"=="1" (
  echo.
  echo One or more services did not stop. Restart the computer and run
  echo this script again before anything else.
  echo.
  pause
  exit /b 2
)

rem --- 3. BITS job queue -------------------------------------------------------
echo Deleting the BITS job queue...
if exist "%ALLUSERSPROFILE%\Microsoft\Network\Downloader\" del /f /q "%ALLUSERSPROFILE%\Microsoft\Network\Downloader\qmgr*.dat" >nul 2>&1
if exist "%ALLUSERSPROFILE%\Application Data\Microsoft\Network\Downloader\" del /f /q "%ALLUSERSPROFILE%\Application Data\Microsoft\Network\Downloader\qmgr*.dat" >nul 2>&1

rem --- 4. rename the update cache and the catalog database ---------------------
echo Renaming SoftwareDistribution and catroot2...
if exist "%SystemRoot%\SoftwareDistribution\" (
  ren "%SystemRoot%\SoftwareDistribution" "SoftwareDistribution.bak-%TS%"
  if errorlevel 1 (
    echo WARNING: could not rename %SystemRoot%\SoftwareDistribution - a file is in use.
    set "FAILED=1"
  )
)
if exist "%SystemRoot%\System32\catroot2\" (
  ren "%SystemRoot%\System32\catroot2" "catroot2.bak-%TS%"
  if errorlevel 1 (
    echo WARNING: could not rename %SystemRoot%\System32\catroot2 - a file is in use.
    set "FAILED=1"
  )
)

rem --- 5. re-register DLLs (several no longer exist on Windows 10/11) ------------
echo Re-registering Windows Update DLLs...
pushd "%SystemRoot%\System32"
for %%d in (atl urlmon mshtml shdocvw browseui jscript vbscript scrrun msxml msxml3 msxml6 actxprxy softpub wintrust dssenh rsaenh gpkcsp sccbase slbcsp cryptdlg oleaut32 ole32 shell32 initpki wuapi wuaueng wuaueng1 wucltui wups wups2 wuweb qmgr qmgrprxy wucltux muweb wuwebv) do (
  if exist "%%d.dll" regsvr32.exe /s "%%d.dll"
)
popd

rem --- 6. Winsock and services -------------------------------------------------
echo Resetting Winsock...
netsh winsock reset >nul

echo Starting services...
for %%s in (bits wuauserv cryptsvc) do net start %%s >nul 2>&1

echo.
if "%FAILED%"=="1" (
  echo Finished with warnings - see the messages above.
) else (
  echo Finished.
)
echo The old folders were kept as:
echo   %SystemRoot%\SoftwareDistribution.bak-%TS%
echo   %SystemRoot%\System32\catroot2.bak-%TS%
echo.
echo Please RESTART the computer now, then run Windows Update again.
echo.
pause
endlocal
exit /b 0

rem --- subroutine: stop one service, up to 3 tries -------------------------------
:stopsvc
sc query "%~1" >nul 2>&1
if errorlevel 1 goto :eof
for /l %%n in (1,1,3) do (
  sc query "%~1" | findstr /i "STOPPED" >nul && goto :eof
  echo Stopping %~1 ^(try %%n of 3^)...
  net stop "%~1" /y >nul 2>&1
  timeout /t 3 /nobreak >nul
)
sc query "%~1" | findstr /i "STOPPED" >nul && goto :eof
echo WARNING: the service %~1 could not be stopped.
set "FAILED=1"
goto :eof
