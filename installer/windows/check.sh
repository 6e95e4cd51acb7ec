#!/usr/bin/env bash
# Compiles netbar.nsi with Debian's makensis against a stand-in payload laid out as the Windows bundle is
# (netbar.exe, netbarw.exe, _internal\, and WinSW as winsw.exe), so a broken script fails here, not on a Windows
# runner. Warnings are errors. The real installer is built on Windows (.github/workflows/windows.yml).
set -euo pipefail
cd "$(dirname "$0")"
STANDIN=$(mktemp -d)
trap 'rm -rf "$STANDIN"' EXIT
mkdir -p "$STANDIN/netbar/_internal/netbar/resources" "$STANDIN/netbar/_internal/netbar/migrations/versions"
for file in netbar.exe netbarw.exe _internal/python311.dll _internal/netbar/resources/netbar.qss \
    _internal/netbar/migrations/env.py; do
    echo "stand-in" > "$STANDIN/netbar/$file"
done
echo "stand-in" > "$STANDIN/winsw.exe"
makensis -V2 -WX -INPUTCHARSET UTF8 -DVERSION=0.0.0-check -DPAYLOAD="$STANDIN/netbar" -DWINSW="$STANDIN/winsw.exe" \
    -DOUTFILE="$STANDIN/netbar-setup.exe" netbar.nsi
test -s "$STANDIN/netbar-setup.exe"
echo "netbar.nsi compiles: $(du -k "$STANDIN/netbar-setup.exe" | cut -f1) KB with the stand-in payload"
