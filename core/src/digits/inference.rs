//! A trained digit model as plain numbers: exported from burn once, then run on the host with a
//! few hundred thousand (dense) to a million (convolutional) multiply-adds, so the page can
//! answer a drawing within the same frame (no device, no worker round trip). Also the binary
//! format of the ready model's asset.

use super::Pair;
use super::task::Task;
use crate::error::EngineError;
use crate::mnist::{PIXELS, SIDE};
use serde::{Deserialize, Serialize};

/// One fully connected layer: `y = x·W + b`, `W` row-major `[inputs][outputs]` as in burn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dense {
    pub inputs: usize,
    pub outputs: usize,
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

/// One convolution with square kernels and no padding, followed by ReLU and 2×2 max pooling.
/// `weight` is `[outputs][inputs][kernel][kernel]`, as burn's `Conv2d` holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conv {
    pub inputs: usize,
    pub outputs: usize,
    pub kernel: usize,
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

impl Conv {
    /// Maps `[outputs][side−k+1]²` of ReLU(conv) for maps `[inputs][side]²`.
    fn forward(&self, maps: &[f32], side: usize) -> Vec<f32> {
        let (k, out_side) = (self.kernel, side + 1 - self.kernel);
        let area = out_side * out_side;
        let mut out = vec![0.0; self.outputs * area];
        for (o, (filter, bias)) in self
            .weight
            .chunks_exact(self.inputs * k * k)
            .zip(&self.bias)
            .enumerate()
        {
            let target = &mut out[o * area..(o + 1) * area];
            target.fill(*bias);
            for (i, taps) in filter.chunks_exact(k * k).enumerate() {
                let source = &maps[i * side * side..(i + 1) * side * side];
                for (tap, &w) in taps.iter().enumerate() {
                    let (dy, dx) = (tap / k, tap % k);
                    // One tap over every output pixel: a contiguous row at a time, which the
                    // compiler vectorises.
                    for y in 0..out_side {
                        let row = &source[(y + dy) * side + dx..][..out_side];
                        for (t, s) in target[y * out_side..(y + 1) * out_side].iter_mut().zip(row) {
                            *t += w * s;
                        }
                    }
                }
            }
        }
        out.iter_mut().for_each(|v| *v = v.max(0.0));
        out
    }
}

/// The largest of each 2×2 block of `count` square maps of side `side` (an odd last row or
/// column is dropped, as burn's pooling drops it).
fn max_pool(maps: &[f32], count: usize, side: usize) -> Vec<f32> {
    let half = side / 2;
    let mut out = Vec::with_capacity(count * half * half);
    for map in maps.chunks_exact(side * side).take(count) {
        for y in 0..half {
            for x in 0..half {
                let at = |dy: usize, dx: usize| map[(2 * y + dy) * side + 2 * x + dx];
                out.push(at(0, 0).max(at(0, 1)).max(at(1, 0)).max(at(1, 1)));
            }
        }
    }
    out
}

/// What one convolution found: `count` maps of `side × side`, after ReLU, before pooling.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureMaps {
    pub count: usize,
    pub side: usize,
    pub values: Vec<f32>,
}

/// A model's answer to one image: the probability of each of [`Task::classes`], and the maps
/// each convolution made of it (none for a fully connected model).
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub probabilities: Vec<f32>,
    pub maps: Vec<FeatureMaps>,
}

/// Convolutions (each with ReLU and pooling), then dense layers with a ReLU between each pair;
/// sigmoid (one digit versus another) or softmax (ten digits) at the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlainNet {
    pub task: Task,
    pub convs: Vec<Conv>,
    pub layers: Vec<Dense>,
}

/// The first format had dense layers only; the second adds the convolutions before them.
const MAGIC_DENSE: &[u8; 8] = b"DESCENT1";
const MAGIC: &[u8; 8] = b"DESCENT2";

