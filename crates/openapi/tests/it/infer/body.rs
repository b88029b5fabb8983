//! One body's schema from its samples and parameter table
//! (`speclift_infer::body`), read as the emitter writes it.

use serde_json::{Value, json};
use speclift_diag::Diagnostics;
use speclift_diag::{Location, path};
use speclift_infer::Coverage;
use speclift_infer::Shape;
use speclift_infer::body::{
    body_shape, keyed_by_path_parameter, nest_fields_listed_before_wrapper, require_only_throughout,
};
use speclift_model::{Microversion, ParamIn, VersionRange};
use speclift_model::{Parameter, Sample};

fn param(name: &str, ty: &str, required: bool, line: u32) -> Parameter {
    Parameter {
        name: name.into(),
        key: name.into(),
        location_in: ParamIn::Body,
        ty: Some(ty.into()),
        required,
        description: format!("The {name}."),
        microversions: VersionRange::default(),
        location: Location::new(path("parameters.yaml"), line, 1),
        definition: None,
    }
}

fn sample(body: Value) -> Sample {
    super::sample_at("Example", body, "index.rst", 1)
}

fn schema(shape: &Shape) -> Value {
    serde_json::to_value(speclift_openapi::to_schema(shape)).unwrap()
}

/// The body schema of `params` placed onto `samples`, with diagnostics.
fn shaped(params: &[Parameter], samples: &[Sample]) -> (Value, Diagnostics) {
    let mut diags = Diagnostics::new();
    let shape =
        body_shape(params, samples, &mut Coverage::default(), &mut diags).expect("a body shape");
    (schema(&shape), diags)
}

#[test]
fn attachment_fields_land_inside_the_wrapper() {
    let body = json!({"attachment": {
        "instance_uuid": "462dcc2d-130d-4654-8db1-da0df2da6a0d",
        "connector": {"initiator": "iqn.1993-08.org.debian:01:cad181614cec", "multipath": false},
        "volume_uuid": "462dcc2d-130d-4654-8db1-da0df2da6a0d"
    }});
    let params = [
        param("attachment", "object", true, 1),
        param("instance_uuid", "string", false, 2),
        param("connector", "object", false, 3),
        param("volume_uuid", "string", true, 4),
    ];
    let (s, diags) = shaped(&params, &[sample(body)]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(s["required"], json!(["attachment"]));
    let attachment = &s["properties"]["attachment"];
    assert_eq!(attachment["description"], json!("The attachment."));
    assert_eq!(
        attachment["properties"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["instance_uuid", "connector", "volume_uuid"]
    );
    assert_eq!(attachment["required"], json!(["volume_uuid"]));
    assert_eq!(
        attachment["properties"]["instance_uuid"]["description"],
        json!("The instance_uuid.")
    );
    // `connector`'s keys are documented nowhere: it is free-form. Not
    // all its values are strings, so it is no map: the sampled keys
    // stay, untyped.
    let connector = &attachment["properties"]["connector"];
    assert_eq!(connector["type"], json!("object"));
    assert_eq!(connector["additionalProperties"], json!(true));
    let undocumented = json!({"x-openstack": {"undocumented": true}});
    assert_eq!(
        connector["properties"],
        json!({"initiator": undocumented, "multipath": undocumented})
    );
    // Nothing was placed at the top level by mistake.
    assert_eq!(s["properties"].as_object().unwrap().len(), 1);
}

#[test]
fn later_top_level_key_found_outside_the_wrapper() {
    let body = json!({"volume": {"size": 1, "name": "v"}, "OS-SCH-HNT:scheduler_hints": {"same_host": ["a"]}});
    let params = [
        param("volume", "object", true, 1),
        param("size", "integer", true, 2),
        param("name", "string", false, 3),
        param("OS-SCH-HNT:scheduler_hints", "object", false, 4),
    ];
    let (s, diags) = shaped(&params, &[sample(body)]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        s["properties"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["volume", "OS-SCH-HNT:scheduler_hints"]
    );
    assert_eq!(s["properties"]["volume"]["required"], json!(["size"]));
}

#[test]
fn incompatible_type_keeps_the_sample_type_and_warns() {
    let params = [param("size", "string", false, 7)];
    let (s, diags) = shaped(&params, &[sample(json!({"size": 10}))]);
    assert_eq!(s["properties"]["size"]["type"], json!("integer"));
    let d: Vec<_> = diags.into_iter().collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].location.as_ref().unwrap().line, 7);
    assert!(d[0].message.contains("`size`"), "{}", d[0].message);
    assert!(d[0].hint.is_some());
}

#[test]
fn compatible_type_widens_and_keeps_null() {
    let params = [
        param("progress", "float", false, 1),
        param("id", "uuid", true, 2),
    ];
    let samples = [
        sample(json!({"progress": 1, "id": "x"})),
        sample(json!({"progress": null, "id": "y"})),
    ];
    let (s, diags) = shaped(&params, &samples);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        s["properties"]["progress"]["type"],
        json!(["number", "null"])
    );
    // Documented `uuid`, but the samples show no UUIDs: no format.
    assert!(s["properties"]["id"].get("format").is_none(), "{s}");
    assert_eq!(s["required"], json!(["id"]));
}

