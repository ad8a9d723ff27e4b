//! The page's MNIST assets: each original IDX file gzip'd. Decoded as the bytes arrive, so a
//! download can show progress, and checked against the file's published size and SHA-256.
//!
//! A server may send a `.gz` file with `Content-Encoding: gzip` (nginx's `gzip_static`, Apache's
//! `AddEncoding`); the browser then hands over the IDX file itself. Both arrive here, told apart
//! by their first two bytes: gzip's magic `1f 8b`, or IDX's leading zeros.

use super::files::MnistFile;
use crate::error::EngineError;
use flate2::write::GzDecoder;
use sha2::{Digest, Sha256};
use std::io::Write;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// Every IDX file starts with two zero bytes.
const IDX_MAGIC: [u8; 2] = [0, 0];

/// What the bytes turned out to be.
enum Stream {
    /// Too few bytes yet to tell.
    Undecided(Vec<u8>),
    Gzip(Box<GzDecoder<Vec<u8>>>),
    /// Already decompressed on the way.
    Plain(Vec<u8>),
}

/// Decompresses one asset chunk by chunk.
pub struct AssetDecoder {
    file: MnistFile,
    stream: Stream,
}

impl AssetDecoder {
    pub fn new(file: MnistFile) -> Self {
        Self {
            file,
            stream: Stream::Undecided(Vec::new()),
        }
    }

    /// Feeds the next downloaded bytes.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), EngineError> {
        match &mut self.stream {
            Stream::Undecided(head) => {
                head.extend_from_slice(bytes);
                if head.len() >= 2 {
                    let head = std::mem::take(head);
                    self.stream = self.decide(&head)?;
                    return self.push(&head);
                }
            }
            Stream::Gzip(decoder) => {
                if let Err(e) = decoder.write_all(bytes) {
                    return Err(self.error(format!("it is not valid gzip ({e})")));
                }
            }
            Stream::Plain(plain) => plain.extend_from_slice(bytes),
        }
        if self.decoded_bytes() > self.file.bytes {
            return Err(self.error(format!("it is longer than {} bytes", self.file.bytes)));
        }
        Ok(())
    }

    fn decide(&self, head: &[u8]) -> Result<Stream, EngineError> {
        let capacity = usize::try_from(self.file.bytes).unwrap_or(0);
        match [head[0], head[1]] {
            GZIP_MAGIC => Ok(Stream::Gzip(Box::new(GzDecoder::new(Vec::with_capacity(
                capacity,
            ))))),
            IDX_MAGIC => Ok(Stream::Plain(Vec::with_capacity(capacity))),
            _ => Err(self.error(format!(
                "it is not valid gzip, nor the IDX file itself (it starts with {:?})",
                String::from_utf8_lossy(&head[..head.len().min(16)])
            ))),
        }
    }

    /// How many uncompressed bytes have come out so far.
    pub fn decoded_bytes(&self) -> u64 {
        match &self.stream {
            Stream::Undecided(_) => 0,
            Stream::Gzip(decoder) => decoder.get_ref().len() as u64,
            Stream::Plain(plain) => plain.len() as u64,
        }
    }

    /// The whole file, once its length and checksum are right.
    pub fn finish(self) -> Result<Vec<u8>, EngineError> {
        let file = self.file;
        let error = |why: String| EngineError::Data(format!("{}: {why}", file.asset_name()));
        let bytes = match self.stream {
            Stream::Undecided(head) => head,
            Stream::Gzip(decoder) => decoder
                .finish()
                .map_err(|e| error(format!("the gzip stream is cut short ({e})")))?,
            Stream::Plain(plain) => plain,
        };
        if bytes.len() as u64 != file.bytes {
            let what = match (bytes.len() as u64) < file.bytes {
                true => "truncated",
                false => "longer than expected",
            };
            return Err(error(format!(
                "{what}: {} bytes instead of {}",
                bytes.len(),
                file.bytes
            )));
        }
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        if hex != file.sha256 {
            return Err(error(format!(
                "corrupted: its SHA-256 is {hex}, expected {}",
                file.sha256
            )));
        }
        Ok(bytes)
    }

    fn error(&self, why: String) -> EngineError {
        EngineError::Data(format!("{}: {why}", self.file.asset_name()))
    }
}

/// Decodes and checks a whole asset at once.
pub fn decode_asset(file: MnistFile, compressed: &[u8]) -> Result<Vec<u8>, EngineError> {
    let mut decoder = AssetDecoder::new(file);
    decoder.push(compressed)?;
    decoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// A made-up file whose checksum is that of "abc" (FIPS 180-2's test vector).
    const ABC: MnistFile = MnistFile {
        name: "abc",
        bytes: 3,
        sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    };

    #[test]
    fn decodes_in_chunks() {
        let compressed = gzip(b"abc");
        let mut decoder = AssetDecoder::new(ABC);
        for chunk in compressed.chunks(2) {
            decoder.push(chunk).unwrap();
        }
        assert_eq!(decoder.decoded_bytes(), 3);
        assert_eq!(decoder.finish().unwrap(), b"abc");
    }

    #[test]
    fn names_the_file_when_corrupted_truncated_or_not_gzip() {
        let message = |result: Result<Vec<u8>, EngineError>| result.unwrap_err().to_string();
        let corrupted = message(decode_asset(ABC, &gzip(b"abd")));
        assert!(
            corrupted.contains("abc.gz") && corrupted.contains("corrupted"),
            "{corrupted}"
        );
        assert!(message(decode_asset(ABC, &gzip(b"ab"))).contains("truncated"));
        assert!(message(decode_asset(ABC, &gzip(b"abcd"))).contains("longer"));
        let compressed = gzip(b"abc");
        let cut = message(decode_asset(ABC, &compressed[..compressed.len() - 6]));
        assert!(cut.contains("abc.gz"), "{cut}");
        assert!(message(decode_asset(ABC, b"<!doctype html>")).contains("gzip"));
    }

    /// Served with `Content-Encoding: gzip`, the browser hands over the file already decompressed:
    /// it is read as it is, and checked all the same.
    #[test]
    fn reads_a_file_that_arrives_decompressed() {
        let idx = [0u8, 0, 8, 1, 0, 0, 0, 2, 7, 9];
        let sha256: String = Sha256::digest(idx)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let file = MnistFile {
            name: "tiny-idx1-ubyte",
            bytes: idx.len() as u64,
            sha256: Box::leak(sha256.into_boxed_str()),
        };
        let mut decoder = AssetDecoder::new(file);
        for chunk in idx.chunks(1) {
            decoder.push(chunk).unwrap();
        }
        assert_eq!(decoder.decoded_bytes(), idx.len() as u64);
        assert_eq!(decoder.finish().unwrap(), idx);
        assert_eq!(decode_asset(file, &gzip(&idx)).unwrap(), idx);
        let mut damaged = idx;
        damaged[9] = 8;
        assert!(
            message_of(decode_asset(file, &damaged)).contains("corrupted"),
            "a decompressed file is checked too"
        );
        assert!(message_of(decode_asset(file, &idx[..6])).contains("truncated"));
    }

    fn message_of(result: Result<Vec<u8>, EngineError>) -> String {
        result.unwrap_err().to_string()
    }
}
