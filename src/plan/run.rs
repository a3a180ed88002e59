//! Running a plan on the day: a checklist of the plan's preconditions, steps, checks and, if
//! needed, its rollback, with the UTC time of everything that happened. A pure state machine:
//! [`Run::apply`] takes an action and the time it happened (the one clock is the caller's, so
//! tests choose the time) and either changes the run and records an event, or refuses with a
//! reason and changes nothing.

use super::markdown::one_line;
use super::model::{ListId, Plan};
use super::slug::file_name;
use serde::{Deserialize, Serialize};

/// What a step of the run is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    #[default]
    Pending,
    Running,
    Done,
    Failed,
    Skipped,
}

impl StepState {
    pub fn label(self) -> &'static str {
        match self {
            StepState::Pending => "pending",
            StepState::Running => "running",
            StepState::Done => "done",
            StepState::Failed => "failed",
            StepState::Skipped => "skipped",
        }
    }
}

/// A deployment or rollback step as run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepRun {
    pub state: StepState,
    pub started: Option<String>,
    pub ended: Option<String>,
    pub note: String,
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Succeeded,
    RolledBack,
    Failed,
    Abandoned,
}

impl Outcome {
    pub const ALL: [Outcome; 4] =
        [Outcome::Succeeded, Outcome::RolledBack, Outcome::Failed, Outcome::Abandoned];

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Succeeded => "Succeeded",
            Outcome::RolledBack => "Rolled back",
            Outcome::Failed => "Failed",
            Outcome::Abandoned => "Abandoned",
        }
    }

    pub fn from_label(label: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.label() == label)
    }
}

/// Deployment steps or rollback steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Deploy,
    Rollback,
}

impl Phase {
    /// The plan's list that holds this phase's steps.
    pub fn list(self) -> ListId {
        match self {
            Phase::Deploy => ListId::Steps,
            Phase::Rollback => ListId::Rollback,
        }
    }

    /// How a step of this phase is named ("step 2", "rollback step 1").
    pub fn noun(self) -> &'static str {
        match self {
            Phase::Deploy => "step",
            Phase::Rollback => "rollback step",
        }
    }
}

/// One line of the run's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: String,
    pub text: String,
    pub note: String,
}

/// Something the person running the plan does. Indexes count from 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Precondition(usize, bool),
    Start(Phase, usize),
    Done(Phase, usize),
    Fail(Phase, usize),
    Skip(Phase, usize),
    Note(Phase, usize, String),
    Check(usize, bool),
    StartRollback(String),
    RunBy(String),
    Finish(Outcome),
    /// The run's row was added to the draft's Revision History (after the finish, once).
    AddedToHistory,
}

/// A run of a plan: the plan as it was at the start, and everything done since.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Run {
    pub id: String,
    /// The draft it runs.
    pub draft: String,
    pub plan: Plan,
    pub started: String,
    pub by: String,
    pub preconditions: Vec<bool>,
    pub steps: Vec<StepRun>,
    /// Each validation check: passed, failed, or not yet.
    pub checks: Vec<Option<bool>>,
    /// Why the rollback started; `None` while it has not.
    pub rollback_reason: Option<String>,
    pub rollback: Vec<StepRun>,
    pub finished: Option<(Outcome, String)>,
    pub events: Vec<Event>,
    /// Bumped by every change, so that a tab can tell another tab's write from its own.
    pub rev: u64,
    /// Whether the run's row was added to the draft's Revision History (once is enough).
    pub in_history: bool,
}

impl Run {
    /// A run of `plan` (a snapshot: later edits do not change it) started at `now`.
    pub fn start(id: &str, draft: &str, plan: &Plan, now: &str) -> Run {
        let mut run = Run {
            id: id.into(),
            draft: draft.into(),
            plan: plan.clone(),
            started: now.into(),
            preconditions: vec![false; plan.preconditions.len()],
            steps: vec![StepRun::default(); plan.steps.len()],
            checks: vec![None; plan.validation.len()],
            rollback: vec![StepRun::default(); plan.rollback.len()],
            ..Run::default()
        };
        run.record(now, format!("Run started: {}", one_line(&plan.title)), "");
        run
    }

