//! Loading a stored signature: any bytes are refused or give a signature
//! that serialises again and compares with itself without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neardup::Signature;

fuzz_target!(|data: &[u8]| {
    if let Ok(sig) = serde_json::from_slice::<Signature>(data) {
        let again = serde_json::to_string(&sig).expect("a loaded signature serialises");
        let back: Signature = serde_json::from_str(&again).expect("and loads again");
        assert_eq!(back, sig);
        let _ = sig.estimate(&back);
    }
});
