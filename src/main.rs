//! Entry point of the web app: mounts the Yew root. All code lives in the library.

fn main() {
    #[cfg(target_arch = "wasm32")]
    osteoplan::ui::mount();

    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("OsteoPlan is a web app: build it with Trunk (see README.md).");
}
