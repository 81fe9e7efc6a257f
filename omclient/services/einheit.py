"""Use cases of the Einheit detail dialog: load, save, choice lists, Vergaberecht, Dokumente.

``load_einheit`` returns everything Register Allgemein shows; ``save_einheit``
writes OM-owned fields in one transaction guarded by the optimistic version
counter (``ConflictError`` when someone else saved meanwhile) and refuses
fields d+ RW owns (``ReadOnlyFieldError`` via :func:`apply_changes`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session, sessionmaker

from omclient.domain import (
    Einheit,
    Einstellung,
    GlobaleVariable,
    Konfiguration,
    Objekt,
    StatusAllerArt,
    Stiegenhaus,
    Vergabestelle,
    is_rw_owned,
)
from omclient.domain.enums import Einheitsart, IndivEntitaet, Kategorie, Typus
from omclient.domain.konfiguration import (
    KONFIG_EINHEITEN_STATUS,
    KONFIG_MIETZINS_KATEGORIE,
    KONFIG_UNTERBESTANDSARTEN,
)
from omclient.errors import ValidationError
from omclient.services import felder
from omclient.services.common import (
    apply_changes,
    check_version,
    conflicts_as_errors,
    get_or_404,
)
from omclient.services.dto import Dto

INDIV_DATEN_VARIABLE = "GLOBAL_EINHEIT_GRUPPE_{n}_NAME"
DMS_ROOT_SETTING = "dms.root"

# Columns the detail dialog loads into EinheitDto (the Vermarktung columns belong to Immomio).
_DIALOG_FIELDS = tuple(n for n in felder.EINHEIT.namen() if n != "objekt_id")


class EinheitDto(Dto):
    """An Einheit as Register Allgemein shows it.

    ``rw_owned`` names the fields d+ RW owns *for this row* (conditional
    ownership resolved), answered by the one rule ``omclient.domain.is_rw_owned``.
    """

    id: int
    version: int
    objekt_id: int
    objekt_nr: str
    objekt_bezeichnung: str
    mandant_id: int
    mandant_nr: str
    mandant_name: str
    einheit_nr: str
    top_nr: str | None = None
    gebaeudeteil: str | None = None
    typus: Typus
    einheitsart: Einheitsart
    raeume: int | None = None
    wohnungscode: str | None = None
    nettonutzflaeche: Decimal | None = None
    aktiv: bool
    heizkostenordnungsbegriff: str | None = None
    heizkostenfirma: str | None = None
    stockwerk: str | None = None
    erstbezug: dt.date | None = None
    stiegenhaus_id: int | None = None
    stiegenhaus_text: str | None = None
    lage: str | None = None
    kategorie: str | None = None
    anzahl_raeume: int | None = None
    vergabestelle_id: int | None = None
    vergabestelle_name: str | None = None
    status: str | None = None
    bestandsart: str | None = None
    behindertengerecht: bool = False
    altersgerecht: bool = False
    mietzins_kategorie: str | None = None
    datum_erstvermietung: dt.date | None = None
    status_kz: str | None = None
    finanzierung: str | None = None
    unterbestandsart: str | None = None
    strasse: str | None = None
    hausnummer: str | None = None
    stiege: str | None = None
    tuer: str | None = None
    plz: str | None = None
    ort: str | None = None
    land: str = "AUT"
    indiv_daten_1: str | None = None
    indiv_daten_2: str | None = None
    indiv_daten_3: str | None = None
    indiv_daten_4: str | None = None
    bemerkung: str | None = None
    bemerkung_fibu: str | None = None
    rw_owned: frozenset[str] = frozenset()
    rw_felder: str = ""

    @property
    def bezeichnung(self) -> str:
        """Window title text, e.g. ``1010/0001 Top 1 – Wohnung``."""
        top = f" Top {self.top_nr}" if self.top_nr else ""
        return f"{self.objekt_nr}/{self.einheit_nr}{top} – {self.einheitsart.value}"

    def is_rw_owned(self, field: str) -> bool:
        return field in self.rw_owned


class Auswahl(Dto):
    """One entry of a choice list: the stored ``wert`` and the shown ``text``."""

    wert: str | int
    text: str
    tooltip: str | None = None


class EinheitAuswahllisten(Dto):
    """The choice lists of Register Allgemein for one Einheit.

    ``unterbestandsarten`` is empty when configuration table 1306 defines no
    Unterbestandsart for the unit's Bestandsart — the field is then not shown.
    """

    stiegenhaeuser: list[Auswahl]
    stockwerke: list[Auswahl]
    kategorien: list[Auswahl]
    vergabestellen: list[Auswahl]
    mietzins_kategorien: list[Auswahl]
    status_kz: list[Auswahl]
    finanzierungen: list[Auswahl]
    unterbestandsarten: list[Auswahl]


def _dto(einheit: Einheit) -> EinheitDto:
    objekt = einheit.objekt
    values: dict[str, Any] = {name: getattr(einheit, name) for name in _DIALOG_FIELDS}
    rw = frozenset(name for name in (*_DIALOG_FIELDS, "objekt_id") if is_rw_owned(einheit, name))
    st = einheit.stiegenhaus
    return EinheitDto(
        id=einheit.id,
        version=einheit.version,
        objekt_id=objekt.id,
        objekt_nr=objekt.objekt_nr,
        objekt_bezeichnung=objekt.bezeichnung,
        mandant_id=objekt.mandant.id,
        mandant_nr=objekt.mandant.mandant_nr,
        mandant_name=objekt.mandant.name,
        stiegenhaus_text=st.bezeichnung if st else None,
        vergabestelle_name=einheit.vergabestelle.name if einheit.vergabestelle else None,
        rw_owned=rw,
        rw_felder=einheit.rw_felder or "",
        **values,
    )


def load_einheit(session: Session, einheit_id: int) -> EinheitDto:
    """The Einheit with everything Register Allgemein shows (NotFoundError if gone)."""
    return _dto(get_or_404(session, Einheit, einheit_id, "Einheit"))


def _status_aller_art(session: Session, tabelle: str, gruppe: str) -> list[str]:
    return list(
        session.scalars(
            select(StatusAllerArt.wert)
            .where(StatusAllerArt.tabelle == tabelle, StatusAllerArt.gruppe == gruppe)
            .order_by(StatusAllerArt.position, StatusAllerArt.wert)
        )
    )


def _konfiguration(
    session: Session, tabelle: int, schluessel: str | None = None
) -> list[Konfiguration]:
    query = select(Konfiguration).where(Konfiguration.tabelle == tabelle)
    if schluessel is not None:
        query = query.where(Konfiguration.schluessel == schluessel)
    return list(session.scalars(query.order_by(Konfiguration.position, Konfiguration.schluessel)))


def unterbestandsarten(session: Session, bestandsart: str | None) -> list[str]:
    """Unterbestandsarten table 1306 defines for ``bestandsart`` (empty: field hidden)."""
    if not bestandsart:
        return []
    return [k.wert for k in _konfiguration(session, KONFIG_UNTERBESTANDSARTEN, bestandsart)]


def mietzins_kategorien(session: Session) -> list[str]:
    """The Kategorien des Mietzinses: the target values of conversion table 93106."""
    seen: list[str] = []
    for row in _konfiguration(session, KONFIG_MIETZINS_KATEGORIE):
        if row.wert not in seen:
            seen.append(row.wert)
    return seen


def auswahllisten(session: Session, einheit_id: int) -> EinheitAuswahllisten:
    """All choice lists of Register Allgemein for this Einheit."""
    einheit = get_or_404(session, Einheit, einheit_id, "Einheit")
    stiegen = session.scalars(
        select(Stiegenhaus)
        .where(Stiegenhaus.objekt_id == einheit.objekt_id)
        .order_by(Stiegenhaus.nummer)
    )
    stellen = session.scalars(
        select(Vergabestelle)
        .where(Vergabestelle.zuweisungsberechtigt.is_(True))
        .order_by(Vergabestelle.name)
    )
    return EinheitAuswahllisten(
        stiegenhaeuser=[
            Auswahl(wert=s.id, text=f"{s.nummer} – {s.bezeichnung}", tooltip=s.bezeichnung)
            for s in stiegen
        ],
        stockwerke=[
            Auswahl(wert=w, text=w) for w in _status_aller_art(session, "Einheit", "Stockwerk")
        ],
        kategorien=[Auswahl(wert=k.value, text=k.value) for k in Kategorie],
        vergabestellen=[Auswahl(wert=v.id, text=v.name) for v in stellen],
        mietzins_kategorien=[Auswahl(wert=w, text=w) for w in mietzins_kategorien(session)],
        status_kz=[
            Auswahl(wert=k.schluessel, text=f"{k.schluessel} – {k.wert}")
            for k in _konfiguration(session, KONFIG_EINHEITEN_STATUS)
        ],
        finanzierungen=[
            Auswahl(wert=w, text=w) for w in _status_aller_art(session, "Einheit", "Finanzierung")
        ],
        unterbestandsarten=[
            Auswahl(wert=w, text=w) for w in unterbestandsarten(session, einheit.bestandsart)
        ],
    )


def indiv_daten_labels(session: Session) -> dict[str, str]:
    """Labels of the Bereich Indiv Daten: field name → GLOBAL_EINHEIT_GRUPPE_n_NAME.

    A field whose variable is empty (or missing) is left out; an empty result
    hides the whole Bereich.
    """
    names = [INDIV_DATEN_VARIABLE.format(n=n) for n in range(1, 5)]
    values = {
        v.name: (v.wert or "").strip()
        for v in session.scalars(select(GlobaleVariable).where(GlobaleVariable.name.in_(names)))
    }
    return {
        f"indiv_daten_{n}": values[name]
        for n, name in enumerate(names, start=1)
        if values.get(name)
    }


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _validate(session: Session, einheit: Einheit, changes: dict[str, Any]) -> None:
    problems: list[str] = []

    def allowed(field: str, label: str, choices: Iterable[Any]) -> None:
        value = changes.get(field)
        if field in changes and value is not None and value not in list(choices):
            problems.append(f"{label}: „{value}“ ist kein gültiger Eintrag der Auswahlliste.")

    allowed("kategorie", "Kategorie", [k.value for k in Kategorie])
    if changes.get("stiegenhaus_id") is not None:
        st = session.get(Stiegenhaus, changes["stiegenhaus_id"])
        if st is None or st.objekt_id != einheit.objekt_id:
            problems.append("Stiegenhaus: das Stiegenhaus gehört nicht zum Objekt der Einheit.")
    if changes.get("vergabestelle_id") is not None:
        stelle = session.get(Vergabestelle, changes["vergabestelle_id"])
        if stelle is None or not stelle.zuweisungsberechtigt:
            problems.append("Vergaberecht: die Vergabestelle ist nicht zuweisungsberechtigt.")
    stockwerke = _status_aller_art(session, "Einheit", "Stockwerk")
    if stockwerke:
        allowed("stockwerk", "Stockwerk", stockwerke)
    finanzierungen = _status_aller_art(session, "Einheit", "Finanzierung")
    if finanzierungen:
        allowed("finanzierung", "Finanzierung", finanzierungen)
    allowed(
        "status_kz",
        "Status KZ",
        [k.schluessel for k in _konfiguration(session, KONFIG_EINHEITEN_STATUS)],
    )
    allowed("mietzins_kategorie", "Kategorie des Mietzinses", mietzins_kategorien(session))
    if changes.get("unterbestandsart") is not None:
        arten = unterbestandsarten(session, einheit.bestandsart)
        if not arten:
            problems.append(
                "Unterbestandsart: für die Bestandsart der Einheit sind keine "
                "Unterbestandsarten definiert (Konfigurationstabelle 1306)."
            )
        else:
            allowed("unterbestandsart", "Unterbestandsart", arten)
    anzahl = changes.get("anzahl_raeume")
    if anzahl is not None and (not isinstance(anzahl, int) or anzahl < 0 or anzahl > 99):
        problems.append("Anzahl Räume: bitte eine ganze Zahl zwischen 0 und 99 eingeben.")
    erst = changes.get("datum_erstvermietung")
    if erst is not None and not isinstance(erst, dt.date):
        problems.append("Datum Erstvermietung: bitte ein Datum (TT.MM.JJJJ) eingeben.")
    if problems:
        raise ValidationError(
            "Die Einheit kann nicht gespeichert werden:\n" + "\n".join(problems), problems
        )


def save_einheit(
    sessions: sessionmaker[Session],
    einheit_id: int,
    expected_version: int,
    changes: Mapping[str, Any],
    indiv_werte: Mapping[int, Any] | None = None,
) -> EinheitDto:
    """Save OM-owned fields (and Indiv-Felder values) of the Einheit in one transaction.

    ``expected_version`` is the version the dialog loaded; if someone else
    saved meanwhile a ``ConflictError`` is raised and nothing is written.
    RW-owned fields raise ``ReadOnlyFieldError``; invalid values a
    ``ValidationError`` listing every problem. ``indiv_werte`` (feld_id →
    value) are validated by type as in :func:`omclient.services.indiv.werte_speichern`.
    Returns the new state.
    """
    from omclient.services import indiv

    cleaned = {name: _blank_to_none(value) for name, value in changes.items()}
    with sessions() as session, conflicts_as_errors():
        with session.begin():
            einheit = get_or_404(session, Einheit, einheit_id, "Einheit")
            check_version(einheit, expected_version)
            _validate(session, einheit, cleaned)
            apply_changes(einheit, cleaned)
            if indiv_werte:
                indiv.werte_speichern(session, IndivEntitaet.EINHEIT, einheit_id, indiv_werte)
        return load_einheit(session, einheit_id)


def vergabestelle_zuweisen(
    session: Session,
    objekt_ids: Iterable[int],
    vergabestelle_id: int,
    ueberschreiben: bool,
) -> int:
    """Give every active Einheit of the Objekte the zuweisungsberechtigte Gemeinde.

    Without ``ueberschreiben`` only units with an empty Vergaberecht get it.
    Returns the number of units changed. The caller owns the transaction.
    """
    stelle = get_or_404(session, Vergabestelle, vergabestelle_id, "Vergabestelle")
    if not stelle.zuweisungsberechtigt:
        raise ValidationError(f"„{stelle.name}“ ist keine zuweisungsberechtigte Vergabestelle.")
    ids = list(objekt_ids)
    if not ids:
        raise ValidationError("Bitte markieren Sie mindestens ein Objekt.")
    condition: ColumnElement[bool] = Einheit.objekt_id.in_(ids)
    if ueberschreiben:
        condition = condition & (
            Einheit.vergabestelle_id.is_(None) | (Einheit.vergabestelle_id != stelle.id)
        )
    else:
        condition = condition & Einheit.vergabestelle_id.is_(None)
    result = session.execute(
        update(Einheit)
        .where(condition)
        .values(vergabestelle_id=stelle.id, version=Einheit.version + 1)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def vergabestellen(session: Session) -> list[Auswahl]:
    """The zuweisungsberechtigte Vergabestellen, by name."""
    stellen = session.scalars(
        select(Vergabestelle)
        .where(Vergabestelle.zuweisungsberechtigt.is_(True))
        .order_by(Vergabestelle.name)
    )
    return [Auswahl(wert=v.id, text=v.name) for v in stellen]


def safe_path_part(part: str) -> str:
    """A path component without separators or characters Windows refuses."""
    cleaned = re.sub(r'[\\/:*?"<>|]+', "_", part).strip(" .")
    return cleaned or "_"


def dms_root(session: Session, configured: Path | None, data_dir: Path) -> Path:
    """The DMS root: the setting ``dms.root`` (Grundeinstellungen), else the
    configured ``OMCLIENT_DMS_ROOT``, else ``<data dir>/Dokumente``."""
    row = session.scalar(select(Einstellung).where(Einstellung.schluessel == DMS_ROOT_SETTING))
    if row is not None and row.wert and row.wert.strip():
        return Path(row.wert.strip())
    if configured is not None:
        return configured
    return data_dir / "Dokumente"


def dokumente_ordner(session: Session, einheit_id: int, root: Path) -> Path:
    """The Einheit's document folder ``root/Mandant/Objekt/Einheit``, created on demand."""
    einheit = get_or_404(session, Einheit, einheit_id, "Einheit")
    objekt: Objekt = einheit.objekt
    folder = (
        root
        / safe_path_part(f"{objekt.mandant.mandant_nr} {objekt.mandant.name}")
        / safe_path_part(f"{objekt.objekt_nr} {objekt.bezeichnung}")
        / safe_path_part(einheit.einheit_nr + (f" Top {einheit.top_nr}" if einheit.top_nr else ""))
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(
            f"Der Dokumentenordner {folder} kann nicht angelegt werden: {exc.strerror or exc}"
        ) from exc
    return folder
