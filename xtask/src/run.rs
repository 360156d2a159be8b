//! `cargo xtask run`: build the checkout app and start the merchant service serving it.

use crate::cmd::{command, in_dir, run as run_cmd, step};
use crate::{root, tools};
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
