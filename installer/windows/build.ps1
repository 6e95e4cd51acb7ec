# Builds the Windows bundle dist\netbar\ (netbar.exe for the console, netbarw.exe for the windows) and the installer
# dist\netbar-VERSION-setup.exe. Needs Python 3.11 (x64), NSIS (makensis on PATH) and WinSW's x64 executable
# (-WinSW path). PyInstaller cannot build a Windows bundle on Linux: run this on Windows 10/11 or a Windows runner.
param([Parameter(Mandatory = $true)][string]$WinSW)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

$work = "build\installer"
if (Test-Path "$work\venv") { Remove-Item -Recurse -Force "$work\venv" }
python -m venv "$work\venv"
& "$work\venv\Scripts\pip.exe" install -q . "pyinstaller>=6.10,<7"
& "$work\venv\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN --distpath dist --workpath "$work\work" installer\netbar.spec
if ($LASTEXITCODE -ne 0) { throw "pyinstaller failed" }

$version = (& dist\netbar\netbar.exe --version).Split(" ")[1]
& dist\netbar\netbar.exe --help | Out-Null
if ($LASTEXITCODE -ne 0) { throw "the bundle does not run" }
$size = (Get-ChildItem -Recurse dist\netbar | Measure-Object -Sum Length).Sum / 1MB
Write-Output ("dist\netbar: {0:N0} MB" -f $size)

$out = (Resolve-Path dist).Path + "\netbar-$version-setup.exe"
makensis -V2 -WX -INPUTCHARSET UTF8 "-DVERSION=$version" "-DPAYLOAD=$((Resolve-Path dist\netbar).Path)" `
    "-DWINSW=$((Resolve-Path $WinSW).Path)" "-DOUTFILE=$out" installer\windows\netbar.nsi
if ($LASTEXITCODE -ne 0) { throw "makensis failed" }
Write-Output "installer: $out"
