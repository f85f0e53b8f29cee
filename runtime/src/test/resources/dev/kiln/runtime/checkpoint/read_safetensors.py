#!/usr/bin/env python3
"""Reads a safetensors file by the format's specification with numpy alone (no Kiln code) and
prints its metadata and every tensor as JSON: an independent reader for Kiln's tests.

Layout: 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON mapping each tensor
name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the byte after the
header) plus an optional "__metadata__" map of strings, then the data.
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
          "U8": "u1", "BOOL": "?"}

with open(sys.argv[1], "rb") as f:
    raw = f.read()
(n,) = struct.unpack("<Q", raw[:8])
header = json.loads(raw[8:8 + n].decode("utf-8"))
data = raw[8 + n:]
out = {"metadata": header.pop("__metadata__", {}), "tensors": {}}
for name, entry in header.items():
    begin, end = entry["data_offsets"]
    array = np.frombuffer(data[begin:end], dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
    out["tensors"][name] = {"dtype": str(array.dtype), "shape": list(array.shape),
                            "values": array.astype(np.float64).ravel().tolist()}
print(json.dumps(out))
