//! The desktop shell: wiring only (plugins, state, commands). Behaviour lives in crates/.
pub fn run() {}
