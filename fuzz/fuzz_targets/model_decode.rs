//! Every model and enum of the tables, decoded from any body as a 200 answer: the first byte picks the
//! type (the list is generated from the tables by build.rs), the rest is the body. Decoding must not
//! panic, errors must format, and a decoded value must come back unchanged from its own encoding.

#![no_main]

use hydra_client_fuzz::{assert_round_trip, exercise_error, visit, Model, Visit};
use libfuzzer_sys::fuzz_target;

struct Decode<'a>(&'a [u8]);

impl Visit for Decode<'_> {
    type Output = ();
    fn visit<T: Model>(self, name: &'static str) {
        match ory_hydra_v1_client::__fuzz::decode_body::<T>(self.0) {
            Ok(value) => {
                let _ = format!("{value:?}");
                assert_round_trip(name, &value);
            }
            Err(e) => exercise_error(&e),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else { return };
    visit(usize::from(which), Decode(body));
});
