//! Running the pipeline over many inputs: read and extract in parallel (rayon), results in
//! input order, one `Result` per input and per document so that one bad file does not end the
//! run.
//!
//! [`in_order`] is the driver the commands use. Work is bounded by a budget of input bytes in
//! flight (read, in the stages, or done and waiting for its turn), so memory does not grow with
//! the corpus nor with one huge file: a file much longer than `--max-article-bytes` is read on
//! its own and its parts are extracted in parallel, a budget's worth at a time, and handed on
//! in order as they are done.

use crate::doc::Doc;
use crate::ingest;
use crate::nlp::{pipeline::Pipeline, stage::NlpError};
use crate::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// What one input file gave: its processed documents, and those of its documents that failed
/// in the pipeline (a JSON Lines file holds many; the others are kept).
#[derive(Default)]
pub struct Processed {
    /// Documents that went through every stage.
    pub docs: Vec<Doc>,
    /// Documents that failed, by id, with why.
    pub failed: Vec<(String, Error)>,
}

/// Reads and processes one file; without a pipeline, only reads it (what the stages would
/// receive).
pub fn process_file(
    pipeline: Option<&Pipeline>,
    path: &Path,
    name: &str,
) -> Result<Processed, Error> {
    let mut out = Processed::default();
    for mut doc in ingest::read_path(path, name)? {
        match pipeline.map_or(Ok(()), |p| p.run(&mut doc)) {
            Ok(()) => out.docs.push(doc),
            Err(err) => out.failed.push((doc.id.clone(), err.into())),
        }
    }
    Ok(out)
}

/// What happened to one input, in order: `Opened`, then a `Doc` per document, then `Closed`.
pub enum Event<H, T> {
    /// The input was read (`H` is what the opener said of it), or why it could not be.
    Opened(Result<H, Error>),
    /// One of its documents, finished; or why a document or record failed.
    Doc(Result<T, Failed>),
    /// Nothing more comes from this input.
    Closed,
}

/// A document that failed in the stages, or a record that could not be read.
#[derive(Debug)]
pub struct Failed {
    /// The document's id (none for a record that could not be read).
    pub id: Option<String>,
    /// Why.
    pub error: Error,
}

impl Failed {
    /// What to tell the user, the input's path first where the error does not name it.
    pub fn describe(&self, path: &Path) -> String {
        match &self.error {
            Error::Ingest(err) => err.to_string(),
            err => format!("{}: {err}", path.display()),
        }
    }
}

/// An [`Event`] of the input at `input` (its index in the list given to [`in_order`]).
pub struct Item<H, T> {
    /// Index of the input.
    pub input: usize,
    /// Bytes of the input this item accounts for (for progress bars: the items of one input
    /// add up to its size).
    pub bytes: u64,
    /// What happened.
    pub event: Event<H, T>,
}

/// The work of a run over many inputs.
pub struct Work<'a, H, T> {
    /// Each input's size in bytes (its file's length; 0 when unknown).
    pub sizes: &'a [u64],
    /// Which inputs are web pages, whose text is a fraction of their bytes (budgeted at a
    /// quarter); `None` when none is.
    pub pages: Option<&'a [bool]>,
    /// Reads input `i` into records; `H` is handed on in [`Event::Opened`] (a content hash,
    /// say). An input that needs no work returns none.
    pub open: &'a (dyn Fn(usize) -> Result<(H, Vec<ingest::Record>), Error> + Sync),
    /// The stages run on every document (none: documents are only read).
    pub pipeline: Option<&'a Pipeline>,
    /// Turns a processed document into what the consumer takes (its N-Quads, its JSON line,
    /// the document itself), in parallel with the other documents.
    pub finish: &'a (dyn Fn(Doc) -> T + Sync),
}

/// Bytes of input in flight at most, per worker thread and article part: with the default
/// maximum article size and two threads, 1 MiB.
const BUDGET_PARTS_PER_THREAD: usize = 2;
/// Inputs in flight at most, per worker thread (many small files).
const ITEMS_PER_THREAD: usize = 32;
/// A file longer than this many maximum-size articles is read on its own and its parts are
/// extracted in parallel; a shorter one is read and extracted by one worker.
const LONG_FILE_PARTS: u64 = 1;

/// Input bytes in flight, and the number of work items.
struct Budget {
    state: Mutex<(usize, usize)>,
    freed: Condvar,
    cap: usize,
    max_items: usize,
    stop: AtomicBool,
}

