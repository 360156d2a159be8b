# Checkout app, Filipino. Pareho ang bawat key sa English na katalogo (en).

app-title = Checkout
language = Wika
loading = Naglo-load…
secure-note = Ang Antom ang nagpoproseso ng mga bayad. Hindi kailanman makikita ng { $merchant } ang login mo sa wallet.
account-hint = Para kay { $account } — hindi ikaw? Huminto na rito at isara ang page na ito.

order-heading = Magbayad sa { $merchant }
order-total = Kabuuan
order-quantity = × { $quantity }

wallets-heading = Pumili ng payment method
wallet-linked = Naka-link · { $account }
wallet-linked-no-account = Naka-link
wallet-not-linked = Hindi pa naka-link
wallet-revoked = In-unlink sa wallet app — i-link ulit para makapagbayad
wallet-expired = Nag-expire na ang pahintulot — i-link ulit para makapagbayad
wallet-mark = Logo ng { $wallet }
no-wallets = Walang Auto Debit na wallet para sa rehiyon mo.
region = Rehiyon

pay-with = Magbayad ng { $amount } via { $wallet }
link-wallet = I-link ang { $wallet }
link-explainer = Isang beses mo lang papahintulutan ang { $wallet } sa sarili nitong page; isang tap na lang ang mga susunod na bayad.
paying = Nagbabayad…
linking = Binubuksan ang { $wallet }…
just-linked = Naka-link na ang { $wallet }. Puwede ka nang magbayad.
manage-wallets = Pamahalaan ang mga naka-link na payment method
back-to-checkout = Bumalik sa checkout

result-succeeded = Matagumpay ang bayad
result-succeeded-detail = Nabayaran ang { $amount } gamit ang { $wallet }.
result-reference = Reference ng order
result-time = Binayaran noong
result-failed = Hindi natuloy ang bayad
result-processing = Pinoproseso ang bayad
result-processing-detail = Kinukumpirma ng { $wallet } ang bayad. Kusang mag-a-update ang page na ito.
result-cancelled = Kinansela ang bayad
try-again = Subukan ulit
choose-another = Pumili ng ibang payment method
return-to-merchant = Bumalik sa { $merchant }

return-heading = Ini-link ang wallet mo
return-working = Tinatapos ang pahintulot…
return-failed = Hindi na-link ang wallet

wallets-page-heading = Mga naka-link na payment method
wallets-page-empty = Wala ka pang naka-link na payment method.
linked-since = Na-link noong
unlink = I-unlink
unlink-confirm = I-unlink ang { $wallet }? Kailangan mo itong pahintulutan ulit para makapagbayad gamit ito.
unlink-yes = Oo, i-unlink
unlink-no = Huwag i-unlink
unlinked = Na-unlink na ang { $wallet }.

# Mga error, ayon sa error code ng serbisyo.
error-network = Hindi namin maabot ang shop. Tingnan ang koneksyon mo at subukan ulit.
error-retry = Subukan ulit
error-unauthorized = Hindi bukas ang checkout na ito sa browser na ito. Bumalik sa shop at buksan ito ulit.
error-forbidden = Nagamit na o nag-expire na ang checkout link na ito. Bumalik sa shop at magsimula ulit.
error-not-found = Hindi namin makita ang checkout na ito.
error-session-expired = Nag-expire na ang checkout na ito. Bumalik sa shop at magsimula ulit.
error-auth-declined = Hindi mo pinahintulutan ang wallet, kaya walang na-link o siningil.
error-auth-state-invalid = Hindi dito nagsimula ang pahintulot na ito. I-link ulit ang wallet.
error-auth-state-foreign = Sa ibang checkout ang pahintulot na ito. I-link ulit ang wallet.
error-auth-state-expired = Masyadong natagalan ang pahintulot. I-link ulit ang wallet.
error-auth-state-used = Nagamit na ang pahintulot na ito. I-link ulit ang wallet.
error-auth-code-rejected = Hindi tinanggap ng wallet ang pahintulot. I-link ito ulit.
error-wallet-refused = Hindi available ang wallet ngayon. Sumubok ng ibang wallet.
error-wallet-not-available = Hindi inaalok ang wallet na ito sa rehiyon mo.
error-wallet-not-linked = I-link muna ang wallet na ito bago magbayad gamit ito.
error-order-already-paid = Bayad na ang order na ito.
error-payment-in-progress = May pinoprosesong bayad na para sa order na ito.
error-antom-unavailable = Hindi sumasagot ang payment service. Walang siningil; subukan ulit.
error-idempotency-key-reused = May nangyaring mali. Subukan ulit.
error-idempotency-key-required = May nangyaring mali. Subukan ulit.
error-idempotency-key-invalid = May nangyaring mali. Subukan ulit.
error-validation = May bahagi ng request na hindi tinanggap. I-reload ang page at subukan ulit.
error-internal = Nagkaproblema sa aming panig. Walang siningil; subukan ulit.
error-unlink-refused = Hindi ma-unlink ang wallet ngayon. Subukan ulit mamaya.
error-other = May nangyaring mali. Subukan ulit.

