#[cfg(target_arch = "wasm32")]
fn main() {
    deployment_plan_editor::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is a browser app: build it with `trunk build` and open dist/index.html.");
}
