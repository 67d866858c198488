//! The benchmark's floor: reads a JSON file into a `serde_json::Value` and writes it back
//! out, nothing else: what a mapper that builds the whole document first cannot beat.
//!
//! Usage: `cargo run --release -p synccentral-engine --example parse_floor -- IN.json OUT.json`

use std::io::Write;

// The same allocator as the `synccentral` binary, so the floor measures the same thing.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: parse_floor IN.json OUT.json".into());
    };
    let bytes = std::fs::read(&input)?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)?;
    drop(bytes);
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&output)?);
    serde_json::to_writer(&mut w, &value)?;
    w.flush()?;
    Ok(())
}
