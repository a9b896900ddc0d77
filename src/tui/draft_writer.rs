//! Draft files written on a thread of their own, in the order asked. A
//! write ends with two fsyncs (the file, then its directory): on a busy
//! disk that is milliseconds, which a key typed meanwhile would wait out if
//! the loop wrote the file itself.

use crate::app::Msg;
use crate::drafts::{DraftStore, SavedDraft};
use crate::safe_text::sanitize;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
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
    /// Answered once every job before it is done.
    Settle(Sender<()>),
    /// Waits for a word before going on (tests: a disk that takes its time).
    #[cfg(test)]
    Hold(Receiver<()>),
}

/// What the thread tells the loop.
#[derive(Default)]
struct Reports {
    /// Where problems go as they happen: the loop's messages.
    to: Option<UnboundedSender<Msg>>,
    /// The revision whose write failed last, until the keeper asks.
    failed: Option<u64>,
}

pub struct DraftWriter {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    reports: Arc<Mutex<Reports>>,
    /// Used on this thread when no writer thread could be started.
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
        let (jobs, queue) = channel();
        let mut on_thread = worker.clone();
        let thread = std::thread::Builder::new()
            .name("privy-edit drafts".into())
            .spawn(move || on_thread.serve(queue))
            .ok();
        Self {
            jobs: thread.is_some().then_some(jobs),
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
        let (done, finished) = channel();
        self.send(Job::Settle(done));
        let _ = finished.recv();
    }

    /// The revision whose write failed, once: it is to be written again.
    pub fn take_failure(&self) -> Option<u64> {
        self.reports.lock().ok()?.failed.take()
    }

    /// Holds the thread before its next job until the sender is dropped
    /// or sends: a disk that takes its time.
    #[cfg(test)]
    pub fn hold(&mut self) -> Sender<()> {
        let (release, held) = channel();
        self.send(Job::Hold(held));
        release
    }

    fn send(&mut self, job: Job) {
        let job = match &self.jobs {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => return,
                // The thread is gone (it panicked): the loop's thread writes.
                Err(returned) => returned.0,
            },
            None => job,
        };
        self.jobs = None;
        self.inline.run(job);
    }
}

impl std::fmt::Debug for DraftWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DraftWriter")
            .field("threaded", &self.jobs.is_some())
            .finish_non_exhaustive()
    }
}

impl Drop for DraftWriter {
    /// Everything asked for is written before the editor goes on exiting.
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
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
    fn serve(&mut self, queue: Receiver<Job>) {
        for job in queue {
            self.run(job);
        }
    }

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
            Job::Settle(done) => {
                let _ = done.send(());
            }
            #[cfg(test)]
            Job::Hold(held) => {
                let _ = held.recv();
            }
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
