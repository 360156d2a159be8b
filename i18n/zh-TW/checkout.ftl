# 收銀台（繁體中文）。與 en 的每個鍵一一對應。

app-title = 收銀台
language = 語言
loading = 載入中…
secure-note = 付款由 Antom 處理，您的錢包登入資料不會提供給{ $merchant }。
account-hint = 此付款屬於 { $account }。不是您本人嗎？請就此停止並關閉此頁面。

order-heading = 向{ $merchant }付款
order-total = 合計
order-quantity = × { $quantity }

wallets-heading = 選擇付款方式
wallet-linked = 已授權 · { $account }
wallet-linked-no-account = 已授權
wallet-not-linked = 尚未授權
wallet-revoked = 已在錢包 App 中解除授權，請重新授權後付款
wallet-expired = 授權已過期，請重新授權後付款
wallet-mark = { $wallet }標誌
no-wallets = 您所在地區暫無可用的自動扣款錢包。
region = 地區

pay-with = 使用{ $wallet }支付 { $amount }
link-wallet = 授權{ $wallet }
link-explainer = 您只需在{ $wallet }的頁面授權一次，之後一鍵即可付款。
paying = 正在付款…
linking = 正在開啟{ $wallet }…
just-linked = { $wallet }已授權，現在可以付款。
manage-wallets = 管理已授權的付款方式
back-to-checkout = 返回收銀台

result-succeeded = 付款成功
result-succeeded-detail = 已使用{ $wallet }支付 { $amount }。
result-reference = 訂單編號
result-time = 付款時間
result-failed = 付款失敗
result-processing = 付款處理中
result-processing-detail = { $wallet }正在確認付款，本頁面會自動更新。
result-cancelled = 付款已取消
try-again = 重試
choose-another = 選擇其他付款方式
return-to-merchant = 返回{ $merchant }

return-heading = 正在授權錢包
return-working = 正在完成授權…
return-failed = 錢包未授權成功

wallets-page-heading = 已授權的付款方式
wallets-page-empty = 您還沒有已授權的付款方式。
linked-since = 授權時間
unlink = 解除授權
unlink-confirm = 確定解除{ $wallet }的授權嗎？之後需重新授權才能使用它付款。
unlink-yes = 確定解除
unlink-no = 保留
unlinked = 已解除{ $wallet }的授權。

error-network = 無法連接商戶，請檢查網絡後重試。
error-retry = 重試
error-unauthorized = 此筆付款未在本瀏覽器中開啟，請返回商戶頁面重新開啟。
error-forbidden = 此付款連結已被使用或已過期，請返回商戶頁面重新開始。
error-not-found = 找不到此筆付款。
error-session-expired = 此筆付款已過期，請返回商戶頁面重新開始。
error-auth-declined = 您未同意授權，因此沒有授權錢包，也沒有扣款。
error-auth-state-invalid = 此授權並非由本頁面發起，請重新授權錢包。
error-auth-state-foreign = 此授權屬於另一筆付款，請重新授權錢包。
error-auth-state-expired = 授權耗時過長，請重新授權錢包。
error-auth-state-used = 此授權已被使用，請重新授權錢包。
error-auth-code-rejected = 錢包未接受此授權，請重新授權。
error-wallet-refused = 該錢包暫時無法使用，請改用其他錢包。
error-wallet-not-available = 您所在地區不支援該錢包。
error-wallet-not-linked = 請先授權該錢包再付款。
error-order-already-paid = 此訂單已付款。
error-payment-in-progress = 此訂單已有一筆付款正在處理。
error-antom-unavailable = 付款服務暫無回應，未發生扣款，請重試。
error-idempotency-key-reused = 發生問題，請重試。
error-idempotency-key-required = 發生問題，請重試。
error-idempotency-key-invalid = 發生問題，請重試。
error-validation = 請求中的部分內容未被接受，請重新載入頁面後重試。
error-internal = 我們這邊發生問題，未發生扣款，請重試。
error-unlink-refused = 暫時無法解除該錢包的授權，請稍後重試。
error-other = 發生問題，請重試。

