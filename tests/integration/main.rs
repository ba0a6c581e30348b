//! Integration tests: the real CLI.
