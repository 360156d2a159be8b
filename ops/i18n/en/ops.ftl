# The operator console. English is the reference catalogue: every key here must exist in zh-CN and zh-TW.
console-name = Operator console
nav-label = Console
nav-payments = Payments
nav-reconciliation = Reconciliation
nav-keys = API keys
language = Language
sign-out = Sign out
loading = Loading…

sign-in-heading = Sign in to the operator console
email = E-mail address
password = Password
second-factor = Authenticator code
second-factor-hint = The six digits your authenticator app shows, or one of your recovery codes.
sign-in = Sign in

error-other = Something went wrong. Try again; if it keeps happening, check the service log.
error-network = The service could not be reached. Check your connection and try again.
error-unauthorized = You are not signed in, or your session ended. Sign in again.
error-forbidden = This action is not allowed.
error-not-found = Not found.
error-validation = Some values are not valid.
error-internal = The service had a problem on its side. Nothing was changed; try again.
error-antom-unavailable = Antom could not be reached. Nothing was sent; try again later.
error-refund-exceeds-payment = That refund would exceed what is left to refund.
error-payment-not-refundable = This payment cannot be refunded.
error-cancel-not-allowed = This payment can no longer be cancelled (refund it instead).
error-payment-not-declarable = Only a paid payment can be declared to customs.
error-idempotency-key-reused = This request was already made with different values.
error-idempotency-key-required = The request had no Idempotency-Key header; nothing was done.
error-idempotency-key-invalid = The Idempotency-Key header must be 1 to 255 visible characters; nothing was done.
error-inquiry-refused = Antom refused to say how this stands; try again later.
error-report-file-invalid = A report file is malformed; nothing was imported.
error-no-report-files = Choose at least one report file.
error-duplicate-report-file = The same file was chosen twice.
error-body-too-large = The upload is too large; split it into smaller imports.
error-scope-missing = Your role does not allow this. Ask an admin.
error-sign-in-failed = The e-mail address, password or code is not right.
error-operator-locked = Too many failed sign-ins: this account is locked for 15 minutes.
error-too-many-attempts = Too many attempts from this network. Wait a minute and try again.
error-mandate-required = This wallet was linked for payments the buyer makes; it cannot be charged without them.
error-mandate-amount-exceeded = This charge is over what the buyer agreed to per charge.
error-mandate-limit-reached = This charge would go over what the buyer agreed to for this period.
error-mandate-ended = The buyer's agreement for charges without them has ended.
error-where = { $file }, line { $line }, column { $column }

state-processing = Processing
state-succeeded = Paid
state-failed = Failed
state-cancelled = Cancelled
state-cancelling = Cancelling
state-retry-scheduled = Retry scheduled

payments-heading = Payments
filters-label = Filter payments
filter-state = Status
filter-wallet = Wallet
filter-currency = Currency
filter-from = From
filter-to = To
filter-min = Amount at least
filter-max = Amount at most
filter-any = Any
filter-apply = Apply filters
filter-amount-needs-currency = Choose a currency to filter by amount.
filter-amount-invalid = Amounts must be numbers with at most the currency's decimals.
payments-none = No payments match.
payments-count = { $count ->
    [one] One payment
   *[other] { $count } payments
}
pager-label = Pages
pager-newer = Newer
pager-older = Older

col-created = Created
col-payment = Payment
col-order = Order
col-wallet = Wallet
col-amount = Amount
col-state = Status
col-refunded = Refunded
col-buyer = Buyer
col-antom-id = Antom payment ID
col-paid-at = Paid at
col-failure = Failure reason

back-to-payments = ← All payments
payment-heading = Payment

refund-heading = Refund
refund-amount = Amount ({ $currency })
refund-hint = Up to { $amount } can still be refunded.
refund-reason = Reason (optional, shown to the buyer)
refund-ask = Refund…
refund-confirm = Refund { $amount } to the buyer? This cannot be undone.
refund-yes = Yes, refund
refund-succeeded = Refund of { $amount } succeeded.
refund-failed = Refund of { $amount } failed.
refund-processing = Refund of { $amount } is being processed.
keep = No, keep it

cancel-heading = Cancel payment
cancel-explain = Cancelling voids the payment and returns the whole amount to the buyer.
cancel-ask = Cancel payment…
cancel-confirm = Cancel this payment and return { $amount } to the buyer?
cancel-yes = Yes, cancel payment
cancel-done = The payment was cancelled.

declare-heading = Declare to customs
declare-amount = Amount to declare ({ $currency })
declare-amount-invalid = The declared amount must be more than zero and at most the amount paid.
declare-customs-code = Customs office code
declare-region = Customs region (two letters, e.g. CN)
declare-merchant-code = Merchant customs registration code
declare-merchant-name = Merchant customs registration name
declare-submit = Declare
declare-done = { $amount } declared to customs office { $customs }.

timeline-heading = History
event-other = Other event
event-authorization-started = Buyer sent to the wallet to authorize
event-authorization-linked = Wallet linked
event-authorization-declined = Buyer declined in the wallet
event-authorization-rejected = Wallet authorization rejected
event-attempt-recorded = Payment recorded, sent to Antom
event-attempt-succeeded = Paid
event-attempt-failed = Payment failed
event-cancel-cancelled = Cancelled
event-refund-requested = Refund requested
event-refund-succeeded = Refund succeeded
event-refund-failed = Refund failed
event-notification-payment = Antom notified the payment result
event-notification-refund = Antom notified the refund result
event-declaration-requested = Customs declaration sent
event-declaration-succeeded = Customs declaration accepted
event-declaration-failed = Customs declaration failed
event-audit-payment-refund = Operator asked for a refund
event-audit-payment-cancel = Operator asked to cancel
event-audit-payment-declare = Operator declared to customs
event-audit-payment-close_expired = Closed with cancel: still processing past its deadline

