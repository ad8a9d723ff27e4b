//! Trained weights as safetensors files (the `safetensors` crate), named as the lab's PyTorch
//! program names its parameters, so `model.load_state_dict(load_file(path))` takes them. Reading
//! says what is wrong with a file in words: a learner's file may be cut short, another model's,
//! or not weights at all.

use safetensors::tensor::{Dtype, SafeTensorError, SafeTensors, TensorView};
use serde::{Deserialize, Serialize};

/// Weights files past this are refused unread: the largest model here (784→512→10) is 1.6 MB.
pub const LARGEST: usize = 16 << 20;

/// One named tensor of `f32`s, row-major.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tensor {
    pub name: String,
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

impl Tensor {
    pub fn new(name: impl Into<String>, shape: Vec<usize>, values: Vec<f32>) -> Self {
        Self {
            name: name.into(),
            shape,
            values,
        }
    }
}

/// The tensors as a safetensors file, in little-endian `F32`.
pub fn write(tensors: &[Tensor]) -> Vec<u8> {
    let bytes: Vec<Vec<u8>> = tensors
        .iter()
        .map(|t| t.values.iter().flat_map(|v| v.to_le_bytes()).collect())
        .collect();
    let views = tensors.iter().zip(&bytes).filter_map(|(t, data)| {
        let view = TensorView::new(Dtype::F32, t.shape.clone(), data).ok()?;
        Some((t.name.clone(), view))
    });
    // Only a tensor whose values do not fill its shape could fail, and ours always do.
    safetensors::serialize(views, None).unwrap_or_default()
}

/// Every tensor of a safetensors file, in the file's order; `Err` says what is wrong with it.
pub fn read(bytes: &[u8]) -> Result<Vec<Tensor>, String> {
    if bytes.len() > LARGEST {
        return Err(too_large(bytes.len()));
    }
    let file = SafeTensors::deserialize(bytes).map_err(|error| unreadable(bytes, error))?;
    let mut tensors = Vec::new();
    for (name, view) in file.iter() {
        if view.dtype() != Dtype::F32 {
            return Err(format!(
                "Tensor \"{}\" holds {:?} numbers; weights here are F32 (float32).",
                crate::settings::cut(name),
                view.dtype()
            ));
        }
        let values = view
            .data()
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        tensors.push(Tensor::new(name, view.shape().to_vec(), values));
    }
    Ok(tensors)
}

/// The refusal of a file of `bytes` bytes, before it is read.
pub fn too_large(bytes: usize) -> String {
    format!(
        "This file is {}; a weights file here is at most {}, so it was not read.",
        crate::settings_file::size(bytes),
        crate::settings_file::size(LARGEST)
    )
}

/// What is wrong with a file the crate refused, in words.
fn unreadable(bytes: &[u8], error: SafeTensorError) -> String {
    let header = bytes
        .get(..8)
        .map(|n| u64::from_le_bytes(n.try_into().unwrap_or_default()));
    let why = match error {
        SafeTensorError::HeaderTooSmall => "it is shorter than a safetensors header".to_string(),
        SafeTensorError::HeaderTooLarge | SafeTensorError::InvalidHeaderLength => format!(
            "its header says it is {} long, but the file is {}",
            crate::settings_file::size(header.unwrap_or_default() as usize),
            crate::settings_file::size(bytes.len())
        ),
        SafeTensorError::InvalidHeader(_)
        | SafeTensorError::InvalidHeaderDeserialization(_)
        | SafeTensorError::JsonError(_) => {
            "its header is not the JSON a safetensors file starts with".into()
        }
        _ => "its tensors do not fill the file as its header says: it may be cut short".into(),
    };
    format!("This is not a safetensors file this page can read: {why}.")
}

