// Enum mistakes: each is reported with its line and column, not only the first.
ory_hydra_v1_macros::generate!(inline r#"
/// Kinds of things.
enum Kind
  /// Plain.
  value "plain"
  /// Plain again.
  value "plain"
  /// Starts with a digit, so it needs `as`.
  value "2fa"
  value "undocumented"
  /// Reserved name.
  value "other"
  /// Not quoted.
  value fancy

/// A thing.
model Kind
  /// Its kind.
  field kind?: Kind
"#);

fn main() {}
