<#
.SYNOPSIS
    Collects the logs and settings needed to diagnose a failed Windows update into one zip file,
    <host>-<yyyyMMdd-HHmmss>.zip, and uploads it when given the case's upload link.

.DESCRIPTION
    Read-only: stops no service, renames and deletes nothing outside its own temporary folder
    (%TEMP%\update-case-collect-*), changes no setting. Runs the commands a support engineer would
    run by hand (systeminfo, gpresult, ipconfig, netsh winhttp show proxy, dism /get-packages,
    wevtutil epl, reg query) and copies logs with a shared-read open, so files held open by
    TrustedInstaller can be read. Every step is guarded: one failing step never stops the others;
    each step's outcome (ok / skipped / failed + message) goes into manifest.json in the zip.

    Encodings (decided once, the same for every file of a kind):
      - native command output (Kind 'native'): the bytes the console produced, written by cmd.exe
        redirection, i.e. the console code page recorded in manifest.json facts.console.chcp
        (936 = GBK on zh-CN; 437 on en-US);
      - files written by this script: UTF-8 (manifest.json without BOM, CSV files with BOM,
        pending-reboot.txt ASCII); copied logs and tool-written files (.evtx, gpresult.xml) as-is.

    Windows PowerShell 5.1 (and 2.0/3.0/4.0): no PowerShell 7 syntax. This file is ASCII-only;
    Chinese console messages are written as \uXXXX escapes and decoded at run time.
    The zip needs .NET 4.5 (WMF 5.1 on Windows 7); without it the collected folder is left on the
    Desktop for the user to zip.

.PARAMETER UploadUrl
    The case's upload link from the bot (https://<bot>/upload/<token> or .../api/uploads/<token>).
.PARAMETER OutputFolder
    Where the zip is written (default: the Desktop).
.PARAMETER CaseNumber
    Recorded in manifest.json.
.PARAMETER Days
    How many days of update-related events go into EventLogs/update-events.csv (default 30).
.PARAMETER NoUpload
    Never upload, even when -UploadUrl is given.
.PARAMETER Pause
    Wait for Enter before exiting (the launcher uses it when it opens a new window).
#>
[CmdletBinding()]
param(
    [string]$UploadUrl = '',
    [string]$OutputFolder = '',
    [string]$CaseNumber = '',
    [int]$Days = 30,
    [switch]$NoUpload,
    [switch]$Pause
)

$ErrorActionPreference = 'Stop'
$CollectorVersion = '1.0.0'
$Invariant = [Globalization.CultureInfo]::InvariantCulture
$StartTime = Get-Date
$HostName = ($env:COMPUTERNAME -replace '[\\/:*?"<>|\s]', '_')
if (-not $HostName) { $HostName = 'UNKNOWN' }
$Stamp = $StartTime.ToString('yyyyMMdd-HHmmss', $Invariant)
$ZipName = $HostName + '-' + $Stamp + '.zip'

# A 32-bit PowerShell on 64-bit Windows would see SysWOW64 and the 32-bit registry view: run the
# native tools through the 64-bit cmd.exe (Sysnative) in that case.
$CmdExe = Join-Path $env:SystemRoot 'System32\cmd.exe'
if ($env:PROCESSOR_ARCHITEW6432 -and (Test-Path -LiteralPath (Join-Path $env:SystemRoot 'Sysnative\cmd.exe'))) {
    $CmdExe = Join-Path $env:SystemRoot 'Sysnative\cmd.exe'
}

# ---------------------------------------------------------------------------------------------------------
# What is collected. Every entry is run by Invoke-PlanItem and recorded in manifest.json (steps[] and the
# files it produced); Output is the path inside the zip ('folder/' = files keep their own names).
# Order matters: facts first, logs copied before dism (which appends to CBS.log and dism.log) runs.
# Kind: fact | pending | copy | wulog | native | events | hotfix | services.
# native: Command runs through cmd.exe; its console output is redirected into Output, or, when the
# command contains {out}, the tool writes Output itself. AbsentExit = exit code meaning "not present".
# ---------------------------------------------------------------------------------------------------------
$Plan = @(
    @{ Id = 'os-version'; Kind = 'fact'; Key = 'os' }
    @{ Id = 'console'; Kind = 'fact'; Key = 'console' }
    @{ Id = 'time-zone'; Kind = 'fact'; Key = 'timeZone' }
    @{ Id = 'system-drive'; Kind = 'fact'; Key = 'systemDrive' }
    @{ Id = 'wsus-policy'; Kind = 'fact'; Key = 'wsusPolicy' }
    @{ Id = 'pending-reboot'; Kind = 'pending'; Key = 'pendingReboot'; Output = 'System/pending-reboot.txt' }
    @{ Id = 'cbs'; Kind = 'copy'; Source = '%SystemRoot%\Logs\CBS'; Include = @('CBS.log'); Output = 'Logs/CBS/' }
    @{ Id = 'cbs-persist'; Kind = 'copy'; Source = '%SystemRoot%\Logs\CBS'; Include = @('CbsPersist_*.log', 'CbsPersist_*.cab', 'CBS.persist.log'); Newest = 30; Output = 'Logs/CBS/' }
    @{ Id = 'dism'; Kind = 'copy'; Source = '%SystemRoot%\Logs\DISM'; Include = @('dism.log'); Output = 'Logs/DISM/' }
    @{ Id = 'windowsupdate'; Kind = 'wulog'; Output = 'Logs/WindowsUpdate/WindowsUpdate.log' }
    @{ Id = 'windowsupdate-etl'; Kind = 'copy'; Source = '%SystemRoot%\Logs\WindowsUpdate'; Include = @('*.etl'); Newest = 40; Output = 'Logs/WindowsUpdate/etl/' }
    @{ Id = 'reportingevents'; Kind = 'copy'; Source = '%SystemRoot%\SoftwareDistribution'; Include = @('ReportingEvents.log'); Output = 'Logs/SoftwareDistribution/' }
    @{ Id = 'panther'; Kind = 'copy'; Source = '%SystemRoot%\Panther'; Include = @('setupact.log', 'setuperr.log', 'miglog.xml', 'diagerr.xml', 'diagwrn.xml'); Output = 'Logs/Panther/' }
    @{ Id = 'panther-newos'; Kind = 'copy'; Source = '%SystemRoot%\Panther\NewOS'; Include = @('setupact.log', 'setuperr.log', 'diagerr.xml', 'diagwrn.xml'); Output = 'Logs/Panther/NewOS/' }
    @{ Id = 'panther-unattendgc'; Kind = 'copy'; Source = '%SystemRoot%\Panther\UnattendGC'; Include = @('setupact.log', 'setuperr.log'); Output = 'Logs/Panther/UnattendGC/' }
    @{ Id = 'bt-panther'; Kind = 'copy'; Source = '%SystemDrive%\$Windows.~BT\Sources\Panther'; Include = @('setupact.log', 'setuperr.log', 'miglog.xml', 'diagerr.xml', 'diagwrn.xml', 'CompatData_*.xml'); Output = 'Logs/WindowsBT/Panther/' }
    @{ Id = 'bt-rollback'; Kind = 'copy'; Source = '%SystemDrive%\$Windows.~BT\Sources\Rollback'; Include = @('setupact.log', 'setuperr.log', 'diagerr.xml', 'diagwrn.xml'); Output = 'Logs/WindowsBT/Rollback/' }
    @{ Id = 'setup-windir'; Kind = 'copy'; Source = '%SystemRoot%'; Include = @('setupact.log', 'setuperr.log'); Output = 'Logs/Windows/' }
    @{ Id = 'mosetup'; Kind = 'copy'; Source = '%SystemRoot%\Logs\MoSetup'; Include = @('BlueBox.log'); Output = 'Logs/MoSetup/' }
    @{ Id = 'setupdiag'; Kind = 'copy'; Source = '%SystemRoot%\Logs\SetupDiag'; Include = @('SetupDiagResults.xml', 'SetupDiagResults.log'); Output = 'Logs/SetupDiag/' }
    @{ Id = 'evt-system'; Kind = 'native'; Command = 'wevtutil epl System {out}'; Encoding = 'binary'; Output = 'EventLogs/System.evtx' }
    @{ Id = 'evt-setup'; Kind = 'native'; Command = 'wevtutil epl Setup {out}'; Encoding = 'binary'; Output = 'EventLogs/Setup.evtx' }
    @{ Id = 'evt-wu-operational'; Kind = 'native'; Command = 'wevtutil epl "Microsoft-Windows-WindowsUpdateClient/Operational" {out}'; AbsentExit = 15007; Encoding = 'binary'; Output = 'EventLogs/WindowsUpdateClient-Operational.evtx' }
    @{ Id = 'update-events'; Kind = 'events'; Output = 'EventLogs/update-events.csv' }
    @{ Id = 'systeminfo'; Kind = 'native'; Command = 'systeminfo'; Output = 'System/systeminfo.txt' }
    @{ Id = 'gpresult-r'; Kind = 'native'; Command = 'gpresult /r'; Fallback = 'gpresult /scope computer /r'; Output = 'System/gpresult-r.txt' }
    @{ Id = 'gpresult-x'; Kind = 'native'; Command = 'gpresult /scope computer /x {out} /f'; Encoding = 'as-is'; Output = 'System/gpresult.xml' }
    @{ Id = 'wu-policy'; Kind = 'native'; Command = 'reg query "HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate" /s'; AbsentExit = 1; Output = 'Registry/windowsupdate-policy.txt' }
    @{ Id = 'services'; Kind = 'services'; Output = 'System/services.csv' }
    @{ Id = 'ipconfig'; Kind = 'native'; Command = 'ipconfig /all'; Output = 'Network/ipconfig.txt' }
    @{ Id = 'winhttp-proxy'; Kind = 'native'; Command = 'netsh winhttp show proxy'; Output = 'Network/winhttp-proxy.txt' }
    @{ Id = 'hotfixes'; Kind = 'hotfix'; Output = 'Updates/hotfixes.csv' }
    @{ Id = 'dism-packages'; Kind = 'native'; Command = 'dism /english /online /get-packages /format:table'; Timeout = 900; Output = 'Updates/dism-packages.txt' }
)

