//! "Copy share link" and opening a share link: the plan travels in the URL fragment and
//! is offered as a new draft, never written over the current one.

use super::browser;
use super::drafts::{display_title, Drafts};
use super::notice::Notices;
use crate::plan::{share, Plan};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Sharing {
    drafts: Drafts,
    notices: Notices,
    /// A plan that arrived in the link, waiting for the user's answer.
    pub offer: RwSignal<Option<Plan>>,
}

impl Sharing {
    pub fn start(drafts: Drafts, notices: Notices) -> Self {
        let this = Sharing { drafts, notices, offer: RwSignal::new(None) };
        this.read_fragment();
        let _ = window_event_listener(leptos::ev::hashchange, move |_| this.read_fragment());
        this
    }

    fn read_fragment(&self) {
        let Some(window) = web_sys::window() else { return };
        let hash = window.location().hash().unwrap_or_default();
        let Some(encoded) = share::from_fragment(&hash) else { return };
        match share::decode(encoded) {
            Ok(plan) => self.offer.set(Some(plan)),
            Err(why) => self
                .notices
                .say(format!("The share link could not be opened: {why}. Nothing was changed.")),
        }
        // Handled: a reload must not offer it again.
        if let Ok(history) = window.history() {
            let path = window.location().pathname().unwrap_or_default()
                + &window.location().search().unwrap_or_default();
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }

    pub fn copy_link(&self, plan: &Plan) {
        let notices = self.notices;
        let link = match share::encode(plan) {
            Ok(encoded) => {
                let location = web_sys::window().map(|w| w.location());
                let base = location.and_then(|l| l.href().ok()).unwrap_or_default();
                let base = base.split('#').next().unwrap_or_default().to_string();
                format!("{base}#{}{encoded}", share::KEY)
            }
            Err(why) => {
                notices.say(format!("No share link: {why}."));
                return;
            }
        };
        leptos::task::spawn_local(async move {
            match browser::copy(&link).await {
                Ok(()) => notices.say(format!(
                    "Copied a share link ({} KB). The plan is inside the link, after #, which is never sent to a server.",
                    link.len().div_ceil(1024)
                )),
                Err(why) => notices.say(format!("Could not copy the share link ({why}).")),
            }
        });
    }
}

#[component]
pub fn SharedPlanOffer(sharing: Sharing) -> impl IntoView {
    move || {
        sharing.offer.get().map(|plan| {
            let title = display_title(&plan.title);
            let open = move |_| {
                // Refused: the offer stays until the current plan is kept.
                if let Some(plan) = sharing.offer.get_untracked() {
                    if sharing.drafts.open_new(&plan) {
                        sharing.offer.set(None);
                        sharing.notices.say("Opened the shared plan as a new draft.");
                    }
                }
            };
            view! {
                <section class="conflict" aria-labelledby="shared-heading">
                    <h2 id="shared-heading" class="visually-hidden">"Shared plan"</h2>
                    <p>{format!("This link contains a plan: \"{title}\". Open it as a new draft? Your drafts are not changed.")}</p>
                    <button type="button" on:click=open>"Open as new draft"</button>
                    " "
                    <button type="button" class="secondary" on:click=move |_| sharing.offer.set(None)>"Dismiss"</button>
                </section>
            }
        })
    }
}
