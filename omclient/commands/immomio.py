"""``omclient immomio export|push|stammdaten|interessenten|verlauf`` — for schedulers and admins.

* ``export -o FILE [--voll]``: writes what a push would send as OpenImmo ZIP
  (or plain XML when FILE ends in ``.xml``); sends nothing, changes nothing.
* ``push [--dry-run] [--voll]``: dry run prints the diff (neu / geändert /
  zurückgezogen) and the missing checklist fields per unit; otherwise sends.
* ``interessenten [--file FILE]``: imports OpenImmo-Feedback from FILE or
  fetches it over the configured transport.
* ``stammdaten [--dry-run] [--voll]``: Wirtschaftseinheiten, Verwaltungseinheiten,
  Mieter with an e-mail address and their Mietverträge of the configured
  Mandanten, change-only as JSON (dry run: what would be sent, and the
  tenancies left out for want of an e-mail address).
* ``verlauf``: the latest transfers.

The password comes from the OS keyring; when there is none (or nothing is
stored) it is asked for on the terminal and never written anywhere.
Exit code 0 on success, 1 when the transfer failed or was only partial.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from omclient import formatting as fmt
from omclient.clock import SYSTEM_CLOCK
from omclient.commands import open_db
from omclient.config import Settings
from omclient.db import Database
from omclient.errors import IntegrationError, ValidationError
from omclient.immomio import interessenten, push, stammdaten
from omclient.immomio.einstellungen import (
    KEIN_KEYRING,
    ImmomioEinstellungen,
    keyring_verfuegbar,
    load_settings,
    passwort_lesen,
)
from omclient.immomio.openimmo import Aktion
from omclient.immomio.transport import HttpsTransport, Transport, transport_fuer
from omclient.services.benutzer import current_user


def register(sub: argparse._SubParsersAction) -> None:
    immomio = sub.add_parser(
        "immomio", help="Leerstände an Immomio übertragen, Interessenten holen"
    )
    cmds = immomio.add_subparsers(title="Immomio-Befehle", metavar="BEFEHL", required=True)

    export = cmds.add_parser(
        "export", help="OpenImmo-Datei (ZIP, bei .xml reines XML) schreiben, nichts senden"
    )
    export.add_argument("-o", "--output", required=True, metavar="DATEI", type=Path)
    export.add_argument("--voll", action="store_true", help="alle Leerstände (Vollabgleich)")
    export.set_defaults(func=export_cmd)

    push_p = cmds.add_parser(
        "push", help="neue/geänderte Leerstände senden, vermietete zurückziehen"
    )
    push_p.add_argument(
        "--dry-run", action="store_true", help="nur anzeigen, was gesendet würde (Probelauf)"
    )
    push_p.add_argument("--voll", action="store_true", help="alle Leerstände als Vollabgleich")
    push_p.set_defaults(func=push_cmd)

    inter = cmds.add_parser("interessenten", help="Interessenten (OpenImmo-Feedback) importieren")
    inter.add_argument("--file", metavar="DATEI", type=Path, help="aus Datei statt vom Server")
    inter.set_defaults(func=interessenten_cmd)

    stamm = cmds.add_parser(
        "stammdaten",
        help="Wirtschafts-/Verwaltungseinheiten, Mieter mit E-Mail und Mietverträge senden",
    )
    stamm.add_argument(
        "--dry-run", action="store_true", help="nur anzeigen, was gesendet würde (Probelauf)"
    )
    stamm.add_argument("--voll", action="store_true", help="alle Datensätze erneut senden")
    stamm.set_defaults(func=stammdaten_cmd)

    verlauf = cmds.add_parser("verlauf", help="die letzten Übertragungen anzeigen")
    verlauf.set_defaults(func=verlauf_cmd)


def _password(settings: ImmomioEinstellungen) -> str:
    stored = passwort_lesen(settings)
    if stored:
        return stored
    if not sys.stdin.isatty():
        reason = (
            KEIN_KEYRING
            if not keyring_verfuegbar()
            else (
                "Für Immomio ist kein Passwort im Schlüsselbund gespeichert "
                "(Extras → Immomio → Passwort speichern)."
            )
        )
        raise IntegrationError(f"{reason} Ohne Terminal kann es nicht abgefragt werden.")
    if not keyring_verfuegbar():
        print(KEIN_KEYRING, file=sys.stderr)
    return getpass.getpass(f"Passwort für {settings.benutzer}@{settings.host}: ")


def _verbindung(database: Database) -> tuple[ImmomioEinstellungen, Transport]:
    """The stored Immomio settings and a transport to the server (the password from
    the keyring, else asked for); ValidationError while the settings are incomplete."""
    with database.sessions() as session:
        immomio = load_settings(session)
    problems = immomio.probleme()
    if problems:
        raise ValidationError(
            "Immomio ist noch nicht vollständig eingerichtet (Extras → Immomio).", problems
        )
    return immomio, transport_fuer(immomio, _password(immomio))


def export_cmd(args: argparse.Namespace, settings: Settings) -> int:
    database = open_db(settings)
    try:
        with database.sessions() as session:
            immomio = load_settings(session)
            plan = push.export(session, immomio, args.output, SYSTEM_CLOCK, voll=args.voll)
    finally:
        database.dispose()
    counts = plan.zaehler()
    anzahl = len(push.objekte_des_plans(plan))
    if args.voll:
        detail = f"Vollabgleich aller {plan.leerstaende} Leerstände"
    else:
        detail = (
            f"neu {counts['neu']}, geändert {counts['geaendert']}, "
            f"zurückgezogen {counts['zurueckgezogen']}"
        )
    print(f"{args.output}: {anzahl} Objekte ({detail}) – nichts gesendet")
    return 0


def _print_plan(plan: push.PushPlan) -> None:
    counts = plan.zaehler()
    print(
        f"Probelauf {fmt.date(plan.stichtag)}: {plan.leerstaende} Leerstände – "
        f"neu {counts['neu']}, geändert {counts['geaendert']}, "
        f"zurückgezogen {counts['zurueckgezogen']}, unverändert {counts['unveraendert']}"
        + (f", nicht gesendet {counts['nicht_gesendet']}" if counts["nicht_gesendet"] else "")
    )
    for posten in plan.posten:
        if posten.nicht_gesendet:
            line = f"{posten.aktion_text:<14} {posten.externe_id:<20} {posten.bezeichnung}"
            print(f"{line}  – {posten.nicht_gesendet}")
            continue
        if posten.aktion is None and not posten.fehlende_felder and not posten.hinweise:
            continue
        line = f"{posten.aktion_text:<14} {posten.externe_id:<20} {posten.bezeichnung}"
        if posten.fehlende_felder and posten.aktion is not Aktion.LOESCHEN:
            line += f"  – fehlt: {', '.join(posten.fehlende_felder)}"
        if posten.hinweise:
            line += f"  – Hinweis: {'; '.join(posten.hinweise)}"
        print(line)


def push_cmd(args: argparse.Namespace, settings: Settings) -> int:
    database = open_db(settings)
    try:
        with database.sessions.begin() as session:
            login = current_user(session, settings.benutzer).login
        if args.dry_run:
            plan, _ = push.probelauf(database.sessions, login, SYSTEM_CLOCK, voll=args.voll)
            _print_plan(plan)
            return 0
        immomio, transport = _verbindung(database)
        try:
            result = push.push(
                database.sessions, transport, login, SYSTEM_CLOCK, voll=args.voll, settings=immomio
            )
        finally:
            transport.close()
    finally:
        database.dispose()
    if result.ergebnis == push.ERGEBNIS_NICHTS:
        print("Übertragung: nichts zu übertragen – Immomio ist auf dem neuesten Stand.")
    else:
        print(
            f"Übertragung {result.ergebnis}: neu {result.neu}, geändert {result.geaendert}, "
            f"zurückgezogen {result.zurueckgezogen}"
            + (f", offen {result.offen}" if result.offen else "")
        )
    for externe_id, grund in sorted(result.abgelehnt.items()):
        print(f"  nicht angenommen: {externe_id}: {grund}", file=sys.stderr)
    if result.meldung and result.ergebnis not in (push.ERGEBNIS_ERFOLGREICH, push.ERGEBNIS_NICHTS):
        print(f"Fehler: {result.meldung}", file=sys.stderr)
    return 0 if result.ergebnis in (push.ERGEBNIS_ERFOLGREICH, push.ERGEBNIS_NICHTS) else 1


def _print_stammdaten_plan(plan: stammdaten.StammdatenPlan) -> None:
    print(f"Probelauf Stammdaten {fmt.date(plan.stichtag)}:")
    for entitaet, c in plan.zaehler().items():
        print(
            f"  {stammdaten.ENTITAET_TEXT[entitaet]:<21} neu {c['neu']}, geändert {c['geändert']}, "
            f"gelöscht {c['gelöscht']}, unverändert {c['unverändert']}"
        )
    vertraege = plan.mietvertraege()
    print(f"Mietverträge von Mietern mit E-Mail ({len(vertraege)}):")
    for d in vertraege:
        print(f"  {d.aktion or 'unverändert':<12} {d.externe_id:<22} {d.bezeichnung}")
    for d in plan.zu_senden(stammdaten.MIETVERTRAEGE):
        if d.aktion == stammdaten.GELOESCHT:
            print(f"  {d.aktion:<12} {d.externe_id}")
    print(f"Nicht übertragen, Mieter ohne E-Mail-Adresse ({len(plan.ohne_email)}):")
    for label in plan.ohne_email:
        print(f"  {label}")


def stammdaten_cmd(args: argparse.Namespace, settings: Settings) -> int:
    database = open_db(settings)
    try:
        with database.sessions.begin() as session:
            login = current_user(session, settings.benutzer).login
        if args.dry_run:
            plan, _ = stammdaten.probelauf(database.sessions, login, SYSTEM_CLOCK, voll=args.voll)
            _print_stammdaten_plan(plan)
            return 0
        with database.sessions() as session:
            immomio = load_settings(session)
        if immomio.transport != "https":
            raise ValidationError(
                "Stammdaten werden nur über die Immomio-API (HTTPS) übertragen, nicht per FTP."
            )
        transport = HttpsTransport(immomio, _password(immomio))
        try:
            result = stammdaten.senden(
                database.sessions, transport, login, SYSTEM_CLOCK, voll=args.voll, settings=immomio
            )
        finally:
            transport.close()
    finally:
        database.dispose()
    print(
        f"Stammdaten {result.ergebnis}: gesendet {result.gesendet}, gelöscht {result.geloescht}"
        + (f", offen {result.offen}" if result.offen else "")
    )
    for externe_id, grund in sorted(result.abgelehnt.items()):
        print(f"  nicht angenommen: {externe_id}: {grund}", file=sys.stderr)
    if result.meldung and result.ergebnis not in ("erfolgreich", "nichts zu übertragen"):
        print(f"Fehler: {result.meldung}", file=sys.stderr)
    return 0 if result.ergebnis in ("erfolgreich", "nichts zu übertragen") else 1


def interessenten_cmd(args: argparse.Namespace, settings: Settings) -> int:
    database = open_db(settings)
    try:
        if args.file:
            try:
                content = args.file.read_bytes()
            except OSError as exc:
                raise ValidationError(
                    f"Die Datei {args.file} kann nicht gelesen werden: {exc.strerror}"
                ) from exc
            result = interessenten.import_datei(database.sessions, content, SYSTEM_CLOCK)
        else:
            _, transport = _verbindung(database)
            try:
                result = interessenten.abrufen(database.sessions, transport, SYSTEM_CLOCK)
            finally:
                transport.close()
    finally:
        database.dispose()
    print(
        f"Interessenten: {result.gelesen} gelesen, {result.neu} neu, "
        f"{result.zusammengefuehrt} zusammengeführt"
        + (f", {result.ohne_einheit} ohne bekannte Einheit" if result.ohne_einheit else "")
    )
    return 0


def verlauf_cmd(args: argparse.Namespace, settings: Settings) -> int:
    database = open_db(settings)
    try:
        with database.sessions() as session:
            rows = push.verlauf(session, limit=30)
    finally:
        database.dispose()
    for row in rows:
        when = f"{fmt.date(row.gestartet_am.date())} {row.gestartet_am:%H:%M}"
        print(
            f"{when}  {row.art:<16} {row.transport:<6} {row.ergebnis:<22} "
            f"neu {row.neu}, geändert {row.geaendert}, zurückgezogen {row.zurueckgezogen}"
            f"  ({row.benutzer})"
        )
    return 0
