//! What a first-painted page says when JavaScript is off: the order and the wallets
//! are there, but linking and paying need the app, and the buyer should know what
//! to do rather than wait on a "Loading…" that never ends. In the service, not the
//! catalogues: the app never shows it, so its download should not carry it.

/// The note, in each language the checkout speaks (English for any other).
const NOTES: [(&str, &str); 10] = [
    ("en", "This checkout needs JavaScript to link a wallet and pay. Turn on JavaScript in your browser's settings, or open this page in another browser."),
    ("zh-CN", "此收银台需要启用 JavaScript 才能授权钱包和付款。请在浏览器设置中开启 JavaScript，或在其他浏览器中打开此页面。"),
    ("zh-TW", "此付款頁面需要啟用 JavaScript 才能授權錢包及付款。請在瀏覽器設定中開啟 JavaScript，或在其他瀏覽器開啟此頁面。"),
    ("ko", "결제수단을 연결하고 결제하려면 JavaScript가 필요합니다. 브라우저 설정에서 JavaScript를 켜거나 다른 브라우저에서 이 페이지를 열어 주세요."),
    ("ja", "ウォレットの連携とお支払いには JavaScript が必要です。ブラウザの設定で JavaScript を有効にするか、別のブラウザでこのページを開いてください。"),
    ("th", "ต้องเปิดใช้ JavaScript เพื่อผูกบัญชีและชำระเงิน โปรดเปิด JavaScript ในการตั้งค่าเบราว์เซอร์ หรือเปิดหน้านี้ในเบราว์เซอร์อื่น"),
    ("vi", "Cần bật JavaScript để liên kết ví và thanh toán. Vui lòng bật JavaScript trong cài đặt trình duyệt hoặc mở trang này bằng trình duyệt khác."),
    ("id", "Halaman pembayaran ini memerlukan JavaScript untuk menghubungkan dompet dan membayar. Aktifkan JavaScript di pengaturan browser Anda, atau buka halaman ini di browser lain."),
    ("ms", "Halaman pembayaran ini memerlukan JavaScript untuk memautkan e-dompet dan membuat pembayaran. Hidupkan JavaScript dalam tetapan pelayar anda, atau buka halaman ini dalam pelayar lain."),
    ("fil", "Kailangan ng JavaScript para mag-link ng wallet at magbayad. I-on ang JavaScript sa settings ng browser mo, o buksan ang page na ito sa ibang browser."),
];

/// The `<noscript>` note of a page in `lang`, styled by the checkout's own sheet.
pub fn note_in(lang: &str) -> String {
    let (code, text) = NOTES
        .iter()
        .find(|(code, _)| *code == lang)
        .unwrap_or(&NOTES[0]);
    format!("<noscript><div class=\"notice warning needs-javascript\" role=\"note\" lang=\"{code}\"><p>{text}</p></div></noscript>")
}
