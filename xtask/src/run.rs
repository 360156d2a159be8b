//! `cargo xtask run`: build the checkout app and start the merchant service serving it.

use crate::cmd::{command, in_dir, run as run_cmd, step};
use crate::{root, tools};
use anyhow::Context;
use std::path::{Path, PathBuf};

/// Installs what is missing, builds the app, starts the service (until Ctrl-C).
pub fn run() -> anyhow::Result<()> {
    let root = root();
    tools::prepare_path(&root)?;
    tools::ensure_build_tools(&root)?;
    build_app(&root)?;
    step("starting the merchant service (Ctrl-C to stop)");
    let mut cmd = command(
        "cargo",
        &[
            "run",
            "--quiet",
            "--profile",
            "server",
            "--package",
            "merchant",
        ],
    );
    cmd.env("APP_DIR", root.join("dist"))
        // Sandbox mode is never a default of the service: `run` asks for it.
        .env("ANTOM_MODE", "sandbox");
    run_cmd(in_dir(&mut cmd, &root))
}

/// `trunk build --release` of the checkout into `dist/`, of the linked-wallets
/// page into `dist/wallets/` and of the operator console into `dist/ops/` (the
/// checkout first: its build empties `dist/`), then precompresses and prints
/// what is downloaded.
pub fn build_app(root: &Path) -> anyhow::Result<()> {
    let dist = root.join("dist");
    // (what, its folder in the workspace and in dist/)
    let apps = [
        ("the checkout app", ""),
        ("the linked-wallets page", "wallets"),
        ("the operator console", "ops"),
    ];
    for (name, dir) in apps {
        step(&format!("building {name} (Trunk, release)"));
        run_cmd(in_dir(
            &mut command("trunk", &["build", "--release", "--offline"]),
            &root.join(dir),
        ))?;
        minify_glue(&dist.join(dir))?;
        if dir != "ops" {
            // The pages the service renders a first paint into.
            paint_first(&dist.join(dir))?;
        }
    }
    let mut files = Vec::new();
    for (_, dir) in apps {
        files.extend(
            std::fs::read_dir(dist.join(dir))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && COMPRESSIBLE
                            .iter()
                            .any(|ext| p.extension().is_some_and(|e| e == *ext))
                }),
        );
    }
    files.sort();
    println!("  {:>9} {:>9} {:>9}  file", "raw", "gzip -9", "brotli 11");
    for path in files {
        let sizes = precompress(&path)?;
        let name = path.strip_prefix(&dist).unwrap_or(&path).display();
        println!(
            "  {:>9} {:>9} {:>9}  dist/{name}",
            sizes.raw, sizes.gzip, sizes.brotli
        );
    }
    Ok(())
}

/// Minifies wasm-bindgen's JS glue of the app built in `app` with esbuild, and
/// moves the page's integrity hash along. Trunk's own minifier cannot read the
/// glue's `export default` and ships it as is (54 KB raw, 7.6 KB brotli, where
/// esbuild's is 24 KB and 5.9 KB).
pub fn minify_glue(app: &Path) -> anyhow::Result<()> {
    let index_path = app.join("index.html");
    let mut index = std::fs::read_to_string(&index_path)?;
    let glue = std::fs::read_dir(app)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"));
    for js in glue {
        let before = subresource_integrity(&std::fs::read(&js)?);
        let file = js.display().to_string();
        run_cmd(&mut command(
            "esbuild",
            &[
                &file,
                "--minify",
                "--format=esm",
                "--log-level=warning",
                "--allow-overwrite",
                &format!("--outfile={file}"),
            ],
        ))?;
        if !index.contains(&before) {
            anyhow::bail!(
                "{} does not name {file} by its integrity hash",
                index_path.display()
            );
        }
        index = index.replace(&before, &subresource_integrity(&std::fs::read(&js)?));
    }
    std::fs::write(&index_path, index)?;
    Ok(())
}

/// Shapes a page the service renders into so that it paints as soon as its
/// HTML is here and nothing the app needs is fetched in front of that paint:
/// the stylesheet goes inline (no round trip before the first paint; the
/// service allows it by its hash), and the app's JS glue and wasm are fetched,
/// side by side and each with its integrity, once the browser reports the
/// page's first contentful paint. Lighthouse's simulated LCP counts every request
/// that finished before the observed paint, so Trunk's preloads cost the page
/// its LCP while the buyer saw nothing sooner.
pub fn paint_first(app: &Path) -> anyhow::Result<()> {
    let index_path = app.join("index.html");
    let html = std::fs::read_to_string(&index_path)?;
    let shaped = shape_page(&html, |href| {
        std::fs::read_to_string(app.join(href.rsplit('/').next().unwrap_or(href)))
            .map_err(anyhow::Error::from)
    })
    .with_context(|| index_path.display().to_string())?;
    std::fs::write(&index_path, shaped)?;
    Ok(())
}

