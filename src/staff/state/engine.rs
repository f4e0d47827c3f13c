//! The sync engine's decisions, without any I/O: which waiting records go into the next
//! capture request, what the server's answer does to each record in it, how a run ends,
//! and how long to wait before the next one. `sync.rs` does the sending and storing.
//!
//! - Records that never failed travel first, in full batches.
//! - A request the server answered with a temporary failure (408, 425, 429, 5xx) marks
//!   its records as having failed in a request of that many; the run goes on with the
//!   other batches, and the next run sends those records in requests half that size. A
//!   record the server keeps failing ends up alone, "stuck" with the server's reason,
//!   and no longer holds back the rest.
//! - No answer at all (network down, timeout) stops the run: nothing is learned about
//!   any record, so nothing is marked.
//! - A refusal (other 4xx) isolates the refused record — named by the server, or found by
//!   halving — which is then `rejected` and never sent again until a person acts.

use std::collections::{BTreeMap, VecDeque};

/// A record waiting to be sent, as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub key: String,
    /// How many records the last request that failed for it held (0: it never failed).
    pub failed_in: u32,
}

/// The server's answer to one capture request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Acknowledged (201): stored now, or already stored before.
    Stored,
    /// No answer: network error, timeout, dropped connection.
    NoAnswer,
    /// 401: the token is not accepted.
    SignIn,
    /// A temporary failure (408, 425, 429, 5xx), with the server's reason.
    Later(String),
    /// Refused (any other 4xx), with the reason and, when the server named it, the index
    /// of the refused event in the request.
    Refused {
        reason: String,
        index: Option<usize>,
    },
}

impl Answer {
    /// The answer an HTTP status stands for (`index`: the event the server named).
    pub fn of_status(status: u16, reason: String, index: Option<usize>) -> Answer {
        match status {
            200..=299 => Answer::Stored,
            401 => Answer::SignIn,
            408 | 425 | 429 | 500.. => Answer::Later(reason),
            // Too large: no single event is at fault, so the batch is halved.
            413 => Answer::Refused {
                reason,
                index: None,
            },
            _ => Answer::Refused { reason, index },
        }
    }
}

/// What an answer does to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Sent,
    /// Refused for good: a person corrects or discards it.
    Rejected(String),
    /// Waiting again, after a temporary failure of a request of `failed_in` records.
    Failed {
        failed_in: u32,
        reason: String,
    },
    /// Waiting again, nothing learned about it.
    Waiting,
}

/// How a sync run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing is left to send.
    Done,
    /// Another run (this tab or another) is sending.
    Busy,
    Offline,
    NeedSignIn,
    /// Something is still waiting after a failure: tried again later.
    Retry,
}

/// Temporary failures in a row, with no acknowledgement between, after which a run stops
/// (the server is in trouble, not one record).
const FAILED_IN_A_ROW: u32 = 3;

/// One sync run: the batches still to send and what has happened so far.
#[derive(Debug)]
pub struct Run {
    queue: VecDeque<Vec<String>>,
    stopped: Option<Outcome>,
    failed: bool,
    failed_in_a_row: u32,
}

impl Run {
    /// Plans a run over the waiting records (in the order given) with requests of at most
    /// `max_batch` records.
    pub fn new(waiting: &[Waiting], max_batch: usize) -> Run {
        let max = max_batch.max(1);
        let mut queue = VecDeque::new();
        let healthy: Vec<String> = waiting
            .iter()
            .filter(|w| w.failed_in == 0)
            .map(|w| w.key.clone())
            .collect();
        queue.extend(healthy.chunks(max).map(<[String]>::to_vec));
        // Records that failed together travel together again, in requests half as big.
        let mut suspects: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for w in waiting.iter().filter(|w| w.failed_in > 0) {
            suspects.entry(w.failed_in).or_default().push(w.key.clone());
        }
        for (failed_in, keys) in suspects.into_iter().rev() {
            let size = ((failed_in / 2) as usize).clamp(1, max);
            queue.extend(keys.chunks(size).map(<[String]>::to_vec));
        }
        Run {
            queue,
            stopped: None,
            failed: false,
            failed_in_a_row: 0,
        }
    }

    /// The next request's records, or `None` when the run is over.
    pub fn next_batch(&mut self) -> Option<Vec<String>> {
        if self.stopped.is_some() {
            return None;
        }
        self.queue.pop_front()
    }

