"""Getting files to and from Immomio: HTTPS API (httpx) or FTP/FTPS (ftplib).

HTTPS (Immomio API user): ``POST <url>/upload`` with the ZIP as multipart file
``datei`` and HTTP Basic authentication; any 2xx confirms the file. The body
may list per object what was taken (``{"accepted": [ids], "rejected": [{"id":
…, "message": …}]}``); without such a list the whole file counts as confirmed.
Stammdaten go as JSON: ``POST <url>/<path>`` with the same confirmation body.
Feedback (Interessenten) comes from ``GET <url>/feedback`` (OpenImmo-Feedback
XML; 204 = nothing new) and is acknowledged with ``DELETE <url>/feedback/<id>``
when the response names one in the ``X-Feedback-Id`` header.

FTP/FTPS (old DIT "Bestandsimport" accounts): the ZIP is stored under a
temporary ``.part`` name in the configured directory and renamed when
complete, so the receiver never picks up half a file. Feedback files (``*.xml``
or ``*.zip``) are fetched from the feedback directory and deleted after import.

Connection errors, timeouts, dropped connections and server errors (HTTP 5xx,
FTP 4xx) are retried with exponential backoff; client errors (HTTP 4xx, FTP
5xx) are not. A rejected login gives a clear German message. Passwords never
appear in log lines or messages.
"""

from __future__ import annotations

import ftplib
import io
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

import httpx

from omclient.errors import IntegrationError
from omclient.immomio.einstellungen import ImmomioEinstellungen

log = logging.getLogger(__name__)

T = TypeVar("T")

ANMELDUNG_FEHLGESCHLAGEN = (
    "Die Anmeldung bei Immomio ist fehlgeschlagen: Benutzername oder Passwort sind falsch. "
    "Bitte prüfen Sie die Zugangsdaten unter Extras → Immomio."
)


@dataclass(frozen=True)
class Bestaetigung:
    """What the server confirmed of one file: all (``angenommen is None``) or these ids."""

    angenommen: frozenset[str] | None = None
    abgelehnt: dict[str, str] = field(default_factory=dict)

    def bestaetigt(self, externe_id: str) -> bool:
        if externe_id in self.abgelehnt:
            return False
        return self.angenommen is None or externe_id in self.angenommen


@dataclass(frozen=True)
class FeedbackDatei:
    name: str
    inhalt: bytes


class Transport(Protocol):
    """A way to Immomio. Implementations raise IntegrationError on failure."""

    art: str

    def senden(self, dateiname: str, daten: bytes) -> Bestaetigung: ...

    def feedback_abrufen(self) -> list[FeedbackDatei]: ...

    def feedback_quittieren(self, datei: FeedbackDatei) -> None: ...

    def close(self) -> None: ...


class _Retryable(Exception):
    """A failure worth another attempt (connection, timeout, server error)."""


@dataclass
class RetryPolicy:
    """Attempts and exponential backoff: wait ``basis * 2**n`` seconds after try n."""

    versuche: int = 4
    basis_s: float = 0.5
    sleep: Callable[[float], None] = time.sleep

    def run(self, what: str, action: Callable[[], T]) -> T:
        last: Exception | None = None
        for attempt in range(self.versuche):
            try:
                return action()
            except _Retryable as exc:
                last = exc
                if attempt + 1 < self.versuche:
                    wait = self.basis_s * (2**attempt)
                    log.warning("%s fehlgeschlagen (%s), neuer Versuch in %.1f s", what, exc, wait)
                    self.sleep(wait)
        raise IntegrationError(
            f"{what} ist nach {self.versuche} Versuchen fehlgeschlagen: {last}. "
            "Bereits bestätigte Einheiten bleiben gespeichert; die Übertragung kann "
            "später fortgesetzt werden."
        )


