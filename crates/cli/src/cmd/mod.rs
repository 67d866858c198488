//! One module per subcommand.
pub mod map;
pub mod mapping;
pub mod preview;
pub mod sample_api;
pub mod sandbox;
