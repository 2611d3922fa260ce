"""MLflow's side of scripts/bench-serve: the same network as Loupe's CNN (3×3 conv, ReLU, 2×2 max-pool per
block, then a dense layer, on a 64-px input) in PyTorch, wrapped in an MLflow pyfunc that decodes the
request's base64 JPEG with Pillow, and saved for `mlflow models serve`. The weights are copied from
Loupe's model file, so both answer the same. usage: serve_mlflow.py LOUPE_MODEL OUT_DIR"""
import json
import struct
import sys

import mlflow.pyfunc
import numpy
import torch


def read_loupe(path):
    """Header JSON and float32 weights of a Loupe model file (format 2: magic, version, header length)."""
    data = open(path, "rb").read()
    assert data[:8] == b"LOUPEMDL", data[:8]
    version, header_length = struct.unpack_from("<II", data, 8)
    header = json.loads(data[16:16 + header_length])
    count = struct.unpack_from("<Q", data, 16 + header_length)[0]
    weights = numpy.frombuffer(data, dtype="<f4", count=count, offset=16 + header_length + 8)
    return header, weights


class Classifier(mlflow.pyfunc.PythonModel):
    def load_context(self, context):
        import torch
        torch.set_num_threads(1)  # one request at a time per worker, as Loupe's children
        spec = json.load(open(context.artifacts["spec"]))
        self.labels, self.side = spec["labels"], spec["side"]
        self.mean = torch.tensor(spec["mean"]).view(1, 3, 1, 1)
        self.std = torch.tensor(spec["std"]).view(1, 3, 1, 1)
        self.network = torch.load(context.artifacts["network"], weights_only=False).eval()

    def predict(self, context, model_input):
        import base64
        import io
        import torch
        from PIL import Image
        images = [Image.open(io.BytesIO(base64.b64decode(b))).convert("RGB").resize((self.side, self.side), Image.BOX)
                  for b in model_input["image"]]
        x = torch.tensor(numpy.stack([numpy.asarray(i, dtype=numpy.float32) / 255 for i in images])).permute(0, 3, 1, 2)
        with torch.no_grad():
            p = torch.softmax(self.network((x - self.mean) / self.std), dim=1)
        best = p.argmax(dim=1)
        return [{"label": self.labels[int(b)], "probability": float(p[i, b])} for i, b in enumerate(best)]


def main():
    loupe, out = sys.argv[1:3]
    header, weights = read_loupe(loupe)
    arch = header["architecture"]
    side, channels, classes = arch["inputHeight"], arch["convChannels"], arch["classes"]
    layers, offset, cin, size = [], 0, 3, side
    for cout in channels:
        conv = torch.nn.Conv2d(cin, cout, 3, padding=1)
        # Loupe keeps a conv's weights as (k·k·cin, cout) in HWC order, then the bias.
        w = weights[offset:offset + 9 * cin * cout].reshape(3, 3, cin, cout)
        conv.weight.data = torch.tensor(w).permute(3, 2, 0, 1).contiguous()
        offset += 9 * cin * cout
        conv.bias.data = torch.tensor(weights[offset:offset + cout].copy())
        offset += cout
        layers += [conv, torch.nn.ReLU(), torch.nn.MaxPool2d(2)]
        cin, size = cout, size // 2
    dense = torch.nn.Linear(size * size * cin, classes)
    # Loupe flattens HWC; PyTorch CHW: reorder the dense weights' inputs to match.
    w = weights[offset:offset + size * size * cin * classes].reshape(size, size, cin, classes)
    dense.weight.data = torch.tensor(w).permute(3, 2, 0, 1).reshape(classes, -1).contiguous()
    offset += size * size * cin * classes
    dense.bias.data = torch.tensor(weights[offset:offset + classes].copy())
    network = torch.nn.Sequential(*layers, torch.nn.Flatten(), dense)
    torch.save(network, f"{out}/network.pt")
    norm = header["normalization"]
    json.dump({"labels": header["labels"], "side": side, "mean": norm["mean"], "std": norm["std"]}, open(f"{out}/spec.json", "w"))
    mlflow.pyfunc.save_model(f"{out}/mlflow-model", python_model=Classifier(),
                             artifacts={"network": f"{out}/network.pt", "spec": f"{out}/spec.json"})


if __name__ == "__main__":
    main()
