//! Run mode: the binding of the run state machine (`plan::run`) to the page. Every action is
//! written to storage at once; a reload returns to the run in progress; another tab's newer
//! state is shown, never written over.

use super::browser::{self, focus_later};
use super::drafts::Drafts;
use super::editor::Editor;
use super::notice::Notices;
use crate::plan::run::{
    capitalised, duration_text, epoch_seconds, record, record_file_name, revision_row, schedule,
    Action, Outcome, Phase, Run, StepRun, StepState,
};
use crate::plan::{duration, Plan};
use crate::storage::runs::{decode_run, run_key, RunWrite, ACTIVE_RUN_KEY};
use crate::storage::{read_pref, write_pref, Store};
use leptos::prelude::*;
use std::collections::HashMap;

/// How a run stands, for the drafts list.
fn standing(run: &Run) -> String {
    match &run.finished {
        Some((outcome, _)) => format!("last run: {}", outcome.label().to_lowercase()),
        None => "run in progress".into(),
    }
}

/// The time now, in UTC, to the second: `2026-11-27T10:00:00Z`.
fn now_utc() -> String {
    let iso = browser::now_iso();
    format!("{}Z", iso.get(..19).unwrap_or(&iso))
}

/// The run in progress (if any) and whether its view is open.
#[derive(Clone, Copy)]
pub struct Runner {
    pub run: RwSignal<Option<Run>>,
    pub open: RwSignal<bool>,
    /// For each draft with runs, how its last run stands ("Rolled back", "run in progress").
    pub last: RwSignal<HashMap<String, String>>,
    notices: Notices,
    editor: Editor,
    drafts: Drafts,
}

