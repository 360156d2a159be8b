# 결제 앱, 한국어. 모든 키는 영어 카탈로그(en)와 같습니다.
# 결제수단 이름({ $wallet }) 바로 뒤에는 받침에 따라 형태가 바뀌는 조사(로/으로, 가/이, 를/을 등)를 붙이지 않습니다:
# Touch 'n Go eWallet처럼 받침으로 끝나는 이름도 있습니다. 조사 없이 쓰거나(예: { $wallet } 결제) 에서·에·까지처럼 형태가 바뀌지 않는 조사만 씁니다.

app-title = 결제
language = 언어
loading = 불러오는 중…
secure-note = 결제는 Antom이 처리합니다. 간편결제 로그인 정보는 { $merchant }에 전달되지 않습니다.
account-hint = 이 결제는 { $account } 계정용입니다. 본인이 아니라면 여기서 중단하고 이 페이지를 닫아 주세요.

order-heading = { $merchant } 결제
order-total = 총 결제금액
order-quantity = × { $quantity }

wallets-heading = 결제수단 선택
wallet-linked = 연결됨 · { $account }
wallet-linked-no-account = 연결됨
wallet-not-linked = 아직 연결되지 않음
wallet-revoked = 간편결제 앱에서 연결이 해제되었습니다. 결제하려면 다시 연결해 주세요
wallet-expired = 연결 동의가 만료되었습니다. 결제하려면 다시 연결해 주세요
wallet-mark = { $wallet } 로고
no-wallets = 이 지역에서 사용할 수 있는 자동결제 수단이 없습니다.
region = 지역

pay-with = { $wallet } 결제 · { $amount }
link-wallet = { $wallet } 연결하기
link-explainer = { $wallet } 화면에서 한 번만 동의하면 다음 결제부터는 터치 한 번으로 끝납니다.
paying = 결제하는 중…
linking = { $wallet } 여는 중…
just-linked = { $wallet } 연결이 완료되었습니다. 이제 결제할 수 있습니다.
manage-wallets = 연결된 결제수단 관리
back-to-checkout = 결제 화면으로 돌아가기

result-succeeded = 결제 완료
result-succeeded-detail = { $wallet }에서 { $amount } 결제가 완료되었습니다.
result-reference = 주문 번호
result-time = 결제 일시
result-failed = 결제 실패
result-processing = 결제 처리 중
result-processing-detail = { $wallet }에서 결제를 확인하고 있습니다. 이 화면은 자동으로 업데이트됩니다.
result-cancelled = 결제 취소됨
try-again = 다시 시도
choose-another = 다른 결제수단 선택
return-to-merchant = { $merchant } 상점으로 돌아가기

return-heading = 결제수단 연결 중
return-working = 연결을 마무리하는 중…
return-failed = 결제수단이 연결되지 않았습니다

wallets-page-heading = 연결된 결제수단
wallets-page-empty = 연결된 결제수단이 없습니다.
linked-since = 연결 일시
unlink = 연결 해제
unlink-confirm = { $wallet } 연결을 해제하시겠습니까? 이 결제수단으로 결제하려면 다시 동의해야 합니다.
unlink-yes = 연결 해제
unlink-no = 유지하기
unlinked = { $wallet } 연결이 해제되었습니다.

# 오류, 서비스의 오류 코드별.
error-network = 상점에 연결할 수 없습니다. 인터넷 연결을 확인한 후 다시 시도해 주세요.
error-retry = 다시 시도
error-unauthorized = 이 결제는 이 브라우저에서 열려 있지 않습니다. 상점으로 돌아가 결제를 다시 열어 주세요.
error-forbidden = 이미 사용되었거나 만료된 결제 링크입니다. 상점으로 돌아가 처음부터 다시 시작해 주세요.
error-not-found = 결제 정보를 찾을 수 없습니다.
error-session-expired = 결제 시간이 만료되었습니다. 상점으로 돌아가 처음부터 다시 시작해 주세요.
error-auth-declined = 연결에 동의하지 않으셔서 결제수단이 연결되지 않았고 결제도 되지 않았습니다.
error-auth-state-invalid = 이 화면에서 시작된 연결 요청이 아닙니다. 결제수단을 다시 연결해 주세요.
error-auth-state-foreign = 다른 결제에서 시작된 연결 요청입니다. 결제수단을 다시 연결해 주세요.
error-auth-state-expired = 연결 요청 시간이 초과되었습니다. 결제수단을 다시 연결해 주세요.
error-auth-state-used = 이미 처리된 연결 요청입니다. 결제수단을 다시 연결해 주세요.
error-auth-code-rejected = 간편결제사에서 연결 동의를 받아들이지 않았습니다. 다시 연결해 주세요.
error-wallet-refused = 지금은 이 결제수단을 사용할 수 없습니다. 다른 결제수단을 선택해 주세요.
error-wallet-not-available = 이 지역에서는 제공되지 않는 결제수단입니다.
error-wallet-not-linked = 이 결제수단으로 결제하려면 먼저 연결해 주세요.
error-order-already-paid = 이미 결제가 완료된 주문입니다.
error-payment-in-progress = 이 주문의 결제가 이미 진행 중입니다.
error-antom-unavailable = 결제 서비스가 응답하지 않습니다. 결제되지 않았으니 다시 시도해 주세요.
error-idempotency-key-reused = 문제가 발생했습니다. 다시 시도해 주세요.
error-idempotency-key-required = 문제가 발생했습니다. 다시 시도해 주세요.
error-idempotency-key-invalid = 문제가 발생했습니다. 다시 시도해 주세요.
error-validation = 요청 내용 중 일부가 받아들여지지 않았습니다. 페이지를 새로고침한 후 다시 시도해 주세요.
error-internal = 일시적인 오류가 발생했습니다. 결제되지 않았으니 다시 시도해 주세요.
error-unlink-refused = 지금은 결제수단 연결을 해제할 수 없습니다. 잠시 후 다시 시도해 주세요.
error-other = 문제가 발생했습니다. 다시 시도해 주세요.

