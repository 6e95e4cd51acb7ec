; The Windows installer: the bundle (installer/windows/build.ps1 builds it) into Program Files, Start-menu entries,
; an uninstaller, and by the components chosen the hub as a Windows service (WinSW) with a firewall rule for its
; port, and the kiosk started at the seat user's sign-in. English and Simplified Chinese pages.
;   makensis /DVERSION=0.1.0 /DPAYLOAD=..\..\dist\netbar /DWINSW=winsw.exe /DOUTFILE=netbar-setup.exe netbar.nsi
; The hub's settings, database, certificate, daily backups and logs: %PROGRAMDATA%\netbar (NETBAR_HOME of the
; service), kept on uninstall.

Unicode true
!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\..\dist\netbar"
!endif
!ifndef WINSW
  !define WINSW "winsw.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "netbar-${VERSION}-setup.exe"
!endif
!define HUB_PORT 8765
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Netbar"

Name "Netbar ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\Netbar"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
SetCompressor /SOLID lzma

Var SeatField
Var HubField
Var FingerprintField
Var Seat
Var HubAddress
Var Fingerprint

!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
Page custom SeatPage SeatPageLeave
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "$(FinishText)"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString SeatTitle ${LANG_ENGLISH} "This seat's kiosk"
LangString SeatTitle ${LANG_SIMPCHINESE} "本座位的触摸屏"
LangString SeatHelp ${LANG_ENGLISH} "On the counter PC run: netbar seats add A01 (in the Netbar admin prompt). It prints the seat's token and the hub's fingerprint. Enter the seat and the hub here; the token goes into kiosk.toml after installing (never on a command line)."
LangString SeatHelp ${LANG_SIMPCHINESE} "先在前台电脑的“Netbar 管理命令行”中运行 netbar seats add A01，它会打印座位令牌和中心服务器的指纹。在此填写座位号和服务器地址；令牌请在安装后写入 kiosk.toml（不要写在命令行上）。"
LangString SeatLabel ${LANG_ENGLISH} "Seat (e.g. A01):"
LangString SeatLabel ${LANG_SIMPCHINESE} "座位号（如 A01）："
LangString HubLabel ${LANG_ENGLISH} "Hub address (wss://COUNTER-PC:8765):"
LangString HubLabel ${LANG_SIMPCHINESE} "中心服务器地址（wss://前台电脑:8765）："
LangString FingerprintLabel ${LANG_ENGLISH} "Hub fingerprint (sha256:…):"
LangString FingerprintLabel ${LANG_SIMPCHINESE} "服务器指纹（sha256:…）："
LangString FinishText ${LANG_ENGLISH} "Counter PC: add seats and staff in the Netbar admin prompt (Start menu). Seat PC: put the seat's token into %LOCALAPPDATA%\netbar\kiosk.toml as token = $\"…$\"; the kiosk starts at the next sign-in."
LangString FinishText ${LANG_SIMPCHINESE} "前台电脑：在开始菜单的“Netbar 管理命令行”中添加座位和网管。座位电脑：把座位令牌写入 %LOCALAPPDATA%\netbar\kiosk.toml（token = $\"…$\"），下次登录时触摸屏自动启动。"
LangString SecProgram ${LANG_ENGLISH} "Netbar (required)"
LangString SecProgram ${LANG_SIMPCHINESE} "Netbar（必需）"
LangString SecHub ${LANG_ENGLISH} "Hub service (the counter PC)"
LangString SecHub ${LANG_SIMPCHINESE} "中心服务（前台电脑）"
LangString SecKiosk ${LANG_ENGLISH} "Kiosk at sign-in (a seat PC)"
LangString SecKiosk ${LANG_SIMPCHINESE} "登录时启动触摸屏（座位电脑）"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "Netbar needs 64-bit Windows 10 or newer."
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "$(SecProgram)" SecProgramId
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  SetShellVarContext all
  CreateDirectory "$SMPROGRAMS\Netbar"
  CreateShortcut "$SMPROGRAMS\Netbar\Netbar staff.lnk" "$INSTDIR\netbarw.exe" "staff"
  CreateShortcut "$SMPROGRAMS\Netbar\Netbar kiosk.lnk" "$INSTDIR\netbarw.exe" "kiosk"
  ; A prompt where the admin commands use the hub's folder: netbar seats add A01, netbar backup D:\hub.db, …
  CreateShortcut "$SMPROGRAMS\Netbar\Netbar admin prompt.lnk" "$SYSDIR\cmd.exe" \
    '/k "set NETBAR_HOME=$COMMONPROGRAMDATA\netbar&& set PATH=$INSTDIR;%PATH%&& netbar"'
  CreateShortcut "$SMPROGRAMS\Netbar\Uninstall Netbar.lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "Netbar"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Netbar"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section /o "$(SecHub)" SecHubId
  SetOutPath "$INSTDIR"
  File "/oname=netbar-hub.exe" "${WINSW}"
  File "netbar-hub.xml"
  CreateDirectory "$COMMONPROGRAMDATA\netbar"
  SetOutPath "$COMMONPROGRAMDATA\netbar"
  SetOverwrite off  ; an upgrade keeps the venue's settings
  File "hub.toml"
  SetOverwrite on
  ; Only Administrators and the service may read the hub's folder: its database and TLS key are in it.
  nsExec::ExecToLog 'icacls "$COMMONPROGRAMDATA\netbar" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F'
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="Netbar hub"'
  nsExec::ExecToLog 'netsh advfirewall firewall add rule name="Netbar hub" dir=in action=allow protocol=TCP localport=${HUB_PORT} program="$INSTDIR\netbar.exe" enable=yes'
  nsExec::ExecToLog '"$INSTDIR\netbar-hub.exe" stop'
  nsExec::ExecToLog '"$INSTDIR\netbar-hub.exe" uninstall'
  nsExec::ExecToLog '"$INSTDIR\netbar-hub.exe" install'
  nsExec::ExecToLog '"$INSTDIR\netbar-hub.exe" start'
