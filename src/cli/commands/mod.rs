//! One module per subcommand, each shaped parse → engine → render → status.

pub mod check;
pub mod compare;
pub mod frame;
pub mod generate;
pub mod index;
pub mod padding;
pub mod scan;
