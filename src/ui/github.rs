//! Export to GitHub: open the plan as a new issue in a repository (a link; the editor makes no
//! request of its own), and download the issue template and issue form for a repository's
//! `.github/ISSUE_TEMPLATE/`.

use super::browser;
use super::notice::Notices;
use crate::plan::github::{check_repository, issue_form, issue_link, issue_template, IssueLink};
use crate::plan::{render, Plan};
use crate::storage::{read_pref, write_pref, GITHUB_REPOSITORY_KEY};
use leptos::prelude::*;

/// Opens `url` in a new tab, as a click on a link would (so popup blockers allow it).
fn open_tab(url: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    window
        .open_with_url_and_target_and_features(url, "_blank", "noopener")
        .map(|_| ())
        .map_err(|_| "the browser refused to open a new tab".to_string())
}

#[component]
pub fn GitHubExport(plan: Signal<Plan>, notices: Notices) -> impl IntoView {
    let repository = RwSignal::new(read_pref(GITHUB_REPOSITORY_KEY).unwrap_or_default());
    let shown = RwSignal::new(false);
    let problem =
        Memo::new(move |_| repository.with(|r| check_repository(r).err().filter(|_| shown.get())));
    // Remembered as owner/name once it reads as one; forgotten when the field is cleared.
    let remember = move |value: &str| {
        if value.trim().is_empty() {
            write_pref(GITHUB_REPOSITORY_KEY, None);
        } else if let Ok((owner, name)) = check_repository(value) {
            write_pref(GITHUB_REPOSITORY_KEY, Some(&format!("{owner}/{name}")));
        }
    };
    let open = move |_| {
        shown.set(true);
        let typed = repository.get_untracked();
        let Ok((owner, name)) = check_repository(&typed) else {
            browser::focus_later("github-repository".into());
            return;
        };
        let repo = format!("{owner}/{name}");
        remember(&repo);
        let plan = plan.get_untracked();
        let body = render(&plan);
        match issue_link(&repo, &plan.title, &body) {
            IssueLink::Whole(url) => match open_tab(&url) {
                Ok(()) => {
                    notices.say(format!("Opened a new issue in {} with the plan.", repo.trim()))
                }
                Err(why) => notices.say(format!("Could not open GitHub: {why}.")),
            },
            IssueLink::Paste(url) => {
                let opened = open_tab(&url);
                leptos::task::spawn_local(async move {
                    let copied = browser::copy(&body).await;
                    notices.say(match (opened, copied) {
                        (Ok(()), Ok(())) => "The plan is too long for a link: it was copied to the clipboard. Paste it into the new issue's body.".to_string(),
                        (Ok(()), Err(why)) => format!("The plan is too long for a link, and could not be copied ({why}): use Copy Markdown, then paste it into the new issue."),
                        (Err(why), _) => format!("Could not open GitHub: {why}."),
                    });
                });
            }
        }
    };
    let save =
        move |name: &str, text: String, mime: &str| match browser::download(name, &text, mime) {
            Ok(()) => notices.say(format!(
                "Downloaded {name}: put it in .github/ISSUE_TEMPLATE/ in your repository."
            )),
            Err(why) => notices.say(why),
        };
    view! {
        <section class="github" aria-labelledby="github-heading">
            <h2 id="github-heading" class="pane-title">"GitHub"</h2>
            <div class="field with-action">
                <label for="github-repository">"GitHub repository"</label>
                <input id="github-repository" type="text" autocomplete="off" spellcheck="false"
                    placeholder="owner/name"
                    aria-invalid=move || problem.with(Option::is_some).then_some("true")
                    aria-describedby=move || problem.with(Option::is_some).then_some("github-repository-problem")
                    prop:value=move || repository.get()
                    on:input=move |ev| repository.set(event_target_value(&ev))
                    on:change=move |ev| { shown.set(true); remember(&event_target_value(&ev)); }/>
                <button type="button" on:click=open>"Open as GitHub issue"</button>
                {move || problem.get().map(|p| view! {
                    <p class="problem error" id="github-repository-problem"><span class="visually-hidden">"Error: "</span>{p}</p>
                })}
            </div>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| save("deployment_plan.md", issue_template(), "text/markdown;charset=utf-8")>"Download issue template"</button>
                <button type="button" class="secondary" on:click=move |_| save("deployment_plan.yml", issue_form(), "application/yaml;charset=utf-8")>"Download issue form"</button>
            </div>
        </section>
    }
}
