//! `cargo run --release -p eflow-bench [-- --full | --diff-only | --scale]`
//!
//! Runs the app's loads and writes against the simulator's large network (10,000 affiliates,
//! 500 offers) with 150 ms latency on every request and Everflow's network rate limit (20 requests
//! a second) enforced, and beside each one a naive sequential script (one request after another).
//! Prints, for each: time, requests sent, 429s seen, the rate-limit bound (requests / allowed
//! rate) and the ratio to it, and the diff time of the visibility matrix. The writes: a visibility
//! change, a bulk edit and a CSV onboarding of 500 affiliates.
//!
//! The naive writes (2,000 and 5,000 requests of 150 ms) take minutes: by default they are timed
//! on their first 200 requests and the total is extrapolated (and said so); `--full` runs them
//! all. `--diff-only` measures only the matrix diff (no latency, no rate limit: seconds).
//! `--scale` loads the matrix of a network five times larger (50,000 × 2,000) against its bound.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use eflow_core::csv_import;
use eflow_core::jobs::CancellationToken;
use eflow_core::plan::journal::Journal;
use eflow_core::plan::kinds::{affiliate_bulk_edit as bulk_edit, affiliate_create, visibility, PlannedWrite};
use eflow_core::plan::{executor, Account, ApplyContext, ApplyStatus};
use eflow_core::visibility_matrix::CellEdit;
use eflow_core::visibility_matrix::{self, MatrixProgress, MatrixRequest};
use everflow::*;
use everflow_sim::{Faults, Network, RateLimit, RunningSim, SimConfig};

const AFFILIATES: usize = 10_000;
const OFFERS: usize = 500;
const LATENCY: Duration = Duration::from_millis(150);
const RATE: u32 = 20;
const NAIVE_SAMPLE: usize = 200;
const CSV_ROWS: usize = 500;
/// `--scale`: a network five times larger.
const SCALE_AFFILIATES: usize = 50_000;
const SCALE_OFFERS: usize = 2_000;

struct Row {
    scenario: &'static str,
    approach: String,
    seconds: f64,
    requests: usize,
    throttled: usize,
    note: String,
}

impl Row {
    fn bound(&self) -> f64 {
        self.requests as f64 / f64::from(RATE)
    }
}

struct Bench {
    sim: RunningSim,
    client: Client,
    rows: Vec<Row>,
}

impl Bench {
    /// Requests and 429s since the last call.
    fn take_counts(&self) -> (usize, usize) {
        let requests = self.sim.requests();
        self.sim.clear_requests();
        (requests.len(), requests.iter().filter(|r| r.status == 429).count())
    }

    fn record(&mut self, scenario: &'static str, approach: &str, started: Instant, note: String) {
        let seconds = started.elapsed().as_secs_f64();
        let (requests, throttled) = self.take_counts();
        self.rows.push(Row { scenario, approach: approach.into(), seconds, requests, throttled, note });
    }

    /// A naive run timed on `sample` of `total` requests: the time is scaled to `total`.
    fn record_sampled(
        &mut self,
        scenario: &'static str,
        approach: &str,
        started: Instant,
        sample: usize,
        total: usize,
    ) {
        let seconds = started.elapsed().as_secs_f64();
        let (requests, throttled) = self.take_counts();
        let scale = total as f64 / sample.max(1) as f64;
        let note = if sample < total {
            format!("timed on {sample} of {total} requests, total extrapolated")
        } else {
            String::new()
        };
        self.rows.push(Row {
            scenario,
            approach: approach.into(),
            seconds: seconds * scale,
            requests: (requests as f64 * scale).round() as usize,
            throttled,
            note,
        });
    }
}

