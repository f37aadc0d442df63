"""The 8 managerial competencies and Perekat Bangsa with levels 1–5 (Permen PANRB 38/2017,
short descriptors), the default required levels by position kind and the JPM bands.
See docs/decisions/0012-competency.md."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

SOURCE = "Permen PANRB 38/2017"
EFFECTIVE = dt.date(2017, 12, 8)

# name, code, kind, definition, descriptors for levels 1..5
COMPETENCIES = [
    ("Integritas", "M1", "managerial",
     "Konsisten berperilaku selaras dengan nilai, norma dan etika organisasi; jujur dalam "
     "hubungan dengan manajemen, rekan kerja, bawahan dan pemangku kepentingan.",
     ["Mampu bertindak sesuai nilai, norma dan etika organisasi dalam kapasitas pribadi.",
      "Mampu mengingatkan dan mengajak rekan kerja bertindak sesuai nilai, norma dan etika.",
      "Mampu memastikan, menanamkan keyakinan bersama agar anggota unit bertindak sesuai "
      "nilai, norma dan etika organisasi.",
      "Mampu menciptakan situasi kerja yang membuat rekan kerja dan bawahan patuh pada nilai, "
      "norma dan etika organisasi.",
      "Mampu menjadi role model dalam penerapan standar keadilan dan etika di tingkat "
      "nasional."]),
    ("Kerja Sama", "M2", "managerial",
     "Kemampuan menjalin, membina dan mempertahankan hubungan kerja yang efektif.",
     ["Berpartisipasi sebagai anggota tim yang baik.",
      "Menumbuhkan tim kerja yang partisipatif dan efektif.",
      "Efektif membangun tim kerja untuk peningkatan kinerja organisasi.",
      "Membangun komitmen tim dan sinergi.",
      "Menciptakan situasi kerja sama secara konsisten, baik di dalam maupun di luar "
      "instansi."]),
    ("Komunikasi", "M3", "managerial",
     "Kemampuan menerangkan pandangan dan gagasan secara jelas, sistematis, lisan maupun "
     "tertulis.",
     ["Menyampaikan informasi dengan jelas, lengkap dan pemahaman yang sama.",
      "Aktif menjalankan komunikasi secara formal dan informal; bersedia mendengarkan orang "
      "lain.",
      "Berkomunikasi secara asertif, terampil berkomunikasi lisan dan tertulis untuk "
      "menyampaikan informasi yang sensitif.",
      "Mampu mengemukakan pemikiran multidimensi secara lisan dan tertulis untuk mendorong "
      "kesepakatan.",
      "Menggagas sistem komunikasi yang terbuka secara strategis untuk mencari solusi."]),
    ("Orientasi pada Hasil", "M4", "managerial",
     "Kemampuan mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas.",
     ["Bertanggung jawab untuk memenuhi standar kerja.",
      "Berupaya meningkatkan hasil kerja pribadi yang lebih tinggi dari standar.",
      "Menetapkan target kerja yang menantang bagi unit kerja.",
      "Mendorong unit kerja mencapai target yang ditetapkan atau melebihi hasil kerja "
      "sebelumnya.",
      "Kemampuan menyusun kebijakan untuk hasil kerja yang berdampak positif bagi "
      "organisasi."]),
    ("Pelayanan Publik", "M5", "managerial",
     "Kemampuan melaksanakan tugas pemerintahan, pembangunan dan pelayanan publik secara "
     "profesional, transparan dan berkualitas.",
     ["Menjalankan pelayanan sesuai standar.",
      "Mampu mensupervisi dan menjelaskan proses pelayanan.",
      "Mampu memanfaatkan kekuatan kelompok dan memperbaiki standar pelayanan publik.",
      "Mampu memonitor, mengevaluasi dan menyesuaikan strategi pelayanan.",
      "Mampu menciptakan kebijakan pelayanan publik yang menjamin kepuasan masyarakat."]),
    ("Pengembangan Diri dan Orang Lain", "M6", "managerial",
     "Kemampuan meningkatkan pengetahuan dan kapasitas diri serta orang lain.",
     ["Pengembangan diri.",
      "Meningkatkan kemampuan bawahan dengan memberikan contoh dan penjelasan.",
      "Memberikan umpan balik dan membimbing.",
      "Menyusun program pengembangan jangka panjang.",
      "Menciptakan situasi yang mendorong organisasi mengembangkan kemampuan belajar."]),
    ("Mengelola Perubahan", "M7", "managerial",
     "Kemampuan menyesuaikan diri dengan situasi yang berubah dan mendorong perubahan.",
     ["Menyesuaikan diri dengan perubahan.",
      "Proaktif beradaptasi mengikuti perubahan.",
      "Membantu orang lain mengikuti perubahan dan mengantisipasinya.",
      "Memimpin perubahan pada unit kerja.",
      "Mengelola perubahan yang berdampak luas di dalam dan di luar organisasi."]),
    ("Pengambilan Keputusan", "M8", "managerial",
     "Kemampuan membuat keputusan yang baik, tepat waktu dan dengan keyakinan diri.",
     ["Mengumpulkan informasi untuk bertindak sesuai kewenangan.",
      "Menganalisis masalah secara mendalam.",
      "Membandingkan berbagai alternatif dan menyeimbangkan risiko.",
      "Menyelesaikan masalah yang mengandung risiko tinggi dan mengantisipasi dampaknya.",
      "Menghasilkan solusi dan keputusan strategis untuk masalah yang kompleks."]),
    ("Perekat Bangsa", "SK1", "socio_cultural",
     "Kemampuan mempromosikan sikap toleransi, keterbukaan dan peka terhadap perbedaan "
     "individu/kelompok; menjadi perekat bangsa dalam segala situasi.",
     ["Peka dan memahami serta menerima kemajemukan.",
      "Aktif mengembangkan sikap saling menghargai dan menekankan persamaan.",
      "Mempromosikan dan mengembangkan sikap toleransi dan persatuan.",
      "Mendayagunakan perbedaan secara konstruktif dan kreatif untuk efektivitas organisasi.",
      "Wakil pemerintah untuk membangun hubungan sosial psikologis di tengah kemajemukan."]),
]

# Default required level per position kind [M]; JF levels decided in ADR 0012.
DEFAULT_LEVELS = {
    "jpt_utama": 5,
    "jpt_madya": 5,
    "jpt_pratama": 4,
    "administrator": 3,
    "pengawas": 2,
    "pelaksana": 1,
    "jf_ahli_utama": 4,
    "jf_ahli_madya": 3,
    "jf_ahli_muda": 2,
    "jf_ahli_pertama": 1,
    "jf_penyelia": 2,
    "jf_mahir": 1,
    "jf_terampil": 1,
    "jf_pemula": 1,
}

BANDS = [("Optimal", Decimal("90")), ("Cukup Optimal", Decimal("78")), ("Kurang Optimal", Decimal("0"))]


def seed(apps, schema_editor):
    Competency = apps.get_model("competency", "Competency")
    CompetencyLevel = apps.get_model("competency", "CompetencyLevel")
    DefaultRequiredLevel = apps.get_model("competency", "DefaultRequiredLevel")
    JpmBand = apps.get_model("competency", "JpmBand")
    for order, (name, code, kind, definition, descriptors) in enumerate(COMPETENCIES, 1):
        competency = Competency.objects.create(
            code=code, name=name, kind=kind, description=definition, order=order
        )
        CompetencyLevel.objects.bulk_create(
            CompetencyLevel(competency=competency, level=i, descriptor=d)
            for i, d in enumerate(descriptors, 1)
        )
    for kind, level in DEFAULT_LEVELS.items():
        DefaultRequiredLevel.objects.create(
            position_kind=kind,
            level=level,
            source=f"{SOURCE} (praktik umum; level JF: keputusan ADR 0012)",
            confidence="m",
            effective_from=EFFECTIVE,
        )
    for name, minimum in BANDS:
        JpmBand.objects.create(
            name=name,
            min_jpm=minimum,
            source=f"{SOURCE}; praktik manajemen talenta",
            confidence="c1",
            effective_from=EFFECTIVE,
        )


def unseed(apps, schema_editor):
    for model in ("AssessmentResult", "PositionStandard", "CompetencyLevel", "Competency",
                  "DefaultRequiredLevel", "JpmBand"):
        apps.get_model("competency", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("competency", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
