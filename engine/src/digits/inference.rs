//! A trained digit model as plain numbers: exported from burn once, then run on the host with a
//! few hundred thousand multiply-adds, so the page can answer a drawing within the same frame
//! (no device, no worker round trip). Also the binary format of the ready model's asset.

use super::task::Task;
use crate::error::EngineError;
use crate::mnist::PIXELS;
use serde::{Deserialize, Serialize};

/// One fully connected layer: `y = x·W + b`, `W` row-major `[inputs][outputs]` as in burn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dense {
    pub inputs: usize,
    pub outputs: usize,
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

/// Layers with a ReLU between each pair; sigmoid (3 vs 7) or softmax (ten digits) at the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DenseNet {
    pub task: Task,
    pub layers: Vec<Dense>,
}

const MAGIC: &[u8; 8] = b"DESCENT1";

impl DenseNet {
    /// Checks that the layers chain from 784 pixels to the task's outputs, each with at least
    /// one unit and only finite weights: anything else could not answer a drawing.
    pub fn new(task: Task, layers: Vec<Dense>) -> Result<Self, EngineError> {
        let invalid = |why: String| EngineError::InvalidInput(format!("not a digit model: {why}"));
        let mut inputs = PIXELS;
        for (i, layer) in layers.iter().enumerate() {
            if layer.outputs == 0 {
                return Err(invalid(format!("layer {i} has no units")));
            }
            if layer.inputs != inputs {
                return Err(invalid(format!(
                    "layer {i} takes {} inputs, not {inputs}",
                    layer.inputs
                )));
            }
            if layer.weight.len() != layer.inputs * layer.outputs
                || layer.bias.len() != layer.outputs
            {
                return Err(invalid(format!(
                    "layer {i} has the wrong number of parameters"
                )));
            }
            if !layer
                .weight
                .iter()
                .chain(&layer.bias)
                .all(|w| w.is_finite())
            {
                return Err(invalid(format!(
                    "layer {i} has weights that are not finite numbers"
                )));
            }
            inputs = layer.outputs;
        }
        if layers.is_empty() || inputs != task.outputs() {
            return Err(invalid(format!(
                "it ends in {inputs} outputs, not {}",
                task.outputs()
            )));
        }
        Ok(Self { task, layers })
    }

    /// "784→64→10".
    pub fn shape(&self) -> String {
        std::iter::once(PIXELS)
            .chain(self.layers.iter().map(|l| l.outputs))
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("→")
    }

    /// The probability of each of [`Task::classes`] for one image of 784 grey levels in 0–1.
    pub fn probabilities(&self, image: &[f32]) -> Result<Vec<f32>, EngineError> {
        if image.len() != PIXELS {
            return Err(EngineError::InvalidInput(format!(
                "an image has {PIXELS} pixels, not {}",
                image.len()
            )));
        }
        let mut x = image.to_vec();
        for (i, layer) in self.layers.iter().enumerate() {
            let mut y = layer.bias.clone();
            for (input, row) in x.iter().zip(layer.weight.chunks_exact(layer.outputs)) {
                if *input != 0.0 {
                    for (out, w) in y.iter_mut().zip(row) {
                        *out += input * w;
                    }
                }
            }
            if i + 1 < self.layers.len() {
                y.iter_mut().for_each(|v| *v = v.max(0.0));
            }
            x = y;
        }
        Ok(match self.task {
            Task::ThreeVsSeven => {
                let three = 1.0 / (1.0 + (-x[0]).exp());
                vec![1.0 - three, three]
            }
            Task::AllDigits => {
                let max = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
                let exp: Vec<f32> = x.iter().map(|v| (v - max).exp()).collect();
                let sum: f32 = exp.iter().sum();
                exp.iter().map(|e| e / sum).collect()
            }
        })
    }

