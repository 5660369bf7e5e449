//! Building the list in the browser: read and evaluate the file's cases in slices of about one frame's budget,
//! reporting progress and yielding between slices so the page keeps painting and answering on a big register.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use yew::platform::{spawn_local, time::sleep};
use yew::UseReducerDispatcher;

use crate::app::list_state::{ListAction, ListFile, ListPage, Progress};
use crate::clinic_list::{ListOptions, Reader};

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
        let mut work = Reader::new(&file.text, options);
        let finished = in_slices(
            &mut work,
            &stop,
            |(reader, builder)| (0..20).all(|_| reader.step(builder)),
            |(reader, _)| {
                let (done, total) = reader.progress();
                dispatch.dispatch(ListAction::Progress { generation, progress: Progress { done, total } });
            },
        )
        .await;
        if finished {
            dispatch.dispatch(ListAction::Built { generation, list: Rc::new(work.1.finish()) });
        }
    });
    cancelled
}

/// Runs `step` on `work` until it returns false (nothing more to do), in slices of about `SLICE_MS`: after each
/// slice `report` (e.g. progress) and the page gets the thread back to paint and answer. The list's build and the
/// printed worklist of a big list (`super::app`) both run this way. False if `stop` was set before the end.
pub async fn in_slices<W>(
    work: &mut W,
    stop: &Cell<bool>,
    mut step: impl FnMut(&mut W) -> bool,
    mut report: impl FnMut(&W),
) -> bool {
    loop {
        if stop.get() {
            return false;
        }
        let started = js_sys::Date::now();
        let mut more = true;
        while more && js_sys::Date::now() - started < SLICE_MS {
            more = step(work);
        }
        report(work);
        sleep(Duration::ZERO).await;
        if !more {
            return !stop.get();
        }
    }
}