impl PlainNet {
    /// Checks that the layers chain from 28×28 pixels to the task's outputs, each with at least
    /// one unit and only finite weights: anything else could not answer a drawing.
    pub fn new(task: Task, convs: Vec<Conv>, layers: Vec<Dense>) -> Result<Self, EngineError> {
        let invalid = |why: String| EngineError::InvalidInput(format!("not a digit model: {why}"));
        let finite = |values: &[f32]| values.iter().all(|w| w.is_finite());
        let (mut channels, mut side) = (1, SIDE);
        for (i, conv) in convs.iter().enumerate() {
            if conv.outputs == 0 || conv.kernel == 0 {
                return Err(invalid(format!("convolution {i} has no filters")));
            }
            if conv.inputs != channels {
                return Err(invalid(format!(
                    "convolution {i} takes {} channels, not {channels}",
                    conv.inputs
                )));
            }
            if conv.kernel > side || (side + 1 - conv.kernel) / 2 == 0 {
                return Err(invalid(format!(
                    "convolution {i}'s {0}×{0} kernel does not fit {side}×{side} maps",
                    conv.kernel
                )));
            }
            if conv.weight.len() != conv.outputs * conv.inputs * conv.kernel * conv.kernel
                || conv.bias.len() != conv.outputs
            {
                return Err(invalid(format!(
                    "convolution {i} has the wrong number of parameters"
                )));
            }
            if !finite(&conv.weight) || !finite(&conv.bias) {
                return Err(invalid(format!(
                    "convolution {i} has weights that are not finite numbers"
                )));
            }
            (channels, side) = (conv.outputs, (side + 1 - conv.kernel) / 2);
        }
        let mut inputs = channels * side * side;
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
            if !finite(&layer.weight) || !finite(&layer.bias) {
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
        Ok(Self {
            task,
            convs,
            layers,
        })
    }

    /// "784→64→10", or "28×28→conv 5×5×16→conv 5×5×32→64→10".
    pub fn shape(&self) -> String {
        let convs = self
            .convs
            .iter()
            .map(|c| format!("conv {0}×{0}×{1}", c.kernel, c.outputs));
        let first = match self.convs.is_empty() {
            true => PIXELS.to_string(),
            false => format!("{SIDE}×{SIDE}"),
        };
        std::iter::once(first)
            .chain(convs)
            .chain(self.layers.iter().map(|l| l.outputs.to_string()))
            .collect::<Vec<_>>()
            .join("→")
    }

    /// The probability of each of [`Task::classes`] for one image of 784 grey levels in 0–1.
    pub fn probabilities(&self, image: &[f32]) -> Result<Vec<f32>, EngineError> {
        Ok(self.read(image)?.probabilities)
    }

    /// The class (from [`Task::classes`]) most probable for one image.
    pub fn predict(&self, image: &[f32]) -> Result<u8, EngineError> {
        let p = self.probabilities(image)?;
        let best = (0..p.len())
            .max_by(|&a, &b| p[a].total_cmp(&p[b]))
            .unwrap_or(0);
        Ok(self.task.classes()[best])
    }

    /// The probabilities for one image of 784 grey levels in 0–1, with what each convolution
    /// saw on the way.
    pub fn read(&self, image: &[f32]) -> Result<Reading, EngineError> {
        if image.len() != PIXELS {
            return Err(EngineError::InvalidInput(format!(
                "an image has {PIXELS} pixels, not {}",
                image.len()
            )));
        }
        let mut x = image.to_vec();
        let mut side = SIDE;
        let mut maps = Vec::with_capacity(self.convs.len());
        for conv in &self.convs {
            let activated = conv.forward(&x, side);
            side = side + 1 - conv.kernel;
            x = max_pool(&activated, conv.outputs, side);
            maps.push(FeatureMaps {
                count: conv.outputs,
                side,
                values: activated,
            });
            side /= 2;
        }
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
        let probabilities = match self.task {
            Task::Pair(_) => {
                let first = 1.0 / (1.0 + (-x[0]).exp());
                vec![1.0 - first, first]
            }
            Task::AllDigits => {
                let max = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
                let exp: Vec<f32> = x.iter().map(|v| (v - max).exp()).collect();
                let sum: f32 = exp.iter().sum();
                exp.iter().map(|e| e / sum).collect()
            }
        };
        Ok(Reading {
            probabilities,
            maps,
        })
    }

    /// `DESCENT2`, the task (0: 3 vs 7, 1: ten digits, 2 then two digits: another pair), the convolution count, then per
    /// convolution its inputs, outputs and kernel (u32) and its weights and biases (f32); then the
    /// dense layer count and per layer its inputs and outputs, weights and biases. Little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        match self.task {
            Task::Pair(Pair::BOOK) => bytes.push(0),
            Task::AllDigits => bytes.push(1),
            Task::Pair(pair) => bytes.extend([2, pair.first(), pair.second()]),
        }
        let floats = |bytes: &mut Vec<u8>, values: &[f32]| {
            values.iter().for_each(|v| bytes.extend(v.to_le_bytes()))
        };
        bytes.push(self.convs.len() as u8);
        for conv in &self.convs {
            for dim in [conv.inputs, conv.outputs, conv.kernel] {
                bytes.extend((dim as u32).to_le_bytes());
            }
            floats(&mut bytes, &conv.weight);
            floats(&mut bytes, &conv.bias);
        }
        bytes.push(self.layers.len() as u8);
        for layer in &self.layers {
            bytes.extend((layer.inputs as u32).to_le_bytes());
            bytes.extend((layer.outputs as u32).to_le_bytes());
            floats(&mut bytes, &layer.weight);
            floats(&mut bytes, &layer.bias);
        }
        bytes
    }

    /// Reads [`PlainNet::to_bytes`], or the first format (`DESCENT1`: no convolution count).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, EngineError> {
        let (has_convs, rest) = match (
            bytes.strip_prefix(MAGIC.as_slice()),
            bytes.strip_prefix(MAGIC_DENSE.as_slice()),
        ) {
            (Some(rest), _) => (true, rest),
            (_, Some(rest)) => (false, rest),
            _ => return Err(invalid_file("it does not start with DESCENT2")),
        };
        let mut file = Cursor { rest };
        let task = match file.byte()? {
            0 => Task::Pair(Pair::BOOK),
            1 => Task::AllDigits,
            2 => Task::Pair(
                Pair::new(file.byte()?, file.byte()?).map_err(|_| invalid_file("no pair"))?,
            ),
            _ => return Err(invalid_file("unknown task")),
        };
        let mut convs = Vec::new();
        for _ in 0..if has_convs { file.byte()? } else { 0 } {
            let (inputs, outputs, kernel) = (file.dim()?, file.dim()?, file.dim()?);
            let size = [outputs, kernel, kernel]
                .iter()
                .fold(inputs, |n, d| n.saturating_mul(*d));
            convs.push(Conv {
                inputs,
                outputs,
                kernel,
                weight: file.floats(size)?,
                bias: file.floats(outputs)?,
            });
        }
        let mut layers = Vec::new();
        for _ in 0..file.byte()? {
            let (inputs, outputs) = (file.dim()?, file.dim()?);
            layers.push(Dense {
                inputs,
                outputs,
                weight: file.floats(inputs.saturating_mul(outputs))?,
                bias: file.floats(outputs)?,
            });
        }
        if !file.rest.is_empty() {
            return Err(invalid_file("it has bytes after its last layer"));
        }
        Self::new(task, convs, layers).map_err(|e| invalid_file(&e.to_string()))
    }
}

