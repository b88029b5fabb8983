//! The checker against a real Nova (scripts/live-nova/start.sh: Nova with
//! the fake compute driver, Placement, Neutron's API and its own Cinder):
//! seed 004's volume attachments and the whole corpus compute spec end as
//! `tests/live/nova-expectations.yaml` records, with an examined finding
//! and cause for each non-pass; afterwards Nova, Cinder and Placement hold
//! nothing the run created (their databases and their APIs).
//!
//! Runs when `SPECLIFT_LIVE_NOVA_ENV` names the env file start.sh wrote;
//! under `CI` without it the test fails, so CI cannot skip it silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value;
use speclift_check::{Cancel, Report, RunOptions, Scenario, Verdict, plan, run};

use crate::live_support;
use live_support::{
    Expectation, Listing, assert_clean_run, compare, env_file, pass_or_true_finding, required_file,
    split_variants, verdict_name,
};

const ENV_VAR: &str = "SPECLIFT_LIVE_NOVA_ENV";
const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

/// The tests share one Nova and compare what it holds: one at a time
/// ([`live_support::NOVA`]; a live-Cinder test may run beside them).
static NOVA: &Mutex<()> = &live_support::NOVA;

struct Live {
    env: BTreeMap<String, String>,
}

impl Live {
    fn get(&self, key: &str) -> &str {
        self.env
            .get(key)
            .unwrap_or_else(|| panic!("the live-nova env file has no {key}"))
    }
    fn token(&self) -> &str {
        self.get("NOVA_TOKEN")
    }
    fn db(&self, key: &str) -> PathBuf {
        PathBuf::from(self.get(key))
    }
}

fn live() -> Option<Live> {
    let env = env_file(ENV_VAR, "Nova", "scripts/live-nova/start.sh")?;
    Some(Live { env })
}

fn seed_004() -> Value {
    let path = Path::new(MANIFEST).join("../../specs/compute-api-volume-attachments.json");
    serde_json::from_str(&required_file(&path)).expect("spec is JSON")
}

/// The compute spec of the corpus' whole Nova tree, generated here.
fn corpus_compute() -> Value {
    let source = Path::new(MANIFEST).join("../../../shared/corpus/nova/api-ref/source");
    assert!(
        source.exists(),
        "reference data missing: {} (../shared/corpus)",
        source.display()
    );
    let options = speclift_model::ReadOptions {
        // Nova's samples live in doc/api_samples, beside api-ref/.
        root: Some(source.join("../..")),
        ..Default::default()
    };
    let (loaded, _) = speclift_model::read_path(&source, &options);
    let api = loaded.first().expect("the Nova tree has an API");
    serde_json::to_value(speclift_openapi::emit(&api.api).openapi).expect("spec serialises")
}

/// The corpus compute spec and its plan with the scenario, capped at the
/// live Nova's maximum microversion.
fn corpus_compute_plan(live: &Live) -> (Value, plan::Plan) {
    let spec = corpus_compute();
    let mut scenario = scenario(live);
    scenario.max_microversion = Some(live.get("NOVA_MAX_MICROVERSION").to_string());
    let plan = plan::build(&spec, &scenario, &vars(live));
    (spec, plan)
}

/// The scenario file, plus what this deployment needs on every request:
/// Nova runs without keystonemiddleware, so its context comes from these
/// headers (what a validated token would give it).
fn scenario(live: &Live) -> Scenario {
    let mut s = Scenario::from_yaml(&required_file(
        &Path::new(MANIFEST).join("tests/live/nova-scenario.yaml"),
    ))
    .expect("scenario parses");
    let project = live.get("NOVA_PROJECT_ID").to_string();
    for (name, value) in [
        ("X-User-Id", "admin".to_string()),
        ("X-Project-Id", project),
        ("X-Roles", "admin,member,reader".to_string()),
    ] {
        s.headers.insert(name.to_string(), value);
    }
    s
}

