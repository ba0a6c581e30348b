//! Score the same-fact decision of `neardup frame` on sentence pairs in the
//! format of the Microsoft Research Paraphrase Corpus (tab-separated
//! `Quality, #1 ID, #2 ID, #1 String, #2 String`, a header line first).
//!
//! ```text
//! cargo run --release --example eval_msrp -- ../shared/data/msrp/msr_paraphrase_train.txt
//! ```
//!
//! A pair is predicted "same fact" when [`Framer::same_fact`] scores it at
//! least the threshold `frame` uses by default ([`DEFAULT_THRESHOLD`]),
//! fixed before looking at this data: nothing is fitted on it. Prints
//! accuracy, precision, recall and F1 of the positive class, and the
//! figures of the "always paraphrase" baseline.

use std::process::ExitCode;

use neardup::frame::{DEFAULT_THRESHOLD, FrameOptions, Framer};

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: eval_msrp MSR_PARAPHRASE_FILE [THRESHOLD]");
        return ExitCode::from(2);
    };
    let threshold = std::env::args()
        .nth(2)
        .and_then(|t| t.parse().ok())
        .unwrap_or(DEFAULT_THRESHOLD);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("eval_msrp: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let framer = Framer::new(FrameOptions::default());
    let (mut tp, mut fp, mut tn, mut fneg) = (0usize, 0usize, 0usize, 0usize);
    for line in text.trim_start_matches('\u{feff}').lines().skip(1) {
        let f: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
        if f.len() < 5 {
            continue;
        }
        let gold = f[0] == "1";
        let score = match framer.same_fact(f[3], f[4]) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("eval_msrp: {e}");
                return ExitCode::from(2);
            }
        };
        match (score >= threshold, gold) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, false) => tn += 1,
            (false, true) => fneg += 1,
        }
    }
    let n = tp + fp + tn + fneg;
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fneg));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let pos = tp + fneg;
    let base_p = ratio(pos, n);
    println!("pairs {n} (positive {pos}), threshold {threshold}");
    println!("tp {tp} fp {fp} tn {tn} fn {fneg}");
    println!(
        "always-paraphrase baseline: accuracy {:.4} F1 {:.4}",
        base_p,
        2.0 * base_p / (base_p + 1.0)
    );
    println!(
        "msrp accuracy={:.4} precision={p:.4} recall={r:.4} f1={f1:.4}",
        ratio(tp + tn, n)
    );
    ExitCode::SUCCESS
}
