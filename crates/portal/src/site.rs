//! Writing the site: pages, assets, search index, Swagger UI and the spec
//! files, all under one output directory with relative links only, so the
//! same tree works from `file://` and from any static host.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::model::{ApiPage, build_page};
use crate::render::{api_page, index_page, swagger_page};
use crate::search::index_script;
use crate::spec::{SpecFile, collect_inputs, read_spec};

const PORTAL_CSS: &str = include_str!("../assets/portal.css");
const PORTAL_JS: &str = include_str!("../assets/portal.js");

/// The Swagger UI files a page needs, taken from the assets
/// `utoipa-swagger-ui` compiled in (its `vendored` feature).
const SWAGGER_ASSETS: [&str; 2] = ["swagger-ui-bundle.js", "swagger-ui.css"];

/// What a build wrote.
#[derive(Debug)]
pub struct SiteSummary {
    /// `(slug, operations, actions)` per API, in input order.
    pub apis: Vec<(String, usize, usize)>,
    pub files: usize,
    pub bytes: u64,
}

/// Builds the portal for the specs named by `inputs` (files or
/// directories) into `out`.
pub fn build_site(inputs: &[PathBuf], out: &Path) -> Result<SiteSummary> {
    let files = collect_inputs(inputs)?;
    if files.is_empty() {
        bail!("no OpenAPI spec found in the inputs");
    }
    let mut specs: Vec<SpecFile> = Vec::new();
    for file in &files {
        let spec = read_spec(file)?;
        if specs.iter().any(|s| s.stem == spec.stem) {
            bail!(
                "{}: another input is also named `{}`; each API needs its own file name",
                file.display(),
                spec.stem
            );
        }
        specs.push(spec);
    }
    let pages: Vec<ApiPage> = specs.iter().map(build_page).collect();

    let mut writer = Writer {
        root: out.to_path_buf(),
        files: 0,
        bytes: 0,
    };
    writer.write("index.html", index_page(&pages).as_bytes())?;
    writer.write("assets/portal.css", PORTAL_CSS.as_bytes())?;
    writer.write("assets/portal.js", PORTAL_JS.as_bytes())?;
    writer.write("assets/search-index.js", index_script(&pages).as_bytes())?;
    write_swagger_assets(&mut writer)?;
    for (spec, page) in specs.iter().zip(&pages) {
        writer.write(&format!("{}.html", page.slug), api_page(page).as_bytes())?;
        let compact = serde_json::to_string(&spec.doc)?;
        writer.write(
            &format!("{}.swagger.html", page.slug),
            swagger_page(page, &compact).as_bytes(),
        )?;
        let bundle = with_tag_groups(&spec.doc, page);
        let mut pretty = serde_json::to_string_pretty(&bundle)?;
        pretty.push('\n');
        writer.write(&format!("specs/{}.json", page.slug), pretty.as_bytes())?;
        let options = serde_saphyr::ser_options! { indent_step: 2 };
        let yaml = serde_saphyr::to_string_with_options(&bundle, options)
            .with_context(|| format!("cannot write {} as YAML", page.slug))?;
        writer.write(&format!("specs/{}.yaml", page.slug), yaml.as_bytes())?;
    }

    Ok(SiteSummary {
        apis: pages
            .iter()
            .map(|p| (p.slug.clone(), p.operation_count(), p.action_count()))
            .collect(),
        files: writer.files,
        bytes: writer.bytes,
    })
}

/// The spec as portals that import OpenAPI want it: its tags grouped under
/// the API (`x-tagGroups`, read by Redoc and others), unless the spec
/// already groups them.
fn with_tag_groups(doc: &Value, page: &ApiPage) -> Value {
    let mut doc = doc.clone();
    if let Some(map) = doc.as_object_mut()
        && !map.contains_key(speclift_spec::ext::X_TAG_GROUPS)
    {
        let tags: Vec<&str> = page.sections.iter().map(|s| s.name.as_str()).collect();
        map.insert(
            speclift_spec::ext::X_TAG_GROUPS.to_owned(),
            json!([{ "name": page.title, "tags": tags }]),
        );
    }
    doc
}

fn write_swagger_assets(writer: &mut Writer) -> Result<()> {
    let config = Arc::new(utoipa_swagger_ui::Config::new(["spec.json"]));
    for name in SWAGGER_ASSETS {
        let file = utoipa_swagger_ui::serve(name, config.clone())
            .map_err(|e| anyhow::anyhow!("Swagger UI asset {name}: {e}"))?
            .with_context(|| format!("Swagger UI asset {name} is not compiled in"))?;
        let bytes = if file.gzpipped {
            inflate(&file.bytes).with_context(|| format!("Swagger UI asset {name}"))?
        } else {
            file.bytes.into_owned()
        };
        writer.write(&format!("assets/swagger-ui/{name}"), &bytes)?;
    }
    Ok(())
}

/// An asset compiled in gzipped (the `gzip` feature keeps 3.1 MB out of the
/// binary), as the file the portal serves.
fn inflate(gzipped: &[u8]) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(gzipped.len() * 4);
    flate2::read::GzDecoder::new(gzipped)
        .read_to_end(&mut bytes)
        .context("cannot inflate the gzipped asset")?;
    Ok(bytes)
}

struct Writer {
    root: PathBuf,
    files: usize,
    bytes: u64,
}

impl Writer {
    fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<()> {
        let path = self.root.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        self.files += 1;
        self.bytes += bytes.len() as u64;
        Ok(())
    }
}
