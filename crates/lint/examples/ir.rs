fn main() {
    let p: std::path::PathBuf = std::env::args().nth(1).unwrap().into();
    let (apis, g) = speclift_model::read_path(&p, &Default::default());
    println!("global {}", g.len());
    for a in apis {
        for op in &a.api.operations {
            println!("{} {} {} body={:?} samples={:?}", op.method.as_str(), op.path, op.location,
              op.request.body.iter().map(|b| (&b.name, b.location.to_string())).collect::<Vec<_>>(),
              op.request.samples.iter().map(|s| (s.location.to_string(), s.file.clone())).collect::<Vec<_>>());
            for r in &op.responses { println!("   {} body={} samples={}", r.status.code, r.body.len(), r.samples.len()); }
        }
    }
}
