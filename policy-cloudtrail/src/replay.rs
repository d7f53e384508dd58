//! Replay: each recorded call decided again, compared with what CloudTrail recorded.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use iam_policy_core::Request;

use crate::call::{Call, Recorded};

/// What a replayed decision changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// The call succeeded and would now be denied.
    WouldBreak,
    /// The call was denied and would now be allowed.
    WouldAllow,
    /// The same outcome, or a call that failed for another reason.
    Unchanged,
}

impl Change {
    /// The change of a call recorded as `recorded` and now `allowed` or not.
    ///
    /// ```
    /// use iam_policy_cloudtrail::{Change, Recorded};
    /// assert_eq!(Change::of(Recorded::Allowed, false), Change::WouldBreak);
    /// assert_eq!(Change::of(Recorded::Denied, true), Change::WouldAllow);
    /// assert_eq!(Change::of(Recorded::Failed, false), Change::Unchanged);
    /// ```
    pub fn of(recorded: Recorded, allowed: bool) -> Change {
        match (recorded, allowed) {
            (Recorded::Allowed, false) => Change::WouldBreak,
            (Recorded::Denied, true) => Change::WouldAllow,
            _ => Change::Unchanged,
        }
    }

    /// `would-break`, `would-allow` or `unchanged`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::WouldBreak => "would-break",
            Change::WouldAllow => "would-allow",
            Change::Unchanged => "unchanged",
        }
    }
}

/// The replayed decision of one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The request that decided: the first denied one, else the first.
    pub action: String,
    pub resource: String,
    /// `Allow`, `ExplicitDeny` or `ImplicitDeny`: the call is allowed when every one of its
    /// requests is; an explicit deny of one wins over an implicit deny of another.
    pub decision: &'static str,
    pub recorded: Recorded,
    pub change: Change,
}

impl Verdict {
    /// Decides every request of `call` with `decide` (which answers `Allow`, `ExplicitDeny`
    /// or `ImplicitDeny`).
    pub fn of(call: &Call<'_>, mut decide: impl FnMut(&Request<'_>) -> &'static str) -> Verdict {
        let rank = |decision: &str| match decision {
            "ExplicitDeny" => 2,
            "ImplicitDeny" => 1,
            _ => 0,
        };
        // The first request of the strongest denial, else the first request.
        let mut deciding: Option<(&'static str, usize)> = None;
        let mut index = 0;
        call.decide(|request| {
            let decision = decide(request);
            if deciding.is_none_or(|(worst, _)| rank(decision) > rank(worst)) {
                deciding = Some((decision, index));
            }
            index += 1;
        });
        let (decision, at) = deciding.unwrap_or(("ImplicitDeny", usize::MAX));
        let (action, resource) = call.request_at(at).unwrap_or_default();
        Verdict {
            action: action.to_string(),
            resource: resource.to_string(),
            decision,
            recorded: call.recorded,
            change: Change::of(call.recorded, decision == "Allow"),
        }
    }
}

/// The distinct reasons a summary lists one by one.
pub const MAX_REASONS: usize = 10_000;

/// The entry of the reasons past [`MAX_REASONS`].
const OTHER_REASONS: &str = "other reasons (too many distinct ones to list)";

/// Counts of one action's calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub would_break: usize,
    pub would_allow: usize,
    pub unchanged: usize,
}

/// The summary of a replay.
#[derive(Clone, Debug, Default)]
pub struct Replay {
    /// By deciding action.
    pub per_action: BTreeMap<String, Counts>,
    /// Records not mapped to requests, by reason: how many, and the first one's place.
    pub unmapped: BTreeMap<String, (usize, String)>,
    pub read_errors: usize,
}

impl Replay {
    /// Counts a verdict.
    pub fn add(&mut self, verdict: &Verdict) {
        let counts = self.per_action.entry(verdict.action.clone()).or_default();
        match verdict.change {
            Change::WouldBreak => counts.would_break += 1,
            Change::WouldAllow => counts.would_allow += 1,
            Change::Unchanged => counts.unchanged += 1,
        }
    }

    /// Counts a record that could not be mapped, at `place`. Past [`MAX_REASONS`] distinct
    /// reasons, new ones are counted together, so that hostile logs cannot grow the summary
    /// without bound.
    pub fn add_unmapped(&mut self, reason: String, place: impl FnOnce() -> String) {
        let reason = if self.unmapped.len() >= MAX_REASONS && !self.unmapped.contains_key(&reason) {
            OTHER_REASONS.to_string()
        } else {
            reason
        };
        match self.unmapped.get_mut(&reason) {
            Some((count, _)) => *count += 1,
            None => {
                self.unmapped.insert(reason, (1, place()));
            }
        }
    }

    /// The totals over every action.
    pub fn totals(&self) -> Counts {
        self.per_action
            .values()
            .fold(Counts::default(), |sum, c| Counts {
                would_break: sum.would_break + c.would_break,
                would_allow: sum.would_allow + c.would_allow,
                unchanged: sum.unchanged + c.unchanged,
            })
    }

    /// The records not mapped.
    pub fn unmapped_count(&self) -> usize {
        self.unmapped.values().map(|(count, _)| count).sum()
    }

    /// The summary as text: one line an action, then the totals and the unmapped records.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let width = self
            .per_action
            .keys()
            .map(String::len)
            .max()
            .unwrap_or(6)
            .max(6);
        let _ = writeln!(
            out,
            "{:width$}  would-break  would-allow  unchanged",
            "action"
        );
        for (action, c) in &self.per_action {
            let _ = writeln!(
                out,
                "{action:width$}  {:>11}  {:>11}  {:>9}",
                c.would_break, c.would_allow, c.unchanged
            );
        }
        let t = self.totals();
        let _ = writeln!(
            out,
            "{} calls replayed: {} would break, {} would be allowed, {} unchanged",
            t.would_break + t.would_allow + t.unchanged,
            t.would_break,
            t.would_allow,
            t.unchanged
        );
        if !self.unmapped.is_empty() {
            let _ = writeln!(out, "{} records not replayed:", self.unmapped_count());
            for (reason, (count, first)) in &self.unmapped {
                let _ = writeln!(out, "  {count:>6}  {reason} (first: {first})");
            }
        }
        if self.read_errors > 0 {
            let _ = writeln!(
                out,
                "{} records or files could not be read",
                self.read_errors
            );
        }
        out
    }
}
