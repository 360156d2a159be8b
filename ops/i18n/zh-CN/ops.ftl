console-name = 运营控制台
nav-label = 控制台
nav-payments = 支付
nav-reconciliation = 对账
nav-keys = API 密钥
language = 语言
sign-out = 退出
loading = 加载中…

sign-in-heading = 登录运营控制台
email = 电子邮箱
password = 密码
second-factor = 验证器代码
second-factor-hint = 验证器应用显示的六位数字，或您的某个恢复码。
sign-in = 登录

error-other = 出了点问题。请重试；如果一直出现，请查看服务日志。
error-network = 无法连接服务。请检查网络后重试。
error-unauthorized = 您尚未登录，或会话已结束。请重新登录。
error-forbidden = 不允许此操作。
error-not-found = 未找到。
error-validation = 部分值无效。
error-internal = 服务端出现问题，未做任何更改；请重试。
error-antom-unavailable = 无法连接 Antom，未发送任何请求；请稍后重试。
error-refund-exceeds-payment = 该退款将超过剩余可退金额。
error-payment-not-refundable = 此笔支付无法退款。
error-cancel-not-allowed = 此笔支付已无法撤销（请改为退款）。
error-payment-not-declarable = 只有已支付的订单才能报关。
error-idempotency-key-reused = 此请求已以不同的值提交过。
error-idempotency-key-required = 请求缺少 Idempotency-Key 标头，未执行任何操作。
error-idempotency-key-invalid = Idempotency-Key 标头须为 1 到 255 个可见字符，未执行任何操作。
error-inquiry-refused = Antom 暂时无法告知状态；请稍后重试。
error-report-file-invalid = 有报告文件格式错误，未导入任何内容。
error-no-report-files = 请至少选择一个报告文件。
error-duplicate-report-file = 同一文件被选择了两次。
error-body-too-large = 上传内容过大，请分成较小的几次导入。
error-scope-missing = 您的角色无权执行此操作。请联系管理员。
error-sign-in-failed = 电子邮箱、密码或代码不正确。
error-operator-locked = 登录失败次数过多：此账户已锁定 15 分钟。
error-too-many-attempts = 来自此网络的尝试次数过多。请等待一分钟后重试。
error-mandate-required = 此钱包仅为买家本人付款而绑定，不能在买家不在场时扣款。
error-mandate-amount-exceeded = 此次扣款超过买家同意的单次上限。
error-mandate-limit-reached = 此次扣款将超过买家同意的本周期上限。
error-mandate-ended = 买家对免密扣款的授权已结束。
error-where = { $file }，第 { $line } 行，{ $column } 列

state-processing = 处理中
state-succeeded = 已支付
state-failed = 失败
state-cancelled = 已撤销
state-cancelling = 撤销中
state-retry-scheduled = 待重试

payments-heading = 支付
filters-label = 筛选支付
filter-state = 状态
filter-wallet = 钱包
filter-currency = 币种
filter-from = 起始日期
filter-to = 截止日期
filter-min = 最低金额
filter-max = 最高金额
filter-any = 全部
filter-apply = 应用筛选
filter-amount-needs-currency = 按金额筛选前请先选择币种。
filter-amount-invalid = 金额须为数字，小数位不超过该币种的位数。
payments-none = 没有符合条件的支付。
payments-count = 共 { $count } 笔支付
pager-label = 分页
pager-newer = 较新
pager-older = 较早

col-created = 创建时间
col-payment = 支付
col-order = 订单
col-wallet = 钱包
col-amount = 金额
col-state = 状态
col-refunded = 已退款
col-buyer = 买家
col-antom-id = Antom 支付 ID
col-paid-at = 支付时间
col-failure = 失败原因

back-to-payments = ← 全部支付
payment-heading = 支付

refund-heading = 退款
refund-amount = 金额（{ $currency }）
refund-hint = 最多还可退 { $amount }。
refund-reason = 原因（可选，买家可见）
refund-ask = 退款…
refund-confirm = 确认向买家退款 { $amount }？此操作无法撤回。
refund-yes = 确认退款
refund-succeeded = 退款 { $amount } 成功。
refund-failed = 退款 { $amount } 失败。
refund-processing = 退款 { $amount } 处理中。
keep = 不，保留

cancel-heading = 撤销支付
cancel-explain = 撤销会作废此笔支付，并将全部金额退还给买家。
cancel-ask = 撤销支付…
cancel-confirm = 确认撤销此笔支付并向买家退还 { $amount }？
cancel-yes = 确认撤销
cancel-done = 支付已撤销。

declare-heading = 报关
declare-amount = 报关金额（{ $currency }）
declare-amount-invalid = 报关金额须大于零且不超过支付金额。
declare-customs-code = 海关编号
declare-region = 海关所在地区（两位字母，如 CN）
declare-merchant-code = 商户海关备案编号
declare-merchant-name = 商户海关备案名称
declare-submit = 报关
declare-done = 已向海关 { $customs } 申报 { $amount }。

timeline-heading = 记录
event-other = 其他事件
event-authorization-started = 买家前往钱包授权
event-authorization-linked = 钱包已绑定
event-authorization-declined = 买家在钱包中拒绝授权
event-authorization-rejected = 钱包授权被拒绝
event-attempt-recorded = 支付已记录并发送至 Antom
event-attempt-succeeded = 已支付
event-attempt-failed = 支付失败
event-cancel-cancelled = 已撤销
event-refund-requested = 已申请退款
event-refund-succeeded = 退款成功
event-refund-failed = 退款失败
event-notification-payment = Antom 通知了支付结果
event-notification-refund = Antom 通知了退款结果
event-declaration-requested = 已发送报关
event-declaration-succeeded = 报关成功
event-declaration-failed = 报关失败
event-audit-payment-refund = 运营人员申请退款
event-audit-payment-cancel = 运营人员申请撤销
event-audit-payment-declare = 运营人员报关
event-audit-payment-close_expired = 超时仍在处理中，已取消关单

