//! Fuzzes the Markdown importer with arbitrary bytes, decoded at the file-reading
//! boundary exactly as the app does (`String::from_utf8_lossy`). The importer must never
//! panic, and what it found must survive being written and read again.
#![no_main]

use deployment_plan_editor::plan::{import::import, render, Plan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let plan = import(&text).plan;
    let again = import(&render(&plan)).plan;
    assert_eq!(
        Plan { extra: String::new(), ..again },
        Plan { extra: String::new(), ..plan.normalized() }
    );
});
