//! Stage 4: MinHash signatures → candidate pairs → clusters (LSH).
//!
//! The corpus-scale step between [`crate::sketch`] and exact verification:
//!
//! ```text
//! signatures ─ lsh::band_keys ─▶ band keys ─ candidates ─▶ pairs (i, j)
//!     ─ exact verification (caller) ─▶ verified edges ─ cluster ─▶ groups
//! ```
//!
//! * [`lsh`] chooses the banding (`bands × rows ≤ num_perm`) for a Jaccard
//!   threshold and turns a signature into one key per band.
//! * [`candidates`] pairs documents that share a key in some band, with a
//!   cap on very large buckets.
//! * [`cluster`] groups verified pairs with union-find and picks a
//!   representative per group.
//!
//! Documents are dense indices `0..n` (`u32`). Everything here is pure and
//! deterministic: output is sorted and never depends on hash-map order.
//! Recall is the contract of this stage (at least 0.99 for pairs at or above
//! the threshold); precision is restored by exact verification afterwards.

pub mod candidates;
pub mod cluster;
pub mod lsh;

pub use candidates::{
    CandidateStats, Candidates, DEFAULT_MAX_BUCKET, candidate_pairs, weighted_candidate_pairs,
};
pub use cluster::{Keep, UnionFind, clusters};
pub use lsh::{LshParams, band_keys, choose, false_negative_rate, probability};