SectionEnd

Section /o "$(SecKiosk)" SecKioskId
  ; The seat's user: the one running the installer (elevated with their own consent).
  SetShellVarContext current
  CreateShortcut "$SMSTARTUP\Netbar kiosk.lnk" "$INSTDIR\netbarw.exe" "kiosk"
  CreateDirectory "$LOCALAPPDATA\netbar"
  ${IfNot} ${FileExists} "$LOCALAPPDATA\netbar\kiosk.toml"
    FileOpen $0 "$LOCALAPPDATA\netbar\kiosk.toml" w
    FileWrite $0 "# This seat's kiosk. The token (from netbar seats add on the counter PC) goes below.$\r$\n"
    FileWrite $0 "[kiosk]$\r$\n"
    FileWrite $0 'seat = "$Seat"$\r$\n'
    FileWrite $0 'hub = "$HubAddress"$\r$\n'
    ${If} $Fingerprint != ""
      FileWrite $0 'hub_fingerprint = "$Fingerprint"$\r$\n'
    ${EndIf}
    FileWrite $0 '# token = "..."$\r$\n'
    FileWrite $0 "fullscreen = true$\r$\n"
    FileClose $0
  ${EndIf}
  ; The token file is the user's alone.
  nsExec::ExecToLog 'icacls "$LOCALAPPDATA\netbar\kiosk.toml" /inheritance:r /grant:r "%USERNAME%":F'
SectionEnd

Function SeatPage
  ${IfNot} ${SectionIsSelected} ${SecKioskId}
    Abort  ; not a seat PC: nothing to ask
  ${EndIf}
  !insertmacro MUI_HEADER_TEXT "$(SeatTitle)" ""
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 40u "$(SeatHelp)"
  Pop $0
  ${NSD_CreateLabel} 0 44u 100% 10u "$(SeatLabel)"
  Pop $0
  ${NSD_CreateText} 0 56u 60u 12u "A01"
  Pop $SeatField
  ${NSD_CreateLabel} 0 74u 100% 10u "$(HubLabel)"
  Pop $0
  ${NSD_CreateText} 0 86u 100% 12u "wss://192.168.1.10:${HUB_PORT}"
  Pop $HubField
  ${NSD_CreateLabel} 0 104u 100% 10u "$(FingerprintLabel)"
  Pop $0
  ${NSD_CreateText} 0 116u 100% 12u ""
  Pop $FingerprintField
  nsDialogs::Show
FunctionEnd

Function SeatPageLeave
  ${NSD_GetText} $SeatField $Seat
  ${NSD_GetText} $HubField $HubAddress
  ${NSD_GetText} $FingerprintField $Fingerprint
FunctionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgramId} "$(SecProgram)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecHubId} "$(SecHub)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecKioskId} "$(SecKiosk)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Uninstall"
  ${If} ${FileExists} "$INSTDIR\netbar-hub.exe"
    nsExec::ExecToLog '"$INSTDIR\netbar-hub.exe" stop'
    nsExec::ExecToLog '"$INSTDIR\netbar-hub.exe" uninstall'
  ${EndIf}
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="Netbar hub"'
  SetShellVarContext current
  Delete "$SMSTARTUP\Netbar kiosk.lnk"
  SetShellVarContext all
  RMDir /r "$SMPROGRAMS\Netbar"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  ; %PROGRAMDATA%\netbar (the database and its backups) and each user's kiosk.toml stay.
SectionEnd
