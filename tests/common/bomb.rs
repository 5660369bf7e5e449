//! A decompression bomb for share links, written directly in lz-string's compressed form (lz-str's own compressor
//! takes seconds for ten million characters even in a release build). Shared by tests/limits.rs, which checks it
//! against lz-str, and examples/limits.rs, which times it (`#[path]` modules: this file is no test of its own).
#![allow(dead_code)]

/// Writes lz-string's compressed form (`compressToEncodedURIComponent`) code by code: each code's bits least
/// significant first, six bits to a character of the URI alphabet, the first bit at the top.
#[derive(Default)]
pub struct Packer {
    out: String,
    value: u8,
    filled: u8,
}

impl Packer {
    const KEY: &'static [u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";

    pub fn bits(&mut self, value: u32, n: u32) -> &mut Self {
        for i in 0..n {
            self.value = (self.value << 1) | ((value >> i) & 1) as u8;
            self.filled += 1;
            if self.filled == 6 {
                self.out.push(Self::KEY[usize::from(self.value)] as char);
                (self.value, self.filled) = (0, 0);
            }
        }
        self
    }

    /// The end of the data and the padding after it (the compressor always writes at least one more character).
    pub fn close(&mut self, num_bits: u32) -> String {
        self.bits(2, num_bits);
        self.bits(0, u32::from(6 - self.filled));
        std::mem::take(&mut self.out)
    }
}

/// The compressed form of a run of `a`, as lz-string writes it, with `steps` codes after the first `a`: each code
/// is the dictionary entry being defined (the last piece plus one more `a`), so the text grows by one more unit
/// per code, 1 + 2 + … + (steps + 1) units in all (quadratic in the link's length). `steps` = 4 471 gives ten
/// million `a` (20 MB of UTF-16) from a link of about 8 300 characters.
pub fn bomb(steps: u32) -> String {
    let mut packer = Packer::default();
    packer.bits(0, 2).bits(u32::from(b'a'), 8);
    let (mut dictionary, mut num_bits, mut enlarge_in) = (4, 3, 4);
    for _ in 0..steps {
        packer.bits(dictionary, num_bits);
        dictionary += 1;
        enlarge_in -= 1;
        if enlarge_in == 0 {
            enlarge_in = 1 << num_bits;
            num_bits += 1;
        }
    }
    packer.close(num_bits)
}
