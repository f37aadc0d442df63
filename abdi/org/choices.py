from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnitKind(models.TextChoices):
    REGION = "region", _("Pemerintah daerah")
    SECRETARIAT = "secretariat", _("Sekretariat")
    AGENCY_OFFICE = "opd", _("OPD (dinas/badan)")
    DIVISION = "division", _("Bidang/bagian")
    SECTION = "section", _("Seksi/subbagian")
    TECHNICAL_UNIT = "uptd", _("UPTD")
    HEALTH_CENTRE = "puskesmas", _("Puskesmas")
    HOSPITAL = "hospital", _("Rumah sakit")
    SCHOOL = "school", _("Sekolah")
    SUBDISTRICT = "kecamatan", _("Kecamatan")
    VILLAGE = "kelurahan", _("Kelurahan")
