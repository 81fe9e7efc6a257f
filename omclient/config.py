"""Settings from the command line, the environment and the configuration files.

Order, first wins: command line (``--database``) > environment (``OMCLIENT_*``) >
user configuration file > machine-wide configuration file. The files are TOML:

* user: ``platformdirs.user_config_dir("omclient")/omclient.toml``
  (Linux ``~/.config/omclient/omclient.toml``),
* machine: :func:`machine_config_file` (Linux ``/etc/omclient/omclient.toml``,
  Windows ``%PROGRAMDATA%\\omclient\\omclient.toml``), placed by the IT,
* or only the file named by ``OMCLIENT_CONFIG`` when that variable is set.

A top-level table of the user file replaces the same table of the machine file
as a whole (a clerk's ``[database]`` never mixes with the IT's). Passwords are
never read from or written to a file: they live in the OS keyring
(:func:`keyring_benutzer`).
"""

from __future__ import annotations

import getpass
import json
import os
import sys
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from omclient.errors import ValidationError

APP_NAME = "omclient"
APP_AUTHOR = "omclient"
CONFIG_FILE_NAME = "omclient.toml"
CONFIG_ENV = "OMCLIENT_CONFIG"
KEYRING_SERVICE = "omclient"


def os_login() -> str:
    """The operating system's login name of the user running omclient."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service contexts
        return "unbekannt"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'omclient.db'}"


def demo_database_url() -> str:
    return f"sqlite:///{data_dir() / 'demo.db'}"


def user_config_file() -> Path:
    """The clerk's own configuration file (written by the first-start dialog)."""
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / CONFIG_FILE_NAME


def machine_config_file() -> Path:
    """The machine-wide configuration file the IT places.

    On Linux this is ``/etc/omclient/omclient.toml`` rather than platformdirs'
    ``/etc/xdg/omclient``: administrators look for a program's settings in
    ``/etc/<program>``. Windows: ``%PROGRAMDATA%\\omclient\\omclient.toml``;
    macOS: ``/Library/Application Support/omclient/omclient.toml``.
    """
    if sys.platform == "win32" or sys.platform == "darwin":
        return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE_NAME
    return Path("/etc") / APP_NAME / CONFIG_FILE_NAME