/// Takes the tensors `wanted` (name and shape) out of `tensors`, in `wanted`'s order; `Err`
/// names a tensor missing, of another shape, or left over.
pub fn take(
    mut tensors: Vec<Tensor>,
    wanted: &[(String, Vec<usize>)],
) -> Result<Vec<Tensor>, String> {
    let mut taken = Vec::with_capacity(wanted.len());
    for (name, shape) in wanted {
        let Some(at) = tensors.iter().position(|t| t.name == *name) else {
            return Err(format!("Tensor \"{name}\" is missing."));
        };
        let tensor = tensors.swap_remove(at);
        if tensor.shape != *shape {
            return Err(format!(
                "Tensor \"{name}\" has shape {:?}; this model needs {shape:?}.",
                tensor.shape
            ));
        }
        taken.push(tensor);
    }
    match tensors.first() {
        Some(extra) => Err(format!(
            "Tensor \"{}\" is not part of this model.",
            crate::settings::cut(&extra.name)
        )),
        None => Ok(taken),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two() -> Vec<Tensor> {
        vec![
            Tensor::new(
                "0.weight",
                vec![2, 3],
                vec![1.0, -2.0, 0.5, 0.25, 3.0, -1e-7],
            ),
            Tensor::new("0.bias", vec![2], vec![0.0, 7.0]),
        ]
    }

    #[test]
    fn tensors_round_trip_and_the_file_is_safetensors() {
        let bytes = write(&two());
        let mut read_back = read(&bytes).unwrap();
        read_back.sort_by(|a, b| b.name.cmp(&a.name));
        assert_eq!(read_back, two());
        // The format by hand: an 8-byte little-endian header length, then JSON naming F32.
        let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        let header = std::str::from_utf8(&bytes[8..8 + n]).unwrap();
        assert!(
            header.contains(r#""0.weight":{"dtype":"F32","shape":[2,3],"data_offsets""#),
            "{header}"
        );
        assert_eq!(bytes.len(), 8 + n + 8 * 4);
    }

    #[test]
    fn bad_files_are_named() {
        let bytes = write(&two());
        let cut = read(&bytes[..bytes.len() - 3]).unwrap_err();
        assert!(cut.contains("it may be cut short"), "{cut}");
        let mut huge_header = bytes.clone();
        huge_header[..8].copy_from_slice(&(1u64 << 30).to_le_bytes());
        assert_eq!(
            read(&huge_header).unwrap_err(),
            format!(
                "This is not a safetensors file this page can read: its header says it is 1 GB long, but the file is {} bytes.",
                bytes.len()
            )
        );
        assert!(
            read(b"abc")
                .unwrap_err()
                .contains("shorter than a safetensors header")
        );
        let mut not_json = bytes.clone();
        not_json[8] = b'[';
        assert!(read(&not_json).unwrap_err().contains("not the JSON"));
        let f16 = {
            let header = br#"{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#;
            let mut file = (header.len() as u64).to_le_bytes().to_vec();
            file.extend(header);
            file.extend([0u8; 4]);
            file
        };
        assert_eq!(
            read(&f16).unwrap_err(),
            "Tensor \"w\" holds F16 numbers; weights here are F32 (float32)."
        );
        assert!(
            read(&vec![0; LARGEST + 1])
                .unwrap_err()
                .contains("at most 16 MB")
        );
    }

    #[test]
    fn tensors_missing_extra_or_misshapen_are_named() {
        let wanted = |shape: Vec<usize>| {
            vec![
                ("0.weight".to_string(), shape),
                ("0.bias".to_string(), vec![2]),
            ]
        };
        assert_eq!(take(two(), &wanted(vec![2, 3])), Ok(two()));
        assert_eq!(
            take(two(), &wanted(vec![3, 2])),
            Err("Tensor \"0.weight\" has shape [2, 3]; this model needs [3, 2].".into())
        );
        assert_eq!(
            take(two()[1..].to_vec(), &wanted(vec![2, 3])),
            Err("Tensor \"0.weight\" is missing.".into())
        );
        let mut extra = two();
        extra.push(Tensor::new("2.weight", vec![1], vec![0.0]));
        assert_eq!(
            take(extra, &wanted(vec![2, 3])),
            Err("Tensor \"2.weight\" is not part of this model.".into())
        );
    }
}