fn nothing(_: Progress) {}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let full = std::env::args().any(|a| a == "--full");
    let diff_only = std::env::args().any(|a| a == "--diff-only");
    if std::env::args().any(|a| a == "--scale") {
        return scale().await;
    }
    let built = Instant::now();
    let network = Network::large(AFFILIATES, OFFERS, 42);
    let config = if diff_only {
        SimConfig::default()
    } else {
        SimConfig {
            rate_limit: Some(RateLimit { per_second: RATE, burst: RATE }),
            faults: Faults { latency: LATENCY, ..Faults::default() },
            ..SimConfig::default()
        }
    };
    let sim = RunningSim::start(network, config).await.expect("simulator");
    let key = ApiKey::new(sim.network_key()).expect("key");
    let client = Client::new(ClientConfig::new(Region::Custom(sim.base_url()), key, KeyKind::Network)).expect("client");
    if diff_only {
        println!("Simulator: {AFFILIATES} affiliates × {OFFERS} offers, no latency or rate limit (diff only).\n");
    } else {
        println!(
            "Simulator: {AFFILIATES} affiliates × {OFFERS} offers (built in {:.1} s), {} ms latency per request, {RATE} requests/s enforced.\n",
            built.elapsed().as_secs_f64(),
            LATENCY.as_millis()
        );
    }
    let mut bench = Bench { sim, client, rows: Vec::new() };
    let client = bench.client.clone();
    if diff_only {
        let none = |_: MatrixProgress| {};
        let matrix =
            visibility_matrix::load_matrix(&client, &MatrixRequest::default(), &CancellationToken::new(), &none)
                .await
                .unwrap();
        print_diff_times(&matrix);
        return;
    }
    let naive_total = |n: usize| if full { n } else { n.min(NAIVE_SAMPLE) };

    // 1. All affiliates.
    let started = Instant::now();
    let rows = client.affiliates_table_all(&AffiliatesTableRequest::default(), MAX_PAGE_SIZE, &[], None).await.unwrap();
    assert_eq!(rows.len(), AFFILIATES);
    bench.record("Load 10,000 affiliates", "Eflow Desk (pages of 2,000, parallel)", started, String::new());
    let started = Instant::now();
    let mut page = 1;
    loop {
        let table = client
            .affiliates_table(&AffiliatesTableRequest::default(), PageRequest { page, page_size: 50 }, &[])
            .await
            .unwrap();
        if table.affiliates.is_empty() || page * 50 >= AFFILIATES as u32 {
            break;
        }
        page += 1;
    }
    bench.record("Load 10,000 affiliates", "naive (pages of 50, one by one)", started, String::new());

    // 2. Visibility of 500 offers (through the matrix load: affiliates, offers, then visibility).
    let started = Instant::now();
    let none = |_: MatrixProgress| {};
    let matrix = visibility_matrix::load_matrix(&client, &MatrixRequest::default(), &CancellationToken::new(), &none)
        .await
        .unwrap();
    bench.record(
        "Load visibility of 500 offers",
        "Eflow Desk (matrix: 8 in flight)",
        started,
        "incl. affiliates and offers".into(),
    );
    let offer_ids: Vec<i64> = matrix.offers.iter().map(|o| o.id).collect();
    let started = Instant::now();
    for id in &offer_ids {
        client.offer_visibility(*id).await.unwrap();
    }
    bench.record("Load visibility of 500 offers", "naive (one offer after another)", started, String::new());

    // 3. A visibility change of 2,000 cells: 40 affiliates hidden from 50 public offers.
    let public: Vec<i64> =
        matrix.offers.iter().filter(|o| o.visibility_type == "public").map(|o| o.id).take(50).collect();
    let explicit: Vec<_> = matrix.visibility.iter().map(visibility_matrix::explicit_map).collect();
    let index: HashMap<i64, usize> = matrix.offers.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
    let affiliates: Vec<i64> = matrix
        .affiliates
        .iter()
        .map(|a| a.id)
        .filter(|a| public.iter().all(|o| !explicit[index[o]].contains_key(a)))
        .take(40)
        .collect();
    let edits: Vec<CellEdit> = public
        .iter()
        .flat_map(|o| affiliates.iter().map(|a| CellEdit { offer_id: *o, affiliate_id: *a, target: SetType::Hidden }))
        .collect();
    assert_eq!(edits.len(), 2_000);
    let diff_started = Instant::now();
    let changes = matrix.diff(&edits);
    let diff_time = diff_started.elapsed();
    let plan_started = Instant::now();
    let vis_plan = visibility::plan_from_matrix(&matrix, &edits).unwrap();
    let plan_time = plan_started.elapsed();
    assert_eq!(changes.len(), 2_000);
    let journal =
        Journal::new(std::env::temp_dir().join(format!("eflow-bench-{}", uuid::Uuid::new_v4())).join("journal.jsonl"));
    let account = Account {
        profile_id: "benchmark".into(),
        name: "Benchmark".into(),
        base_url: client.base_url().to_string(),
        key_kind: everflow::KeyKind::Network,
        network_id: None,
    };
    let context = || ApplyContext { journal: &journal, account: &account };
    // Plans are applied on the account they were made on.
    let on_account = |planned: PlannedWrite| PlannedWrite {
        plan: eflow_core::plan::Plan { account: Some(account.clone()), ..planned.plan },
        action: planned.action,
    };
    bench.take_counts();
    let started = Instant::now();
    let vis_write = on_account(vis_plan.clone().into());
    let report = executor::apply(&client, &vis_write, context(), &CancellationToken::new(), &nothing).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert!(report.verification.mismatches.is_empty());
    bench.record(
        "Apply visibility, 2,000 cells",
        "Eflow Desk (plan, check, send, verify)",
        started,
        format!("{} change requests; {}", vis_plan.batches, vis_plan.notices[1].split(':').next().unwrap_or_default()),
    );
    let started = Instant::now();
    let sample = naive_total(edits.len());
    for cell in edits.iter().take(sample) {
        let patch =
            AffiliateVisibilityPatch { network_offer_ids: vec![cell.offer_id], visibility_type: SetType::Visible };
        client.patch_affiliate_visibility(cell.affiliate_id, &patch).await.unwrap();
    }
    bench.record_sampled("Apply visibility, 2,000 cells", "naive (one PATCH per cell)", started, sample, edits.len());

    // 4. A bulk edit of 5,000 affiliates.
    let ids: Vec<i64> = matrix.affiliates.iter().map(|a| a.id).take(5_000).collect();
    let fields = vec![PatchField::overwrite(AffiliateField::Labels(vec!["Benchmark".into()]))];
    let started = Instant::now();
    let edit_plan =
        bulk_edit::plan_bulk_edit(&client, ids.clone(), fields.clone(), bulk_edit::DEFAULT_BATCH_SIZE).await.unwrap();
    let edit_write = on_account(edit_plan.clone().into());
    let report = executor::apply(&client, &edit_write, context(), &CancellationToken::new(), &nothing).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied, "{:?}", edit_plan.blocked_reason);
    bench.record(
        "Bulk edit, 5,000 affiliates",
        "Eflow Desk (preview, check, 100 per request, verify)",
        started,
        format!("{} apply requests", edit_plan.batches),
    );
    let started = Instant::now();
    let sample = naive_total(ids.len());
    let undo = vec![PatchField::with(AffiliateField::Labels(vec!["Benchmark".into()]), PatchOperator::Delete)];
    for id in ids.iter().take(sample) {
        let patch = AffiliatePatch { network_affiliate_ids: vec![*id], fields: undo.clone() };
        client.apply_affiliate_patch(&patch).await.unwrap();
    }
    bench.record_sampled(
        "Bulk edit, 5,000 affiliates",
        "naive (one request per affiliate)",
        started,
        sample,
        ids.len(),
    );

    // 5. CSV onboarding of 500 new affiliates: the plan (duplicate check against the network) and
    // the apply (checks again, 500 creates, then finds each one).
    let file = onboarding_csv(CSV_ROWS, "Bench Partner");
    let preview = csv_import::preview(&client, file.as_bytes()).await.unwrap();
    assert!(
        preview.rows.iter().all(|r| r.input.is_some() && r.duplicate.is_none()),
        "the file is clean: {:?}",
        preview.rows.first()
    );
    let numbers: Vec<i64> = preview.rows.iter().map(|r| i64::from(r.line)).collect();
    let inputs: Vec<AffiliateInput> = preview.rows.into_iter().filter_map(|r| r.input).collect();
    bench.take_counts();
    let started = Instant::now();
    let create_plan = affiliate_create::plan_create(&client, inputs, numbers, false, true).await.unwrap();
    let create_write = on_account(create_plan.clone().into());
    let report = executor::apply(&client, &create_write, context(), &CancellationToken::new(), &nothing).await.unwrap();
    assert_eq!(report.status, ApplyStatus::Applied);
    assert!(report.verification.mismatches.is_empty());
    bench.record(
        "CSV onboarding, 500 affiliates",
        "Eflow Desk (plan, check, creates, find each)",
        started,
        format!("{} creates", create_plan.batches),
    );
    let naive_file = onboarding_csv(CSV_ROWS, "Naive Partner");
    let naive_inputs: Vec<AffiliateInput> =
        csv_import::parse(&naive_file).rows.into_iter().filter_map(|r| r.input).collect();
    let started = Instant::now();
    let sample = naive_total(naive_inputs.len());
    for input in naive_inputs.iter().take(sample) {
        client.create_affiliate(input, Some(false)).await.unwrap();
    }
    bench.record_sampled(
        "CSV onboarding, 500 affiliates",
        "naive (one create after another)",
        started,
        sample,
        naive_inputs.len(),
    );

    print_table(&bench.rows);
    println!();
    println!(
        "Visibility matrix diff of 2,000 edits against 10,000 × 500: {:.2} ms; the whole plan (diff, strategy, rows, summaries): {:.1} ms.",
        diff_time.as_secs_f64() * 1e3,
        plan_time.as_secs_f64() * 1e3
    );
    print_diff_times(&matrix);
}

