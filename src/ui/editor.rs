//! The editor's reactive state: one signal per field and per list item, so that typing
//! into one input notifies only what reads that input. `snapshot` turns it back into the
//! plain `Plan` everything else works on.

use crate::plan::added::{CustomKind, Row, Section};
use crate::plan::header::{DocHeader, HeaderField};
use crate::plan::validate::Cell;
use crate::plan::{Detail, Details, Item, ListId, Plan, Revision, Status};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ItemSig {
    pub id: u64,
    pub text: RwSignal<String>,
    /// A step's owner, duration and check, in the order of `Detail::ALL`.
    details: [RwSignal<String>; 3],
}

impl ItemSig {
    pub fn detail(&self, d: Detail) -> RwSignal<String> {
        match d {
            Detail::Owner => self.details[0],
            Detail::Duration => self.details[1],
            Detail::Check => self.details[2],
        }
    }

    /// The details as plain data (tracks each).
    pub fn details(&self) -> Details {
        let mut details = Details::default();
        for d in Detail::ALL {
            *d.get_mut(&mut details) = self.detail(d).get();
        }
        details
    }
}

#[derive(Clone, Copy)]
pub struct RevisionSig {
    pub id: u64,
    pub date: RwSignal<String>,
    pub version: RwSignal<String>,
    pub author: RwSignal<String>,
    pub notes: RwSignal<String>,
}

impl RevisionSig {
    /// The row's cells, in table order.
    pub fn cells(&self) -> [(Cell, RwSignal<String>); 4] {
        [
            (Cell::Date, self.date),
            (Cell::Version, self.version),
            (Cell::Author, self.author),
            (Cell::Notes, self.notes),
        ]
    }
}

/// A row of an added section's table.
#[derive(Clone, Copy)]
pub struct RowSig {
    pub id: u64,
    pub cells: RwSignal<Vec<RwSignal<String>>>,
}

/// An added (optional or custom) section, one signal per value.
#[derive(Clone, Copy)]
pub struct SectionSig {
    pub id: u64,
    /// The optional section's key ("risk"), empty for a custom section.
    pub optional: StoredValue<String>,
    pub kind: CustomKind,
    pub title: RwSignal<String>,
    pub after: RwSignal<String>,
    pub text: RwSignal<String>,
    pub fields: RwSignal<Vec<RwSignal<String>>>,
    pub items: RwSignal<Vec<ItemSig>>,
    pub columns: RwSignal<Vec<RwSignal<String>>>,
    pub rows: RwSignal<Vec<RowSig>>,
}

impl SectionSig {
    /// The section as plain data (tracks every value it reads).
    pub fn snapshot(&self) -> Section {
        let strings =
            |v: RwSignal<Vec<RwSignal<String>>>| v.with(|v| v.iter().map(|s| s.get()).collect());
        Section {
            id: self.id,
            optional: self.optional.get_value(),
            kind: self.kind,
            title: self.title.get(),
            after: self.after.get(),
            text: self.text.get(),
            fields: strings(self.fields),
            items: self.items.with(|items| {
                items
                    .iter()
                    .map(|i| Item { id: i.id, text: i.text.get(), ..Item::default() })
                    .collect()
            }),
            columns: strings(self.columns),
            rows: self.rows.with(|rows| {
                rows.iter().map(|r| Row { id: r.id, cells: strings(r.cells) }).collect()
            }),
        }
    }
}

