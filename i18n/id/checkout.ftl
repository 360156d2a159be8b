# Aplikasi pembayaran, Bahasa Indonesia. Semua kunci sama dengan katalog bahasa Inggris (en).

app-title = Pembayaran
language = Bahasa
loading = Memuat…
secure-note = Pembayaran diproses oleh Antom. Data login dompet digital Anda tidak pernah dibagikan ke { $merchant }.
account-hint = Untuk { $account } — bukan Anda? Berhenti di sini dan tutup halaman ini.

order-heading = Bayar ke { $merchant }
order-total = Total
order-quantity = × { $quantity }

wallets-heading = Pilih metode pembayaran
wallet-linked = Terhubung · { $account }
wallet-linked-no-account = Terhubung
wallet-not-linked = Belum terhubung
wallet-revoked = Koneksi diputus di aplikasi dompet — hubungkan lagi untuk membayar
wallet-expired = Otorisasi kedaluwarsa — hubungkan lagi untuk membayar
wallet-mark = Logo { $wallet }
no-wallets = Tidak ada dompet digital dengan pembayaran otomatis untuk wilayah Anda.
region = Wilayah

pay-with = Bayar { $amount } dengan { $wallet }
link-wallet = Hubungkan { $wallet }
link-explainer = Anda cukup mengotorisasi { $wallet } sekali di halamannya sendiri; pembayaran berikutnya cukup sekali ketuk.
paying = Membayar…
linking = Membuka { $wallet }…
just-linked = { $wallet } sudah terhubung. Anda bisa membayar sekarang.
manage-wallets = Kelola metode pembayaran terhubung
back-to-checkout = Kembali ke pembayaran

result-succeeded = Pembayaran berhasil
result-succeeded-detail = { $amount } dibayar dengan { $wallet }.
result-reference = Nomor pesanan
result-time = Dibayar pada
result-failed = Pembayaran gagal
result-processing = Pembayaran sedang diproses
result-processing-detail = { $wallet } sedang mengonfirmasi pembayaran. Halaman ini akan diperbarui otomatis.
result-cancelled = Pembayaran dibatalkan
try-again = Coba lagi
choose-another = Pilih metode pembayaran lain
return-to-merchant = Kembali ke { $merchant }

return-heading = Menghubungkan dompet Anda
return-working = Menyelesaikan otorisasi…
return-failed = Dompet tidak terhubung

wallets-page-heading = Metode pembayaran terhubung
wallets-page-empty = Anda belum menghubungkan metode pembayaran apa pun.
linked-since = Terhubung sejak
unlink = Putuskan koneksi
unlink-confirm = Putuskan koneksi { $wallet }? Anda perlu mengotorisasinya lagi untuk membayar dengan dompet ini.
unlink-yes = Ya, putuskan koneksi
unlink-no = Tetap terhubung
unlinked = Koneksi { $wallet } sudah diputus.

# Kesalahan, menurut kode kesalahan layanan.
error-network = Kami tidak dapat terhubung ke toko. Periksa koneksi Anda, lalu coba lagi.
error-retry = Coba lagi
error-unauthorized = Pembayaran ini tidak terbuka di browser ini. Silakan kembali ke toko dan buka lagi.
error-forbidden = Tautan pembayaran ini sudah digunakan atau kedaluwarsa. Silakan kembali ke toko dan mulai lagi.
error-not-found = Pembayaran ini tidak ditemukan.
error-session-expired = Pembayaran ini sudah kedaluwarsa. Silakan kembali ke toko dan mulai lagi.
error-auth-declined = Anda tidak mengotorisasi dompet, jadi tidak ada yang terhubung atau ditagih.
error-auth-state-invalid = Otorisasi ini tidak dimulai di sini. Silakan hubungkan dompet lagi.
error-auth-state-foreign = Otorisasi ini milik pembayaran lain. Silakan hubungkan dompet lagi.
error-auth-state-expired = Otorisasi terlalu lama. Silakan hubungkan dompet lagi.
error-auth-state-used = Otorisasi ini sudah digunakan. Silakan hubungkan dompet lagi.
error-auth-code-rejected = Dompet tidak menerima otorisasi. Silakan hubungkan lagi.
error-wallet-refused = Dompet ini sedang tidak tersedia. Silakan pilih dompet lain.
error-wallet-not-available = Dompet ini tidak tersedia untuk wilayah Anda.
error-wallet-not-linked = Hubungkan dompet ini sebelum membayar.
error-order-already-paid = Pesanan ini sudah dibayar.
error-payment-in-progress = Pembayaran untuk pesanan ini sedang diproses.
error-antom-unavailable = Layanan pembayaran tidak merespons. Tidak ada yang ditagih; silakan coba lagi.
error-idempotency-key-reused = Terjadi kesalahan. Silakan coba lagi.
error-idempotency-key-required = Terjadi kesalahan. Silakan coba lagi.
error-idempotency-key-invalid = Terjadi kesalahan. Silakan coba lagi.
error-validation = Sebagian isi permintaan ini tidak diterima. Muat ulang halaman, lalu coba lagi.
error-internal = Terjadi kesalahan di sistem kami. Tidak ada yang ditagih; silakan coba lagi.
error-unlink-refused = Koneksi dompet tidak dapat diputus saat ini. Silakan coba lagi nanti.
error-other = Terjadi kesalahan. Silakan coba lagi.

