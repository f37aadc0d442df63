"""Names, places, titles and institutions of the demo province (Jambi). Pure data and helpers."""

from __future__ import annotations

import random

PROVINCE = "Jambi"
PROVINCE_CODE = "15"  # BPS/Dukcapil code, the first two digits of a Jambi NIK

# (code for unit codes, name, two-digit Dukcapil regency code)
REGENCIES = [
    ("KJB", "Kota Jambi", "71"),
    ("SPN", "Kota Sungai Penuh", "72"),
    ("KRC", "Kerinci", "01"),
    ("MRG", "Merangin", "02"),
    ("SRL", "Sarolangun", "03"),
    ("BTH", "Batanghari", "04"),
    ("MJB", "Muaro Jambi", "05"),
    ("TJT", "Tanjung Jabung Timur", "06"),
    ("TJB", "Tanjung Jabung Barat", "07"),
    ("TBO", "Tebo", "08"),
    ("BGO", "Bungo", "09"),
]
BIRTH_PLACES = [
    "Jambi", "Jambi", "Jambi", "Sungai Penuh", "Bangko", "Sarolangun", "Muara Bulian",
    "Sengeti", "Muara Sabak", "Kuala Tungkal", "Muara Tebo", "Muara Bungo", "Padang",
    "Palembang", "Pekanbaru", "Medan", "Bukittinggi", "Bengkulu", "Jakarta", "Yogyakarta",
    "Bandung", "Semarang", "Surabaya",
]  # fmt: skip

UNIVERSITIES = [
    "Universitas Jambi", "Universitas Jambi", "UIN Sulthan Thaha Saifuddin Jambi",
    "Universitas Batanghari", "Universitas Andalas", "Universitas Sriwijaya",
    "Universitas Gadjah Mada", "Universitas Indonesia", "Universitas Negeri Padang",
    "Universitas Riau", "Institut Pemerintahan Dalam Negeri", "Universitas Terbuka",
]  # fmt: skip
HEALTH_SCHOOLS = ["Poltekkes Kemenkes Jambi", "STIKes Harapan Ibu Jambi", "Universitas Jambi"]
MEDICAL_SCHOOLS = ["Universitas Jambi", "Universitas Andalas", "Universitas Sriwijaya"]

# Profession → (degree per education level code). A title of "" means none is used.
_S1 = {
    "teacher": ["S.Pd."],
    "doctor": [""],  # a physician carries the front title dr.
    "specialist": [""],
    "nurse": ["S.Kep."],
    "midwife": ["S.Tr.Keb."],
    "lab": ["S.Si."],
    "pharmacist": ["S.Farm."],
    "engineer": ["S.T."],
    "auditor": ["S.E.", "S.Ak."],
    "finance": ["S.E.", "S.Ak."],
    "planner": ["S.E.", "S.T.", "S.Si."],
    "hr": ["S.Sos.", "S.IP.", "S.H.", "S.Psi."],
    "it": ["S.Kom."],
    "law": ["S.H."],
    "social": ["S.Sos."],
    "health_admin": ["S.K.M."],
    "admin": ["S.E.", "S.Sos.", "S.IP.", "S.H.", "S.Kom.", "S.AP."],
    "agri": ["S.P.", "S.Hut."],
}
_S2 = {
    "teacher": ["M.Pd."],
    "engineer": ["M.T."],
    "auditor": ["M.Ak.", "M.M."],
    "finance": ["M.M.", "M.Ak."],
    "planner": ["M.Si.", "M.E."],
    "hr": ["M.Si.", "M.A.P.", "M.M."],
    "it": ["M.Kom."],
    "law": ["M.H."],
    "social": ["M.Si."],
    "health_admin": ["M.Kes."],
    "nurse": ["M.Kep."],
    "admin": ["M.Si.", "M.M.", "M.A.P."],
    "agri": ["M.P.", "M.Si."],
}
_D3 = {
    "nurse": ["A.Md.Kep."],
    "midwife": ["A.Md.Keb."],
    "lab": ["A.Md.A.K."],
    "pharmacist": ["A.Md.Farm."],
    "it": ["A.Md.Kom."],
    "engineer": ["A.Md.T."],
}
_SPECIALTIES = ["Sp.PD.", "Sp.A.", "Sp.OG.", "Sp.B.", "Sp.An.", "Sp.Rad.", "Sp.JP.", "Sp.M."]


