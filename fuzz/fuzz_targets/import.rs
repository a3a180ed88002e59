//! Fuzzes the Markdown importer with arbitrary bytes, decoded at the file-reading
//! boundary exactly as the app does (`String::from_utf8_lossy`). The importer must never
//! panic, what it found must survive being written and read again, and nothing is lost:
//! every content word (`w` and digits, see tests/common/words.rs) of the input is in the
//! Markdown written from the import as often as in the input. (The template's own licence
//! comment is left out on purpose, and reported: inputs holding one are not counted.)
#![no_main]

use deployment_plan_editor::plan::{import::import, render, Plan};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/words.rs"]
mod words;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let plan = import(&text).plan;
    let written = render(&plan);
    if !text.contains("FILE INFORMATION") {
        assert_eq!(words::words(&written), words::words(&text), "content lost");
    }
    let again = import(&written).plan;
    assert_eq!(
        Plan { extra: String::new(), ..again },
        Plan { extra: String::new(), ..plan.normalized() }
    );
});
