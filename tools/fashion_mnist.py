"""Debian's Fashion-MNIST copy (package dataset-fashion-mnist): where it lives, its class numbers, and a
reader for its IDX files. Shared by tools/make_sample_data.py and tools/make_photo_jpegs.py."""
import gzip
import struct
import sys

import numpy as np

SOURCE = "/usr/share/datasets/fashion-mnist"
LABELS = {"tshirt": 0, "trouser": 1, "pullover": 2, "dress": 3, "coat": 4,
          "sandal": 5, "shirt": 6, "sneaker": 7, "bag": 8, "boot": 9}


def idx_array(path):
    """An IDX file (big-endian header, then unsigned bytes) as a numpy array."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    _, kind, dims = struct.unpack(">HBB", raw[:4])
    if kind != 0x08:
        sys.exit("%s: not an unsigned-byte IDX file" % path)
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
