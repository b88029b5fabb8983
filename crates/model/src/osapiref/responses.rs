//! Responses from the listed status codes, with the response parameters
//! and samples attached to the success codes.

use super::*;
use crate::ir::{Parameter, Response, Sample, StatusCode};

/// One response per status code, first listing wins. Response headers go
/// to every success code, body parameters to every success code with a
/// body (not 204), samples to the codes whose microversions they match.
pub(super) fn build_responses(
    codes: Vec<Listed>,
    headers: Vec<Parameter>,
    body: Vec<Parameter>,
    samples: Vec<Sample>,
) -> Vec<Response> {
    let mut out: Vec<Response> = Vec::new();
    for Listed { code, description } in codes {
        if out.iter().any(|r| r.status.code == code.code) {
            continue;
        }
        out.push(Response {
            status: StatusCode {
                code: code.code,
                success: code.success,
                description,
                microversions: code.microversions,
                location: code.location,
            },
            headers: Vec::new(),
            body: Vec::new(),
            samples: Vec::new(),
            media: Vec::new(),
        });
    }
    // Success codes first, as documentation lists them.
    out.sort_by_key(|r| !r.status.success);
    attach_to_success(&mut out, &headers, &body, &samples);
    out
}

pub(super) fn attach_to_success(
    out: &mut [Response],
    headers: &[Parameter],
    body: &[Parameter],
    samples: &[Sample],
) {
    let success: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status.success)
        .map(|(i, _)| i)
        .collect();
    let with_body: Vec<usize> = success
        .iter()
        .copied()
        .filter(|&i| out[i].status.code != 204)
        .collect();
    let body_targets = if with_body.is_empty() {
        success.iter().copied().take(1).collect()
    } else {
        with_body.clone()
    };
    let default = body_targets.first().copied();
    for &i in &success {
        out[i].headers.extend(headers.iter().cloned());
    }
    for &i in &body_targets {
        out[i].body.extend(body.iter().cloned());
    }
    for sample in samples {
        let matching: Vec<usize> = match sample.microversion {
            Some(v) => body_targets
                .iter()
                .copied()
                .filter(|&i| {
                    !out[i].status.microversions.is_unbounded()
                        && out[i].status.microversions.contains(v)
                })
                .collect(),
            None => Vec::new(),
        };
        let targets = if matching.is_empty() {
            default.into_iter().collect()
        } else {
            matching
        };
        for i in targets {
            out[i].samples.push(sample.clone());
        }
    }
}
