# แอปชำระเงิน ภาษาไทย คีย์ทุกตัวตรงกับแคตตาล็อกภาษาอังกฤษ (en)

app-title = ชำระเงิน
language = ภาษา
loading = กำลังโหลด…
secure-note = การชำระเงินดำเนินการโดย Antom ข้อมูลเข้าสู่ระบบวอลเล็ตของคุณจะไม่ถูกส่งให้ { $merchant }
account-hint = สำหรับ { $account } — ไม่ใช่คุณใช่ไหม หยุดตรงนี้และปิดหน้านี้

order-heading = ชำระเงินให้ { $merchant }
order-total = ยอดรวม
order-quantity = × { $quantity }

wallets-heading = ชำระด้วยวอลเล็ต
wallet-linked = ผูกบัญชีแล้ว · { $account }
wallet-linked-no-account = ผูกบัญชีแล้ว
wallet-not-linked = ยังไม่ได้ผูกบัญชี
wallet-revoked = ยกเลิกการผูกบัญชีในแอปวอลเล็ตแล้ว ผูกบัญชีอีกครั้งเพื่อชำระเงิน
wallet-expired = การอนุญาตหมดอายุแล้ว ผูกบัญชีอีกครั้งเพื่อชำระเงิน
wallet-mark = โลโก้ { $wallet }
no-wallets = ไม่มีวอลเล็ตที่รองรับการตัดเงินอัตโนมัติในภูมิภาคของคุณ
region = ภูมิภาค

pay-with = ชำระ { $amount } ด้วย { $wallet }
link-wallet = ผูกบัญชี { $wallet }
link-explainer = คุณจะยืนยันการอนุญาต { $wallet } ในหน้าของวอลเล็ตเพียงครั้งเดียว ครั้งต่อไปชำระได้ในคลิกเดียว
paying = กำลังชำระเงิน…
linking = กำลังเปิด { $wallet }…
just-linked = ผูกบัญชี { $wallet } แล้ว ชำระเงินได้เลย
manage-wallets = จัดการวอลเล็ตที่ผูกไว้
back-to-checkout = กลับไปหน้าชำระเงิน

result-succeeded = ชำระเงินสำเร็จ
result-succeeded-detail = ชำระ { $amount } ด้วย { $wallet } แล้ว
result-reference = หมายเลขคำสั่งซื้อ
result-time = ชำระเมื่อ
result-failed = ชำระเงินไม่สำเร็จ
result-processing = กำลังดำเนินการชำระเงิน
result-processing-detail = { $wallet } กำลังยืนยันการชำระเงิน หน้านี้จะอัปเดตเอง
result-cancelled = ยกเลิกการชำระเงินแล้ว
try-again = ลองอีกครั้ง
choose-another = เลือกวอลเล็ตอื่น
return-to-merchant = กลับไปที่ { $merchant }

return-heading = กำลังผูกบัญชีวอลเล็ต
return-working = กำลังดำเนินการอนุญาตให้เสร็จสิ้น…
return-failed = ผูกบัญชีวอลเล็ตไม่สำเร็จ

wallets-page-heading = วอลเล็ตที่ผูกไว้
wallets-page-empty = คุณยังไม่ได้ผูกบัญชีวอลเล็ตใด
linked-since = ผูกบัญชีเมื่อ
unlink = ยกเลิกการผูกบัญชี
unlink-confirm = ยกเลิกการผูกบัญชี { $wallet } ใช่ไหม หากต้องการชำระด้วยวอลเล็ตนี้อีก คุณต้องยืนยันการอนุญาตใหม่
unlink-yes = ใช่ ยกเลิกการผูกบัญชี
unlink-no = เก็บไว้
unlinked = ยกเลิกการผูกบัญชี { $wallet } แล้ว