impl Runner {
    /// Returns to the run this browser was in the middle of, and follows other tabs' changes.
    pub fn start(editor: Editor, drafts: Drafts, notices: Notices) -> Runner {
        let runner = Runner {
            run: RwSignal::new(None),
            open: RwSignal::new(false),
            last: RwSignal::new(
                Store::open()
                    .map(|s| s.last_runs().into_iter().map(|(d, r)| (d, standing(&r))).collect())
                    .unwrap_or_default(),
            ),
            notices,
            editor,
            drafts,
        };
        if let Some(id) = read_pref(ACTIVE_RUN_KEY) {
            match Store::open().and_then(|s| s.read_run(&id)) {
                Ok(Some(run)) => {
                    let unfinished = run.finished.is_none();
                    runner.run.set(Some(run));
                    runner.open.set(unfinished);
                }
                Ok(None) => write_pref(ACTIVE_RUN_KEY, None),
                Err(why) => notices.say(format!("The run in progress cannot be opened: {why}.")),
            }
        }
        let _ = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
            let Some(ours) = runner.run.get_untracked() else { return };
            if ev.key().as_deref() != Some(run_key(&ours.id).as_str()) {
                return;
            }
            if let Some(Ok(theirs)) = ev.new_value().map(|raw| decode_run(&raw)) {
                if theirs.rev > ours.rev {
                    runner.show(theirs);
                    notices.say("This run was updated in another tab.");
                }
            }
        });
        runner
    }

    /// Starts a run of `plan` (a snapshot) for the draft being edited.
    pub fn begin(&self, plan: &Plan) {
        let now = now_utc();
        let id = format!(
            "{}-{:06x}",
            now.replace([':', '-'], ""),
            (js_sys::Math::random() * 16_777_216.0) as u32
        );
        let run = Run::start(&id, &self.drafts.current.get_untracked(), plan, &now);
        if self.save(run, 0) {
            write_pref(ACTIVE_RUN_KEY, Some(&id));
            self.open.set(true);
            focus_later("run-heading".into());
        }
    }

    /// Writes `run` (changed from revision `based_on`) at once; shows it, or the other tab's
    /// newer state. Whether this tab's change was kept.
    fn save(&self, run: Run, based_on: u64) -> bool {
        let written = Store::open().and_then(|s| s.write_run(&run, based_on));
        match written {
            Ok(RunWrite::Write) => {
                self.show(run);
                true
            }
            Ok(RunWrite::Theirs(theirs)) => {
                self.show(*theirs);
                self.notices.say("This run was changed in another tab: it shows that tab's state now. Do your last action again if it is still needed.");
                false
            }
            Ok(RunWrite::Refuse(why)) | Err(why) => {
                self.show(run);
                self.notices.say(format!(
                    "Not saved: {why}. The run goes on in this tab: download the run record to keep it."
                ));
                true
            }
        }
    }

    /// Shows `run`, and how it stands in the drafts list.
    fn show(&self, run: Run) {
        self.last.update(|m| {
            m.insert(run.draft.clone(), standing(&run));
        });
        self.run.set(Some(run));
    }

    /// Does `action` now; then moves focus to `focus` if given.
    fn act(&self, action: Action, focus: Option<String>) {
        let Some(mut run) = self.run.get_untracked() else { return };
        let based_on = run.rev;
        match run.apply(action, &now_utc()) {
            Ok(()) => {
                if self.save(run, based_on) {
                    if let Some(id) = focus {
                        focus_later(id);
                    }
                }
            }
            Err(why) => self.notices.say(why),
        }
    }

    /// Finishes the run with `outcome`, and says what it recorded.
    fn finish(&self, outcome: Outcome) {
        let not_run = self.run.with_untracked(|r| r.as_ref().map_or(0, Run::not_run));
        self.act(Action::Finish(outcome), Some("run-record".into()));
        if self.run.with_untracked(|r| r.as_ref().is_some_and(|r| r.finished.is_some())) {
            let rest = match not_run {
                0 => String::new(),
                1 => " 1 deployment step never ran.".into(),
                n => format!(" {n} deployment steps never ran."),
            };
            self.notices.say(format!(
                "Run finished: {}.{rest} Download the run record to keep it.",
                outcome.label()
            ));
        }
    }

    /// Leaves the run view; a finished run is no longer the one in progress.
    pub fn close(&self) {
        if self.run.with_untracked(|r| r.as_ref().is_some_and(|r| r.finished.is_some())) {
            write_pref(ACTIVE_RUN_KEY, None);
            self.run.set(None);
        }
        self.open.set(false);
    }

    fn download_record(&self) {
        let Some(run) = self.run.get_untracked() else { return };
        let name = record_file_name(&run);
        match browser::download(&name, &record(&run), "text/markdown;charset=utf-8") {
            Ok(()) => self.notices.say(format!("Downloaded {name}.")),
            Err(why) => self.notices.say(why),
        }
    }

    fn add_to_history(&self) {
        let Some(run) = self.run.get_untracked() else { return };
        let Some(row) = revision_row(&run) else {
            self.notices.say("Finish the run first: the row records its outcome.");
            return;
        };
        if run.draft != self.drafts.current.get_untracked() {
            self.notices
                .say("This run's draft is not the one open in the editor: open that draft first.");
            return;
        }
        // Marked in the run first (saved, seen by other tabs): one row per run.
        let based_on = run.rev;
        let mut marked = run.clone();
        if let Err(why) = marked.apply(Action::AddedToHistory, &now_utc()) {
            self.notices.say(why);
            return;
        }
        if !self.save(marked, based_on) {
            return;
        }
        let sig = self.editor.new_revision();
        sig.date.set(row.date);
        sig.version.set(row.version);
        sig.author.set(row.author);
        sig.notes.set(row.notes.clone());
        self.editor.revisions.update(|rows| rows.push(sig));
        self.notices.say(format!("Added \"{}\" to the draft's Revision History.", row.notes));
    }
}

/// Ids of a step's controls.
fn step_id(phase: Phase, i: usize, what: &str) -> String {
    let phase = match phase {
        Phase::Deploy => "step",
        Phase::Rollback => "rollback",
    };
    format!("run-{phase}-{}-{what}", i + 1)
}

