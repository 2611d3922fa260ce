"""Reference figures for scripts/bench-tensor: the benchmark's MLP and CNN written with NumPy
(im2col for the conv), and with PyTorch CPU when it is installed; one thread each.

usage: tensor_reference.py DIGITS_CSV   → prints one JSON object
"""
import json
import sys
import time

import numpy as np

BATCH = 64


def best_of(rounds, run):
    return max(run() for _ in range(rounds))


def load_digits(path):
    data = np.loadtxt(path, delimiter=",", dtype=np.float32)
    return data[:, :64] / 16, data[:, 64].astype(np.int64)


def softmax_xent_grad(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1
    return p / len(labels)


class Momentum:
    def __init__(self, params, lr=0.01, mu=0.9):
        self.params, self.lr, self.mu = params, lr, mu
        self.velocity = [np.zeros_like(p) for p in params]

    def step(self, grads):
        for p, g, v in zip(self.params, grads, self.velocity):
            v *= self.mu
            v += g
            p -= self.lr * v


def numpy_mlp(x, y, epochs):
    rng = np.random.default_rng(1)
    w1 = (rng.standard_normal((64, 128)) * np.sqrt(2 / 64)).astype(np.float32)
    b1 = np.zeros(128, np.float32)
    w2 = (rng.standard_normal((128, 10)) * np.sqrt(2 / 128)).astype(np.float32)
    b2 = np.zeros(10, np.float32)
    opt = Momentum([w1, b1, w2, b2])
    start = time.perf_counter()
    for _ in range(epochs):
        for i in range(0, len(x), BATCH):
            xb, yb = x[i:i + BATCH], y[i:i + BATCH]
            h = xb @ w1 + b1
            a = np.maximum(h, 0)
            d2 = softmax_xent_grad(a @ w2 + b2, yb)
            da = d2 @ w2.T
            da[h <= 0] = 0
            opt.step([xb.T @ da, da.sum(0), a.T @ d2, d2.sum(0)])
    return len(x) * epochs / (time.perf_counter() - start)


def im2col(x, k=3, pad=1):
    n, h, w, c = x.shape
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    cols = np.empty((n, h, w, k, k, c), np.float32)
    for ky in range(k):
        for kx in range(k):
            cols[:, :, :, ky, kx, :] = xp[:, ky:ky + h, kx:kx + w, :]
    return cols.reshape(n * h * w, k * k * c)


def col2im(dcols, shape, k=3, pad=1):
    n, h, w, c = shape
    dxp = np.zeros((n, h + 2 * pad, w + 2 * pad, c), np.float32)
    d = dcols.reshape(n, h, w, k, k, c)
    for ky in range(k):
        for kx in range(k):
            dxp[:, ky:ky + h, kx:kx + w, :] += d[:, :, :, ky, kx, :]
    return dxp[:, pad:pad + h, pad:pad + w, :]


def pool_forward(x):
    n, h, w, c = x.shape
    r = x.reshape(n, h // 2, 2, w // 2, 2, c)
    out = r.max(axis=(2, 4))
    mask = r == out[:, :, None, :, None, :]
    return out, mask


def pool_backward(dy, mask):
    n, oh, _, ow, _, c = mask.shape
    return (mask * dy[:, :, None, :, None, :]).reshape(n, oh * 2, ow * 2, c)


def numpy_cnn(x, y, epochs):
    rng = np.random.default_rng(1)
    he = lambda shape, fan: (rng.standard_normal(shape) * np.sqrt(2 / fan)).astype(np.float32)
    w1, b1 = he((27, 16), 27), np.zeros(16, np.float32)
    w2, b2 = he((144, 32), 144), np.zeros(32, np.float32)
    w3, b3 = he((2048, 10), 2048), np.zeros(10, np.float32)
    opt = Momentum([w1, b1, w2, b2, w3, b3])
    start = time.perf_counter()
    for _ in range(epochs):
        for i in range(0, len(x), BATCH):
            xb, yb = x[i:i + BATCH], y[i:i + BATCH]
            n = len(xb)
            c1 = im2col(xb)
            h1 = (c1 @ w1 + b1).reshape(n, 32, 32, 16)
            a1 = np.maximum(h1, 0)
            p1, m1 = pool_forward(a1)
            c2 = im2col(p1)
            h2 = (c2 @ w2 + b2).reshape(n, 16, 16, 32)
            a2 = np.maximum(h2, 0)
            p2, m2 = pool_forward(a2)
            flat = p2.reshape(n, -1)
            d3 = softmax_xent_grad(flat @ w3 + b3, yb)
            dflat = d3 @ w3.T
            da2 = pool_backward(dflat.reshape(p2.shape), m2)
            da2[h2 <= 0] = 0
            dh2 = da2.reshape(-1, 32)
            dp1 = col2im(dh2 @ w2.T, p1.shape)
            da1 = pool_backward(dp1, m1)
            da1[h1 <= 0] = 0
            dh1 = da1.reshape(-1, 16)
            opt.step([c1.T @ dh1, dh1.sum(0), c2.T @ dh2, dh2.sum(0), flat.T @ d3, d3.sum(0)])
    return len(x) * epochs / (time.perf_counter() - start)


def torch_figures(digits_x, digits_y, images, image_labels):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    torch.manual_seed(1)

    def train(model, x, y, epochs):
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        loss_fn = torch.nn.CrossEntropyLoss()
        start = time.perf_counter()
        for _ in range(epochs):
            for i in range(0, len(x), BATCH):
                opt.zero_grad(set_to_none=True)
                loss_fn(model(x[i:i + BATCH]), y[i:i + BATCH]).backward()
                opt.step()
        return len(x) * epochs / (time.perf_counter() - start)

    nn = torch.nn
    mlp = lambda: nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
    cnn = lambda: nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                nn.Flatten(), nn.Linear(2048, 10))
    dx, dy = torch.from_numpy(digits_x), torch.from_numpy(digits_y)
    ix = torch.from_numpy(np.ascontiguousarray(images.transpose(0, 3, 1, 2)))
    iy = torch.from_numpy(image_labels)
    figures = {"version": torch.__version__,
               "mlp_samples_per_second": best_of(3, lambda: train(mlp(), dx, dy, 20)),
               "cnn_samples_per_second": best_of(3, lambda: train(cnn(), ix, iy, 2))}
    torch.set_num_threads(2)
    figures["cnn_two_threads_samples_per_second"] = best_of(3, lambda: train(cnn(), ix, iy, 2))
    return figures


def main():
    digits_x, digits_y = load_digits(sys.argv[1])
    images = np.random.default_rng(7).standard_normal((512, 32, 32, 3)).astype(np.float32)
    image_labels = np.arange(512) % 10
    report = {
        "numpy_version": np.__version__,
        "numpy_mlp_samples_per_second": best_of(3, lambda: numpy_mlp(digits_x, digits_y, 20)),
        "numpy_cnn_samples_per_second": best_of(3, lambda: numpy_cnn(images, image_labels, 2)),
        "torch": torch_figures(digits_x, digits_y, images, image_labels),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
