#!/usr/bin/python3
"""Builds tftrain's sample data set, data/train/<class>/*.jpg and data/val/<class>/*.jpg, from the
Fashion-MNIST copy that Debian ships (package dataset-fashion-mnist, MIT licence, Zalando Research).

    apt-get install -y python3-numpy python3-pil dataset-fashion-mnist
    /usr/bin/python3 tools/make_sample_data.py            # rewrites data/train and data/val

Two classes that look alike (sneaker vs ankle boot, much as cats vs dogs are both furry animals), 64x64
RGB JPEGs. Deterministic: the same arguments give byte-identical files.
"""
import argparse
import os
import shutil
import sys

import numpy as np
from PIL import Image

from fashion_mnist import LABELS, SOURCE, idx_array


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data"))
    parser.add_argument("--classes", default="sneaker,boot")
    parser.add_argument("--train-per-class", type=int, default=500)
    parser.add_argument("--val-per-class", type=int, default=150)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    images = idx_array(os.path.join(SOURCE, "train-images-idx3-ubyte.gz"))
    labels = idx_array(os.path.join(SOURCE, "train-labels-idx1-ubyte.gz"))
    for split in ("train", "val"):
        shutil.rmtree(os.path.join(args.out, split), ignore_errors=True)

    for name in args.classes.split(","):
        rng = np.random.default_rng(args.seed * 100 + LABELS[name])
        chosen = rng.permutation(np.flatnonzero(labels == LABELS[name]))
        wanted = {"train": chosen[:args.train_per_class],
                  "val": chosen[args.train_per_class:args.train_per_class + args.val_per_class]}
        for split, indices in wanted.items():
            folder = os.path.join(args.out, split, name)
            os.makedirs(folder)
            for index in indices:
                picture = Image.fromarray(images[index], mode="L").resize((args.size, args.size), Image.BILINEAR)
                picture.convert("RGB").save(os.path.join(folder, "%s.%05d.jpg" % (name, index)), quality=90)
            print("%s/%s: %d images" % (split, name, len(indices)))


if __name__ == "__main__":
    main()
