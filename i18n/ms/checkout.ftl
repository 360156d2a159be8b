# Aplikasi pembayaran, Bahasa Melayu. Setiap kunci sama dengan katalog bahasa Inggeris (en).

app-title = Pembayaran
language = Bahasa
loading = Memuatkan…
secure-note = Pembayaran diproses oleh Antom. Butiran log masuk e-dompet anda tidak akan dikongsi dengan { $merchant }.
account-hint = Untuk { $account } — bukan anda? Berhenti di sini dan tutup halaman ini.

order-heading = Bayar kepada { $merchant }
order-total = Jumlah
order-quantity = × { $quantity }

wallets-heading = Pilih kaedah pembayaran
wallet-linked = Dipautkan · { $account }
wallet-linked-no-account = Dipautkan
wallet-not-linked = Belum dipautkan
wallet-revoked = Pautan dibatalkan dalam aplikasi e-dompet — pautkan semula untuk membayar
wallet-expired = Kebenaran telah tamat tempoh — pautkan semula untuk membayar
wallet-mark = Logo { $wallet }
no-wallets = Tiada e-dompet dengan debit automatik untuk rantau anda.
region = Rantau

pay-with = Bayar { $amount } dengan { $wallet }
link-wallet = Pautkan { $wallet }
link-explainer = Anda hanya perlu memberi kebenaran kepada { $wallet } sekali di halamannya sendiri; pembayaran seterusnya hanya perlu sekali ketik.
paying = Sedang membayar…
linking = Membuka { $wallet }…
just-linked = { $wallet } telah dipautkan. Anda boleh membayar sekarang.
manage-wallets = Urus kaedah pembayaran yang dipautkan
back-to-checkout = Kembali ke pembayaran

result-succeeded = Pembayaran berjaya
result-succeeded-detail = { $amount } dibayar dengan { $wallet }.
result-reference = Rujukan pesanan
result-time = Dibayar pada
result-failed = Pembayaran gagal
result-processing = Pembayaran sedang diproses
result-processing-detail = { $wallet } sedang mengesahkan pembayaran. Halaman ini akan dikemas kini secara automatik.
result-cancelled = Pembayaran dibatalkan
try-again = Cuba lagi
choose-another = Pilih kaedah pembayaran lain
return-to-merchant = Kembali ke { $merchant }

return-heading = Memautkan e-dompet anda
return-working = Melengkapkan kebenaran…
return-failed = E-dompet tidak dipautkan

wallets-page-heading = Kaedah pembayaran yang dipautkan
wallets-page-empty = Anda belum memautkan sebarang kaedah pembayaran.
linked-since = Dipautkan pada
unlink = Nyahpaut
unlink-confirm = Nyahpaut { $wallet }? Anda perlu memberi kebenaran semula untuk membayar dengannya.
unlink-yes = Ya, nyahpaut
unlink-no = Kekalkan
unlinked = { $wallet } telah dinyahpaut.

# Ralat, mengikut kod ralat perkhidmatan.
error-network = Kami tidak dapat menghubungi kedai. Semak sambungan anda dan cuba lagi.
error-retry = Cuba lagi
error-unauthorized = Pembayaran ini tidak dibuka dalam pelayar ini. Sila kembali ke kedai dan buka semula.
error-forbidden = Pautan pembayaran ini telah digunakan atau tamat tempoh. Sila kembali ke kedai dan mula semula.
error-not-found = Kami tidak dapat menemui pembayaran ini.
error-session-expired = Pembayaran ini telah tamat tempoh. Sila kembali ke kedai dan mula semula.
error-auth-declined = Anda tidak memberi kebenaran kepada e-dompet, jadi tiada apa-apa dipautkan atau dicaj.
error-auth-state-invalid = Kebenaran ini tidak dimulakan di sini. Sila pautkan e-dompet semula.
error-auth-state-foreign = Kebenaran ini milik pembayaran lain. Sila pautkan e-dompet semula.
error-auth-state-expired = Kebenaran mengambil masa terlalu lama. Sila pautkan e-dompet semula.
error-auth-state-used = Kebenaran ini telah digunakan. Sila pautkan e-dompet semula.
error-auth-code-rejected = E-dompet tidak menerima kebenaran ini. Sila pautkan semula.
error-wallet-refused = E-dompet ini tidak tersedia sekarang. Sila cuba e-dompet lain.
error-wallet-not-available = E-dompet ini tidak ditawarkan untuk rantau anda.
error-wallet-not-linked = Pautkan e-dompet ini sebelum membayar dengannya.
error-order-already-paid = Pesanan ini telah dibayar.
error-payment-in-progress = Pembayaran untuk pesanan ini sedang diproses.
error-antom-unavailable = Perkhidmatan pembayaran tidak memberi respons. Tiada caj dikenakan; sila cuba lagi.
error-idempotency-key-reused = Berlaku masalah. Sila cuba lagi.
error-idempotency-key-required = Berlaku masalah. Sila cuba lagi.
error-idempotency-key-invalid = Berlaku masalah. Sila cuba lagi.
error-validation = Sebahagian daripada permintaan ini tidak diterima. Sila muat semula halaman dan cuba lagi.
error-internal = Berlaku masalah di pihak kami. Tiada caj dikenakan; sila cuba lagi.
error-unlink-refused = E-dompet tidak dapat dinyahpaut sekarang. Sila cuba lagi kemudian.
error-other = Berlaku masalah. Sila cuba lagi.