/// Values of the deployment the corpus spec's paths name and no step
/// creates: the project, the compute host (start.sh names it
/// `speclift-compute`) and its hypervisor's id, the default quota class, a
/// day for the usage audit log.
fn vars(live: &Live) -> BTreeMap<String, String> {
    let hypervisor = get_json(live, "/os-hypervisors", "2.53")
        .pointer("/hypervisors/0/id")
        .and_then(Value::as_str)
        .expect("the live Nova lists its hypervisor")
        .to_string();
    [
        ("cinder_endpoint", live.get("CINDER_ENDPOINT")),
        ("project_id", live.get("NOVA_PROJECT_ID")),
        ("tenant_id", live.get("NOVA_PROJECT_ID")),
        ("hypervisor_id", &hypervisor),
        ("hypervisor_hostname_pattern", "speclift-compute"),
        ("id", "default"),
        ("before_timestamp", "2030-01-01 00:00:00"),
        // A tag the documented replace-all-tags request sets on the server.
        ("tag", "tag1"),
        // Ids for reads of APIs Nova removed (nova-network, cells v1,
        // consoles, fping): they answer 410 Gone whatever the id, and no
        // step can create one.
        ("cell_id", "speclift-cell"),
        ("console_id", "1"),
        ("fixed_ip", "192.0.2.1"),
        ("instance_id", "00000000-0000-4000-8000-000000000001"),
        ("domain", "speclift.example"),
        ("-network_id", "00000000-0000-4000-8000-000000000002"),
        ("security_group_default_rule_id", "1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// A GET on Nova with the deployment's headers, as JSON.
fn get_json(live: &Live, path: &str, microversion: &str) -> Value {
    let url = format!("{}{path}", live.get("NOVA_ENDPOINT"));
    let out = curl(
        live,
        &url,
        &[format!("OpenStack-API-Version: compute {microversion}")],
    );
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("GET {url}: not JSON ({e})"))
}

fn curl(live: &Live, url: &str, extra: &[String]) -> Vec<u8> {
    let project = live.get("NOVA_PROJECT_ID");
    let mut command = Command::new("curl");
    command
        .args(["-s", "--max-time", "30"])
        .args(["-H", &format!("X-Auth-Token: {}", live.token())])
        .args(["-H", "X-User-Id: admin"])
        .args(["-H", &format!("X-Project-Id: {project}")])
        .args(["-H", "X-Roles: admin,member,reader"]);
    for header in extra {
        command.args(["-H", header]);
    }
    command.arg(url).output().expect("curl runs").stdout
}

fn options(live: &Live, title: &str) -> RunOptions {
    RunOptions {
        base_url: live.get("NOVA_ENDPOINT").to_string(),
        token: Some(live.token().to_string()),
        title: title.to_string(),
        request_timeout: Duration::from_secs(60),
        ..RunOptions::default()
    }
}

/// Nova's file lists the non-passes only, each with its cause.
const LISTING: Listing = Listing {
    passes: false,
    causes: true,
};

fn expectations() -> BTreeMap<String, BTreeMap<String, Expectation>> {
    live_support::expectations("nova-expectations.yaml")
}

/// `SELECT count(*)` on a service's sqlite database.
fn count(db: &Path, query: &str) -> i64 {
    let out = Command::new("sqlite3")
        .args(["-readonly", "-cmd", ".timeout 10000"])
        .arg(db)
        .arg(query)
        .output()
        .expect("sqlite3 runs (scripts/live-nova/install.sh installs it)");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| {
            panic!(
                "sqlite3 {} `{query}`: {}",
                db.display(),
                String::from_utf8_lossy(&out.stderr)
            )
        })
}

/// What Nova, Cinder and Placement hold that a run creates: live rows of
/// their databases (Nova and Cinder soft-delete, so `deleted = 0`).
fn held(live: &Live) -> BTreeMap<String, i64> {
    let nova = live.db("NOVA_DB");
    let api = live.db("NOVA_API_DB");
    let cinder = live.db("CINDER_DB");
    let placement = live.db("PLACEMENT_DB");
    let mut out = BTreeMap::new();
    for (name, db, query) in [
        (
            "nova.instances",
            &nova,
            "SELECT count(*) FROM instances WHERE deleted = 0",
        ),
        (
            "nova.block_device_mapping",
            &nova,
            "SELECT count(*) FROM block_device_mapping WHERE deleted = 0",
        ),
        (
            "nova.instance_metadata",
            &nova,
            "SELECT count(*) FROM instance_metadata WHERE deleted = 0",
        ),
        (
            "nova.migrations",
            &nova,
            "SELECT count(*) FROM migrations WHERE deleted = 0",
        ),
        ("nova_api.flavors", &api, "SELECT count(*) FROM flavors"),
        ("nova_api.key_pairs", &api, "SELECT count(*) FROM key_pairs"),
        (
            "nova_api.instance_groups",
            &api,
            "SELECT count(*) FROM instance_groups",
        ),
        (
            "nova_api.aggregates",
            &api,
            "SELECT count(*) FROM aggregates",
        ),
        (
            "nova_api.build_requests",
            &api,
            "SELECT count(*) FROM build_requests",
        ),
        (
            "cinder.volumes",
            &cinder,
            "SELECT count(*) FROM volumes WHERE deleted = 0",
        ),
        (
            "cinder.volume_attachment",
            &cinder,
            "SELECT count(*) FROM volume_attachment WHERE deleted = 0",
        ),
        (
            "placement.allocations",
            &placement,
            "SELECT count(*) FROM allocations",
        ),
        (
            "placement.consumers",
            &placement,
            "SELECT count(*) FROM consumers",
        ),
    ] {
        out.insert(name.to_string(), count(db, query));
    }
    out
}

/// What the APIs list: servers (all projects), flavors, volumes.
fn listed(live: &Live) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (name, url, pointer) in [
        (
            "nova servers",
            format!("{}/servers?all_tenants=1", live.get("NOVA_ENDPOINT")),
            "/servers",
        ),
        (
            "nova flavors",
            format!("{}/flavors?is_public=None", live.get("NOVA_ENDPOINT")),
            "/flavors",
        ),
        (
            "cinder volumes",
            format!("{}/volumes?all_tenants=1", live.get("CINDER_ENDPOINT")),
            "/volumes",
        ),
    ] {
        let body: Value = serde_json::from_slice(&curl(live, &url, &[]))
            .unwrap_or_else(|e| panic!("GET {url}: not JSON ({e})"));
        let n = body
            .pointer(pointer)
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("GET {url}: no {pointer} in {body}"))
            .len();
        out.insert(name.to_string(), n);
    }
    out
}

