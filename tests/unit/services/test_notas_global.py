"""Notas de venta and the factura global, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from lxml import etree
from sqlmodel import select

from facturador.models import Documento, read_session, write_session
from facturador.models.states import DocumentState, transition
from facturador.models.tables import NotaVenta
from facturador.sat.validation.validator import validate_xml
from facturador.services import directory, global_invoice, tickets
from facturador.services.context import Context
from facturador.services.errors import TicketError
from tests.unit.pdf.conftest import pdf_text

CFDI = "{http://www.sat.gob.mx/cfd/4}"
LATER = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)  # the global of November is issued in December


@pytest.fixture
def ctx(engine, company, secrets, tmp_path):
    return Context(engine, secrets, clock=lambda: LATER, data_dir_=tmp_path)


def _product(ctx, clave, precio, objeto="02", traslado=None):
    traslados = [traslado] if traslado else []
    return directory.save_product(
        ctx,
        directory.product_data(
            clave_prod_serv="50181900",
            clave_unidad="H87",
            unidad="Pieza",
            descripcion=f"Producto {clave}",
            valor_unitario=precio,
            objeto_imp=objeto,
            no_identificacion=clave,
            impuestos={"Traslados": traslados} if traslados else {},
        ),
    )


IVA16 = {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}
IVA0 = {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.000000"}
EXENTO = {"Impuesto": "002", "TipoFactor": "Exento"}


@pytest.fixture
def products(ctx):
    _product(ctx, "PAN", "7.33", traslado=IVA16)
    _product(ctx, "LECHE", "26.50", traslado=IVA0)
    _product(ctx, "LIBRO", "189.99", traslado=EXENTO)
    _product(ctx, "BOLSA", "1.37", objeto="01")
    _product(ctx, "REFRESCO", "18.45", traslado=IVA16)


def _sale(ctx, day, lines, forma="01", hour=10):
    return tickets.record_ticket(
        ctx,
        {
            "FormaPago": forma,
            "Fecha": f"2026-11-{day:02d}T{hour:02d}:{day % 60:02d}:00",
            "Lineas": [{"NoIdentificacion": c, "Cantidad": q} for c, q in lines],
        },
    )


def test_a_ticket_adds_up_its_lines_and_groups_its_iva(ctx, products):
    t = _sale(ctx, 3, [("PAN", "3"), ("LECHE", "1"), ("LIBRO", "1"), ("BOLSA", "1")])
    assert t.numero == 1
    assert t.subtotal == Decimal("21.99") + Decimal("26.50") + Decimal("189.99") + Decimal("1.37")
    by_label = {tax.label: tax for tax in t.impuestos}
    assert by_label["IVA 16 %"].importe == Decimal("3.52")  # 21.99 × 0.16 = 3.5184
    assert by_label["IVA 0 %"].importe == Decimal("0.00")
    assert by_label["IVA exento"].importe is None
    assert t.total == t.subtotal + Decimal("3.52")
    assert t.status_label == "Pendiente"
    assert _sale(ctx, 3, [("PAN", "1")]).numero == 2  # consecutive


def test_the_ticket_pdf_is_80_mm_wide_and_says_how_to_ask_for_the_invoice(ctx, products, tmp_path):
    t = _sale(ctx, 3, [("PAN", "2"), ("LIBRO", "1")])
    pdf = tickets.ticket_pdf(ctx, t.numero)
    box = re.search(rb"/MediaBox \[\s*0 0 ([0-9.]+) ([0-9.]+)", pdf)
    assert box is not None
    assert round(float(box.group(1)) / 72 * 25.4) == 80
    (tmp_path / "pdf").mkdir()
    text = pdf_text(pdf, tmp_path / "pdf")
    assert "Nota n.º 1" in text
    assert "Necesita factura" in text
    assert f"{t.total:,.2f}" in text
    assert "Producto LIBRO" in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"FormaPago": "01", "Lineas": []}, "no_lines"),
        ({"FormaPago": "01", "Lineas": [{"NoIdentificacion": "NOEXISTE"}]}, "unknown_product"),
        ({"FormaPago": "01", "Lineas": [{"NoIdentificacion": "PAN", "Cantidad": "0"}]},
         "bad_quantity"),
        ({"FormaPago": "99", "Lineas": [{"NoIdentificacion": "PAN"}]}, "bad_forma_pago"),
        ({"FormaPago": "01", "Fecha": "2027-01-01T00:00:00", "Lineas": [{"NoIdentificacion":
          "PAN"}]}, "future_fecha"),
        ({"FormaPago": "01", "Lineas": [{"NoIdentificacion": "PAN", "Cantidad": "0.0001"}]},
         "zero_total"),
    ],
)  # fmt: skip
def test_a_bad_ticket_is_explained_and_records_nothing(ctx, products, engine, data, reason):
    with pytest.raises(TicketError) as raised:
        tickets.record_ticket(ctx, data)
    assert raised.value.reason == reason
    assert raised.value.message  # a Spanish sentence
    with read_session(engine) as session:
        assert session.exec(select(NotaVenta)).all() == []


def test_unknown_product_names_it():
    assert "NOEXISTE" in TicketError("unknown_product", "NOEXISTE").message


def _month_of_sales(ctx, count=300):
    mixes = [
        [("PAN", "3"), ("REFRESCO", "2")],
        [("LECHE", "2")],
        [("LIBRO", "1")],
        [("PAN", "1"), ("LECHE", "1"), ("LIBRO", "1"), ("BOLSA", "2")],
        [("BOLSA", "1"), ("REFRESCO", "1")],
    ]
    made = []
    for n in range(count):
        forma = "01" if n % 3 else "04"
        made.append(_sale(ctx, 1 + n % 30, mixes[n % len(mixes)], forma=forma, hour=8 + n % 12))
    return made


def test_a_month_of_300_tickets_makes_one_valid_global_without_the_invoiced_one(
    ctx, products, engine
):
    made = _month_of_sales(ctx)
    # ticket 7 was invoiced on its own when the customer asked: it stays out of the global
    client = directory.save_client(
        ctx,
        directory.client_data(
            rfc="XOJI740919U48", nombre="INGRID XODAR JIMENEZ", regimen_fiscal_receptor="612",
            domicilio_fiscal_receptor="76028", uso_cfdi="G03",
        ),
    )  # fmt: skip
    invoiced = global_invoice.invoice_ticket(ctx, 7, client.id)
    assert invoiced.old_global is None
    assert tickets.ticket(ctx, 7).status == tickets.FACTURADA
    # a ticket of December is not in November's global
    tickets.record_ticket(ctx, {"FormaPago": "01", "Fecha": "2026-12-01T09:00:00",
                                "Lineas": [{"NoIdentificacion": "PAN"}]})  # fmt: skip

    preview = global_invoice.preview_global(ctx, "04", "11", 2026)
    assert len(preview.tickets) == 299
    assert 7 not in {t.numero for t in preview.tickets}
    result = global_invoice.emit_global(ctx, "04", "11", 2026)
    expected = sum((t.total for t in made if t.numero != 7), Decimal(0))
    assert result.total == expected

    with read_session(engine) as session:
        doc = session.get(Documento, result.documento_id)
        assert doc.state == DocumentState.EN_COLA
        xml = doc.sealed_xml
        notas = session.exec(select(NotaVenta).where(NotaVenta.documento_id == doc.id)).all()
        assert {n.status for n in notas} == {tickets.EN_GLOBAL}
        assert len([n for n in notas if n.status == tickets.EN_GLOBAL]) == 299
    report = validate_xml(xml)  # XSD, every CFDI40 rule, the sello: `facturador validar`
    assert report.errores == ()
    assert report.valido
    assert report.sello_valido
    root = etree.fromstring(xml)
    info = root.find(f"{CFDI}InformacionGlobal")
    assert dict(info.attrib) == {"Periodicidad": "04", "Meses": "11", "Año": "2026"}
    receptor = root.find(f"{CFDI}Receptor")
    assert receptor.get("Rfc") == "XAXX010101000"
    assert receptor.get("Nombre") == "PUBLICO EN GENERAL"
    assert receptor.get("DomicilioFiscalReceptor") == root.get("LugarExpedicion")
    assert (receptor.get("RegimenFiscalReceptor"), receptor.get("UsoCFDI")) == ("616", "S01")
    conceptos = root.find(f"{CFDI}Conceptos")
    by_ticket: dict[str, list] = {}
    for c in conceptos:
        by_ticket.setdefault(c.get("NoIdentificacion"), []).append(c)
    assert len(by_ticket) == 299
    assert "7" not in by_ticket
    # a ticket with one tasa is one concept; one that mixes them, one concept per tasa
    assert len(by_ticket["2"]) == 1
    assert len(by_ticket["4"]) == 4
    assert {c.get("ObjetoImp") for c in by_ticket["4"]} == {"01", "02"}
    first = conceptos[0]
    assert (first.get("ClaveProdServ"), first.get("ClaveUnidad"), first.get("Descripcion"),
            first.get("NoIdentificacion")) == ("01010101", "ACT", "Venta", "1")  # fmt: skip
    assert Decimal(root.get("Total")) == expected
    assert Decimal(root.get("SubTotal")) == sum(
        (t.subtotal for t in made if t.numero != 7), Decimal(0)
    )
    traslados = root.find(f"{CFDI}Impuestos/{CFDI}Traslados")
    factors = {(t.get("TipoFactor"), t.get("TasaOCuota")) for t in traslados}
    assert factors == {("Tasa", "0.160000"), ("Tasa", "0.000000"), ("Exento", None)}
    (libro,) = by_ticket["3"]  # ticket 3: only an exempt book
    assert libro.get("ObjetoImp") == "02"
    assert libro.find(f"{CFDI}Impuestos/{CFDI}Traslados/{CFDI}Traslado").get("TipoFactor") == (
        "Exento"
    )
    # the same period again: nothing left
    with pytest.raises(TicketError) as raised:
        global_invoice.emit_global(ctx, "04", "11", 2026)
    assert raised.value.reason == "empty_period"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("04", "10", 2026), "empty_period"),
        (("04", "01", 2027), "future_period"),
        (("05", "13", 2026), "bimestral_regimen"),
        (("04", "13", 2026), "bad_meses"),
        (("07", "11", 2026), "bad_periodicidad"),
        (("01", "11", 2026), "bad_dia"),
        (("04", "11", 2024), "bad_anio"),
    ],
)
def test_a_bad_period_is_explained_and_stores_nothing(ctx, products, engine, args, reason):
    _sale(ctx, 3, [("PAN", "1")])
    with pytest.raises(TicketError) as raised:
        global_invoice.emit_global(ctx, *args)
    assert raised.value.reason == reason
    assert raised.value.message
    with read_session(engine) as session:
        assert session.exec(select(Documento)).all() == []
        assert session.exec(select(NotaVenta)).one().status == tickets.PENDIENTE


def test_periods_follow_c_periodicidad():
    day = global_invoice.period("01", "11", 2026, 5)
    assert (day.start, day.end) == (datetime(2026, 11, 5).date(), datetime(2026, 11, 5).date())
    week = global_invoice.period("02", "11", 2026, 4)  # Wednesday; the week starts Monday 2
    assert (week.start.day, week.end.day) == (2, 8)
    first_week = global_invoice.period("02", "12", 2026, 1)  # clipped to the month
    assert (first_week.start.day, first_week.end.day) == (1, 6)
    fortnight = global_invoice.period("03", "02", 2026, 20)
    assert (fortnight.start.day, fortnight.end.day) == (16, 28)
    bimester = global_invoice.period("05", "18", 2026, regimen="621")
    assert (bimester.start.month, bimester.end.month, bimester.end.day) == (11, 12, 31)
    assert bimester.informacion_global() == {"Periodicidad": "05", "Meses": "18", "Año": "2026"}


def test_a_daily_global_and_the_simulation_stores_nothing(ctx, products, engine):
    _sale(ctx, 3, [("PAN", "1")])
    _sale(ctx, 4, [("LECHE", "1")])
    simulated = global_invoice.emit_global(ctx, "01", "11", 2026, 3, simulate=True)
    assert simulated.simulated
    assert simulated.documento_id is None
    assert validate_xml(simulated.xml).valido
    with read_session(engine) as session:
        assert session.exec(select(Documento)).all() == []
    done = global_invoice.emit_global(ctx, "01", "11", 2026, 3)
    assert len(done.preview.tickets) == 1
    assert tickets.ticket(ctx, 2).status == tickets.PENDIENTE


def _stamp(engine, documento_id, uuid):
    with write_session(engine) as session:
        doc = session.get(Documento, documento_id)
        for state in (DocumentState.ENVIANDO, DocumentState.TIMBRADO):
            transition(session, doc, state, "test", now=LATER)
        doc.uuid = uuid
        session.add(doc)
        session.commit()


def test_a_ticket_of_a_stamped_global_invoiced_later_follows_sats_motivo_04(ctx, products, engine):
    for day in (3, 4, 5):
        _sale(ctx, day, [("PAN", "2")])
    first = global_invoice.emit_global(ctx, "04", "11", 2026)
    _stamp(engine, first.documento_id, "6F1D2B7E-0000-4000-8000-0000000000AA")
    client = directory.save_client(
        ctx,
        directory.client_data(
            rfc="XOJI740919U48", nombre="INGRID XODAR JIMENEZ", regimen_fiscal_receptor="612",
            domicilio_fiscal_receptor="76028", uso_cfdi="G03",
        ),
    )  # fmt: skip
    procedure = global_invoice.ticket_procedure(ctx, 2)
    assert procedure is not None
    assert "motivo" in procedure
    assert "04" in procedure
    done = global_invoice.invoice_ticket(ctx, 2, client.id)
    assert done.old_global_action == "cancelada"
    with read_session(engine) as session:
        old = session.get(Documento, first.documento_id)
        assert old.state == DocumentState.CANCELACION_EN_COLA
        invoice = session.get(Documento, done.invoice_id)
        assert invoice.rfc_receptor == "XOJI740919U48"
        notas = {n.numero: n for n in session.exec(select(NotaVenta))}
        assert notas[2].status == tickets.FACTURADA
        assert notas[2].documento_id == invoice.id
        new_id = notas[1].documento_id
        assert new_id not in (None, old.id)
        assert notas[3].documento_id == new_id
        new = session.get(Documento, new_id)
    root = etree.fromstring(new.sealed_xml)
    assert [c.get("NoIdentificacion") for c in root.find(f"{CFDI}Conceptos")] == ["1", "3"]
    assert root.find(f"{CFDI}InformacionGlobal").get("Meses") == "11"
    assert validate_xml(invoice.sealed_xml).valido
    assert invoice.total == tickets.ticket(ctx, 2).total
    with pytest.raises(TicketError) as raised:
        global_invoice.invoice_ticket(ctx, 2, client.id)
    assert raised.value.reason == "already_invoiced"


def test_a_ticket_of_a_global_never_sent_withdraws_it(ctx, products, engine):
    _sale(ctx, 3, [("PAN", "2")])
    first = global_invoice.emit_global(ctx, "04", "11", 2026)
    client = directory.save_client(
        ctx,
        directory.client_data(
            rfc="XOJI740919U48", nombre="INGRID XODAR JIMENEZ", regimen_fiscal_receptor="612",
            domicilio_fiscal_receptor="76028", uso_cfdi="G03",
        ),
    )  # fmt: skip
    done = global_invoice.invoice_ticket(ctx, 1, client.id)
    assert (done.old_global_action, done.new_global) == ("retirada", None)
    with read_session(engine) as session:
        assert session.get(Documento, first.documento_id).state == DocumentState.RETIRADO


# ---------------------------------------------------------------- the command line


def _cli(ctx, capsys, *argv):
    from facturador.cli import main

    code = main(list(argv), context=ctx)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_records_prints_and_emits_the_global(ctx, products, capsys, tmp_path):
    sale = tmp_path / "venta.json"
    sale.write_text(
        '{"FormaPago": "01", "Fecha": "2026-11-20T12:00:00",'
        ' "Lineas": [{"NoIdentificacion": "PAN", "Cantidad": "3"}, {"NoIdentificacion": "LIBRO"}]}',
        encoding="utf-8",
    )
    code, out, _ = _cli(ctx, capsys, "nota", "registrar", str(sale), "--json")
    assert code == 0
    assert json.loads(out)["numero"] == 1
    assert json.loads(out)["total"] == "215.50"  # 21.99 + 3.52 + 189.99
    ticket_file = tmp_path / "t.pdf"
    code, out, _ = _cli(ctx, capsys, "nota", "pdf", "1", "--salida", str(ticket_file))
    assert code == 0
    assert ticket_file.read_bytes().startswith(b"%PDF")
    args = ("--periodicidad", "04", "--mes", "11", "--anio", "2026")
    xml_file = tmp_path / "g.xml"
    code, out, _ = _cli(ctx, capsys, "global", "emitir", *args, "--simular", "--xml",
                        str(xml_file))  # fmt: skip
    assert code == 0
    assert "No se guardó nada" in out
    assert validate_xml(xml_file.read_bytes()).valido
    code, out, _ = _cli(ctx, capsys, "global", "emitir", *args, "--json")
    assert code == 0
    assert json.loads(out)["notas"] == 1
    assert json.loads(out)["total"] == "215.50"
    code, out, _ = _cli(ctx, capsys, "nota", "lista")
    assert "En factura global A-1" in out
    code, _, err = _cli(ctx, capsys, "global", "emitir", *args)
    assert code == 1
    assert "No hay notas de venta pendientes" in err


def test_the_command_line_explains_a_missing_product(ctx, products, capsys, tmp_path):
    sale = tmp_path / "venta.json"
    sale.write_text('{"Lineas": [{"NoIdentificacion": "CAFE"}]}', encoding="utf-8")
    code, _, err = _cli(ctx, capsys, "nota", "registrar", str(sale))
    assert code == 1
    assert "El producto CAFE no está en el catálogo" in err


def test_a_ticket_of_a_rejected_global_has_the_global_sealed_again_without_it(
    ctx, products, engine
):
    _sale(ctx, 3, [("PAN", "2")])
    _sale(ctx, 4, [("LIBRO", "1")])
    first = global_invoice.emit_global(ctx, "04", "11", 2026)
    with write_session(engine) as session:
        doc = session.get(Documento, first.documento_id)
        for state in (DocumentState.ENVIANDO, DocumentState.RECHAZADO):
            transition(session, doc, state, "test", now=LATER)
        session.commit()
    client = directory.save_client(
        ctx,
        directory.client_data(
            rfc="XOJI740919U48", nombre="INGRID XODAR JIMENEZ", regimen_fiscal_receptor="612",
            domicilio_fiscal_receptor="76028", uso_cfdi="G03",
        ),
    )  # fmt: skip
    done = global_invoice.invoice_ticket(ctx, 1, client.id)
    assert (done.old_global, done.old_global_action) == ("A-1", "corregida")
    with read_session(engine) as session:
        doc = session.get(Documento, first.documento_id)
        assert doc.state == DocumentState.EN_COLA  # the same folio, sealed again
        root = etree.fromstring(doc.sealed_xml)
        assert [c.get("NoIdentificacion") for c in root.find(f"{CFDI}Conceptos")] == ["2"]
    assert tickets.ticket(ctx, 1).status == tickets.FACTURADA
    assert tickets.ticket(ctx, 2).documento == "A-1"


def test_a_global_withdrawn_from_the_queue_frees_its_tickets(ctx, products, engine):
    from facturador.services.withdrawal import withdraw_document

    _sale(ctx, 3, [("PAN", "2")])
    first = global_invoice.emit_global(ctx, "04", "11", 2026)
    assert tickets.ticket(ctx, 1).documento == "A-1"
    withdraw_document(engine, first.documento_id, LATER)  # Registros > Retirar de la cola
    shown = tickets.ticket(ctx, 1)
    assert (shown.status_label, shown.documento) == ("Pendiente", None)
    assert [t.numero for t in tickets.list_tickets(ctx, status=tickets.PENDIENTE)] == [1]
    again = global_invoice.emit_global(ctx, "04", "11", 2026)
    assert (again.serie, again.folio) == ("A", 2)
    assert tickets.ticket(ctx, 1).documento == "A-2"


def test_the_command_line_invoices_a_ticket_of_a_stamped_global(ctx, products, engine, capsys):
    _sale(ctx, 3, [("PAN", "2")])
    _sale(ctx, 4, [("LECHE", "1")])
    first = global_invoice.emit_global(ctx, "04", "11", 2026)
    _stamp(engine, first.documento_id, "6F1D2B7E-0000-4000-8000-0000000000BB")
    client = directory.save_client(
        ctx,
        directory.client_data(
            rfc="XOJI740919U48", nombre="INGRID XODAR JIMENEZ", regimen_fiscal_receptor="612",
            domicilio_fiscal_receptor="76028", uso_cfdi="G03",
        ),
    )  # fmt: skip
    code, out, _ = _cli(ctx, capsys, "nota", "facturar", "2", "--cliente", str(client.id))
    assert code == 0
    assert "motivo de cancelación 04" in out  # SAT's procedure, said first
    assert "Factura global A-1: cancelación solicitada con motivo 04." in out
    assert "Nueva factura global A-2 en cola, sin la nota 2." in out
    assert "Factura A-3 de la nota 2 en cola" in out
    code, _, err = _cli(ctx, capsys, "nota", "facturar", "2", "--cliente", str(client.id))
    assert code == 1
    assert "ya se facturó" in err
