#!/usr/bin/python3
# How far two small models get on one train/val split, for context beside tftrain's learning matrix: a
# logistic regression on the pixels and a two-convolution CNN, Adam 1e-3, batch 32, grayscale at the files'
# size, val accuracy after epoch 6 and the best within 30, seeds 1 and 2. A split on which even these stay
# below a target in 6 epochs tells the target's limit is the data, not AlexNet's recipe.
#   /usr/bin/python3 tools/probes/split_ceiling.py /tmp/tftrain-learning-matrix/data/easy
# Needs Debian's python3-torch and python3-pil (see ../shared/peer/README.md).
import os
import sys

import numpy as np
import torch
import torch.nn as nn
from PIL import Image


def load(folder):
    images, labels = [], []
    for label, name in enumerate(sorted(os.listdir(folder))):
        for file in sorted(os.listdir(os.path.join(folder, name))):
            pixels = Image.open(os.path.join(folder, name, file)).convert('L')
            images.append(np.asarray(pixels, dtype=np.float32) / 255.0)
            labels.append(label)
    return torch.tensor(np.stack(images))[:, None], torch.tensor(labels)


def models(side, classes):
    yield 'logistic regression', lambda: nn.Sequential(nn.Flatten(), nn.Linear(side * side, classes))
    yield 'two-conv CNN', lambda: nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(64 * (side // 4) ** 2, 128), nn.ReLU(), nn.Linear(128, classes))


def main(root):
    torch.set_num_threads(os.cpu_count())
    train_x, train_y = load(os.path.join(root, 'train'))
    val_x, val_y = load(os.path.join(root, 'val'))
    classes = int(train_y.max()) + 1
    for name, make in models(train_x.shape[-1], classes):
        for seed in (1, 2):
            torch.manual_seed(seed)
            model = make()
            optimizer = torch.optim.Adam(model.parameters(), 1e-3)
            best, at_six = 0.0, None
            for epoch in range(1, 31):
                model.train()
                order = torch.randperm(len(train_y))
                for start in range(0, len(order), 32):
                    batch = order[start:start + 32]
                    optimizer.zero_grad()
                    nn.functional.cross_entropy(model(train_x[batch]), train_y[batch]).backward()
                    optimizer.step()
                model.eval()
                with torch.no_grad():
                    accuracy = (model(val_x).argmax(1) == val_y).float().mean().item()
                best = max(best, accuracy)
                if epoch == 6:
                    at_six = accuracy
            print(f'{os.path.basename(root.rstrip("/"))}: {name}, seed {seed}: '
                  f'val_acc {at_six:.3f} after 6 epochs, best {best:.3f} within 30', flush=True)


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: split_ceiling.py IMAGEFOLDER_WITH_TRAIN_AND_VAL')
    main(sys.argv[1])