# ข้อผิดพลาด ตามรหัสข้อผิดพลาดของบริการ
error-network = ไม่สามารถเชื่อมต่อกับร้านค้าได้ โปรดตรวจสอบการเชื่อมต่อแล้วลองอีกครั้ง
error-retry = ลองอีกครั้ง
error-unauthorized = รายการชำระเงินนี้ไม่ได้เปิดอยู่ในเบราว์เซอร์นี้ โปรดกลับไปที่ร้านค้าและเปิดใหม่อีกครั้ง
error-forbidden = ลิงก์ชำระเงินนี้ถูกใช้ไปแล้วหรือหมดอายุ โปรดกลับไปที่ร้านค้าและเริ่มใหม่อีกครั้ง
error-not-found = ไม่พบรายการชำระเงินนี้
error-session-expired = รายการชำระเงินนี้หมดอายุแล้ว โปรดกลับไปที่ร้านค้าและเริ่มใหม่อีกครั้ง
error-auth-declined = คุณไม่ได้อนุญาตวอลเล็ต จึงไม่มีการผูกบัญชีหรือตัดเงิน
error-auth-state-invalid = การอนุญาตนี้ไม่ได้เริ่มจากที่นี่ โปรดผูกบัญชีวอลเล็ตอีกครั้ง
error-auth-state-foreign = การอนุญาตนี้เป็นของรายการชำระเงินอื่น โปรดผูกบัญชีวอลเล็ตอีกครั้ง
error-auth-state-expired = การอนุญาตใช้เวลานานเกินไป โปรดผูกบัญชีวอลเล็ตอีกครั้ง
error-auth-state-used = การอนุญาตนี้ถูกใช้ไปแล้ว โปรดผูกบัญชีวอลเล็ตอีกครั้ง
error-auth-code-rejected = วอลเล็ตไม่ยอมรับการอนุญาต โปรดผูกบัญชีอีกครั้ง
error-wallet-refused = วอลเล็ตนี้ไม่พร้อมใช้งานในขณะนี้ โปรดเลือกวอลเล็ตอื่น
error-wallet-not-available = วอลเล็ตนี้ไม่มีให้บริการในภูมิภาคของคุณ
error-wallet-not-linked = โปรดผูกบัญชีวอลเล็ตนี้ก่อนชำระเงิน
error-order-already-paid = คำสั่งซื้อนี้ชำระเงินแล้ว
error-payment-in-progress = มีการชำระเงินสำหรับคำสั่งซื้อนี้อยู่แล้ว
error-antom-unavailable = บริการชำระเงินไม่ตอบสนอง ยังไม่มีการตัดเงิน โปรดลองอีกครั้ง
error-idempotency-key-reused = โปรดลองอีกครั้ง
error-idempotency-key-required = โปรดลองอีกครั้ง
error-idempotency-key-invalid = โปรดลองอีกครั้ง
error-validation = มีข้อมูลบางส่วนในคำขอที่ไม่ได้รับการยอมรับ โปรดโหลดหน้านี้ใหม่แล้วลองอีกครั้ง
error-internal = เกิดข้อผิดพลาดในระบบของเรา ยังไม่มีการตัดเงิน โปรดลองอีกครั้ง
error-unlink-refused = ไม่สามารถยกเลิกการผูกบัญชีวอลเล็ตได้ในขณะนี้ โปรดลองใหม่ภายหลัง
error-other = เกิดข้อผิดพลาด โปรดลองอีกครั้ง

# สาเหตุที่ชำระเงินไม่สำเร็จ ตามรหัสของ Antom
reason-user-balance-not-enough = ยอดเงินในวอลเล็ตไม่เพียงพอสำหรับการชำระเงินนี้
reason-risk-reject = วอลเล็ตปฏิเสธการชำระเงินนี้ด้วยเหตุผลด้านความปลอดภัย
reason-user-amount-exceed-limit = การชำระเงินนี้เกินวงเงินของวอลเล็ตคุณ
reason-invalid-access-token = การอนุญาตวอลเล็ตใช้ไม่ได้อีกต่อไป โปรดผูกบัญชีวอลเล็ตอีกครั้ง
reason-user-status-abnormal = บัญชีวอลเล็ตของคุณชำระเงินไม่ได้ในขณะนี้ โปรดติดต่อผู้ให้บริการวอลเล็ต
reason-other = วอลเล็ตปฏิเสธการชำระเงินนี้

home-heading = ชำระเงิน
home-text = โปรดเปิดลิงก์ชำระเงินที่ได้รับจากร้านค้า
linked-close-tab = ผูกบัญชี { $wallet } แล้ว ปิดแท็บนี้และทำรายการต่อที่ร้านค้าได้เลย
continue-in-tab = ทำรายการต่อในแท็บ { $wallet } ที่เพิ่งเปิดขึ้น

