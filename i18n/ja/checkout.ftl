# 決済アプリ、日本語。すべてのキーは英語のカタログ（en）と同じです。

app-title = お支払い
language = 言語
loading = 読み込み中…
secure-note = お支払いは Antom が処理します。ウォレットのログイン情報が { $merchant } に渡ることはありません。
account-hint = このお支払いは { $account } のアカウント向けです。ご本人でない場合は、ここで中止してこのページを閉じてください。

order-heading = { $merchant } へのお支払い
order-total = 合計
order-quantity = × { $quantity }

wallets-heading = お支払い方法を選択
wallet-linked = 連携済み · { $account }
wallet-linked-no-account = 連携済み
wallet-not-linked = 未連携
wallet-revoked = ウォレットのアプリで連携が解除されました。支払うにはもう一度連携してください
wallet-expired = 連携の有効期限が切れました。支払うにはもう一度連携してください
wallet-mark = { $wallet } のロゴ
no-wallets = お住まいの地域で利用できる自動引き落とし対応ウォレットはありません。
region = 地域

pay-with = { $wallet } で { $amount } を支払う
link-wallet = { $wallet } と連携する
link-explainer = { $wallet } の画面で一度だけ連携を許可すると、次回からはワンタップで支払えます。
paying = お支払い処理中…
linking = { $wallet } を開いています…
just-linked = { $wallet } と連携しました。お支払いいただけます。
manage-wallets = 連携済みのお支払い方法を管理
back-to-checkout = お支払い画面に戻る

result-succeeded = お支払いが完了しました
result-succeeded-detail = { $wallet } で { $amount } をお支払いいただきました。
result-reference = 注文番号
result-time = お支払い日時
result-failed = お支払いに失敗しました
result-processing = お支払いを処理中です
result-processing-detail = { $wallet } がお支払いを確認しています。この画面は自動で更新されます。
result-cancelled = お支払いはキャンセルされました
try-again = もう一度試す
choose-another = 別のお支払い方法を選ぶ
return-to-merchant = { $merchant } に戻る

return-heading = ウォレットを連携しています
return-working = 連携を完了させています…
return-failed = ウォレットは連携されませんでした

wallets-page-heading = 連携済みのお支払い方法
wallets-page-empty = 連携済みのお支払い方法はありません。
linked-since = 連携日時
unlink = 連携を解除
unlink-confirm = { $wallet } との連携を解除しますか？このウォレットで支払うには、もう一度連携を許可する必要があります。
unlink-yes = 解除する
unlink-no = 解除しない
unlinked = { $wallet } との連携を解除しました。

# エラー（サービスのエラーコード別）。
error-network = ショップに接続できませんでした。通信環境をご確認のうえ、もう一度お試しください。
error-retry = 再試行
error-unauthorized = このお支払いは、このブラウザでは開かれていません。ショップに戻って、もう一度開いてください。
error-forbidden = このお支払いリンクは使用済みか、有効期限が切れています。ショップに戻って最初からやり直してください。
error-not-found = このお支払いが見つかりませんでした。
error-session-expired = このお支払いは有効期限が切れました。ショップに戻って最初からやり直してください。
error-auth-declined = 連携が許可されなかったため、ウォレットは連携されず、請求も行われていません。
error-auth-state-invalid = この連携手続きはここで開始されたものではありません。もう一度ウォレットを連携してください。
error-auth-state-foreign = この連携手続きは別のお支払いのものです。もう一度ウォレットを連携してください。
error-auth-state-expired = 連携手続きに時間がかかりすぎました。もう一度ウォレットを連携してください。
error-auth-state-used = この連携手続きはすでに処理済みです。もう一度ウォレットを連携してください。
error-auth-code-rejected = ウォレットが連携を受け付けませんでした。もう一度連携してください。
error-wallet-refused = 現在このウォレットはご利用いただけません。別のウォレットをお試しください。
error-wallet-not-available = このウォレットはお住まいの地域ではご利用いただけません。
error-wallet-not-linked = このウォレットで支払うには、先に連携してください。
error-order-already-paid = このご注文はお支払い済みです。
error-payment-in-progress = このご注文のお支払いはすでに処理中です。
error-antom-unavailable = 決済サービスから応答がありません。請求は行われていませんので、もう一度お試しください。
error-idempotency-key-reused = 問題が発生しました。もう一度お試しください。
error-idempotency-key-required = 問題が発生しました。もう一度お試しください。
error-idempotency-key-invalid = 問題が発生しました。もう一度お試しください。
error-validation = リクエストの内容の一部が受け付けられませんでした。ページを再読み込みして、もう一度お試しください。
error-internal = システムで問題が発生しました。請求は行われていませんので、もう一度お試しください。
error-unlink-refused = 現在ウォレットの連携を解除できません。しばらくしてからもう一度お試しください。
error-other = 問題が発生しました。もう一度お試しください。