    /// Takes the server's answer to `batch` and says what becomes of each record.
    pub fn answer(&mut self, batch: &[String], answer: Answer) -> Vec<(String, Mark)> {
        let all = |mark: Mark| batch.iter().map(|k| (k.clone(), mark.clone())).collect();
        match answer {
            Answer::Stored => {
                self.failed_in_a_row = 0;
                all(Mark::Sent)
            }
            Answer::NoAnswer => {
                self.stopped = Some(Outcome::Retry);
                all(Mark::Waiting)
            }
            Answer::SignIn => {
                self.stopped = Some(Outcome::NeedSignIn);
                all(Mark::Waiting)
            }
            Answer::Later(reason) => {
                self.failed = true;
                self.failed_in_a_row += 1;
                if self.failed_in_a_row >= FAILED_IN_A_ROW {
                    self.stopped = Some(Outcome::Retry);
                }
                all(Mark::Failed {
                    failed_in: u32::try_from(batch.len()).unwrap_or(u32::MAX),
                    reason,
                })
            }
            Answer::Refused { reason, .. } if batch.len() == 1 => all(Mark::Rejected(reason)),
            Answer::Refused { index, .. } => {
                // Find the refused record: named by the server, or by halving. Both parts
                // are sent next, before anything else.
                let (first, second) = match index.filter(|i| *i < batch.len()) {
                    Some(i) => {
                        let mut rest = batch.to_vec();
                        let refused = rest.remove(i);
                        (rest, vec![refused])
                    }
                    None => {
                        let (a, b) = batch.split_at(batch.len() / 2);
                        (a.to_vec(), b.to_vec())
                    }
                };
                self.queue.push_front(second);
                self.queue.push_front(first);
                all(Mark::Waiting)
            }
        }
    }

    /// How the run ended (call once [`Run::next_batch`] has returned `None`).
    pub fn outcome(&self) -> Outcome {
        match self.stopped {
            Some(o) => o,
            None if self.failed || !self.queue.is_empty() => Outcome::Retry,
            None => Outcome::Done,
        }
    }
}