#[derive(Clone, Copy)]
pub struct Editor {
    pub title: RwSignal<String>,
    pub purpose: RwSignal<String>,
    pub approval_date: RwSignal<String>,
    pub owner: RwSignal<String>,
    pub metadata_reviewers: RwSignal<String>,
    pub status: RwSignal<Status>,
    pub last_updated: RwSignal<String>,
    pub revisions: RwSignal<Vec<RevisionSig>>,
    /// Unrecognised content kept from an import.
    pub extra: RwSignal<String>,
    /// Whether the document header is written, and its values (see [`Editor::header`]).
    pub header_on: RwSignal<bool>,
    header: [RwSignal<String>; HeaderField::ALL.len()],
    lists: [RwSignal<Vec<ItemSig>>; ListId::ALL.len()],
    /// Sections beyond the template's, in document order.
    pub added: RwSignal<Vec<SectionSig>>,
    next_id: StoredValue<u64>,
    /// How many plans have been loaded: an Undo made for one plan must not be applied to
    /// another (a draft opened since).
    loads: StoredValue<u64>,
    /// The app's owner, and under it the owner of the item and revision signals of the
    /// plan being edited. A signal belongs to the owner current where it is created; in an
    /// event handler that is the handler's view, and a view goes away (the notice with
    /// Undo, a drafts row, the shared-plan offer) while its plan is still being edited.
    root: StoredValue<Owner>,
    generation: StoredValue<Owner>,
    /// The plan as of the end of the last task that changed it: validation, the readiness
    /// meter and autosave follow this, so a keystroke first updates its field and its
    /// preview item and the checks run a task later. A load settles at once, so what
    /// the checks show never moves the page under the next click.
    pub settled: RwSignal<Plan>,
    settle_pending: StoredValue<bool>,
    /// How many rows of each list and table are on the page: all of them, except while a
    /// loaded plan with a longer one is put on the page in slices (see [`Editor::on_page`]).
    pub shown: RwSignal<usize>,
}

/// Rows put on the page per task while a long plan is loaded: each slice takes well under
/// 200 ms, so typing, scrolling and clicking go on meanwhile.
const SLICE: usize = 60;

impl Editor {
    pub fn new() -> Self {
        let root = Owner::current().unwrap_or_default();
        Editor {
            title: RwSignal::default(),
            purpose: RwSignal::default(),
            approval_date: RwSignal::default(),
            owner: RwSignal::default(),
            metadata_reviewers: RwSignal::default(),
            status: RwSignal::default(),
            last_updated: RwSignal::default(),
            revisions: RwSignal::default(),
            extra: RwSignal::default(),
            header_on: RwSignal::default(),
            header: std::array::from_fn(|_| RwSignal::default()),
            lists: std::array::from_fn(|_| RwSignal::default()),
            added: RwSignal::default(),
            next_id: StoredValue::new(1),
            loads: StoredValue::new(0),
            generation: StoredValue::new(root.child()),
            root: StoredValue::new(root),
            settled: RwSignal::default(),
            settle_pending: StoredValue::new(false),
            shown: RwSignal::new(usize::MAX),
        }
    }

    /// Brings `settled` up to date now.
    pub fn settle_now(&self) {
        self.settle_to(untrack(|| self.snapshot()));
    }

    /// Brings `settled` up to date after the current task, once however many edits it makes.
    pub fn settle_soon(&self) {
        if !self.settle_pending.get_value() {
            self.settle_pending.set_value(true);
            let this = *self;
            set_timeout(move || this.settle_now(), std::time::Duration::ZERO);
        }
    }

    #[expect(clippy::expect_used, reason = "ListId::ALL lists every variant")]
    pub fn list(&self, id: ListId) -> RwSignal<Vec<ItemSig>> {
        let index = ListId::ALL.iter().position(|&l| l == id).expect("every ListId is in ALL");
        self.lists[index]
    }

    /// The value of one field of the document header.
    #[expect(clippy::expect_used, reason = "HeaderField::ALL lists every variant")]
    pub fn header(&self, field: HeaderField) -> RwSignal<String> {
        let index =
            HeaderField::ALL.iter().position(|&f| f == field).expect("every field is in ALL");
        self.header[index]
    }

    /// How many plans have been loaded so far (see `loads`).
    pub fn loads(&self) -> u64 {
        self.loads.get_value()
    }

    pub fn fresh_id(&self) -> u64 {
        let id = self.next_id.get_value();
        // Ids start at most at MAX_ID + 1 (see `load`): a browser tab cannot add 2^63 rows.
        self.next_id.set_value(id.saturating_add(1));
        id
    }

    pub fn new_item(&self, text: &str) -> ItemSig {
        self.item_sig(&Item { id: self.fresh_id(), text: text.to_string(), ..Item::default() })
    }

    pub fn new_revision(&self) -> RevisionSig {
        self.revision_sig(&Revision { id: self.fresh_id(), ..Revision::default() })
    }

