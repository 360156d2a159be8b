console-name = 營運主控台
nav-label = 主控台
nav-payments = 付款
nav-reconciliation = 對帳
nav-keys = API 金鑰
language = 語言
sign-out = 登出
loading = 載入中…

sign-in-heading = 登入營運主控台
email = 電子郵件地址
password = 密碼
second-factor = 驗證器代碼
second-factor-hint = 驗證器應用程式顯示的六位數字，或您的其中一組復原碼。
sign-in = 登入

error-other = 發生問題。請重試；如果持續發生，請查看服務日誌。
error-network = 無法連線服務。請檢查網路後重試。
error-unauthorized = 您尚未登入，或工作階段已結束。請重新登入。
error-forbidden = 不允許此操作。
error-not-found = 找不到。
error-validation = 部分值無效。
error-internal = 服務端發生問題，未做任何變更；請重試。
error-antom-unavailable = 無法連線 Antom，未傳送任何請求；請稍後重試。
error-refund-exceeds-payment = 該退款將超過剩餘可退金額。
error-payment-not-refundable = 此筆付款無法退款。
error-cancel-not-allowed = 此筆付款已無法撤銷（請改為退款）。
error-payment-not-declarable = 只有已付款的訂單才能報關。
error-idempotency-key-reused = 此請求已以不同的值提交過。
error-idempotency-key-required = 請求缺少 Idempotency-Key 標頭，未執行任何操作。
error-idempotency-key-invalid = Idempotency-Key 標頭須為 1 到 255 個可見字元，未執行任何操作。
error-inquiry-refused = Antom 暫時無法告知狀態；請稍後重試。
error-report-file-invalid = 有報告檔案格式錯誤，未匯入任何內容。
error-no-report-files = 請至少選擇一個報告檔案。
error-duplicate-report-file = 同一檔案被選擇了兩次。
error-body-too-large = 上傳內容過大，請分成較小的幾次匯入。
error-scope-missing = 您的角色無權執行此操作。請洽詢管理員。
error-sign-in-failed = 電子郵件地址、密碼或代碼不正確。
error-operator-locked = 登入失敗次數過多：此帳戶已鎖定 15 分鐘。
error-too-many-attempts = 來自此網路的嘗試次數過多。請等候一分鐘後再試。
error-mandate-required = 此錢包僅為買家本人付款而綁定，不能在買家不在場時扣款。
error-mandate-amount-exceeded = 此次扣款超過買家同意的單次上限。
error-mandate-limit-reached = 此次扣款將超過買家同意的本期上限。
error-mandate-ended = 買家對免密扣款的授權已結束。
error-where = { $file }，第 { $line } 行，{ $column } 欄

state-processing = 處理中
state-succeeded = 已付款
state-failed = 失敗
state-cancelled = 已撤銷
state-cancelling = 撤銷中
state-retry-scheduled = 待重試

payments-heading = 付款
filters-label = 篩選付款
filter-state = 狀態
filter-wallet = 錢包
filter-currency = 幣別
filter-from = 起始日期
filter-to = 截止日期
filter-min = 最低金額
filter-max = 最高金額
filter-any = 全部
filter-apply = 套用篩選
filter-amount-needs-currency = 按金額篩選前請先選擇幣別。
filter-amount-invalid = 金額須為數字，小數位不超過該幣別的位數。
payments-none = 沒有符合條件的付款。
payments-count = 共 { $count } 筆付款
pager-label = 分頁
pager-newer = 較新
pager-older = 較早

col-created = 建立時間
col-payment = 付款
col-order = 訂單
col-wallet = 錢包
col-amount = 金額
col-state = 狀態
col-refunded = 已退款
col-buyer = 買家
col-antom-id = Antom 付款 ID
col-paid-at = 付款時間
col-failure = 失敗原因

back-to-payments = ← 全部付款
payment-heading = 付款

refund-heading = 退款
refund-amount = 金額（{ $currency }）
refund-hint = 最多還可退 { $amount }。
refund-reason = 原因（選填，買家可見）
refund-ask = 退款…
refund-confirm = 確認向買家退款 { $amount }？此操作無法撤回。
refund-yes = 確認退款
refund-succeeded = 退款 { $amount } 成功。
refund-failed = 退款 { $amount } 失敗。
refund-processing = 退款 { $amount } 處理中。
keep = 不，保留

cancel-heading = 撤銷付款
cancel-explain = 撤銷會作廢此筆付款，並將全部金額退還給買家。
cancel-ask = 撤銷付款…
cancel-confirm = 確認撤銷此筆付款並向買家退還 { $amount }？
cancel-yes = 確認撤銷
cancel-done = 付款已撤銷。

declare-heading = 報關
declare-amount = 報關金額（{ $currency }）
declare-amount-invalid = 報關金額須大於零且不超過付款金額。
declare-customs-code = 海關編號
declare-region = 海關所在地區（兩位字母，如 CN）
declare-merchant-code = 商戶海關備案編號
declare-merchant-name = 商戶海關備案名稱
declare-submit = 報關
declare-done = 已向海關 { $customs } 申報 { $amount }。

timeline-heading = 紀錄
event-other = 其他事件
event-authorization-started = 買家前往錢包授權
event-authorization-linked = 錢包已綁定
event-authorization-declined = 買家在錢包中拒絕授權
event-authorization-rejected = 錢包授權被拒絕
event-attempt-recorded = 付款已記錄並傳送至 Antom
event-attempt-succeeded = 已付款
event-attempt-failed = 付款失敗
event-cancel-cancelled = 已撤銷
event-refund-requested = 已申請退款
event-refund-succeeded = 退款成功
event-refund-failed = 退款失敗
event-notification-payment = Antom 通知了付款結果
event-notification-refund = Antom 通知了退款結果
event-declaration-requested = 已傳送報關
event-declaration-succeeded = 報關成功
event-declaration-failed = 報關失敗
event-audit-payment-refund = 營運人員申請退款
event-audit-payment-cancel = 營運人員申請撤銷
event-audit-payment-declare = 營運人員報關
event-audit-payment-close_expired = 逾時仍在處理中，已取消關單

