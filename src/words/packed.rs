//! A table of strings stored as one string per language plus the end offset of each entry, for the `texts!` and
//! `sentences!` tables. A `match` returning string literals compiles to a table of (pointer, length) pairs: 8 bytes
//! per string per language, and pointers do not compress; two bytes per entry do.

/// Where each entry ends in the joined string, from the entries' lengths (in bytes), with a leading 0: entry `i` is
/// `ends[i]..ends[i + 1]`. `M` must be `lengths.len() + 1`. Evaluated at compile time: a table that does not fit in
/// 16-bit offsets fails the build.
pub const fn ends<const M: usize>(lengths: &[usize]) -> [u16; M] {
    assert!(lengths.len() + 1 == M, "one end per entry, plus the leading 0");
    let mut ends = [0u16; M];
    let mut total = 0;
    let mut i = 0;
    while i < lengths.len() {
        total += lengths[i];
        assert!(total <= u16::MAX as usize, "the joined strings are too long for 16-bit offsets");
        ends[i + 1] = total as u16;
        i += 1;
    }
    ends
}

/// Entry `index` of a joined table; "" for an index out of range (never the case for the tables' own enums).
pub fn entry(joined: &'static str, ends: &[u16], index: usize) -> &'static str {
    match (ends.get(index), ends.get(index + 1)) {
        (Some(&start), Some(&end)) => joined.get(start as usize..end as usize).unwrap_or(""),
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_whole_in_order() {
        const ENDS: [u16; 4] = ends(&["bone".len(), "".len(), "骨密度".len()]);
        let joined = concat!("bone", "", "骨密度");
        assert_eq!(ENDS, [0, 4, 4, 13]);
        assert_eq!(entry(joined, &ENDS, 0), "bone");
        assert_eq!(entry(joined, &ENDS, 1), "");
        assert_eq!(entry(joined, &ENDS, 2), "骨密度");
        assert_eq!(entry(joined, &ENDS, 3), "");
    }
}
