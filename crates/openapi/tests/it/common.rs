//! Hand-made model values for emitter tests.

#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::Value;
use speclift_diag::{Location, path};
use speclift_model::{
    Api, Method, Microversion, MicroversionInfo, Operation, ParamIn, Parameter, Request, Response,
    Sample, StatusCode, Tag, VersionRange,
};

pub fn at(line: u32) -> Location {
    Location::new(path("api-ref/source/v3/volumes.inc"), line, 1)
}

pub fn api(operations: Vec<Operation>) -> Api {
    Api {
        name: "block-storage-api-v3".into(),
        title: "Block Storage API V3".into(),
        description: "The **Block Storage** API.".into(),
        dialect: "os-api-ref".into(),
        source: Location::file_start(path("api-ref/source/v3/index.rst")),
        microversions: None,
        tags: vec![
            Tag {
                name: "volumes".into(),
                description: "Volumes.".into(),
                location: at(1),
                parent: None,
                status_tables: Vec::new(),
            },
            Tag {
                name: "attachments".into(),
                description: "Attachments.".into(),
                location: at(2),
                parent: None,
                status_tables: Vec::new(),
            },
        ],
        operations,
    }
}

pub fn microversioned(mut api: Api, min: (u32, u32), max: (u32, u32)) -> Api {
    api.microversions = Some(MicroversionInfo {
        service: "volume".into(),
        range: range(Some(min), Some(max)),
    });
    api
}

pub fn range(min: Option<(u32, u32)>, max: Option<(u32, u32)>) -> VersionRange {
    VersionRange {
        min: min.map(|(a, b)| Microversion::new(a, b)),
        max: max.map(|(a, b)| Microversion::new(a, b)),
    }
}

pub fn op(method: Method, path: &str, summary: &str, line: u32) -> Operation {
    Operation {
        method,
        path: path.into(),
        query: None,
        summary: summary.into(),
        description: format!("{summary}, described."),
        tag: "volumes".into(),
        microversions: VersionRange::default(),
        deprecated: false,
        request: Request::default(),
        responses: vec![response(200, &[], vec![])],
        extensions: BTreeMap::new(),
        location: at(line),
    }
}

pub fn param(name: &str, location_in: ParamIn, ty: &str, required: bool, line: u32) -> Parameter {
    Parameter {
        name: name.into(),
        key: name.into(),
        location_in,
        ty: Some(ty.into()),
        required,
        description: format!("The {name}."),
        microversions: VersionRange::default(),
        location: at(line),
        definition: None,
    }
}

pub fn path_param(name: &str, line: u32) -> Parameter {
    param(name, ParamIn::Path, "string", true, line)
}

pub fn body(name: &str, ty: &str, required: bool, line: u32) -> Parameter {
    param(name, ParamIn::Body, ty, required, line)
}

pub fn sample(file: &str, title: &str, body: Value) -> Sample {
    Sample {
        title: title.into(),
        microversion: None,
        file: Some(file.into()),
        body,
        location: at(900),
    }
}

pub fn status(code: u16, description: &str) -> StatusCode {
    StatusCode {
        code,
        success: code < 400,
        description: description.into(),
        microversions: VersionRange::default(),
        location: at(800),
    }
}

pub fn response(code: u16, body: &[Parameter], samples: Vec<Sample>) -> Response {
    Response {
        status: status(code, ""),
        headers: vec![],
        body: body.to_vec(),
        samples,
        media: vec![],
    }
}