def redacted(url: str) -> str:
    """``url`` without user info (for log lines and messages)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return parts._replace(netloc=host).geturl()


class HttpsTransport:
    """Immomio API over HTTPS with the API user."""

    art = "https"

    def __init__(
        self,
        settings: ImmomioEinstellungen,
        passwort: str,
        retry: RetryPolicy | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.base = settings.url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.client = client or httpx.Client(
            auth=httpx.BasicAuth(settings.benutzer, passwort),
            timeout=httpx.Timeout(settings.timeout_s, connect=min(settings.timeout_s, 10.0)),
            headers={"User-Agent": "omclient"},
        )

    def _request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        url = f"{self.base}/{path}"

        def attempt() -> httpx.Response:
            try:
                response = self.client.request(method, url, **kwargs)  # type: ignore[arg-type]
            except httpx.TimeoutException as exc:
                raise _Retryable("Zeitüberschreitung") from exc
            except httpx.TransportError as exc:
                raise _Retryable(f"Verbindungsfehler ({type(exc).__name__})") from exc
            if response.status_code >= 500:
                raise _Retryable(f"Serverfehler HTTP {response.status_code}")
            if response.status_code in (401, 403):
                raise IntegrationError(ANMELDUNG_FEHLGESCHLAGEN)
            if response.status_code >= 400:
                detail = response.text.strip()[:200]
                raise IntegrationError(
                    f"Immomio hat die Anfrage abgelehnt (HTTP {response.status_code})"
                    + (f": {detail}" if detail else ".")
                )
            return response

        log.info("Immomio %s %s", method, redacted(url))
        return self.retry.run(f"Die Verbindung zu {redacted(self.base)}", attempt)

    def senden(self, dateiname: str, daten: bytes) -> Bestaetigung:
        response = self._request(
            "POST", "upload", files={"datei": (dateiname, daten, "application/zip")}
        )
        return _bestaetigung_aus(response)

    def json_senden(self, pfad: str, daten: dict[str, Any]) -> Bestaetigung:
        """POST ``daten`` as JSON to ``<url>/<pfad>`` (Stammdaten); what was confirmed."""
        response = self._request("POST", pfad, json=daten)
        return _bestaetigung_aus(response)

    def feedback_abrufen(self) -> list[FeedbackDatei]:
        response = self._request("GET", "feedback")
        if response.status_code == 204 or not response.content.strip():
            return []
        name = response.headers.get("X-Feedback-Id", "feedback.xml")
        return [FeedbackDatei(name=name, inhalt=response.content)]

    def feedback_quittieren(self, datei: FeedbackDatei) -> None:
        if datei.name != "feedback.xml":
            self._request("DELETE", f"feedback/{datei.name}")

    def close(self) -> None:
        self.client.close()


def _bestaetigung_aus(response: httpx.Response) -> Bestaetigung:
    if "json" not in response.headers.get("content-type", ""):
        return Bestaetigung()
    try:
        body = response.json()
    except ValueError:
        return Bestaetigung()
    if not isinstance(body, dict) or ("accepted" not in body and "rejected" not in body):
        return Bestaetigung()
    rejected = {
        str(item.get("id")): str(item.get("message", "abgelehnt"))
        for item in body.get("rejected", [])
        if isinstance(item, dict)
    }
    accepted = body.get("accepted")
    return Bestaetigung(
        angenommen=frozenset(str(a) for a in accepted) if accepted is not None else None,
        abgelehnt=rejected,
    )


class FtpTransport:
    """FTP or FTPS upload for Immomio accounts on the old DIT system."""

    def __init__(
        self,
        settings: ImmomioEinstellungen,
        passwort: str,
        tls: bool = False,
        retry: RetryPolicy | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.art = "ftps" if tls else "ftp"
        self.ssl_context = ssl_context
        text = settings.url.strip()
        parts = urlsplit(text if "://" in text else f"//{text}")
        self.host = parts.hostname or ""
        self.port = parts.port or 21
        self.user = settings.benutzer
        self._passwort = passwort
        self.tls = tls
        self.timeout = settings.timeout_s
        self.verzeichnis = parts.path if parts.path not in ("", "/") else settings.ftp_verzeichnis
        self.feedback_verzeichnis = settings.feedback_verzeichnis
        self.retry = retry or RetryPolicy()

    def _connect(self) -> ftplib.FTP:
        ftp: ftplib.FTP
        if self.tls:
            context = self.ssl_context or ssl.create_default_context()
            ftp = ftplib.FTP_TLS(context=context, timeout=self.timeout)
        else:
            ftp = ftplib.FTP(timeout=self.timeout)
        ftp.connect(self.host, self.port)
        try:
            ftp.login(self.user, self._passwort)
        except ftplib.error_perm as exc:
            ftp.close()
            if str(exc).startswith("530"):
                raise IntegrationError(ANMELDUNG_FEHLGESCHLAGEN) from exc
            raise
        if isinstance(ftp, ftplib.FTP_TLS):
            ftp.prot_p()
        return ftp

    def _run(self, what: str, action: Callable[[ftplib.FTP], T]) -> T:
        def attempt() -> T:
            ftp: ftplib.FTP | None = None
            try:
                ftp = self._connect()
                result = action(ftp)
                try:
                    ftp.quit()
                except (OSError, EOFError, ftplib.Error):
                    ftp.close()
                return result
            except ftplib.error_temp as exc:
                raise _Retryable(f"Server vorübergehend nicht bereit ({str(exc)[:3]})") from exc
            except ftplib.error_perm as exc:
                raise IntegrationError(
                    f"Der FTP-Server hat die Aktion abgelehnt: {str(exc)[:120]}"
                ) from exc
            except ssl.SSLCertVerificationError as exc:
                raise IntegrationError(
                    f"Das Zertifikat des FTP-Servers {self.host} ist nicht vertrauenswürdig "
                    f"({exc.verify_message}). Die Verbindung wurde nicht aufgebaut."
                ) from exc
            except (TimeoutError, ConnectionError, EOFError, ftplib.error_reply) as exc:
                raise _Retryable(f"Verbindungsfehler ({type(exc).__name__})") from exc
            except OSError as exc:
                raise _Retryable(f"Verbindungsfehler ({type(exc).__name__})") from exc
            finally:
                if ftp is not None and ftp.sock is not None:
                    ftp.close()

        log.info("Immomio %s %s:%s %s", self.art.upper(), self.host, self.port, what)
        return self.retry.run(f"Die Verbindung zu {self.host}", attempt)

    def _cwd(self, ftp: ftplib.FTP, path: str) -> None:
        if path and path != "/":
            ftp.cwd(path)

    def senden(self, dateiname: str, daten: bytes) -> Bestaetigung:
        def upload(ftp: ftplib.FTP) -> None:
            self._cwd(ftp, self.verzeichnis)
            temp = f"{dateiname}.part"
            ftp.storbinary(f"STOR {temp}", io.BytesIO(daten))
            ftp.rename(temp, dateiname)

        self._run(f"Upload {dateiname}", upload)
        return Bestaetigung()

    def feedback_abrufen(self) -> list[FeedbackDatei]:
        def fetch(ftp: ftplib.FTP) -> list[FeedbackDatei]:
            try:
                self._cwd(ftp, self.feedback_verzeichnis)
            except ftplib.error_perm:
                return []
            names = sorted(n for n in ftp.nlst() if n.lower().endswith((".xml", ".zip")))
            files = []
            for name in names:
                buffer = io.BytesIO()
                ftp.retrbinary(f"RETR {name}", buffer.write)
                files.append(FeedbackDatei(name=name, inhalt=buffer.getvalue()))
            return files

        return self._run("Feedback abrufen", fetch)

    def feedback_quittieren(self, datei: FeedbackDatei) -> None:
        def delete(ftp: ftplib.FTP) -> None:
            self._cwd(ftp, self.feedback_verzeichnis)
            ftp.delete(datei.name)

        self._run(f"Feedback {datei.name} löschen", delete)

    def close(self) -> None:
        """Nothing to close: every action uses its own connection."""


def transport_fuer(
    settings: ImmomioEinstellungen, passwort: str, retry: RetryPolicy | None = None
) -> Transport:
    """The transport the settings choose."""
    if settings.transport == "https":
        return HttpsTransport(settings, passwort, retry=retry)
    return FtpTransport(settings, passwort, tls=settings.transport == "ftps", retry=retry)
