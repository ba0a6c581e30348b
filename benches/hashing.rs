//! Placeholder until the hashing benches land.
fn main() {}
