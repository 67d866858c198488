//! One module per subcommand.
pub mod map;
pub mod mapping;
pub mod preview;
pub mod sandbox;
