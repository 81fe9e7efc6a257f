"""Settings from the environment (``OMCLIENT_*``) and the command line."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "omclient"
APP_AUTHOR = "omclient"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'omclient.db'}"


def demo_database_url() -> str:
    return f"sqlite:///{data_dir() / 'demo.db'}"


class Settings(BaseSettings):
    """Runtime settings. ``--database`` on the command line wins over the environment."""

    model_config = SettingsConfigDict(env_prefix="OMCLIENT_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    data_dir: Path = Field(default_factory=data_dir)
    log_dir: Path = Field(default_factory=log_dir)
    benutzer: str | None = None
    dms_root: Path | None = None

    def with_database(self, url: str | None) -> Settings:
        return self if not url else self.model_copy(update={"database_url": url})
