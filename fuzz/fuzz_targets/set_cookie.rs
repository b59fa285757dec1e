//! The cookie jar's `Set-Cookie` reader (`Cookies::store`) on any text: the values of the headers a
//! Public API answer sets during a login, consent or logout flow. Each line is one header. It must never
//! panic, and the jar must stay consistent: each name held once, `header()` listing exactly what `get`
//! returns, and a cookie the server expires (`Max-Age=0`) gone afterwards.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ory_hydra_v1_client::Cookies;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut jar = Cookies::new();
    for line in text.split('\n') {
        jar.store(line);
    }
    let Some(header) = jar.header() else {
        assert!(jar.is_empty(), "no Cookie header but {} cookies", jar.len());
        return;
    };
    // Stored names hold no `=` or `;` and values no `;`, so the header splits back into its pairs.
    let pairs: Vec<(&str, &str)> = header
        .split("; ")
        .map(|pair| pair.split_once('=').unwrap_or_else(|| panic!("pair without `=` in {header:?}")))
        .collect();
    assert_eq!(pairs.len(), jar.len(), "{header:?}");
    for (i, (name, value)) in pairs.iter().enumerate() {
        assert!(!name.is_empty() && !value.is_empty(), "{header:?}");
        assert!(pairs[..i].iter().all(|(n, _)| n != name), "{name:?} twice in {header:?}");
        assert_eq!(jar.get(name), Some(*value), "{header:?}");
    }
    let names: Vec<String> = pairs.iter().map(|(n, _)| n.to_string()).collect();
    for name in &names {
        // `Secure; Path=/` meets what a `__Secure-` or `__Host-` name asks for, so the expiry counts.
        jar.store(&format!("{name}=gone; Max-Age=0; Secure; Path=/"));
        assert_eq!(jar.get(name), None, "{name:?} not expired");
    }
    assert!(jar.is_empty() && jar.header().is_none());
});
