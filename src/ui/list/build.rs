//! Building the list in the browser: read and evaluate the file's cases in slices of about one frame's budget,
//! reporting progress and yielding between slices so the page keeps painting and answering on a big register.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use yew::platform::{spawn_local, time::sleep};
use yew::UseReducerDispatcher;

use crate::clinic_list::{ListOptions, Reader};
use crate::list_state::{ListAction, ListFile, ListPage, Progress};

/// How long one slice may run before the page gets the thread back (ms).
const SLICE_MS: f64 = 30.0;

/// Starts the build asked for by `generation`; the returned flag, once set, stops it at the next slice.
pub fn start(
    file: Rc<ListFile>,
    options: ListOptions,
    generation: u64,
    dispatch: UseReducerDispatcher<ListPage>,
) -> Rc<Cell<bool>> {
    let cancelled = Rc::new(Cell::new(false));
    let stop = cancelled.clone();
    spawn_local(async move {
        // Let the progress bar paint before the file is parsed.
        sleep(Duration::ZERO).await;
        let (mut reader, mut builder) = Reader::new(&file.text, options);
        loop {
            if stop.get() {
                return;
            }
            let started = js_sys::Date::now();
            let mut more = true;
            while more && js_sys::Date::now() - started < SLICE_MS {
                more = (0..20).all(|_| reader.step(&mut builder));
            }
            let (done, total) = reader.progress();
            dispatch.dispatch(ListAction::Progress { generation, progress: Progress { done, total } });
            sleep(Duration::ZERO).await;
            if !more {
                break;
            }
        }
        if !stop.get() {
            dispatch.dispatch(ListAction::Built { generation, list: Rc::new(builder.finish()) });
        }
    });
    cancelled
}