/// One deployment or rollback step: its text, state, times, buttons and note.
fn step_view(runner: Runner, phase: Phase, i: usize, text: String) -> impl IntoView {
    let noun = phase.noun();
    let n = i + 1;
    let step = move || -> StepRun {
        runner
            .run
            .with(|r| r.as_ref().and_then(|r| r.steps(phase).get(i)).cloned().unwrap_or_default())
    };
    let state = move || step().state;
    let closed = move || runner.run.with(|r| r.as_ref().is_none_or(|r| r.finished.is_some()));
    let blocked = move || {
        phase == Phase::Rollback
            && runner.run.with(|r| r.as_ref().is_none_or(|r| r.rollback_reason.is_none()))
    };
    let next_start = step_id(phase, i + 1, "start");
    let button = move |label: &'static str, what: &'static str, enabled: fn(StepState) -> bool| {
        let id = step_id(phase, i, what);
        let focus_after = next_start.clone();
        view! {
            <button type="button" id=id class=if what == "start" { "" } else { "secondary" }
                disabled=move || closed() || blocked() || !enabled(state())
                on:click=move |_| {
                    let action = match what {
                        "start" => Action::Start(phase, i),
                        "done" => Action::Done(phase, i),
                        "failed" => Action::Fail(phase, i),
                        _ => Action::Skip(phase, i),
                    };
                    // Start disables itself: on to this step's Done. After Done, Failed or
                    // Skip, on to the next step's Start.
                    let focus = match what {
                        "start" => Some(step_id(phase, i, "done")),
                        _ => Some(focus_after.clone()),
                    };
                    runner.act(action, focus);
                }>
                {format!("{label} {noun} {n}")}
            </button>
        }
    };
    let note_id = step_id(phase, i, "note");
    // Set only when the stored note itself changes: another tab's action elsewhere in the run
    // must not wipe what is being typed here.
    let note = Memo::new(move |_| step().note);
    let times = move || {
        let s = step();
        let mut parts = vec![s.state.label().to_string()];
        if let Some(at) = s.started {
            parts.push(format!("started {at}"));
        }
        if let Some(at) = s.ended {
            parts.push(format!("ended {at}"));
        }
        parts.join(" · ")
    };
    view! {
        <li class="run-step" data-state=move || state().label()>
            <p class="run-step-text"><span class="run-step-number">{format!("{} {n}. ", capitalised(noun))}</span>{text}</p>
            <p class="run-step-state">{times}</p>
            <div class="actions">
                {button("Start", "start", |s| s == StepState::Pending)}
                {button("Done", "done", |s| matches!(s, StepState::Pending | StepState::Running))}
                {button("Failed", "failed", |s| matches!(s, StepState::Pending | StepState::Running))}
                {button("Skip", "skip", |s| s == StepState::Pending)}
            </div>
            <div class="field">
                <label for=note_id.clone()>{format!("Note for {noun} {n}")}</label>
                <input id=note_id type="text" autocomplete="off" disabled=closed
                    prop:value=note
                    on:change=move |ev| runner.act(Action::Note(phase, i, event_target_value(&ev)), None)/>
            </div>
        </li>
    }
}

