//! One module per subcommand.
pub mod config;
pub mod connections;
pub mod daemon;
pub mod demo;
pub mod map;
pub mod mapping;
pub mod plan;
pub mod preview;
pub mod run;
pub mod runs;
pub mod sample_api;
pub mod sandbox;
pub mod serve;
pub mod tokens;
pub mod users;
