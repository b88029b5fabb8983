//! Reading an API's operation sections, side by side where that gives
//! what reading them in turn gives.
//!
//! A large API is most of a run's reading (Cinder's v3: 180 sections, a
//! quarter of `gen`'s time), and its sections are independent but for the
//! loader's first reads ([`FirstRead`]): a file or parameter description
//! is read, and its diagnostics said, once, by the spelling of the first
//! section that names it. The first section is read in turn, so the
//! files most sections share (the API's parameters.yaml) are loaded as
//! they would be; the rest are read in chunks, each with a copy of the
//! loader. Two chunks that first-read one entry read it alike when they
//! spell it alike: its diagnostics are then the same, said twice, and
//! the repeat is dropped (the API's diagnostics are a set: every consumer
//! sorts them and drops repeats). When two chunks spell an entry
//! differently, the chunks are dropped and the sections read in turn.

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;

use speclift_diag::Diagnostic;

use super::operation::read_operation_section;
use super::{FirstRead, Loader, SectionInput};
use crate::ir::Operation;

/// Below this many sections after the first, reading in turn is as fast.
pub(super) const SIDE_BY_SIDE_FROM: usize = 16;

/// How often chunks were read and kept, and read and dropped: the tests'
/// evidence of which way a tree was read.
#[cfg(test)]
pub(super) static KEPT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
#[cfg(test)]
pub(super) static DROPPED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The operations of `sections` (each with the diagnostics said before
/// it), in order, read with `loader`, which then holds every file and
/// description read, as reading them in turn leaves it.
pub(super) fn read(
    sections: &[(Vec<Diagnostic>, SectionInput<'_>)],
    loader: &mut Loader,
    side_by_side_allowed: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Operation> {
    let Some(((before, first), rest)) = sections.split_first() else {
        return Vec::new();
    };
    diags.extend(before.iter().cloned());
    let mut operations = read_operation_section(first, loader, diags);
    let chunks = rayon::current_num_threads();
    if side_by_side_allowed
        && chunks > 1
        && rest.len() >= SIDE_BY_SIDE_FROM
        && let Some(read) = side_by_side(rest, loader, chunks)
    {
        for (ops, found, own) in read {
            operations.extend(ops);
            // A repeat of what an earlier chunk said: an entry both read.
            let known = diags.len();
            for d in found {
                if !diags[..known].contains(&d) {
                    diags.push(d);
                }
            }
            loader.absorb(own);
        }
        return operations;
    }
    in_turn(rest, loader, diags, &mut operations);
    operations
}

fn in_turn(
    sections: &[(Vec<Diagnostic>, SectionInput<'_>)],
    loader: &mut Loader,
    diags: &mut Vec<Diagnostic>,
    operations: &mut Vec<Operation>,
) {
    for (before, section) in sections {
        diags.extend(before.iter().cloned());
        operations.extend(read_operation_section(section, loader, diags));
    }
}

/// One chunk's operations and diagnostics, and its loader.
type Chunk = (Vec<Operation>, Vec<Diagnostic>, Loader);

/// `sections` read in `chunks` chunks side by side, each with a copy of
/// `loader`; `None` when two chunks first read an entry by two spellings.
fn side_by_side(
    sections: &[(Vec<Diagnostic>, SectionInput<'_>)],
    loader: &Loader,
    chunks: usize,
) -> Option<Vec<Chunk>> {
    use rayon::prelude::*;
    let base = loader.first_reads.len();
    let jobs: Vec<_> = sections
        .chunks(sections.len().div_ceil(chunks))
        .map(|chunk| (chunk, loader.clone()))
        .collect();
    let read: Vec<Chunk> = jobs
        .into_par_iter()
        .map(|(chunk, mut own)| {
            let (mut ops, mut found) = (Vec::new(), Vec::new());
            in_turn(chunk, &mut own, &mut found, &mut ops);
            (ops, found, own)
        })
        .collect();
    let mut spelled: HashMap<&(PathBuf, Option<String>), &PathBuf> = HashMap::default();
    for (_, _, own) in &read {
        for first in own.first_reads.get(base..).unwrap_or_default() {
            let FirstRead { key, display, .. } = first;
            if spelled
                .insert(key, display)
                .is_some_and(|earlier| earlier != display)
            {
                #[cfg(test)]
                DROPPED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                return None;
            }
        }
    }
    #[cfg(test)]
    KEPT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    Some(read)
}
