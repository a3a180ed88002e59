//! Native timings of the plan core on a big plan: render, import and validation of a
//! 10,000-step plan (plus 200 revision rows), median of repeated runs in release mode.
//! Prints one JSON object; bench/run.sh collects it.   cargo bench --bench native
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark prints its figures"
)]
use deployment_plan_editor::plan::import::import;
use deployment_plan_editor::plan::validate::{validate, Date};
use deployment_plan_editor::plan::*;
use std::hint::black_box;
use std::time::Instant;

fn big_plan(steps: usize, revisions: usize) -> Plan {
    let mut plan = example_plan();
    plan.title = "Search platform 9.0.0".into();
    *plan.list_mut(ListId::Steps) = model::items(
        1,
        &(1..=steps)
            .map(|i| format!("Deploy shard search-{i} and check that `/health` returns 200"))
            .collect::<Vec<_>>(),
    );
    plan.revisions = (0..revisions)
        .map(|i| Revision {
            id: 1_000_000 + i as u64,
            date: format!("20{:02}-{:02}-{:02}", 10 + i / 120, 1 + (i / 10) % 12, 1 + i % 28),
            version: format!("{}.{}.0", i / 10, i % 10),
            author: "Release Manager".into(),
            notes: format!("Revision {i} | reviewed"),
        })
        .collect();
    plan
}

/// Median milliseconds of `runs` calls.
fn median_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    let plan = big_plan(10_000, 200);
    let md = render(&plan);
    assert_eq!(import(&md).plan.list(ListId::Steps).len(), 10_000);
    let today = Date::parse("2026-11-27");
    let runs = 21;
    let render_ms = median_ms(runs, || render(&plan));
    let import_ms = median_ms(runs, || import(&md));
    let validate_ms = median_ms(runs, || validate(&plan, today));
    // The floor under import: pulldown-cmark alone walking the same document's events.
    let parse_ms = median_ms(runs, || {
        pulldown_cmark::Parser::new_ext(&md, html::options()).into_offset_iter().count()
    });
    println!(
        "{{\"steps\": 10000, \"revisions\": 200, \"markdown_bytes\": {}, \"runs\": {runs}, \"render_ms\": {render_ms:.3}, \"import_ms\": {import_ms:.3}, \"render_plus_import_ms\": {:.3}, \"validate_ms\": {validate_ms:.3}, \"pulldown_cmark_parse_ms\": {parse_ms:.3}}}",
        md.len(),
        render_ms + import_ms
    );
}