impl Budget {
    /// Waits until `bytes` more fit (always, when nothing is in flight); false once stopped.
    fn acquire(&self, bytes: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if self.stop.load(Ordering::Acquire) {
                return false;
            }
            let (used, items) = *state;
            if items == 0 || (used + bytes <= self.cap && items < self.max_items) {
                *state = (used + bytes, items + 1);
                return true;
            }
            state = self.freed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn release(&self, bytes: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 = state.0.saturating_sub(bytes);
        state.1 = state.1.saturating_sub(1);
        self.freed.notify_all();
    }

    fn stop(&self) {
        let _state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.stop.store(true, Ordering::Release);
        self.freed.notify_all();
    }
}

/// A batch of items of one input, sent by a worker: `part` 0 is the input's opening (with all
/// of its documents for a short file), part k its k-th document for a long one.
struct Message<H, T> {
    input: usize,
    part: usize,
    /// Budget held until the message is handed on.
    cost: usize,
    /// The input's last message.
    last: bool,
    items: Vec<Item<H, T>>,
}

/// The items of a run, in input order (an iterator; see [`in_order`]).
pub struct Items<'s, H, T> {
    receiver: mpsc::Receiver<Message<H, T>>,
    budget: &'s Budget,
    waiting: BTreeMap<(usize, usize), Message<H, T>>,
    next: (usize, usize),
    ready: std::vec::IntoIter<Item<H, T>>,
}

impl<H, T> Iterator for Items<'_, H, T> {
    type Item = Item<H, T>;

    fn next(&mut self) -> Option<Item<H, T>> {
        loop {
            if let Some(item) = self.ready.next() {
                return Some(item);
            }
            if let Some(message) = self.waiting.remove(&self.next) {
                self.budget.release(message.cost);
                self.next = if message.last {
                    (self.next.0 + 1, 0)
                } else {
                    (self.next.0, self.next.1 + 1)
                };
                self.ready = message.items.into_iter();
                continue;
            }
            // Every sender gone and nothing waiting for its turn: the run is over.
            let message = self.receiver.recv().ok()?;
            self.waiting.insert((message.input, message.part), message);
        }
    }
}

impl<H, T> Drop for Items<'_, H, T> {
    fn drop(&mut self) {
        // The consumer stopped (done, an error, a panic): no new work is started.
        self.budget.stop();
    }
}

/// Runs `work` over its inputs in parallel and hands `consume` the items in input order, as
/// they are done; returns what `consume` returns. When `consume` returns early, work in flight
/// is finished and dropped and no more is started.
pub fn in_order<H: Send, T: Send, R>(
    work: &Work<'_, H, T>,
    consume: impl FnOnce(&mut Items<'_, H, T>) -> R,
) -> R {
    let threads = rayon::current_num_threads().max(1);
    let max_article = ingest::max_article_bytes();
    let budget = Budget {
        state: Mutex::new((0, 0)),
        freed: Condvar::new(),
        cap: BUDGET_PARTS_PER_THREAD * threads * max_article,
        max_items: ITEMS_PER_THREAD * threads,
        stop: AtomicBool::new(false),
    };
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        let budget = &budget;
        scope.spawn(move || produce(work, budget, sender, max_article));
        let mut items = Items {
            receiver,
            budget,
            waiting: BTreeMap::new(),
            next: (0, 0),
            ready: Vec::new().into_iter(),
        };
        consume(&mut items)
    })
}

