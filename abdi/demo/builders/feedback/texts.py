"""What the demo complaints say: stories per kind of unit, replies, reasons and recipes."""

from __future__ import annotations

from abdi.feedback.choices import ComplaintKind as K

# --- complaint stories --------------------------------------------------------------------------
# (kind, title, description, where, officer?, public reply of the unit)
Story = tuple[str, str, str, str, bool, str]
STORIES: dict[str, list[Story]] = {
    "puskesmas": [
        (K.COMPLAINT, "Antrean poli umum terlalu lama",
         "Saya datang pukul 07.30 dan baru dipanggil pukul 11.00. Nomor antrean tidak jelas dan "
         "loket pendaftaran sempat kosong hampir satu jam.", "Loket pendaftaran", False,
         "Terima kasih atas laporannya. Mulai minggu ini nomor antrean dicetak dengan perkiraan "
         "jam layanan dan loket pendaftaran dijaga dua petugas secara bergantian."),
        (K.COMPLAINT, "Petugas pendaftaran bersikap kurang ramah",
         "Petugas di loket membentak ibu saya yang sudah lanjut usia karena lupa membawa kartu "
         "BPJS. Mohon petugas dibina.", "Loket pendaftaran", True,
         "Mohon maaf atas ketidaknyamanan Bapak/Ibu. Petugas yang bersangkutan sudah dipanggil "
         "dan dibina oleh kepala puskesmas; pelatihan layanan prima dijadwalkan bulan ini."),
        (K.COMPLAINT, "Diminta biaya untuk surat keterangan sehat",
         "Saya diminta membayar Rp50.000 tanpa kuitansi untuk surat keterangan sehat, padahal "
         "tarif resminya tidak sebesar itu.", "Ruang pemeriksaan umum", True,
         "Laporan sudah diperiksa. Tarif resmi sesuai Perda retribusi kini dipasang di loket, "
         "kelebihan pembayaran dikembalikan, dan petugas yang bersangkutan diberi pembinaan."),
        (K.COMPLAINT, "Obat di apotek puskesmas sering kosong",
         "Sudah tiga kali resep saya tidak bisa ditebus karena obat hipertensi kosong.",
         "Apotek puskesmas", False,
         "Stok amlodipin sudah diisi ulang dari gudang farmasi kabupaten; pemesanan kini "
         "dilakukan dua minggu sebelum stok habis."),
        (K.COMPLAINT, "Toilet ruang tunggu kotor dan tidak ada air",
         "Toilet di ruang tunggu bau dan air tidak mengalir sejak beberapa hari.",
         "Ruang tunggu", False,
         "Pompa air sudah diperbaiki dan jadwal kebersihan toilet ditempel di pintu."),
        (K.ASPIRATION, "Mohon jam layanan poli diperpanjang sampai sore",
         "Banyak pekerja tidak bisa datang pagi. Kami berharap ada layanan poli sampai pukul 16.00.",
         "", False,
         "Usulan diterima. Mulai bulan depan poli umum buka sampai pukul 15.00 pada hari Senin "
         "dan Kamis sebagai uji coba."),
        (K.INFORMATION_REQUEST, "Jadwal imunisasi campak anak",
         "Kapan jadwal imunisasi campak-rubela untuk anak usia 9 bulan di puskesmas ini?",
         "", False,
         "Imunisasi MR dilayani setiap Selasa dan Kamis pukul 08.00–11.00; bawa buku KIA."),
    ],
    "hospital": [
        (K.COMPLAINT, "Pasien BPJS diminta membeli obat di luar",
         "Keluarga kami dirawat dengan BPJS tetapi disuruh membeli obat sendiri di apotek luar.",
         "Ruang rawat inap", True,
         "Obat yang diresepkan termasuk Formularium Nasional dan seharusnya tersedia. Biaya "
         "pembelian obat diganti dan dokter penanggung jawab sudah diingatkan."),
        (K.COMPLAINT, "Menunggu di IGD tanpa penjelasan",
         "Anak saya demam tinggi dan kami menunggu dua jam di IGD tanpa ada yang menjelaskan.",
         "Instalasi Gawat Darurat", False,
         "IGD menerapkan triase; petugas triase kini wajib menyampaikan kategori dan perkiraan "
         "waktu tunggu kepada keluarga pasien."),
        (K.COMPLAINT, "Parkir RSUD semrawut dan ada pungutan liar",
         "Juru parkir di depan IGD meminta bayaran dua kali.", "Halaman parkir", False,
         "Pengelolaan parkir sudah ditertibkan bersama Dinas Perhubungan; karcis resmi wajib "
         "diberikan di pintu masuk."),
        (K.INFORMATION_REQUEST, "Syarat rujukan ke poli spesialis jantung",
         "Apa saja syarat berobat ke poli jantung dengan BPJS?", "", False,
         "Bawa surat rujukan FKTP, kartu BPJS dan KTP; pendaftaran daring tersedia H-1."),
    ],
    "school": [
        (K.COMPLAINT, "Pungutan uang seragam saat daftar ulang",
         "Saat daftar ulang kami diwajibkan membeli seragam di sekolah seharga Rp1.200.000.",
         "Ruang tata usaha", True,
         "Pembelian seragam di sekolah tidak wajib. Sekolah sudah mengumumkannya kepada orang "
         "tua dan pungutan yang terlanjur dibayar dapat dikembalikan."),
        (K.COMPLAINT, "Legalisir ijazah dikenakan biaya",
         "Saya diminta membayar Rp10.000 per lembar untuk legalisir ijazah.", "Tata usaha", False,
         "Legalisir ijazah tidak dipungut biaya; petugas tata usaha sudah diingatkan."),
        (K.ASPIRATION, "Perbaikan atap kelas yang bocor",
         "Atap dua ruang kelas bocor setiap hujan sehingga siswa dipindah ke perpustakaan.",
         "Gedung kelas X", False,
         "Perbaikan atap masuk usulan rehabilitasi tahun ini dan dikerjakan saat libur semester."),
        (K.INFORMATION_REQUEST, "Jadwal PPDB jalur zonasi",
         "Kapan pendaftaran PPDB jalur zonasi dibuka dan dokumen apa yang diperlukan?", "", False,
         "Jadwal dan persyaratan PPDB diumumkan di papan informasi dan laman sekolah."),
    ],
    "samsat": [
        (K.COMPLAINT, "Calo menawarkan jasa di loket pengesahan STNK",
         "Beberapa orang menawarkan jasa pengurusan cepat di depan loket dengan tarif tinggi.",
         "Loket pengesahan", False,
         "Petugas keamanan dan Satpol PP kini berjaga di area loket; pembayaran hanya melalui "
         "kasir resmi."),
        (K.COMPLAINT, "Antrean daring sering gangguan",
         "Aplikasi antrean tidak bisa dibuka sejak pagi sehingga kami harus antre manual.", "",
         False, "Gangguan server antrean sudah diperbaiki bersama penyedia aplikasi."),
        (K.INFORMATION_REQUEST, "Syarat balik nama kendaraan dari luar provinsi",
         "Dokumen apa saja yang dibutuhkan untuk mutasi masuk kendaraan dari Sumatera Barat?", "",
         False, "Bawa BPKB asli, STNK, KTP, surat fiskal daerah asal dan hasil cek fisik."),
    ],
    "office": [
        (K.COMPLAINT, "Izin tidak selesai sesuai standar waktu",
         "Permohonan saya sudah dua kali melewati waktu penyelesaian yang diumumkan tanpa kabar.",
         "Loket pelayanan", False,
         "Permohonan Bapak/Ibu sudah selesai diproses; status permohonan kini dapat dipantau "
         "melalui pesan singkat."),
        (K.COMPLAINT, "Petugas meminta imbalan untuk mempercepat rekomendasi",
         "Petugas verifikasi berkas menyarankan 'uang lelah' agar rekomendasi cepat keluar.",
         "Ruang verifikasi", True,
         "Laporan ditindaklanjuti oleh atasan langsung dan Inspektorat; petugas yang "
         "bersangkutan tidak lagi menangani verifikasi selama pemeriksaan."),
        (K.ASPIRATION, "Mohon persyaratan izin diumumkan daring",
         "Persyaratan berubah-ubah setiap datang ke loket. Mohon daftar persyaratan dipasang di "
         "laman resmi.", "", False,
         "Daftar persyaratan terbaru sudah diunggah di laman resmi dan ditempel di loket."),
        (K.INFORMATION_REQUEST, "Lama proses permohonan",
         "Berapa lama proses permohonan setelah berkas lengkap?", "", False,
         "Sesuai standar pelayanan, paling lama sesuai waktu yang tercantum pada maklumat."),
    ],
}  # fmt: skip
NOT_OUR_AUTHORITY = [
    ("Jalan desa rusak berat di Kecamatan Pemayung",
     "Jalan penghubung antardesa berlubang besar dan membahayakan pengendara.",
     "Jalan desa adalah kewenangan pemerintah kabupaten; laporan diteruskan ke SP4N-LAPOR! "
     "Kabupaten Batanghari."),
    ("KTP elektronik belum jadi setelah tiga bulan",
     "Saya merekam KTP-el tiga bulan lalu dan belum juga dicetak.",
     "Pencetakan KTP-el adalah kewenangan Disdukcapil kabupaten/kota; silakan menghubungi "
     "Disdukcapil tempat perekaman."),
    ("Lampu penerangan jalan kota mati",
     "Lampu jalan di depan pasar padam sejak seminggu.",
     "Penerangan jalan kota adalah kewenangan pemerintah kota; laporan diteruskan ke Pemerintah "
     "Kota Jambi."),
]  # fmt: skip
ARCHIVE = [
    ("tes", "coba coba", "Laporan uji coba tanpa isi."),
    ("Laporan ganda antrean puskesmas", "Sama dengan laporan saya sebelumnya.",
     "Laporan sama dengan laporan sebelumnya dari pelapor yang sama."),
]  # fmt: skip
REPLIES_OK = [
    "Terima kasih, sudah sesuai harapan.",
    "Terima kasih atas tanggapannya, semoga tidak terulang.",
]
REOPEN_REASONS = [
    "Sampai hari ini keadaannya masih sama, belum ada perubahan di lapangan.",
    "Pungutan belum dikembalikan seperti yang dijanjikan.",
]

# The state every complaint ends in, with weights for the ones beyond the first of each.
RECIPES = [
    ("received", 7), ("received_overdue", 3), ("postponed", 3), ("verified", 4),
    ("not_authority", 4), ("archived", 3), ("dispatched", 7), ("dispatched_overdue", 4),
    ("followed_up", 9), ("reopened", 4), ("closed", 24), ("auto_closed", 6),
]  # fmt: skip
SUGGESTIONS = [
    "Antrean perlu dipercepat.",
    "Petugas ramah, pertahankan.",
    "Ruang tunggu perlu kipas angin.",
    "Tambah kursi di ruang tunggu.",
    "Informasi biaya agar dipasang di loket.",
    "Pelayanan sudah cepat dan jelas.",
    "Mohon sediakan layanan pendaftaran daring.",
    "Toilet perlu lebih bersih.",
]
