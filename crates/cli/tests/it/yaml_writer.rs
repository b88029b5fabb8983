//! speclift's YAML writer (`speclift_openapi::yaml`) against serde-saphyr,
//! whose text it reproduces, on the specs of every corpus tree and every
//! Synnefo API guide, in both OpenAPI versions: the same bytes, and every
//! spec laid out by the writer itself (none handed to serde-saphyr whole,
//! which would make the comparison compare serde-saphyr with itself).

use std::path::PathBuf;

use speclift_openapi::{OutputVersion, yaml};
use speclift_test_support::{CORPUS_TREES, OS_API_REF_TREES, SYNNEFO_API_GUIDES, shared};

/// The inputs of every corpus tree: an os-api-ref tree's `api-ref/source`,
/// each Synnefo guide.
fn corpus_inputs(corpus: &std::path::Path) -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = OS_API_REF_TREES
        .iter()
        .map(|tree| corpus.join(tree).join("api-ref/source"))
        .collect();
    inputs.extend(
        SYNNEFO_API_GUIDES
            .iter()
            .map(|guide| corpus.join("synnefo/docs").join(guide)),
    );
    inputs
}

#[test]
fn the_writer_gives_serde_saphyrs_text_for_every_corpus_spec() {
    let Some(corpus) = shared("corpus") else {
        return;
    };
    // Every tree of the corpus is read here (Synnefo's through its guides).
    assert!(
        CORPUS_TREES
            .iter()
            .all(|tree| *tree == "synnefo" || OS_API_REF_TREES.contains(tree))
    );
    for version in [OutputVersion::V3_1, OutputVersion::V3_2] {
        let options = speclift::GenerateOptions {
            openapi: version,
            ..Default::default()
        };
        let (inputs, mut compared) = (corpus_inputs(&corpus), 0);
        for input in &inputs {
            let generation = speclift::generate(std::slice::from_ref(input), &options);
            for api in generation.apis {
                let Some(spec) = api.spec else { continue };
                let fast = yaml::fast(&spec).unwrap_or_else(|_| {
                    panic!(
                        "{}: {} handed to serde-saphyr whole",
                        input.display(),
                        api.name
                    )
                });
                let reference = yaml::reference(&spec).unwrap();
                if fast != reference {
                    let line = fast
                        .lines()
                        .zip(reference.lines())
                        .position(|(a, b)| a != b)
                        .unwrap_or(0);
                    panic!(
                        "{}: {} differs from serde-saphyr's text at line {}:\nwriter:    {:?}\nreference: {:?}",
                        input.display(),
                        api.name,
                        line + 1,
                        fast.lines().nth(line),
                        reference.lines().nth(line)
                    );
                }
                compared += 1;
            }
        }
        // Every input writes a spec (Cinder two, one per API version).
        assert!(compared > inputs.len(), "{compared} specs compared");
    }
}