    /// Signals for an added section (owned by the plan's generation, as items are).
    pub fn section_sig(&self, s: &Section) -> SectionSig {
        let strings = |v: &[String]| v.iter().map(|s| RwSignal::new(s.clone())).collect::<Vec<_>>();
        self.generation.get_value().with(|| SectionSig {
            id: s.id,
            optional: StoredValue::new(s.optional.clone()),
            kind: s.kind,
            title: RwSignal::new(s.title.clone()),
            after: RwSignal::new(s.after.clone()),
            text: RwSignal::new(s.text.clone()),
            fields: RwSignal::new(strings(&s.fields)),
            items: RwSignal::new(s.items.iter().map(|i| self.item_sig(i)).collect()),
            columns: RwSignal::new(strings(&s.columns)),
            rows: RwSignal::new(
                s.rows
                    .iter()
                    .map(|r| RowSig { id: r.id, cells: RwSignal::new(strings(&r.cells)) })
                    .collect(),
            ),
        })
    }

    /// A new empty text value owned like the plan's other signals.
    pub fn new_value(&self) -> RwSignal<String> {
        self.generation.get_value().with(RwSignal::default)
    }

    /// A new table row of `width` empty cells.
    pub fn new_row(&self, width: usize) -> RowSig {
        let id = self.fresh_id();
        self.generation.get_value().with(|| RowSig {
            id,
            cells: RwSignal::new((0..width).map(|_| RwSignal::default()).collect()),
        })
    }

    /// The added sections as plain data (tracks every value).
    pub fn added_sections(&self) -> Vec<Section> {
        self.added.with(|v| v.iter().map(SectionSig::snapshot).collect())
    }

    fn item_sig(&self, item: &Item) -> ItemSig {
        self.generation.get_value().with(|| ItemSig {
            id: item.id,
            text: RwSignal::new(item.text.clone()),
            details: Detail::ALL.map(|d| RwSignal::new(d.get(&item.details).clone())),
        })
    }

    fn revision_sig(&self, r: &Revision) -> RevisionSig {
        self.generation.get_value().with(|| RevisionSig {
            id: r.id,
            date: RwSignal::new(r.date.clone()),
            version: RwSignal::new(r.version.clone()),
            author: RwSignal::new(r.author.clone()),
            notes: RwSignal::new(r.notes.clone()),
        })
    }

    /// Replaces everything with `plan`.
    pub fn load(&self, plan: &Plan) {
        // Outside data (a stored draft, a backup, a link) may repeat ids or use huge ones.
        let renumbered;
        let plan = if plan.ids_sound() {
            plan
        } else {
            renumbered = plan.clone().with_sound_ids();
            &renumbered
        };
        self.next_id.set_value(plan.max_id() + 1);
        self.loads.update_value(|n| *n += 1);
        self.title.set(plan.title.clone());
        self.purpose.set(plan.purpose.clone());
        self.approval_date.set(plan.approval_date.clone());
        self.owner.set(plan.owner.clone());
        self.metadata_reviewers.set(plan.metadata_reviewers.clone());
        self.status.set(plan.status);
        self.last_updated.set(plan.last_updated.clone());
        self.extra.set(plan.extra.clone());
        self.header_on.set(plan.header.enabled);
        for f in HeaderField::ALL {
            self.header(f).set(f.get(&plan.header).clone());
        }
        // The new plan's signals get a new owner; the old ones are disposed a task later,
        // when nothing shows them any more.
        let generation = self.root.with_value(Owner::child);
        let previous = std::mem::replace(&mut *self.generation.write_value(), generation);
        set_timeout(move || drop(previous), std::time::Duration::ZERO);
        for id in ListId::ALL {
            self.list(id).set(plan.list(id).iter().map(|i| self.item_sig(i)).collect());
        }
        self.revisions.set(plan.revisions.iter().map(|r| self.revision_sig(r)).collect());
        self.added.set(plan.added.iter().map(|s| self.section_sig(s)).collect());
        // Settled at once, to the plan the signals were just made from (a copy is cheaper
        // than reading them all back): the autosave compares it with what is stored.
        self.settle_to(plan.clone());
        if self.longest() <= SLICE {
            self.show_all();
            return;
        }
        // A long plan: making its signals is work enough for this task. Its rows go on the
        // page from the next one on, `SLICE` rows a task, until another plan is loaded.
        self.shown.set(0);
        let (editor, load) = (*self, self.loads());
        fn next(editor: Editor, load: u64) {
            let more = move || {
                let shown = editor.shown.get_untracked();
                if editor.loads() != load || shown == usize::MAX {
                    return;
                }
                if shown + SLICE >= editor.longest() {
                    editor.shown.set(usize::MAX);
                } else {
                    editor.shown.set(shown + SLICE);
                    next(editor, load);
                }
            };
            set_timeout(more, std::time::Duration::ZERO);
        }
        next(editor, load);
    }

