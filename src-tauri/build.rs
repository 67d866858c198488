//! Build script: validates tauri.conf.json and the capabilities (kept in src-tauri/, while
//! the package root is the repository root) and generates the app context.

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    tauri_build::try_build(attributes).expect("failed to run tauri-build");
}