reconciliation-heading = Settlement reconciliation
import-files = Antom report files (transaction details, settlement details, settlement summary)
import-hint = Choose the day's CSV files as delivered by Antom. A file already imported is not imported twice.
import-submit = Import and reconcile
report-none = Nothing has been imported yet.
report-heading = Report of the import at { $at }
report-clean = Clean: nothing is missing and every amount agrees.
report-issues = { $count ->
    [one] One item needs attention.
   *[other] { $count } items need attention.
}
summary-agrees = The settlement summaries agree with their details.
summary-disagrees = A settlement summary does not agree with its details.
files-caption = Files
col-file = File
col-rows = Rows
col-file-state = Import
file-new = Imported
file-already = Already imported; nothing stored twice
file-replaced = Imported; replaces an earlier version
settlement-caption = Settlement by currency
col-currency = Currency
col-payments = Payments
col-refunds = Refunds
col-cancels = Cancels
col-other = Other
col-fees = Fees
col-tax = Tax on fees
col-net = Net settlement
issues-caption = Items that need attention
col-issue = Problem
col-type = Type
col-where = Where
col-field = Field
col-ours = Ours
col-antom = Antom's
issue-missing-at-antom = Missing at Antom
issue-missing-here = Unknown to us
issue-amount-mismatch = Amount differs
issue-currency-mismatch = Currency differs
issue-status-mismatch = Status differs
issue-summary-mismatch = Summary differs from details
issue-duplicate = Listed twice
issue-other-transaction = Other transaction type: look at it in Antom Dashboard
issue-unreadable-batch = Batch totals fit no reading of amounts and fees: check fees and net in Antom Dashboard
event-webhook-checkout_session-completed = Webhook: checkout completed
event-webhook-checkout_session-expired = Webhook: checkout expired
event-webhook-payment-succeeded = Webhook: payment succeeded
event-webhook-payment-failed = Webhook: payment failed
event-webhook-payment-processing = Webhook: payment processing
event-webhook-payment-cancelled = Webhook: payment cancelled
event-webhook-refund-succeeded = Webhook: refund succeeded
event-webhook-refund-failed = Webhook: refund failed
event-webhook-wallet-linked = Webhook: wallet linked
event-webhook-wallet-unlinked = Webhook: wallet unlinked
event-webhook-declaration-updated = Webhook: declaration updated
event-webhook-reconciliation-completed = Webhook: reconciliation completed
webhook-resend = Send again

role-viewer = Viewer
role-support = Support
role-admin = Admin

keys-heading = API keys
keys-caption = Keys, newest first
key-new-heading = New key
key-name = Name
key-scopes = Scopes
key-create = Create key
key-expires = Stops working
key-last-used = Last used
key-actions = Actions
key-inactive = Not active
key-roll = Roll
key-revoke = Revoke
key-revoke-confirm = Revoke { $name }? Anything still using it stops working at once.
key-revoke-yes = Yes, revoke
key-secret-once = The secret of { $name }. Copy it now: it is not shown again. A rolled key's old secret keeps working for 24 hours.

nav-health = Health
health-heading = Service health
health-refresh = Refresh
health-antom-heading = Antom calls since { $since }
health-replica-note = As counted by the replica that answered this page.
col-outcome = Outcome
col-calls = Calls
col-share = Share
health-antom-succeeded = Succeeded (S)
health-antom-failed = Refused or declined (F)
health-antom-pending = Pending (U)
health-antom-errors = No usable answer
health-antom-calls = All calls
health-payments-heading = Payments
health-stuck = Processing for over ten minutes
health-oldest-processing = Oldest still processing
health-oldest-cancelling = Oldest cancel under way
health-none = None
health-age = { $minutes } min
health-webhooks-heading = Webhooks
health-backlog = Deliveries waiting
health-failing-none = Every endpoint is receiving its webhooks.
health-failing-caption = Failing endpoints
col-endpoint = Endpoint
col-failing = Deliveries failing
col-failing-since = Failing since
col-last-status = Last answer
health-no-answer = No answer
health-upkeep-heading = Links, reconciliation and keys
health-links-lapsing = Links lapsing within seven days
health-reconciliation = Last reconciliation
health-reconciliation-none = Nothing imported yet
health-reconciliation-last = { $at }: { $issues ->
    [0] clean
    [one] one issue
   *[other] { $issues } issues
}
health-old-keys = Values under older token keys
health-old-keys-none = None: older keys can be removed
health-worker = Worker's last round
health-worker-elsewhere = Not run by this replica
# A wallet's market, beside a name several markets share: GrabPay (Singapore).
wallet-market = { $region ->
    [CN] Mainland China
    [HK] Hong Kong SAR
    [ID] Indonesia
    [JP] Japan
    [KR] South Korea
    [MY] Malaysia
    [PH] Philippines
    [SG] Singapore
    [TH] Thailand
    [VN] Vietnam
   *[other] { $region }
}
wallet-with-market = { $wallet } ({ $market })
