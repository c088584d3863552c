"""The first privacy notice, written into the database by migration 0006.

Administrators edit the notice in the Wagtail admin (Settings → Privacy
notices) by adding a new version; this text is only the starting point and
is what a fresh database (or a flushed test database) falls back to.
"""

import datetime

FIRST_VERSION = "2024.1"
# The transition period of Law No. 27/2022 ended on 17 October 2024.
FIRST_EFFECTIVE_DATE = datetime.date(2024, 10, 17)

TITLE_ID = "Pemberitahuan privasi"
TITLE_EN = "Privacy notice"

BODY_ID = """\
<p>Portal Mitra Pustaka dijalankan oleh perpustakaan tuan rumah yang kontaknya tercantum di bagian bawah setiap halaman. Kami adalah pengendali data pribadi yang diproses di portal ini dan memprosesnya sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi.</p>
<h2>Data yang kami kumpulkan</h2>
<ul>
<li>Akun: nama lengkap, alamat e-mail, nomor telepon, bahasa dan zona waktu pilihan, serta kata sandi dalam bentuk hash.</li>
<li>Keanggotaan: institusi tempat Anda bernaung dan peran Anda di sana.</li>
<li>Permintaan kunjungan: narahubung, jumlah dan susunan rombongan, kebutuhan aksesibilitas, surat permohonan, dan pesan dengan staf.</li>
<li>Persetujuan: versi pemberitahuan ini yang Anda setujui, untuk keperluan apa, dan kapan.</li>
<li>Data teknis: alamat IP dan peramban perangkat yang sedang masuk, serta catatan keamanan atas unduhan dokumen dan ekspor data.</li>
</ul>
<p>Kami tidak meminta NIK, nomor KTP, atau tanggal lahir.</p>
<h2>Tujuan dan dasar pemrosesan</h2>
<p>Kami memproses data Anda untuk menjalankan akun Anda (atas persetujuan yang Anda berikan saat mendaftar), menangani permintaan kunjungan studi (atas persetujuan yang Anda berikan pada setiap permintaan), dan menjaga keamanan portal.</p>
<h2>Berapa lama data disimpan</h2>
<p>Data akun disimpan sampai Anda menghapus akun. Data pribadi dalam permintaan kunjungan dianonimkan setelah masa retensi (bawaan: dua tahun setelah kunjungan); statistik agregat tetap disimpan. Alamat IP pada catatan persetujuan dihapus setelah masa yang sama, dan catatan keamanan disimpan paling lama lima tahun.</p>
<h2>Siapa yang menerima data</h2>
<p>Staf perpustakaan tuan rumah yang menangani kerja sama, koordinator institusi Anda untuk permintaan institusi Anda, serta penyedia layanan e-mail dan hosting kami. Kami tidak menjual data pribadi.</p>
<h2>Hak Anda</h2>
<ul>
<li>Mengakses dan mendapatkan salinan data Anda: unduh di Akun → Privasi dan data Anda.</li>
<li>Memperbaiki data: ubah di Akun → Profil dan bahasa.</li>
<li>Menghapus akun dan menarik persetujuan: di Akun → Privasi dan data Anda, atau hubungi kami.</li>
<li>Membatasi atau menolak pemrosesan: hubungi kami.</li>
</ul>
<p>Kami menjawab permintaan dalam waktu 3 × 24 jam.</p>
<h2>Kegagalan pelindungan data</h2>
<p>Jika terjadi kegagalan pelindungan data pribadi, kami memberi tahu Anda dan lembaga yang berwenang secara tertulis paling lambat 3 × 24 jam.</p>
<h2>Perubahan</h2>
<p>Setiap perubahan diterbitkan sebagai versi baru dengan tanggal berlakunya. Bila perlu, kami meminta persetujuan Anda kembali.</p>
"""

BODY_EN = """\
<p>The Mitra Pustaka portal is run by the host library whose contact details are at the bottom of every page. We are the controller of the personal data processed on this portal and process it under Indonesia's Law No. 27 of 2022 on Personal Data Protection.</p>
<h2>What we collect</h2>
<ul>
<li>Account: full name, e-mail address, phone number, preferred language and time zone, and a hash of your password.</li>
<li>Membership: the institution you belong to and your role there.</li>
<li>Visit requests: contact person, size and make-up of the group, accessibility needs, the request letter and messages with staff.</li>
<li>Consent: which version of this notice you agreed to, for what and when.</li>
<li>Technical data: the IP address and browser of signed-in devices, and a security log of document downloads and data exports.</li>
</ul>
<p>We do not ask for ID card numbers (NIK/KTP) or dates of birth.</p>
<h2>Purposes and basis</h2>
<p>We process your data to run your account (with the consent you give at sign-up), to handle study visit requests (with the consent you give with each request) and to keep the portal secure.</p>
<h2>How long we keep it</h2>
<p>Account data is kept until you delete your account. Personal data in visit requests is anonymised after the retention period (by default two years after the visit); aggregate statistics are kept. IP addresses in consent records are removed after the same period, and the security log is kept for at most five years.</p>
<h2>Who receives it</h2>
<p>The host library's cooperation staff, your institution's coordinators for your institution's requests, and our e-mail and hosting providers. We do not sell personal data.</p>
<h2>Your rights</h2>
<ul>
<li>Access and a copy of your data: download it under Account → Privacy and your data.</li>
<li>Correction: change it under Account → Profile and language.</li>
<li>Deleting your account and withdrawing consent: under Account → Privacy and your data, or contact us.</li>
<li>Restricting or objecting to processing: contact us.</li>
</ul>
<p>We answer requests within 3 × 24 hours.</p>
<h2>Personal data breaches</h2>
<p>If a breach of personal data protection happens, we inform you and the competent authority in writing within 3 × 24 hours.</p>
<h2>Changes</h2>
<p>Every change is published as a new version with the date it takes effect. Where needed, we ask for your consent again.</p>
"""