/// What Nova holds and lists before a run, to compare with afterwards.
struct Before {
    held: BTreeMap<String, i64>,
    listed: BTreeMap<String, usize>,
}

impl Before {
    fn take(live: &Live) -> Self {
        Before {
            held: held(live),
            listed: listed(live),
        }
    }

    /// The run left no rows behind and nothing listed.
    fn assert_nothing_left(&self, live: &Live) {
        assert_eq!(held(live), self.held, "the run left rows behind");
        assert_eq!(listed(live), self.listed, "the run left resources listed");
    }
}

fn outcome<'r>(report: &'r Report, id: &str) -> &'r speclift_check::Outcome {
    report
        .outcomes
        .iter()
        .find(|o| o.operation_id == id)
        .unwrap_or_else(|| panic!("{id} was not checked"))
}

/// Seed 004 against the live Nova: a server is booted from a volume (the
/// fixtures), a second volume attached (and `in-use` in Cinder), the
/// attachment shown and listed, then detached (`available` again); every
/// outcome is what the expectations record; nothing is left behind.
#[test]
fn seed_004_volume_attachments_against_live_nova() {
    let Some(live) = live() else { return };
    let _guard = NOVA.lock().unwrap_or_else(|e| e.into_inner());
    let before = Before::take(&live);
    let spec = seed_004();
    let plan = plan::build(&spec, &scenario(&live), &vars(&live));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let name = "compute-api-volume-attachments";
    let report = rt.block_on(run(&spec, &plan, &options(&live, name), &Cancel::new()));
    println!("== {name}\n{}", report.render_table());
    for c in &report.cleanup {
        println!("cleanup: {} — {}", c.resource, c.message);
    }
    assert_clean_run(name, &report, live.token());
    // The attachment really happened and was undone: attach, show and
    // list answered, detach was accepted (its state wait saw `available`).
    for id in [
        "attachServerVolumeAttachment",
        "listServerVolumeAttachments",
        "showServerVolumeAttachment",
        "detachServerVolumeAttachment",
    ] {
        let o = outcome(&report, id);
        assert!(o.got.starts_with('2'), "{id}: {o:?}");
    }
    // Cleanup in dependency order: the server before its volumes.
    let order: Vec<&str> = report.cleanup.iter().map(|c| c.resource.as_str()).collect();
    let at = |what: &str| order.iter().position(|r| r.contains(what));
    assert!(
        at("fixture server") < at("fixture data-volume")
            && at("fixture data-volume") < at("fixture boot-volume")
            && at("fixture boot-volume") < at("fixture flavor"),
        "{order:?}"
    );
    let expectations = expectations();
    let mismatches = compare(
        name,
        &report,
        expectations.get(name).expect("a section for seed 004"),
        LISTING,
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    before.assert_nothing_left(&live);
}

/// The whole corpus compute spec, with `--negative`, in one run (a run
/// of the compute plan takes half a minute; its invalid variants are
/// outcomes of their own, `id!variant`, judged apart):
///
/// - the plan's own operations: at least 60 % end in pass or a true
///   finding (docs or service), every other non-pass is recorded with its
///   cause;
/// - the invalid variants: every 5xx among their answers is a failure
///   naming its request, and some are rejected with a documented 4xx;
/// - nothing is left behind, no token shows.
#[test]
fn whole_compute_spec_with_negative_checks_against_live_nova() {
    let Some(live) = live() else { return };
    let _guard = NOVA.lock().unwrap_or_else(|e| e.into_inner());
    let before = Before::take(&live);
    let (spec, mut plan) = corpus_compute_plan(&live);
    let variants = plan.add_negative(&spec);
    assert!(variants > 0, "no invalid variant planned");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let name = "compute";
    let report = rt.block_on(run(
        &spec,
        &plan,
        &options(&live, "compute --negative"),
        &Cancel::new(),
    ));
    assert_clean_run("compute --negative", &report, live.token());
    let (negative, documented) = split_variants(&report);

    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for o in &documented.outcomes {
        *counts.entry(verdict_name(o.verdict)).or_default() += 1;
    }
    println!("{}\nverdicts: {counts:?}", documented.render_table());
    let expectations = expectations();
    let expected = expectations
        .get(name)
        .expect("nova-expectations.yaml has a compute section");
    let mismatches = compare(name, &documented, expected, LISTING);
    let (true_or_pass, total) = pass_or_true_finding(&documented, expected);
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(
        true_or_pass * 10 >= total * 6,
        "{true_or_pass} of {total} operations pass or are true findings, under 60 %"
    );

    let server_errors: Vec<_> = negative.iter().filter(|o| o.got.starts_with('5')).collect();
    println!(
        "{} invalid variants sent ({variants} planned); {} answered 5xx:",
        negative.len(),
        server_errors.len()
    );
    for o in &server_errors {
        println!("  {} {}: {}", o.operation_id, o.got, o.failures.join("; "));
        assert_eq!(o.verdict, Verdict::Fail, "a 5xx must fail: {o:?}");
        assert!(
            o.failures.iter().any(|f| f.contains("server error")),
            "the failure names the 5xx and its request: {o:?}"
        );
    }
    assert!(
        negative.iter().any(|o| o.verdict == Verdict::Pass),
        "no invalid variant was rejected with a documented 4xx"
    );
    before.assert_nothing_left(&live);
}