#[test]
fn a_body_keyed_by_the_path_parameter_is_a_map() {
    let keyed = |path: &str, body: Value| {
        let mut diags = Diagnostics::default();
        let mut shape =
            body_shape(&[], &[sample(body)], &mut Coverage::default(), &mut diags).unwrap();
        keyed_by_path_parameter(&mut shape, path);
        schema(&shape)
    };
    let s = keyed(
        "/v3/types/{id}/extra_specs/{key}",
        json!({"capabilities": "gpu"}),
    );
    assert!(s.get("properties").is_none(), "{s}");
    assert!(s.get("required").is_none(), "{s}");
    // One sampled value types no other (`key_size` is an integer).
    assert!(s["additionalProperties"].get("type").is_none(), "{s}");
    assert_eq!(s["x-openstack"]["map-key"], json!("key"));
    // A wrapped resource, a record of several members, or a path that
    // names no key keeps its properties.
    for (path, body) in [
        ("/v3/volumes/{volume_id}", json!({"volume": {"id": "v"}})),
        (
            "/v3/quotas/{project_id}",
            json!({"volumes": 10, "snapshots": 10}),
        ),
        ("/v3/types/{id}/extra_specs", json!({"capabilities": "gpu"})),
    ] {
        assert!(keyed(path, body).get("properties").is_some(), "{path}");
    }
}

#[test]
fn required_only_when_every_sample_has_it() {
    let params = [param("name", "string", true, 3)];
    let samples = [sample(json!({"name": "a"})), sample(json!({}))];
    let (s, diags) = shaped(&params, &samples);
    assert!(s.get("required").is_none());
    assert_eq!(diags.len(), 1);
}

#[test]
fn undocumented_sample_fields_are_flagged_and_missing_params_added() {
    let params = [
        param("volume", "object", true, 1),
        param("size", "integer", true, 2),
        param("multiattach", "boolean", false, 3),
    ];
    let body = json!({"volume": {"size": 1, "bootable": "false"}});
    let (s, diags) = shaped(&params, &[sample(body)]);
    assert!(diags.is_empty(), "{diags:?}");
    let volume = &s["properties"]["volume"]["properties"];
    assert_eq!(
        volume["bootable"]["x-openstack"],
        json!({"undocumented": true})
    );
    assert!(volume["size"].get("x-openstack").is_none());
    assert_eq!(volume["multiattach"]["type"], json!("boolean"));
}

