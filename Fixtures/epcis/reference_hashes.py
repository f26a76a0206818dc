"""Prints the reference EPCIS event hashes (epcis-event-hash-generator) of a JSON-LD document, one per line.

Usage: python reference_hashes.py DOCUMENT
"""
import sys

from epcis_event_hash_generator.__main__ import epcis_hash_from_file

hashes, _ = epcis_hash_from_file(sys.argv[1])
print("\n".join(hashes))