# 결제 실패 사유, Antom 코드별.
reason-user-balance-not-enough = 이 결제를 하기에는 잔액이 부족합니다.
reason-risk-reject = 보안상의 이유로 간편결제사에서 결제를 거절했습니다.
reason-user-amount-exceed-limit = 결제수단의 이용 한도를 초과했습니다.
reason-invalid-access-token = 연결 동의가 더 이상 유효하지 않습니다. 결제수단을 다시 연결해 주세요.
reason-user-status-abnormal = 지금은 이 계정으로 결제할 수 없습니다. 이용 중인 간편결제의 고객센터에 문의해 주세요.
reason-other = 간편결제사에서 결제를 거절했습니다.

home-heading = 결제
home-text = 상점에서 받은 결제 링크를 열어 주세요.
linked-close-tab = { $wallet } 연결이 완료되었습니다. 이 탭을 닫고 상점에서 계속 진행해 주세요.
continue-in-tab = 방금 열린 { $wallet } 탭에서 계속 진행해 주세요.

# 구매자 지역, ISO 3166-1 코드별.
region-name-cn = 중국
region-name-hk = 홍콩
region-name-id = 인도네시아
region-name-jp = 일본
region-name-kr = 대한민국
region-name-my = 말레이시아
region-name-ph = 필리핀
region-name-sg = 싱가포르
region-name-th = 태국
region-name-vn = 베트남
error-auth-state-other-browser = 다른 브라우저나 앱에서 이 결제수단의 연결을 시작하셨습니다. 처음 시작한 결제 화면으로 돌아가 그곳에서 연결해 주세요.
error-too-many-authorizations = 이 결제 화면에서 결제수단 연결을 너무 많이 시도했습니다. 몇 분 후 다시 시도해 주세요.
error-too-many-attempts = 사용 중인 네트워크에서 시도가 너무 많습니다. 1분 정도 기다린 후 다시 시도해 주세요.
handoff-done = { $wallet } 연결이 완료되었습니다. 이 탭을 닫고 결제 화면에서 계속 진행해 주세요.
handoff-waiting = 이 탭을 연 결제 화면에서 마무리하는 중…
setup-heading = { $merchant }에서 사용할 결제수단 연결
setup-linked = { $wallet } 연결 완료
setup-linked-detail = 동의하신 대로 { $merchant }에서 이 결제수단으로 청구합니다. 아직 청구된 금액은 없습니다.
link-code-label = 간편결제 화면이 다른 브라우저에서 열렸다면 그곳에 표시된 6자리 코드를 입력해 주세요.
link-code-submit = 연결 완료하기
handover-heading = 처음 시작한 결제 화면에서 마무리해 주세요
handover-intro = { $wallet }에서 다른 브라우저나 앱으로 돌아왔습니다. 다른 브라우저나 앱에서 { $merchant } 결제를 시작하셨다면 그 결제 화면으로 돌아가 그곳에 이 코드를 입력해 주세요:
handover-expiry = 코드는 5분 동안 유효합니다.
handover-warning = 이 코드를 입력하는 사람은 누구나 고객님의 { $wallet } 계정으로 { $merchant }에서 결제할 수 있습니다. 이 코드는 본인이 직접 연 결제 화면에만 입력해 주세요. 누구에게도 알려 주지 마시고, 다른 사람이 보낸 결제 화면에는 절대 입력하지 마세요.
error-link-code-wrong = 다른 브라우저에 표시된 코드와 다릅니다. 확인한 후 다시 시도해 주세요.
error-link-code-expired = 이 코드는 더 이상 사용할 수 없습니다. 결제수단을 다시 연결해 주세요.

mandate-heading = { $merchant }에서 매번 확인받지 않고 이 결제수단으로 결제할 수 있습니다
mandate-linked-heading = 허용된 자동결제
mandate-per-charge = 1회 최대 { $amount }
mandate-per-interval = { $interval ->
    [day] 하루
    [week] 주당
    [month] 월
   *[year] 연
} 최대 { $amount }
mandate-until = { $date }까지
mandate-no-limit = 1회 한도가 설정되지 않았습니다
mandate-note = '연결된 결제수단 관리'에서 언제든지 해지할 수 있습니다.
recovery-heading = { $merchant }에서 이 주문의 결제를 완료하지 못했습니다
recovery-balance = { $wallet } 잔액이 부족해 { $amount } 결제가 되지 않았습니다.
recovery-limit = { $wallet } 결제 한도에 걸려 { $amount } 결제가 되지 않았습니다.
recovery-other = { $wallet }에서 { $amount } 결제를 거절했습니다.
recovery-next = 여기에서 바로 결제할 수 있습니다. { $wallet } 충전 후 결제하거나 다른 결제수단을 선택해 주세요.