# ---------------------------------------------------------------------------------------------------------
# Console messages (English or Chinese by the UI language) and the run log (English, collector.log)
# ---------------------------------------------------------------------------------------------------------
$UseChinese = $false
$LogLines = New-Object System.Collections.ArrayList
$Facts = New-Object System.Collections.Specialized.OrderedDictionary
$Steps = New-Object System.Collections.ArrayList
$FileStep = @{}
$FileEncoding = @{}
$ConsoleCodePage = $null
$IsAdmin = $false
$TempRoot = $null
$Stage = $null
$OutDir = $null
$ExitCode = 0

function Expand-Escapes {
    param([string]$Text)
    $result = ''
    $pos = 0
    foreach ($m in [regex]::Matches($Text, '\\u([0-9a-fA-F]{4})')) {
        $result += $Text.Substring($pos, $m.Index - $pos) + [string][char][Convert]::ToInt32($m.Groups[1].Value, 16)
        $pos = $m.Index + $m.Length
    }
    return $result + $Text.Substring($pos)
}

function Write-Log {
    param([string]$Text)
    [void]$script:LogLines.Add((Get-Date).ToString('HH:mm:ss', $Invariant) + ' ' + $Text)
}

function Say {
    param([string]$En, [string]$Zh, [object[]]$Values = @(), [string]$Color = '')
    $english = $En -f $Values
    Write-Log $english
    $text = $english
    if ($script:UseChinese -and $Zh) { $text = (Expand-Escapes $Zh) -f $Values }
    if ($Color) { Write-Host $text -ForegroundColor $Color } else { Write-Host $text }
}

function Get-ErrorText {
    param($ErrorRecord)
    $ex = $ErrorRecord
    if ($ErrorRecord -is [Management.Automation.ErrorRecord]) { $ex = $ErrorRecord.Exception }
    while ($ex -and $ex.InnerException) { $ex = $ex.InnerException }
    if ($ex) { return ([string]$ex.Message).Trim() }
    return [string]$ErrorRecord
}

function Format-Time {
    param([DateTime]$Time, [string]$Format)
    return $Time.ToString($Format, $Invariant)
}

# ---------------------------------------------------------------------------------------------------------
# Files: shared-read copies, the staging folder, CSV and JSON writers
# ---------------------------------------------------------------------------------------------------------
function Open-Shared {
    param([string]$Path)
    # ReadWrite + Delete sharing: CBS.log and the ETL traces stay open in their writers.
    return [IO.File]::Open($Path, [IO.FileMode]::Open, [IO.FileAccess]::Read, [IO.FileShare]'ReadWrite, Delete')
}

function Copy-Stream {
    param($From, $To)
    $buffer = New-Object byte[] 1048576
    while (($n = $From.Read($buffer, 0, $buffer.Length)) -gt 0) { $To.Write($buffer, 0, $n) }
}

