//! The region picker, for a merchant that lets the buyer choose where they pay from.

use crate::i18n::use_locale;
use crate::t;
use leptos::prelude::*;

/// The region picker, when the merchant offers several regions.
#[component]
pub fn RegionPicker(
    regions: Vec<String>,
    current: Option<String>,
    region: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <label class="region">
            <span>{move || t!(locale, "region")}</span>
            <select on:change=move |ev| region.set(Some(event_target_value(&ev)))>
                {regions
                    .into_iter()
                    .map(|code| {
                        let selected = current.as_deref() == Some(code.as_str());
                        let key = format!("region-name-{}", code.to_ascii_lowercase());
                        view! { <option value=code.clone() selected=selected>{move || locale.lookup(&key, "region")}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