/// Starts the work of each input in order, within the budget.
fn produce<H: Send, T: Send>(
    work: &Work<'_, H, T>,
    budget: &Budget,
    sender: mpsc::Sender<Message<H, T>>,
    max_article: usize,
) {
    rayon::in_place_scope(|scope| {
        for (input, &size) in work.sizes.iter().enumerate() {
            let page = work.pages.is_some_and(|p| p.get(input) == Some(&true));
            let text_estimate = if page { size / 4 } else { size };
            if text_estimate <= LONG_FILE_PARTS * max_article as u64 {
                let cost = usize::try_from(text_estimate).unwrap_or(usize::MAX);
                if !budget.acquire(cost) {
                    return;
                }
                let sender = sender.clone();
                scope.spawn(move |_| {
                    let mut items = Vec::new();
                    match (work.open)(input) {
                        Ok((head, docs)) => {
                            items.push(item(input, 0, Event::Opened(Ok(head))));
                            items.extend(
                                docs.into_iter()
                                    .map(|doc| item(input, 0, Event::Doc(run(work, doc)))),
                            );
                        }
                        Err(err) => items.push(item(input, 0, Event::Opened(Err(err)))),
                    }
                    items.push(item(input, size, Event::Closed));
                    let _ = sender.send(Message {
                        input,
                        part: 0,
                        cost,
                        last: true,
                        items,
                    });
                });
                continue;
            }
            // A long input: read here, its documents extracted in parallel.
            if !budget.acquire(0) {
                return;
            }
            let docs = match (work.open)(input) {
                Ok((head, docs)) => {
                    let mut items = vec![item(input, 0, Event::Opened(Ok(head)))];
                    if docs.is_empty() {
                        items.push(item(input, size, Event::Closed));
                    }
                    let _ = sender.send(Message {
                        input,
                        part: 0,
                        cost: 0,
                        last: docs.is_empty(),
                        items,
                    });
                    docs
                }
                Err(err) => {
                    let _ = sender.send(Message {
                        input,
                        part: 0,
                        cost: 0,
                        last: true,
                        items: vec![
                            item(input, 0, Event::Opened(Err(err))),
                            item(input, size, Event::Closed),
                        ],
                    });
                    continue;
                }
            };
            let n = docs.len();
            let text: u64 = docs.iter().map(|d| record_bytes(d) as u64).sum();
            for (k, doc) in docs.into_iter().enumerate() {
                let cost = record_bytes(&doc);
                if !budget.acquire(cost) {
                    return;
                }
                let sender = sender.clone();
                scope.spawn(move |_| {
                    let last = k + 1 == n;
                    let mut items = vec![item(input, cost as u64, Event::Doc(run(work, doc)))];
                    if last {
                        items.push(item(input, size.saturating_sub(text), Event::Closed));
                    }
                    let _ = sender.send(Message {
                        input,
                        part: k + 1,
                        cost,
                        last,
                        items,
                    });
                });
            }
        }
    });
}

fn item<H, T>(input: usize, bytes: u64, event: Event<H, T>) -> Item<H, T> {
    Item {
        input,
        bytes,
        event,
    }
}

fn record_bytes(record: &ingest::Record) -> usize {
    record.as_ref().map_or(0, |doc| doc.text.len())
}

/// The stages, then `finish`, on one document; a panic in `finish` fails the document alone.
fn run<H, T>(work: &Work<'_, H, T>, record: ingest::Record) -> Result<T, Failed> {
    let mut doc = record.map_err(|err| Failed {
        id: None,
        error: err.into(),
    })?;
    if let Some(pipeline) = work.pipeline {
        if let Err(err) = pipeline.run(&mut doc) {
            return Err(Failed {
                id: Some(doc.id.clone()),
                error: err.into(),
            });
        }
    }
    let id = doc.id.clone();
    crate::fence::catch(|| (work.finish)(doc)).map_err(|message| Failed {
        id: Some(id.clone()),
        error: NlpError::Panic {
            doc: id,
            stage: "output",
            message,
        }
        .into(),
    })
}

/// The files of a run and what they are called (see [`ingest::Inputs::name_of`]), opened as
/// articles: the [`Work::open`] of the commands that read files.
pub fn open_file(
    inputs: &ingest::Inputs,
    index: usize,
) -> Result<((), Vec<ingest::Record>), Error> {
    let path = &inputs.files[index];
    Ok(((), ingest::read_path_records(path, &inputs.name_of(path))?))
}

