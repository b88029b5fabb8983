//! Where generation time goes, phase by phase (read, emit, serialize,
//! example check, YAML), over Cinder and Nova. For profiling by hand:
//! `cargo run --release -p speclift --example phases`.
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let trees = [
        shared.join("cinder/api-ref/source"),
        shared.join("nova/api-ref/source"),
    ];
    for _ in 0..3 {
        let t = Instant::now();
        let mut apis = Vec::new();
        for tree in &trees {
            let (loaded, _) = speclift_model::read_path(tree, &Default::default());
            apis.extend(loaded);
        }
        let t_read = t.elapsed();
        let t = Instant::now();
        let emitted: Vec<_> = apis
            .iter()
            .map(|a| speclift_openapi::emit(&a.api))
            .collect();
        let t_emit = t.elapsed();
        let t = Instant::now();
        let values: Vec<_> = emitted
            .iter()
            .filter_map(|e| serde_json::to_value(&e.openapi).ok())
            .collect();
        let t_value = t.elapsed();
        let t = Instant::now();
        for v in &values {
            let _ = speclift_openapi::check_examples(v);
        }
        let t_check = t.elapsed();
        let t = Instant::now();
        for e in &emitted {
            let _ = speclift_openapi::to_yaml(&e.openapi);
        }
        let t_yaml = t.elapsed();
        println!(
            "read {t_read:?} emit {t_emit:?} to_value {t_value:?} check {t_check:?} yaml {t_yaml:?}"
        );
    }
}
