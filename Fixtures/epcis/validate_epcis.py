"""Validates EPCIS 2.0 JSON documents against GS1's JSON schema (draft-07, with format checks).

Usage: python validate_epcis.py SCHEMA DOCUMENT...   Prints one line per error; exit status 1 if any.
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
errors = 0
for path in sys.argv[2:]:
    document = json.load(open(path, encoding="utf-8"))
    for error in validator.iter_errors(document):
        errors += 1
        print(f"{path}: {'/'.join(str(p) for p in error.absolute_path)}: {error.message}")
sys.exit(1 if errors else 0)
