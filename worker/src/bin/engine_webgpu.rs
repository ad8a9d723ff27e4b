//! The engine with burn's WebGPU runtime as well as the CPU backend: fetched only when the page
//! trains on WebGPU.

fn main() {
    worker::run();
}
