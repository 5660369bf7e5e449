//! Entry point of the clinic list page (`list.html`): its own wasm, so the calculator's page does not carry the
//! list's code (nor this page the calculator's form). All code lives in the library.

fn main() {
    #[cfg(target_arch = "wasm32")]
    osteoplan::ui::mount_list();

    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The OsteoPlan clinic list is a web page: build it with Trunk (see README.md); on the command line use `evaluate --list`.");
}
