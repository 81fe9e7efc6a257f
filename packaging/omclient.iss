; Inno Setup script for the Windows installer (build the PyInstaller folder first).
[Setup]
AppName=omclient
AppVersion=0.1.0
AppPublisher=omclient
DefaultDirName={autopf}\omclient
DefaultGroupName=omclient
OutputBaseFilename=omclient-setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequiredOverridesAllowed=dialog

[Languages]
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Files]
Source: "..\dist\omclient\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\omclient"; Filename: "{app}\omclient.exe"
Name: "{group}\omclient (Demo)"; Filename: "{app}\omclient.exe"; Parameters: "--demo"
