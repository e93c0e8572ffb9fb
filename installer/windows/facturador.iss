; Inno Setup 6 script for Facturador (per-user install: no administrator rights needed).
;
; Build the bundle first on Windows (same spec as Linux):
;   uv sync --group build
;   uv run pyinstaller installer\facturador.spec --noconfirm --distpath build\dist --workpath build\work
;   build\dist\facturador\facturador.exe --autoprueba        (must print AUTOPRUEBA: PASS)
; then compile this script (from the repository root):
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\facturador.iss
; The installer lands in build\installer\. Sign both facturador.exe and the installer with
; signtool (see README "Publicar una versión") so SmartScreen does not warn the user.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Facturador"
#define AppExe "facturador.exe"
#define Root "..\.."

[Setup]
; Never change AppId: it is how upgrades and the uninstaller find an existing install.
AppId={{6F3A1C52-8E0B-4B7A-9C1D-2E5F40A7B913}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Facturador
VersionInfoVersion={#AppVersion}
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\build\installer
OutputBaseFilename=Facturador-{#AppVersion}-instalador
SetupIconFile={#Root}\resources\icons\facturador.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\build\dist\facturador\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle completely (stale modules from an older version must go).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\{#AppExe}"
Name: "{group}\Comprobar la instalación"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#AppExe}"" --autoprueba"; IconFilename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The user's data (database, CSD references in the keyring, PDFs) lives in the user data
; directory, not in {app}: uninstalling never deletes invoices.
