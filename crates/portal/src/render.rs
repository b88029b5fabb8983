//! The pages as HTML strings. Readable without JavaScript: everything is in
//! the markup, and the script only hides what lies outside the chosen
//! microversion. Output depends on the spec alone (no clock, no hash
//! order), so pages can be snapshot-tested.

use std::fmt::Write;

use crate::html::{esc, markdown, script_json};
use crate::model::{Action, ApiPage, Body, Example, Field, Operation, Parameter, Response};
use crate::version::Range;

/// Blocks every request that does not stay on the page's own files: the
/// portal works offline, and the browser test proves it by finding no
/// violation in the console.
const CSP: &str = "default-src 'self' 'unsafe-inline' file: data:";

fn head(out: &mut String, title: &str, styles: &[&str]) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
    );
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    for href in styles {
        let _ = writeln!(out, "<link rel=\"stylesheet\" href=\"{href}\">");
    }
    out.push_str("</head>\n");
}

fn search_box(out: &mut String) {
    out.push_str(
        "<div class=\"search\"><input id=\"search\" type=\"search\" placeholder=\"Search operations and fields\" \
         aria-label=\"Search operations and fields\" autocomplete=\"off\">\
         <ol id=\"search-results\" hidden></ol></div>\n",
    );
}

fn scripts(out: &mut String) {
    out.push_str("<script src=\"assets/search-index.js\"></script>\n");
    out.push_str("<script src=\"assets/portal.js\"></script>\n");
}

fn range_attrs(range: Range) -> String {
    let mut out = String::new();
    if let Some(min) = range.min {
        let _ = write!(out, " data-min=\"{min}\"");
    }
    if let Some(max) = range.max {
        let _ = write!(out, " data-max=\"{max}\"");
    }
    out
}

fn range_badge(range: Range) -> String {
    let label = range.label();
    if label.is_empty() {
        String::new()
    } else {
        format!(
            " <span class=\"mv\" title=\"microversions\">{}</span>",
            esc(&label)
        )
    }
}

/// The links to an API's spec files and its Swagger UI view.
fn downloads(slug: &str) -> String {
    let slug = esc(slug);
    format!(
        "<a href=\"specs/{slug}.json\" download>JSON</a> · \
         <a href=\"specs/{slug}.yaml\" download>YAML</a> · \
         <a href=\"{slug}.swagger.html\">Open in Swagger UI</a>"
    )
}

