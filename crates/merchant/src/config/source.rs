//! Where settings come from: the environment over an optional `NAME=value`
//! file; and the private files and folders the service keeps under `DATA_DIR`.

use super::ConfigError;
use std::collections::HashMap;
use std::path::Path;

/// Looks a variable up in the process environment (or nowhere, in tests).
type Lookup = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Where settings come from: the environment over an optional file.
pub struct Source {
    file: HashMap<String, String>,
    env: Lookup,
    /// Every name asked for, so a file's names nobody reads (typos) can be found.
    asked: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

impl Source {
    /// The process environment, over `config_file` if given.
    pub fn from_env(config_file: Option<&Path>) -> Result<Self, ConfigError> {
        let file = match config_file {
            Some(path) => parse_file(&read(path)?),
            None => HashMap::new(),
        };
        Ok(Self {
            file,
            env: Box::new(|name| std::env::var(name).ok()),
            asked: Default::default(),
        })
    }

    /// Fixed values, for tests.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Self {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Self {
            file: map,
            env: Box::new(|_| None),
            asked: Default::default(),
        }
    }

    /// The file's names that nothing has read: after `Config::load`, names this
    /// service does not know (or does not read in this mode), most often typos.
    pub fn unread_file_settings(&self) -> Vec<String> {
        let asked = self.asked.lock().unwrap_or_else(|e| e.into_inner());
        let mut unread: Vec<String> = self
            .file
            .keys()
            .filter(|name| !asked.contains(*name))
            .cloned()
            .collect();
        unread.sort();
        unread
    }

    pub(super) fn get(&self, name: &str) -> Option<String> {
        self.asked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_owned());
        (self.env)(name)
            .or_else(|| self.file.get(name).cloned())
            .filter(|v| !v.trim().is_empty())
    }
}

pub(super) fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|e| ConfigError::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

pub(super) fn write_secret(path: &Path, text: &str) -> Result<(), ConfigError> {
    let io = |e: std::io::Error| ConfigError::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    if let Some(dir) = path.parent() {
        private_dir(dir).map_err(io)?;
    }
    // Owner-only from the first byte (no window where another user can read
    // it), and never over a file someone placed there first.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    options
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .map_err(io)
}

/// Creates `dir` (and its parents) readable by this user only.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// `NAME=value` lines; `#` starts a comment; quotes around a value are dropped.
pub(super) fn parse_file(text: &str) -> HashMap<String, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v);
            (k.trim().to_owned(), v.to_owned())
        })
        .collect()
}