    fn record(&mut self, at: &str, text: String, note: &str) {
        self.events.push(Event { at: at.into(), text, note: note.into() });
        self.rev += 1;
    }

    /// The steps of `phase` as run.
    pub fn steps(&self, phase: Phase) -> &[StepRun] {
        match phase {
            Phase::Deploy => &self.steps,
            Phase::Rollback => &self.rollback,
        }
    }

    /// The text of step `i` of `phase` in the plan.
    pub fn step_text(&self, phase: Phase, i: usize) -> &str {
        self.plan.list(phase.list()).get(i).map_or("", |item| item.text.as_str())
    }

    /// Applies `action` done at `now`; on refusal nothing changes and the reason is returned.
    pub fn apply(&mut self, action: Action, now: &str) -> Result<(), String> {
        if action == Action::AddedToHistory {
            if self.finished.is_none() {
                return Err("Finish the run first: the row records its outcome.".into());
            }
            if self.in_history {
                return Err("This run is already in the Revision History.".into());
            }
            self.in_history = true;
            self.rev += 1;
            return Ok(());
        }
        if let Some((outcome, _)) = &self.finished {
            return Err(format!("The run is finished ({}).", outcome.label()));
        }
        match action {
            Action::Precondition(i, checked) => {
                let Some(slot) = self.preconditions.get_mut(i) else {
                    return Err(format!("There is no precondition {}.", i + 1));
                };
                if *slot == checked {
                    return Ok(());
                }
                *slot = checked;
                let what = if checked { "met" } else { "unchecked" };
                self.record(now, format!("Precondition {} {what}", i + 1), "");
            }
            Action::Start(phase, i)
            | Action::Done(phase, i)
            | Action::Fail(phase, i)
            | Action::Skip(phase, i) => {
                return self.step_action(&action, phase, i, now);
            }
            Action::Note(phase, i, note) => {
                let Some(step) = self.step_mut(phase, i) else {
                    return Err(format!("There is no {} {}.", phase.noun(), i + 1));
                };
                step.note = note;
                self.rev += 1;
            }
            Action::Check(i, passed) => {
                let Some(slot) = self.checks.get_mut(i) else {
                    return Err(format!("There is no validation check {}.", i + 1));
                };
                *slot = Some(passed);
                let what = if passed { "passed" } else { "failed" };
                self.record(now, format!("Check {} {what}", i + 1), "");
            }
            Action::StartRollback(reason) => {
                if self.rollback_reason.is_some() {
                    return Err("The rollback has already started.".into());
                }
                if reason.trim().is_empty() {
                    return Err("Say why you roll back: fill in Rollback reason.".into());
                }
                // Steps still running when the rollback starts did not finish.
                let running: Vec<usize> = (0..self.steps.len())
                    .filter(|&i| self.steps[i].state == StepState::Running)
                    .collect();
                for i in running {
                    self.step_action(&Action::Fail(Phase::Deploy, i), Phase::Deploy, i, now)?;
                }
                self.rollback_reason = Some(reason.clone());
                self.record(now, "Rollback started".into(), &reason);
            }
            Action::RunBy(by) => {
                self.by = by;
                self.rev += 1;
            }
            Action::AddedToHistory => {}
            Action::Finish(outcome) => {
                if self.steps.iter().chain(&self.rollback).any(|s| s.state == StepState::Running) {
                    return Err(
                        "A step is still running: mark it done, failed or skipped first.".into()
                    );
                }
                self.finished = Some((outcome, now.into()));
                self.record(now, format!("Run finished: {}", outcome.label()), "");
            }
        }
        Ok(())
    }

    fn step_mut(&mut self, phase: Phase, i: usize) -> Option<&mut StepRun> {
        match phase {
            Phase::Deploy => self.steps.get_mut(i),
            Phase::Rollback => self.rollback.get_mut(i),
        }
    }

