"""Where the settings come from: command line > environment > user file > machine file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from omclient import cli, config
from omclient.config import DatabaseConfig, Settings, load_settings, save_database_config
from omclient.errors import ValidationError

MACHINE = """\
data_dir = "/srv/omclient-daten"

[database]
backend = "postgresql"
host = "db.firma.local"
port = 5433
name = "om"
user = "anna"
sslmode = "require"
gssencmode = "disable"
"""

USER = """\
[database]
url = "sqlite:////home/anna/om.db"
"""


@pytest.fixture
def files(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A user and a machine file in their real roles (no OMCLIENT_CONFIG)."""
    user = tmp_path / "user" / "omclient.toml"
    machine = tmp_path / "etc" / "omclient.toml"
    monkeypatch.delenv(config.CONFIG_ENV, raising=False)
    monkeypatch.setattr(config, "user_config_file", lambda: user)
    monkeypatch.setattr(config, "machine_config_file", lambda: machine)
    return user, machine


def test_nothing_configured_means_sqlite_in_the_data_dir_and_asking(files):
    settings = Settings()
    assert not settings.database_configured
    assert settings.database_url == f"sqlite:///{settings.data_dir / 'omclient.db'}"


def test_machine_file_alone_configures_postgresql_with_libpq_parameters(files):
    _user, machine = files
    machine.parent.mkdir(parents=True)
    machine.write_text(MACHINE, encoding="utf-8")
    settings = Settings()
    assert settings.database_configured
    assert settings.database_url == (
        "postgresql+psycopg://anna@db.firma.local:5433/om?gssencmode=disable&sslmode=require"
    )
    assert settings.data_dir == Path("/srv/omclient-daten")


def test_user_file_replaces_the_machine_database_table_whole(files):
    user, machine = files
    machine.parent.mkdir(parents=True)
    machine.write_text(MACHINE, encoding="utf-8")
    user.parent.mkdir(parents=True)
    user.write_text(USER, encoding="utf-8")
    settings = Settings()
    assert settings.database_url == "sqlite:////home/anna/om.db"
    assert settings.data_dir == Path("/srv/omclient-daten")


def test_environment_beats_files_and_command_line_beats_environment(files, monkeypatch):
    user, _machine = files
    user.parent.mkdir(parents=True)
    user.write_text(USER, encoding="utf-8")
    monkeypatch.setenv("OMCLIENT_DATABASE_URL", "sqlite:////tmp/aus-der-umgebung.db")
    assert Settings().database_url == "sqlite:////tmp/aus-der-umgebung.db"
    args = cli.build_parser().parse_args(["--database", "sqlite:////tmp/kommandozeile.db"])
    assert cli.settings_from_args(args).database_url == "sqlite:////tmp/kommandozeile.db"


def test_omclient_config_names_the_only_file_read(files, tmp_path, monkeypatch):
    user, _machine = files
    user.parent.mkdir(parents=True)
    user.write_text(USER, encoding="utf-8")
    explicit = tmp_path / "it.toml"
    explicit.write_text('[database]\nbackend = "sqlite"\npath = "/daten/om.db"\n', "utf-8")
    monkeypatch.setenv(config.CONFIG_ENV, str(explicit))
    assert Settings().database_url == "sqlite:////daten/om.db"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[database]\nurl = "postgresql://anna:geheim@db/om"\n', "Passwörter gehören nicht"),
        ('[database]\nbackend = "postgresql"\nname = "om"\npassword = "x"\n', "Passwörter"),
        ('[database]\nbackend = "postgresql"\nhost = "db"\n', 'braucht "name"'),
        ("[database]\nhost = 'db'\n", 'braucht "url" oder "backend"'),
        ("[database\n", "kein gültiges TOML"),
    ],
)
def test_wrong_file_gives_a_german_message(tmp_path, monkeypatch, text, expected):
    path = tmp_path / "omclient.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(config.CONFIG_ENV, str(path))
    with pytest.raises(ValidationError) as info:
        load_settings()
    assert expected in info.value.message
    assert str(path) in info.value.message


def test_cli_reports_a_wrong_file_with_exit_code_1(tmp_path, monkeypatch, capsys):
    path = tmp_path / "omclient.toml"
    path.write_text('[database]\nurl = "postgresql://a:pw@db/om"\n', encoding="utf-8")
    monkeypatch.setenv(config.CONFIG_ENV, str(path))
    assert cli.main(["db", "stats"]) == 1
    assert "Passwörter gehören nicht in die Konfigurationsdatei" in capsys.readouterr().err


def test_saving_keeps_other_settings_and_never_a_password(tmp_path, monkeypatch):
    path = tmp_path / "omclient.toml"
    path.write_text('data_dir = "/daten"\n[database]\nurl = "sqlite:////alt.db"\n', "utf-8")
    monkeypatch.setenv(config.CONFIG_ENV, str(path))
    saved = save_database_config(
        DatabaseConfig(backend="postgresql", host="db", port=5432, name="om", user="anna")
    )
    assert saved == path
    content = tomllib.loads(path.read_text("utf-8"))
    assert content == {
        "data_dir": "/daten",
        "database": {
            "backend": "postgresql",
            "host": "db",
            "port": 5432,
            "name": "om",
            "user": "anna",
        },
    }
    assert Settings().database_url == "postgresql+psycopg://anna@db:5432/om"


def test_example_file_in_packaging_is_valid(monkeypatch):
    example = Path(__file__).resolve().parents[2] / "packaging" / "omclient.toml.example"
    monkeypatch.setenv(config.CONFIG_ENV, str(example))
    settings = load_settings()
    assert settings.database_configured
    assert settings.database_url.startswith("postgresql+psycopg://")


def test_demo_never_counts_as_unconfigured(files):
    args = cli.build_parser().parse_args(["--demo"])
    settings = cli.settings_from_args(args)
    assert settings.database_configured
    assert settings.database_url.endswith("demo.db")


def test_unusable_url_in_the_file_is_named(tmp_path, monkeypatch):
    path = tmp_path / "omclient.toml"
    path.write_text('[database]\nurl = "unsinn"\n', encoding="utf-8")
    monkeypatch.setenv(config.CONFIG_ENV, str(path))
    with pytest.raises(ValidationError) as info:
        load_settings()
    assert "„unsinn“ ist keine gültige Datenbank-URL" in info.value.message
