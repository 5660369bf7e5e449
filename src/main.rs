//! Entry point of the web app: mounts the Yew root. All code lives in the library.

// Talc rather than Rust's default dlmalloc: the calculator's page is near its size budget and talc's code is about
// 2 KB gzip smaller. The single-threaded wasm needs no real lock (`TalckWasm`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

fn main() {
    #[cfg(target_arch = "wasm32")]
    osteoplan::ui::mount();

    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("OsteoPlan is a web app: build it with Trunk (see README.md).");
}
