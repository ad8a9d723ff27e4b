//! A stack of `Linear` layers' parameters as PyTorch holds them: named as an `nn.Sequential`
//! numbers them (every other module, an activation between) and each weight `[outputs, inputs]`,
//! the transpose of burn's.

use crate::error::EngineError;
use crate::host::read_floats;
use burn::nn::Linear;
use descent_core::weights::Tensor as Named;

/// The layers' weights and biases, the `i`-th layer's named `{2i}.weight` and `{2i}.bias`.
pub async fn linear_layers(layers: &[Linear]) -> Result<Vec<Named>, EngineError> {
    let mut named = Vec::with_capacity(2 * layers.len());
    for (i, layer) in layers.iter().enumerate() {
        let [inputs, outputs] = layer.weight.dims();
        let weight = read_floats(layer.weight.val().transpose()).await?;
        let bias = match &layer.bias {
            Some(bias) => read_floats(bias.val()).await?,
            None => vec![0.0; outputs],
        };
        named.push(Named::new(
            format!("{}.weight", 2 * i),
            vec![outputs, inputs],
            weight,
        ));
        named.push(Named::new(format!("{}.bias", 2 * i), vec![outputs], bias));
    }
    Ok(named)
}
