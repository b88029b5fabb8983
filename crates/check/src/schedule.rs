//! Which steps of a plan may be in flight together: the plan's order,
//! relaxed only where nothing can tell the difference.
//!
//! A step waits for every earlier step
//! - of another kind: creates, lookups, reads, updates, actions and
//!   deletes stay phases, so a list read sees every create settled and a
//!   delete never meets an action in flight;
//! - that touches a resource it touches: the variables it needs or
//!   produces and, through the creates that made them, what those were
//!   made from (a snapshot's steps wait for its volume's, so two requests
//!   never race on one volume, nor a backup on the volume it copies);
//! - that changes something the run does not own (a service disabled, a
//!   quota set, an attachment naming a host) or names no resource at all:
//!   such a step may affect every chain, so it also waits for all earlier
//!   steps and all later ones wait for it.
//!
//! Reads of one phase never wait for each other: they change nothing;
//! a skipped step sends nothing, so it neither waits nor is waited for.
//! Everything else overlaps by independent resource chains, at most
//! `--jobs` at once; with one job the plan order is kept exactly.
//! The scope variables (`project_id`, `tenant_id`) link nothing: every
//! request names them.

use std::collections::{BTreeMap, BTreeSet};

use crate::plan::{SCOPE_VARIABLES, Step, StepKind};
use crate::safety::Safety;

/// For each step, the earlier steps (indices) that must have ended before
/// it starts.
pub(crate) fn dependencies(steps: &[Step]) -> Vec<Vec<usize>> {
    let touched = resources(steps);
    let alone: Vec<bool> = steps
        .iter()
        .zip(&touched)
        .map(|(s, r)| affects_every_chain(s, r))
        .collect();
    let mut out = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        // A skipped step sends nothing: it waits for nothing, and nothing
        // waits for it.
        let deps = (0..i)
            .filter(|&j| step.skip.is_none() && steps[j].skip.is_none())
            .filter(|&j| {
                let earlier = &steps[j];
                earlier.kind != step.kind
                    || alone[i]
                    || alone[j]
                    || (!(both_read(earlier, step)) && !touched[i].is_disjoint(&touched[j]))
            })
            .collect();
        out.push(deps);
    }
    out
}

fn both_read(a: &Step, b: &Step) -> bool {
    a.kind == StepKind::Read && b.kind == StepKind::Read
}

/// Whether `step` must run with nothing else in flight: it changes
/// something the run did not create, or a state-changing step names no
/// resource of its own (what it changes is then not known).
fn affects_every_chain(step: &Step, touched: &BTreeSet<String>) -> bool {
    if matches!(step.kind, StepKind::Read | StepKind::Lookup) {
        return false;
    }
    step.safety == Safety::ModifyForeign || (step.kind != StepKind::Create && touched.is_empty())
}

/// The resources each step touches: its variables and, for a variable a
/// create produced, everything that create's request named, transitively.
fn resources(steps: &[Step]) -> Vec<BTreeSet<String>> {
    let linking = |v: &&String| !SCOPE_VARIABLES.contains(&v.as_str());
    let mut lineage: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut out = Vec::with_capacity(steps.len());
    for step in steps {
        let mut touched = BTreeSet::new();
        for n in step.needs.iter().filter(linking) {
            touched.insert(n.clone());
            if let Some(from) = lineage.get(n) {
                touched.extend(from.iter().cloned());
            }
        }
        for (v, _) in step.produces.iter().filter(|(v, _)| linking(&v)) {
            // The first producer in plan order defines the lineage; a later
            // one (a negative variant, a partition's setup) only joins it.
            lineage
                .entry(v.clone())
                .or_insert_with(|| touched.clone())
                .extend(touched.iter().cloned());
            touched.insert(v.clone());
        }
        out.push(touched);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Source;

    fn step(id: &str, kind: StepKind, needs: &[&str], produces: &[&str]) -> Step {
        Step {
            operation_id: id.into(),
            method: "POST".into(),
            path: "/x".into(),
            documented_path: None,
            kind,
            safety: match kind {
                StepKind::Read | StepKind::Lookup => Safety::Read,
                StepKind::Create => Safety::Create,
                StepKind::Delete => Safety::DeleteOwn,
                _ => Safety::ModifyOwn,
            },
            action: None,
            one_of_actions: false,
            needs: needs.iter().map(|s| s.to_string()).collect(),
            negative: None,
            query: vec![],
            body: None,
            body_refs: vec![],
            expected: vec![200],
            sample_status: None,
            microversion: None,
            produces: produces
                .iter()
                .map(|v| {
                    (
                        v.to_string(),
                        Source::Response {
                            pointer: "/x/id".into(),
                        },
                    )
                })
                .collect(),
            wait: None,
            delete_path: None,
            delete_body: None,
            gone_path: None,
            skip: None,
            checked: true,
            notes: vec![],
            headers: BTreeMap::new(),
        }
    }

    #[test]
    fn independent_chains_overlap_and_a_chain_keeps_its_order() {
        use StepKind::*;
        let steps = [
            step("createVolume", Create, &["project_id"], &["volume_id"]),
            step("createType", Create, &["project_id"], &["type_id"]),
            step(
                "createSnapshot",
                Create,
                &["project_id", "volume_id"],
                &["snapshot_id"],
            ),
            step("listVolumes", Read, &["project_id"], &[]),
            step("showVolume", Read, &["volume_id"], &[]),
            step("extendVolume", Action, &["volume_id"], &[]),
            step("snapshotAction", Action, &["snapshot_id"], &[]),
            step("typeAction", Action, &["type_id"], &[]),
        ];
        let deps = dependencies(&steps);
        // The project links nothing: the type does not wait for the volume.
        assert_eq!(deps[1], Vec::<usize>::new());
        // The snapshot is made from the volume.
        assert_eq!(deps[2], vec![0]);
        // Reads wait for the creates (another phase), not for each other.
        assert_eq!(deps[3], vec![0, 1, 2]);
        assert_eq!(deps[4], vec![0, 1, 2]);
        // An action on the snapshot waits for the one on its volume; the
        // type's does not.
        assert_eq!(deps[6], vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(deps[7], vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_step_on_what_the_run_does_not_own_runs_alone() {
        use StepKind::*;
        let mut disable = step("disableService", Update, &["volume_host"], &[]);
        disable.safety = Safety::ModifyForeign;
        let steps = [
            step("updateVolume", Update, &["volume_id"], &[]),
            disable,
            step("updateType", Update, &["type_id"], &[]),
            step("updateQuota", Update, &["project_id"], &[]),
            step("updateGroup", Update, &["group_id"], &[]),
        ];
        let deps = dependencies(&steps);
        assert_eq!(deps[1], vec![0]);
        assert_eq!(deps[2], vec![1]);
        // Names no resource but the scope: it runs alone too.
        assert_eq!(deps[3], vec![0, 1, 2]);
        assert_eq!(deps[4], vec![1, 3]);
    }

    #[test]
    fn a_skipped_step_neither_waits_nor_is_waited_for() {
        use StepKind::*;
        let mut foreign = step("manageVolume", Create, &["host"], &[]);
        foreign.safety = Safety::ModifyForeign;
        foreign.skip = Some("names a host".into());
        let steps = [
            step("createVolume", Create, &[], &["volume_id"]),
            foreign,
            step("createType", Create, &[], &["type_id"]),
        ];
        let deps = dependencies(&steps);
        assert!(deps.iter().all(Vec::is_empty), "{deps:?}");
    }
}
