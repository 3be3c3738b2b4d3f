@echo off
rem ==========================================================================
rem collect-logs.cmd - starts collect-logs.ps1 (same folder) as administrator
rem
rem   collect-logs.cmd                                   (or double-click it)
rem   collect-logs.cmd -UploadUrl "<link from the bot>"
rem   collect-logs.cmd -NoUpload -OutputFolder "D:\logs" -Days 60
rem
rem All arguments are passed to collect-logs.ps1 unchanged. The execution
rem policy is bypassed for this one PowerShell process only; nothing on the
rem machine is changed. Keep this file ASCII with CRLF line endings.
rem ==========================================================================
setlocal EnableExtensions DisableDelayedExpansion

rem 64-bit PowerShell even when started from a 32-bit program (Sysnative)
set "CL_PS=%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe"
if exist "%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe" set "CL_PS=%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe"
set "CL_SCRIPT=%~dp0collect-logs.ps1"
set CL_ARGS=%*
set "CL_DOUBLE="
if "%~1"=="" call :detect_double_click

if not exist "%CL_SCRIPT%" (
  echo collect-logs.ps1 was not found next to collect-logs.cmd:
  echo   "%CL_SCRIPT%"
  echo Unzip all files into one folder and start collect-logs.cmd again.
  goto :failed
)

rem Administrator? "net session" needs the Server service; fltmc works without it.
net session >nul 2>&1
if not errorlevel 1 goto :elevated
fltmc >nul 2>&1
if not errorlevel 1 goto :elevated

echo Asking for administrator rights; the collection runs in a new window ...
rem The PowerShell code below contains no double quotes ([char]34 instead), so cmd
rem passes it unchanged; it reads the paths and arguments from environment variables.
rem A mapped network drive is not visible to the elevated process: use its UNC path.
set "CL_E=$q=[char]34; $s=$env:CL_SCRIPT;"
set "CL_E=%CL_E% $d=Get-PSDrive -Name $s.Substring(0,1) -PSProvider FileSystem -ErrorAction SilentlyContinue;"
set "CL_E=%CL_E% if ($d -and $d.DisplayRoot) { $s=$d.DisplayRoot.TrimEnd([char]92)+$s.Substring(2) };"
set "CL_E=%CL_E% $a='-NoProfile -ExecutionPolicy Bypass -File '+$q+$s+$q+' -Pause';"
set "CL_E=%CL_E% if ($env:CL_ARGS) { $a=$a+' '+$env:CL_ARGS };"
set "CL_E=%CL_E% if ($env:CL_ARGS -notmatch '-OutputFolder') { $a=$a+' -OutputFolder '+$q+[Environment]::GetFolderPath('Desktop')+$q };"
set "CL_E=%CL_E% try { Start-Process -FilePath (Join-Path $PSHOME 'powershell.exe') -ArgumentList $a -Verb RunAs -ErrorAction Stop }"
set "CL_E=%CL_E% catch { Write-Host ('Could not start as administrator: '+$_.Exception.Message); exit 1 }"
"%CL_PS%" -NoProfile -ExecutionPolicy Bypass -Command "%CL_E%"
if errorlevel 1 goto :failed
exit /b 0

:elevated
"%CL_PS%" -NoProfile -ExecutionPolicy Bypass -File "%CL_SCRIPT%" %*
set "CL_RC=%ERRORLEVEL%"
if defined CL_DOUBLE pause
exit /b %CL_RC%

:failed
echo.
echo collect-logs.cmd: the collection did not start (see the message above).
if defined CL_DOUBLE pause
exit /b 1

rem Started by a double-click? Explorer runs "cmd.exe /c ""<this file>" "".
:detect_double_click
setlocal EnableDelayedExpansion
set "CL_CCL=!cmdcmdline!"
set "CL_NOC=!CL_CCL:/c =!"
if /i not "!CL_NOC!"=="!CL_CCL!" (
  endlocal
  set "CL_DOUBLE=1"
  goto :eof
)
endlocal
goto :eof