    fn step_action(
        &mut self,
        action: &Action,
        phase: Phase,
        i: usize,
        now: &str,
    ) -> Result<(), String> {
        if phase == Phase::Rollback && self.rollback_reason.is_none() {
            return Err("Start the rollback first.".into());
        }
        let name = format!("{} {}", phase.noun(), i + 1);
        let text = one_line(self.step_text(phase, i)).to_string();
        let Some(step) = self.step_mut(phase, i) else {
            return Err(format!("There is no {name}."));
        };
        let (to, verb) = match (action, step.state) {
            (Action::Start(..), StepState::Pending) => (StepState::Running, "Started"),
            (Action::Done(..), StepState::Pending | StepState::Running) => {
                (StepState::Done, "Done")
            }
            (Action::Fail(..), StepState::Pending | StepState::Running) => {
                (StepState::Failed, "Failed")
            }
            (Action::Skip(..), StepState::Pending) => (StepState::Skipped, "Skipped"),
            (_, state) => {
                return Err(format!("The {name} is {}: that cannot be done now.", state.label()));
            }
        };
        if step.started.is_none() && to != StepState::Skipped {
            step.started = Some(now.into());
        }
        if to != StepState::Running {
            step.ended = Some(now.into());
        }
        step.state = to;
        let note = step.note.clone();
        self.record(now, format!("{verb}: {}: {text}", capitalised(&name)), &note);
        Ok(())
    }

    /// The outcome the facts suggest: rolled back once the rollback started, failed when a
    /// step failed, else succeeded. The person finishing the run may choose another.
    pub fn suggested_outcome(&self) -> Outcome {
        if self.rollback_reason.is_some() {
            Outcome::RolledBack
        } else if self.steps.iter().any(|s| s.state == StepState::Failed) {
            Outcome::Failed
        } else {
            Outcome::Succeeded
        }
    }

    /// How many deployment steps never ran (still pending).
    pub fn not_run(&self) -> usize {
        self.steps.iter().filter(|s| s.state == StepState::Pending).count()
    }

    /// The plan's version: the newest Revision History row's.
    pub fn version(&self) -> &str {
        self.plan.revisions.last().map_or("", |r| r.version.as_str())
    }
}

/// A table cell: one line, `|` escaped.
fn cell(text: &str) -> String {
    one_line(text).replace('\\', "\\\\").replace('|', "\\|")
}

/// `deployment-record-<slug>-<YYYY-MM-DD>.md`, dated by the run's start.
pub fn record_file_name(run: &Run) -> String {
    let plan_name = file_name(&run.plan.title);
    let slug = plan_name.trim_start_matches("deployment-plan").trim_end_matches(".md");
    let date = run.started.get(..10).unwrap_or("");
    format!("deployment-record{slug}-{date}.md")
}

/// The run's record in Markdown: what ran, how it ended, every event with its UTC time, and
/// the plan as it was run.
pub fn record(run: &Run) -> String {
    let title = one_line(&run.plan.title);
    let mut out = format!("# Deployment record: {title}\n\n");
    let field = |label: &str, value: &str| {
        if value.is_empty() {
            format!("- {label}: –\n")
        } else {
            format!("- {label}: {}\n", one_line(value))
        }
    };
    out.push_str(&field("Plan", &title));
    out.push_str(&field("Plan version", run.version()));
    out.push_str(&field(
        "Outcome",
        run.finished.as_ref().map_or("In progress", |(o, _)| o.label()),
    ));
    out.push_str(&field("Started (UTC)", &run.started));
    out.push_str(&field("Ended (UTC)", run.finished.as_ref().map_or("", |(_, at)| at.as_str())));
    out.push_str(&field("Run by", &run.by));
    if let Some(reason) = &run.rollback_reason {
        out.push_str(&field("Rollback reason", reason));
    }
    out.push_str("\n## Events\n\n| Time (UTC) | Event | Note |\n| --- | --- | --- |\n");
    for e in &run.events {
        out.push_str(&format!("| {} | {} | {} |\n", cell(&e.at), cell(&e.text), cell(&e.note)));
    }
    let notes: Vec<String> = [(Phase::Deploy, &run.steps), (Phase::Rollback, &run.rollback)]
        .into_iter()
        .flat_map(|(phase, steps)| {
            steps.iter().enumerate().filter(|(_, s)| !s.note.trim().is_empty()).map(
                move |(i, s)| {
                    format!("- {} {}: {}\n", capitalised(phase.noun()), i + 1, one_line(&s.note))
                },
            )
        })
        .collect();
    if !notes.is_empty() {
        out.push_str("\n## Notes\n\n");
        out.push_str(&notes.concat());
    }
    let plan = super::render(&run.plan);
    let longest = plan.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    out.push_str(&format!("\n## Plan as run\n\n{fence}markdown\n{plan}{fence}\n"));
    out
}

