//! The files worker's wasm: started by `files-loader.js` the first time the page needs it.

fn main() {
    files::run();
}
