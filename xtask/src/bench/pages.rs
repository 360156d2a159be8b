//! What a buyer downloads and how fast the page is, ours beside Adyen's Drop-in.

use crate::cmd::{command, in_dir, run, step};
use crate::run::{precompress, Sizes};
use anyhow::Context;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One first-load asset.
pub struct Asset {
    /// Path as served, e.g. `/checkout-….wasm`.
    pub path: String,
    /// html, js, wasm, css, icon, json.
    pub kind: &'static str,
    pub sizes: Sizes,
}

impl Asset {
    /// Whether it counts in the first-load total (the favicon does not block anything).
    pub fn counts(&self) -> bool {
        self.kind != "icon"
    }
}

fn kind_of(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "html",
        Some("js") => "js",
        Some("wasm") => "wasm",
        Some("css") => "css",
        Some("svg") | Some("ico") | Some("png") => "icon",
        Some("json") => "json",
        _ => "other",
    }
}

/// Every local asset an HTML page references (`href=`, `src=`, and what the
/// loader imports and fetches, in Trunk's form and in `paint_first`'s).
fn referenced(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for marker in [
        "href=",
        "src=",
        "from '",
        "module_or_path: '",
        "import('",
        "fetch('",
    ] {
        let mut rest = html;
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            let value = rest.trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| c == '"' || c == '\'' || c == '>' || c.is_whitespace())
                .unwrap_or(value.len());
            let v = &value[..end];
            if !v.is_empty()
                && !v.starts_with("http")
                && !v.starts_with("data:")
                && !out.iter().any(|o| o == v)
            {
                out.push(v.to_owned());
            }
        }
    }
    out
}

/// The first-load assets of the page whose index is `dir/index.html`, served at `prefix`; `extra` are fetched by its script.
pub fn first_load(dir: &Path, prefix: &str, extra: &[&str]) -> anyhow::Result<Vec<Asset>> {
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index).with_context(|| index.display().to_string())?;
    let mut assets = vec![Asset {
        path: format!("{prefix}index.html"),
        kind: "html",
        sizes: precompress(&index)?,
    }];
    let mut paths = referenced(&html);
    paths.extend(extra.iter().map(|e| (*e).to_owned()));
    for p in paths {
        let file: PathBuf = dir.join(p.trim_start_matches(prefix).trim_start_matches('/'));
        if !file.is_file() {
            continue;
        }
        assets.push(Asset {
            path: if p.starts_with('/') {
                p.clone()
            } else {
                format!("{prefix}{p}")
            },
            kind: kind_of(&p),
            sizes: precompress(&file)?,
        });
    }
    Ok(assets)
}

/// Bundles the Adyen Drop-in page into `app_dir/bench/adyen/` with esbuild, precompressed like ours.
pub fn build_adyen_page(root: &Path, app_dir: &Path) -> anyhow::Result<PathBuf> {
    step("bundling the Adyen Drop-in page (esbuild, minified)");
    let out = app_dir.join("bench/adyen");
    std::fs::create_dir_all(&out)?;
    let bench = root.join("bench");
    let outdir = format!("--outdir={}", out.display());
    run(in_dir(
        &mut command(
            // xtask's own esbuild (xtask/package.json), which minifies our glue too.
            "esbuild",
            &[
                "adyen/main.js",
                "--bundle",
                "--minify",
                "--format=esm",
                "--target=es2022",
                "--log-level=warning",
                &outdir,
            ],
        ),
        &bench,
    ))?;
    for f in ["index.html", "payment-methods.json"] {
        std::fs::copy(bench.join("adyen").join(f), out.join(f))?;
    }
    Ok(out)
}

/// The two builds of the floor page (`bench/floor`), by name and cargo features:
/// on the checkout's whole stack, and without i18n-embed and Fluent. Served at
/// `/bench/floor-<name>/`.
pub const FLOORS: [(&str, &str); 2] = [("fluent", "fluent"), ("plain", "")];

/// Builds the floor pages into `app_dir/bench/floor-*/` exactly as the checkout
/// is built (Trunk release, wasm-opt, minified glue); returns their folders.
pub fn build_floor_pages(root: &Path, app_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let floor = root.join("bench/floor");
    let mut dirs = Vec::new();
    for (name, features) in FLOORS {
        step(&format!("building the floor page ({name})"));
        let out = app_dir.join(format!("bench/floor-{name}"));
        let dist = format!("--dist={}", out.display());
        let public_url = format!("--public-url=/bench/floor-{name}/");
        run(in_dir(
            &mut command(
                "trunk",
                &[
                    "build",
                    "--release",
                    "--offline=true",
                    &format!("--features={features}"),
                    &dist,
                    &public_url,
                ],
            ),
            &floor,
        ))?;
        crate::run::minify_glue(&out)?;
        external_loader(&out)?;
        std::fs::copy(floor.join("summary.json"), out.join("summary.json"))?;
        dirs.push(out);
    }
    Ok(dirs)
}

/// Moves Trunk's inline loader into `loader.js`: the service's CSP allows only
/// the inline scripts of its own pages.
fn external_loader(dir: &Path) -> anyhow::Result<()> {
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let open = "<script type=module>";
    let start = html
        .find(open)
        .context("no inline loader in the floor page")?;
    let body_start = start + open.len();
    let end = body_start
        + html[body_start..]
            .find("</script>")
            .context("unterminated loader")?;
    std::fs::write(dir.join("loader.js"), &html[body_start..end])?;
    let html = format!(
        "{}<script type=module src=loader.js></script>{}",
        &html[..start],
        &html[end + "</script>".len()..]
    );
    std::fs::write(index, html)?;
    Ok(())
}

/// Lighthouse and throttled timings of our page, Adyen's and the floor (see `bench/measure.mjs`).
pub fn measure(root: &Path, base: &str, api_key: &str) -> anyhow::Result<Value> {
    step("page speed: Lighthouse ×5, throttled timings ×7 and main-thread traces ×7, ours, Adyen's and the floor interleaved");
    let bench = root.join("bench");
    let mut node = command("node", &["measure.mjs"]);
    node.env("BASE", base).env("API_KEY", api_key).env(
        "CHROMIUM",
        std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
    );
    let output = in_dir(&mut node, &bench)
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("running bench/measure.mjs")?;
    if !output.status.success() {
        anyhow::bail!("bench/measure.mjs failed");
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .context("no JSON from measure.mjs")?;
    Ok(serde_json::from_str(line)?)
}

/// The median of some numbers.
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::referenced;

    #[test]
    fn finds_what_trunks_index_loads() {
        let html = "<script type=module>import init, * as b from '/c-1.js';\nconst w = await init({ module_or_path: '/c-1_bg.wasm' });</script><link href=/main-2.css rel=stylesheet><link href=\"/f.svg\" rel=icon>";
        assert_eq!(
            referenced(html),
            ["/main-2.css", "/f.svg", "/c-1.js", "/c-1_bg.wasm"]
        );
        // As `paint_first` leaves it: the glue and the wasm after the paint.
        let shaped = "<script type=module>if (x) await y;\nconst module_or_path = fetch('/c-1_bg.wasm', { integrity: 'sha384-z' });\nawait g('/c-1.js');\nconst bindings = await import('/c-1.js');</script><style>a{}</style>";
        assert_eq!(referenced(shaped), ["/c-1.js", "/c-1_bg.wasm"]);
    }
}