/// A file of `rows` new affiliates as a manager's spreadsheet would export it.
fn onboarding_csv(rows: usize, name: &str) -> String {
    let mut file = String::from(
        "name,account_status,account_manager_id,currency,billing_frequency,payment_type,user_first_name,\
         user_last_name,user_email\n",
    );
    for i in 1..=rows {
        let email = format!("{}.{i}@example.com", name.to_lowercase().replace(' ', "."));
        file.push_str(&format!("{name} {i},active,1,USD,manual,none,Ann,Lee,{email}\n"));
    }
    file
}

/// `--scale`: the matrix of a network five times larger (50,000 affiliates × 2,000 offers) loaded
/// under the same latency and rate limit, against its bound, and the diff of a million cells.
async fn scale() {
    let built = Instant::now();
    let network = Network::large(SCALE_AFFILIATES, SCALE_OFFERS, 42);
    let config = SimConfig {
        rate_limit: Some(RateLimit { per_second: RATE, burst: RATE }),
        faults: Faults { latency: LATENCY, ..Faults::default() },
        ..SimConfig::default()
    };
    let sim = RunningSim::start(network, config).await.expect("simulator");
    let key = ApiKey::new(sim.network_key()).expect("key");
    let client = Client::new(ClientConfig::new(Region::Custom(sim.base_url()), key, KeyKind::Network)).expect("client");
    println!(
        "Simulator: {SCALE_AFFILIATES} affiliates × {SCALE_OFFERS} offers (built in {:.1} s), {} ms latency per request, {RATE} requests/s enforced.\n",
        built.elapsed().as_secs_f64(),
        LATENCY.as_millis()
    );
    let rss_before = resident_mib();
    let started = Instant::now();
    let none = |_: MatrixProgress| {};
    let matrix = visibility_matrix::load_matrix(&client, &MatrixRequest::default(), &CancellationToken::new(), &none)
        .await
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let requests = sim.requests();
    let throttled = requests.iter().filter(|r| r.status == 429).count();
    let bound = requests.len() as f64 / f64::from(RATE);
    let rows = vec![Row {
        scenario: "Load the 50,000 × 2,000 matrix",
        approach: "Eflow Desk (affiliates, offers, 8 offers in flight)".into(),
        seconds,
        requests: requests.len(),
        throttled,
        note: String::new(),
    }];
    print_table(&rows);
    println!("Bound {bound:.1} s: {:.3}× the bound.", seconds / bound);
    let explicit: usize = matrix
        .visibility
        .iter()
        .map(|v| {
            v.network_affiliate_visible_ids.len()
                + v.network_affiliate_hidden_ids.len()
                + v.network_affiliate_rejected_ids.len()
        })
        .sum();
    let json = serde_json::to_vec(&matrix).map(|j| j.len()).unwrap_or(0);
    println!(
        "Held: {} affiliates, {} offers, {explicit} explicit cells ({} cells shown); as sent to the screen {:.1} MiB; \
         this process grew by {:.0} MiB while loading it.",
        matrix.affiliates.len(),
        matrix.offers.len(),
        matrix.affiliates.len() * matrix.offers.len(),
        json as f64 / 1_048_576.0,
        resident_mib() - rss_before,
    );
    print_diff_times(&matrix);
}

