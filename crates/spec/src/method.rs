//! The HTTP methods a path item holds, and where it holds the others.

/// The fixed operation fields of a path item, in the order the OpenAPI
/// specification lists them: 3.1's eight, then `query`, which 3.2 adds.
/// Every reader iterates this one list; a reader that needs another order
/// or fewer methods says so where it does.
pub const PATH_ITEM: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", QUERY,
];

/// How many of [`PATH_ITEM`] OpenAPI 3.1 has fields for (all but `query`).
pub const OPENAPI_31_FIELDS: usize = 8;

/// 3.2's field for `QUERY`; a 3.1 document keeps it under the extension.
pub const QUERY: &str = "query";

/// Where a path item keeps operations on any other method (`COPY`,
/// `MOVE`): OpenAPI 3.2's field, then the registered extension 3.1
/// documents use for the same map.
pub const ADDITIONAL_OPERATIONS: [&str; 2] = [
    "additionalOperations",
    crate::ext::X_OAI_ADDITIONAL_OPERATIONS,
];

/// The rank of a path-item field in [`PATH_ITEM`], `None` for any other
/// method (which then ranks after all of them).
pub fn rank(field: &str) -> Option<usize> {
    PATH_ITEM.iter().position(|m| *m == field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_openapis_order_with_query_last() {
        assert_eq!(rank("get"), Some(0));
        assert_eq!(rank("trace"), Some(OPENAPI_31_FIELDS - 1));
        assert_eq!(rank(QUERY), Some(OPENAPI_31_FIELDS));
        assert_eq!(rank("COPY"), None);
        // Field names are lower case; other methods are map keys.
        assert!(PATH_ITEM.iter().all(|m| *m == m.to_ascii_lowercase()));
    }
}
