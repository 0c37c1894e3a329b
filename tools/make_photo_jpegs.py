#!/usr/bin/python3
"""Makes photo-sized JPEG data sets for measuring and testing tftrain on real photo sizes:
OUT/train/<class>/*.jpg and OUT/val/<class>/*.jpg, every file WIDTHxHEIGHT.

    /usr/bin/python3 tools/make_photo_jpegs.py --out /tmp/photos-500 --size 500x375
    /usr/bin/python3 tools/make_photo_jpegs.py --out /tmp/photos-12mp --size 4000x3000 \
        --train-per-class 32 --val-per-class 8

Each picture is one Fashion-MNIST item (Debian's dataset-fashion-mnist, MIT licence, Zalando Research;
sneaker vs ankle boot by default, as in tools/make_sample_data.py), tinted and scaled to about 70 % of the
shorter side, at a random place on a photo-like background: a two-colour gradient, a few soft shapes and
mild sensor-like noise. The noise matters: flat colours compress to almost nothing and decode far faster
than a camera photo; with it a 4000x3000 file at quality 90 is ~1.7 MB (a phone photo is 2-5 MB).

Needs python3-pil and python3-numpy (installed with apt-get when missing) and dataset-fashion-mnist (falls
back to synthetic items, a disc vs a square, when it is not installed). Deterministic for given arguments.
"""
import argparse
import os
import shutil
import subprocess
import sys

try:
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter
except ImportError:
    if os.environ.get("MAKE_PHOTO_JPEGS_INSTALLED"):
        sys.exit("python3-pil and python3-numpy are still missing after apt-get install")
    print("installing python3-pil and python3-numpy with apt-get…", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-q", "python3-pil", "python3-numpy"], check=True,
                   stdout=subprocess.DEVNULL)
    os.environ["MAKE_PHOTO_JPEGS_INSTALLED"] = "1"
    os.execv(sys.executable, [sys.executable] + sys.argv)

from fashion_mnist import LABELS, SOURCE, idx_array  # noqa: E402 (numpy is known to be there only now)


def items_by_class(classes, count, seed):
    """count 28x28 grayscale items per class name: Fashion-MNIST when installed, else synthetic shapes."""
    images_file = os.path.join(SOURCE, "train-images-idx3-ubyte.gz")
    if os.path.exists(images_file):
        images = idx_array(images_file)
        labels = idx_array(os.path.join(SOURCE, "train-labels-idx1-ubyte.gz"))
        chosen = {}
        for name in classes:
            rng = np.random.default_rng(seed * 100 + LABELS[name])
            chosen[name] = images[rng.permutation(np.flatnonzero(labels == LABELS[name]))[:count]]
        return chosen
    print("no %s: synthetic items (disc vs square) instead" % SOURCE, file=sys.stderr)
    chosen = {}
    for k, name in enumerate(classes):
        rng = np.random.default_rng(seed * 100 + k)
        items = []
        for _ in range(count):
            item = Image.new("L", (28, 28))
            r = int(rng.integers(7, 12))
            box = (14 - r, 14 - r, 14 + r, 14 + r)
            (ImageDraw.Draw(item).ellipse if k % 2 == 0 else ImageDraw.Draw(item).rectangle)(box, fill=255)
            items.append(np.asarray(item))
        chosen[name] = np.stack(items)
    return chosen


def photo(item, width, height, rng):
    """One item on a photo-like background, as an RGB PIL image."""
    # Background: a gradient between two random colours, built small and scaled up (smooth, cheap).
    small_w, small_h = 64, 48
    a, b = rng.uniform(40, 220, 3), rng.uniform(40, 220, 3)
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:small_h, 0:small_w]
    t = ((xx / small_w - 0.5) * np.cos(angle) + (yy / small_h - 0.5) * np.sin(angle)) + 0.5
    gradient = a[None, None, :] * (1 - t[..., None]) + b[None, None, :] * t[..., None]
    background = Image.fromarray(np.clip(gradient, 0, 255).astype(np.uint8)).resize((width, height), Image.BICUBIC)
    draw = ImageDraw.Draw(background)
    for _ in range(int(rng.integers(3, 7))):
        x0, y0 = rng.uniform(0, width), rng.uniform(0, height)
        w, h = rng.uniform(0.05, 0.4) * width, rng.uniform(0.05, 0.4) * height
        colour = tuple(int(v) for v in rng.uniform(30, 230, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x0, y0, x0 + w, y0 + h), fill=colour)
    background = background.filter(ImageFilter.GaussianBlur(max(1, min(width, height) // 300)))

    # The item: 70 % of the shorter side, tinted, pasted through its own brightness as the mask.
    side = int(min(width, height) * rng.uniform(0.6, 0.8))
    mask = Image.fromarray(item).resize((side, side), Image.BICUBIC)
    tint = rng.uniform(0.5, 1.0, 3)
    coloured = np.asarray(mask, dtype=np.float32)[..., None] * tint[None, None, :]
    left = int(rng.integers(0, width - side + 1))
    top = int(rng.integers(0, height - side + 1))
    background.paste(Image.fromarray(coloured.astype(np.uint8)), (left, top), mask)

    # Mild sensor-like noise (sigma 4 of 255), generated in float32 to keep 12 MP images quick.
    pixels = np.asarray(background, dtype=np.float32)
    pixels += rng.standard_normal(pixels.shape, dtype=np.float32) * 4.0
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="folder to (re)write train/ and val/ in")
    parser.add_argument("--size", default="500x375", help="WIDTHxHEIGHT of every file (default 500x375)")
    parser.add_argument("--classes", default="sneaker,boot")
    parser.add_argument("--train-per-class", type=int, default=200)
    parser.add_argument("--val-per-class", type=int, default=50)
    parser.add_argument("--quality", type=int, default=90, help="JPEG quality (default 90, a phone's)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        sys.exit("--size must be WIDTHxHEIGHT, e.g. 4000x3000")
    classes = args.classes.split(",")
    unknown = [name for name in classes if name not in LABELS]
    if unknown:
        sys.exit("unknown class %s; choose from %s" % (",".join(unknown), ",".join(LABELS)))

    items = items_by_class(classes, args.train_per_class + args.val_per_class, args.seed)
    for split in ("train", "val"):
        shutil.rmtree(os.path.join(args.out, split), ignore_errors=True)
    total_bytes = 0
    count = 0
    for k, name in enumerate(classes):
        rng = np.random.default_rng(args.seed * 1000 + k)
        for split, start, n in (("train", 0, args.train_per_class),
                                ("val", args.train_per_class, args.val_per_class)):
            folder = os.path.join(args.out, split, name)
            os.makedirs(folder)
            for i in range(n):
                path = os.path.join(folder, "%s.%d.jpg" % (name, i))
                photo(items[name][start + i], width, height, rng).save(path, "JPEG", quality=args.quality)
                total_bytes += os.path.getsize(path)
                count += 1
    print("wrote %d JPEGs of %dx%d to %s, %.1f MB (%.0f KB each on average)"
          % (count, width, height, args.out, total_bytes / 1e6, total_bytes / 1e3 / max(1, count)))


if __name__ == "__main__":
    main()
