"""``omclient report kontoauszug`` and ``omclient report uebergabeprotokoll``."""

from __future__ import annotations

import io

import pypdf

from omclient.cli import main


def text_of(path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_kontoauszug_of_one_einheit(db_url, portfolio, tmp_path, capsys):
    target = tmp_path / "ka.pdf"
    code = main(
        [
            "--database",
            db_url,
            "report",
            "kontoauszug",
            "--objekt",
            "1010",
            "--einheit",
            "0001",
            "--von",
            "01.01.2026",
            "--bis",
            "30.11.2026",
            "-o",
            str(target),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert f"Kontoauszug gespeichert: {target}" in out
    assert "Endsaldo per 30.11.2026: €\u00a01.602,02 (offener Betrag)" in out
    text = text_of(target)
    assert "Anna Huber" in text and "01.01.2026 – 30.11.2026" in text


def test_kontoauszug_of_a_whole_objekt_into_one_pdf_or_one_file_each(
    db_url, portfolio, tmp_path, capsys
):
    one = tmp_path / "alle.pdf"
    assert (
        main(
            [
                "--database",
                db_url,
                "report",
                "kontoauszug",
                "--objekt",
                "1010",
                "--von",
                "01.01.2026",
                "--bis",
                "31.12.2026",
                "-o",
                str(one),
            ]
        )
        == 0
    )
    text = text_of(one)
    # every tenancy running in 2026: Huber (Wohnung + Garage), Novak, Wagner, Café, Mayer
    for name in ("Anna Huber", "Mag. Eva Novak", "Franz Wagner", "Café Sonne GmbH", "Josef Mayer"):
        assert name in text
    assert "Karl Berger" not in text  # his tenancies ended before 2026
    assert text.count("Seite 1 von") == 6

    folder = tmp_path / "einzeln"
    assert (
        main(["--database", db_url, "report", "kontoauszug", "--objekt", "1010", "-o", str(folder)])
        == 0
    )
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 6
    assert "Kontoauszug_1010-0001-1.pdf" in files and "Kontoauszug_1010-0006-1.pdf" in files
    assert "6 Berichte (Kontoauszug)" in capsys.readouterr().out


def test_uebergabeprotokoll_einzug_and_auszug(db_url, portfolio, tmp_path, capsys):
    einzug = tmp_path / "einzug.pdf"
    assert (
        main(
            [
                "--database",
                db_url,
                "report",
                "uebergabeprotokoll",
                "--objekt",
                "1010",
                "--einheit",
                "0002",
                "-o",
                str(einzug),
            ]
        )
        == 0
    )
    assert "Wohnungsübergabeprotokoll – Einzug" in text_of(einzug)
    assert "Mag. Eva Novak" in text_of(einzug)
    auszug = tmp_path / "auszug.pdf"
    assert (
        main(
            [
                "--database",
                db_url,
                "report",
                "uebergabeprotokoll",
                "--objekt",
                "1010",
                "--einheit",
                "0004",
                "--auszug",
                "-o",
                str(auszug),
            ]
        )
        == 0
    )
    assert "Wohnungsübergabeprotokoll – Auszug" in text_of(auszug)
    assert "Mietverhältnis 1010/0004/1: Karl Berger" in capsys.readouterr().out


def test_einheit_without_tenancy_fails_with_a_clear_message(db_url, portfolio, tmp_path, capsys):
    target = tmp_path / "nein.pdf"
    code = main(
        [
            "--database",
            db_url,
            "report",
            "uebergabeprotokoll",
            "--objekt",
            "1010",
            "--einheit",
            "0008",
            "-o",
            str(target),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "Die Einheit 1010/0008 hat kein Mietverhältnis" in err
    assert not target.exists()
    code = main(
        [
            "--database",
            db_url,
            "report",
            "kontoauszug",
            "--objekt",
            "1010",
            "--einheit",
            "0008",
            "-o",
            str(target),
        ]
    )
    assert code == 1 and "kein Mietverhältnis" in capsys.readouterr().err
    code = main(
        ["--database", db_url, "report", "kontoauszug", "--objekt", "9999", "-o", str(target)]
    )
    assert code == 1 and "Objekt 9999 wurde nicht gefunden" in capsys.readouterr().err