reconciliation-heading = 结算对账
import-files = Antom 报告文件（交易明细、结算明细、结算汇总）
import-hint = 选择 Antom 提供的当日 CSV 文件。已导入的文件不会重复导入。
import-submit = 导入并对账
report-none = 尚未导入任何文件。
report-heading = { $at } 导入的对账报告
report-clean = 无差异：没有缺失，金额全部一致。
report-issues = 有 { $count } 项需要处理。
summary-agrees = 结算汇总与结算明细一致。
summary-disagrees = 有结算汇总与结算明细不一致。
files-caption = 文件
col-file = 文件
col-rows = 行数
col-file-state = 导入
file-new = 已导入
file-already = 之前已导入，未重复保存
file-replaced = 已导入，替换了之前的版本
settlement-caption = 按币种结算
col-currency = 币种
col-payments = 支付
col-refunds = 退款
col-cancels = 撤销
col-other = 其他
col-fees = 手续费
col-tax = 手续费税
col-net = 净结算额
issues-caption = 需要处理的项目
col-issue = 问题
col-type = 类型
col-where = 位置
col-field = 字段
col-ours = 我方
col-antom = Antom 方
issue-missing-at-antom = Antom 缺失
issue-missing-here = 我方无记录
issue-amount-mismatch = 金额不一致
issue-currency-mismatch = 币种不一致
issue-status-mismatch = 状态不一致
issue-summary-mismatch = 汇总与明细不一致
issue-duplicate = 重复列出
issue-other-transaction = 其他类型交易：请在 Antom 商户后台查看
issue-unreadable-batch = 批次合计与明细对不上任何金额与手续费读法：请在 Antom 商户后台核对手续费与净额
event-webhook-checkout_session-completed = Webhook：收银台已完成
event-webhook-checkout_session-expired = Webhook：收银台已过期
event-webhook-payment-succeeded = Webhook：支付成功
event-webhook-payment-failed = Webhook：支付失败
event-webhook-payment-processing = Webhook：支付处理中
event-webhook-payment-cancelled = Webhook：支付已取消
event-webhook-refund-succeeded = Webhook：退款成功
event-webhook-refund-failed = Webhook：退款失败
event-webhook-wallet-linked = Webhook：钱包已绑定
event-webhook-wallet-unlinked = Webhook：钱包已解绑
event-webhook-declaration-updated = Webhook：报关状态更新
event-webhook-reconciliation-completed = Webhook：对账完成
webhook-resend = 重新发送

role-viewer = 查看者
role-support = 客服
role-admin = 管理员

keys-heading = API 密钥
keys-caption = 密钥（最新的在前）
key-new-heading = 新建密钥
key-name = 名称
key-scopes = 权限范围
key-create = 创建密钥
key-expires = 失效时间
key-last-used = 最近使用
key-actions = 操作
key-inactive = 已失效
key-roll = 轮换
key-revoke = 吊销
key-revoke-confirm = 吊销 { $name }？仍在使用它的系统将立即无法调用。
key-revoke-yes = 确认吊销
key-secret-once = { $name } 的密钥。请立即复制：它不会再次显示。轮换后的旧密钥在 24 小时内仍然有效。

nav-health = 运行状况
health-heading = 服务运行状况
health-refresh = 刷新
health-antom-heading = 自 { $since } 起的 Antom 调用
health-replica-note = 由响应本页面的副本统计。
col-outcome = 结果
col-calls = 调用次数
col-share = 占比
health-antom-succeeded = 成功（S）
health-antom-failed = 被拒绝（F）
health-antom-pending = 待定（U）
health-antom-errors = 无有效应答
health-antom-calls = 全部调用
health-payments-heading = 支付
health-stuck = 处理中超过十分钟
health-oldest-processing = 最早仍在处理中的支付
health-oldest-cancelling = 最早仍在进行的撤销
health-none = 无
health-age = { $minutes } 分钟
health-webhooks-heading = Webhook
health-backlog = 待投递
health-failing-none = 所有端点均在正常接收 Webhook。
health-failing-caption = 投递失败的端点
col-endpoint = 端点
col-failing = 失败的投递
col-failing-since = 失败开始于
col-last-status = 最近应答
health-no-answer = 无应答
health-upkeep-heading = 关联、对账与密钥
health-links-lapsing = 七天内失效的钱包关联
health-reconciliation = 最近一次对账
health-reconciliation-none = 尚未导入
health-reconciliation-last = { $at }：{ $issues ->
    [0] 无差异
   *[other] { $issues } 个问题
}
health-old-keys = 仍由旧令牌密钥加密的值
health-old-keys-none = 无：可以移除旧密钥
health-worker = 后台任务最近一轮
health-worker-elsewhere = 不在此副本运行
# A wallet's market, beside a name several markets share: GrabPay (Singapore).
wallet-market = { $region ->
    [CN] 中国内地
    [HK] 中国香港
    [ID] 印度尼西亚
    [JP] 日本
    [KR] 韩国
    [MY] 马来西亚
    [PH] 菲律宾
    [SG] 新加坡
    [TH] 泰国
    [VN] 越南
   *[other] { $region }
}
wallet-with-market = { $wallet }（{ $market }）
