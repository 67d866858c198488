//! `synccentral`: the command-line tool. One module per subcommand under `cmd/`.
fn main() {
    println!("synccentral");
}
