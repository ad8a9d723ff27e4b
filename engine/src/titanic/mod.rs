//! The Titanic lab's three models, trained by gradient descent to say who survived. The
//! passengers, their cleaning and the models' names are `descent_core::titanic`'s, re-exported.

mod models;

pub use descent_core::titanic::*;
pub use models::{Prepared, TitanicModel};