# Sebab pembayaran gagal, mengikut kod Antom.
reason-user-balance-not-enough = Baki akaun anda tidak mencukupi untuk pembayaran ini.
reason-risk-reject = E-dompet menolak pembayaran ini atas sebab keselamatan.
reason-user-amount-exceed-limit = Pembayaran ini melebihi had e-dompet anda.
reason-invalid-access-token = Kebenaran e-dompet tidak lagi sah. Sila pautkan e-dompet semula.
reason-user-status-abnormal = Akaun e-dompet anda tidak boleh membuat pembayaran sekarang. Sila hubungi khidmat pelanggan e-dompet anda.
reason-other = E-dompet menolak pembayaran ini.

home-heading = Pembayaran
home-text = Buka pautan pembayaran yang diberikan oleh kedai kepada anda.
linked-close-tab = { $wallet } telah dipautkan. Anda boleh menutup tab ini dan meneruskan di kedai.
continue-in-tab = Teruskan dalam tab { $wallet } yang baru dibuka.

# Rantau pembeli, mengikut kod ISO 3166-1.
region-name-cn = China
region-name-hk = Hong Kong
region-name-id = Indonesia
region-name-jp = Jepun
region-name-kr = Korea Selatan
region-name-my = Malaysia
region-name-ph = Filipina
region-name-sg = Singapura
region-name-th = Thailand
region-name-vn = Vietnam
error-auth-state-other-browser = Anda mula memautkan e-dompet ini dalam pelayar atau aplikasi lain. Kembali ke halaman pembayaran tempat anda bermula dan pautkan e-dompet di sana.
error-too-many-authorizations = Terlalu banyak cubaan memautkan e-dompet dari halaman pembayaran ini. Sila tunggu beberapa minit, kemudian cuba lagi.
error-too-many-attempts = Terlalu banyak cubaan dari rangkaian anda. Sila tunggu seminit, kemudian cuba lagi.
handoff-done = { $wallet } telah dipautkan. Anda boleh menutup tab ini dan meneruskan di halaman pembayaran.
handoff-waiting = Melengkapkan di halaman pembayaran yang membuka tab ini…
setup-heading = Pautkan e-dompet untuk { $merchant }
setup-linked = { $wallet } telah dipautkan
setup-linked-detail = { $merchant } akan mengecaj e-dompet ini seperti yang anda persetujui. Belum ada caj dikenakan.
link-code-label = E-dompet dibuka dalam pelayar lain? Masukkan kod 6 digit yang dipaparkan di sana.
link-code-submit = Selesaikan pemautan
handover-heading = Selesaikan di halaman pembayaran tempat anda bermula
handover-intro = { $wallet } membawa anda kembali ke pelayar atau aplikasi yang berbeza. Jika anda mula membuat pembayaran kepada { $merchant } dalam pelayar atau aplikasi lain, kembali ke halaman pembayaran tersebut dan masukkan kod ini di sana:
handover-expiry = Kod ini sah selama 5 minit.
handover-warning = Sesiapa yang memasukkan kod ini boleh membuat pembayaran kepada { $merchant } dengan { $wallet } anda. Masukkan kod ini hanya di halaman pembayaran yang anda buka sendiri. Jangan sekali-kali berikan kod ini kepada sesiapa, dan jangan sekali-kali masukkannya di halaman pembayaran yang dihantar oleh orang lain kepada anda.
error-link-code-wrong = Itu bukan kod yang dipaparkan dalam pelayar lain. Semak dan cuba lagi.
error-link-code-expired = Kod ini tidak lagi boleh digunakan. Sila pautkan e-dompet semula.

mandate-heading = { $merchant } boleh mengecaj e-dompet ini tanpa kehadiran anda
mandate-linked-heading = Caj yang dibenarkan tanpa kehadiran anda
mandate-per-charge = Sehingga { $amount } setiap caj
mandate-per-interval = Sehingga { $amount } { $interval ->
    [day] sehari
    [week] seminggu
    [month] sebulan
   *[year] setahun
}
mandate-until = Hingga { $date }
mandate-no-limit = Tiada had ditetapkan bagi setiap caj
mandate-note = Anda boleh menamatkannya pada bila-bila masa di “Urus kaedah pembayaran yang dipautkan”.
recovery-heading = { $merchant } tidak dapat menerima bayaran ini
recovery-balance = Baki { $wallet } anda tidak mencukupi untuk { $amount }.
recovery-limit = Akaun { $wallet } anda telah mencapai had, jadi { $amount } tidak dapat dicaj.
recovery-other = { $wallet } menolak caj sebanyak { $amount }.
recovery-next = Anda boleh membayarnya di sini: dengan { $wallet } selepas tambah nilai, atau dengan e-dompet lain.
