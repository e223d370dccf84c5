//! Helper of the crash test (tests/crash.rs): opens the store at argv[1]
//! and records answers in a loop, printing `ACK <seq> <fact> <item> <value>`
//! after each `set_answer` returns, and every fifth round a claims-ledger
//! write, printing `CLAIM <seq> <claim id> <amount>` after it returns. The
//! test kills it with SIGKILL at arbitrary moments and checks every
//! acknowledged write survived.

use std::io::Write;
use std::path::PathBuf;

use huiqi_store::{AnswerKey, AnswerSource, ClaimFields, ClaimSource, ClaimState, NewFirm, Store};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .expect("usage: crash-writer <db> <round> [count]"),
    );
    let round: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let count: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(u64::MAX);
    let mut store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("open failed: {e}");
            std::process::exit(2);
        }
    };
    let firm = match store.list_firms().expect("list firms").first() {
        Some(f) => f.id,
        None => store
            .create_firm(&NewFirm {
                name: "崩溃测试企业".into(),
                ..NewFirm::default()
            })
            .expect("create firm"),
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    for i in 0..count {
        // A mix of firm-level facts and item facts, overwriting each other.
        let key = if i % 4 == 3 {
            AnswerKey::item(format!("f{}", i % 7), "crash.item", format!("{}", i % 3))
        } else {
            AnswerKey::firm(format!("fact-{}", i % 23))
        };
        let value = format!("r{round}-{i}");
        let rev = store
            .set_answer(firm, &key, Some(&value), AnswerSource::Typed)
            .expect("set_answer");
        let item = key
            .item
            .as_ref()
            .map(|i| format!("{}/{}", i.kind, i.id))
            .unwrap_or_else(|| "-".into());
        // A failed write means the test closed the pipe: stop.
        if writeln!(out, "ACK {} {} {} {}", rev.seq, key.fact, item, value).is_err()
            || out.flush().is_err()
        {
            return;
        }
        if i % 5 == 4 {
            let (seq, claim, amount) = write_claim(&mut store, firm, round, i);
            if writeln!(out, "CLAIM {seq} {claim} {amount}").is_err() || out.flush().is_err() {
                return;
            }
        }
    }
}

/// A new claim now and then, otherwise a new amount for the latest one.
fn write_claim(store: &mut Store, firm: i64, round: u64, i: u64) -> (i64, i64, String) {
    let amount = format!("{round}{i:06}");
    let mut fields = ClaimFields::new("crash/claim", 2026, ClaimState::Submitted);
    fields.amount = Some(amount.clone());
    let latest = store
        .claims(firm)
        .expect("claims")
        .into_iter()
        .max_by_key(|c| c.id);
    let (seq, id) = match latest {
        Some(c) if i % 15 != 4 => {
            let rev = store
                .update_claim(c.id, &fields, ClaimSource::Typed)
                .expect("update_claim");
            (rev.seq, c.id)
        }
        _ => {
            let c = store
                .add_claim(firm, &fields, ClaimSource::Typed)
                .expect("add_claim");
            (c.seq, c.id)
        }
    };
    (seq, id, amount)
}