/// This process's resident memory, in MiB (Linux; 0 elsewhere).
fn resident_mib() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|text| text.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map(|pages| pages * 4096.0 / 1_048_576.0)
        .unwrap_or(0.0)
}

/// The pending diff at the sizes a manager makes: a few columns, and many whole columns.
fn print_diff_times(matrix: &visibility_matrix::VisibilityMatrix) {
    for columns in [1, 20, 100] {
        let edits: Vec<CellEdit> = matrix
            .offers
            .iter()
            .take(columns)
            .flat_map(|o| {
                matrix.affiliates.iter().map(|a| CellEdit {
                    offer_id: o.id,
                    affiliate_id: a.id,
                    target: SetType::Hidden,
                })
            })
            .collect();
        let started = Instant::now();
        let changes = matrix.diff(&edits);
        println!(
            "Diff of {} edits ({columns} whole column{} of {}): {:.1} ms ({} cells change).",
            edits.len(),
            if columns == 1 { "" } else { "s" },
            matrix.affiliates.len(),
            started.elapsed().as_secs_f64() * 1e3,
            changes.len()
        );
    }
}

fn print_table(rows: &[Row]) {
    println!(
        "{:<32} {:<52} {:>9} {:>9} {:>6} {:>9} {:>8}  {}",
        "Scenario", "How", "Time (s)", "Requests", "429s", "Bound (s)", "×Bound", "Note"
    );
    let mut last = "";
    for row in rows {
        let scenario = if row.scenario == last { "" } else { row.scenario };
        last = row.scenario;
        println!(
            "{:<32} {:<52} {:>9.1} {:>9} {:>6} {:>9.1} {:>8.2}  {}",
            scenario,
            row.approach,
            row.seconds,
            row.requests,
            row.throttled,
            row.bound(),
            row.seconds / row.bound().max(f64::EPSILON),
            row.note
        );
    }
    println!();
    for pair in rows.chunks(2) {
        if let [ours, naive] = pair {
            println!(
                "{}: Eflow Desk is {:.1}× faster than the naive script.",
                ours.scenario,
                naive.seconds / ours.seconds
            );
        }
    }
}
