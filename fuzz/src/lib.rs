//! Shared pieces of the fuzz targets (`src/bin/*`): each target feeds AFL's
//! input to one parser of outside input and asserts the invariants of
//! issue 15 — no panic, no abort (AFL reports both as crashes), bounded
//! memory (AFL's `-m` limit, set by `scripts/fuzz.sh`), and, where the
//! parser writes, that a refused input writes nothing.

/// The bytes as a file name the parsers quote in their messages.
pub const FILE: &str = "fuzz-input";

/// A message must stay short whatever the input (values are quoted cut
/// short): a few kilobytes per problem at most.
pub fn assert_short(message: &str, problems: usize) {
    assert!(
        message.len() <= 4096 * problems.max(1) + 4096,
        "message of {} bytes for {problems} problems",
        message.len()
    );
}