    /// `DESCENT1`, the task (0: 3 vs 7, 1: ten digits), the layer count, then per layer its
    /// inputs and outputs (u32) and its weights and biases (f32), all little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.push(match self.task {
            Task::ThreeVsSeven => 0,
            Task::AllDigits => 1,
        });
        bytes.push(self.layers.len() as u8);
        for layer in &self.layers {
            bytes.extend((layer.inputs as u32).to_le_bytes());
            bytes.extend((layer.outputs as u32).to_le_bytes());
            for v in layer.weight.iter().chain(&layer.bias) {
                bytes.extend(v.to_le_bytes());
            }
        }
        bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, EngineError> {
        let invalid = |why: &str| EngineError::Data(format!("the model file is invalid: {why}"));
        let mut rest = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| invalid("it does not start with DESCENT1"))?;
        let mut take = |n: usize| -> Result<&[u8], EngineError> {
            if rest.len() < n {
                return Err(invalid("it is truncated"));
            }
            let (head, tail) = rest.split_at(n);
            rest = tail;
            Ok(head)
        };
        let task = match take(1)?[0] {
            0 => Task::ThreeVsSeven,
            1 => Task::AllDigits,
            _ => return Err(invalid("unknown task")),
        };
        let count = take(1)?[0];
        let mut layers = Vec::new();
        for _ in 0..count {
            let mut dim = || -> Result<usize, EngineError> {
                let b = take(4)?;
                Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            };
            let (inputs, outputs) = (dim()?, dim()?);
            if inputs.saturating_mul(outputs) > 1 << 24 {
                return Err(invalid("a layer is implausibly large"));
            }
            let mut floats = |n: usize| -> Result<Vec<f32>, EngineError> {
                Ok(take(n * 4)?
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect())
            };
            let weight = floats(inputs * outputs)?;
            let bias = floats(outputs)?;
            layers.push(Dense {
                inputs,
                outputs,
                weight,
                bias,
            });
        }
        if !rest.is_empty() {
            return Err(invalid("it has bytes after its last layer"));
        }
        Self::new(task, layers).map_err(|e| invalid(&e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> DenseNet {
        // One hidden unit that copies pixel 0; the output adds it to 9 logits of zero.
        let mut hidden = vec![0.0; PIXELS];
        hidden[0] = 1.0;
        let mut out = vec![0.0; 10];
        out[3] = 2.0;
        DenseNet::new(
            Task::AllDigits,
            vec![
                Dense {
                    inputs: PIXELS,
                    outputs: 1,
                    weight: hidden,
                    bias: vec![0.0],
                },
                Dense {
                    inputs: 1,
                    outputs: 10,
                    weight: out,
                    bias: vec![0.0; 10],
                },
            ],
        )
        .unwrap()
    }

    #[test]
    fn softmax_of_hand_computed_logits() {
        let mut image = vec![0.0; PIXELS];
        image[0] = 0.5; // hidden 0.5, logit of class 3 is 1, the others 0
        let p = tiny().probabilities(&image).unwrap();
        let e = 1f32.exp();
        assert!((p[3] - e / (e + 9.0)).abs() < 1e-6);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn bytes_round_trip_and_reject_damage() {
        let net = tiny();
        let bytes = net.to_bytes();
        assert_eq!(DenseNet::from_bytes(&bytes).unwrap(), net);
        assert!(DenseNet::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(DenseNet::from_bytes(&[bytes.as_slice(), &[0]].concat()).is_err());
        assert!(DenseNet::from_bytes(b"GIF89a").is_err());
        let mut wrong_task = bytes.clone();
        wrong_task[8] = 0; // 3 vs 7 needs one output, not ten
        assert!(DenseNet::from_bytes(&wrong_task).is_err());
    }

    /// Files that pass the header checks but could not answer a drawing: refused, never a panic.
    #[test]
    fn degenerate_models_are_refused() {
        let message = |layers: Vec<Dense>| {
            DenseNet::new(Task::AllDigits, layers)
                .unwrap_err()
                .to_string()
        };
        // 784 → 0 → 10: the zero-width layer once panicked at the first stroke.
        let zero_width = vec![
            Dense {
                inputs: PIXELS,
                outputs: 0,
                weight: vec![],
                bias: vec![],
            },
            Dense {
                inputs: 0,
                outputs: 10,
                weight: vec![],
                bias: vec![0.0; 10],
            },
        ];
        assert!(message(zero_width.clone()).contains("layer 0 has no units"));
        let bytes = DenseNet {
            task: Task::AllDigits,
            layers: zero_width,
        }
        .to_bytes();
        assert!(DenseNet::from_bytes(&bytes).is_err());
        for bad in [f32::NAN, f32::INFINITY] {
            let mut layers = tiny().layers;
            layers[1].bias[4] = bad;
            assert!(message(layers).contains("layer 1 has weights that are not finite"));
        }
    }
}