#[component]
pub fn RunView(runner: Runner) -> impl IntoView {
    // The plan as run: the lists below are built once per run, not at every action (which
    // would replace the buttons under the user's focus).
    let plan = Memo::new(move |_| {
        runner.run.with(|r| r.as_ref().map(|r| r.plan.clone())).unwrap_or_default()
    });
    let run_with = move |f: &dyn Fn(&Run) -> String| {
        runner.run.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    let finished = move || runner.run.with(|r| r.as_ref().and_then(|r| r.finished.clone()));
    let closed = move || finished().is_some();
    // The clock: elapsed since the start, ticking while the run is open.
    let now = RwSignal::new(now_utc());
    if let Ok(handle) =
        set_interval_with_handle(move || now.set(now_utc()), std::time::Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }
    let elapsed = move || {
        let (start, end) = runner.run.with(|r| {
            r.as_ref()
                .map(|r| (r.started.clone(), r.finished.as_ref().map(|(_, at)| at.clone())))
                .unwrap_or_default()
        });
        let end = end.unwrap_or_else(|| now.get());
        match (epoch_seconds(&start), epoch_seconds(&end)) {
            (Some(a), Some(b)) => duration_text(b - a),
            _ => String::new(),
        }
    };
    let reason = RwSignal::new(String::new());
    // The outcome the run's facts suggest, until the person chooses one.
    let chosen = RwSignal::new(None::<String>);
    let outcome = move || {
        chosen.get().unwrap_or_else(|| {
            runner
                .run
                .with(|r| r.as_ref().map_or(Outcome::Succeeded, Run::suggested_outcome))
                .label()
                .to_string()
        })
    };
    let preconditions = move || {
        plan.get().preconditions.into_iter().enumerate().map(|(i, item)| {
            let id = format!("run-precondition-{}", i + 1);
            let checked = move || runner.run.with(|r| r.as_ref().and_then(|r| r.preconditions.get(i).copied()).unwrap_or(false));
            view! {
                <li class="field check">
                    <input type="checkbox" id=id.clone() prop:checked=checked disabled=closed
                        on:change=move |ev| runner.act(Action::Precondition(i, event_target_checked(&ev)), None)/>
                    <label for=id>{format!("Precondition {}: {}", i + 1, item.text)}</label>
                </li>
            }
        }).collect_view()
    };
    let steps = move |phase: Phase| {
        plan.with(|p| p.list(phase.list()).clone())
            .into_iter()
            .enumerate()
            .map(|(i, item)| step_view(runner, phase, i, item.text))
            .collect_view()
    };
    let checks = move || {
        plan.get().validation.into_iter().enumerate().map(|(i, item)| {
            let result = move || runner.run.with(|r| r.as_ref().and_then(|r| r.checks.get(i).copied().flatten()));
            view! {
                <li class="run-check">
                    <p>{format!("Check {}. {}", i + 1, item.text)}
                        <span class="run-step-state">{move || match result() { Some(true) => " · passed", Some(false) => " · failed", None => "" }}</span>
                    </p>
                    <div class="actions">
                        <button type="button" class="secondary" disabled=closed on:click=move |_| runner.act(Action::Check(i, true), None)>{format!("Check {} passed", i + 1)}</button>
                        <button type="button" class="secondary" disabled=closed on:click=move |_| runner.act(Action::Check(i, false), None)>{format!("Check {} failed", i + 1)}</button>
                    </div>
                </li>
            }
        }).collect_view()
    };
    let rolling_back =
        move || runner.run.with(|r| r.as_ref().is_some_and(|r| r.rollback_reason.is_some()));
    let by = Memo::new(move |_| run_with(&|r| r.by.clone()));
    view! {
        <section class="run" aria-label="Run">
            <h2 id="run-heading" tabindex="-1">{move || format!("Run: {}", plan.get().title)}</h2>
            <p class="run-clock" role="timer" aria-live="off">
                {move || format!("Started {} · elapsed {}", run_with(&|r| r.started.clone()), elapsed())}
                {move || {
                    let now = now.get();
                    runner.run.with(|r| r.as_ref().and_then(|r| schedule(r, &now))).map(|s| {
                        let against = match s.late {
                            -59..=59 => "on time".to_string(),
                            l if l > 0 => format!("{} behind", duration::text(l.unsigned_abs())),
                            l => format!("{} ahead", duration::text(l.unsigned_abs())),
                        };
                        let of = if s.estimated < s.steps { format!(" ({} of {} steps)", s.estimated, s.steps) } else { String::new() };
                        format!(" · estimate {}{of} · {against}", duration::text(s.estimate))
                    })
                }}
                {move || finished().map(|(o, at)| format!(" · finished {at}: {}", o.label()))}
            </p>
            <p class="help">"Each action is saved at once. Times are UTC. The estimate adds up the steps' durations (Details for step N in the plan)."</p>
            <div class="field">
                <label for="run-by">"Run by"</label>
                <input id="run-by" type="text" autocomplete="name" disabled=closed prop:value=by
                    on:change=move |ev| runner.act(Action::RunBy(event_target_value(&ev)), None)/>
            </div>
            <h3>"Preconditions"</h3>
            <ul class="run-list">{preconditions}</ul>
            <h3>"Deployment steps"</h3>
            <ol class="run-list">{move || steps(Phase::Deploy)}</ol>
            <h3>"Validation"</h3>
            <ol class="run-list">{checks}</ol>
            <h3>"Rollback"</h3>
            <Show when=move || !rolling_back()>
                <div class="field with-action">
                    <label for="run-rollback-reason">"Rollback reason"</label>
                    <input id="run-rollback-reason" type="text" autocomplete="off" disabled=closed
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                    <button type="button" class="secondary danger" disabled=closed
                        on:click=move |_| runner.act(Action::StartRollback(reason.get_untracked()), Some(step_id(Phase::Rollback, 0, "start")))>"Start rollback"</button>
                </div>
            </Show>
            <Show when=rolling_back>
                <p>{move || format!("Rolling back: {}", run_with(&|r| r.rollback_reason.clone().unwrap_or_default()))}</p>
            </Show>
            <ol class="run-list">{move || steps(Phase::Rollback)}</ol>
            <h3>"Finish"</h3>
            <div class="field with-action">
                <label for="run-outcome">"Outcome"</label>
                <select id="run-outcome" disabled=closed prop:value=outcome on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>
                    {Outcome::ALL.map(|o| view! { <option value=o.label()>{o.label()}</option> }).into_iter().collect_view()}
                </select>
                <button type="button" disabled=closed on:click=move |_| {
                    if let Some(o) = Outcome::from_label(&untrack(outcome)) {
                        runner.finish(o);
                    }
                }>"Finish run"</button>
            </div>
            <div class="actions">
                <button type="button" id="run-record" on:click=move |_| runner.download_record()>"Download run record"</button>
                <button type="button" class="secondary"
                    disabled=move || !closed() || runner.run.with(|r| r.as_ref().is_some_and(|r| r.in_history))
                    on:click=move |_| runner.add_to_history()>"Add to revision history"</button>
                <button type="button" class="secondary" on:click=move |_| runner.close()>"Back to the editor"</button>
            </div>
        </section>
    }
}
