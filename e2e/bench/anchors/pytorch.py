"""Same-window anchor (on demand, not in the test command): PyTorch on the Digits lab's models.

Run through `pytorch.sh`, which makes the virtual environment. For each hidden width and batch
size: one epoch of SGD at 0.1 over MNIST's 60,000 training images (shuffled), then the 10,000 test
images, as the page's epoch does; median of ANCHOR_RUNS, after one warm-up epoch, on
ANCHOR_THREADS threads (2: the machine the page's figures come from has two cores).
"""

import gzip
import os
import statistics
import time
from pathlib import Path

import numpy as np
import torch

MNIST = Path(__file__).resolve().parents[3] / "assets" / "mnist"


def load(images, labels):
    pixels = np.frombuffer(gzip.open(MNIST / images).read()[16:], dtype=np.uint8)
    digits = np.frombuffer(gzip.open(MNIST / labels).read()[8:], dtype=np.uint8)
    x = torch.from_numpy(pixels.reshape(-1, 784).astype(np.float32) / 255.0)
    return x, torch.from_numpy(digits.astype(np.int64))


def epoch(train, test, hidden, batch):
    model = torch.nn.Sequential(torch.nn.Linear(784, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = train
    start = time.perf_counter()
    order = torch.randperm(len(y))
    for i in range(0, len(y), batch):
        take = order[i : i + batch]
        optimizer.zero_grad()
        loss = loss_fn(model(x[take]), y[take])
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        accuracy = (model(test[0]).argmax(1) == test[1]).float().mean().item()
    return time.perf_counter() - start, accuracy


def main():
    torch.set_num_threads(int(os.environ.get("ANCHOR_THREADS", "2")))
    runs = int(os.environ.get("ANCHOR_RUNS", "3"))
    configs = os.environ.get("ANCHOR_CONFIGS", "30x256,30x64,128x256,128x64").split(",")
    train = load("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
    test = load("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads")
    for config in configs:
        hidden, batch = map(int, config.split("x"))
        epoch(train, test, hidden, batch)
        results = [epoch(train, test, hidden, batch) for _ in range(runs)]
        times = [t for t, _ in results]
        median = statistics.median(times)
        print(
            f"PyTorch 784-{hidden}-10, batch {batch}: {median:.3f} s/epoch, {60_000 / median:.0f} samples/s "
            f"(median of {runs}: {', '.join(f'{t:.3f}' for t in times)}; test accuracy {results[-1][1]:.3f})"
        )


if __name__ == "__main__":
    main()