    /// Makes `plan` the settled one (notifying only if it differs); nothing is left pending.
    fn settle_to(&self, plan: Plan) {
        self.settle_pending.set_value(false);
        if self.settled.with_untracked(|s| *s != plan) {
            self.settled.set(plan);
        }
    }

    /// The rows of `rows` that are on the page (tracks `shown` and the list).
    pub fn on_page<T: Clone + Send + Sync + 'static>(&self, rows: RwSignal<Vec<T>>) -> Vec<T> {
        let shown = self.shown.get();
        rows.with(|v| v[..shown.min(v.len())].to_vec())
    }

    /// The row count of the longest list or table (untracked).
    pub fn longest(&self) -> usize {
        let lists = self.lists.iter().map(|l| l.with_untracked(Vec::len));
        let added = self.added.with_untracked(|v| {
            v.iter()
                .map(|s| s.items.with_untracked(Vec::len).max(s.rows.with_untracked(Vec::len)))
                .max()
                .unwrap_or(0)
        });
        lists.chain([self.revisions.with_untracked(Vec::len), added]).max().unwrap_or(0)
    }

    /// Puts every row on the page now: before a row is added or focused at the end of a
    /// list that is still being put on the page.
    pub fn show_all(&self) {
        if self.shown.get_untracked() != usize::MAX {
            self.shown.set(usize::MAX);
        }
    }

    /// One list's items as plain data (tracks the list and each item it reads).
    pub fn items(&self, id: ListId) -> Vec<Item> {
        self.list(id).with(|items| {
            items
                .iter()
                .map(|i| Item { id: i.id, text: i.text.get(), details: i.details() })
                .collect()
        })
    }

    /// Subscribes the running effect to every field, to each list (its rows and their
    /// order), and to the added sections, copying nothing. Not to each item's or revision
    /// row's values: a long plan has tens of thousands, and the effect would go over all of
    /// them on every keystroke. Those change only through their control, which calls
    /// [`Editor::settle_soon`] (`fields::Control`).
    pub fn track(&self) {
        for text in [
            self.title,
            self.purpose,
            self.approval_date,
            self.owner,
            self.metadata_reviewers,
            self.last_updated,
            self.extra,
        ]
        .into_iter()
        .chain(self.header)
        {
            text.track();
        }
        self.header_on.track();
        self.status.track();
        self.revisions.track();
        self.lists.iter().for_each(RwSignal::track);
        // Added sections are few and small: their snapshot tracks them.
        self.added_sections();
    }

    /// The plan as plain data (tracks every field it reads).
    pub fn snapshot(&self) -> Plan {
        let mut plan = Plan {
            title: self.title.get(),
            purpose: self.purpose.get(),
            approval_date: self.approval_date.get(),
            owner: self.owner.get(),
            metadata_reviewers: self.metadata_reviewers.get(),
            status: self.status.get(),
            last_updated: self.last_updated.get(),
            extra: self.extra.get(),
            revisions: self.revisions.with(|rows| {
                rows.iter()
                    .map(|r| Revision {
                        id: r.id,
                        date: r.date.get(),
                        version: r.version.get(),
                        author: r.author.get(),
                        notes: r.notes.get(),
                    })
                    .collect()
            }),
            ..Plan::default()
        };
        plan.header = DocHeader { enabled: self.header_on.get(), ..DocHeader::default() };
        for f in HeaderField::ALL {
            *f.get_mut(&mut plan.header) = self.header(f).get();
        }
        for id in ListId::ALL {
            *plan.list_mut(id) = self.items(id);
        }
        plan.added = self.added_sections();
        plan
    }
}

impl Default for Editor {
    fn default() -> Self {
        Self::new()
    }
}
