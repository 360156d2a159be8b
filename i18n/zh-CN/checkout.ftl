# 收银台（简体中文）。与 en 的每个键一一对应。

app-title = 收银台
language = 语言
loading = 加载中…
secure-note = 支付由 Antom 处理，您的钱包登录信息不会提供给{ $merchant }。
account-hint = 此付款属于 { $account }。不是您本人？请就此停止并关闭此页面。

order-heading = 向{ $merchant }付款
order-total = 合计
order-quantity = × { $quantity }

wallets-heading = 选择付款方式
wallet-linked = 已授权 · { $account }
wallet-linked-no-account = 已授权
wallet-not-linked = 尚未授权
wallet-revoked = 已在钱包 App 中解除授权，请重新授权后付款
wallet-expired = 授权已过期，请重新授权后付款
wallet-mark = { $wallet }标识
no-wallets = 您所在地区暂无可用的自动扣款钱包。
region = 地区

pay-with = 使用{ $wallet }支付 { $amount }
link-wallet = 授权{ $wallet }
link-explainer = 您只需在{ $wallet }的页面授权一次，之后一键即可付款。
paying = 正在付款…
linking = 正在打开{ $wallet }…
just-linked = { $wallet }已授权，现在可以付款。
manage-wallets = 管理已授权的付款方式
back-to-checkout = 返回收银台

result-succeeded = 支付成功
result-succeeded-detail = 已使用{ $wallet }支付 { $amount }。
result-reference = 订单号
result-time = 支付时间
result-failed = 支付失败
result-processing = 支付处理中
result-processing-detail = { $wallet }正在确认付款，本页面会自动更新。
result-cancelled = 支付已取消
try-again = 重试
choose-another = 选择其他付款方式
return-to-merchant = 返回{ $merchant }

return-heading = 正在授权钱包
return-working = 正在完成授权…
return-failed = 钱包未授权成功

wallets-page-heading = 已授权的付款方式
wallets-page-empty = 您还没有已授权的付款方式。
linked-since = 授权时间
unlink = 解除授权
unlink-confirm = 确定解除{ $wallet }的授权吗？之后需重新授权才能使用它付款。
unlink-yes = 确定解除
unlink-no = 保留
unlinked = 已解除{ $wallet }的授权。

error-network = 无法连接商户，请检查网络后重试。
error-retry = 重试
error-unauthorized = 此付款未在本浏览器中打开，请返回商户页面重新打开。
error-forbidden = 此付款链接已被使用或已过期，请返回商户页面重新开始。
error-not-found = 找不到此付款。
error-session-expired = 此付款已过期，请返回商户页面重新开始。
error-auth-declined = 您未同意授权，因此没有授权钱包，也没有扣款。
error-auth-state-invalid = 此授权并非由本页面发起，请重新授权钱包。
error-auth-state-foreign = 此授权属于另一笔付款，请重新授权钱包。
error-auth-state-expired = 授权耗时过长，请重新授权钱包。
error-auth-state-used = 此授权已被使用，请重新授权钱包。
error-auth-code-rejected = 钱包未接受此授权，请重新授权。
error-wallet-refused = 该钱包暂时不可用，请换一个钱包。
error-wallet-not-available = 您所在地区不支持该钱包。
error-wallet-not-linked = 请先授权该钱包再付款。
error-order-already-paid = 此订单已支付。
error-payment-in-progress = 此订单已有一笔付款正在处理。
error-antom-unavailable = 支付服务暂无响应，未发生扣款，请重试。
error-idempotency-key-reused = 出现问题，请重试。
error-idempotency-key-required = 出现问题，请重试。
error-idempotency-key-invalid = 出现问题，请重试。
error-validation = 请求中的部分内容未被接受，请刷新页面后重试。
error-internal = 我们这边出现问题，未发生扣款，请重试。
error-unlink-refused = 暂时无法解除该钱包的授权，请稍后重试。
error-other = 出现问题，请重试。

reason-user-balance-not-enough = 账户余额不足，无法完成此笔付款。
reason-risk-reject = 出于安全原因，钱包拒绝了此笔付款。
reason-user-amount-exceed-limit = 此笔付款超出钱包限额。
reason-invalid-access-token = 钱包授权已失效，请重新授权。
reason-user-status-abnormal = 您的钱包账户暂时无法付款，请联系钱包客服。
reason-other = 钱包拒绝了此笔付款。

home-heading = 收银台
home-text = 请打开商户提供的付款链接。
linked-close-tab = { $wallet }已授权，您可以关闭此标签页，回到商户页面继续。
continue-in-tab = 请在刚打开的{ $wallet }标签页中继续。

# Buyer regions, by ISO 3166-1 code.
region-name-cn = 中国内地
region-name-hk = 中国香港
region-name-id = 印度尼西亚
region-name-jp = 日本
region-name-kr = 韩国
region-name-my = 马来西亚
region-name-ph = 菲律宾
region-name-sg = 新加坡
region-name-th = 泰国
region-name-vn = 越南
error-auth-state-other-browser = 您是在另一个浏览器或应用中开始授权此钱包的。请回到您开始操作的付款页面，在那里授权钱包。
error-too-many-authorizations = 在此付款页面尝试授权钱包的次数过多。请稍等几分钟后再试。
error-too-many-attempts = 来自您网络的尝试次数过多。请稍等一分钟后再试。
handoff-done = { $wallet }已授权，您可以关闭此标签页，回到付款页面继续。
handoff-waiting = 正在原付款页面中完成授权…
setup-heading = 为{ $merchant }授权钱包
setup-linked = { $wallet }已授权
setup-linked-detail = { $merchant }将按约定从该钱包扣款。目前尚未扣款。
link-code-label = 钱包在另一个浏览器中打开了吗？请输入那里显示的 6 位验证码。
link-code-submit = 完成授权
handover-heading = 请回到发起授权的付款页面完成授权
handover-intro = { $wallet }返回时打开的是另一个浏览器或应用。如果您是在另一个浏览器或应用中向{ $merchant }发起付款的，请回到那个付款页面，在那里输入此验证码：
handover-expiry = 验证码 5 分钟内有效。
handover-warning = 任何人只要输入此验证码，就能使用您的{ $wallet }向{ $merchant }付款。请只在您本人打开的付款页面中输入此验证码。切勿将验证码告诉任何人，也切勿在别人发给您的付款页面中输入。
error-link-code-wrong = 验证码与另一个浏览器中显示的不一致，请检查后重试。
error-link-code-expired = 此验证码已失效，请重新授权钱包。

mandate-heading = { $merchant }可在您不操作的情况下从此钱包扣款
mandate-linked-heading = 已允许的自动扣款
mandate-per-charge = 每次最多 { $amount }
mandate-per-interval = { $interval ->
    [day] 每天
    [week] 每周
    [month] 每月
   *[year] 每年
}最多 { $amount }
mandate-until = 有效期至 { $date }
mandate-no-limit = 未设置单次上限
mandate-note = 您可随时在“管理已授权的付款方式”中解除授权。
recovery-heading = { $merchant }未能成功收取此笔付款
recovery-balance = 您的{ $wallet }余额不足以支付 { $amount }。
recovery-limit = 您的{ $wallet }账户已达到限额，无法支付 { $amount }。
recovery-other = { $wallet }拒绝了 { $amount } 的扣款。
recovery-next = 您可以在此付款：充值后使用{ $wallet }，或使用其他钱包。
