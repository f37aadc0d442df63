"""The certificate Abdi issues, as a PDF (A4 landscape; WeasyPrint): the agency, "SERTIFIKAT",
the number, the employee's name and NIP, the programme, the provider, the dates, the JP, the
issuing official and a QR code leading to the public verification page, with the verification
code printed under it.

The issuing official is the head of the unit whose code is ABDI_CERTIFICATE_ISSUER_UNIT
(BKPSDM by default) on the day the certificate was issued — the acting official (Plt/Plh) when
there is one; without such a unit the title alone is printed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from abdi.employees.models import ActingAssignment
from abdi.employees.selectors import position_holder
from abdi.learning.models import Certificate
from abdi.org.models import OrgUnit, Position


@dataclass
class Issuer:
    title: str
    name: str = ""
    nip: str = ""
    acting: bool = False
    unit: str = ""


def certificate_issuer(on: dt.date) -> Issuer:
    code = settings.ABDI_CERTIFICATE_ISSUER_UNIT
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        return Issuer(title=_("Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"))
    position = (
        Position.objects.filter(org_unit=unit, is_unit_head=True, is_active=True)
        .order_by("pk")
        .first()
    )
    title = position.name if position else _("Kepala %(unit)s") % {"unit": unit.name}
    if position is None:
        return Issuer(title=title, unit=unit.name)
    holder = position_holder(position.pk, on=on)
    if holder is None:
        return Issuer(title=title, unit=unit.name)
    acting = ActingAssignment.objects.filter(
        position=position, employee=holder, start_date__lte=on, end_date__gte=on
    ).exists()
    return Issuer(title=title, name=holder.full_name, nip=holder.nip, acting=acting, unit=unit.name)


def verify_url(certificate: Certificate, site_url: str = "") -> str:
    base = (settings.ABDI_SITE_URL or site_url).rstrip("/")
    return base + reverse("learning:certificate_verify", args=[certificate.code])


def format_code(code: str) -> str:
    """ABCD-EFGH-JKLM: easier to read aloud and to type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def certificate_context(certificate: Certificate, *, site_url: str = "") -> dict:
    certificate = Certificate.objects.select_related(
        "employee__org_unit__agency",
        "programme__provider",
        "registration__session",
        "enrolment",
    ).get(pk=certificate.pk)
    employee = certificate.employee
    agency = employee.org_unit.agency
    start = end = certificate.completed_on
    if certificate.registration is not None:
        session = certificate.registration.session
        start, end = session.start_date, min(session.end_date, certificate.completed_on)
        if start > end:
            start = end
    url = verify_url(certificate, site_url)
    qr = segno.make(url, error="m")
    return {
        "certificate": certificate,
        "agency": agency,
        "place": agency.region or agency.name,
        "employee_nip": employee.nip,
        "provider": certificate.programme.provider.name,
        "start": start,
        "end": end,
        "issuer": certificate_issuer(certificate.issued_on),
        "verify_url": url,
        "code_display": format_code(certificate.code),
        "qr": qr.svg_data_uri(scale=4, border=0, dark="#000"),
        "revoked": not certificate.is_valid,
    }


def certificate_pdf(certificate: Certificate, *, site_url: str = "") -> bytes:
    # local: WeasyPrint loads Pango and its fonts at import; only a PDF download pays for it
    from weasyprint import HTML

    html = render_to_string(
        "learning/credit/certificate_pdf.html",
        certificate_context(certificate, site_url=site_url),
    )
    return HTML(string=html).write_pdf()