/// Each file's size in bytes (0 when it cannot be read: reading it will say why), and which
/// are web pages.
pub fn sizes_of(files: &[PathBuf]) -> (Vec<u64>, Vec<bool>) {
    files
        .iter()
        .map(|p| {
            (
                std::fs::metadata(p).map_or(0, |m| m.len()),
                ingest::InputFormat::from_path(p) == Some(ingest::InputFormat::Html),
            )
        })
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    type Open<'a, H> = dyn Fn(usize) -> Result<(H, Vec<ingest::Record>), Error> + Sync + 'a;

    /// Work that only reads, each document finished as its id.
    fn reading<'a, H>(sizes: &'a [u64], open: &'a Open<'a, H>) -> Work<'a, H, String> {
        Work {
            sizes,
            pages: None,
            open,
            pipeline: None,
            finish: &|doc: Doc| doc.id,
        }
    }

    fn texts(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("Article {i}: the mayor of Lyon met the minister on Monday."))
            .collect()
    }

    /// Items come in input order, each input opened, its documents, closed (a long one with
    /// nothing to do too); whatever the order in which the workers finish.
    #[test]
    fn items_come_in_input_order() {
        let texts = texts(300);
        // Every eleventh input is long, and needs no work (unchanged since the last build).
        let long = |i: usize| i % 11 == 5;
        let sizes: Vec<u64> = (0..300)
            .map(|i| match long(i) {
                true => 10 * ingest::max_article_bytes() as u64,
                false => texts[i].len() as u64,
            })
            .collect();
        let open = |i: usize| -> Result<(usize, Vec<ingest::Record>), Error> {
            if long(i) {
                return Ok((i, Vec::new()));
            }
            if i % 7 == 3 {
                return Err(crate::ingest::IngestError::Empty {
                    path: PathBuf::from(format!("{i}.txt")),
                }
                .into());
            }
            // Uneven work, so that workers finish out of order.
            std::thread::sleep(std::time::Duration::from_micros((i % 5) as u64 * 200));
            Ok((i, vec![Ok(Doc::new(format!("{i}.txt"), &texts[i]))]))
        };
        let work = reading(&sizes, &open);
        let seen: Vec<(usize, String)> = in_order(&work, |items| {
            items
                .map(|item| {
                    let what = match item.event {
                        Event::Opened(Ok(h)) => format!("open {h}"),
                        Event::Opened(Err(_)) => "failed".into(),
                        Event::Doc(Ok(id)) => id,
                        Event::Doc(Err(_)) => "doc failed".into(),
                        Event::Closed => "closed".into(),
                    };
                    (item.input, what)
                })
                .collect()
        });
        let mut expected = Vec::new();
        for i in 0..300 {
            if long(i) {
                expected.push((i, format!("open {i}")));
            } else if i % 7 == 3 {
                expected.push((i, "failed".to_string()));
            } else {
                expected.push((i, format!("open {i}")));
                expected.push((i, format!("{i}.txt")));
            }
            expected.push((i, "closed".to_string()));
        }
        assert_eq!(seen, expected);
    }

    /// A long input's parts are worked on in parallel and handed on in order, with no more
    /// of them in flight (started and not yet taken by the consumer) than the budget holds;
    /// the bytes of each input's items add up to its size.
    #[test]
    fn long_input_parts_in_order_within_the_budget() {
        let max = ingest::max_article_bytes();
        let threads = rayon::current_num_threads();
        let cap = BUDGET_PARTS_PER_THREAD * threads * max;
        let part_bytes = max / 4;
        let parts = 3 * cap / part_bytes;
        let size = (parts * part_bytes) as u64;
        let sizes = [3, size, 3];
        let open = |i: usize| -> Result<((), Vec<ingest::Record>), Error> {
            if i == 1 {
                let docs = (1..=parts)
                    .map(|k| Ok(Doc::new(format!("long#part{k}"), "x".repeat(part_bytes))))
                    .collect();
                return Ok(((), docs));
            }
            Ok(((), vec![Ok(Doc::new(format!("{i}.txt"), "abc"))]))
        };
        let started = std::sync::atomic::AtomicUsize::new(0);
        let finish = |doc: Doc| {
            started.fetch_add(1, Ordering::SeqCst);
            doc.id
        };
        let work = Work {
            sizes: &sizes,
            pages: None,
            open: &open,
            pipeline: None,
            finish: &finish,
        };
        let (ids, bytes, most) = in_order(&work, |items| {
            let (mut ids, mut bytes, mut most, mut taken) = (Vec::new(), [0u64; 3], 0, 0);
            for item in items {
                bytes[item.input] += item.bytes;
                if let Event::Doc(Ok(id)) = item.event {
                    // A slow consumer: the workers would run ahead but for the budget.
                    std::thread::sleep(std::time::Duration::from_millis(1));
                    taken += 1;
                    most = most.max(started.load(Ordering::SeqCst) - taken);
                    ids.push(id);
                }
            }
            (ids, bytes, most)
        });
        let mut expected = vec!["0.txt".to_string()];
        expected.extend((1..=parts).map(|k| format!("long#part{k}")));
        expected.push("2.txt".into());
        assert_eq!(ids, expected);
        assert_eq!(bytes, [3, size, 3]);
        assert!(
            most >= 2,
            "parts were worked on ahead of the consumer ({most})"
        );
        assert!(
            most <= cap / part_bytes,
            "{most} parts in flight, budget {}",
            cap / part_bytes
        );
    }

    /// A consumer that stops early ends the run: no hang, no more work started.
    #[test]
    fn stopping_early_ends_the_run() {
        let sizes = vec![10u64; 10_000];
        let opened = std::sync::atomic::AtomicUsize::new(0);
        let open = |i: usize| -> Result<((), Vec<ingest::Record>), Error> {
            opened.fetch_add(1, Ordering::SeqCst);
            Ok(((), vec![Ok(Doc::new(format!("{i}.txt"), "Text."))]))
        };
        let work = reading(&sizes, &open);
        let first = in_order(&work, |items| items.take(5).count());
        assert_eq!(first, 5);
        let threads = rayon::current_num_threads();
        assert!(opened.load(Ordering::SeqCst) <= ITEMS_PER_THREAD * threads + threads);
    }
}
