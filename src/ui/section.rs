//! One form per template section, composed from the field components by the section's kind.

use super::editor::Editor;
use super::fields::{
    Control, Input, ListField, ListOf, Name, RevisionsField, StatusField, StepTotals, TextField,
};
use crate::plan::header::HeaderField;
use crate::plan::validate::Field;
use crate::plan::{Kind, ListId, SectionSpec};
use leptos::prelude::*;

#[component]
pub fn SectionForm(editor: Editor, spec: &'static SectionSpec) -> impl IntoView {
    let legend_id = format!("{}-legend", spec.key);
    let help_id = format!("{}-help", spec.key);
    let body = match spec.kind {
        Kind::Text => {
            let name = Name::LabelledBy(legend_id.clone());
            view! { <Control field=Field::Purpose name input=Input::Lines { value: editor.purpose }/> }
                .into_any()
        }
        Kind::List { list, .. } if list.has_details() => view! {
            <ListField editor items=editor.list(list) of=ListOf::Template(list)/>
            <StepTotals editor list/>
        }
        .into_any(),
        Kind::List { list, .. } => {
            view! { <ListField editor items=editor.list(list) of=ListOf::Template(list)/> }.into_any()
        }
        Kind::Approval => view! {
            <fieldset class="sub">
                <legend>"Approvers"</legend>
                <ListField editor items=editor.list(ListId::Approvers) of=ListOf::Template(ListId::Approvers)/>
            </fieldset>
            <fieldset class="sub">
                <legend>"Reviewers"</legend>
                <ListField editor items=editor.list(ListId::Reviewers) of=ListOf::Template(ListId::Reviewers)/>
            </fieldset>
            <TextField field=Field::ApprovalDate label="Approval date" value=editor.approval_date placeholder="YYYY-MM-DD" date=true/>
        }
        .into_any(),
        Kind::Metadata => view! {
            <div class="grid">
                <TextField field=Field::Owner label="Owner" value=editor.owner/>
                <TextField field=Field::MetadataReviewers label="Reviewers" value=editor.metadata_reviewers/>
                <StatusField value=editor.status/>
                <TextField field=Field::LastUpdated label="Last Updated" value=editor.last_updated placeholder="YYYY-MM-DD" date=true/>
            </div>
            <DocumentHeader editor/>
        }
        .into_any(),
        Kind::Revisions => view! { <RevisionsField editor/> }.into_any(),
    };
    let described_by = help_id.clone();
    view! {
        <fieldset class="section" id=format!("section-{}", spec.key) aria-describedby=described_by>
            <legend id=legend_id>{spec.title}</legend>
            <p class="help" id=help_id>{spec.help}</p>
            {body}
        </fieldset>
    }
}

/// The document header's switch and, while it is on, its values.
#[component]
fn DocumentHeader(editor: Editor) -> impl IntoView {
    let on = editor.header_on;
    let field = move |f: HeaderField| {
        let placeholder = match f {
            HeaderField::Repository => "https://github.com/owner/name",
            HeaderField::Path => "./docs/deployments/plan.md",
            HeaderField::Licence => "GPL-3.0-or-later",
            _ => "",
        };
        view! { <TextField field=Field::Header(f) label=f.label() value=editor.header(f) placeholder/> }
    };
    view! {
        <div class="field check">
            <input type="checkbox" id="header-enabled" prop:checked=move || on.get()
                on:change=move |ev| on.set(event_target_checked(&ev))/>
            <label for="header-enabled">"Write document header"</label>
        </div>
        <Show when=move || on.get()>
            <fieldset class="sub">
                <legend>"Document header"</legend>
                <p class="help">"An HTML comment at the top of the Markdown, as in the template: copyright, SPDX licence and FILE INFORMATION."</p>
                <div class="grid">
                    {HeaderField::ALL.into_iter().filter(|f| *f != HeaderField::Notice).map(field).collect_view()}
                </div>
                <div class="field">
                    <Control field=Field::Header(HeaderField::Notice) name=HeaderField::Notice.label() input=Input::Lines { value: editor.header(HeaderField::Notice) }/>
                </div>
            </fieldset>
        </Show>
    }
}