/// Exponential backoff with jitter: 2 s, 4 s, 8 s … up to 5 min, each 50–100 % of that
/// (`jitter` in 0..1, a random number).
pub fn backoff_ms(failures: u32, jitter: f64) -> f64 {
    const BASE_MS: f64 = 2_000.0;
    const MAX_MS: f64 = 300_000.0;
    let exp = BASE_MS * 2f64.powi(failures.saturating_sub(1).min(16) as i32);
    exp.min(MAX_MS) * (0.5 + jitter.clamp(0.0, 1.0) * 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiting(n: usize) -> Vec<Waiting> {
        (0..n)
            .map(|i| Waiting {
                key: format!("k{i:02}"),
                failed_in: 0,
            })
            .collect()
    }

    /// Runs the engine against a server that answers with `server`, applying the marks
    /// to `records` as `sync.rs` does; returns the outcome and the requests' sizes.
    fn run(
        records: &mut [(Waiting, Option<Mark>)],
        max: usize,
        server: &dyn Fn(&[String]) -> Answer,
    ) -> (Outcome, Vec<usize>) {
        let todo: Vec<Waiting> = records
            .iter()
            .filter(|(_, m)| !matches!(m, Some(Mark::Sent | Mark::Rejected(_))))
            .map(|(w, _)| w.clone())
            .collect();
        let mut run = Run::new(&todo, max);
        let mut sizes = Vec::new();
        while let Some(batch) = run.next_batch() {
            sizes.push(batch.len());
            for (key, mark) in run.answer(&batch, server(&batch)) {
                let (w, m) = records.iter_mut().find(|(w, _)| w.key == key).unwrap();
                if let Mark::Failed { failed_in, .. } = &mark {
                    w.failed_in = *failed_in;
                }
                if mark != Mark::Waiting {
                    *m = Some(mark);
                }
            }
        }
        (run.outcome(), sizes)
    }

    fn records(n: usize) -> Vec<(Waiting, Option<Mark>)> {
        waiting(n).into_iter().map(|w| (w, None)).collect()
    }

    fn sent(records: &[(Waiting, Option<Mark>)]) -> usize {
        records
            .iter()
            .filter(|(_, m)| *m == Some(Mark::Sent))
            .count()
    }

    #[test]
    fn everything_goes_in_full_batches_when_the_server_stores_it() {
        let mut r = records(12);
        let (outcome, sizes) = run(&mut r, 5, &|_| Answer::Stored);
        assert_eq!(outcome, Outcome::Done);
        assert_eq!(sizes, vec![5, 5, 2]);
        assert_eq!(sent(&r), 12);
    }

    #[test]
    fn one_record_the_server_keeps_failing_is_isolated_and_the_rest_is_sent() {
        // The fault test's case: 16 waiting, the server answers 500 to any request
        // holding k07.
        let mut r = records(16);
        let server = |batch: &[String]| {
            if batch.iter().any(|k| k == "k07") {
                Answer::Later("500 · database is locked".into())
            } else {
                Answer::Stored
            }
        };
        let mut runs = Vec::new();
        for _ in 0..6 {
            runs.push(run(&mut r, 500, &server));
        }
        // 16 fail together; then halves: 8 sent, 4 sent, 2 sent, 1 sent, k07 alone.
        let sizes: Vec<Vec<usize>> = runs.iter().map(|(_, s)| s.clone()).collect();
        assert_eq!(sizes[0], vec![16]);
        assert_eq!(sizes[1], vec![8, 8]);
        assert_eq!(sizes[2], vec![4, 4]);
        assert_eq!(sizes[4], vec![1, 1]);
        assert!(runs.iter().all(|(o, _)| *o == Outcome::Retry));
        assert_eq!(sent(&r), 15);
        let (stuck, mark) = r.iter().find(|(w, _)| w.key == "k07").unwrap();
        assert_eq!(stuck.failed_in, 1, "alone in its request: shown as stuck");
        assert_eq!(
            mark,
            &Some(Mark::Failed {
                failed_in: 1,
                reason: "500 · database is locked".into()
            })
        );
        // Still never rejected: a 5xx is the server's trouble, tried again later.
        assert_eq!(run(&mut r, 500, &server).1, vec![1]);
    }

    #[test]
    fn records_that_never_failed_go_before_suspects() {
        let mut w = waiting(4);
        w[0].failed_in = 4;
        w[1].failed_in = 4;
        let mut run = Run::new(&w, 10);
        assert_eq!(run.next_batch(), Some(vec!["k02".into(), "k03".into()]));
        assert_eq!(run.next_batch(), Some(vec!["k00".into(), "k01".into()]));
        assert_eq!(run.next_batch(), None);
    }

    #[test]
    fn no_answer_stops_the_run_and_marks_nothing() {
        let mut run = Run::new(&waiting(10), 4);
        let first = run.next_batch().unwrap();
        let marks = run.answer(&first, Answer::NoAnswer);
        assert!(marks.iter().all(|(_, m)| *m == Mark::Waiting));
        assert_eq!(run.next_batch(), None);
        assert_eq!(run.outcome(), Outcome::Retry);
    }

    #[test]
    fn a_server_failing_everything_stops_the_run_after_three_requests() {
        let mut r = records(40);
        let (outcome, sizes) = run(&mut r, 5, &|_| Answer::Later("503".into()));
        assert_eq!(outcome, Outcome::Retry);
        assert_eq!(sizes, vec![5, 5, 5]);
    }

    #[test]
    fn sign_in_stops_the_run() {
        let mut r = records(3);
        let (outcome, _) = run(&mut r, 5, &|_| Answer::SignIn);
        assert_eq!(outcome, Outcome::NeedSignIn);
        assert!(r.iter().all(|(_, m)| m.is_none()));
    }

    #[test]
    fn a_refused_record_named_by_the_server_is_rejected_alone() {
        let mut r = records(6);
        let server = |batch: &[String]| match batch.iter().position(|k| k == "k04") {
            Some(i) => Answer::Refused {
                reason: "400 · bad lot".into(),
                index: Some(i),
            },
            None => Answer::Stored,
        };
        let (outcome, sizes) = run(&mut r, 10, &server);
        assert_eq!(outcome, Outcome::Done);
        assert_eq!(sizes, vec![6, 5, 1]);
        assert_eq!(sent(&r), 5);
        assert_eq!(r[4].1, Some(Mark::Rejected("400 · bad lot".into())));
    }

    #[test]
    fn an_unnamed_refusal_is_found_by_halving() {
        let mut r = records(8);
        let server = |batch: &[String]| {
            if batch.iter().any(|k| k == "k05") {
                Answer::Refused {
                    reason: "422".into(),
                    index: None,
                }
            } else {
                Answer::Stored
            }
        };
        let (outcome, sizes) = run(&mut r, 10, &server);
        assert_eq!(outcome, Outcome::Done);
        assert_eq!(sizes, vec![8, 4, 4, 2, 1, 1, 2]);
        assert_eq!(sent(&r), 7);
        assert_eq!(r[5].1, Some(Mark::Rejected("422".into())));
    }

    #[test]
    fn statuses_map_to_answers() {
        assert_eq!(Answer::of_status(201, String::new(), None), Answer::Stored);
        assert_eq!(Answer::of_status(401, String::new(), None), Answer::SignIn);
        for s in [408, 425, 429, 500, 503] {
            assert_eq!(
                Answer::of_status(s, "x".into(), None),
                Answer::Later("x".into())
            );
        }
        assert_eq!(
            Answer::of_status(413, "big".into(), Some(3)),
            Answer::Refused {
                reason: "big".into(),
                index: None
            }
        );
        assert_eq!(
            Answer::of_status(400, "bad".into(), Some(3)),
            Answer::Refused {
                reason: "bad".into(),
                index: Some(3)
            }
        );
    }

    #[test]
    fn backoff_doubles_up_to_five_minutes_with_jitter() {
        assert_eq!(backoff_ms(1, 1.0), 2_000.0);
        assert_eq!(backoff_ms(2, 1.0), 4_000.0);
        assert_eq!(backoff_ms(3, 0.0), 4_000.0);
        assert_eq!(backoff_ms(30, 1.0), 300_000.0);
        assert_eq!(backoff_ms(0, 1.0), 2_000.0);
    }
}
