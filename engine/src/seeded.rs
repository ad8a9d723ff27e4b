//! Models made from a seed, whatever else draws from burn's generator.

use crate::Device;
use burn::module::{Module, ModuleVisitor, Param};
use burn::tensor::Tensor;
use std::sync::Mutex;

/// One seeding at a time: the generator is the backend's, shared by every thread (natively, the
/// tests run on several).
static SEEDING: Mutex<()> = Mutex::new(());

/// The module `init` makes right after seeding burn's generator with `seed`, its parameters drawn
/// at once. burn draws a parameter's values when it is first used, not when it is made, and the
/// generator is one for the whole backend: drawn later, a model's start would depend on what drew
/// in between (a worker makes its four digit models in turn, then trains one).
pub fn seeded<M: Module>(device: &Device, seed: u64, init: impl FnOnce(&Device) -> M) -> M {
    let _one_at_a_time = SEEDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    device.seed(seed);
    let module = init(device);
    module.visit(&mut DrawNow);
    module
}

struct DrawNow;

impl ModuleVisitor for DrawNow {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        param.val();
    }
}
