"""Data files omclient reads at run time (fonts, report logo, icons).

Installed as the package ``omclient.resources``; read them with
``importlib.resources.files(omclient.resources) / "fonts" / "…"``.
"""