fn invalid_file(why: &str) -> EngineError {
    EngineError::Data(format!("the model file is invalid: {why}"))
}

/// The unread part of a model file.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], EngineError> {
        if self.rest.len() < n {
            return Err(invalid_file("it is truncated"));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, EngineError> {
        Ok(self.take(1)?[0])
    }

    fn dim(&mut self) -> Result<usize, EngineError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn floats(&mut self, n: usize) -> Result<Vec<f32>, EngineError> {
        if n > 1 << 24 {
            return Err(invalid_file("a layer is implausibly large"));
        }
        Ok(self
            .take(n * 4)?
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> PlainNet {
        // One hidden unit that copies pixel 0; the output adds it to 9 logits of zero.
        let mut hidden = vec![0.0; PIXELS];
        hidden[0] = 1.0;
        let mut out = vec![0.0; 10];
        out[3] = 2.0;
        PlainNet::new(
            Task::AllDigits,
            vec![],
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
        assert_eq!(PlainNet::from_bytes(&bytes).unwrap(), net);
        assert!(PlainNet::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(PlainNet::from_bytes(&[bytes.as_slice(), &[0]].concat()).is_err());
        assert!(PlainNet::from_bytes(b"GIF89a").is_err());
        let mut wrong_task = bytes.clone();
        wrong_task[8] = 0; // 3 vs 7 needs one output, not ten
        assert!(PlainNet::from_bytes(&wrong_task).is_err());
        // The first format, with no convolution count, still reads.
        let first_format = [b"DESCENT1".as_slice(), &bytes[8..9], &bytes[10..]].concat();
        assert_eq!(PlainNet::from_bytes(&first_format).unwrap(), net);
    }

    #[test]
    fn a_pair_model_names_its_own_digits_and_keeps_them_in_its_bytes() {
        // One weight on pixel 0: ink there says "the first digit", none says "the second".
        let mut weight = vec![0.0; PIXELS];
        weight[0] = 4.0;
        let layer = Dense {
            inputs: PIXELS,
            outputs: 1,
            weight,
            bias: vec![-2.0],
        };
        let pair = Pair::new(2, 4).unwrap();
        let net = PlainNet::new(Task::Pair(pair), vec![], vec![layer]).unwrap();
        let mut image = vec![0.0; PIXELS];
        assert_eq!(net.predict(&image).unwrap(), 4);
        image[0] = 1.0;
        assert_eq!(net.predict(&image).unwrap(), 2);
        let p = net.probabilities(&image).unwrap();
        assert!((p[1] - 1.0 / (1.0 + (-2f32).exp())).abs() < 1e-6, "{p:?}");
        assert_eq!(PlainNet::from_bytes(&net.to_bytes()).unwrap(), net);
        // The book's pair keeps the first format's byte.
        let book = PlainNet::new(Task::Pair(Pair::BOOK), vec![], net.layers.clone()).unwrap();
        assert_eq!(book.to_bytes()[8], 0);
        assert_eq!(PlainNet::from_bytes(&book.to_bytes()).unwrap(), book);
    }

    /// One 5×5 filter that copies its centre tap, then 144 → 10 with one weight: every number
    /// of the reading follows by hand from one inked pixel.
    fn one_filter() -> PlainNet {
        let mut taps = vec![0.0; 25];
        taps[12] = 1.0;
        let side = 12; // 28 → 24 by the 5×5 convolution → 12 by pooling
        let mut weight = vec![0.0; side * side * 10];
        weight[(4 * side + 4) * 10 + 3] = 2.0;
        PlainNet::new(
            Task::AllDigits,
            vec![Conv {
                inputs: 1,
                outputs: 1,
                kernel: 5,
                weight: taps,
                bias: vec![0.0],
            }],
            vec![Dense {
                inputs: side * side,
                outputs: 10,
                weight,
                bias: vec![0.0; 10],
            }],
        )
        .unwrap()
    }

    #[test]
    fn a_convolution_and_pool_by_hand() {
        let net = one_filter();
        assert_eq!(net.shape(), "28×28→conv 5×5×1→10");
        // Ink 0.8 at (row 10, column 11): the centre tap puts it at (8, 9) of the 24×24 map,
        // pooling at (4, 4) of 12×12, and the one weight makes class 3's logit 1.6.
        let mut image = vec![0.0; PIXELS];
        image[10 * SIDE + 11] = 0.8;
        let reading = net.read(&image).unwrap();
        let maps = &reading.maps[0];
        assert_eq!((maps.count, maps.side), (1, 24));
        assert_eq!(maps.values[8 * 24 + 9], 0.8);
        assert_eq!(maps.values.iter().filter(|&&v| v != 0.0).count(), 1);
        let e = 1.6f32.exp();
        assert!((reading.probabilities[3] - e / (e + 9.0)).abs() < 1e-6);
        // A negative filter is cut by ReLU: nothing reaches the dense layer.
        let mut negative = net.clone();
        negative.convs[0].weight[12] = -1.0;
        let p = negative.probabilities(&image).unwrap();
        assert!(p.iter().all(|&v| (v - 0.1).abs() < 1e-6), "{p:?}");
    }

    #[test]
    fn convolutional_models_round_trip_and_must_chain() {
        let net = one_filter();
        assert_eq!(PlainNet::from_bytes(&net.to_bytes()).unwrap(), net);
        let refusal = |convs: Vec<Conv>, layers: Vec<Dense>| {
            PlainNet::new(Task::AllDigits, convs, layers)
                .unwrap_err()
                .to_string()
        };
        let mut two_channels = net.convs.clone();
        two_channels[0].inputs = 2;
        assert!(refusal(two_channels, net.layers.clone()).contains("takes 2 channels, not 1"));
        let mut huge_kernel = net.convs.clone();
        huge_kernel[0].kernel = 29;
        assert!(refusal(huge_kernel, net.layers.clone()).contains("does not fit 28×28"));
        // The dense layer must take what the pooled maps give: 144, not 784.
        assert!(refusal(vec![], net.layers).contains("takes 144 inputs, not 784"));
    }

    /// Files that pass the header checks but could not answer a drawing: refused, never a panic.
    #[test]
    fn degenerate_models_are_refused() {
        let message = |layers: Vec<Dense>| {
            PlainNet::new(Task::AllDigits, vec![], layers)
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
        let bytes = PlainNet {
            task: Task::AllDigits,
            convs: vec![],
            layers: zero_width,
        }
        .to_bytes();
        assert!(PlainNet::from_bytes(&bytes).is_err());
        for bad in [f32::NAN, f32::INFINITY] {
            let mut layers = tiny().layers;
            layers[1].bias[4] = bad;
            assert!(message(layers).contains("layer 1 has weights that are not finite"));
        }
    }
}
