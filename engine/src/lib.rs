//! Descent's engine: the labs' training on burn, with no knowledge of the DOM. The plain types it
//! trains on and reports are `descent_core`'s, re-exported here.
//!
//! Everything here is backend-generic: callers pass a [`Device`] (the flex CPU backend, or
//! WebGPU with the `webgpu` feature), and every read of tensor data goes through burn's async API so the
//! same code runs where synchronous reads are impossible.

pub mod digits;
pub mod host;
pub mod optimizers;
pub mod playground;
pub mod quadratic;
pub mod relu;
pub mod run;
mod seeded;
pub mod state_dict;
pub mod tensors;
pub mod titanic;

pub use burn::tensor::Device;
pub use seeded::seeded;
// The plain types are the core crate's: the engine trains on them, the page shows them.
pub use descent_core::{
    EngineError, Points, data_text, early_stopping, error, linspace, lr_finder, mnist, points,
    schedules,
};

/// The CPU device with autodiff: burn's pure-Rust flex backend, which also runs in wasm.
pub fn cpu_device() -> Device {
    Device::flex().autodiff()
}

/// A WebGPU device with autodiff, on the adapter wgpu prefers (a browser's WebGPU in wasm; Vulkan,
/// Metal or DX12 natively). Asynchronous because browsers only hand out devices that way; a
/// second call reuses the runtime the first one registered.
#[cfg(feature = "webgpu")]
pub async fn webgpu_device() -> Result<Device, EngineError> {
    Device::wgpu_options()
        .init_async()
        .await
        .map(Device::autodiff)
        .map_err(|error| EngineError::Unavailable(error.to_string()))
}
