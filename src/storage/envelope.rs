//! The versioned envelope a draft is stored in. Pure: parsing and migration are tested
//! natively; `super::local` does the browser I/O.

use crate::plan::Plan;
use serde::{Deserialize, Serialize};

/// The schema this build writes.
pub const SCHEMA: u32 = 1;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub schema: u32,
    /// ISO 8601 time of the save, from the browser's clock.
    pub saved_at: String,
    pub plan: Plan,
}

/// What a stored value turned out to be.
#[derive(Debug, PartialEq)]
pub enum Decoded {
    Draft(Box<Envelope>),
    /// Written by a newer version of the app: left untouched, never overwritten.
    Future(u32),
    /// Not a draft this app can read (corrupt JSON, wrong shape): kept aside, never treated as empty.
    Corrupt(String),
}

impl Envelope {
    pub fn new(plan: Plan, saved_at: String) -> Self {
        Envelope { schema: SCHEMA, saved_at, plan }
    }
}

pub fn decode(raw: &str) -> Decoded {
    #[derive(Deserialize)]
    struct Head {
        schema: u32,
    }
    match serde_json::from_str::<Head>(raw) {
        Ok(Head { schema }) if schema > SCHEMA => Decoded::Future(schema),
        Ok(_) => match serde_json::from_str::<Envelope>(raw) {
            Ok(env) => Decoded::Draft(Box::new(env)),
            Err(e) => Decoded::Corrupt(e.to_string()),
        },
        Err(e) => Decoded::Corrupt(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::example_plan;

    #[test]
    fn round_trips() {
        let raw = serde_json::to_string(&Envelope::new(example_plan(), "2026-11-27T10:42:31.000Z".into())).unwrap();
        match decode(&raw) {
            Decoded::Draft(env) => {
                assert_eq!(env.plan, example_plan());
                assert_eq!(env.schema, SCHEMA);
                assert_eq!(env.saved_at, "2026-11-27T10:42:31.000Z");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn corrupt_values_are_reported_not_emptied() {
        for raw in ["", "{", "null", "[]", "{\"schema\":1}", "{\"schema\":\"x\",\"plan\":{}}", "{\"schema\":1,\"saved_at\":\"\",\"plan\":{\"title\":5}}"] {
            assert!(matches!(decode(raw), Decoded::Corrupt(_)), "{raw}");
        }
    }

    #[test]
    fn future_versions_are_left_alone() {
        assert_eq!(decode("{\"schema\":7,\"whatever\":true}"), Decoded::Future(7));
    }

    #[test]
    fn partial_plans_from_the_same_schema_load_with_defaults() {
        let Decoded::Draft(env) = decode("{\"schema\":1,\"saved_at\":\"t\",\"plan\":{\"title\":\"T\"}}") else {
            panic!()
        };
        assert_eq!(env.plan.title, "T");
    }
}
