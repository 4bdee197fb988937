//! The live connection's decoders: any bytes from a socket either decode or
//! are refused, never panic; whatever decodes survives a round trip.
#![no_main]

use chats::model::live::{LiveCommand, LiveEvent};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(command) = serde_json::from_slice::<LiveCommand>(data) {
        let again: LiveCommand = serde_json::from_str(&serde_json::to_string(&command).unwrap()).unwrap();
        assert_eq!(command, again);
    }
    if let Ok(event) = serde_json::from_slice::<LiveEvent>(data) {
        let again: LiveEvent = serde_json::from_str(&serde_json::to_string(&event).unwrap()).unwrap();
        // Floats may not round-trip bit for bit; compare the encodings.
        assert_eq!(serde_json::to_string(&event).unwrap(), serde_json::to_string(&again).unwrap());
    }
});
