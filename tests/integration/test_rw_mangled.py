"""Property: a mangled export is either still valid or rejected with a ValidationError.

Never another exception, and a rejected import leaves the database unchanged
(on SQLite and PostgreSQL).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omclient.db import Database
from omclient.errors import ValidationError
from omclient.rw.exporter import write_export
from omclient.rw.format import FILES, MANIFEST
from omclient.rw.importer import import_export
from omclient.services.stats import entity_counts
from tests.support.rw_sample import EXPORTED_AT, sample_records

NAMES = [MANIFEST] + [spec.name for spec in FILES]
NOISE = st.binary(min_size=1, max_size=12) | st.sampled_from(
    [
        b";",
        b'"',
        b"\r\n",
        b"\n",
        b";;",
        "ä".encode(),
        b"\xff",
        b"\x00",
        b"31.02.2020",
        b"-1",
        b"9" * 30,
        b"ja",
        b"\xef\xbb\xbf",
    ]
)


@st.composite
def mangling(draw: st.DrawFn) -> tuple[str, str, int, int, bytes]:
    name = draw(st.sampled_from(NAMES))
    kind = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "dupline"]))
    position = draw(st.integers(min_value=0, max_value=10_000))
    length = draw(st.integers(min_value=1, max_value=40))
    noise = draw(NOISE)
    return name, kind, position, length, noise


def _mangle(data: bytes, kind: str, position: int, length: int, noise: bytes) -> bytes:
    if not data:
        return noise
    at = position % len(data)
    if kind == "replace":
        return data[:at] + noise + data[at + len(noise) :]
    if kind == "insert":
        return data[:at] + noise + data[at:]
    if kind == "delete":
        return data[:at] + data[at + length :]
    if kind == "truncate":
        return data[:at]
    lines = data.split(b"\n")
    line = lines[at % len(lines)]
    return b"\n".join([*lines, line])


def test_mangled_exports_give_validation_errors_only(db: Database, tmp_path: Path) -> None:
    valid = write_export(
        tmp_path / "valid", sample_records(), mandanten=["01"], exported_at=EXPORTED_AT
    )
    import_export(db.sessions, valid)
    counter = iter(range(10**6))

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(mangling())
    def check(change: tuple[str, str, int, int, bytes]) -> None:
        name, kind, position, length, noise = change
        target = tmp_path / f"m{next(counter)}"
        shutil.copytree(valid, target)
        file = target / name
        file.write_bytes(_mangle(file.read_bytes(), kind, position, length, noise))
        with db.sessions() as session:
            before = entity_counts(session)
        try:
            import_export(db.sessions, target)
        except ValidationError as err:
            assert err.problems
            with db.sessions() as session:
                assert entity_counts(session) == before
        finally:
            shutil.rmtree(target)

    check()
