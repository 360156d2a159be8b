# Ứng dụng thanh toán, tiếng Việt. Mọi khóa giống danh mục tiếng Anh (en).

app-title = Thanh toán
language = Ngôn ngữ
loading = Đang tải…
secure-note = Giao dịch do Antom xử lý. Thông tin đăng nhập ví của bạn không bao giờ được chuyển cho { $merchant }.
account-hint = Dành cho { $account } — không phải bạn? Hãy dừng lại và đóng trang này.

order-heading = Thanh toán cho { $merchant }
order-total = Tổng cộng
order-quantity = × { $quantity }

wallets-heading = Chọn phương thức thanh toán
wallet-linked = Đã liên kết · { $account }
wallet-linked-no-account = Đã liên kết
wallet-not-linked = Chưa liên kết
wallet-revoked = Đã hủy liên kết trong ứng dụng ví — hãy liên kết lại để thanh toán
wallet-expired = Ủy quyền đã hết hạn — hãy liên kết lại để thanh toán
wallet-mark = Logo { $wallet }
no-wallets = Không có ví hỗ trợ thanh toán tự động cho khu vực của bạn.
region = Khu vực

pay-with = Thanh toán { $amount } bằng { $wallet }
link-wallet = Liên kết { $wallet }
link-explainer = Bạn chỉ cần ủy quyền { $wallet } một lần trên trang của ví; những lần thanh toán sau chỉ cần một chạm.
paying = Đang thanh toán…
linking = Đang mở { $wallet }…
just-linked = Đã liên kết { $wallet }. Bạn có thể thanh toán ngay.
manage-wallets = Quản lý phương thức thanh toán đã liên kết
back-to-checkout = Quay lại trang thanh toán

result-succeeded = Thanh toán thành công
result-succeeded-detail = Đã thanh toán { $amount } bằng { $wallet }.
result-reference = Mã đơn hàng
result-time = Thời gian thanh toán
result-failed = Thanh toán không thành công
result-processing = Đang xử lý thanh toán
result-processing-detail = { $wallet } đang xác nhận giao dịch. Trang này sẽ tự cập nhật.
result-cancelled = Đã hủy thanh toán
try-again = Thử lại
choose-another = Chọn phương thức thanh toán khác
return-to-merchant = Quay lại { $merchant }

return-heading = Đang liên kết ví của bạn
return-working = Đang hoàn tất ủy quyền…
return-failed = Chưa liên kết được ví

wallets-page-heading = Phương thức thanh toán đã liên kết
wallets-page-empty = Bạn chưa liên kết phương thức thanh toán nào.
linked-since = Thời gian liên kết
unlink = Hủy liên kết
unlink-confirm = Hủy liên kết { $wallet }? Bạn sẽ cần ủy quyền lại để thanh toán bằng ví này.
unlink-yes = Có, hủy liên kết
unlink-no = Giữ lại
unlinked = Đã hủy liên kết { $wallet }.

# Lỗi, theo mã lỗi của dịch vụ.
error-network = Không thể kết nối với cửa hàng. Vui lòng kiểm tra kết nối mạng và thử lại.
error-retry = Thử lại
error-unauthorized = Giao dịch thanh toán này không được mở trên trình duyệt này. Vui lòng quay lại cửa hàng và mở lại đường dẫn thanh toán.
error-forbidden = Đường dẫn thanh toán này đã được sử dụng hoặc đã hết hạn. Vui lòng quay lại cửa hàng và bắt đầu lại.
error-not-found = Không tìm thấy giao dịch thanh toán này.
error-session-expired = Giao dịch thanh toán này đã hết hạn. Vui lòng quay lại cửa hàng và bắt đầu lại.
error-auth-declined = Bạn chưa ủy quyền cho ví, nên không có liên kết hay khoản thanh toán nào được thực hiện.
error-auth-state-invalid = Yêu cầu ủy quyền này không bắt đầu từ đây. Vui lòng liên kết lại ví.
error-auth-state-foreign = Yêu cầu ủy quyền này thuộc về một giao dịch khác. Vui lòng liên kết lại ví.
error-auth-state-expired = Quá trình ủy quyền mất quá nhiều thời gian. Vui lòng liên kết lại ví.
error-auth-state-used = Yêu cầu ủy quyền này đã được sử dụng. Vui lòng liên kết lại ví.
error-auth-code-rejected = Ví không chấp nhận ủy quyền. Vui lòng liên kết lại.
error-wallet-refused = Ví này hiện không khả dụng. Vui lòng chọn ví khác.
error-wallet-not-available = Ví này không được cung cấp tại khu vực của bạn.
error-wallet-not-linked = Vui lòng liên kết ví này trước khi thanh toán.
error-order-already-paid = Đơn hàng này đã được thanh toán.
error-payment-in-progress = Một giao dịch thanh toán cho đơn hàng này đang được xử lý.
error-antom-unavailable = Dịch vụ thanh toán không phản hồi. Bạn chưa bị trừ tiền; vui lòng thử lại.
error-idempotency-key-reused = Đã xảy ra lỗi. Vui lòng thử lại.
error-idempotency-key-required = Đã xảy ra lỗi. Vui lòng thử lại.
error-idempotency-key-invalid = Đã xảy ra lỗi. Vui lòng thử lại.
error-validation = Một phần nội dung yêu cầu không được chấp nhận. Vui lòng tải lại trang và thử lại.
error-internal = Hệ thống của chúng tôi gặp sự cố. Bạn chưa bị trừ tiền; vui lòng thử lại.
error-unlink-refused = Hiện không thể hủy liên kết ví. Vui lòng thử lại sau.
error-other = Đã xảy ra lỗi. Vui lòng thử lại.