#[test]
fn without_samples_a_top_level_object_wraps_what_follows() {
    let params = [
        param("os-extend", "object", true, 1),
        param("new_size", "integer", true, 2),
    ];
    let (s, diags) = shaped(&params, &[]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(s["required"], json!(["os-extend"]));
    assert_eq!(
        s["properties"]["os-extend"]["required"],
        json!(["new_size"])
    );
    assert_eq!(
        s["properties"]["os-extend"]["properties"]["new_size"]["type"],
        json!("integer")
    );
}

#[test]
fn list_items_are_searched_inside_the_array_wrapper() {
    let params = [
        param("volumes", "array", true, 1),
        param("id", "uuid", true, 2),
        param("count", "integer", false, 3),
    ];
    let body = json!({"volumes": [
        {"id": "3b8b6631-1cf7-4fd7-9afb-c01e541a073c"},
        {"id": "462dcc2d-130d-4654-8db1-da0df2da6a0d"}
    ], "count": 2});
    let (s, diags) = shaped(&params, &[sample(body)]);
    assert!(diags.is_empty(), "{diags:?}");
    let item = &s["properties"]["volumes"]["items"];
    assert_eq!(item["required"], json!(["id"]));
    assert_eq!(item["properties"]["id"]["format"], json!("uuid"));
    assert_eq!(s["properties"]["count"]["description"], json!("The count."));
}

#[test]
fn maps_are_flat_undocumented_objects_only() {
    let params = [
        param("volume", "object", true, 1),
        param("metadata", "dict", false, 2),
    ];
    let body = json!({"volume": {
        "id": "x",
        "links": [{"href": "h"}],
        "metadata": {"readonly": "False", "attached_mode": "rw"}
    }});
    let (s, _) = shaped(&params, &[sample(body)]);
    let volume = &s["properties"]["volume"];
    assert_eq!(
        volume["properties"]["links"]["x-openstack"],
        json!({"undocumented": true})
    );
    let metadata = &volume["properties"]["metadata"];
    assert_eq!(
        metadata,
        &json!({"type": "object", "description": "The metadata.", "additionalProperties": true})
    );
}

#[test]
fn free_form_objects_keep_nested_members_untyped() {
    // Cinder's connection_info: the sample shows strings and numbers,
    // the service also returns null and booleans there.
    let params = [
        param("attachment", "object", true, 1),
        param("connection_info", "object", true, 2),
        param("extra", "dict", false, 3),
        param("extra.pinned", "boolean", false, 4),
    ];
    let body = json!({"attachment": {
        "connection_info": {
            "driver_volume_type": "iscsi",
            "qos_specs": 5,
            "data": {"target_lun": 0, "target_iqn": "iqn.2010-10.org.openstack:volume-1",
                     "created_at": "2017-02-28T18:09:06.000000"},
            "portals": ["10.0.0.1:3260"]
        },
        "extra": {"pinned": true, "zone": "az1"}
    }});
    let (s, diags) = shaped(&params, &[sample(body)]);
    assert!(diags.is_empty(), "{diags:?}");
    let info = &s["properties"]["attachment"]["properties"]["connection_info"];
    assert_eq!(info["type"], json!("object"));
    assert_eq!(info["additionalProperties"], json!(true));
    let undocumented = json!({"x-openstack": {"undocumented": true}});
    let members = info["properties"].as_object().unwrap();
    assert_eq!(members.len(), 4);
    for name in ["driver_volume_type", "qos_specs"] {
        assert_eq!(members[name], undocumented, "{name}");
    }
    // A container stays one (or null): its items still show.
    assert_eq!(
        members["portals"],
        json!({"type": ["array", "null"], "items": {}, "x-openstack": {"undocumented": true}})
    );
    // Nested members lose their sampled types and formats too.
    let data = &members["data"];
    assert_eq!(data["type"], json!(["object", "null"]), "{data}");
    assert_eq!(data["properties"]["created_at"], undocumented);
    // A documented member keeps its type; the others stay: no map.
    let extra = &s["properties"]["attachment"]["properties"]["extra"];
    assert_eq!(extra["properties"]["pinned"]["type"], json!("boolean"));
    assert_eq!(extra["properties"]["zone"]["type"], json!("string"));
    assert!(extra.get("additionalProperties").is_none(), "{extra}");
}

#[test]
fn null_only_samples_give_no_type_unless_a_table_does() {
    let mut untyped = param("deleted_at", "string", false, 3);
    untyped.ty = None;
    let params = [
        param("snapshot", "object", true, 1),
        param("description", "string", false, 2),
        untyped,
    ];
    let body = json!({"snapshot": {
        "description": null, "deleted_at": null, "updated_at": null, "tags": [null]
    }});
    let (s, diags) = shaped(&params, &[sample(body.clone())]);
    assert!(diags.is_empty(), "{diags:?}");
    let snapshot = &s["properties"]["snapshot"]["properties"];
    assert_eq!(snapshot["description"]["type"], json!(["string", "null"]));
    assert_eq!(
        snapshot["deleted_at"],
        json!({"description": "The deleted_at."})
    );
    assert_eq!(
        snapshot["updated_at"],
        json!({"x-openstack": {"undocumented": true}})
    );
    assert!(snapshot["tags"]["items"].get("type").is_none(), "{s}");
    // Without any table, too.
    let (s, _) = shaped(&[], &[sample(body)]);
    assert!(
        s["properties"]["snapshot"]["properties"]["updated_at"]
            .get("type")
            .is_none()
    );
}

#[test]
fn members_of_fewer_versions_than_the_body_are_not_required() {
    let v = |minor| Some(Microversion::new(3, minor));
    let mut status = param("status", "string", true, 2);
    status.microversions.min = v(27);
    let mut mode = param("mode", "string", true, 3);
    mode.microversions.min = v(54);
    let mut gone = param("legacy", "string", true, 4);
    gone.microversions.max = v(50);
    let params = [param("attachment", "object", true, 1), status, mode, gone];
    let mut at = sample(json!({"attachment": {"status": "a", "mode": "rw", "legacy": "x"}}));
    at.microversion = v(54);
    let shape = || {
        let mut diags = Diagnostics::new();
        let shape = body_shape(&params, &[at.clone()], &mut Coverage::default(), &mut diags);
        shape.unwrap()
    };
    let required = |range: VersionRange| {
        let mut s = shape();
        require_only_throughout(&mut s, range);
        schema(&s)["properties"]["attachment"]["required"].clone()
    };
    // Unbounded operation: none of the three is in every version.
    assert_eq!(required(VersionRange::default()), json!(null));
    // From 3.27 (seed 000's attachments): `status` always is.
    let from_27 = VersionRange {
        min: v(27),
        max: None,
    };
    assert_eq!(required(from_27), json!(["status"]));
    let window = VersionRange {
        min: v(27),
        max: v(50),
    };
    assert_eq!(required(window), json!(["status", "legacy"]));
    // A wrapper's own versions narrow its members' range.
    let mut s = shape();
    if let Some(wrapper) = s.property_mut("attachment") {
        wrapper.range = Some(VersionRange {
            min: v(54),
            max: None,
        });
    }
    require_only_throughout(&mut s, from_27);
    assert_eq!(
        schema(&s)["properties"]["attachment"]["required"],
        json!(["status", "mode"])
    );
    assert_eq!(schema(&s)["required"], json!(null));
}

#[test]
fn free_form_objects_of_non_strings_keep_their_keys() {
    // Nova's quota detail: `cores` is documented as an object, its
    // members nowhere; numbers are no metadata map.
    let params = [
        param("quota_set", "object", true, 1),
        param("cores", "object", true, 2),
        param("metadata", "object", false, 3),
    ];
    let body = json!({"quota_set": {
        "cores": {"in_use": 0, "limit": 20, "reserved": 0},
        "metadata": {"k": "v", "other": null}
    }});
    let (s, _) = shaped(&params, &[sample(body)]);
    let quota_set = &s["properties"]["quota_set"]["properties"];
    let cores = &quota_set["cores"];
    assert_eq!(cores["additionalProperties"], json!(true));
    let keys: Vec<_> = cores["properties"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["in_use", "limit", "reserved"]);
    assert!(quota_set["metadata"].get("properties").is_none());
}

#[test]
fn fields_listed_before_the_resource_wrapper_go_inside_it() {
    let params = [
        param("status", "string", true, 1),
        param("name", "string", false, 2),
        param("snapshot", "object", true, 3),
        param("id", "string", true, 4),
    ];
    let mut diags = Diagnostics::new();
    let mut shape = body_shape(&params, &[], &mut Coverage::default(), &mut diags).unwrap();
    // Another wrapper name (the path names `volumes`): left as documented.
    let mut other = shape.clone();
    nest_fields_listed_before_wrapper(&mut other, "volume", &params, &mut diags);
    assert_eq!(other, shape);
    assert!(diags.is_empty(), "{diags:?}");
    nest_fields_listed_before_wrapper(&mut shape, "snapshot", &params, &mut diags);
    let s = schema(&shape);
    assert_eq!(s["required"], json!(["snapshot"]));
    let snapshot = &s["properties"]["snapshot"];
    let keys: Vec<_> = snapshot["properties"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["status", "name", "id"]);
    assert_eq!(snapshot["required"], json!(["id", "status"]));
    let d = diags.into_sorted();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].location.as_ref().unwrap().line, 1);
    assert!(
        d[0].message
            .contains("`status`, `name` listed before the `snapshot` wrapper")
    );
}

