//! Turning a file's bytes into text, once, before any format parser sees them.
//!
//! Archives hold UTF-8 (with or without a byte-order mark), UTF-16 from Windows tools, and
//! legacy single-byte files from old German systems (Windows-1252 / ISO-8859-1). Valid UTF-8 is
//! taken as it is; UTF-8 with a few broken bytes is decoded with replacement characters; anything
//! else is handed to `chardetng` (the detector Firefox uses, chosen over `charset-normalizer`
//! ports for its size and its tuning on real web text) with a German hint, and decoded with
//! `encoding_rs`. Line endings are normalised to `\n`.

use encoding_rs::{Encoding, UTF_8};

/// Why a file's bytes are not text worth parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// Zero bytes, or only white space.
    Empty,
    /// NUL bytes or other control bytes: an image, an archive, an office document.
    Binary,
}

impl std::fmt::Display for NotText {
    /// The reason as shown in the skip report.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotText::Empty => f.write_str("empty file"),
            NotText::Binary => f.write_str("binary file"),
        }
    }
}

/// Text decoded from bytes, with the name of the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, line endings normalised to `\n`, without byte-order mark.
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `windows-1252`, …).
    pub encoding: &'static str,
    /// Invalid UTF-8 replaced by U+FFFD: the 1-based line of the first bad byte and how many
    /// bytes were replaced.
    pub replaced: Option<(usize, usize)>,
}

/// How many leading bytes are inspected for binary content.
const SNIFF_BYTES: usize = 8192;

/// Decodes `bytes` to text, or says why they are not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(NotText::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return finish(&text, encoding);
    }
    if looks_binary(bytes) {
        return Err(NotText::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish(text, UTF_8);
    }
    if mostly_utf8(bytes) {
        let mut decoded = finish(&String::from_utf8_lossy(bytes), UTF_8)?;
        decoded.replaced = invalid_utf8(bytes);
        return Ok(decoded);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"de"), chardetng::Utf8Detection::Allow);
    let (text, _, _) = encoding.decode(bytes);
    finish(&text, encoding)
}

/// True when the first bytes hold a NUL or many control characters (UTF-16 has a BOM here).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > head.len()
}

/// True when the bytes are UTF-8 apart from a few broken sequences: more valid multi-byte
/// characters than invalid bytes. Windows-1252 German text has no valid multi-byte sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    multibyte > invalid
}

/// Where the first invalid UTF-8 byte of `bytes` is (1-based line) and how many there are.
fn invalid_utf8(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut offset = 0;
    let mut first = None;
    let mut count = 0;
    for chunk in bytes.utf8_chunks() {
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            first.get_or_insert(offset);
            count += chunk.invalid().len();
        }
        offset += chunk.invalid().len();
    }
    let first = first?;
    let line = 1 + bytes[..first].iter().filter(|&&b| b == b'\n').count();
    Some((line, count))
}

/// Normalises line endings and checks that something readable is left.
fn finish(text: &str, encoding: &'static Encoding) -> Result<Decoded, NotText> {
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    };
    if text.trim().is_empty() {
        return Err(NotText::Empty);
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        replaced: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("Straße in Köln".as_bytes()).unwrap();
        assert_eq!(plain.text, "Straße in Köln");
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("Straße".as_bytes());
        assert_eq!(decode(&bytes).unwrap().text, "Straße");
    }

    #[test]
    fn windows_1252_german() {
        // "Größere Übergänge für Straßen" in Windows-1252.
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Größere Übergänge für Straßen");
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, "Größere Übergänge für Straßen");
        assert_eq!(decoded.encoding, "windows-1252");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Müller".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().text, "Müller");
    }

    #[test]
    fn broken_byte_in_utf8_keeps_the_rest() {
        let mut bytes = "Schöne Grüße aus Köln ".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice("und Düsseldorf".as_bytes());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, "Schöne Grüße aus Köln \u{FFFD}und Düsseldorf");
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(decode(b"a\r\nb\rc").unwrap().text, "a\nb\nc");
    }

    #[test]
    fn empty_and_binary() {
        assert_eq!(decode(b""), Err(NotText::Empty));
        assert_eq!(decode(b" \n\t\n"), Err(NotText::Empty));
        assert_eq!(decode(b"PK\x03\x04\x00\x00binary"), Err(NotText::Binary));
    }
}