# Lý do thanh toán không thành công, theo mã của Antom.
reason-user-balance-not-enough = Số dư tài khoản của bạn không đủ cho khoản thanh toán này.
reason-risk-reject = Ví đã từ chối khoản thanh toán này vì lý do bảo mật.
reason-user-amount-exceed-limit = Khoản thanh toán này vượt quá hạn mức của ví.
reason-invalid-access-token = Ủy quyền ví không còn hiệu lực. Vui lòng liên kết lại ví.
reason-user-status-abnormal = Tài khoản ví của bạn hiện không thể thanh toán. Vui lòng liên hệ bộ phận chăm sóc khách hàng của ví.
reason-other = Ví đã từ chối khoản thanh toán này.

home-heading = Thanh toán
home-text = Vui lòng mở đường dẫn thanh toán mà cửa hàng đã gửi cho bạn.
linked-close-tab = Đã liên kết { $wallet }. Bạn có thể đóng thẻ này và tiếp tục tại cửa hàng.
continue-in-tab = Vui lòng tiếp tục trong thẻ { $wallet } vừa mở.

# Khu vực của người mua, theo mã ISO 3166-1.
region-name-cn = Trung Quốc
region-name-hk = Hồng Kông
region-name-id = Indonesia
region-name-jp = Nhật Bản
region-name-kr = Hàn Quốc
region-name-my = Malaysia
region-name-ph = Philippines
region-name-sg = Singapore
region-name-th = Thái Lan
region-name-vn = Việt Nam
error-auth-state-other-browser = Bạn đã bắt đầu liên kết ví này trên một trình duyệt hoặc ứng dụng khác. Vui lòng quay lại trang thanh toán nơi bạn đã bắt đầu và liên kết ví tại đó.
error-too-many-authorizations = Có quá nhiều lần thử liên kết ví từ trang thanh toán này. Vui lòng đợi vài phút rồi thử lại.
error-too-many-attempts = Có quá nhiều lần thử từ mạng của bạn. Vui lòng đợi một phút rồi thử lại.
handoff-done = Đã liên kết { $wallet }. Bạn có thể đóng thẻ này và tiếp tục trên trang thanh toán.
handoff-waiting = Đang hoàn tất trên trang thanh toán đã mở thẻ này…
setup-heading = Liên kết ví cho { $merchant }
setup-linked = Đã liên kết { $wallet }
setup-linked-detail = { $merchant } sẽ trừ tiền từ ví này theo thỏa thuận của bạn. Hiện chưa có khoản nào bị trừ.
link-code-label = Ví đã mở trên một trình duyệt khác? Vui lòng nhập mã gồm 6 chữ số hiển thị ở đó.
link-code-submit = Hoàn tất liên kết
handover-heading = Hoàn tất trên trang thanh toán nơi bạn đã bắt đầu
handover-intro = { $wallet } đã đưa bạn quay lại một trình duyệt hoặc ứng dụng khác. Nếu bạn đã bắt đầu thanh toán cho { $merchant } trên một trình duyệt hoặc ứng dụng khác, vui lòng quay lại trang thanh toán ấy và nhập mã này tại đó:
handover-expiry = Mã có hiệu lực trong 5 phút.
handover-warning = Ai nhập mã này cũng có thể dùng { $wallet } của bạn để thanh toán cho { $merchant }. Chỉ nhập mã này trên trang thanh toán do chính bạn mở. Tuyệt đối không đưa mã cho bất kỳ ai và không nhập mã vào trang thanh toán do người khác gửi cho bạn.
error-link-code-wrong = Mã này không khớp với mã hiển thị trên trình duyệt kia. Vui lòng kiểm tra và thử lại.
error-link-code-expired = Mã này không còn dùng được nữa. Vui lòng liên kết lại ví.

mandate-heading = { $merchant } có thể trừ tiền từ ví này mà không cần bạn thao tác
mandate-linked-heading = Các khoản trừ tiền được phép mà không cần bạn thao tác
mandate-per-charge = Tối đa { $amount } mỗi lần
mandate-per-interval = Tối đa { $amount } { $interval ->
    [day] mỗi ngày
    [week] mỗi tuần
    [month] mỗi tháng
   *[year] mỗi năm
}
mandate-until = Đến { $date }
mandate-no-limit = Chưa đặt hạn mức cho mỗi lần trừ tiền
mandate-note = Bạn có thể hủy quyền này bất cứ lúc nào trong mục “Quản lý phương thức thanh toán đã liên kết”.
recovery-heading = { $merchant } không thể nhận khoản thanh toán này
recovery-balance = Số dư { $wallet } của bạn không đủ cho { $amount }.
recovery-limit = Tài khoản { $wallet } của bạn đã đạt hạn mức nên không thể thanh toán { $amount }.
recovery-other = { $wallet } đã từ chối khoản trừ tiền { $amount }.
recovery-next = Bạn có thể thanh toán tại đây: bằng { $wallet } sau khi nạp tiền, hoặc bằng ví khác.
