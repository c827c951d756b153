//! A CSV file's bytes into text: spreadsheets save CSV in many encodings (Excel on Windows writes
//! Windows-1252 or another legacy code page, "Unicode text" is UTF-16, others write UTF-8 with or
//! without a byte order mark), and decoding every file as UTF-8 would turn "Café" into "Caf�".
//! The encoding is read from the byte order mark when there is one, then UTF-16 is recognised by
//! its zero bytes, valid UTF-8 is taken as UTF-8, and anything else is guessed from the bytes
//! (chardetng, the detector Firefox uses). The preview says which encoding was used.

use everflow::validate::FieldError;

use crate::error::{CoreError, CoreResult};

/// The largest CSV file read (a file of 10,000 partners with every column is about 3 MB).
pub const CSV_MAX_BYTES: usize = 5 * 1024 * 1024;

/// A file's text and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedCsv {
    pub text: String,
    /// The encoding in words, e.g. "UTF-8", "UTF-16 LE (with byte order mark)", "Windows-1252".
    pub encoding: String,
    /// Some bytes were not valid in that encoding and were replaced with "�".
    pub had_errors: bool,
}

/// The plain message for a file over [`CSV_MAX_BYTES`], at the `file` field.
pub fn too_large(size: usize) -> CoreError {
    CoreError::Invalid(vec![FieldError {
        field: "file".into(),
        message: format!(
            "This file is {}, over the {} a CSV file can have. Split it into smaller files.",
            megabytes(size),
            megabytes(CSV_MAX_BYTES)
        ),
    }])
}

/// A size in MB with one decimal, rounded up (so a file just over the limit does not read as equal
/// to it), without a trailing ".0".
fn megabytes(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10).div_ceil(1024 * 1024);
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// A file's bytes as the webview sends them (base64: a JSON array of numbers would be four times
/// larger), refusing files over [`CSV_MAX_BYTES`] before decoding anything.
pub fn bytes_from_base64(text: &str) -> CoreResult<Vec<u8>> {
    use base64::Engine as _;
    let text = text.trim();
    let size = text.len() / 4 * 3;
    if size > CSV_MAX_BYTES + 3 {
        return Err(too_large(size));
    }
    base64::engine::general_purpose::STANDARD.decode(text).map_err(|error| {
        CoreError::Invalid(vec![FieldError {
            field: "file".into(),
            message: format!("The file could not be read ({error}). Choose it again."),
        }])
    })
}

/// Decodes a CSV file's bytes, refusing files over [`CSV_MAX_BYTES`].
pub fn decode_csv(bytes: &[u8]) -> CoreResult<DecodedCsv> {
    if bytes.len() > CSV_MAX_BYTES {
        return Err(too_large(bytes.len()));
    }
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        let name = format!("{} (with byte order mark)", encoding_words(encoding));
        return Ok(DecodedCsv { text: text.into_owned(), encoding: name, had_errors });
    }
    let encoding = match utf16_without_bom(bytes) {
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => {
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Allow)
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    Ok(DecodedCsv { text: text.into_owned(), encoding: encoding_words(encoding), had_errors })
}

/// UTF-16 saved without a byte order mark: text of mostly ASCII has a zero byte in every other
/// position (the second of each pair in little-endian, the first in big-endian).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros_at = |offset: usize| sample.iter().skip(offset).step_by(2).filter(|&&byte| byte == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let mostly = |count: usize| count * 10 >= pairs * 7;
    let rarely = |count: usize| count * 10 <= pairs;
    if mostly(odd) && rarely(even) {
        Some(encoding_rs::UTF_16LE)
    } else if mostly(even) && rarely(odd) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// An encoding's name as people know it ("Windows-1252" rather than "windows-1252").
