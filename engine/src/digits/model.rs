//! The book's digit models as one burn module: a linear layer alone (784→1), or one hidden ReLU
//! layer before it (`simple_net`, 784→H→1, and 784→H→10 for all ten digits).

use burn::config::Config;
use burn::module::Module;
use burn::nn::{Linear, LinearConfig};
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor};

#[derive(Config, Debug)]
pub struct DigitNetConfig {
    #[config(default = 784)]
    pub inputs: usize,
    /// Units in the hidden ReLU layer; none gives the linear model.
    pub hidden: Option<usize>,
    pub outputs: usize,
}

impl DigitNetConfig {
    /// Parameters start as burn's defaults (Kaiming-uniform weights); seed the device first for a
    /// repeatable start.
    pub fn init(&self, device: &Device) -> DigitNet {
        let output_inputs = self.hidden.unwrap_or(self.inputs);
        DigitNet {
            hidden: self
                .hidden
                .map(|units| LinearConfig::new(self.inputs, units).init(device)),
            output: LinearConfig::new(output_inputs, self.outputs).init(device),
        }
    }
}

#[derive(Module, Debug)]
pub struct DigitNet {
    hidden: Option<Linear>,
    output: Linear,
}

impl DigitNet {
    /// Logits `[n, outputs]` for images `[n, 784]`.
    pub fn forward(&self, images: Tensor<2>) -> Tensor<2> {
        let features = match &self.hidden {
            Some(layer) => relu(layer.forward(images)),
            None => images,
        };
        self.output.forward(features)
    }

    /// The layers, input side first.
    pub fn layers(&self) -> Vec<&Linear> {
        self.hidden.iter().chain([&self.output]).collect()
    }

    /// The layer that looks at the pixels: its weights `[784, units]` are pictures of what each
    /// unit responds to.
    pub fn first_layer(&self) -> &Linear {
        self.hidden.as_ref().unwrap_or(&self.output)
    }
}
