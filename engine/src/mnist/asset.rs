//! The page's MNIST assets: each original IDX file gzip'd. Decoded as the bytes arrive, so a
//! download can show progress, and checked against the file's published size and SHA-256.

use super::files::MnistFile;
use crate::error::EngineError;
use flate2::write::GzDecoder;
use sha2::{Digest, Sha256};
use std::io::Write;

/// Decompresses one asset chunk by chunk.
pub struct AssetDecoder {
    file: MnistFile,
    decoder: GzDecoder<Vec<u8>>,
}

impl AssetDecoder {
    pub fn new(file: MnistFile) -> Self {
        let capacity = usize::try_from(file.bytes).unwrap_or(0);
        Self {
            file,
            decoder: GzDecoder::new(Vec::with_capacity(capacity)),
        }
    }

    /// Feeds the next downloaded bytes.
    pub fn push(&mut self, compressed: &[u8]) -> Result<(), EngineError> {
        self.decoder
            .write_all(compressed)
            .map_err(|e| self.error(format!("it is not valid gzip ({e})")))?;
        if self.decoded_bytes() > self.file.bytes {
            return Err(self.error(format!("it is longer than {} bytes", self.file.bytes)));
        }
        Ok(())
    }

    /// How many uncompressed bytes have come out so far.
    pub fn decoded_bytes(&self) -> u64 {
        self.decoder.get_ref().len() as u64
    }

    /// The whole file, once its length and checksum are right.
    pub fn finish(self) -> Result<Vec<u8>, EngineError> {
        let file = self.file;
        let error = |why: String| EngineError::Data(format!("{}: {why}", file.asset_name()));
        let bytes = self
            .decoder
            .finish()
            .map_err(|e| error(format!("the gzip stream is cut short ({e})")))?;
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
}
