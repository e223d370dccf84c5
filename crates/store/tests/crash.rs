//! Crash test: a writer process records answers (and now and then a claim of
//! the ledger) and acknowledges each one after the store call returns; we SIGKILL it at seeded pseudo-random
//! moments (also mid-creation and mid-transaction), then reopen and check
//! the file is intact and every acknowledged answer is there.
//!
//! SIGKILL kills the process, not the machine: it proves atomicity and that
//! a commit is complete when `set_answer` returns; survival of power loss
//! rests on `synchronous = FULL` (see `files::configure_durable`).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use huiqi_store::Store;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Ack {
    fact: String,
    item: String,
    value: String,
}

fn parse_ack(line: &str) -> Option<(i64, Ack)> {
    let mut p = line.split(' ');
    if p.next()? != "ACK" {
        return None;
    }
    let seq = p.next()?.parse().ok()?;
    Some((
        seq,
        Ack {
            fact: p.next()?.to_string(),
            item: p.next()?.to_string(),
            value: p.next()?.to_string(),
        },
    ))
}

/// `CLAIM <seq> <claim id> <amount>`: a ledger write the writer saw commit.
fn parse_claim_ack(line: &str) -> Option<(i64, (i64, String))> {
    let mut p = line.split(' ');
    if p.next()? != "CLAIM" {
        return None;
    }
    let seq = p.next()?.parse().ok()?;
    Some((seq, (p.next()?.parse().ok()?, p.next()?.to_string())))
}

/// Every acknowledged claim revision is in its claim's history with its amount.
fn check_claims(store: &Store, acked: &BTreeMap<i64, (i64, String)>, round: usize) -> usize {
    for (seq, (claim, amount)) in acked {
        let history = store
            .claim_history(*claim)
            .unwrap_or_else(|e| panic!("round {round}: claim {claim} lost: {e}"));
        let rev = history
            .iter()
            .find(|r| r.seq == *seq)
            .unwrap_or_else(|| panic!("round {round}: acknowledged claim seq {seq} lost"));
        assert_eq!(
            rev.fields.amount.as_deref(),
            Some(amount.as_str()),
            "seq {seq}"
        );
    }
    acked.len()
}

#[test]
fn acknowledged_answers_survive_sigkill() {
    const KILLS: usize = 220;
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    let exe = env!("CARGO_BIN_EXE_huiqi-store-crash-writer");
    let mut rng = Rng(0x5EED_1234_ABCD_0042);
    let mut acked: BTreeMap<i64, Ack> = BTreeMap::new();
    let mut claims_acked: BTreeMap<i64, (i64, String)> = BTreeMap::new();
    let mut claim_checks = 0usize;
    let mut verified_total = 0usize;
    let mut kills = 0usize;
    let mut mid_write_kills = 0usize;

    for round in 0..KILLS {
        let mut child = Command::new(exe)
            .arg(&path)
            .arg(round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn writer");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        // Kill after 0..16 acknowledgements; 0 means during open/creation.
        let target = rng.below(17);
        let mut line = String::new();
        let mut seen = 0;
        while seen < target {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 {
                break;
            }
            if let Some((seq, ack)) = parse_ack(line.trim_end()) {
                acked.insert(seq, ack);
                seen += 1;
            } else if let Some((seq, c)) = parse_claim_ack(line.trim_end()) {
                claims_acked.insert(seq, c);
            }
        }
        // Land the kill at an arbitrary point of the next write.
        let spin = Duration::from_micros(rng.below(3000));
        let t = Instant::now();
        while t.elapsed() < spin {
            std::hint::spin_loop();
        }
        child.kill().expect("kill");
        kills += 1;
        // Lines already written before the kill are acknowledgements too.
        loop {
            line.clear();
            if out.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            if let Some((seq, ack)) = parse_ack(line.trim_end()) {
                acked.insert(seq, ack);
                mid_write_kills += 1;
            } else if let Some((seq, c)) = parse_claim_ack(line.trim_end()) {
                claims_acked.insert(seq, c);
            }
        }
        let status = child.wait().unwrap();
        assert!(!status.success(), "round {round}: writer was not killed");

        // Reopen: the file must be healthy and hold every ack.
        let store = match Store::open(&path) {
            Ok(s) => s,
            Err(e) => panic!("round {round}: reopen failed after kill: {e}"),
        };
        store
            .integrity_check()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let firms = store.list_firms().unwrap();
        claim_checks += check_claims(&store, &claims_acked, round);
        if acked.is_empty() {
            continue;
        }
        assert_eq!(firms.len(), 1, "round {round}: exactly one firm");
        let history: BTreeMap<i64, _> = store
            .answer_history(firms[0].id)
            .unwrap()
            .into_iter()
            .map(|r| (r.seq, r))
            .collect();
        for (seq, ack) in &acked {
            let rev = history
                .get(seq)
                .unwrap_or_else(|| panic!("round {round}: acknowledged seq {seq} lost"));
            assert_eq!(rev.key.fact, ack.fact, "seq {seq}");
            let item = rev
                .key
                .item
                .as_ref()
                .map(|i| format!("{}/{}", i.kind, i.id))
                .unwrap_or_else(|| "-".into());
            assert_eq!(item, ack.item, "seq {seq}");
            assert_eq!(rev.value.as_deref(), Some(ack.value.as_str()), "seq {seq}");
            verified_total += 1;
        }
    }
    let distinct = acked.len();
    let distinct_claims = claims_acked.len();
    println!(
        "crash test: {kills} kills, {distinct} distinct acknowledged answers, \
         {verified_total} ack checks (all present), {mid_write_kills} acks read after the kill, \
         {distinct_claims} acknowledged claim writes ({claim_checks} checks, all present), \
         {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(kills >= 200);
    assert!(distinct >= 500, "too few acks to mean anything: {distinct}");
    assert!(
        distinct_claims >= 50,
        "too few claim acks to mean anything: {distinct_claims}"
    );
}