/// The index: every API with its version range, operation count and tags.
pub fn index_page(pages: &[ApiPage]) -> String {
    let mut out = String::new();
    head(&mut out, "API portal", &["assets/portal.css"]);
    out.push_str("<body class=\"index\">\n<header class=\"top\"><h1>API portal</h1>\n");
    search_box(&mut out);
    out.push_str("</header>\n<main>\n<table class=\"apis\">\n<thead><tr><th>API</th><th>Version</th>\
                  <th>Microversions</th><th>Operations</th><th>Tags</th><th>Spec</th></tr></thead>\n<tbody>\n");
    for page in pages {
        let actions = page.action_count();
        let count = if actions > 0 {
            format!("{} ({actions} actions)", page.operation_count())
        } else {
            page.operation_count().to_string()
        };
        let tags: Vec<String> = page
            .sections
            .iter()
            .map(|s| {
                format!(
                    "<a href=\"{}.html#{}\">{}</a>",
                    esc(&page.slug),
                    esc(&s.anchor),
                    esc(&s.title)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr class=\"api\"><td><a href=\"{slug}.html\">{title}</a></td><td>{version}</td><td>{range}</td>\
             <td class=\"count\">{count}</td><td class=\"tags\">{tags}</td><td>{downloads}</td></tr>",
            slug = esc(&page.slug),
            title = esc(&page.title),
            version = esc(&page.version),
            range = esc(&page.range.label()),
            tags = tags.join(", "),
            downloads = downloads(&page.slug),
        );
    }
    out.push_str("</tbody>\n</table>\n</main>\n");
    scripts(&mut out);
    out.push_str("</body>\n</html>\n");
    out
}

/// One API's page.
pub fn api_page(page: &ApiPage) -> String {
    let mut out = String::new();
    head(&mut out, &page.title, &["assets/portal.css"]);
    let _ = writeln!(
        out,
        "<body class=\"api-page\" data-api=\"{}\">",
        esc(&page.slug)
    );
    out.push_str("<header class=\"top\"><a class=\"home\" href=\"index.html\">APIs</a>\n");
    let versions = page.selectable_versions();
    if !versions.is_empty() {
        out.push_str(
            "<label class=\"mv-select\">Microversion <select id=\"mv\"><option value=\"\">all</option>",
        );
        for v in &versions {
            let _ = write!(out, "<option>{v}</option>");
        }
        out.push_str("</select></label>\n");
    }
    search_box(&mut out);
    out.push_str("</header>\n<div class=\"layout\">\n<nav class=\"toc\">\n<ul>\n");
    for section in &page.sections {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{}</a><ul>",
            esc(&section.anchor),
            esc(&section.title)
        );
        for op in &section.operations {
            let _ = writeln!(
                out,
                "<li{}><a href=\"#{}\"><span class=\"method m-{}\">{}</span> {}</a></li>",
                range_attrs(op.range),
                esc(&op.anchor),
                esc(&op.method.to_ascii_lowercase()),
                esc(&op.method),
                esc(if op.summary.is_empty() {
                    &op.path
                } else {
                    &op.summary
                })
            );
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ul>\n</nav>\n<main>\n");
    let _ = writeln!(out, "<h1>{}</h1>", esc(&page.title));
    let mut facts = vec![format!("Version {}", esc(&page.version))];
    if page.range.stated {
        let service = page.service.as_deref().map(esc).unwrap_or_default();
        facts.push(format!(
            "microversions {} {}",
            service,
            esc(&page.range.label())
        ));
    }
    facts.push(format!(
        "{} operations, {} actions",
        page.operation_count(),
        page.action_count()
    ));
    facts.push(downloads(&page.slug));
    let _ = writeln!(out, "<p class=\"facts\">{}</p>", facts.join(" · "));
    if let Some(description) = &page.description {
        let _ = writeln!(
            out,
            "<div class=\"description\">{}</div>",
            markdown(description)
        );
    }
    for section in &page.sections {
        let _ = writeln!(
            out,
            "<section class=\"tag\" id=\"{}\">\n<h2>{}</h2>",
            esc(&section.anchor),
            esc(&section.title)
        );
        if let Some(description) = &section.description {
            let _ = writeln!(
                out,
                "<div class=\"description\">{}</div>",
                markdown(description)
            );
        }
        for op in &section.operations {
            operation(&mut out, op);
        }
        for also in &section.see_also {
            let _ = writeln!(
                out,
                "<p class=\"see-also\">See <a href=\"#{}\"><span class=\"method m-{}\">{}</span> <code>{}</code> {}</a>, listed under its first tag.</p>",
                esc(&also.anchor),
                esc(&also.method.to_ascii_lowercase()),
                esc(&also.method),
                esc(&also.path),
                esc(&also.summary)
            );
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</div>\n");
    scripts(&mut out);
    out.push_str("</body>\n</html>\n");
    out
}

fn operation(out: &mut String, op: &Operation) {
    let _ = writeln!(
        out,
        "<section class=\"operation{}\" id=\"{}\"{}>",
        if op.deprecated { " deprecated" } else { "" },
        esc(&op.anchor),
        range_attrs(op.range)
    );
    let _ = writeln!(
        out,
        "<h3><a class=\"anchor\" href=\"#{anchor}\" aria-label=\"link to this operation\">#</a> \
         <span class=\"method m-{lower}\">{method}</span> <code class=\"path\">{path}</code>{badge}</h3>",
        anchor = esc(&op.anchor),
        lower = esc(&op.method.to_ascii_lowercase()),
        method = esc(&op.method),
        path = esc(&op.path),
        badge = range_badge(op.range),
    );
    if !op.summary.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"summary\">{}{}</p>",
            esc(&op.summary),
            if op.deprecated {
                " <span class=\"flag\">deprecated</span>"
            } else {
                ""
            }
        );
    }
    if !op.vendor.is_empty() {
        out.push_str("<p class=\"vendor\">");
        for (key, value) in &op.vendor {
            let _ = write!(
                out,
                "<span class=\"flag\">{}: {}</span> ",
                esc(key),
                esc(value)
            );
        }
        out.push_str("</p>\n");
    }
    if let Some(description) = &op.description {
        let _ = writeln!(
            out,
            "<div class=\"description\">{}</div>",
            markdown(description)
        );
    }
    if !op.parameters.is_empty() {
        out.push_str("<h4>Parameters</h4>\n");
        parameters(out, &op.parameters);
    }
    if let Some(request) = &op.request {
        out.push_str("<h4>Request body</h4>\n");
        body(out, request, "Request");
    }
    if !op.actions.is_empty() {
        let _ = writeln!(
            out,
            "<h4>Actions</h4>\n<p class=\"note\">The request body's single key selects one of {} actions.</p>",
            op.actions.len()
        );
        for a in &op.actions {
            action(out, a);
        }
    }
    if !op.responses.is_empty() {
        out.push_str("<h4>Responses</h4>\n");
        for r in &op.responses {
            response(out, r);
        }
    }
    out.push_str("</section>\n");
}

fn parameters(out: &mut String, params: &[Parameter]) {
    out.push_str("<table class=\"params\">\n<thead><tr><th>Name</th><th>In</th><th>Type</th><th>Required</th>\
                  <th>Microversion</th><th>Description</th></tr></thead>\n<tbody>\n");
    for p in params {
        let _ = writeln!(
            out,
            "<tr{}><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            range_attrs(p.range),
            esc(&p.name),
            esc(&p.location),
            esc(&p.type_label),
            if p.required { "required" } else { "" },
            esc(&p.range.label()),
            p.description.as_deref().map(markdown).unwrap_or_default()
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn body(out: &mut String, body: &Body, kind: &str) {
    if !body.fields.is_empty() {
        fields(out, &body.fields);
    }
    examples(out, &body.examples, kind);
}

fn fields(out: &mut String, fields: &[Field]) {
    out.push_str(
        "<table class=\"fields\">\n<thead><tr><th>Field</th><th>Type</th><th>Required</th>\
                  <th>Microversion</th><th>Description</th></tr></thead>\n<tbody>\n",
    );
    for f in fields {
        let _ = writeln!(
            out,
            "<tr id=\"{id}\" class=\"d{depth}\"{attrs}><td class=\"name\" title=\"{path}\"><code>{name}</code></td>\
             <td>{ty}</td><td>{req}</td><td>{mv}</td><td>{desc}</td></tr>",
            id = esc(&f.anchor),
            depth = f.depth.min(8),
            attrs = range_attrs(f.range),
            path = esc(&f.path),
            name = esc(&f.name),
            ty = esc(&f.type_label),
            req = if f.required { "required" } else { "" },
            mv = esc(&f.range.label()),
            desc = match (&f.description, f.undocumented) {
                (Some(d), _) => markdown(d),
                (None, true) =>
                    "<span class=\"undocumented\">not documented (seen in a sample)</span>"
                        .to_owned(),
                (None, false) => String::new(),
            },
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn examples(out: &mut String, examples: &[Example], kind: &str) {
    for e in examples {
        let _ = writeln!(
            out,
            "<details class=\"example\"{}><summary>{}: {}{}</summary><pre><code>{}</code></pre></details>",
            range_attrs(e.range),
            esc(kind),
            esc(&e.title),
            range_badge(e.range),
            esc(&e.json)
        );
    }
}

fn action(out: &mut String, a: &Action) {
    let _ = writeln!(
        out,
        "<section class=\"action\" id=\"{anchor}\"{attrs}>\n<h5><a class=\"anchor\" href=\"#{anchor}\" \
         aria-label=\"link to this action\">#</a> {title} <code>{name}</code>{badge}</h5>",
        anchor = esc(&a.anchor),
        attrs = range_attrs(a.range),
        title = esc(&a.title),
        name = esc(&a.name),
        badge = range_badge(a.range),
    );
    body(out, &a.request, "Request");
    examples(out, &a.response_examples, "Response");
    out.push_str("</section>\n");
}

fn response(out: &mut String, r: &Response) {
    let class = r.status.chars().next().unwrap_or('x');
    let _ = writeln!(
        out,
        "<div class=\"response\"{}>\n<h5><span class=\"status s{}\">{}</span> {}{}</h5>",
        range_attrs(r.range),
        esc(&class.to_string()),
        esc(&r.status),
        esc(&r.description),
        range_badge(r.range)
    );
    if let Some(b) = &r.body {
        body(out, b, "Response");
    }
    out.push_str("</div>\n");
}

/// Swagger UI for one API, the spec inlined (Swagger UI cannot fetch a
/// spec from `file://`), its assets beside the pages.
pub fn swagger_page(page: &ApiPage, spec_json: &str) -> String {
    let mut out = String::new();
    head(
        &mut out,
        &format!("{} (Swagger UI)", page.title),
        &["assets/swagger-ui/swagger-ui.css"],
    );
    let _ = writeln!(
        out,
        "<body>\n<p class=\"back\"><a href=\"{}.html\">← {}</a></p>\n<div id=\"swagger-ui\"></div>",
        esc(&page.slug),
        esc(&page.title)
    );
    out.push_str("<script src=\"assets/swagger-ui/swagger-ui-bundle.js\"></script>\n<script>\n");
    let _ = writeln!(out, "const spec = {};", script_json(spec_json));
    // validatorUrl null: no badge request to the public validator.
    out.push_str(
        "window.ui = SwaggerUIBundle({ spec: spec, dom_id: \"#swagger-ui\", deepLinking: true, validatorUrl: null });\n",
    );
    out.push_str("</script>\n</body>\n</html>\n");
    out
}