#[test]
fn placeholder_names_become_additional_properties() {
    let params = [
        param("quota_class_set", "object", true, 1),
        param("gigabytes", "integer", true, 2),
        param("gigabytes_{volume_type}", "integer", true, 3),
        param("volumes_{volume_type}", "integer", true, 4),
    ];
    let body = json!({"quota_class_set": {"gigabytes": 1000, "gigabytes_lvm": -1}});
    let (s, diags) = shaped(&params, &[sample(body)]);
    assert!(diags.is_empty(), "{diags:?}");
    let set = &s["properties"]["quota_class_set"];
    let keys: Vec<_> = set["properties"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["gigabytes", "gigabytes_lvm"]);
    // The sampled key the pattern covers is documented by it.
    let lvm = &set["properties"]["gigabytes_lvm"];
    assert_eq!(lvm.pointer("/x-openstack/undocumented"), None, "{lvm}");
    assert_eq!(
        lvm["description"],
        set["additionalProperties"]["description"]
    );
    assert_eq!(set["required"], json!(["gigabytes"]));
    assert_eq!(set["additionalProperties"]["type"], json!("integer"));
    assert_eq!(
        set["x-openstack"]["key-patterns"],
        json!(["gigabytes_{volume_type}", "volumes_{volume_type}"])
    );
}

