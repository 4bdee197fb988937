//! Files attached to messages (#14): what a message carries about each one,
//! and the rules an upload's name and type must pass.

use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// The largest file accepted when the server is not told otherwise
/// (`MAX_FILE_MB`), in MiB.
pub const DEFAULT_MAX_FILE_MB: u64 = 20;

/// The most files one message carries.
pub const MAX_FILES_PER_MESSAGE: usize = 10;

/// The longest file name kept, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 200;

/// The request header an upload names its file in (percent-encoded UTF-8).
/// A header no cross-site form can set: it also proves the upload comes
/// from our own page.
pub const FILE_NAME_HEADER: &str = "x-file-name";

/// A file as a message shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: String,
    pub name: String,
    /// Bytes.
    pub size: u64,
    /// The type read from the file's bytes, never from its name.
    pub mime: String,
}

impl Attachment {
    /// An image the browser may show inline (as a thumbnail and full size).
    /// Anything else, SVG and HTML included, is only ever downloaded.
    pub fn is_image(&self) -> bool {
        is_inline_image(&self.mime)
    }
}

/// The image types shown inline. SVG is not one: it can carry script.
pub fn is_inline_image(mime: &str) -> bool {
    matches!(mime, "image/png" | "image/jpeg" | "image/gif" | "image/webp")
}

/// Names that run code when opened on the operator's computer: refused
/// whatever their bytes say (the bytes decide everything else).
const RUNNABLE_EXTENSIONS: [&str; 16] = ["exe", "msi", "bat", "cmd", "com", "scr", "pif", "ps1", "vbs", "vbe", "js", "jse", "wsf", "jar", "apk", "lnk"];

/// The name an upload is stored under: its last path component, without
/// control characters, trimmed and cut to [`MAX_FILE_NAME_CHARS`].
pub fn clean_file_name(name: &str) -> Result<String, Problem> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last.chars().filter(|c| !c.is_control()).collect::<String>().trim().chars().take(MAX_FILE_NAME_CHARS).collect();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        return Err(Problem::FileNameMissing);
    }
    let extension = cleaned.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase());
    if extension.is_some_and(|ext| RUNNABLE_EXTENSIONS.contains(&ext.as_str())) {
        return Err(Problem::FileTypeForbidden);
    }
    Ok(cleaned)
}

/// A file size in the reader's units: «512 Б», «1,5 КБ», «20 МБ» (or B, KB, MB).
pub fn size_parts(bytes: u64) -> (String, &'static str) {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KIB {
        (bytes.to_string(), "b")
    } else if b < KIB * KIB {
        (one_decimal(b / KIB), "kb")
    } else {
        (one_decimal(b / KIB / KIB), "mb")
    }
}

fn one_decimal(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(clean_file_name("C:\\Users\\me\\отчёт.pdf").unwrap(), "отчёт.pdf");
        assert_eq!(clean_file_name("../../etc/passwd").unwrap(), "passwd");
        assert_eq!(clean_file_name(" a\u{0}b\n.png ").unwrap(), "ab.png");
        assert_eq!(clean_file_name("   "), Err(Problem::FileNameMissing));
        assert_eq!(clean_file_name("dir/.."), Err(Problem::FileNameMissing));
        assert_eq!(clean_file_name(&"я".repeat(300)).unwrap().chars().count(), MAX_FILE_NAME_CHARS);
    }

    #[test]
    fn runnable_names_are_refused() {
        assert_eq!(clean_file_name("setup.EXE"), Err(Problem::FileTypeForbidden));
        assert_eq!(clean_file_name("invoice.pdf.js"), Err(Problem::FileTypeForbidden));
        assert!(clean_file_name("notes.txt").is_ok());
        assert!(clean_file_name("no-extension").is_ok());
    }

    #[test]
    fn only_raster_images_are_inline() {
        assert!(is_inline_image("image/png"));
        assert!(is_inline_image("image/jpeg"));
        assert!(!is_inline_image("image/svg+xml"));
        assert!(!is_inline_image("text/html"));
        assert!(!is_inline_image("application/pdf"));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size_parts(512), ("512".into(), "b"));
        assert_eq!(size_parts(1536), ("1.5".into(), "kb"));
        assert_eq!(size_parts(20 * 1024 * 1024), ("20".into(), "mb"));
    }
}
