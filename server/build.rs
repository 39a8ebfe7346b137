//! Builds the server again when a migration is added: `sqlx::migrate!` reads the folder while
//! compiling, and cargo does not watch it on its own.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