#[test]
fn documented_arrays_without_elements_borrow_a_same_named_shape() {
    let params = [
        param("server", "object", true, 1),
        param("links", "array", true, 2),
        param("flavor", "object", true, 3),
        param("flavor.links", "array", false, 4),
    ];
    let body = json!({"server": {
        "links": [{"href": "http://h/servers/1", "rel": "self"}],
        "flavor": {}
    }});
    let (s, _) = shaped(&params, &[sample(body)]);
    let server = &s["properties"]["server"]["properties"];
    let borrowed = &server["flavor"]["properties"]["links"]["items"];
    assert_eq!(borrowed, &server["links"]["items"]);
    let keys: Vec<_> = borrowed["properties"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["href", "rel"]);
}

#[test]
fn placeholder_parameters_make_maps() {
    let params = [
        param("addresses", "object", true, 1),
        param("network_label", "array", true, 2),
        param("addr", "string", true, 3),
        param("version", "integer", true, 4),
    ];
    let body = json!({"addresses": {"private": [{"addr": "192.168.1.30", "version": 4, "OS-EXT-IPS:type": "fixed"}]}});
    let (s, diags) = shaped(&params, &[sample(body)]);
    assert!(diags.is_empty(), "{diags:?}");
    let addresses = &s["properties"]["addresses"];
    assert!(addresses.get("properties").is_none(), "{addresses}");
    assert_eq!(
        addresses["x-openstack"],
        json!({"map-key": "network_label"})
    );
    let values = &addresses["additionalProperties"];
    assert_eq!(values["type"], json!("array"));
    assert_eq!(values["description"], json!("The network_label."));
    let item = &values["items"];
    assert_eq!(item["required"], json!(["addr", "version"]));
    assert_eq!(
        item["properties"]["OS-EXT-IPS:type"]["x-openstack"],
        json!({"undocumented": true})
    );

    // A top-level placeholder: the whole body is a map.
    let params = [param("spec", "string", true, 9)];
    let (s, diags) = shaped(&params, &[sample(json!({"key1": "value1"}))]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(s["additionalProperties"]["type"], json!("string"));
    assert!(s.get("properties").is_none());

    // A name extending a sample key by whole words: a renamed field
    // whose sample shows the old name, not a name for data keys.
    let params = [
        param("target_project_id", "string", false, 10),
        param("description", "string", false, 11),
    ];
    let (s, _) = shaped(&params, &[sample(json!({"project_id": "1"}))]);
    assert!(s.get("additionalProperties").is_none(), "{s}");
    let names: Vec<_> = s["properties"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["project_id", "target_project_id", "description"]);
}

#[test]
fn a_field_no_sample_shows_between_siblings_sits_beside_them() {
    let params = [
        param("quota_set", "object", true, 1),
        param("cores", "object", true, 2),
        param("floating_ips", "object", true, 3),
        param("networks", "integer", false, 4),
        param("security_groups", "object", true, 5),
    ];
    let used = json!({"in_use": 0, "limit": 10, "reserved": 0});
    let body = json!({"quota_set": {"cores": used, "floating_ips": used, "security_groups": used}});
    let (s, diags) = shaped(&params, &[sample(body)]);
    assert!(diags.is_empty(), "{diags:?}");
    let quota_set = &s["properties"]["quota_set"];
    assert_eq!(
        quota_set["properties"]["networks"]["type"],
        json!("integer")
    );
    // A wrapper no sample shows holds what the table lists after it,
    // even when a later parameter is sampled at the top.
    let params = [
        param("snapshot", "object", true, 1),
        param("size", "integer", true, 2),
        param("metadata", "object", true, 3),
    ];
    let (t, _) = shaped(&params, &[sample(json!({"metadata": {"a": "b"}}))]);
    assert_eq!(
        t["properties"]["snapshot"]["properties"]["size"]["type"],
        json!("integer")
    );
    assert!(t["properties"].get("size").is_none(), "{t}");
    let floating_ips = &quota_set["properties"]["floating_ips"];
    assert!(floating_ips.get("x-openstack").is_none(), "{floating_ips}");
    assert_eq!(
        floating_ips["properties"]["limit"],
        json!({"x-openstack": {"undocumented": true}})
    );
}

#[test]
fn a_wrapper_whose_keys_come_later_is_no_placeholder() {
    let params = [
        param("volume", "object", true, 1),
        param("new_field", "string", false, 2),
        param("size", "integer", true, 3),
    ];
    let body = json!({"volume": {"size": 1}});
    let (s, _) = shaped(&params, &[sample(body)]);
    let volume = &s["properties"]["volume"];
    assert_eq!(volume["required"], json!(["size"]));
    assert_eq!(volume["properties"]["new_field"]["type"], json!("string"));
    assert!(volume.get("additionalProperties").is_none());
}

#[test]
fn samples_outside_a_parameters_versions_do_not_count() {
    let mut locked = param("locked_reason", "string", true, 5);
    locked.microversions.min = Some(Microversion::new(2, 73));
    let mut gone = param("rxtx_factor", "float", true, 6);
    gone.microversions.max = Some(Microversion::new(2, 0));
    let mut old = sample(json!({"server": {"id": "a"}}));
    old.microversion = Some(Microversion::new(2, 1));
    let mut new = sample(json!({"server": {"id": "a", "locked_reason": "x"}}));
    new.microversion = Some(Microversion::new(2, 73));
    let params = [param("server", "object", true, 4), locked.clone(), gone];
    let (s, diags) = shaped(&params, &[old.clone(), new.clone()]);
    assert!(diags.is_empty(), "{diags:?}");
    // Optional still: the old sample lacks it and must stay valid.
    assert!(s["properties"]["server"].get("required").is_none());
    assert_eq!(
        s["properties"]["server"]["properties"]["locked_reason"]["x-openstack"],
        json!({"min-ver": "2.73"})
    );
    // A 2.73 sample without it is a documentation error.
    let mut bad = new;
    bad.body = json!({"server": {"id": "a"}});
    let params = [
        param("server", "object", true, 4),
        locked,
        param("id", "string", true, 7),
    ];
    let (_, diags) = shaped(&params, &[old, bad]);
    assert_eq!(diags.len(), 1, "{diags:?}");
}

#[test]
fn dotted_names_address_nested_fields() {
    let params = [
        param("server", "object", true, 1),
        param("flavor", "object", true, 2),
        param("flavor.id", "string", true, 3),
        param("block_device_mapping_v2", "array", false, 4),
        param("block_device_mapping_v2.boot_index", "integer", true, 5),
        param("flavor.extra_specs", "dict", false, 6),
    ];
    let body = json!({"server": {
        "flavor": {"id": "1", "links": []},
        "block_device_mapping_v2": [{"boot_index": 0, "uuid": "u"}]
    }});
    let (s, diags) = shaped(&params, &[sample(body)]);
    assert!(diags.is_empty(), "{diags:?}");
    let server = &s["properties"]["server"]["properties"];
    assert_eq!(server["flavor"]["required"], json!(["id"]));
    assert_eq!(
        server["flavor"]["properties"]["id"]["description"],
        json!("The flavor.id.")
    );
    assert_eq!(
        server["flavor"]["properties"]["extra_specs"]["type"],
        json!("object")
    );
    assert_eq!(
        server["block_device_mapping_v2"]["items"]["required"],
        json!(["boot_index"])
    );
    assert!(server.get("flavor.id").is_none());
}

#[test]
fn dotted_names_type_the_elements_of_lists_no_sample_fills() {
    let params = [
        param("server", "object", true, 1),
        param("volumes_attached", "array", true, 2),
        param("volumes_attached.id", "string", true, 3),
        param(
            "volumes_attached.delete_on_termination",
            "boolean",
            false,
            4,
        ),
        param("personality", "array", false, 5),
        param("personality.path", "string", false, 6),
    ];
    // One sample shows the list empty; none shows `personality`.
    let body = json!({"server": {"volumes_attached": []}});
    let (s, diags) = shaped(&params, &[sample(body)]);
    let server = &s["properties"]["server"]["properties"];
    let element = &server["volumes_attached"]["items"];
    assert_eq!(element["type"], json!("object"));
    assert_eq!(element["properties"]["id"]["type"], json!("string"));
    assert_eq!(
        element["properties"]["delete_on_termination"]["type"],
        json!("boolean")
    );
    assert_eq!(
        server["personality"]["items"]["properties"]["path"]["type"],
        json!("string")
    );
    // Nothing the sample shows contradicts the table: no warning but
    // the required member no sample has.
    assert!(
        diags
            .iter()
            .all(|d| d.message.contains("`volumes_attached.id`")),
        "{diags:?}"
    );
}

#[test]
fn a_dotted_name_implies_its_parent_object() {
    let params = [
        param("rebuild", "object", true, 1),
        param("personality.path", "string", true, 2),
        param("personality.contents", "string", true, 3),
    ];
    let body = json!({"rebuild": {"imageRef": "x"}});
    let (s, _) = shaped(&params, &[sample(body)]);
    let rebuild = &s["properties"]["rebuild"]["properties"];
    assert!(rebuild.get("personality.path").is_none(), "{rebuild}");
    let personality = &rebuild["personality"];
    assert_eq!(personality["type"], json!("object"));
    assert!(personality.get("x-openstack").is_none(), "{personality}");
    assert_eq!(personality["properties"]["path"]["type"], json!("string"));
    assert_eq!(personality["required"], json!(["path", "contents"]));

    // A misspelled parent is not invented.
    let params = [
        param("server", "object", true, 1),
        param("security_group.name", "string", true, 2),
    ];
    let body = json!({"server": {"security_groups": [{"name": "default"}]}});
    let (s, _) = shaped(&params, &[sample(body.clone())]);
    assert!(
        s["properties"]["server"]["properties"]
            .get("security_group")
            .is_none(),
        "{s}"
    );
    // Nor inside the sibling the table just left.
    let params = [
        param("server", "object", true, 1),
        param("security_groups", "array", false, 2),
        param("security_group.name", "string", true, 3),
    ];
    let (s, _) = shaped(&params, &[sample(body)]);
    let groups = &s["properties"]["server"]["properties"]["security_groups"];
    assert!(
        groups["items"]["properties"]
            .get("security_group")
            .is_none(),
        "{groups}"
    );
}

#[test]
fn a_field_documented_per_version_range() {
    let mut old_id = param("id", "integer", true, 1);
    old_id.microversions.max = Some(Microversion::new(2, 52));
    let mut new_id = param("id", "uuid", true, 2);
    new_id.microversions.min = Some(Microversion::new(2, 53));
    let mut old = sample(json!({"id": 1}));
    old.microversion = Some(Microversion::new(2, 1));
    let mut new = sample(json!({"id": "4f5c…"}));
    new.microversion = Some(Microversion::new(2, 53));
    let (s, diags) = shaped(&[old_id, new_id], &[old, new]);
    assert!(diags.is_empty(), "{diags:?}");
    let id = &s["properties"]["id"];
    assert_eq!(id["type"], json!(["string", "integer"]));
    assert_eq!(id["description"], json!("The id."));
    // The union of both ranges is unbounded.
    assert!(id.get("x-openstack").is_none(), "{id}");
    assert_eq!(s["required"], json!(["id"]));
}

#[test]
fn a_misspelled_wrapper_is_no_map_and_is_diagnosed() {
    // Seed 000's attachment update documents `attachement`.
    let params = [
        param("attachement", "object", true, 246),
        param("connector", "object", true, 247),
    ];
    let body = json!({"attachment": {"connector": {"initiator": "iqn", "multipath": false}}});
    let (s, diags) = shaped(&params, &[sample(body.clone())]);
    assert!(s.get("additionalProperties").is_none(), "{s}");
    let attachment = &s["properties"]["attachment"];
    assert_eq!(attachment["x-openstack"], json!({"undocumented": true}));
    assert_eq!(attachment["required"], json!(["connector"]));
    assert_eq!(
        attachment["properties"]["connector"]["description"],
        json!("The connector.")
    );
    let misspelled = &s["properties"]["attachement"];
    assert_eq!(misspelled["type"], json!("object"));
    assert!(s.get("required").is_none(), "{s}");
    let d: Vec<_> = diags.into_iter().collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].location.as_ref().unwrap().line, 246);
    assert!(
        d[0].message.contains("did you mean `attachment`"),
        "{}",
        d[0].message
    );
    assert!(d[0].hint.as_deref().unwrap().contains("rename"));
}

#[test]
fn unknown_type_is_diagnosed() {
    let params = [param("x", "strnig", false, 9)];
    let (s, diags) = shaped(&params, &[]);
    assert!(s["properties"]["x"].get("type").is_none());
    let d: Vec<_> = diags.into_iter().collect();
    assert_eq!(d.len(), 1);
    assert!(d[0].hint.as_deref().unwrap().contains("uuid"));
}
