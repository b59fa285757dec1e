//! The path of a decode error (`client.redirect_uris[1]`), worked out from the position serde_json
//! reports. A path-tracking deserializer would give the same, but it would compile every model's decoder
//! a second time for the error path alone; this scan is compiled once and only runs after a failure.

/// One container open at the error position.
enum Frame {
    Object { key: Option<String>, awaiting_key: bool },
    Array { index: usize },
}

/// The path for an error a visitor raised after its whole value was read (a [`RawObject`] that is not an
/// object). serde_json places such an error where the enclosing object's decoder stopped: after the
/// member when more follow (where [`path_at`] already names it), or after the enclosing object's closing
/// `}` when it was the last member. Then the path is the one just before that `}`.
///
/// [`RawObject`]: crate::RawObject
pub(crate) fn path_of_late_error(text: &str, line: usize, column: usize) -> String {
    let Some(end) = offset(text, line, column) else {
        return ".".into();
    };
    let bytes = text.as_bytes();
    let mut last = end;
    while last > 0 && matches!(bytes[last - 1], b' ' | b'\t' | b'\n' | b'\r') {
        last -= 1;
    }
    if last > 0 && bytes[last - 1] == b'}' {
        path_before(text, last - 1)
    } else {
        path_before(text, end)
    }
}

/// The byte offset of serde_json's `line`/`column`, or `None` for an error without a position.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let line_start = if line == 1 {
        0
    } else {
        match text.match_indices('\n').nth(line - 2) {
            Some((i, _)) => i + 1,
            None => text.len(),
        }
    };
    let mut end = line_start.saturating_add(column).min(text.len());
    // A column can fall inside a multi-byte character only for a malformed position; stay on a boundary.
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Some(end)
}

/// The path to the value at `line`/`column` (serde_json's 1-based line, 0-based byte column) in `text`:
/// object keys joined by `.`, array indices in brackets, `.` for the top level.
pub(crate) fn path_at(text: &str, line: usize, column: usize) -> String {
    match offset(text, line, column) {
        Some(end) => path_before(text, end),
        None => ".".into(),
    }
}

/// The path to the value being read when the scan reaches byte `end` of `text`.
fn path_before(text: &str, end: usize) -> String {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= end {
                    // The position is inside this string.
                    break;
                }
                if let Some(Frame::Object { key, awaiting_key }) = stack.last_mut() {
                    if *awaiting_key {
                        // Keys are shown as sent; an escaped one keeps its backslashes.
                        *key = text.get(start..j).map(str::to_owned);
                        *awaiting_key = false;
                    }
                }
                i = j + 1;
                continue;
            }
            b'{' => stack.push(Frame::Object { key: None, awaiting_key: true }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, awaiting_key }) => {
                    *key = None;
                    *awaiting_key = true;
                }
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::{path_at, path_of_late_error};

    /// The path serde_json's own error position leads to when decoding `text` as `T`.
    fn path_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        let err = serde_json::from_str::<T>(text).unwrap_err();
        path_at(text, err.line(), err.column())
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Client {
        client_id: String,
        redirect_uris: Option<Vec<String>>,
        created_at: Option<u32>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Login {
        challenge: String,
        client: Client,
    }

    #[test]
    fn a_wrong_member_type_is_named_by_its_key() {
        assert_eq!(path_of::<Client>(r#"{"client_id":"x","redirect_uris":5}"#), "redirect_uris");
        assert_eq!(path_of::<Client>(r#"{"client_id": "x", "redirect_uris": "no"}"#), "redirect_uris");
    }

    #[test]
    fn nested_members_and_array_items_make_up_the_path() {
        let text = r#"{"challenge":"c","client":{"client_id":"x","redirect_uris":["ok",7]}}"#;
        assert_eq!(path_of::<Login>(text), "client.redirect_uris[1]");
        let text = "[{\"client_id\":\"a\"},\n {\"client_id\":\"b\",\n  \"created_at\":\"yesterday\"}]";
        assert_eq!(path_of::<Vec<Client>>(text), "[1].created_at");
        assert_eq!(path_of::<Vec<Client>>(r#"["x","y"]"#), "[0]");
    }

    #[test]
    fn the_top_level_is_a_dot() {
        assert_eq!(path_of::<Client>("[]"), ".");
        assert_eq!(path_of::<Client>(""), ".");
        assert_eq!(path_at("{}", 0, 0), ".");
    }

    #[test]
    fn keys_with_escapes_and_brackets_in_strings_do_not_confuse_the_scan() {
        let text = r#"{"client_id":"a\"[{,","redirect_uris":[1]}"#;
        assert_eq!(path_of::<Client>(text), "redirect_uris[0]");
    }

    #[test]
    fn a_truncated_document_points_at_the_open_container() {
        assert_eq!(path_of::<Vec<Client>>(r#"[{"client_id":"a"},{"client_id":"#), "[1].client_id");
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        assert_eq!(path_at("[1,2", 1, 99), "[1]");
        assert_eq!(path_at("[1,2", 7, 0), "[1]");
    }

    #[test]
    fn a_late_error_after_the_closing_brace_names_the_last_member() {
        // Offsets as serde_json reports them: just past the enclosing `}` (last member), or just past the
        // member's own value (more members follow).
        let text = r#"{"a":1,"metadata":[1,2]}"#;
        assert_eq!(path_of_late_error(text, 1, text.len()), "metadata");
        let text = r#"{"metadata":[1,2],"a":1}"#;
        assert_eq!(path_of_late_error(text, 1, 17), "metadata");
        let text = "{\"c\":{\"x\":1,\n \"metadata\":\"s\" }\n}";
        assert_eq!(path_of_late_error(text, 2, 16), "c.metadata");
        assert_eq!(path_of_late_error(text, 0, 0), ".");
        // A position inside a multi-byte character (never sent by serde_json) does not panic.
        assert_eq!(path_of_late_error("{\"é\":[1]}", 1, 3), ".");
    }
}