fn encoding_words(encoding: &'static encoding_rs::Encoding) -> String {
    let name = encoding.name();
    if encoding == encoding_rs::UTF_16LE {
        "UTF-16 LE".into()
    } else if encoding == encoding_rs::UTF_16BE {
        "UTF-16 BE".into()
    } else if let Some(page) = name.strip_prefix("windows-") {
        format!("Windows-{page}")
    } else if name == "macintosh" {
        "Mac OS Roman".into()
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "name,user_first_name\nCafé Müller,Zoë\nNiño & Søn,François\n";

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let units = bom.then_some(0xFEFFu16).into_iter().chain(text.encode_utf16());
        for unit in units {
            bytes.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        bytes
    }

    #[test]
    fn every_common_encoding_reads_back_the_same_text_and_is_named() {
        let windows_1252 = encoding_rs::WINDOWS_1252.encode(TEXT).0.into_owned();
        assert!(std::str::from_utf8(&windows_1252).is_err(), "the sample is not valid UTF-8 in Windows-1252");
        let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
        utf8_bom.extend_from_slice(TEXT.as_bytes());
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (TEXT.as_bytes().to_vec(), "UTF-8"),
            (utf8_bom, "UTF-8 (with byte order mark)"),
            (utf16(TEXT, false, true), "UTF-16 LE (with byte order mark)"),
            (utf16(TEXT, true, true), "UTF-16 BE (with byte order mark)"),
            (utf16(TEXT, false, false), "UTF-16 LE"),
            (utf16(TEXT, true, false), "UTF-16 BE"),
            (windows_1252, "Windows-1252"),
        ];
        for (bytes, encoding) in cases {
            let decoded = decode_csv(&bytes).unwrap();
            assert_eq!(decoded.text, TEXT, "{encoding}");
            assert_eq!(decoded.encoding, encoding);
            assert!(!decoded.had_errors, "{encoding}");
        }
    }

    #[test]
    fn other_legacy_single_byte_encodings_are_detected() {
        // Central European (Windows-1250) and Cyrillic (Windows-1251) spreadsheets.
        let polish = "name,city\nŁódzka Spółka Handlowa,Łódź\nZażółć gęślą jaźń,Kraków\n";
        let decoded = decode_csv(&encoding_rs::WINDOWS_1250.encode(polish).0).unwrap();
        assert_eq!(decoded.text, polish, "{}", decoded.encoding);
        let russian = "name,city\nОбщество с ограниченной ответственностью,Москва\nПартнёр,Санкт-Петербург\n";
        let decoded = decode_csv(&encoding_rs::WINDOWS_1251.encode(russian).0).unwrap();
        assert_eq!(decoded.text, russian, "{}", decoded.encoding);
    }

    #[test]
    fn base64_from_the_webview_decodes_and_oversized_files_are_refused_before_decoding() {
        use base64::Engine as _;
        let encoded = base64::engine::general_purpose::STANDARD.encode(TEXT);
        assert_eq!(bytes_from_base64(&encoded).unwrap(), TEXT.as_bytes());
        assert!(bytes_from_base64("not base64 at all!").is_err());
        let huge = "A".repeat((CSV_MAX_BYTES + 1024) / 3 * 4);
        let error = bytes_from_base64(&huge).unwrap_err();
        let CoreError::Invalid(fields) = &error else { panic!("{error:?}") };
        assert_eq!(fields[0].field, "file");
        assert!(fields[0].message.starts_with("This file is 5.1 MB, over"), "{}", fields[0].message);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_a_plain_message_at_the_file() {
        let error = decode_csv(&vec![b'a'; CSV_MAX_BYTES + 1]).unwrap_err();
        let CoreError::Invalid(fields) = &error else { panic!("{error:?}") };
        assert_eq!(fields[0].field, "file");
        assert_eq!(
            fields[0].message,
            "This file is 5.1 MB, over the 5 MB a CSV file can have. Split it into smaller files."
        );
        let error = decode_csv(&vec![b'a'; 12 * 1024 * 1024]).unwrap_err();
        let CoreError::Invalid(fields) = &error else { panic!("{error:?}") };
        assert!(fields[0].message.starts_with("This file is 12 MB, over"), "{}", fields[0].message);
        assert!(decode_csv(&vec![b'a'; CSV_MAX_BYTES]).is_ok(), "the limit itself is allowed");
    }
}
