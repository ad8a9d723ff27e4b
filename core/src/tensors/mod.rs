//! The Tensors lab's lessons as plain functions (fastbook chapter 4's "rank and shape",
//! indexing, broadcasting, a layer as a matrix multiply): what an index picks, whether two shapes
//! broadcast and why not, one output of a layer worked out, and the L1 distances computed pixel
//! by pixel, the loop the tensor operation replaces. The engine does the same on burn's tensors.

mod broadcast;
mod distances;
mod index;
mod layer;

pub use broadcast::{Axis, aligned, broadcast, parse_shape, shown};
pub use distances::{l1_distances, mean_image};
pub use index::{Pick, Selection};
pub use layer::{LayerCell, first_layer};

/// Longest text a shape or index box takes: far more than any shape or index needs, and short
/// enough to say back.
pub const LONGEST_TEXT: usize = 100;

/// The refusal of a text longer than [`LONGEST_TEXT`], before it is read.
fn too_long(what: &str, text: &str) -> String {
    format!(
        "That {what} is {} characters long; one here is at most {LONGEST_TEXT}, so it was not read.",
        text.chars().count()
    )
}
