//! The book's digit models as one burn module: a linear layer alone (784→1), one hidden ReLU
//! layer before it (`simple_net`, 784→H→1, and 784→H→10 for all ten digits), or two
//! convolutions with max pooling in front of those (LeNet's shape, for all ten digits).

use super::{KERNEL, ModelKind, PlainNet, pooled_side};
use crate::error::EngineError;
use crate::mnist::{PIXELS, SIDE};
use burn::config::Config;
use burn::module::{Module, Param};
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{Linear, LinearConfig};
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor, TensorData};

#[derive(Config, Debug)]
pub struct DigitNetConfig {
    #[config(default = 784)]
    pub inputs: usize,
    /// Filters in each of the two convolutions; none for a fully connected model.
    pub filters: Option<[usize; 2]>,
    /// Units in the hidden ReLU layer; none gives the linear model.
    pub hidden: Option<usize>,
    pub outputs: usize,
}

impl DigitNetConfig {
    /// The configuration of the book's `kind` with `hidden` units in its hidden layer.
    pub fn of(kind: ModelKind, hidden: usize) -> Self {
        Self::new(kind.outputs())
            .with_filters((kind == ModelKind::Convolutional).then_some(ModelKind::FILTERS))
            .with_hidden(kind.has_hidden_layer().then_some(hidden))
    }

    /// Parameters start as burn's defaults (Kaiming-uniform weights); seed the device first for a
    /// repeatable start.
    pub fn init(&self, device: &Device) -> DigitNet {
        let features = self.filters.map(|[first, second]| ConvFeatures {
            first: Conv2dConfig::new([1, first], [KERNEL, KERNEL]).init(device),
            second: Conv2dConfig::new([first, second], [KERNEL, KERNEL]).init(device),
            pool: MaxPool2dConfig::new([2, 2]).init(),
        });
        let flat = match self.filters {
            Some([_, second]) => second * pooled_side(pooled_side(SIDE)).pow(2),
            None => self.inputs,
        };
        let output_inputs = self.hidden.unwrap_or(flat);
        DigitNet {
            features,
            hidden: self
                .hidden
                .map(|units| LinearConfig::new(flat, units).init(device)),
            output: LinearConfig::new(output_inputs, self.outputs).init(device),
        }
    }
}

/// conv 5×5 → ReLU → pool 2×2, twice: 28×28 → 24×24 → 12×12 → 8×8 → 4×4 maps.
#[derive(Module, Debug)]
pub struct ConvFeatures {
    pub first: Conv2d,
    pub second: Conv2d,
    pool: MaxPool2d,
}

impl ConvFeatures {
    /// Flattened maps `[n, filters·4·4]` for images `[n, 784]`.
    fn forward(&self, images: Tensor<2>) -> Tensor<2> {
        let [n, _] = images.dims();
        let x = images.reshape([n, 1, SIDE, SIDE]);
        let x = self.pool.forward(relu(self.first.forward(x)));
        let x = self.pool.forward(relu(self.second.forward(x)));
        x.flatten(1, 3)
    }

    pub fn layers(&self) -> [&Conv2d; 2] {
        [&self.first, &self.second]
    }
}

#[derive(Module, Debug)]
pub struct DigitNet {
    features: Option<ConvFeatures>,
    hidden: Option<Linear>,
    output: Linear,
}

impl DigitNet {
    /// Logits `[n, outputs]` for images `[n, 784]`.
    pub fn forward(&self, images: Tensor<2>) -> Tensor<2> {
        let features = match &self.features {
            Some(convolutions) => convolutions.forward(images),
            None => images,
        };
        let features = match &self.hidden {
            Some(layer) => relu(layer.forward(features)),
            None => features,
        };
        self.output.forward(features)
    }

    pub fn convolutions(&self) -> Option<&ConvFeatures> {
        self.features.as_ref()
    }

    /// The fully connected layers, input side first.
    pub fn layers(&self) -> Vec<&Linear> {
        self.hidden.iter().chain([&self.output]).collect()
    }

    /// The layer that looks at the pixels of a fully connected model: its weights `[784, units]`
    /// are pictures of what each unit responds to. None for a convolutional model.
    pub fn first_layer(&self) -> Option<&Linear> {
        match self.features {
            Some(_) => None,
            None => Some(self.hidden.as_ref().unwrap_or(&self.output)),
        }
    }
}

impl DigitNet {
    /// A model holding a plain net's numbers, to train on from there: one or two dense layers,
    /// after no convolutions or two 5×5 ones.
    pub fn from_plain(net: &PlainNet, device: &Device) -> Result<Self, EngineError> {
        let unsupported = |what: &str| {
            EngineError::InvalidInput(format!("a model with {what} cannot be trained here"))
        };
        let filters = match net.convs.as_slice() {
            [] => None,
            [first, second] if first.kernel == KERNEL && second.kernel == KERNEL => {
                Some([first.outputs, second.outputs])
            }
            _ => return Err(unsupported("other than two 5×5 convolutions")),
        };
        let hidden = match net.layers.as_slice() {
            [_] => None,
            [hidden, _] => Some(hidden.outputs),
            _ => return Err(unsupported("more than two dense layers")),
        };
        let mut model = DigitNetConfig::new(net.task.outputs())
            .with_inputs(PIXELS)
            .with_filters(filters)
            .with_hidden(hidden)
            .init(device);
        if let Some(features) = model.features.as_mut() {
            for (conv, plain) in [&mut features.first, &mut features.second]
                .into_iter()
                .zip(&net.convs)
            {
                let shape = [plain.outputs, plain.inputs, plain.kernel, plain.kernel];
                conv.weight = param(&plain.weight, shape, device);
                conv.bias = Some(param(&plain.bias, [plain.outputs], device));
            }
        }
        for (linear, plain) in model
            .hidden
            .iter_mut()
            .chain([&mut model.output])
            .zip(&net.layers)
        {
            linear.weight = param(&plain.weight, [plain.inputs, plain.outputs], device);
            linear.bias = Some(param(&plain.bias, [plain.outputs], device));
        }
        Ok(model)
    }
}

/// A trainable parameter holding these values.
fn param<const D: usize>(values: &[f32], shape: [usize; D], device: &Device) -> Param<Tensor<D>> {
    Param::from_tensor(Tensor::from_data(
        TensorData::new(values.to_vec(), shape),
        device,
    ))
}
