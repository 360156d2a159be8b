//! Which of the offered languages a tag, a header or a buyer region means.

/// The closest of [`LOCALES`] to a BCP 47 tag (`zh-HK` reads Traditional Chinese,
/// `tl` and `in` are the old codes of Filipino and Indonesian).
pub fn closest(tag: &str) -> Option<&'static str> {
    let tag = tag.trim().to_ascii_lowercase();
    let language = tag.split(['-', '_']).next().unwrap_or("");
    let code = match language {
        "en" => "en",
        "zh" if tag.contains("-hans") => "zh-CN",
        "zh" if tag.contains("-tw")
            || tag.contains("-hk")
            || tag.contains("-mo")
            || tag.contains("-hant") =>
        {
            "zh-TW"
        }
        "zh" => "zh-CN",
        "ko" => "ko",
        "ja" => "ja",
        "th" => "th",
        "vi" => "vi",
        "id" | "in" => "id",
        "ms" => "ms",
        "fil" | "tl" => "fil",
        _ => return None,
    };
    Some(code)
}

/// The Intl tag of language `code` in buyer region `region` (ISO 3166-1, upper
/// case), where that region writes numbers or dates its own way: Traditional
/// Chinese in Hong Kong and Macao (day-first dates), the catalogue staying 繁體中文.
pub fn regional(code: &'static str, region: Option<&str>) -> &'static str {
    match (code, region) {
        ("zh-TW", Some("HK")) => "zh-HK",
        ("zh-TW", Some("MO")) => "zh-MO",
        _ => code,
    }
}

/// The everyday language of a buyer region (ISO 3166-1), for a checkout with no other hint.
pub fn of_region(region: &str) -> Option<&'static str> {
    let code = match region.to_ascii_uppercase().as_str() {
        "CN" => "zh-CN",
        "HK" | "TW" | "MO" => "zh-TW",
        "KR" => "ko",
        "JP" => "ja",
        "TH" => "th",
        "VN" => "vi",
        "ID" => "id",
        "MY" => "ms",
        "PH" => "fil",
        "SG" => "en",
        _ => return None,
    };
    Some(code)
}

/// The offered language an `Accept-Language` header prefers most (by `q`, then order).
pub fn from_accept_language(header: &str) -> Option<&'static str> {
    let mut ranked: Vec<(u16, usize, &'static str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let code = closest(parts.next()?)?;
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), |q| {
                    q.trim().parse::<f32>().ok().map(|q| (q * 1000.0) as u16)
                })?;
            (q > 0).then_some((q, i, code))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|r| r.2)
}
