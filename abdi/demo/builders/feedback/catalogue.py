"""The service catalogue of the public-facing units."""

from __future__ import annotations

from abdi.demo.builders.bulk import bulk_create_with_history
from abdi.demo.builders.feedback.common import (
    HISTORY_REASON,
)
from abdi.feedback.models import (
    PublicService,
)
from abdi.org.models import OrgUnit

# --- the service catalogue ----------------------------------------------------------------------
# (name, description, standard working days) per kind of public-facing unit.
PUSKESMAS_SERVICES = [
    ("Pelayanan Poli Umum", "Pemeriksaan dan pengobatan umum untuk semua usia.", 1),
    ("Pelayanan Kesehatan Ibu dan Anak", "Pemeriksaan kehamilan, KB dan tumbuh kembang anak.", 1),
    ("Imunisasi", "Imunisasi dasar lengkap dan lanjutan sesuai jadwal nasional.", 1),
    ("Surat Keterangan Sehat", "Pemeriksaan dan penerbitan surat keterangan sehat.", 1),
]
HOSPITAL_SERVICES = [
    ("Pendaftaran dan Rawat Jalan", "Pendaftaran pasien dan pelayanan poliklinik spesialis.", 1),
    ("Instalasi Gawat Darurat", "Pelayanan kegawatdaruratan 24 jam.", 1),
    ("Rawat Inap", "Perawatan pasien di ruang rawat inap.", None),
    ("Pelayanan Farmasi", "Penyerahan obat resep rawat jalan dan rawat inap.", 1),
]
SCHOOL_SERVICES = [
    ("Penerimaan Peserta Didik Baru", "Pendaftaran dan seleksi PPDB sesuai jalur.", 5),
    ("Legalisir Ijazah", "Pengesahan fotokopi ijazah dan SKHUN alumni.", 1),
    ("Surat Keterangan Pindah Sekolah", "Surat pindah (mutasi) peserta didik.", 3),
]
SAMSAT_SERVICES = [
    ("Pengesahan STNK Tahunan", "Pembayaran PKB dan pengesahan STNK setiap tahun.", 1),
    ("Balik Nama Kendaraan Bermotor", "BBNKB kendaraan bekas dan mutasi dari luar daerah.", 3),
    ("Penggantian STNK Hilang atau Rusak", "Penerbitan STNK pengganti.", 3),
]
# Permits (perizinan) and other counters of the offices: unit code -> services.
OFFICE_SERVICES = {
    "DINKES": [
        ("Rekomendasi Perizinan Fasilitas Kesehatan",
         "Rekomendasi teknis izin klinik, apotek dan laboratorium.", 10),
    ],
    "DISHUB": [
        ("Izin Trayek Angkutan Antarkota dalam Provinsi", "Izin penyelenggaraan angkutan AKDP.", 7),
        ("Uji Berkala Kendaraan Bermotor", "Uji KIR kendaraan angkutan umum dan barang.", 1),
    ],
    "DLH": [
        ("Persetujuan Teknis Pembuangan Air Limbah",
         "Persetujuan teknis untuk usaha yang membuang air limbah.", 14),
    ],
    "DISNAKERTRANS": [
        ("Pengesahan Peraturan Perusahaan", "Pengesahan peraturan perusahaan lintas kabupaten.", 7),
        ("Kartu Pencari Kerja (AK/1)", "Penerbitan kartu pencari kerja.", 1),
    ],
    "DISPERINDAG": [
        ("Tera dan Tera Ulang Alat Ukur", "Pengujian alat ukur, takar, timbang dan perlengkapannya.", 3),
    ],
    "DINSOS": [
        ("Rekomendasi Pengangkatan Anak", "Rekomendasi izin pengangkatan anak antarwarga.", 14),
    ],
    "BKPSDM": [
        ("Layanan Kenaikan Pangkat", "Verifikasi usul kenaikan pangkat ASN.", 10),
        ("Legalisir SK Kepegawaian", "Pengesahan salinan SK kepegawaian.", 1),
    ],
}  # fmt: skip


# --- catalogue ----------------------------------------------------------------------------------


def _catalogue_for(unit: OrgUnit) -> tuple[str, list] | None:
    if unit.kind == "puskesmas":
        return "puskesmas", PUSKESMAS_SERVICES
    if unit.kind == "hospital":
        return "hospital", HOSPITAL_SERVICES
    if unit.kind == "school":
        return "school", SCHOOL_SERVICES
    if unit.code.startswith("BAPENDA-UPTD"):
        return "samsat", SAMSAT_SERVICES
    if unit.code in OFFICE_SERVICES:
        return "office", OFFICE_SERVICES[unit.code]
    return None


def write_catalogue(units: list[OrgUnit]) -> dict[int, tuple[str, list[PublicService]]]:
    """One bulk write of the services of every public-facing unit; unit id -> (kind, services)."""
    has_samsat = any(u.code.startswith("BAPENDA-UPTD") for u in units)
    out: dict[int, tuple[str, list[PublicService]]] = {}
    objs: list[PublicService] = []
    for unit in units:
        found = _catalogue_for(unit)
        if found is None and unit.code == "BAPENDA" and not has_samsat:
            found = ("samsat", SAMSAT_SERVICES)  # a small province: Bapenda's own counter
        if found is None:
            continue
        kind, specs = found
        services = [
            PublicService(org_unit=unit, name=name, description=desc, standard_days=days)
            for name, desc, days in specs
        ]
        out[unit.pk] = (kind, services)
        objs.extend(services)
    bulk_create_with_history(
        objs, PublicService, batch_size=1000, default_change_reason=HISTORY_REASON
    )
    return out
