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
    cmd.env("APP_DIR", root.join("dist"));
    run_cmd(in_dir(&mut cmd, &root))
}

/// `trunk build --release` of the checkout into `dist/` and of the operator
/// console into `dist/ops/` (in that order: the checkout's build empties
/// `dist/`), then precompresses and prints what is downloaded.
pub fn build_app(root: &Path) -> anyhow::Result<()> {
    step("building the checkout app (Trunk, release)");
    run_cmd(in_dir(
        &mut command("trunk", &["build", "--release", "--offline"]),
        root,
    ))?;
    step("building the operator console (Trunk, release)");
    run_cmd(in_dir(
        &mut command("trunk", &["build", "--release", "--offline"]),
        &root.join("ops"),
    ))?;
    let dist = root.join("dist");
    let mut files = Vec::new();
    for dir in [dist.clone(), dist.join("ops")] {
        files.extend(
            std::fs::read_dir(&dir)?
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