# Kung bakit hindi natuloy ang bayad, ayon sa code ng Antom.
reason-user-balance-not-enough = Kulang ang balance ng account mo para sa bayad na ito.
reason-risk-reject = Tinanggihan ng wallet ang bayad na ito para sa seguridad.
reason-user-amount-exceed-limit = Lampas na ang bayad na ito sa limit ng wallet mo.
reason-invalid-access-token = Hindi na valid ang pahintulot ng wallet. I-link ulit ang wallet.
reason-user-status-abnormal = Hindi makakapagbayad ang wallet account mo ngayon. Makipag-ugnayan sa customer support ng wallet mo.
reason-other = Tinanggihan ng wallet ang bayad na ito.

home-heading = Checkout
home-text = Buksan ang checkout link na ibinigay sa iyo ng shop.
linked-close-tab = Naka-link na ang { $wallet }. Puwede mo nang isara ang tab na ito at magpatuloy sa shop.
continue-in-tab = Magpatuloy sa kabubukas na tab ng { $wallet }.

# Mga rehiyon ng mamimili, ayon sa ISO 3166-1 code.
region-name-cn = China
region-name-hk = Hong Kong
region-name-id = Indonesia
region-name-jp = Japan
region-name-kr = South Korea
region-name-my = Malaysia
region-name-ph = Pilipinas
region-name-sg = Singapore
region-name-th = Thailand
region-name-vn = Vietnam
error-auth-state-other-browser = Sinimulan mong i-link ang wallet na ito sa ibang browser o app. Bumalik sa checkout kung saan ka nagsimula at doon i-link ang wallet.
error-too-many-authorizations = Masyadong maraming pagsubok na mag-link ng wallet mula sa checkout na ito. Maghintay ng ilang minuto, saka subukan ulit.
error-too-many-attempts = Masyadong maraming pagsubok mula sa iyong network. Maghintay ng isang minuto, saka subukan ulit.
handoff-done = Naka-link na ang { $wallet }. Puwede mo nang isara ang tab na ito at magpatuloy sa checkout.
handoff-waiting = Tinatapos sa checkout na nagbukas ng tab na ito…
setup-heading = Mag-link ng wallet para sa { $merchant }
setup-linked = Naka-link na ang { $wallet }
setup-linked-detail = Sisingilin ng { $merchant } ang wallet na ito ayon sa napagkasunduan ninyo. Wala pang siningil ngayon.
link-code-label = Sa ibang browser ba nagbukas ang wallet? I-type ang 6-digit na code na nakalagay doon.
link-code-submit = Tapusin ang pag-link
handover-heading = Tapusin sa checkout kung saan ka nagsimula
handover-intro = Ibinalik ka ng { $wallet } sa ibang browser o app. Kung sa ibang browser o app ka nagsimulang magbayad sa { $merchant }, bumalik sa checkout na iyon at i-type doon ang code na ito:
handover-expiry = Gumagana ang code sa loob ng 5 minuto.
handover-warning = Kahit sinong mag-type ng code na ito ay makakapagbayad sa { $merchant } gamit ang { $wallet } mo. I-type lang ito sa checkout na ikaw mismo ang nagbukas. Huwag itong ibigay kahit kanino, at huwag itong i-type sa checkout na ipinadala sa iyo ng ibang tao.
error-link-code-wrong = Hindi iyan ang code na nakalagay sa kabilang browser. Tingnan ito at subukan ulit.
error-link-code-expired = Hindi na gumagana ang code na ito. I-link ulit ang wallet.

mandate-heading = Maaaring singilin ng { $merchant } ang wallet na ito kahit wala ka
mandate-linked-heading = Mga singil na pinapayagan kahit wala ka
mandate-per-charge = Hanggang { $amount } bawat singil
mandate-per-interval = Hanggang { $amount } { $interval ->
    [day] bawat araw
    [week] bawat linggo
    [month] bawat buwan
   *[year] bawat taon
}
mandate-until = Matatapos sa { $date }
mandate-no-limit = Walang itinakdang limit bawat singil
mandate-note = Puwede mo itong tapusin anumang oras sa “Pamahalaan ang mga naka-link na payment method”.
recovery-heading = Hindi nakuha ng { $merchant } ang bayad na ito
recovery-balance = Kulang ang balance ng { $wallet } mo para sa { $amount }.
recovery-limit = Naabot na ng { $wallet } account mo ang limit nito, kaya hindi nabayaran ang { $amount }.
recovery-other = Tinanggihan ng { $wallet } ang singil na { $amount }.
recovery-next = Maaari mo itong bayaran dito: gamit ang { $wallet } pagkatapos mag-top up, o gamit ang ibang wallet.