reconciliation-heading = 結算對帳
import-files = Antom 報告檔案（交易明細、結算明細、結算彙總）
import-hint = 選擇 Antom 提供的當日 CSV 檔案。已匯入的檔案不會重複匯入。
import-submit = 匯入並對帳
report-none = 尚未匯入任何檔案。
report-heading = { $at } 匯入的對帳報告
report-clean = 無差異：沒有缺失，金額全部一致。
report-issues = 有 { $count } 項需要處理。
summary-agrees = 結算彙總與結算明細一致。
summary-disagrees = 有結算彙總與結算明細不一致。
files-caption = 檔案
col-file = 檔案
col-rows = 行數
col-file-state = 匯入
file-new = 已匯入
file-already = 之前已匯入，未重複儲存
file-replaced = 已匯入，取代了之前的版本
settlement-caption = 按幣別結算
col-currency = 幣別
col-payments = 付款
col-refunds = 退款
col-cancels = 撤銷
col-other = 其他
col-fees = 手續費
col-tax = 手續費稅
col-net = 淨結算額
issues-caption = 需要處理的項目
col-issue = 問題
col-type = 類型
col-where = 位置
col-field = 欄位
col-ours = 我方
col-antom = Antom 方
issue-missing-at-antom = Antom 缺失
issue-missing-here = 我方無紀錄
issue-amount-mismatch = 金額不一致
issue-currency-mismatch = 幣別不一致
issue-status-mismatch = 狀態不一致
issue-summary-mismatch = 彙總與明細不一致
issue-duplicate = 重複列出
issue-other-transaction = 其他類型交易：請在 Antom 商戶後台查看
issue-unreadable-batch = 批次合計與明細對不上任何金額與手續費讀法：請在 Antom 商戶後台核對手續費與淨額
event-webhook-checkout_session-completed = Webhook：收銀台已完成
event-webhook-checkout_session-expired = Webhook：收銀台已過期
event-webhook-payment-succeeded = Webhook：付款成功
event-webhook-payment-failed = Webhook：付款失敗
event-webhook-payment-processing = Webhook：付款處理中
event-webhook-payment-cancelled = Webhook：付款已取消
event-webhook-refund-succeeded = Webhook：退款成功
event-webhook-refund-failed = Webhook：退款失敗
event-webhook-wallet-linked = Webhook：錢包已綁定
event-webhook-wallet-unlinked = Webhook：錢包已解除綁定
event-webhook-declaration-updated = Webhook：報關狀態更新
event-webhook-reconciliation-completed = Webhook：對帳完成
webhook-resend = 重新傳送

role-viewer = 檢視者
role-support = 客服
role-admin = 管理員

keys-heading = API 金鑰
keys-caption = 金鑰（最新的在前）
key-new-heading = 新增金鑰
key-name = 名稱
key-scopes = 權限範圍
key-create = 建立金鑰
key-expires = 失效時間
key-last-used = 最近使用
key-actions = 動作
key-inactive = 已失效
key-roll = 輪替
key-revoke = 撤銷
key-revoke-confirm = 要撤銷 { $name } 嗎？仍在使用它的系統將立即無法呼叫。
key-revoke-yes = 確定撤銷
key-secret-once = { $name } 的金鑰。請立即複製：之後不會再顯示。輪替後的舊金鑰在 24 小時內仍然有效。

nav-health = 運作狀況
health-heading = 服務運作狀況
health-refresh = 重新整理
health-antom-heading = 自 { $since } 起的 Antom 呼叫
health-replica-note = 由回應本頁面的副本統計。
col-outcome = 結果
col-calls = 呼叫次數
col-share = 占比
health-antom-succeeded = 成功（S）
health-antom-failed = 遭拒絕（F）
health-antom-pending = 待定（U）
health-antom-errors = 無有效回應
health-antom-calls = 全部呼叫
health-payments-heading = 付款
health-stuck = 處理中超過十分鐘
health-oldest-processing = 最早仍在處理中的付款
health-oldest-cancelling = 最早仍在進行的取消
health-none = 無
health-age = { $minutes } 分鐘
health-webhooks-heading = Webhook
health-backlog = 待傳送
health-failing-none = 所有端點都正常接收 Webhook。
health-failing-caption = 傳送失敗的端點
col-endpoint = 端點
col-failing = 失敗的傳送
col-failing-since = 失敗開始於
col-last-status = 最近回應
health-no-answer = 無回應
health-upkeep-heading = 連結、對帳與金鑰
health-links-lapsing = 七天內失效的錢包連結
health-reconciliation = 最近一次對帳
health-reconciliation-none = 尚未匯入
health-reconciliation-last = { $at }：{ $issues ->
    [0] 無差異
   *[other] { $issues } 個問題
}
health-old-keys = 仍由舊權杖金鑰加密的值
health-old-keys-none = 無：可以移除舊金鑰
health-worker = 背景工作最近一輪
health-worker-elsewhere = 不在此副本執行
# A wallet's market, beside a name several markets share: GrabPay (Singapore).
wallet-market = { $region ->
    [CN] 中國內地
    [HK] 中國香港
    [ID] 印尼
    [JP] 日本
    [KR] 韓國
    [MY] 馬來西亞
    [PH] 菲律賓
    [SG] 新加坡
    [TH] 泰國
    [VN] 越南
   *[other] { $region }
}
wallet-with-market = { $wallet }（{ $market }）
