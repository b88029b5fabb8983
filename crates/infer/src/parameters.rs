//! The schema of a documented path, query or header parameter: the type
//! its table names.

use speclift_diag::Diagnostics;
use speclift_model::{ParamIn, Parameter};

use crate::body::unknown_type;
use crate::shape::Shape;
use crate::types::{self, Types};

/// The shape of a documented path, query or header parameter; an unknown
/// type name is reported and gives no type.
pub fn parameter(param: &Parameter, diags: &mut Diagnostics) -> Shape {
    let mut shape = match param.ty.as_deref() {
        Some(ty) => match types::declared(ty) {
            Some(d) => {
                let mut s = Shape::of_types(d.types);
                s.format = d.format.map(str::to_string);
                s
            }
            None => {
                diags.push(unknown_type(param, ty));
                Shape::default()
            }
        },
        None => Shape::default(),
    };
    if param.location_in == ParamIn::Path && shape.types.is_any() {
        // A path segment is text whatever the documentation says.
        shape.types = Types::STRING;
    }
    shape
}
