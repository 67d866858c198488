//! One module per subcommand.
pub mod config;
pub mod connections;
pub mod demo;
pub mod map;
pub mod mapping;
pub mod preview;
pub mod run;
pub mod runs;
pub mod sample_api;
pub mod sandbox;
