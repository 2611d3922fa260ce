"""PyTorch CPU reference for scripts/bench-detect: the same detector as Loupe's (3×3 conv → group norm
→ ReLU stages, the first log2(stride) at stride 2, a 3×3 conv → ReLU → 1×1 conv head with K heatmap
and 4 box channels, heatmap bias −2.19), the same CenterNet loss (penalty-reduced focal loss over
the number of centres + 0.1 × L1 on size and offset at centres), Adam with the same learning rate,
batch size and epochs, trained on exactly the inputs and targets loupe-bench wrote. Prints JSON:
samples/s with one thread and with all cores, inference images/s, and writes its validation
detections (decoded as Loupe decodes: 3×3 peaks ≥ 0.05, top 100, class-wise NMS 0.5) as COCO results.
usage: detect_reference.py DUMP_DIR RESULTS_JSON"""
import json
import math
import os
import sys
import time

import numpy
import torch
from torch import nn


def groups(width):
    return max(g for g in range(1, 9) if width % g == 0)


class Detector(nn.Module):
    def __init__(self, channels, head, classes, stride):
        super().__init__()
        layers, inputs, down = [], 3, int(math.log2(stride))
        for width in channels:
            layers += [nn.Conv2d(inputs, width, 3, stride=2 if down > 0 else 1, padding=1), nn.GroupNorm(groups(width), width), nn.ReLU()]
            down -= 1
            inputs = width
        layers += [nn.Conv2d(inputs, head, 3, padding=1), nn.ReLU(), nn.Conv2d(head, classes + 4, 1)]
        self.net = nn.Sequential(*layers)
        with torch.no_grad():
            self.net[-1].bias[:classes] = -2.19
            self.net[-1].bias[classes:] = 0

    def forward(self, x):
        return self.net(x)


def centernet_loss(output, heatmap, regression, mask, classes):
    logits, boxes = output[:, :classes], output[:, classes:]
    p = torch.sigmoid(logits)
    log_p, log_q = -nn.functional.softplus(-logits), -nn.functional.softplus(logits)
    centre = heatmap == 1
    positive = -((1 - p) ** 2) * log_p
    negative = -((1 - heatmap) ** 4) * p ** 2 * log_q
    centres = max(int(centre.sum()), 1)
    focal = torch.where(centre, positive, negative).sum() / centres
    objects = max(int(mask[:, 0].sum()), 1)
    l1 = (mask * (boxes - regression).abs()).sum() / objects
    return focal + 0.1 * l1


def decode(output, classes, stride, threshold=0.05, top_k=100, nms=0.5):
    heat = torch.sigmoid(output[:classes])
    peaks = (heat == nn.functional.max_pool2d(heat[None], 3, stride=1, padding=1)[0]) & (heat >= threshold)
    k, y, x = torch.nonzero(peaks, as_tuple=True)
    scores = heat[k, y, x]
    order = torch.argsort(scores, descending=True)[:top_k]
    found = []
    for i in order.tolist():
        w, h = max(0.0, float(output[classes, y[i], x[i]])) * stride, max(0.0, float(output[classes + 1, y[i], x[i]])) * stride
        cx, cy = (float(x[i]) + float(output[classes + 2, y[i], x[i]])) * stride, (float(y[i]) + float(output[classes + 3, y[i], x[i]])) * stride
        box = (int(k[i]), float(scores[i]), cx - w / 2, cy - h / 2, w, h)
        if not any(b[0] == box[0] and iou(b, box) > nms for b in found):
            found.append(box)
    return found


def iou(a, b):
    ax, ay, aw, ah = a[2:]
    bx, by, bw, bh = b[2:]
    inter = max(0, min(ax + aw, bx + bw) - max(ax, bx)) * max(0, min(ay + ah, by + bh) - max(ay, by))
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0


def main():
    dump, results_path = sys.argv[1], sys.argv[2]
    meta = json.load(open(os.path.join(dump, "meta.json")))
    side, stride, classes = meta["side"], meta["stride"], meta["classes"]
    cells, n, v = side // stride, meta["train"], meta["validation"]

    def load(name, dtype, shape):
        return numpy.fromfile(os.path.join(dump, name), dtype=dtype).reshape(shape)
    mean, std = torch.tensor(meta["mean"]).view(1, 3, 1, 1), torch.tensor(meta["std"]).view(1, 3, 1, 1)

    def inputs(pixels):
        return (torch.from_numpy(pixels.astype(numpy.float32) / 255).permute(0, 3, 1, 2) - mean) / std
    x = inputs(load("train_pixels.u8", numpy.uint8, (n, side, side, 3)))
    heatmap = torch.from_numpy(load("train_heatmap.f32", numpy.float32, (n, cells, cells, classes))).permute(0, 3, 1, 2)
    regression = torch.from_numpy(load("train_regression.f32", numpy.float32, (n, cells, cells, 4))).permute(0, 3, 1, 2)
    mask = torch.from_numpy(load("train_mask.f32", numpy.float32, (n, cells, cells, 4))).permute(0, 3, 1, 2)
    validation = inputs(load("validation_pixels.u8", numpy.uint8, (v, side, side, 3)))

    def train(epochs, threads, seed=7):
        torch.set_num_threads(threads)
        torch.manual_seed(seed)
        model = Detector(meta["conv_channels"], meta["head_width"], classes, stride)
        optimizer = torch.optim.Adam(model.parameters(), lr=meta["learning_rate"])
        rates = []
        generator = torch.Generator().manual_seed(seed)
        for _ in range(epochs):
            started = time.perf_counter()
            order = torch.randperm(n, generator=generator)
            for start in range(0, n, meta["batch_size"]):
                batch = order[start:start + meta["batch_size"]]
                optimizer.zero_grad()
                loss = centernet_loss(model(x[batch]), heatmap[batch], regression[batch], mask[batch], classes)
                loss.backward()
                optimizer.step()
            rates.append(n / (time.perf_counter() - started))
        return model, rates

    model, rates = train(meta["epochs"], 1)
    model.eval()

    def infer(threads):
        torch.set_num_threads(threads)
        with torch.no_grad():
            model(validation[:16])
            started = time.perf_counter()
            outputs = torch.cat([model(validation[s:s + 16]) for s in range(0, v, 16)])
            return outputs, v / (time.perf_counter() - started)
    outputs, inference_one = infer(1)
    _, inference_all = infer(os.cpu_count())
    results = []
    for index in range(v):
        left, top, scaled_w, scaled_h, width, height = meta["validation_letterbox"][index]
        for k, score, bx, by, bw, bh in decode(outputs[index], classes, stride):
            sx, sy = width / scaled_w, height / scaled_h
            results.append({"image_id": meta["validation_ids"][index], "category_id": k + 1, "score": score,
                            "bbox": [(bx - left) * sx, (by - top) * sy, bw * sx, bh * sy]})
    json.dump(results, open(results_path, "w"))
    _, all_core_rates = train(2, os.cpu_count())
    print(json.dumps({"version": torch.__version__, "samples_per_second_one_thread": sum(rates[1:]) / max(len(rates) - 1, 1),
                      "samples_per_second_all_cores": all_core_rates[-1], "inference_images_per_second_one_thread": inference_one,
                      "inference_images_per_second_all_cores": inference_all}))


main()
