//! A fast, non-cryptographic hash (rustc's Fx hash) for the lookup tables of the stages:
//! gazetteers, the NER model's attributes and document-context sets are read tens of times per
//! token, and their keys come from our own data files and the article, where hash flooding is
//! no concern. Written here because it is a dozen lines.

use std::collections::{HashMap, HashSet};

/// A `HashMap` with the Fx hash.
pub type FxHashMap<K, V> = HashMap<K, V, BuildFxHasher>;
/// A `HashSet` with the Fx hash.
pub type FxHashSet<K> = HashSet<K, BuildFxHasher>;

/// The hasher builder of [`FxHashMap`] and [`FxHashSet`].
#[derive(Default, Clone, Copy)]
pub struct BuildFxHasher;

/// The Fx hasher state.
pub struct FxHasher(u64);

impl std::hash::BuildHasher for BuildFxHasher {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
