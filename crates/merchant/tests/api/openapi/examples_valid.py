"""Every example in an OpenAPI 3.1 document is an instance of its schema.

  examples_valid.py DOC

Checks each component schema's `example` and each operation's request and answer
examples against their schemas (OpenAPI 3.1 dialect, references resolved in the
document); prints each mismatch and exits 1 if there is any.
"""

import json
import sys

from openapi_schema_validator import OAS31Validator


def check(doc, schema, example, where, failures):
    # The schema with the document's components beside it, so `#/components/...` resolves.
    rooted = {"allOf": [schema], "components": doc.get("components", {})}
    for error in OAS31Validator(rooted).iter_errors(example):
        path = "/".join(str(p) for p in error.absolute_path)
        failures.append(f"{where}: at /{path}: {error.message[:200]}")


def main(doc_path):
    doc = json.load(open(doc_path))
    failures = []
    checked = 0
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        if "example" in schema:
            ref = {"$ref": f"#/components/schemas/{name}"}
            check(doc, ref, schema["example"], f"schema {name}", failures)
            checked += 1
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            media = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            if "example" in media:
                check(doc, media["schema"], media["example"], f"{op['operationId']} body", failures)
                checked += 1
            for status, answer in op.get("responses", {}).items():
                media = answer.get("content", {}).get("application/json", {})
                if "example" in media:
                    check(doc, media["schema"], media["example"], f"{op['operationId']} {status}", failures)
                    checked += 1
    print(json.dumps({"examples": checked, "failures": len(failures)}))
    for failure in failures:
        print(failure)
    if failures or checked == 0:
        raise SystemExit(1)


if __name__ == "__main__":
    main(sys.argv[1])
