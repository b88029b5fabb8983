"""Dump Nova's own response-body schemas, keyed by route, as JSON.

Nova (since 2025.1) declares a JSON Schema for the response of most API
methods with `@validation.response_body_schema(schema, min, max)`. This walks
`nova.api.openstack.compute.routes.ROUTE_LIST`, finds the controller method
behind each (method, path) -- or, for `POST .../action`, every `@wsgi.action`
method of the controllers registered there -- and prints one JSON document:

    {"nova": "<version>", "routes": [
        {"method": "GET", "path": "/servers/{id}", "action": null,
         "schemas": [{"min_version": "2.1", "max_version": "2.99",
                      "schema": {...}}, ...]}, ...]}

Run inside a venv with `nova` installed (see install.sh). Classes are
inspected, never instantiated, so no configuration or database is needed.
"""

import importlib.metadata
import json
import sys

from nova.api.openstack.compute import routes


def versions(v):
    return None if v.is_null() else v.get_string()


def schemas_of(func):
    found = getattr(func, "response_body_schemas", None)
    if found is None:
        return []
    return [
        {"min_version": versions(lo), "max_version": versions(hi), "schema": s}
        for s, lo, hi in found._schemas
    ]


def actions_of(cls):
    for attr in sorted(dir(cls)):
        func = getattr(cls, attr, None)
        name = getattr(func, "wsgi_action", None)
        if name:
            yield name, func


def main():
    out = []
    for entry in routes.ROUTE_LIST:
        path, methods = entry
        if not isinstance(methods, dict):
            continue  # a redirect
        for method, (factory, attr) in sorted(methods.items()):
            main_cls, action_classes = factory.args
            if attr == "action":
                for cls in [main_cls, *action_classes]:
                    for name, func in actions_of(cls):
                        out.append({"method": method, "path": path,
                                    "action": name,
                                    "schemas": schemas_of(func)})
            else:
                func = getattr(main_cls, attr)
                out.append({"method": method, "path": path, "action": None,
                            "schemas": schemas_of(func)})
    json.dump({"nova": importlib.metadata.version("nova"), "routes": out},
              sys.stdout, indent=1, sort_keys=True, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
