//! Prints whether each file given opens: `OPEN`, `ENCRYPTED` or `DAMAGED`, a tab,
//! the path and the reason. Used to compare evcheck's open check with other readers
//! (see docs/benchmarks-opens.md).
//!
//! `cargo run --release --example opens_eval -- FILE...`

use evcheck::identify::Format;
use evcheck::outcome::ReadOutcome;

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(data) = std::fs::read(&path) else {
            println!("UNREAD\t{path}\t");
            continue;
        };
        let format = if path.to_ascii_lowercase().ends_with(".pdf") {
            Format::Pdf
        } else {
            evcheck::identify::identify_named(
                &mut std::io::Cursor::new(&data),
                data.len() as u64,
                &path,
            )
            .format
        };
        let (verdict, why) = match evcheck::opens::check(&data, format, 4_000_000) {
            ReadOutcome::Encrypted => ("ENCRYPTED", String::new()),
            ReadOutcome::Damaged { why } => ("DAMAGED", why),
            o if o.is_failure() => ("DAMAGED", format!("{o:?}")),
            _ => ("OPEN", String::new()),
        };
        println!("{verdict}\t{path}\t{why}");
    }
}
