//! Prints the diagnostics (and optionally an outline) of one file:
//! `cargo run -p speclift-rst --example rstdump -- FILE ROOT [--tree] [--md]`.

use speclift_rst::{Block, BlockKind};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(file), Some(root)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: rstdump FILE ROOT [--tree] [--md]");
        std::process::exit(2);
    };
    let start = std::time::Instant::now();
    let (doc, diags) = speclift_rst::read_file(file.as_ref(), root.as_ref());
    let took = start.elapsed();
    for d in &diags {
        println!("{d}");
    }
    if args.iter().any(|a| a == "--tree") {
        outline(&doc.blocks, 0);
    }
    if args.iter().any(|a| a == "--md") {
        println!("{}", speclift_rst::markdown::blocks(&doc.blocks));
    }
    eprintln!(
        "{} blocks, {} diagnostics, {took:?}",
        doc.blocks.len(),
        diags.len()
    );
}

fn short(s: &str) -> String {
    let s = s.replace('\n', "⏎");
    if s.chars().count() > 70 {
        format!("{}…", s.chars().take(70).collect::<String>())
    } else {
        s
    }
}

fn outline(blocks: &[Block], depth: usize) {
    let pad = "  ".repeat(depth);
    for b in blocks {
        let l = &b.location;
        let at = format!(
            "{}:{}:{}",
            l.file.file_name().unwrap_or_default().to_string_lossy(),
            l.line,
            l.column
        );
        match &b.kind {
            BlockKind::Section { title, level } => {
                println!("{pad}{at} SECTION{level} {}", short(title))
            }
            BlockKind::Paragraph { text } => println!("{pad}{at} P {}", short(text)),
            BlockKind::BulletList { items } | BlockKind::EnumeratedList { items } => {
                println!("{pad}{at} LIST");
                for i in items {
                    println!("{pad}  ITEM {}:{}", i.location.line, i.location.column);
                    outline(&i.blocks, depth + 2);
                }
            }
            BlockKind::LiteralBlock { text } => println!("{pad}{at} LITERAL {}", short(text)),
            BlockKind::BlockQuote { blocks } => {
                println!("{pad}{at} QUOTE");
                outline(blocks, depth + 1);
            }
            BlockKind::DefinitionList { items } => {
                println!("{pad}{at} DL");
                for i in items {
                    println!("{pad}  TERM {}", short(&i.term));
                    outline(&i.definition, depth + 2);
                }
            }
            BlockKind::FieldList { fields } => {
                for f in fields {
                    println!("{pad}{at} FIELD {}: {}", f.name, short(&f.body));
                }
            }
            BlockKind::LineBlock { lines } => println!("{pad}{at} LINES {lines:?}"),
            BlockKind::Table(t) => {
                println!("{pad}{at} TABLE {:?} header_rows={}", t.kind, t.header_rows);
                for r in &t.rows {
                    let cells: Vec<String> = r
                        .cells
                        .iter()
                        .map(|c| format!("{}@{}", short(&c.text), c.location.column))
                        .collect();
                    println!("{pad}  ROW {} {}", r.location.line, cells.join(" | "));
                }
            }
            BlockKind::Directive(d) => {
                let opts: Vec<String> = d
                    .options
                    .iter()
                    .map(|o| format!(":{}: {}", o.name, o.value))
                    .collect();
                println!(
                    "{pad}{at} DIRECTIVE {} [{}] {} content={}",
                    d.name,
                    d.argument,
                    opts.join(" "),
                    d.content.len()
                );
                outline(&d.body, depth + 1);
            }
            BlockKind::Comment { text } => println!("{pad}{at} COMMENT {}", short(text)),
            BlockKind::Target { name, url } => println!("{pad}{at} TARGET {name} {url:?}"),
            BlockKind::Transition => println!("{pad}{at} TRANSITION"),
        }
    }
}