# Alasan pembayaran gagal, menurut kode Antom.
reason-user-balance-not-enough = Saldo akun Anda tidak cukup untuk pembayaran ini.
reason-risk-reject = Dompet menolak pembayaran ini demi keamanan.
reason-user-amount-exceed-limit = Pembayaran ini melebihi batas dompet Anda.
reason-invalid-access-token = Otorisasi dompet sudah tidak berlaku. Silakan hubungkan dompet lagi.
reason-user-status-abnormal = Akun dompet Anda tidak dapat membayar saat ini. Silakan hubungi layanan pelanggan dompet Anda.
reason-other = Dompet menolak pembayaran ini.

home-heading = Pembayaran
home-text = Buka tautan pembayaran yang diberikan toko kepada Anda.
linked-close-tab = { $wallet } sudah terhubung. Anda bisa menutup tab ini dan melanjutkan di toko.
continue-in-tab = Lanjutkan di tab { $wallet } yang baru saja terbuka.

# Wilayah pembeli, menurut kode ISO 3166-1.
region-name-cn = Tiongkok
region-name-hk = Hong Kong
region-name-id = Indonesia
region-name-jp = Jepang
region-name-kr = Korea Selatan
region-name-my = Malaysia
region-name-ph = Filipina
region-name-sg = Singapura
region-name-th = Thailand
region-name-vn = Vietnam
error-auth-state-other-browser = Anda mulai menghubungkan dompet ini di browser atau aplikasi lain. Kembali ke halaman pembayaran tempat Anda memulai, lalu hubungkan dompet di sana.
error-too-many-authorizations = Terlalu banyak percobaan menghubungkan dompet dari halaman pembayaran ini. Tunggu beberapa menit, lalu coba lagi.
error-too-many-attempts = Terlalu banyak percobaan dari jaringan Anda. Tunggu satu menit, lalu coba lagi.
handoff-done = { $wallet } sudah terhubung. Anda bisa menutup tab ini dan melanjutkan di halaman pembayaran.
handoff-waiting = Menyelesaikan di halaman pembayaran yang membuka tab ini…
setup-heading = Hubungkan dompet untuk { $merchant }
setup-linked = { $wallet } sudah terhubung
setup-linked-detail = { $merchant } akan menagih dompet ini sesuai persetujuan Anda. Belum ada yang ditagih.
link-code-label = Dompet terbuka di browser lain? Masukkan kode 6 digit yang ditampilkan di sana.
link-code-submit = Selesaikan penghubungan
handover-heading = Selesaikan di halaman pembayaran tempat Anda memulai
handover-intro = { $wallet } mengembalikan Anda ke browser atau aplikasi yang berbeda. Jika Anda memulai pembayaran ke { $merchant } di browser atau aplikasi lain, kembalilah ke halaman pembayaran tersebut, lalu masukkan kode ini di sana:
handover-expiry = Kode ini berlaku selama 5 menit.
handover-warning = Siapa pun yang memasukkan kode ini dapat membayar { $merchant } dengan { $wallet } Anda. Masukkan kode ini hanya di halaman pembayaran yang Anda buka sendiri. Jangan pernah memberikannya kepada siapa pun, dan jangan pernah memasukkannya di halaman pembayaran yang dikirim orang lain kepada Anda.
error-link-code-wrong = Kode itu tidak sama dengan kode yang ditampilkan di browser lain. Periksa, lalu coba lagi.
error-link-code-expired = Kode ini sudah tidak berlaku. Silakan hubungkan dompet lagi.

mandate-heading = { $merchant } dapat menagih dompet ini tanpa perlu tindakan dari Anda
mandate-linked-heading = Tagihan yang diizinkan tanpa perlu tindakan dari Anda
mandate-per-charge = Hingga { $amount } per tagihan
mandate-per-interval = Hingga { $amount } { $interval ->
    [day] per hari
    [week] per minggu
    [month] per bulan
   *[year] per tahun
}
mandate-until = Sampai { $date }
mandate-no-limit = Tidak ada batas per tagihan
mandate-note = Anda dapat mengakhirinya kapan saja di menu “Kelola metode pembayaran terhubung”.
recovery-heading = { $merchant } tidak dapat menerima pembayaran ini
recovery-balance = Saldo { $wallet } Anda tidak cukup untuk { $amount }.
recovery-limit = Akun { $wallet } Anda sudah mencapai batas, sehingga { $amount } tidak dapat ditagih.
recovery-other = { $wallet } menolak tagihan sebesar { $amount }.
recovery-next = Anda dapat membayarnya di sini: dengan { $wallet } setelah isi saldo, atau dengan dompet lain.
