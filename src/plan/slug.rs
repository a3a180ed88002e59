//! File names derived from the plan's title.

/// `deployment-plan-<slug of title>.md`; a title that already starts with
/// "Deployment plan" is not prefixed twice, and an empty title gives `deployment-plan.md`.
pub fn file_name(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = slug.strip_prefix("deployment-plan").map_or(slug, |s| s.trim_start_matches('-'));
    let slug: String = slug.chars().take(80).collect();
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "deployment-plan.md".to_string()
    } else {
        format!("deployment-plan-{slug}.md")
    }
}