function Copy-Shared {
    param([string]$Source, [string]$Destination)
    $in = Open-Shared $Source
    try {
        $out = [IO.File]::Open($Destination, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
        try { Copy-Stream $in $out } finally { $out.Dispose() }
    } finally { $in.Dispose() }
    try { [IO.File]::SetLastWriteTimeUtc($Destination, [IO.File]::GetLastWriteTimeUtc($Source)) } catch { }
}

function Get-StagePath {
    param([string]$Relative)
    return (Join-Path $script:Stage ($Relative.TrimEnd('/').Replace('/', '\')))
}

function New-ParentFolder {
    param([string]$Path)
    [void][IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($Path))
}

function Get-StageFiles {
    $root = $script:Stage.TrimEnd('\') + '\'
    $list = New-Object System.Collections.ArrayList
    foreach ($f in [IO.Directory]::GetFiles($script:Stage, '*', [IO.SearchOption]::AllDirectories)) {
        [void]$list.Add($f.Substring($root.Length).Replace('\', '/'))
    }
    $names = [string[]]$list.ToArray([string])
    [Array]::Sort($names, [StringComparer]::Ordinal)
    return $names
}

function Write-TextFile {
    param([string]$Path, [string]$Text, [bool]$Bom)
    New-ParentFolder $Path
    [IO.File]::WriteAllText($Path, $Text, (New-Object Text.UTF8Encoding($Bom)))
}

function ConvertTo-CsvField {
    param($Value)
    $s = [string]$Value
    if ($s -match '[",\r\n]' -or $s -ne $s.Trim()) { return '"' + $s.Replace('"', '""') + '"' }
    return $s
}

function Write-CsvFile {
    param([string]$Path, [string[]]$Header, $Rows)
    $sb = New-Object System.Text.StringBuilder
    [void]$sb.Append((@($Header | ForEach-Object { ConvertTo-CsvField $_ }) -join ',') + "`r`n")
    foreach ($row in $Rows) {
        [void]$sb.Append((@($row | ForEach-Object { ConvertTo-CsvField $_ }) -join ',') + "`r`n")
    }
    Write-TextFile $Path $sb.ToString() $true
}

function ConvertTo-JsonString {
    param([string]$Text)
    $sb = New-Object System.Text.StringBuilder
    [void]$sb.Append('"')
    foreach ($ch in $Text.ToCharArray()) {
        $code = [int]$ch
        if ($code -eq 34) { [void]$sb.Append('\"') }
        elseif ($code -eq 92) { [void]$sb.Append('\\') }
        elseif ($code -lt 32) { [void]$sb.Append('\u' + $code.ToString('x4')) }
        else { [void]$sb.Append($ch) }
    }
    [void]$sb.Append('"')
    return $sb.ToString()
}

function ConvertTo-JsonText {
    param($Value, [int]$Depth = 0)
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [string] -or $Value -is [char]) { return (ConvertTo-JsonString ([string]$Value)) }
    if ($Value -is [bool]) { if ($Value) { return 'true' } else { return 'false' } }
    if ($Value -is [DateTime]) { return (ConvertTo-JsonString (Format-Time $Value "yyyy-MM-dd'T'HH:mm:ss.fffzzz")) }
    if ($Value -is [int] -or $Value -is [long] -or $Value -is [int16] -or $Value -is [byte] -or $Value -is [uint16] -or $Value -is [uint32] -or $Value -is [uint64] -or $Value -is [sbyte]) {
        return $Value.ToString($Invariant)
    }
    if ($Value -is [double] -or $Value -is [single] -or $Value -is [decimal]) {
        $d = [double]$Value
        if ([double]::IsNaN($d) -or [double]::IsInfinity($d)) { return 'null' }
        return $d.ToString('R', $Invariant)
    }
    $pad = '  ' * ($Depth + 1)
    $end = '  ' * $Depth
    $parts = New-Object System.Collections.ArrayList
    if ($Value -is [Collections.IDictionary]) {
        $keys = @($Value.Keys)
        if ($Value -is [hashtable]) { $keys = @($keys | Sort-Object) }
        foreach ($k in $keys) {
            [void]$parts.Add($pad + (ConvertTo-JsonString ([string]$k)) + ': ' + (ConvertTo-JsonText $Value[$k] ($Depth + 1)))
        }
        if ($parts.Count -eq 0) { return '{}' }
        return "{`n" + ($parts -join ",`n") + "`n" + $end + '}'
    }
    if ($Value -is [Collections.IEnumerable]) {
        foreach ($v in $Value) { [void]$parts.Add($pad + (ConvertTo-JsonText $v ($Depth + 1))) }
        if ($parts.Count -eq 0) { return '[]' }
        return "[`n" + ($parts -join ",`n") + "`n" + $end + ']'
    }
    return (ConvertTo-JsonString ([string]$Value))
}

function New-Map {
    return (New-Object System.Collections.Specialized.OrderedDictionary)
}

# ---------------------------------------------------------------------------------------------------------
# Native commands: cmd.exe redirection keeps the console's bytes (see the encoding note at the top)
# ---------------------------------------------------------------------------------------------------------
function Stop-Tree {
    param([int]$ProcessId)
    try {
        $psi = New-Object System.Diagnostics.ProcessStartInfo
        $psi.FileName = Join-Path $env:SystemRoot 'System32\taskkill.exe'
        $psi.Arguments = '/PID ' + $ProcessId + ' /T /F'
        $psi.UseShellExecute = $false
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $p = [Diagnostics.Process]::Start($psi)
        [void]$p.StandardOutput.ReadToEnd()
        [void]$p.WaitForExit(30000)
    } catch { }
}

function Read-Head {
    param([string]$Path, [int]$Chars)
    if (-not [IO.File]::Exists($Path)) { return '' }
    $in = Open-Shared $Path
    try {
        $reader = New-Object IO.StreamReader($in, [Text.Encoding]::Default, $true)
        $buffer = New-Object char[] $Chars
        $n = $reader.Read($buffer, 0, $Chars)
        $sb = New-Object System.Text.StringBuilder
        [void]$sb.Append($buffer, 0, $n)
        return $sb.ToString()
    } finally { $in.Dispose() }
}

function Invoke-Native {
    param([string]$Command, [string]$WorkDir, [string]$Leaf, [int]$TimeoutSec)
    if ($Command.Contains('{out}')) {
        # the tool writes the file itself: give it the full path (wevtutil hands it to the Event Log service)
        $cmdLine = $Command.Replace('{out}', '"' + (Join-Path $WorkDir $Leaf) + '"')
        $console = Join-Path $script:TempRoot ('console-' + [Guid]::NewGuid().ToString('N') + '.txt')
    } else {
        $cmdLine = $Command
        $console = Join-Path $WorkDir $Leaf
    }
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $CmdExe
    # /d: no AutoRun; /s: cmd strips only the outer quotes, the inner ones stay as written
    $psi.Arguments = '/d /s /c "' + $cmdLine + ' >"' + $console + '" 2>&1"'
    $psi.WorkingDirectory = $WorkDir
    $psi.UseShellExecute = $false
    $p = [Diagnostics.Process]::Start($psi)
    try {
        if (-not $p.WaitForExit($TimeoutSec * 1000)) {
            Stop-Tree $p.Id
            throw ('timed out after ' + $TimeoutSec + ' s: ' + $cmdLine)
        }
        $exit = $p.ExitCode
    } finally { $p.Dispose() }
    $head = (Read-Head $console 2000).Trim()
    $first = ''
    foreach ($line in ($head -split "`r?`n")) { if ($line.Trim()) { $first = $line.Trim(); break } }
    return @{ ExitCode = $exit; FirstLine = $first }
}

function Get-ChcpCodePage {
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $CmdExe
    $psi.Arguments = '/d /c chcp'
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $p = [Diagnostics.Process]::Start($psi)
    $text = $p.StandardOutput.ReadToEnd()
    [void]$p.WaitForExit(10000)
    $m = [regex]::Match($text, '(\d{3,5})')
    if ($m.Success) { return [int]$m.Groups[1].Value }
    return $null
}

# ---------------------------------------------------------------------------------------------------------
# Facts (registry and .NET reads only)
# ---------------------------------------------------------------------------------------------------------
function Get-RegistryValues {
    param([string]$Path)
    if (-not (Test-Path -LiteralPath $Path)) { return $null }
    $key = Get-Item -LiteralPath $Path
    $values = New-Map
    foreach ($name in @($key.GetValueNames() | Sort-Object)) {
        $v = $key.GetValue($name)
        if ($v -is [byte[]]) { $v = [BitConverter]::ToString($v).Replace('-', '') }
        if ($name -eq '') { $name = '(default)' }
        $values[$name] = $v
    }
    return $values
}

function Get-OsFacts {
    $cv = Get-RegistryValues 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    $os = New-Map
    if ($null -eq $cv) { throw 'CurrentVersion key not readable' }
    foreach ($name in @('ProductName', 'EditionID', 'DisplayVersion', 'ReleaseId', 'CurrentBuild', 'CurrentBuildNumber', 'UBR', 'CurrentVersion', 'CurrentMajorVersionNumber', 'CurrentMinorVersionNumber', 'InstallationType', 'BuildLabEx', 'CSDVersion')) {
        if ($cv.Contains($name)) { $os[$name] = $cv[$name] }
    }
    $build = [string]$cv['CurrentBuild']
    if (-not $build) { $build = [string]$cv['CurrentBuildNumber'] }
    if ($cv.Contains('UBR')) { $build = $build + '.' + $cv['UBR'] }
    $os['build'] = $build
    $os['architecture'] = [string]$env:PROCESSOR_ARCHITECTURE
    if ($env:PROCESSOR_ARCHITEW6432) { $os['architecture'] = [string]$env:PROCESSOR_ARCHITEW6432 }
    return $os
}

function Get-ConsoleFacts {
    $c = New-Map
    $c['chcp'] = Get-ChcpCodePage
    try {
        $c['outputEncoding'] = [Console]::OutputEncoding.WebName
        $c['outputCodePage'] = [Console]::OutputEncoding.CodePage
        $c['inputCodePage'] = [Console]::InputEncoding.CodePage
    } catch { $c['outputEncoding'] = 'unavailable: ' + (Get-ErrorText $_) }
    $nls = Get-RegistryValues 'HKLM:\SYSTEM\CurrentControlSet\Control\Nls\CodePage'
    if ($null -ne $nls) { $c['ansiCodePage'] = $nls['ACP']; $c['oemCodePage'] = $nls['OEMCP'] }
    $c['uiCulture'] = (Get-UICulture).Name
    $c['culture'] = (Get-Culture).Name
    $script:ConsoleCodePage = $c['chcp']
    if (-not $script:ConsoleCodePage) { $script:ConsoleCodePage = $c['outputCodePage'] }
    return $c
}

function Get-TimeZoneFacts {
    $tz = [TimeZoneInfo]::Local
    $now = Get-Date
    $t = New-Map
    $t['id'] = $tz.Id
    $t['displayName'] = $tz.DisplayName
    $t['standardName'] = $tz.StandardName
    $t['baseUtcOffsetMinutes'] = [int]$tz.BaseUtcOffset.TotalMinutes
    $t['utcOffsetMinutes'] = [int]$tz.GetUtcOffset($now).TotalMinutes
    $t['isDaylightSavingTime'] = $tz.IsDaylightSavingTime($now)
    $t['localTime'] = Format-Time $now 'yyyy-MM-dd HH:mm:ss'
    $t['utcTime'] = Format-Time $now.ToUniversalTime() "yyyy-MM-dd'T'HH:mm:ss'Z'"
    return $t
}

function Get-DriveFacts {
    $d = New-Object IO.DriveInfo -ArgumentList $env:SystemDrive
    $f = New-Map
    $f['drive'] = $env:SystemDrive
    $f['freeBytes'] = $d.AvailableFreeSpace
    $f['totalFreeBytes'] = $d.TotalFreeSpace
    $f['sizeBytes'] = $d.TotalSize
    $f['format'] = $d.DriveFormat
    return $f
}

function Get-WsusFacts {
    $wu = Get-RegistryValues 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate'
    $au = Get-RegistryValues 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU'
    $w = New-Map
    $w['policyKeyPresent'] = ($null -ne $wu)
    foreach ($name in @('WUServer', 'WUStatusServer', 'UpdateServiceUrlAlternate', 'DoNotConnectToWindowsUpdateInternetLocations', 'DisableWindowsUpdateAccess', 'SetDisableUXWUAccess', 'TargetGroup')) {
        if ($null -ne $wu -and $wu.Contains($name)) { $w[$name] = $wu[$name] }
    }
    foreach ($name in @('UseWUServer', 'NoAutoUpdate', 'AUOptions')) {
        if ($null -ne $au -and $au.Contains($name)) { $w[$name] = $au[$name] }
    }
    $w['windowsUpdateKey'] = $wu
    $w['auKey'] = $au
    return $w
}

# ---------------------------------------------------------------------------------------------------------
# Step handlers: each returns @{ Status; Message; ExitCode; Encoding } (all optional) or throws
# ---------------------------------------------------------------------------------------------------------
function Invoke-FactItem {
    param($item)
    switch ($item.Id) {
        'os-version' { $value = Get-OsFacts }
        'console' { $value = Get-ConsoleFacts }
        'time-zone' { $value = Get-TimeZoneFacts }
        'system-drive' { $value = Get-DriveFacts }
        'wsus-policy' { $value = Get-WsusFacts }
        default { throw ('no reader for fact ' + $item.Id) }
    }
    $script:Facts[$item.Key] = $value
    return @{ Status = 'ok' }
}

function Invoke-PendingItem {
    param($item)
    $cbs = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing'
    $session = Get-Item -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager'
    $renames = @($session.GetValue('PendingFileRenameOperations', $null) | Where-Object { $_ })
    $volatile = 0
    $updates = Get-RegistryValues 'HKLM:\SOFTWARE\Microsoft\Updates'
    if ($null -ne $updates -and $updates.Contains('UpdateExeVolatile')) { $volatile = [int]$updates['UpdateExeVolatile'] }
    # Format v1, read by src/diagnosis/facts/pendingReboot.ts: Name=True|False, '#' comments.
    # The first four decide the verdict there; the others are extra evidence for an engineer.
    $markers = New-Map
    $markers['RebootPending'] = (Test-Path -LiteralPath ($cbs + '\RebootPending'))
    $markers['RebootRequired'] = (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired')
    $markers['PendingFileRenameOperations'] = ($renames.Count -gt 0)
    $markers['UpdateExeVolatile'] = ($volatile -ne 0)
    $markers['PackagesPending'] = (Test-Path -LiteralPath ($cbs + '\PackagesPending'))
    $markers['PendingXml'] = (Test-Path -LiteralPath (Join-Path $env:SystemRoot 'WinSxS\pending.xml'))
    $notes = @{
        'RebootPending' = 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending exists'
        'RebootRequired' = 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired exists'
        'PendingFileRenameOperations' = 'HKLM\SYSTEM\CurrentControlSet\Control\Session Manager value present (' + $renames.Count + ' strings)'
        'UpdateExeVolatile' = 'HKLM\SOFTWARE\Microsoft\Updates\UpdateExeVolatile exists and is not 0 (' + $volatile + ')'
        'PackagesPending' = 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\PackagesPending exists'
        'PendingXml' = '%SystemRoot%\WinSxS\pending.xml exists'
    }
    $lines = New-Object System.Collections.ArrayList
    [void]$lines.Add('# update-case-bot pending-reboot v1')
    $any = $false
    foreach ($name in @($markers.Keys)) {
        if ($markers[$name]) { $any = $true }
        [void]$lines.Add(($name + '=' + $markers[$name]).PadRight(36) + ' # ' + $notes[$name])
    }
    Write-TextFile (Get-StagePath $item.Output) (($lines -join "`r`n") + "`r`n") $false
    $fact = New-Map
    $fact['pending'] = $any
    $fact['markers'] = $markers
    $fact['pendingFileRenameOperations'] = @($renames | Select-Object -First 40)
    $script:Facts[$item.Key] = $fact
    if ($any) { return @{ Status = 'ok'; Message = 'a reboot is pending' } }
    return @{ Status = 'ok' }
}

function Invoke-CopyItem {
    param($item)
    $src = [Environment]::ExpandEnvironmentVariables($item.Source)
    if (-not [IO.Directory]::Exists($src)) { return @{ Status = 'skipped'; Message = 'folder not found: ' + $src } }
    $found = New-Object System.Collections.ArrayList
    foreach ($f in [IO.Directory]::GetFiles($src)) {
        $name = [IO.Path]::GetFileName($f)
        foreach ($pattern in $item.Include) {
            if ($name -like $pattern) { [void]$found.Add((New-Object IO.FileInfo -ArgumentList $f)); break }
        }
    }
    if ($found.Count -eq 0) { return @{ Status = 'skipped'; Message = 'no ' + ($item.Include -join ', ') + ' in ' + $src } }
    $files = @($found | Sort-Object LastWriteTimeUtc -Descending)
    $older = 0
    if ($item.Newest -and $files.Count -gt [int]$item.Newest) {
        $older = $files.Count - [int]$item.Newest
        $files = @($files[0..([int]$item.Newest - 1)])
    }
    $dir = Get-StagePath $item.Output
    [void][IO.Directory]::CreateDirectory($dir)
    $errors = New-Object System.Collections.ArrayList
    $copied = 0
    foreach ($f in $files) {
        try { Copy-Shared $f.FullName (Join-Path $dir $f.Name); $copied++ }
        catch { [void]$errors.Add($f.Name + ': ' + (Get-ErrorText $_)) }
    }
    $message = '' + $copied + ' file(s) from ' + $src
    if ($older -gt 0) { $message += '; ' + $older + ' older file(s) left out' }
    if ($errors.Count -gt 0) { $message += '; not readable: ' + ($errors -join '; ') }
    if ($copied -eq 0) { return @{ Status = 'failed'; Message = $message } }
    return @{ Status = 'ok'; Message = $message }
}

function Invoke-WuLogItem {
    param($item)
    $dst = Get-StagePath $item.Output
    New-ParentFolder $dst
    $cmdlet = Get-Command Get-WindowsUpdateLog -ErrorAction SilentlyContinue
    if ($cmdlet) {
        # Windows 10 / Server 2016 and later: decode the ETL traces. No -ForceFlush: it stops services.
        $said = Get-WindowsUpdateLog -LogPath $dst 2>&1 | Out-String
        Write-Log ('Get-WindowsUpdateLog: ' + $said.Trim())
        if (-not [IO.File]::Exists($dst)) { throw 'Get-WindowsUpdateLog wrote no file' }
        $build = 0
        if ($script:Facts.Contains('os')) { [void][int]::TryParse([string]$script:Facts['os']['CurrentBuild'], [ref]$build) }
        if ($build -gt 0 -and $build -lt 16299) {
            return @{ Status = 'ok'; Encoding = 'utf-8'; Message = 'Get-WindowsUpdateLog (builds before 1709 decode with public symbols only; without internet the text may be unreadable, the ETL files are included)' }
        }
        return @{ Status = 'ok'; Encoding = 'utf-8'; Message = 'Get-WindowsUpdateLog' }
    }
    # Windows 7 / 8.1 / Server 2008 R2-2012 R2: the agent still writes a text log.
    $legacy = Join-Path $env:SystemRoot 'WindowsUpdate.log'
    if (-not [IO.File]::Exists($legacy)) { return @{ Status = 'skipped'; Message = 'no Get-WindowsUpdateLog and no ' + $legacy } }
    Copy-Shared $legacy $dst
    return @{ Status = 'ok'; Encoding = 'as-is'; Message = 'copied ' + $legacy }
}

function Invoke-NativeItem {
    param($item)
    $dst = Get-StagePath $item.Output
    New-ParentFolder $dst
    $dir = [IO.Path]::GetDirectoryName($dst)
    $leaf = [IO.Path]::GetFileName($dst)
    $timeout = 300
    if ($item.Timeout) { $timeout = [int]$item.Timeout }
    $r = Invoke-Native $item.Command $dir $leaf $timeout
    $message = ''
    if ($r.ExitCode -ne 0 -and $item.Fallback) {
        $message = '"' + $item.Command + '" exit code ' + $r.ExitCode + ' (' + $r.FirstLine + '); ran "' + $item.Fallback + '"'
        $r = Invoke-Native $item.Fallback $dir $leaf $timeout
    }
    if ($item.AbsentExit -and $r.ExitCode -eq [int]$item.AbsentExit) {
        return @{ Status = 'skipped'; ExitCode = $r.ExitCode; Message = 'not present on this machine: ' + $r.FirstLine }
    }
    if ($r.ExitCode -ne 0) {
        return @{ Status = 'failed'; ExitCode = $r.ExitCode; Message = ($message + ' exit code ' + $r.ExitCode + ': ' + $r.FirstLine).Trim() }
    }
    if (-not [IO.File]::Exists($dst)) { return @{ Status = 'failed'; ExitCode = $r.ExitCode; Message = 'no output file: ' + $r.FirstLine } }
    return @{ Status = 'ok'; ExitCode = $r.ExitCode; Message = $message }
}

function Get-EventText {
    param($Record)
    $text = $null
    try { $text = $Record.Message } catch { $text = $null }
    if (-not $text) { $text = (@($Record.Properties | ForEach-Object { [string]$_.Value }) -join '; ') }
    return (($text -replace '\s*[\r\n]+\s*', ' ').Trim())
}

function Invoke-EventsItem {
    param($item)
    # Event Viewer's "Save as CSV" layout (Level,Date and Time,Source,Event ID,Task Category,Description),
    # which the eventlog parser reads; local time; one event per line; UTF-8 with BOM.
    $since = (Get-Date).AddDays(-$Days)
    $queries = @(
        @{ LogName = 'System'; ProviderName = 'Microsoft-Windows-WindowsUpdateClient'; StartTime = $since },
        @{ LogName = 'Setup'; ProviderName = 'Microsoft-Windows-Servicing'; StartTime = $since },
        @{ LogName = 'Microsoft-Windows-WindowsUpdateClient/Operational'; StartTime = $since }
    )
    $levels = @{ 0 = 'Information'; 1 = 'Critical'; 2 = 'Error'; 3 = 'Warning'; 4 = 'Information'; 5 = 'Verbose' }
    $events = New-Object System.Collections.ArrayList
    $notes = New-Object System.Collections.ArrayList
    $failedQueries = 0
    foreach ($q in $queries) {
        try {
            foreach ($e in @(Get-WinEvent -FilterHashtable $q -ErrorAction Stop)) { [void]$events.Add($e) }
        } catch {
            if ($_.FullyQualifiedErrorId -notlike 'NoMatchingEventsFound*') {
                $failedQueries++
                [void]$notes.Add($q.LogName + ': ' + (Get-ErrorText $_))
            }
        }
    }
    $rows = New-Object System.Collections.ArrayList
    foreach ($e in @($events | Sort-Object TimeCreated)) {
        $level = $levels[[int]$e.Level]
        if (-not $level) { $level = 'Information' }
        $task = ''
        try { $task = [string]$e.TaskDisplayName } catch { $task = '' }
        [void]$rows.Add(@($level, (Format-Time $e.TimeCreated 'yyyy-MM-dd HH:mm:ss'), $e.ProviderName, $e.Id, $task, (Get-EventText $e)))
    }
    Write-CsvFile (Get-StagePath $item.Output) @('Level', 'Date and Time', 'Source', 'Event ID', 'Task Category', 'Description') $rows
    $message = '' + $rows.Count + ' event(s) since ' + (Format-Time $since 'yyyy-MM-dd')
    if ($notes.Count -gt 0) { $message += '; ' + ($notes -join '; ') }
    if ($failedQueries -eq $queries.Count) { return @{ Status = 'failed'; Message = $message } }
    return @{ Status = 'ok'; Message = $message }
}

function Invoke-HotfixItem {
    param($item)
    $rows = New-Object System.Collections.ArrayList
    foreach ($h in @(Get-HotFix -ErrorAction Stop)) {
        $on = ''
        try { if ($h.InstalledOn) { $on = Format-Time $h.InstalledOn 'yyyy-MM-dd' } } catch { $on = '' }
        [void]$rows.Add(@($h.HotFixID, $h.Description, $on, $h.InstalledBy))
    }
    Write-CsvFile (Get-StagePath $item.Output) @('HotFixID', 'Description', 'InstalledOn', 'InstalledBy') $rows
    return @{ Status = 'ok'; Message = '' + $rows.Count + ' update(s)' }
}

function Invoke-ServicesItem {
    param($item)
    $names = @('wuauserv', 'BITS', 'CryptSvc', 'TrustedInstaller', 'UsoSvc', 'DoSvc', 'WaaSMedicSvc', 'msiserver', 'AppIDSvc')
    $found = @{}
    foreach ($s in @(Get-WmiObject -Class Win32_Service -ErrorAction Stop)) {
        if ($names -contains $s.Name) { $found[$s.Name.ToLowerInvariant()] = $s }
    }
    $rows = New-Object System.Collections.ArrayList
    foreach ($n in $names) {
        $s = $found[$n.ToLowerInvariant()]
        if ($s) { [void]$rows.Add(@($s.Name, $s.DisplayName, $s.State, $s.StartMode, $s.StartName, $s.ExitCode)) }
        else { [void]$rows.Add(@($n, '', 'NotInstalled', '', '', '')) }
    }
    Write-CsvFile (Get-StagePath $item.Output) @('Name', 'DisplayName', 'State', 'StartMode', 'StartName', 'ExitCode') $rows
    return @{ Status = 'ok' }
}

function Get-EncodingLabel {
    param($item, $Result)
    if ($Result -and $Result['Encoding']) { return [string]$Result['Encoding'] }
    if ($item.Encoding) { return [string]$item.Encoding }
    switch ($item.Kind) {
        'native' { if ($script:ConsoleCodePage) { return 'cp' + $script:ConsoleCodePage } else { return 'console' } }
        'copy' { return 'as-is' }
        'pending' { return 'ascii' }
        default { return 'utf-8-bom' }
    }
}

# Runs one plan entry, whatever happens, and records its outcome and the files it produced.
function Invoke-PlanItem {
    param($item, [int]$Index, [int]$Total)
    $step = New-Map
    $step['id'] = $item.Id
    $step['kind'] = $item.Kind
    $step['status'] = 'ok'
    $step['message'] = ''
    $step['exitCode'] = $null
    $step['seconds'] = 0
    $step['files'] = @()
    Say '[{0}/{1}] {2}' '' @($Index, $Total, $item.Id)
    $before = @{}
    foreach ($rel in @(Get-StageFiles)) { $before[$rel] = $true }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $result = $null
    try {
        switch ($item.Kind) {
            'fact' { $out = Invoke-FactItem $item }
            'pending' { $out = Invoke-PendingItem $item }
            'copy' { $out = Invoke-CopyItem $item }
            'wulog' { $out = Invoke-WuLogItem $item }
            'native' { $out = Invoke-NativeItem $item }
            'events' { $out = Invoke-EventsItem $item }
            'hotfix' { $out = Invoke-HotfixItem $item }
            'services' { $out = Invoke-ServicesItem $item }
            default { throw ('unknown step kind: ' + $item.Kind) }
        }
        foreach ($o in @($out)) { if ($o -is [hashtable]) { $result = $o } }
        if ($result -and $result['Status']) { $step['status'] = [string]$result['Status'] }
        if ($result -and $result['Message']) { $step['message'] = [string]$result['Message'] }
        if ($result -and $result.ContainsKey('ExitCode')) { $step['exitCode'] = $result['ExitCode'] }
    } catch {
        $step['status'] = 'failed'
        $step['message'] = Get-ErrorText $_
    }
    $watch.Stop()
    $step['seconds'] = [Math]::Round($watch.Elapsed.TotalSeconds, 1)
    $new = New-Object System.Collections.ArrayList
    foreach ($rel in @(Get-StageFiles)) {
        if (-not $before.ContainsKey($rel)) {
            [void]$new.Add($rel)
            $script:FileStep[$rel] = $item.Id
            $script:FileEncoding[$rel] = Get-EncodingLabel $item $result
        }
    }
    $step['files'] = $new.ToArray()
    [void]$script:Steps.Add($step)
    switch ($step['status']) {
        'ok' { Say '    ok ({0} s) {1}' '    \u5b8c\u6210\uff08{0} \u79d2\uff09{1}' @($step['seconds'], $step['message']) 'Green' }
        'skipped' { Say '    skipped: {0}' '    \u8df3\u8fc7\uff1a{0}' @($step['message']) 'DarkYellow' }
        default { Say '    failed: {0}' '    \u5931\u8d25\uff1a{0}' @($step['message']) 'Red' }
    }
}

# ---------------------------------------------------------------------------------------------------------
# manifest.json, the zip, the upload
# ---------------------------------------------------------------------------------------------------------
function Write-Manifest {
    Write-TextFile (Join-Path $script:Stage 'collector.log') (($script:LogLines -join "`r`n") + "`r`n") $true
    $m = New-Map
    $m['schema'] = 'update-case-bot/collector-manifest/1'
    $m['collectorVersion'] = $CollectorVersion
    $m['machineName'] = $HostName
    $m['caseNumber'] = $CaseNumber
    $m['zipName'] = $ZipName
    $m['startedAt'] = Format-Time $StartTime "yyyy-MM-dd'T'HH:mm:ss.fffzzz"
    $m['finishedAt'] = Format-Time (Get-Date) "yyyy-MM-dd'T'HH:mm:ss.fffzzz"
    $m['elevated'] = $script:IsAdmin
    $m['powershellVersion'] = [string]$PSVersionTable.PSVersion
    $m['clrVersion'] = [string]$PSVersionTable.CLRVersion
    $m['process64Bit'] = ([IntPtr]::Size -eq 8)
    $m['eventDays'] = $Days
    $m['uploadRequested'] = [bool]($UploadUrl -and -not $NoUpload)
    $m['encodings'] = 'native command output: bytes as the console wrote them, code page facts.console.chcp (files[].encoding cpNNN); files written by the collector: UTF-8; copied logs: as-is'
    $m['facts'] = $script:Facts
    $m['steps'] = $script:Steps
    $files = New-Object System.Collections.ArrayList
    foreach ($rel in @(Get-StageFiles)) {
        $info = New-Object IO.FileInfo -ArgumentList (Get-StagePath $rel)
        $f = New-Map
        $f['path'] = $rel
        $f['size'] = $info.Length
        $f['step'] = 'collector'
        if ($script:FileStep.ContainsKey($rel)) { $f['step'] = $script:FileStep[$rel] }
        $f['encoding'] = 'utf-8-bom'
        if ($script:FileEncoding.ContainsKey($rel)) { $f['encoding'] = $script:FileEncoding[$rel] }
        $f['lastWriteTimeUtc'] = Format-Time $info.LastWriteTimeUtc "yyyy-MM-dd'T'HH:mm:ss'Z'"
        [void]$files.Add($f)
    }
    $m['files'] = $files
    Write-TextFile (Join-Path $script:Stage 'manifest.json') (ConvertTo-JsonText $m) $false
}

function Write-ZipArchive {
    param([string]$ZipPath)
    Add-Type -AssemblyName System.IO.Compression
    $fs = [IO.File]::Open($ZipPath, [IO.FileMode]::CreateNew, [IO.FileAccess]::ReadWrite, [IO.FileShare]::None)
    try {
        $zip = New-Object System.IO.Compression.ZipArchive -ArgumentList $fs, ([System.IO.Compression.ZipArchiveMode]::Create), $false
        try {
            # Entry names with '/' (Compress-Archive on PS 5.1 writes '\'); all names are ASCII.
            foreach ($rel in @(Get-StageFiles)) {
                $full = Get-StagePath $rel
                $entry = $zip.CreateEntry($rel, [System.IO.Compression.CompressionLevel]::Optimal)
                try { $entry.LastWriteTime = [DateTimeOffset]([IO.File]::GetLastWriteTime($full)) } catch { }
                $out = $entry.Open()
                try {
                    $in = Open-Shared $full
                    try { Copy-Stream $in $out } finally { $in.Dispose() }
                } finally { $out.Dispose() }
            }
        } finally { $zip.Dispose() }
    } finally { $fs.Dispose() }
}

function Copy-StageTo {
    param([string]$Destination)
    foreach ($rel in @(Get-StageFiles)) {
        $to = Join-Path $Destination $rel.Replace('/', '\')
        New-ParentFolder $to
        Copy-Shared (Get-StagePath $rel) $to
    }
}

# The zip is written inside the temp folder and moved out only when complete.
function New-Bundle {
    $tmpZip = Join-Path $script:TempRoot $ZipName
    try {
        Write-ZipArchive $tmpZip
    } catch {
        $why = Get-ErrorText $_
        $folder = Join-Path $script:OutDir ($HostName + '-' + $Stamp)
        try {
            Copy-StageTo $folder
            Say 'Could not create the zip file ({0}). The collected files were copied to {1}. Please zip this folder and send it.' '\u65e0\u6cd5\u751f\u6210\u538b\u7f29\u6587\u4ef6\uff08{0}\uff09\u3002\u6536\u96c6\u5230\u7684\u6587\u4ef6\u5df2\u590d\u5236\u5230 {1}\uff0c\u8bf7\u5c06\u6b64\u6587\u4ef6\u5939\u538b\u7f29\u540e\u53d1\u9001\u3002' @($why, $folder) 'Yellow'
        } catch {
            Say 'Could not create the zip file ({0}) nor copy the files to {1}: {2}' '\u65e0\u6cd5\u751f\u6210\u538b\u7f29\u6587\u4ef6\uff08{0}\uff09\uff0c\u4e5f\u65e0\u6cd5\u5c06\u6587\u4ef6\u590d\u5236\u5230 {1}\uff1a{2}' @($why, $folder, (Get-ErrorText $_)) 'Red'
        }
        return $null
    }
    $final = Join-Path $script:OutDir $ZipName
    try {
        [void][IO.Directory]::CreateDirectory($script:OutDir)
        [IO.File]::Move($tmpZip, $final)
    } catch {
        Say 'Could not write to {0} ({1}); the zip file is saved in the temporary folder instead.' '\u65e0\u6cd5\u5199\u5165 {0}\uff08{1}\uff09\uff0c\u538b\u7f29\u6587\u4ef6\u6539\u4e3a\u4fdd\u5b58\u5728\u4e34\u65f6\u6587\u4ef6\u5939\u4e2d\u3002' @($script:OutDir, (Get-ErrorText $_)) 'Yellow'
        $final = Join-Path ([IO.Path]::GetTempPath()) $ZipName
        [IO.File]::Move($tmpZip, $final)
    }
    return $final
}

function Get-JsonMessage {
    param([string]$Body)
    $m = [regex]::Match($Body, '"message"\s*:\s*"((?:[^"\\]|\\.)*)"')
    if (-not $m.Success) { return $Body }
    $s = $m.Groups[1].Value
    $s = Expand-Escapes $s
    return $s.Replace('\"', '"').Replace('\n', ' ').Replace('\/', '/').Replace('\\', '\')
}

function Send-Zip {
    param([string]$Path, [string]$Url)
    $uri = $null
    if (-not [Uri]::TryCreate($Url, [UriKind]::Absolute, [ref]$uri) -or ($uri.Scheme -ne 'https' -and $uri.Scheme -ne 'http')) {
        Say 'The upload link is not a valid http(s) address; the zip file was not uploaded.' '\u4e0a\u4f20\u94fe\u63a5\u4e0d\u662f\u6709\u6548\u7684 http(s) \u5730\u5740\uff0c\u672a\u4e0a\u4f20\u538b\u7f29\u6587\u4ef6\u3002' @() 'Red'
        return $false
    }
    if ($uri.UserInfo) {
        Say 'The upload link must not contain a user name or password; the zip file was not uploaded.' '\u4e0a\u4f20\u94fe\u63a5\u4e2d\u4e0d\u80fd\u5305\u542b\u7528\u6237\u540d\u6216\u5bc6\u7801\uff0c\u672a\u4e0a\u4f20\u538b\u7f29\u6587\u4ef6\u3002' @() 'Red'
        return $false
    }
    if ($uri.Scheme -eq 'http') { Say 'Warning: the upload link is not encrypted (http).' '\u8b66\u544a\uff1a\u4e0a\u4f20\u94fe\u63a5\u672a\u52a0\u5bc6\uff08http\uff09\u3002' @() 'Yellow' }
    # The link the bot shows opens a page (/upload/<token>); the script sends to its API (/api/uploads/<token>).
    $target = $uri.AbsoluteUri
    if ($uri.AbsolutePath -match '^(.*)/upload/([^/]+)/?$') {
        $target = $uri.GetLeftPart([UriPartial]::Authority) + $Matches[1] + '/api/uploads/' + $Matches[2] + $uri.Query
    }
    try {
        [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
    } catch { Write-Log ('TLS 1.2 could not be enabled: ' + (Get-ErrorText $_)) }
    $file = [IO.File]::Open($Path, [IO.FileMode]::Open, [IO.FileAccess]::Read, [IO.FileShare]::Read)
    try {
        $total = $file.Length
        Say 'Uploading {0} ({1} MB) to {2} ...' '\u6b63\u5728\u4e0a\u4f20 {0}\uff08{1} MB\uff09\u5230 {2}\u2026\u2026' @($ZipName, [Math]::Round($total / 1MB, 1), $uri.Host)
        $req = [Net.WebRequest]::Create($target)
        $req.Method = 'PUT'
        $req.ContentType = 'application/zip'
        $req.ContentLength = $total
        $req.AllowWriteStreamBuffering = $false
        $req.SendChunked = $false
        $req.Timeout = 600000
        $req.ReadWriteTimeout = 600000
        $req.UserAgent = 'update-case-bot-collector/' + $CollectorVersion
        # The system (Internet Options) proxy, authenticated as the signed-in user; no password is asked for.
        $proxy = [Net.WebRequest]::GetSystemWebProxy()
        $proxy.Credentials = [Net.CredentialCache]::DefaultNetworkCredentials
        $req.Proxy = $proxy
        [void]$req.Headers.Add('X-File-Name', [Uri]::EscapeDataString($ZipName))
        [void]$req.Headers.Add('X-Collector-Version', $CollectorVersion)
        try { [void]$req.Headers.Add('Accept-Language', (Get-UICulture).Name) } catch { }
        $body = $req.GetRequestStream()
        try {
            $buffer = New-Object byte[] 1048576
            [long]$sent = 0
            $next = 10
            while (($n = $file.Read($buffer, 0, $buffer.Length)) -gt 0) {
                $body.Write($buffer, 0, $n)
                $sent += $n
                if ($total -gt 0) {
                    $pct = [int][Math]::Floor($sent * 100 / $total)
                    if ($pct -ge $next) { Write-Host ('    ' + $pct + '%'); $next = $pct - ($pct % 10) + 10 }
                }
            }
        } finally { $body.Close() }
        $resp = $req.GetResponse()
        try {
            $reader = New-Object IO.StreamReader($resp.GetResponseStream(), [Text.Encoding]::UTF8)
            $text = $reader.ReadToEnd()
            Say 'Upload finished. The server answered: {0} {1}' '\u4e0a\u4f20\u5b8c\u6210\u3002\u670d\u52a1\u5668\u8fd4\u56de\uff1a{0} {1}' @([int]$resp.StatusCode, (Get-JsonMessage $text)) 'Green'
        } finally { $resp.Close() }
        return $true
    } catch {
        $ex = $_.Exception
        while ($ex -and -not ($ex -is [Net.WebException]) -and $ex.InnerException) { $ex = $ex.InnerException }
        $answer = Get-ErrorText $_
        if ($ex -is [Net.WebException] -and $ex.Response) {
            try {
                $reader = New-Object IO.StreamReader($ex.Response.GetResponseStream(), [Text.Encoding]::UTF8)
                $answer = '' + [int]$ex.Response.StatusCode + ' ' + (Get-JsonMessage $reader.ReadToEnd())
            } catch { }
        }
        Say 'Upload failed: {0}. Please send the zip file in the chat with the bot instead.' '\u4e0a\u4f20\u5931\u8d25\uff1a{0}\u3002\u8bf7\u6539\u4e3a\u5728\u4e0e\u673a\u5668\u4eba\u7684\u804a\u5929\u4e2d\u53d1\u9001\u8be5\u538b\u7f29\u6587\u4ef6\u3002' @($answer) 'Red'
        return $false
    } finally { $file.Dispose() }
}

function Test-Admin {
    try {
        $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
        return $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
    } catch { return $false }
}

# Removes this run's own temporary folder, and nothing else.
function Remove-TempRoot {
    if (-not $script:TempRoot) { return }
    $tmp = [IO.Path]::GetTempPath()
    if (-not $script:TempRoot.StartsWith($tmp, [StringComparison]::OrdinalIgnoreCase)) { return }
    if ([IO.Path]::GetFileName($script:TempRoot) -notlike 'update-case-collect-*') { return }
    try { Remove-Item -LiteralPath $script:TempRoot -Recurse -Force -ErrorAction Stop }
    catch { Say 'Could not remove the temporary folder {0}: {1}' '\u65e0\u6cd5\u5220\u9664\u4e34\u65f6\u6587\u4ef6\u5939 {0}\uff1a{1}' @($script:TempRoot, (Get-ErrorText $_)) 'Yellow' }
}

function Main {
    try { $script:UseChinese = ((Get-UICulture).Name -like 'zh*') } catch { $script:UseChinese = $false }
    Say 'Windows Update log collector {0}' 'Windows \u66f4\u65b0\u65e5\u5fd7\u6536\u96c6\u5de5\u5177 {0}' @($CollectorVersion) 'Cyan'
    Say 'This tool only reads logs and settings; it changes nothing on this computer.' '\u672c\u5de5\u5177\u53ea\u8bfb\u53d6\u65e5\u5fd7\u548c\u8bbe\u7f6e\uff0c\u4e0d\u4f1a\u66f4\u6539\u8fd9\u53f0\u7535\u8111\u4e0a\u7684\u4efb\u4f55\u5185\u5bb9\u3002'
    $script:IsAdmin = Test-Admin
    if (-not $script:IsAdmin) {
        Say 'Not running as administrator: some logs cannot be read. Please start collect-logs.cmd instead.' '\u672a\u4ee5\u7ba1\u7406\u5458\u8eab\u4efd\u8fd0\u884c\uff1a\u90e8\u5206\u65e5\u5fd7\u65e0\u6cd5\u8bfb\u53d6\u3002\u8bf7\u6539\u4e3a\u8fd0\u884c collect-logs.cmd\u3002' @() 'Yellow'
    }
    if ($Days -lt 1) { $script:Days = 30 }
    $script:OutDir = $OutputFolder
    if (-not $script:OutDir) { $script:OutDir = [Environment]::GetFolderPath('Desktop') }
    if (-not $script:OutDir) { $script:OutDir = $env:USERPROFILE }
    try {
        $script:TempRoot = Join-Path ([IO.Path]::GetTempPath()) ('update-case-collect-' + $Stamp + '-' + $PID)
        $script:Stage = Join-Path $script:TempRoot 'bundle'
        [void][IO.Directory]::CreateDirectory($script:Stage)
    } catch {
        Say 'Could not create a temporary folder: {0}' '\u65e0\u6cd5\u521b\u5efa\u4e34\u65f6\u6587\u4ef6\u5939\uff1a{0}' @((Get-ErrorText $_)) 'Red'
        $script:ExitCode = 1
        return
    }
    try {
        Say 'Collecting logs; this can take several minutes ...' '\u6b63\u5728\u6536\u96c6\u65e5\u5fd7\uff0c\u53ef\u80fd\u9700\u8981\u51e0\u5206\u949f\u2026\u2026'
        $i = 0
        foreach ($item in $Plan) {
            $i++
            Invoke-PlanItem $item $i $Plan.Count
        }
        $ok = @($script:Steps | Where-Object { $_['status'] -eq 'ok' }).Count
        $skipped = @($script:Steps | Where-Object { $_['status'] -eq 'skipped' }).Count
        $failed = @($script:Steps | Where-Object { $_['status'] -eq 'failed' }).Count
        Say 'Summary: {0} ok, {1} skipped, {2} failed.' '\u6c47\u603b\uff1a{0} \u9879\u5b8c\u6210\uff0c{1} \u9879\u8df3\u8fc7\uff0c{2} \u9879\u5931\u8d25\u3002' @($ok, $skipped, $failed)
        Say 'Creating the zip file ...' '\u6b63\u5728\u751f\u6210\u538b\u7f29\u6587\u4ef6\u2026\u2026'
        Write-Manifest
        $zip = New-Bundle
        if (-not $zip) { $script:ExitCode = 1; return }
        Say 'Logs saved to: {0}' '\u65e5\u5fd7\u5df2\u4fdd\u5b58\u5230\uff1a{0}' @($zip) 'Green'
        if ($NoUpload) {
            Say 'Upload skipped (-NoUpload). Please attach the zip file in the chat with the bot.' '\u5df2\u8df3\u8fc7\u4e0a\u4f20\uff08-NoUpload\uff09\u3002\u8bf7\u5728\u4e0e\u673a\u5668\u4eba\u7684\u804a\u5929\u4e2d\u9644\u4e0a\u8be5\u538b\u7f29\u6587\u4ef6\u3002'
        } elseif ($UploadUrl) {
            if (-not (Send-Zip $zip $UploadUrl)) { $script:ExitCode = 2 }
        } else {
            Say 'No upload link given: please attach the zip file in the chat with the bot.' '\u672a\u63d0\u4f9b\u4e0a\u4f20\u94fe\u63a5\uff1a\u8bf7\u5728\u4e0e\u673a\u5668\u4eba\u7684\u804a\u5929\u4e2d\u9644\u4e0a\u8be5\u538b\u7f29\u6587\u4ef6\u3002'
        }
    } catch {
        Say 'Unexpected error: {0}' '\u610f\u5916\u9519\u8bef\uff1a{0}' @((Get-ErrorText $_)) 'Red'
        $script:ExitCode = 1
    } finally {
        Remove-TempRoot
    }
}

$null = Main
if ($Pause) {
    Say 'Press Enter to close this window.' '\u6309 Enter \u952e\u5173\u95ed\u6b64\u7a97\u53e3\u3002'
    try { [void](Read-Host) } catch { }
}
exit $ExitCode