def config_files() -> list[Path]:
    """The configuration files read, highest priority first."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return [Path(explicit).expanduser()]
    return [user_config_file(), machine_config_file()]


def writable_config_file() -> Path:
    """Where the first-start dialog saves: ``OMCLIENT_CONFIG`` if set, else the user file."""
    return config_files()[0]


class DatabaseConfig(BaseModel):
    """The ``[database]`` table: either ``url`` or ``backend`` with its parts.

    Keys other than the named ones are libpq connection parameters (``sslmode``,
    ``gssencmode``, ``krbsrvname`` …) and are passed through to PostgreSQL.
    A password is refused: it belongs in the keyring.
    """

    model_config = ConfigDict(extra="allow")

    url: str | None = None
    backend: Literal["sqlite", "postgresql"] | None = None
    path: Path | None = None
    host: str | None = None
    port: int | None = None
    name: str | None = None
    user: str | None = None

    @model_validator(mode="after")
    def _check(self) -> DatabaseConfig:
        extra = self.model_extra or {}
        try:
            url_password = bool(self.url and make_url(self.url).password)
        except (ArgumentError, ValueError):
            raise ValueError(f"„{self.url}“ ist keine gültige Datenbank-URL") from None
        if "password" in extra or url_password:
            raise ValueError(
                "Passwörter gehören nicht in die Konfigurationsdatei; omclient fragt danach "
                "und legt sie im Schlüsselbund des Betriebssystems ab"
            )
        if not self.url and not self.backend:
            raise ValueError('[database] braucht "url" oder "backend" ("sqlite" oder "postgresql")')
        if self.backend == "sqlite" and extra:
            raise ValueError(f"unbekannte Angaben für SQLite: {', '.join(sorted(extra))}")
        if self.backend == "postgresql" and not self.name:
            raise ValueError('[database] backend = "postgresql" braucht "name" (die Datenbank)')
        return self

    @property
    def parameters(self) -> dict[str, str]:
        """The libpq parameters passed through (all keys not named above)."""
        return {key: str(value) for key, value in (self.model_extra or {}).items()}

    def to_url(self, default_dir: Path) -> str:
        """The SQLAlchemy URL (never with a password)."""
        if self.url:
            if not self.parameters:
                return self.url
            url = make_url(self.url)
            return url.update_query_dict(self.parameters).render_as_string(hide_password=False)
        if self.backend == "sqlite":
            path = (self.path or default_dir / "omclient.db").expanduser()
            return f"sqlite:///{path}"
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            host=self.host,
            port=self.port,
            database=self.name,
            query=self.parameters,
        ).render_as_string(hide_password=False)


class ConfigFilesSource(PydanticBaseSettingsSource):
    """The configuration files of :func:`config_files`, read with TomlConfigSettingsSource.

    Top-level keys of a file earlier in the list replace those of later files
    whole (no deep merge), so ``[database]`` always comes from one file.
    """

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        self.files = config_files()

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        # Not used: __call__ returns the whole mapping at once.
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for path in reversed(self.files):
            if path.is_file():
                merged.update(TomlConfigSettingsSource(self.settings_cls, toml_file=path)())
        return merged


class Settings(BaseSettings):
    """Runtime settings; see the module docstring for where they come from.

    ``database_url`` is always set after validation: given directly (command
    line, ``OMCLIENT_DATABASE_URL``), built from a file's ``[database]`` table, or
    the SQLite file in the data dir. :attr:`database_configured` tells the first
    two from the last, which is what makes the GUI ask once.
    """

    model_config = SettingsConfigDict(env_prefix="OMCLIENT_", extra="ignore")

    database_url: str = ""
    database: DatabaseConfig | None = None
    data_dir: Path = Field(default_factory=data_dir)
    log_dir: Path = Field(default_factory=log_dir)
    benutzer: str | None = None
    dms_root: Path | None = None

    _configured: bool = PrivateAttr(default=False)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, ConfigFilesSource(settings_cls))

    @model_validator(mode="after")
    def _resolve_database(self) -> Settings:
        if self.database_url:
            self._configured = True
        elif self.database is not None:
            self.database_url = self.database.to_url(self.data_dir)
            self._configured = True
        else:
            self.database_url = f"sqlite:///{self.data_dir / 'omclient.db'}"
        return self

    @property
    def database_configured(self) -> bool:
        """True when a database was given (command line, environment or a file)."""
        return self._configured

    def with_database(self, url: str | None) -> Settings:
        if not url:
            return self
        copy = self.model_copy(update={"database_url": url})
        copy._configured = True
        return copy


def load_settings() -> Settings:
    """:class:`Settings` from the environment and the files; German error if a file is wrong."""
    try:
        return Settings()
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            f"Die Konfigurationsdatei ist kein gültiges TOML ({_files_text()}): {exc}"
        ) from exc
    except PydanticValidationError as exc:
        problems = [
            f"{'.'.join(str(part) for part in err['loc'])}: "
            f"{str(err['msg']).removeprefix('Value error, ')}"
            for err in exc.errors()
        ]
        raise ValidationError(
            f"Die Einstellungen sind fehlerhaft ({_files_text()}): {'; '.join(problems)}",
            problems,
        ) from exc


def _files_text() -> str:
    return ", ".join(str(path) for path in config_files() if path.is_file()) or "Umgebung"


def keyring_benutzer(url: str) -> str:
    """The keyring user name of a PostgreSQL login: ``postgresql://user@host:port/db``."""
    parsed = make_url(url)
    return (
        f"postgresql://{parsed.username or ''}@{parsed.host or 'localhost'}:"
        f"{parsed.port or 5432}/{parsed.database or ''}"
    )


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    # A JSON string with ensure_ascii is a valid TOML basic string.
    return json.dumps(str(value))


def save_database_config(config: DatabaseConfig, path: Path | None = None) -> Path:
    """Write ``config`` as the ``[database]`` table of the user configuration file.

    Other top-level keys and tables already in the file are kept; the file is
    replaced atomically. Returns the path written.
    """
    target = path or writable_config_file()
    existing: dict[str, Any] = {}
    if target.is_file():
        with target.open("rb") as handle:
            existing = tomllib.load(handle)
    existing.pop("database", None)
    lines = ["# omclient – von omclient geschrieben (Datei → Datenbankverbindung…)", ""]
    tables: list[tuple[str, dict[str, Any]]] = []
    for key, value in existing.items():
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    values = config.model_dump(exclude_none=True)
    tables.insert(0, ("database", values))
    for name, table in tables:
        if lines[-1] != "":
            lines.append("")
        lines.append(f"[{name}]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in table.items())
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(target.name + ".tmp")
    temp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temp, target)
    return target
