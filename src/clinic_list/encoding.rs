//! A register file's bytes as text (issue 25), one reader for the page and the command line: UTF-8 (a byte-order
//! mark or not), UTF-16 LE or BE with its byte-order mark, GB18030 (which covers GBK and GB2312, as Chinese Excel
//! saves CSV) and — failing those — Windows-1252 (Excel's "CSV" on a Western Windows), said in a warning, since
//! any bytes read as Windows-1252. A file with NUL bytes and no UTF-16 mark is not text and is refused.

use std::borrow::Cow;

/// How the bytes were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Gb18030,
    Windows1252,
}

impl Encoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
            Encoding::Windows1252 => "Windows-1252",
        }
    }

    /// The warning to show with the list: only a guess is warned of (Windows-1252 reads any bytes, right or not).
    pub fn warning(self) -> Option<String> {
        (self == Encoding::Windows1252).then(|| {
            format!(
                "the file is neither UTF-8, UTF-16 nor GB18030 and was read as {}; check the names, or save it as UTF-8",
                self.name()
            )
        })
    }
}

/// The characters of `text` that could not be read (U+FFFD, the replacement character: bytes no encoding reads, or
/// a lone UTF-16 surrogate) and the line of the first, so that a page or a terminal says so instead of showing them
/// silently; `None` when there is none.
pub fn replaced(text: &str) -> Option<(usize, usize)> {
    let first = text.find(char::REPLACEMENT_CHARACTER)?;
    let count = text[first..].matches(char::REPLACEMENT_CHARACTER).count();
    let line = super::lines(&text[..first]).count().max(1) + usize::from(text[..first].ends_with(['\n', '\r']));
    Some((count, line))
}

/// The bytes looked at for NUL bytes (a binary file shows them at once).
const SNIFF_BYTES: usize = 8192;

/// The file's text and how it was read, or why it is not text ("not a register: …").
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return Ok((String::from_utf8_lossy(rest), Encoding::Utf8));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return Ok((utf16(rest, u16::from_le_bytes).into(), Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return Ok((utf16(rest, u16::from_be_bytes).into(), Encoding::Utf16Be));
    }
    if bytes[..bytes.len().min(SNIFF_BYTES)].contains(&0) {
        return Err("not a register: the file is not text (it holds NUL bytes); a register is a CSV or JSON Lines \
                    text file"
            .to_string());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(text), Encoding::Utf8));
    }
    if let Some(text) = gb18030(bytes) {
        return Ok((Cow::Owned(text), Encoding::Gb18030));
    }
    Ok((Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()), Encoding::Windows1252))
}

/// The bytes as GB18030, if they are GB18030 without an error: by `encoding_rs` natively, and in the browser by its
/// own `TextDecoder` (both implement the WHATWG Encoding Standard), since `encoding_rs`'s GB18030 tables would cost
/// the page about 110 KB gzip, measured.
#[cfg(not(target_arch = "wasm32"))]
fn gb18030(bytes: &[u8]) -> Option<String> {
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

#[cfg(target_arch = "wasm32")]
fn gb18030(bytes: &[u8]) -> Option<String> {
    use js_sys::{Array, Function, Object, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    // new TextDecoder("gb18030", { fatal: true }).decode(bytes): throws at the first byte that is not GB18030.
    let options = Object::new();
    Reflect::set(&options, &"fatal".into(), &JsValue::TRUE).ok()?;
    let class: Function = Reflect::get(&js_sys::global(), &"TextDecoder".into()).ok()?.dyn_into().ok()?;
    let decoder = Reflect::construct(&class, &Array::of2(&"gb18030".into(), &options)).ok()?;
    let decode: Function = Reflect::get(&decoder, &"decode".into()).ok()?.dyn_into().ok()?;
    decode.call1(&decoder, &Uint8Array::from(bytes)).ok()?.as_string()
}

/// UTF-16 code units (an odd last byte dropped), unpaired surrogates as U+FFFD.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// One Windows-1252 byte: Latin-1, but 0x80–0x9F hold the typographic characters (the five unassigned bytes read
/// as the C1 controls, as the WHATWG decoder reads them).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_bytes_are_counted_with_the_line_of_the_first() {
        // UTF-8 with a byte-order mark but a stray byte: read, and the replacement characters said.
        let (text, encoding) = decode(b"\xef\xbb\xbfid,name\nP1,ok\nP2,bad \xff and \xfe\n").unwrap();
        assert_eq!(encoding, Encoding::Utf8);
        assert_eq!(replaced(&text), Some((2, 3)));
        // A lone UTF-16 surrogate.
        let (text, _) = decode(b"\xff\xfei\x00d\x00\n\x00\x00\xd8").unwrap();
        assert_eq!(replaced(&text), Some((1, 2)));
        assert_eq!(replaced("id,name\nP1,王丽\n"), None);
    }

    #[test]
    fn windows_1252_reads_as_the_whatwg_table() {
        // "é," is no GB18030 (a lead byte before a comma), so the file is read as Windows-1252.
        let bytes = [b"\xe9,".as_slice(), &(0x80..=0xff).collect::<Vec<u8>>()].concat();
        let (ours, encoding) = decode(&bytes).unwrap();
        assert_eq!(encoding, Encoding::Windows1252);
        let (theirs, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        assert_eq!(ours, theirs);
    }
}