/// A classic script (`loader/painted.js`), first in the page's head: `checkoutPainted` settles once
/// the browser has painted the page's text (its first contentful paint; the
/// first paint can come a frame before the text, measured 10–35 ms under
/// load), or its first paint where the page is skeleton bones alone (`.skeleton`,
/// `src/components/skeleton.rs`: no text, so no contentful paint to wait for),
/// or at once where it will not tell (no paint timing), may not paint (a tab in
/// the background) or where waiting buys nothing and may cost a lot (in a
/// merchant's frame: Chromium paints no cross-origin frame scrolled out of view,
/// and a frame's paint is not the merchant page's). The loader waits on it (the
/// checkout's claim, a few hundred bytes that make the painted action work, does not). No timer races a visible page's paint; the 5 s
/// one is a last resort.
const PAINTED: &str = include_str!("../../loader/painted.js");

/// The app's loader, run once the page painted (`loader/start.js`, waiting on
/// [`PAINTED`] when the page has the service's data element `first-paint`,
/// `checkout::first_paint::DATA_ELEMENT_ID`): it fetches the wasm and the glue
/// side by side, each with its integrity; `{wasm}`, `{glue}` and their
/// `…_integrity` are filled in per build. Where WebAssembly is unavailable (iOS
/// Lockdown Mode) it fetches nothing: the service's page works by itself. A
/// buyer's focus on the painted page (a keyboard's, a screen reader's) stays
/// put when the app replaces it: the app's control of the same name and value
/// (a wallet's radio, which the buyer's own view may order otherwise), else the
/// one at the same place among the same controls, is focused again.
const START: &str = include_str!("../../loader/start.js");

/// The text of `html`'s first `<link …>` whose attributes include `marker`, and where it starts.
fn find_link<'a>(html: &'a str, marker: &str) -> Option<(usize, &'a str)> {
    let mut from = 0;
    while let Some(at) = html[from..].find("<link ") {
        let start = from + at;
        let end = start + html[start..].find('>')? + 1;
        let tag = &html[start..end];
        if tag.contains(marker) {
            return Some((start, tag));
        }
        from = end;
    }
    None
}

/// A tag's attribute value (Trunk's minified HTML writes it unquoted or quoted).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}="))? + name.len() + 2;
    let value = &tag[at..];
    match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next(),
        _ => value.split(|c: char| c.is_whitespace() || c == '>').next(),
    }
}

/// Takes Trunk's `<link rel={rel}>` of `ext` out of `html`: its `href` and `integrity`,
/// checked to be plain enough to stand inside a JS string.
fn take_preload(html: &mut String, rel: &str, ext: &str) -> anyhow::Result<(String, String)> {
    let (start, tag) = find_link(html, &format!("rel={rel}"))
        .filter(|(_, tag)| attribute(tag, "href").is_some_and(|href| href.ends_with(ext)))
        .with_context(|| format!("no {rel} of the {ext} from Trunk"))?;
    let plain = |value: Option<&str>, what: &str| -> anyhow::Result<String> {
        let value = value.with_context(|| format!("{rel} of the {ext} without {what}"))?;
        if value.is_empty()
            || !value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/+=-_.".contains(c))
        {
            anyhow::bail!("{rel} of the {ext}: unexpected {what} {value:?}");
        }
        Ok(value.to_owned())
    };
    let href = plain(attribute(tag, "href"), "href")?;
    let integrity = plain(attribute(tag, "integrity"), "integrity")?;
    let len = tag.len();
    html.replace_range(start..start + len, "");
    Ok((href, integrity))
}

/// [`paint_first`] on the text of a page; `read` gives a stylesheet's text by its `href`.
fn shape_page(html: &str, read: impl Fn(&str) -> anyhow::Result<String>) -> anyhow::Result<String> {
    let mut html = html.to_owned();
    let mut styles = 0;
    while let Some((start, tag)) = find_link(&html, "rel=stylesheet") {
        let href = attribute(tag, "href").context("a stylesheet without href")?;
        let css = read(href)?;
        if css.contains("</") {
            anyhow::bail!("{href} cannot go inside <style>: it contains `</`");
        }
        let len = tag.len();
        html.replace_range(
            start..start + len,
            &format!("<style>{}</style>", css.trim()),
        );
        styles += 1;
    }
    if styles == 0 {
        anyhow::bail!("no stylesheet to inline");
    }
    let (wasm, wasm_integrity) = take_preload(&mut html, "preload", ".wasm")?;
    let (glue, glue_integrity) = take_preload(&mut html, "modulepreload", ".js")?;
    // Trunk's loader imports the glue statically (fetched before the paint)
    // and lets `init` fetch the wasm. Both now start after the paint, at the
    // same time: the wasm by a fetch that checks its integrity (handed to
    // `init` as a response), the glue by a modulepreload that checks its own,
    // which the `import()` then finds in the module map.
    let import = format!("import init, * as bindings from '{glue}';");
    let init = format!("const wasm = await init({{ module_or_path: '{wasm}' }});");
    let open = "<script type=module>";
    let body = html.find(open).context("no loader from Trunk")? + open.len();
    let end = body
        + html[body..]
            .find("</script>")
            .context("unterminated loader")?;
    if !html[body..end].contains(&import) || !html[body..end].contains(&init) {
        anyhow::bail!("Trunk's loader changed: expected `{import}` and `{init}`");
    }
    // The whole loader is ours: Trunk's `window.wasmBindings` and its
    // `TrunkApplicationStarted` event had no reader, and bytes of this page
    // are bytes before the first paint.
    let load = START
        .trim_end()
        .replace("{wasm_integrity}", &wasm_integrity)
        .replace("{glue_integrity}", &glue_integrity)
        .replace("{wasm}", &wasm)
        .replace("{glue}", &glue);
    html.replace_range(body..end, &load);
    // Integrity on an icon checks nothing (browsers apply it to scripts, styles
    // and preloads): 64 characters that do not compress.
    if let Some((start, tag)) = find_link(&html, "rel=icon") {
        if let Some(value) = attribute(tag, "integrity") {
            let plain = tag.replacen(&format!(" integrity={value}"), "", 1);
            let len = tag.len();
            html.replace_range(start..start + len, &plain);
        }
    }
    let head = html.find("<script").context("no script in the page")?;
    html.insert_str(head, &format!("<script>{}</script>", PAINTED.trim_end()));
    Ok(html)
}