# ภูมิภาคของผู้ซื้อ ตามรหัส ISO 3166-1
region-name-cn = จีน
region-name-hk = ฮ่องกง
region-name-id = อินโดนีเซีย
region-name-jp = ญี่ปุ่น
region-name-kr = เกาหลีใต้
region-name-my = มาเลเซีย
region-name-ph = ฟิลิปปินส์
region-name-sg = สิงคโปร์
region-name-th = ไทย
region-name-vn = เวียดนาม
error-auth-state-other-browser = ลิงก์นี้เริ่มจากเบราว์เซอร์หรือแอปอื่น โปรดกลับไปที่หน้าชำระเงินที่คุณเริ่มไว้และผูกบัญชีวอลเล็ตที่นั่น
error-too-many-authorizations = รายการชำระเงินนี้เริ่มผูกบัญชีวอลเล็ตหลายครั้งเกินไป โปรดรอสักครู่แล้วลองอีกครั้ง
error-too-many-attempts = มีการลองจากเครือข่ายของคุณมากเกินไป โปรดรอสักครู่แล้วลองอีกครั้ง
handoff-done = ผูกบัญชี { $wallet } แล้ว ปิดแท็บนี้และทำรายการต่อในหน้าชำระเงินได้เลย
handoff-waiting = กำลังดำเนินการให้เสร็จในหน้าชำระเงินที่เปิดแท็บนี้…
setup-heading = ผูกบัญชีวอลเล็ตสำหรับ { $merchant }
setup-linked = ผูกบัญชี { $wallet } แล้ว
setup-linked-detail = { $merchant } จะเรียกเก็บเงินตามที่คุณตกลงไว้ ยังไม่มีการตัดเงินในตอนนี้
link-code-label = วอลเล็ตเปิดขึ้นในเบราว์เซอร์อื่นใช่ไหม โปรดกรอกรหัส 6 หลักที่แสดงในเบราว์เซอร์นั้น
link-code-submit = ผูกบัญชีให้เสร็จสิ้น
handover-heading = ทำรายการให้เสร็จในหน้าชำระเงินที่คุณเริ่มไว้
handover-intro = { $wallet } พาคุณกลับมาที่เบราว์เซอร์หรือแอปอื่น หากคุณเริ่มชำระเงินให้ { $merchant } ในเบราว์เซอร์หรือแอปอื่น โปรดกลับไปที่หน้าชำระเงินนั้นและกรอกรหัสนี้ที่นั่น:
handover-expiry = รหัสนี้ใช้ได้ภายใน 5 นาที
handover-warning = ใครก็ตามที่กรอกรหัสนี้จะชำระเงินให้ { $merchant } ด้วย { $wallet } ของคุณได้ โปรดกรอกรหัสนี้ในหน้าชำระเงินที่คุณเปิดเองเท่านั้น อย่าบอกรหัสนี้แก่ผู้ใดเด็ดขาด และอย่ากรอกรหัสในหน้าชำระเงินที่ผู้อื่นส่งมาให้คุณ
error-link-code-wrong = รหัสไม่ตรงกับที่แสดงในเบราว์เซอร์อื่น โปรดตรวจสอบแล้วลองอีกครั้ง
error-link-code-expired = รหัสนี้ใช้ไม่ได้แล้ว โปรดผูกบัญชีวอลเล็ตอีกครั้ง

mandate-heading = { $merchant } สามารถเรียกเก็บเงินจากวอลเล็ตนี้ได้โดยไม่ต้องให้คุณดำเนินการ
mandate-linked-heading = การเรียกเก็บเงินที่อนุญาตโดยไม่ต้องให้คุณดำเนินการ
mandate-per-charge = สูงสุด { $amount } ต่อครั้ง
mandate-per-interval = สูงสุด { $amount } { $interval ->
    [day] ต่อวัน
    [week] ต่อสัปดาห์
    [month] ต่อเดือน
   *[year] ต่อปี
}
mandate-until = จนถึง { $date }
mandate-no-limit = ไม่ได้กำหนดวงเงินต่อครั้ง
mandate-note = คุณยกเลิกได้ทุกเมื่อในหน้า “จัดการวอลเล็ตที่ผูกไว้”
recovery-heading = { $merchant } เรียกเก็บเงินรายการนี้ไม่สำเร็จ
recovery-balance = ยอดเงินใน { $wallet } ของคุณไม่พอสำหรับ { $amount }
recovery-limit = บัญชี { $wallet } ของคุณถึงวงเงินสูงสุดแล้ว จึงชำระ { $amount } ไม่ได้
recovery-other = { $wallet } ปฏิเสธการเรียกเก็บเงิน { $amount }
recovery-next = คุณชำระเงินได้ที่นี่ โดยเติมเงินเข้า { $wallet } ก่อน หรือเลือกวอลเล็ตอื่น