/// `text` with its first letter in upper case.
pub fn capitalised(text: &str) -> String {
    let mut s = text.to_string();
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

/// The Revision History row that records the run: its end date, the plan's version, who ran
/// it, and "Deployed: <outcome>".
pub fn revision_row(run: &Run) -> Option<super::model::Revision> {
    let (outcome, at) = run.finished.as_ref()?;
    Some(super::model::Revision {
        id: 0,
        date: at.get(..10).unwrap_or("").to_string(),
        version: run.version().to_string(),
        author: run.by.clone(),
        notes: format!("Deployed: {}", outcome.label()),
    })
}

/// Seconds since 1970 of a UTC time written `YYYY-MM-DDTHH:MM:SS` (with anything after it,
/// such as `Z` or fractions); `None` for anything else.
pub fn epoch_seconds(iso: &str) -> Option<i64> {
    let b = iso.as_bytes();
    let num = |r: std::ops::Range<usize>| iso.get(r)?.parse::<i64>().ok();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, min, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + min * 60 + s)
}

/// A duration as people read it: `42 s`, `5 min 03 s`, `1 h 05 min`.
pub fn duration_text(seconds: i64) -> String {
    let s = seconds.max(0);
    if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min {:02} s", s / 60, s % 60)
    } else {
        format!("{} h {:02} min", s / 3600, (s % 3600) / 60)
    }
}

/// How the run stands against the plan's step durations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// The deployment steps' estimates added up.
    pub estimate: u64,
    /// How many deployment steps have an estimate, of how many.
    pub estimated: usize,
    pub steps: usize,
    /// Seconds behind the plan (negative: ahead).
    pub late: i64,
}

/// Where the plan gives step durations: the estimate, and how far the run is behind or ahead
/// at `now` (or at its finish): the time spent against what the plan allows for the work done
/// so far — each finished step its estimate, a running step its time so far up to its
/// estimate, a skipped step nothing (deployment and rollback steps alike). `None` when no
/// step has a duration.
pub fn schedule(run: &Run, now: &str) -> Option<Schedule> {
    let estimates = |list: &[super::model::Item]| -> Vec<Option<u64>> {
        list.iter().map(|s| super::duration::seconds(&s.details.duration)).collect()
    };
    let (deploy, rollback) = (estimates(&run.plan.steps), estimates(&run.plan.rollback));
    if deploy.iter().chain(&rollback).all(Option::is_none) {
        return None;
    }
    let end = run.finished.as_ref().map_or(now, |(_, at)| at.as_str());
    let end_s = epoch_seconds(end)?;
    let allowed = |steps: &[StepRun], estimates: &[Option<u64>]| -> i64 {
        steps
            .iter()
            .zip(estimates)
            .map(|(s, e)| {
                let e = e.unwrap_or(0) as i64;
                match s.state {
                    StepState::Done | StepState::Failed => e,
                    StepState::Running => s
                        .started
                        .as_deref()
                        .and_then(epoch_seconds)
                        .map_or(0, |at| (end_s - at).clamp(0, e)),
                    StepState::Pending | StepState::Skipped => 0,
                }
            })
            .sum()
    };
    let spent = end_s - epoch_seconds(&run.started)?;
    let expected = allowed(&run.steps, &deploy) + allowed(&run.rollback, &rollback);
    Some(Schedule {
        estimate: deploy.iter().flatten().sum(),
        estimated: deploy.iter().flatten().count(),
        steps: deploy.len(),
        late: spent - expected,
    })
}
