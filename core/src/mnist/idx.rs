//! The IDX format MNIST ships in: a magic number naming the element type and rank, the
//! big-endian dimensions, then the elements. Everything is checked; nothing is trusted.

use crate::error::EngineError;

/// Unsigned bytes, the only element type MNIST uses.
const UNSIGNED_BYTE: u8 = 0x08;

/// Images as rows of `rows × cols` grey levels, 0 (paper) to 255 (ink).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdxImages {
    pub count: usize,
    pub rows: usize,
    pub cols: usize,
    pub pixels: Vec<u8>,
}

/// Parses an IDX file of rank 3 (count × rows × cols).
pub fn parse_images(name: &str, bytes: &[u8]) -> Result<IdxImages, EngineError> {
    let (dims, body) = parse(name, bytes, 3)?;
    Ok(IdxImages {
        count: dims[0],
        rows: dims[1],
        cols: dims[2],
        pixels: body.to_vec(),
    })
}

/// Parses an IDX file of rank 1 holding digit labels, each 0 to 9.
pub fn parse_labels(name: &str, bytes: &[u8]) -> Result<Vec<u8>, EngineError> {
    let (_, body) = parse(name, bytes, 1)?;
    if let Some(position) = body.iter().position(|&label| label > 9) {
        return Err(malformed(
            name,
            format!(
                "label {} at index {position} is not a digit",
                body[position]
            ),
        ));
    }
    Ok(body.to_vec())
}

fn parse<'a>(
    name: &str,
    bytes: &'a [u8],
    rank: usize,
) -> Result<(Vec<usize>, &'a [u8]), EngineError> {
    let Some(&[zero_a, zero_b, element, found_rank]) = bytes.first_chunk::<4>() else {
        return Err(malformed(
            name,
            format!("{} bytes cannot hold a magic number", bytes.len()),
        ));
    };
    if zero_a != 0 || zero_b != 0 {
        return Err(malformed(
            name,
            "it does not start with an IDX magic number".into(),
        ));
    }
    if element != UNSIGNED_BYTE {
        return Err(malformed(
            name,
            format!("element type {element:#04x} is not unsigned bytes (0x08)"),
        ));
    }
    if usize::from(found_rank) != rank {
        return Err(malformed(
            name,
            format!("it has {found_rank} dimensions, expected {rank}"),
        ));
    }
    let header = 4 + 4 * rank;
    if bytes.len() < header {
        return Err(malformed(
            name,
            format!(
                "{} bytes is shorter than its {header}-byte header",
                bytes.len()
            ),
        ));
    }
    let dims: Vec<usize> = bytes[4..header]
        .chunks_exact(4)
        .map(|d| u32::from_be_bytes([d[0], d[1], d[2], d[3]]) as usize)
        .collect();
    if dims.contains(&0) {
        return Err(malformed(name, format!("a dimension is zero: {dims:?}")));
    }
    let expected = dims
        .iter()
        .try_fold(1usize, |product, &d| product.checked_mul(d))
        .ok_or_else(|| malformed(name, format!("dimensions {dims:?} overflow")))?;
    let body = &bytes[header..];
    if body.len() != expected {
        let what = if body.len() < expected {
            "truncated"
        } else {
            "too long"
        };
        return Err(malformed(
            name,
            format!(
                "{what}: dimensions {dims:?} need {expected} bytes after the header, found {}",
                body.len()
            ),
        ));
    }
    Ok((dims, body))
}

fn malformed(name: &str, why: String) -> EngineError {
    EngineError::Data(format!("{name} is not a valid IDX file: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx(rank: u8, dims: &[u32], body: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0, 0, UNSIGNED_BYTE, rank];
        for d in dims {
            bytes.extend_from_slice(&d.to_be_bytes());
        }
        bytes.extend_from_slice(body);
        bytes
    }

    #[test]
    fn reads_a_well_formed_image_file() {
        let images = parse_images(
            "x",
            &idx(3, &[2, 2, 3], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
        )
        .unwrap();
        assert_eq!((images.count, images.rows, images.cols), (2, 2, 3));
        assert_eq!(images.pixels[7], 7);
    }

    #[test]
    fn reads_labels() {
        assert_eq!(
            parse_labels("y", &idx(1, &[3], &[7, 0, 9])).unwrap(),
            vec![7, 0, 9]
        );
    }

    fn error_of(result: Result<impl std::fmt::Debug, EngineError>) -> String {
        match result {
            Err(EngineError::Data(message)) => message,
            other => panic!("expected a data error, got {other:?}"),
        }
    }

    #[test]
    fn rejects_truncated_and_overlong_bodies() {
        let message = error_of(parse_images("train", &idx(3, &[2, 2, 2], &[0; 7])));
        assert!(
            message.contains("train") && message.contains("truncated"),
            "{message}"
        );
        let message = error_of(parse_images("train", &idx(3, &[2, 2, 2], &[0; 9])));
        assert!(message.contains("too long"), "{message}");
    }

    #[test]
    fn rejects_a_cut_header() {
        let message = error_of(parse_images("t", &idx(3, &[2, 2, 2], &[])[..9]));
        assert!(message.contains("header"), "{message}");
        assert!(parse_labels("t", &[]).is_err());
    }

    #[test]
    fn rejects_wrong_magic_numbers() {
        let mut bytes = idx(3, &[1, 1, 1], &[0]);
        bytes[0] = 0x1f; // a gzip stream served by mistake starts 0x1f 0x8b
        assert!(error_of(parse_images("t", &bytes)).contains("magic"));
        let mut bytes = idx(3, &[1, 1, 1], &[0]);
        bytes[2] = 0x0d; // floats
        assert!(error_of(parse_images("t", &bytes)).contains("element type"));
        // A label file where images are expected, and the reverse.
        assert!(error_of(parse_images("t", &idx(1, &[1], &[0]))).contains("dimensions"));
        assert!(error_of(parse_labels("t", &idx(3, &[1, 1, 1], &[0]))).contains("dimensions"));
    }

    #[test]
    fn rejects_zero_and_overflowing_dimensions() {
        assert!(error_of(parse_images("t", &idx(3, &[0, 28, 28], &[]))).contains("zero"));
        let huge = idx(3, &[u32::MAX, u32::MAX, u32::MAX], &[]);
        assert!(parse_images("t", &huge).is_err());
    }

    #[test]
    fn rejects_labels_that_are_not_digits() {
        assert!(error_of(parse_labels("t", &idx(1, &[2], &[3, 10]))).contains("not a digit"));
    }
}
