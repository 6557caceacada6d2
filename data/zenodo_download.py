#!/usr/bin/env python3
"""Downloads the files of a Zenodo record and checks each one against the size and MD5 checksum that the
record's metadata (https://zenodo.org/api/records/<id>) publishes. Used by download_toptagging.sh and
download_hls4ml.sh. Needs only the Python standard library and curl.

    zenodo_download.py <record id> <target folder> [name filter, a substring]
"""
import hashlib, json, os, subprocess, sys, urllib.request

record, target = sys.argv[1], sys.argv[2]
pattern = sys.argv[3] if len(sys.argv) > 3 else ""
with urllib.request.urlopen(f"https://zenodo.org/api/records/{record}") as response:
    meta = json.load(response)
files = [f for f in meta["files"] if pattern in f["key"]]
if not files:
    sys.exit(f"Zenodo record {record} has no file matching '{pattern}'")
os.makedirs(target, exist_ok=True)
for f in files:
    name, size = f["key"], int(f["size"])
    algorithm, expected = f["checksum"].split(":", 1)
    path = os.path.join(target, name)
    if not (os.path.exists(path) and os.path.getsize(path) == size):
        url = f["links"]["self"]
        subprocess.run(["curl", "-fL", "--retry", "3", "-C", "-", "-o", path, url], check=True)
    actual_size = os.path.getsize(path)
    if actual_size != size:
        sys.exit(f"{name}: {actual_size} bytes, expected {size}")
    digest = hashlib.new(algorithm)
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected:
        sys.exit(f"{name}: {algorithm} {digest.hexdigest()}, expected {expected}")
    print(f"{name}: {size} bytes, {algorithm} OK")
