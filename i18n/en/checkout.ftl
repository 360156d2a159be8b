# Checkout app, English. Every buyer-facing string lives here; zh-CN and zh-TW mirror every key.

app-title = Checkout
language = Language
loading = Loading…
secure-note = Payments are processed by Antom. Your wallet login never reaches { $merchant }.
account-hint = For { $account } — not you? Stop here and close this page.

order-heading = Pay { $merchant }
order-total = Total
order-quantity = × { $quantity }

wallets-heading = Choose a payment method
wallet-linked = Linked · { $account }
wallet-linked-no-account = Linked
wallet-not-linked = Not linked yet
wallet-revoked = Unlinked in the wallet app — link it again to pay
wallet-expired = Authorization expired — link it again to pay
wallet-mark = { $wallet } logo
no-wallets = No Auto Debit wallet is available for your region.
region = Region

pay-with = Pay { $amount } with { $wallet }
link-wallet = Link { $wallet }
link-explainer = You will authorize { $wallet } once on its own page; later payments take one tap.
paying = Paying…
linking = Opening { $wallet }…
just-linked = { $wallet } is linked. You can pay now.
manage-wallets = Manage linked payment methods
back-to-checkout = Back to checkout

result-succeeded = Payment successful
result-succeeded-detail = { $amount } paid with { $wallet }.
result-reference = Order reference
result-time = Paid at
result-failed = Payment failed
result-processing = Payment processing
result-processing-detail = { $wallet } is confirming the payment. This page updates by itself.
result-cancelled = Payment cancelled
try-again = Try again
choose-another = Choose another payment method
return-to-merchant = Return to { $merchant }

return-heading = Linking your wallet
return-working = Finishing the authorization…
return-failed = The wallet was not linked

wallets-page-heading = Linked payment methods
wallets-page-empty = You have no linked payment methods.
linked-since = Linked
unlink = Unlink
unlink-confirm = Unlink { $wallet }? You will need to authorize it again to pay with it.
unlink-yes = Yes, unlink
unlink-no = Keep it
unlinked = { $wallet } was unlinked.

# Errors, by the service's error code.
error-network = We could not reach the shop. Check your connection and try again.
error-retry = Retry
error-unauthorized = This checkout is not open in this browser. Please go back to the shop and open it again.
error-forbidden = This checkout link was already used or has expired. Please go back to the shop and start again.
error-not-found = We could not find this checkout.
error-session-expired = This checkout has expired. Please go back to the shop and start again.
error-auth-declined = You did not authorize the wallet, so nothing was linked or charged.
error-auth-state-invalid = This authorization was not started here. Please link the wallet again.
error-auth-state-foreign = This authorization belongs to another checkout. Please link the wallet again.
error-auth-state-expired = The authorization took too long. Please link the wallet again.
error-auth-state-used = This authorization was already used. Please link the wallet again.
error-auth-code-rejected = The wallet did not accept the authorization. Please link it again.
error-wallet-refused = The wallet is not available right now. Please try another wallet.
error-wallet-not-available = This wallet is not offered for your region.
error-wallet-not-linked = Link this wallet before paying with it.
error-order-already-paid = This order is already paid.
error-payment-in-progress = A payment for this order is already in progress.
error-antom-unavailable = The payment service is not answering. Nothing was charged; please try again.
error-idempotency-key-reused = Something went wrong. Please try again.
error-idempotency-key-required = Something went wrong. Please try again.
error-idempotency-key-invalid = Something went wrong. Please try again.
error-validation = Something in this request was not accepted. Please reload the page and try again.
error-internal = Something went wrong on our side. Nothing was charged; please try again.
error-unlink-refused = The wallet could not be unlinked right now. Please try again later.
error-other = Something went wrong. Please try again.

# Why a payment failed, by Antom's code.
reason-user-balance-not-enough = Your account balance is not enough for this payment.
reason-risk-reject = The wallet declined this payment for security reasons.
reason-user-amount-exceed-limit = This payment is over your wallet's limit.
reason-invalid-access-token = The wallet authorization is no longer valid. Please link the wallet again.
reason-user-status-abnormal = Your wallet account cannot pay right now. Please contact your wallet's customer support.
reason-other = The wallet declined this payment.

home-heading = Checkout
home-text = Open the checkout link the shop gave you.
linked-close-tab = { $wallet } is linked. You can close this tab and continue in the shop.
continue-in-tab = Continue in the { $wallet } tab that just opened.

# Buyer regions, by ISO 3166-1 code.
region-name-cn = Mainland China
region-name-hk = Hong Kong SAR
region-name-id = Indonesia
region-name-jp = Japan
region-name-kr = South Korea
region-name-my = Malaysia
region-name-ph = Philippines
region-name-sg = Singapore
region-name-th = Thailand
region-name-vn = Vietnam
error-auth-state-other-browser = You started linking this wallet in another browser or app. Go back to the checkout where you started and link the wallet there.
error-too-many-authorizations = Too many attempts to link a wallet from this checkout. Please wait a few minutes, then try again.
error-too-many-attempts = Too many attempts from your network. Please wait a minute, then try again.
handoff-done = { $wallet } is linked. You can close this tab and continue in the checkout.
handoff-waiting = Finishing in the checkout that opened this tab…
setup-heading = Link a wallet for { $merchant }
setup-linked = { $wallet } is linked
setup-linked-detail = { $merchant } will charge this wallet as you agreed. Nothing has been charged yet.
link-code-label = Did the wallet open in another browser? Type the 6-digit code shown there.
link-code-submit = Finish linking
handover-heading = Finish in the checkout where you started
handover-intro = { $wallet } brought you back to a different browser or app. If you started paying { $merchant } in another browser or app, go back to that checkout and type this code there:
handover-expiry = The code works for 5 minutes.
handover-warning = Whoever types this code can pay { $merchant } with your { $wallet }. Only type it into the checkout you opened yourself. Never give it to anyone, and never type it into a checkout someone else sent you.
error-link-code-wrong = That is not the code shown in the other browser. Check it and try again.
error-link-code-expired = This code no longer works. Please link the wallet again.

# A mandate: what the buyer allows the merchant to charge without them.
mandate-heading = { $merchant } may charge this wallet without you
mandate-linked-heading = Charges allowed without you
mandate-per-charge = Up to { $amount } a charge
mandate-per-interval = Up to { $amount } { $interval ->
    [day] a day
    [week] a week
    [month] a month
   *[year] a year
}
mandate-until = Until { $date }
mandate-no-limit = No limit per charge was set
mandate-note = You can end this at any time under Manage linked payment methods.
# A recovery checkout: the merchant's charge of this order failed.
recovery-heading = { $merchant } could not take this payment
recovery-balance = Your { $wallet } balance was too low for { $amount }.
recovery-limit = Your { $wallet } account reached a limit, so { $amount } could not be charged.
recovery-other = { $wallet } declined the charge of { $amount }.
recovery-next = You can pay it here: with { $wallet } after a top-up, or with another wallet.
