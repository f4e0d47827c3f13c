//! Serial numbers for item-level codes: 12 characters of a 32-letter alphabet (60 random
//! bits) drawn from the caller's random bytes. Random, not counted: no serial tells
//! anything about another, and guessing one that was issued is hopeless (a run of
//! 10,000 fills one 2^-46th of the space).

use serde::{Deserialize, Serialize};

/// Digits and capitals without I, L, O and U (Crockford's base 32): nothing a person
/// copying a code misreads, and all in GS1's character set 82.
pub const SERIAL_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a serial (5 bits each).
pub const SERIAL_LEN: usize = 12;

/// An issued serial number (AI 21).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Serial(String);

impl Serial {
    /// The serial spelled by the low 60 bits of `random` (8 bytes from a CSPRNG).
    pub fn from_random(random: [u8; 8]) -> Serial {
        let mut bits = u64::from_be_bytes(random);
        let mut out = [0u8; SERIAL_LEN];
        for c in out.iter_mut().rev() {
            *c = SERIAL_ALPHABET[(bits & 31) as usize];
            bits >>= 5;
        }
        // Every byte comes from the ASCII alphabet above.
        Serial(out.iter().map(|&b| b as char).collect())
    }

    /// A serial as read from a code (any AI 21 value; only issued ones are in the store).
    pub fn read(text: &str) -> Serial {
        Serial(text.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Serial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_use_every_random_bit_they_keep_and_only_the_alphabet() {
        let a = Serial::from_random([0, 0, 0, 0, 0, 0, 0, 0]);
        let b = Serial::from_random([0, 0, 0, 0, 0, 0, 0, 1]);
        let top = Serial::from_random([0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        assert_eq!(a.as_str(), "000000000000");
        assert_eq!(b.as_str(), "000000000001");
        assert_eq!(top.as_str(), "ZZZZZZZZZZZZ");
        assert_ne!(
            Serial::from_random([1, 2, 3, 4, 5, 6, 7, 8]),
            Serial::from_random([1, 2, 3, 4, 5, 6, 7, 9])
        );
        for s in [&a, &b, &top] {
            assert_eq!(s.as_str().len(), SERIAL_LEN);
            assert!(s.as_str().bytes().all(|c| SERIAL_ALPHABET.contains(&c)));
        }
    }
}
