; Inno Setup script of the Windows installer (Inno Setup 6.3 or later).
; Build the bundle first (make bundle on Windows: dist\omclient\ with omclient.exe
; and omclient-cli.exe), then: iscc packaging\omclient.iss  ->  dist\omclient-0.1.0-setup.exe
;
; Silent installation by IT, with the nightly RW import:
;   omclient-0.1.0-setup.exe /VERYSILENT /TASKS=rwimport /RWEXPORT="D:\RW\Export"
#define AppVersion "0.1.0"
#define RwTask "omclient RW-Import"

[Setup]
; The AppId identifies omclient across versions (upgrades, uninstall): never change it.
AppId={{3F6B2C1D-8E4A-4B7F-9C2D-5A1E7B9F0C64}
AppName=omclient
AppVersion={#AppVersion}
AppVerName=omclient {#AppVersion}
AppPublisher=omclient
DefaultDirName={autopf}\omclient
DefaultGroupName=omclient
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\resources\icons\omclient.ico
UninstallDisplayIcon={app}\omclient.exe
UninstallDisplayName=omclient
OutputDir=..\dist
OutputBaseFilename=omclient-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "Verknüpfung auf dem Desktop anlegen"; Flags: unchecked
Name: "rwimport"; Description: "RW-Import jede Nacht (geplanter Task um 02:00 Uhr)"; Flags: unchecked

[Dirs]
Name: "{commonappdata}\omclient"

[Files]
Source: "..\dist\omclient\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion
; The machine-wide configuration (database address for every user of this PC).
; Kept when it exists (IT may have placed or edited it) and on uninstall.
Source: "omclient.toml.example"; DestDir: "{commonappdata}\omclient"; DestName: "omclient.toml"; Flags: onlyifdoesntexist uninsneveruninstall

[Icons]
Name: "{group}\omclient"; Filename: "{app}\omclient.exe"; IconFilename: "{app}\omclient.exe"
Name: "{group}\omclient (Demo)"; Filename: "{app}\omclient.exe"; Parameters: "--demo"
Name: "{group}\omclient deinstallieren"; Filename: "{uninstallexe}"
Name: "{autodesktop}\omclient"; Filename: "{app}\omclient.exe"; Tasks: desktopicon

[Run]
; The task runs the console program (omclient-cli.exe: the GUI program has no
; output and no exit code for a scheduler) as SYSTEM every night at 02:00; the
; database address comes from the machine-wide omclient.toml.
Filename: "{sys}\schtasks.exe"; Parameters: "/Create /F /TN ""{#RwTask}"" /SC DAILY /ST 02:00 /RU SYSTEM /TR ""\""{app}\omclient-cli.exe\"" rw-import \""{code:RwExportDir}\"""""; Flags: runhidden; Tasks: rwimport; StatusMsg: "Der nächtliche RW-Import wird eingerichtet …"
Filename: "{app}\omclient.exe"; Description: "omclient starten"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /F /TN ""{#RwTask}"""; Flags: runhidden; RunOnceId: "DeleteRwImportTask"

[Code]
var
  RwExportPage: TInputDirWizardPage;

procedure InitializeWizard;
begin
  RwExportPage := CreateInputDirPage(wpSelectTasks,
    'RW-Import jede Nacht',
    'Aus welchem Ordner liest der nächtliche RW-Import?',
    'Wählen Sie den Ordner, in den d+ RW seine Exportdateien schreibt, und klicken Sie auf Weiter.',
    False, '');
  RwExportPage.Add('Exportordner von d+ RW:');
  RwExportPage.Values[0] := ExpandConstant('{param:RWEXPORT|{commonappdata}\omclient\rw-export}');
end;

function ShouldSkipPage(PageID: Integer): Boolean;
begin
  Result := (PageID = RwExportPage.ID) and not WizardIsTaskSelected('rwimport');
end;

function RwExportDir(Param: String): String;
begin
  Result := RwExportPage.Values[0];
end;
