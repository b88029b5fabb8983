//! The portal as a person sees it: built from `specs/` and from the Cinder
//! and Nova corpus specs, loaded in headless Chromium from `file://`, its
//! DOM read after the scripts ran.
//!
//! Ignored by default (it needs Chromium); `scripts/portal-browser.sh`
//! installs Chromium and runs it, and `.ci/run` calls that script. The
//! screenshot lands in `target/portal-screenshots/` (a CI artifact).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use common::{repo_root, required_input, shared, speclift};

/// The Chromium binary: `$SPECLIFT_CHROMIUM`, else `chromium` on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SPECLIFT_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
            .find(|candidate| candidate.is_file())
    })
}

struct Browser {
    binary: PathBuf,
    /// A profile of its own: other Chromium processes on the machine must
    /// not share (or lock) ours.
    profile: tempfile::TempDir,
}

/// The page after its scripts ran, and the console lines it produced.
struct Loaded {
    dom: String,
    console: Vec<String>,
}

impl Browser {
    fn new(binary: PathBuf) -> Self {
        Self {
            binary,
            profile: common::temp_dir("chromium-profile"),
        }
    }

    fn run(&self, url: &str, mode: &[&str]) -> Loaded {
        let output = Command::new(&self.binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--virtual-time-budget=10000",
                "--enable-logging=stderr",
                "--v=0",
                "--window-size=1400,1000",
            ])
            .arg(format!("--user-data-dir={}", self.profile.path().display()))
            .args(mode)
            .arg(url)
            .output()
            .expect("chromium runs");
        assert!(
            output.status.success(),
            "chromium failed on {url}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        // Every console message (log, error, CSP violation, failed load)
        // is logged as `INFO:CONSOLE…`; the portal writes none.
        let console = String::from_utf8_lossy(&output.stderr)
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(str::to_owned)
            .collect();
        Loaded {
            dom: String::from_utf8_lossy(&output.stdout).into_owned(),
            console,
        }
    }

    /// Loads `url` and asserts the console stayed silent.
    fn dom(&self, url: &str) -> String {
        let loaded = self.run(url, &["--dump-dom"]);
        assert!(
            loaded.console.is_empty(),
            "{url}: console messages (errors or blocked requests):\n{}",
            loaded.console.join("\n")
        );
        assert!(loaded.dom.contains("</html>"), "{url}: no DOM dumped");
        loaded.dom
    }
}

fn file_url(path: &Path, fragment: &str) -> String {
    let absolute = path.canonicalize().expect("site file exists");
    format!("file://{}{fragment}", absolute.display())
}

fn build_portal(inputs: &[&Path], out: &Path) {
    let mut args = vec!["portal".to_owned()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["-o".to_owned(), out.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = speclift(&args);
    assert!(
        output.status.success(),
        "speclift portal failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `(operations, action entries)` counted from the spec itself, without
/// the portal's code: every method of every path item (non-standard ones
/// under `additionalOperations`/`x-oai-additionalOperations` too), and
/// every `oneOf` branch of a JSON request body (one action each).
fn spec_counts(spec: &Value) -> (usize, usize) {
    use speclift_spec::method::{ADDITIONAL_OPERATIONS, PATH_ITEM};
    let resolve = |v: &Value| -> Value { speclift_spec::refs::resolve(spec, v).clone() };
    let (mut operations, mut actions) = (0, 0);
    for item in spec["paths"].as_object().expect("paths").values() {
        let mut ops: Vec<&Value> = PATH_ITEM.iter().filter_map(|m| item.get(*m)).collect();
        for key in ADDITIONAL_OPERATIONS {
            if let Some(extra) = item.get(key).and_then(Value::as_object) {
                ops.extend(extra.values());
            }
        }
        for op in ops {
            operations += 1;
            let body = resolve(op.get("requestBody").unwrap_or(&Value::Null));
            let schema = resolve(&body["content"]["application/json"]["schema"]);
            actions += schema["oneOf"].as_array().map_or(0, Vec::len);
        }
    }
    (operations, actions)
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The start tag of the element with `id`, as serialized after scripts ran
/// (so it shows `hidden` and classes the script set).
fn start_tag<'a>(dom: &'a str, id: &str) -> &'a str {
    let at = dom
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element #{id} in the DOM"));
    let start = dom[..at].rfind('<').expect("tag start");
    let end = at + dom[at..].find('>').expect("tag end");
    &dom[start..=end]
}

/// (1) and (4) for every API page of a site: operation and action entries
/// in the DOM equal the spec's, none hidden without a selected version,
/// and the console is silent.
fn assert_pages_match_specs(browser: &Browser, site: &Path) {
    let mut checked = 0;
    for entry in std::fs::read_dir(site.join("specs")).expect("specs/ in the site") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let spec: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("spec")).expect("JSON");
        let (operations, actions) = spec_counts(&spec);
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("stem");
        let dom = browser.dom(&file_url(&site.join(format!("{stem}.html")), ""));
        assert_eq!(
            count(&dom, "<section class=\"operation"),
            operations,
            "{stem}: operations in the DOM vs the spec"
        );
        assert_eq!(
            count(&dom, "<section class=\"action\""),
            actions,
            "{stem}: action entries in the DOM vs the spec"
        );
        assert_eq!(
            count(&dom, " hidden=\"\""),
            1,
            "{stem}: only the empty search list is hidden"
        );
        checked += 1;
    }
    assert!(checked > 0, "no API page checked in {}", site.display());
}

/// (4) without a browser: every `src`/`href` of a stylesheet or script in
/// the site's pages is a relative file that exists, so nothing is loaded
/// from elsewhere.
fn assert_assets_are_local(site: &Path) {
    for entry in std::fs::read_dir(site).expect("site") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).expect("page");
        for marker in ["<script src=\"", "<link rel=\"stylesheet\" href=\""] {
            for piece in html.split(marker).skip(1) {
                let target = &piece[..piece.find('"').expect("closing quote")];
                assert!(
                    !target.contains("://") && site.join(target).is_file(),
                    "{}: asset `{target}` is not a local file of the site",
                    path.display()
                );
            }
        }
    }
}