def titles_for(rng: random.Random, level: str, profession: str, *, born: int) -> tuple[str, str]:
    """Front and back titles that match the education level and profession."""
    front = ""
    if profession in {"doctor", "specialist"}:
        front = "dr."
        if profession == "specialist":
            return front, rng.choice(_SPECIALTIES)
        if level == "S2":
            return front, rng.choice(["M.Kes.", "M.K.M."])
        return front, ""
    if profession == "pharmacist" and level in {"S1", "S2"}:
        return "apt.", "S.Farm." if level == "S1" else "S.Farm., M.Farm."
    if profession == "nurse" and level == "S1" and rng.random() < 0.6:
        return "Ns.", "S.Kep."
    if level == "S3":
        s1 = rng.choice(_S1.get(profession, _S1["admin"]))
        s2 = rng.choice(_S2.get(profession, _S2["admin"]))
        return "Dr.", f"{s1}, {s2}".strip(", ")
    if level in {"S1", "D4", "S2"}:
        if profession == "engineer" and born < 1975 and rng.random() < 0.5:
            front = "Ir."  # the old engineering degree
            return front, (rng.choice(_S2["engineer"]) if level == "S2" else "")
        if level == "D4":
            return "", "S.Tr." if profession not in _D3 else "S.ST."
        s1 = rng.choice(_S1.get(profession, _S1["admin"])) or "S.E."
        if level == "S2":
            return front, f"{s1}, {rng.choice(_S2.get(profession, _S2['admin']))}"
        return front, s1
    if level == "D3":
        return "", rng.choice(_D3.get(profession, ["A.Md."]))
    return "", ""


def institution_for(rng: random.Random, level: str, profession: str, regency: str) -> str:
    if level in {"SLTA", "SLTP", "SD"}:
        kind = {"SLTA": "SMA Negeri", "SLTP": "SMP Negeri", "SD": "SD Negeri"}[level]
        if level == "SLTA" and rng.random() < 0.3:
            kind = "SMK Negeri"
        return f"{kind} {rng.randint(1, 12)} {regency}"
    if profession in {"doctor", "specialist"}:
        return rng.choice(MEDICAL_SCHOOLS)
    if profession in {"nurse", "midwife", "lab", "pharmacist"} and level in {"D3", "D4"}:
        return rng.choice(HEALTH_SCHOOLS)
    return rng.choice(UNIVERSITIES)


MAJORS = {
    "teacher": ["Pendidikan Matematika", "Pendidikan Bahasa Indonesia", "Pendidikan Bahasa Inggris",
                "Pendidikan Biologi", "Pendidikan Fisika", "Pendidikan Sejarah", "Pendidikan Ekonomi",
                "Pendidikan Jasmani", "Pendidikan Kimia", "Bimbingan dan Konseling"],
    "doctor": ["Pendidikan Dokter"],
    "specialist": ["Pendidikan Dokter Spesialis"],
    "nurse": ["Keperawatan"],
    "midwife": ["Kebidanan"],
    "lab": ["Analis Kesehatan"],
    "pharmacist": ["Farmasi"],
    "engineer": ["Teknik Sipil", "Teknik Sipil", "Arsitektur", "Teknik Lingkungan"],
    "auditor": ["Akuntansi"],
    "finance": ["Akuntansi", "Manajemen"],
    "planner": ["Ekonomi Pembangunan", "Perencanaan Wilayah dan Kota", "Statistika"],
    "hr": ["Ilmu Administrasi Negara", "Psikologi", "Ilmu Hukum", "Ilmu Pemerintahan"],
    "it": ["Sistem Informasi", "Teknik Informatika"],
    "law": ["Ilmu Hukum"],
    "social": ["Kesejahteraan Sosial", "Sosiologi"],
    "health_admin": ["Kesehatan Masyarakat"],
    "admin": ["Ilmu Administrasi Negara", "Manajemen", "Ilmu Pemerintahan", "Ilmu Hukum"],
    "agri": ["Agroteknologi", "Kehutanan", "Agribisnis"],
}  # fmt: skip


def major_for(rng: random.Random, level: str, profession: str) -> str:
    if level in {"SLTA", "SLTP", "SD"}:
        return "IPA" if rng.random() < 0.5 else "IPS" if level == "SLTA" else ""
    return rng.choice(MAJORS.get(profession, MAJORS["admin"]))