/// The `integrity` value Trunk gives an asset: `sha384-<base64>`.
fn subresource_integrity(bytes: &[u8]) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// What the service serves precompressed.
const COMPRESSIBLE: &[&str] = &["html", "js", "wasm", "css", "svg"];

/// Bytes of one asset as sent raw, gzipped and brotli'd.
pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// Writes `<file>.gz` (gzip -9) and `<file>.br` (brotli -q 11) beside `path`, so nothing is compressed per request.
pub fn precompress(path: &Path) -> anyhow::Result<Sizes> {
    use std::io::Write;
    let raw = std::fs::read(path)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&raw)?;
    let gz = gz.finish()?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut raw.as_slice(), &mut br, &params)?;
    let with = |ext: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(ext);
        PathBuf::from(name)
    };
    std::fs::write(with(".gz"), &gz)?;
    std::fs::write(with(".br"), &br)?;
    Ok(Sizes {
        raw: raw.len(),
        gzip: gz.len(),
        brotli: br.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::shape_page;

    const TRUNK: &str = "<!doctype html><html lang=en><title>Checkout</title><script type=module>import init, * as bindings from '/c-1.js';\nconst wasm = await init({ module_or_path: '/c-1_bg.wasm' });</script><link href=/main-2.css integrity=sha384-x rel=stylesheet><link href=/f.svg integrity=sha384-i rel=icon><link crossorigin href=/c-1.js integrity=sha384-y rel=modulepreload><link as=fetch crossorigin href=/c-1_bg.wasm integrity=sha384-z rel=preload type=application/wasm></head><body></body></html>";

    #[test]
    fn the_page_paints_before_the_app_is_asked_for() {
        let shaped = shape_page(TRUNK, |href| {
            assert_eq!(href, "/main-2.css");
            Ok("body{margin:0}\n".into())
        })
        .unwrap();
        assert!(shaped.contains("<style>body{margin:0}</style><link href=/f.svg rel=icon>"));
        for gone in [
            "stylesheet",
            "rel=preload",
            "rel=modulepreload",
            "import init",
        ] {
            assert!(!shaped.contains(gone), "{gone} in {shaped}");
        }
        // The promise of the paint comes first; the loader awaits it, then
        // fetches the wasm and the glue side by side, each with its integrity.
        let at = |what: &str| {
            shaped
                .find(what)
                .unwrap_or_else(|| panic!("no {what} in {shaped}"))
        };
        assert!(at("<title>Checkout</title><script>checkoutPainted=") < at("<script type=module>"));
        assert!(at("first-contentful-paint") < at("<script type=module>"));
        assert!(at("await checkoutPainted") < at("fetch('/c-1_bg.wasm',{integrity:'sha384-z'})"));
        assert!(at("integrity:'sha384-z'") < at("href:'/c-1.js',integrity:'sha384-y'"));
        assert!(at("integrity:'sha384-y'") < at("await import('/c-1.js')"));
        assert!(at("await (await import('/c-1.js')).default({module_or_path})") > 0);
        assert!(!shaped.contains("integrity=sha384-i"), "{shaped}");
    }

    #[test]
    fn what_cannot_be_shaped_fails_the_build() {
        let css = |_: &str| Ok::<_, anyhow::Error>("a{}".to_owned());
        assert!(shape_page(&TRUNK.replace("rel=stylesheet", "rel=icon"), css).is_err());
        assert!(shape_page(&TRUNK.replace("rel=preload", "rel=x"), css).is_err());
        assert!(shape_page(&TRUNK.replace("await init(", "await start("), css).is_err());
        assert!(shape_page(&TRUNK.replace("rel=modulepreload", "rel=x"), css).is_err());
        assert!(shape_page(
            &TRUNK.replace("integrity=sha384-z", "integrity='a\\');alert(1)//'"),
            css
        )
        .is_err());
        assert!(shape_page(TRUNK, |_| Ok("a{content:\"</style>\"}".to_owned())).is_err());
    }
}