# お支払いに失敗した理由（Antom のコード別）。
reason-user-balance-not-enough = このお支払いに必要な残高が不足しています。
reason-risk-reject = セキュリティ上の理由により、ウォレットがお支払いを承認しませんでした。
reason-user-amount-exceed-limit = ウォレットの利用上限を超えています。
reason-invalid-access-token = ウォレットの連携が無効になりました。もう一度ウォレットを連携してください。
reason-user-status-abnormal = 現在このウォレットのアカウントではお支払いできません。ご利用のウォレットのカスタマーサポートにお問い合わせください。
reason-other = ウォレットがお支払いを承認しませんでした。

home-heading = お支払い
home-text = ショップから届いたお支払いリンクを開いてください。
linked-close-tab = { $wallet } と連携しました。このタブを閉じて、ショップでお手続きを続けてください。
continue-in-tab = 新しく開いた { $wallet } のタブでお手続きを続けてください。

# 購入者の地域（ISO 3166-1 コード別）。
region-name-cn = 中国
region-name-hk = 香港
region-name-id = インドネシア
region-name-jp = 日本
region-name-kr = 韓国
region-name-my = マレーシア
region-name-ph = フィリピン
region-name-sg = シンガポール
region-name-th = タイ
region-name-vn = ベトナム
error-auth-state-other-browser = このウォレットの連携は、別のブラウザまたはアプリで開始されています。最初に開いたお支払い画面に戻り、そこでウォレットを連携してください。
error-too-many-authorizations = このお支払い画面からのウォレット連携の試行回数が多すぎます。数分待ってから、もう一度お試しください。
error-too-many-attempts = お使いのネットワークからの試行が多すぎます。1分ほど待ってから、もう一度お試しください。
handoff-done = { $wallet } と連携しました。このタブを閉じて、お支払い画面でお手続きを続けてください。
handoff-waiting = このタブを開いたお支払い画面で連携を完了させています…
setup-heading = { $merchant } で使うウォレットを連携
setup-linked = { $wallet } と連携しました
setup-linked-detail = ご同意いただいた内容に沿って { $merchant } がこのウォレットに請求します。まだ請求は行われていません。
link-code-label = ウォレットが別のブラウザで開きましたか？そこに表示された6桁のコードを入力してください。
link-code-submit = 連携を完了する
handover-heading = 最初に開いたお支払い画面で完了してください
handover-intro = { $wallet } から、最初とは別のブラウザまたはアプリに戻りました。ほかのブラウザまたはアプリで { $merchant } へのお支払いを始めた場合は、そのお支払い画面に戻り、そこでこのコードを入力してください：
handover-expiry = このコードの有効期間は5分です。
handover-warning = このコードを入力すれば、誰でもお客様の { $wallet } で { $merchant } への支払いができてしまいます。このコードは、ご自身で開いたお支払い画面にのみ入力してください。誰にも教えないでください。また、他人から送られてきたお支払い画面には絶対に入力しないでください。
error-link-code-wrong = 別のブラウザに表示されたコードと一致しません。確認して、もう一度お試しください。
error-link-code-expired = このコードは使用できなくなりました。もう一度ウォレットを連携してください。

mandate-heading = { $merchant } はお客様の操作なしでこのウォレットに請求できます
mandate-linked-heading = お客様の操作なしで行える請求
mandate-per-charge = 1回あたり最大 { $amount }
mandate-per-interval = { $interval ->
    [day] 1日あたり
    [week] 1週間あたり
    [month] 1か月あたり
   *[year] 1年あたり
}最大 { $amount }
mandate-until = { $date } まで
mandate-no-limit = 1回あたりの上限は設定されていません
mandate-note = 「連携済みのお支払い方法を管理」からいつでも終了できます。
recovery-heading = { $merchant } はこのお支払いを受け取れませんでした
recovery-balance = { $wallet } の残高が不足していたため、{ $amount } を請求できませんでした。
recovery-limit = { $wallet } アカウントの利用上限に達したため、{ $amount } を請求できませんでした。
recovery-other = { $wallet } が { $amount } の請求を承認しませんでした。
recovery-next = このページでお支払いいただけます。{ $wallet } にチャージしてからお支払いいただくか、別のウォレットをご利用ください。