reason-user-balance-not-enough = 賬戶餘額不足，無法完成此筆付款。
reason-risk-reject = 基於安全原因，錢包拒絕了此筆付款。
reason-user-amount-exceed-limit = 此筆付款超出錢包限額。
reason-invalid-access-token = 錢包授權已失效，請重新授權。
reason-user-status-abnormal = 您的錢包賬戶暫時無法付款，請聯絡錢包客服。
reason-other = 錢包拒絕了此筆付款。

home-heading = 收銀台
home-text = 請開啟商戶提供的付款連結。
linked-close-tab = { $wallet }已授權，您可以關閉此分頁，回到商戶頁面繼續。
continue-in-tab = 請在剛開啟的{ $wallet }分頁中繼續。

# Buyer regions, by ISO 3166-1 code.
region-name-cn = 中國內地
region-name-hk = 中國香港
region-name-id = 印尼
region-name-jp = 日本
region-name-kr = 韓國
region-name-my = 馬來西亞
region-name-ph = 菲律賓
region-name-sg = 新加坡
region-name-th = 泰國
region-name-vn = 越南
error-auth-state-other-browser = 您是在另一個瀏覽器或應用程式中開始授權此錢包的。請回到您開始操作的付款頁面，在該頁面授權錢包。
error-too-many-authorizations = 在此付款頁面嘗試授權錢包的次數過多。請稍候幾分鐘再試。
error-too-many-attempts = 來自您網絡的嘗試次數過多。請稍候一分鐘再試。
handoff-done = { $wallet }已授權，您可以關閉此分頁，回到付款頁面繼續。
handoff-waiting = 正在原付款頁面完成授權…
setup-heading = 為{ $merchant }授權錢包
setup-linked = { $wallet }已授權
setup-linked-detail = { $merchant }將按約定從該錢包扣款。目前尚未扣款。
link-code-label = 錢包在另一個瀏覽器中開啟了嗎？請輸入該處顯示的 6 位數驗證碼。
link-code-submit = 完成授權
handover-heading = 請回到發起授權的付款頁面完成授權
handover-intro = { $wallet }返回時開啟的是另一個瀏覽器或應用程式。如果您是在另一個瀏覽器或應用程式中向{ $merchant }發起付款，請回到那個付款頁面，在該頁面輸入此驗證碼：
handover-expiry = 驗證碼 5 分鐘內有效。
handover-warning = 任何人只要輸入此驗證碼，就能使用您的{ $wallet }向{ $merchant }付款。請只在您本人開啟的付款頁面中輸入此驗證碼。切勿將驗證碼告訴任何人，也切勿在他人傳給您的付款頁面中輸入。
error-link-code-wrong = 驗證碼與另一個瀏覽器中顯示的不符，請確認後重試。
error-link-code-expired = 此驗證碼已失效，請重新授權錢包。

mandate-heading = { $merchant }可在您不操作的情況下從此錢包扣款
mandate-linked-heading = 已允許的自動扣款
mandate-per-charge = 每次最多 { $amount }
mandate-per-interval = { $interval ->
    [day] 每天
    [week] 每週
    [month] 每月
   *[year] 每年
}最多 { $amount }
mandate-until = 有效期限至 { $date }
mandate-no-limit = 未設定單次上限
mandate-note = 您可隨時在「管理已授權的付款方式」中解除授權。
recovery-heading = { $merchant }未能成功收取此筆付款
recovery-balance = 您的{ $wallet }餘額不足以支付 { $amount }。
recovery-limit = 您的{ $wallet }賬戶已達到限額，無法支付 { $amount }。
recovery-other = { $wallet }拒絕了 { $amount } 的扣款。
recovery-next = 您可以在此付款：增值後使用{ $wallet }，或使用其他錢包。
