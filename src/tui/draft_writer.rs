//! Draft files written on a thread of their own, in the order asked. A
//! write ends with two fsyncs (the file, then its directory): on a busy
//! disk that is milliseconds, which a key typed meanwhile would wait out if
//! the loop wrote the file itself.

use crate::app::Msg;
use crate::drafts::{DraftStore, SavedDraft};
use crate::safe_text::sanitize;
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use tokio::sync::mpsc::UnboundedSender;

enum Job {
    Write {
        draft: Box<SavedDraft>,
        revision: u64,
    },
    Remove {
        origin: String,
        contact_id: String,
    },
    /// Waits until the gate opens (tests: a disk that takes its time).
    #[cfg(test)]
    Hold(Arc<Gate>),
}

/// What the thread tells the loop.
#[derive(Default)]
struct Reports {
    /// Where problems go as they happen: the loop's messages.
    to: Option<UnboundedSender<Msg>>,
    /// The revision whose write failed last, until the keeper asks.
    failed: Option<u64>,
}

/// The jobs between the loop and the thread. A plain queue under a lock:
/// a few jobs a second at most.
#[derive(Default)]
struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
}

#[derive(Default)]
struct QueueState {
    jobs: VecDeque<Job>,
    asked: u64,
    done: u64,
    /// No more jobs will come: the thread ends once the queue is empty.
    closed: bool,
    /// The thread ended (or panicked): jobs are done where they are asked.
    gone: bool,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, QueueState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The next job, waiting for one; `None` once closed and empty.
    fn next(&self) -> Option<Job> {
        let mut state = self.lock();
        loop {
            if let Some(job) = state.jobs.pop_front() {
                return Some(job);
            }
            if state.closed {
                return None;
            }
            state = self.changed.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn finished_one(&self) {
        self.lock().done += 1;
        self.changed.notify_all();
    }
}

/// Marks the thread gone however it ends, panics included.
struct Leaving(Arc<Queue>);

impl Drop for Leaving {
    fn drop(&mut self) {
        self.0.lock().gone = true;
        self.0.changed.notify_all();
    }
}

pub struct DraftWriter {
    queue: Arc<Queue>,
    thread: Option<JoinHandle<()>>,
    reports: Arc<Mutex<Reports>>,
    /// Does the jobs on this thread when the writer thread is gone.
    inline: Worker,
}

impl DraftWriter {
    pub fn new(store: DraftStore) -> Self {
        let reports = Arc::new(Mutex::new(Reports::default()));
        let worker = Worker {
            store,
            reports: reports.clone(),
            failing: false,
        };
        let queue = Arc::new(Queue::default());
        let (mut on_thread, shared) = (worker.clone(), queue.clone());
        let thread = std::thread::Builder::new()
            .name("privy-edit drafts".into())
            .spawn(move || {
                let leaving = Leaving(shared);
                while let Some(job) = leaving.0.next() {
                    on_thread.run(job);
                    leaving.0.finished_one();
                }
            })
            .ok();
        if thread.is_none() {
            queue.lock().gone = true;
        }
        Self {
            queue,
            thread,
            reports,
            inline: worker,
        }
    }

    /// Problems are sent to the loop as `Msg::StateFileProblem` from now on.
    pub fn report_to(&self, loop_messages: UnboundedSender<Msg>) {
        if let Ok(mut reports) = self.reports.lock() {
            reports.to = Some(loop_messages);
        }
    }

    pub fn write(&mut self, draft: SavedDraft, revision: u64) {
        self.send(Job::Write {
            draft: Box::new(draft),
            revision,
        });
    }

    pub fn remove(&mut self, origin: &str, contact_id: &str) {
        self.send(Job::Remove {
            origin: origin.to_string(),
            contact_id: contact_id.to_string(),
        });
    }

    /// Waits until every write and removal asked for is done.
    pub fn settle(&mut self) {
        let mut state = self.queue.lock();
        let asked = state.asked;
        while state.done < asked && !state.gone {
            state = self
                .queue
                .changed
                .wait(state)
                .unwrap_or_else(|p| p.into_inner());
        }
        // The thread died with jobs left: they are done here, in order.
        let left: Vec<Job> = state.jobs.drain(..).collect();
        drop(state);
        for job in left {
            self.inline.run(job);
        }
    }

    /// The revision whose write failed, once: it is to be written again.
    pub fn take_failure(&self) -> Option<u64> {
        self.reports.lock().ok()?.failed.take()
    }

    /// Holds the thread before its next job until the gate opens: a disk
    /// that takes its time.
    #[cfg(test)]
    pub fn hold(&mut self) -> Arc<Gate> {
        let gate = Arc::new(Gate::default());
        self.send(Job::Hold(gate.clone()));
        gate
    }

    fn send(&mut self, job: Job) {
        let mut state = self.queue.lock();
        if state.gone {
            drop(state);
            self.inline.run(job);
            return;
        }
        state.jobs.push_back(job);
        state.asked += 1;
        drop(state);
        self.queue.changed.notify_all();
    }
}

impl std::fmt::Debug for DraftWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DraftWriter")
            .field("threaded", &self.thread.is_some())
            .finish_non_exhaustive()
    }
}

impl Drop for DraftWriter {
    /// Everything asked for is written before the editor goes on exiting.
    fn drop(&mut self) {
        self.queue.lock().closed = true;
        self.queue.changed.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.settle();
    }
}

/// A gate a test opens to let a held writer go on.
#[cfg(test)]
#[derive(Default)]
pub struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
}

#[cfg(test)]
impl Gate {
    pub fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }

    fn wait(&self) {
        let mut open = self.open.lock().unwrap();
        while !*open {
            open = self.opened.wait(open).unwrap();
        }
    }
}

/// Does the jobs, on whichever thread.
#[derive(Clone)]
struct Worker {
    store: DraftStore,
    reports: Arc<Mutex<Reports>>,
    /// A write failed and was reported: not again until one succeeds.
    failing: bool,
}

impl Worker {
    fn run(&mut self, job: Job) {
        match job {
            Job::Write { draft, revision } => match self.store.write(&draft) {
                Ok(_) => self.failing = false,
                Err(error) => {
                    if let Ok(mut reports) = self.reports.lock() {
                        reports.failed = Some(revision);
                    }
                    if !self.failing {
                        self.failing = true;
                        let dir = self.store.dir().display().to_string();
                        self.report(format!("Could not keep a draft in {dir}: {error}"));
                    }
                }
            },
            Job::Remove { origin, contact_id } => {
                if let Err(error) = self.store.remove(&origin, &contact_id) {
                    self.report(format!("Could not remove the draft: {error}"));
                }
            }
            #[cfg(test)]
            Job::Hold(gate) => gate.wait(),
        }
    }

    fn report(&self, problem: String) {
        let problem = sanitize(&problem).into_owned();
        if let Ok(reports) = self.reports.lock()
            && let Some(to) = &reports.to
        {
            let _ = to.send(Msg::StateFileProblem(problem));
        }
    }
}
