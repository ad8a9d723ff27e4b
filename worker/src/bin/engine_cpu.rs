//! The engine on burn's CPU backend: small, and what every page loads first.

fn main() {
    worker::run();
}