#[test]
#[ignore = "needs Chromium: scripts/portal-browser.sh installs it and runs this test"]
fn portal_in_a_browser() {
    let Some(binary) = chromium() else {
        assert!(
            required_input(
                false,
                Path::new("chromium"),
                "is installed by scripts/portal-browser.sh"
            ),
            "unreachable: required_input panics under CI"
        );
        return;
    };
    let Some(shared) = shared() else { return };
    let browser = Browser::new(binary);
    let work = common::temp_dir("portal-browser");

    // The committed seed specs.
    let seed_site = work.path().join("seed-site");
    build_portal(&[&repo_root().join("specs")], &seed_site);
    assert_assets_are_local(&seed_site);
    assert_pages_match_specs(&browser, &seed_site);

    // Cinder and Nova from the corpus, generated as users would.
    let corpus_specs = work.path().join("corpus-specs");
    let cinder = shared.join("corpus/cinder/api-ref/source");
    let nova = shared.join("corpus/nova/api-ref/source");
    let output = speclift(&[
        "gen",
        &cinder.display().to_string(),
        &nova.display().to_string(),
        "-o",
        &corpus_specs.display().to_string(),
        "--format",
        "json",
    ]);
    assert!(
        output.status.success(),
        "gen: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let site = work.path().join("corpus-site");
    build_portal(&[&corpus_specs], &site);
    assert_assets_are_local(&site);
    assert_pages_match_specs(&browser, &site);

    // (2) The attachment create request's `mode` (min_version 3.54):
    // hidden at 3.53, shown and marked as new at 3.54, shown without a
    // selection.
    let cinder_page = site.join("block-storage-api-v3.html");
    let mode = "createAttachment.request.attachment.connector.mode";
    let at = |mv: &str| browser.dom(&file_url(&cinder_page, &format!("#mv={mv}")));
    let below = at("3.53");
    assert!(
        start_tag(&below, mode).contains("hidden"),
        "{}",
        start_tag(&below, mode)
    );
    assert!(
        below.contains("data-mv=\"3.53\""),
        "the selector read #mv=3.53"
    );
    let from = at("3.54");
    let tag = start_tag(&from, mode);
    assert!(!tag.contains("hidden") && tag.contains("added"), "{tag}");
    let later = at("3.69");
    let tag = start_tag(&later, mode);
    assert!(!tag.contains("hidden") && !tag.contains("added"), "{tag}");
    // Operations follow the selector too: attachments start at 3.27.
    let early = at("3.20");
    assert!(start_tag(&early, "createAttachment").contains("hidden"));

    // (3) A search from the index finds the operation; its deep link
    // lands on it.
    let found = browser.dom(&file_url(
        &site.join("index.html"),
        "#q=create%20attachment",
    ));
    let link = "block-storage-api-v3.html#createAttachment\"";
    assert!(found.contains(link), "search results lack {link}");
    let landed = browser.dom(&file_url(&cinder_page, "#createAttachment"));
    assert!(
        landed.contains("data-landed=\"createAttachment\""),
        "the deep link did not land on its operation"
    );
    let action = browser.dom(&file_url(
        &site.join("compute-api.html"),
        "#mv=2.30&serverAction--os-migrateLive",
    ));
    assert!(action.contains("data-landed=\"serverAction--os-migrateLive\""));

    // Swagger UI renders the inlined spec offline, console silent.
    let swagger = browser.dom(&file_url(
        &site.join("block-storage-api-v3.swagger.html"),
        "",
    ));
    assert!(
        swagger.contains("opblock"),
        "Swagger UI rendered no operation"
    );

    // (5) Screenshots, 1400 px wide, kept under target/ for CI: the top of
    // a page (headless Chromium paints nothing once a page is scrolled, so
    // no deep link here).
    let shots = repo_root().join("target/portal-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    screenshot(
        &browser,
        &file_url(
            &seed_site.join("block-storage-api-v3-attachments.html"),
            "#mv=3.44",
        ),
        &shots.join("block-storage-api-v3-attachments-mv-3.44.png"),
    );
    screenshot(
        &browser,
        &file_url(&cinder_page, "#mv=3.54"),
        &shots.join("block-storage-api-v3-mv-3.54.png"),
    );
}

/// Saves a screenshot of `url` at 1400 px width to `png` and checks it is
/// a picture of that width with something on it.
fn screenshot(browser: &Browser, url: &str, png: &Path) {
    let _ = std::fs::remove_file(png);
    let loaded = browser.run(url, &[&format!("--screenshot={}", png.display())]);
    assert!(loaded.console.is_empty(), "{url}: {:?}", loaded.console);
    let bytes = std::fs::read(png).expect("screenshot written");
    assert_eq!(&bytes[1..4], b"PNG");
    let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    assert_eq!(width, 1400, "screenshot width");
    // A blank 1400x1000 page compresses to about 6 KB; text and tables
    // take far more.
    assert!(
        bytes.len() > 30_000,
        "{}: the screenshot looks blank",
        png.display()
    );
    eprintln!("screenshot: {}", png.display());
}
