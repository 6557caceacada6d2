"""Checks by hand that PyTorch 1.13 loads the weights DeepLearning.Torch saves. Not run by the test suite.

  DLTORCH_INTEROP_EXPORT=/tmp/ours flock /tmp/libtorch.lock dotnet test DeepLearning.Torch.Tests \\
      --filter FullyQualifiedName~Save_TrainedBatchNormModel_ReloadsWithTheSameOutputs
  /usr/bin/python3 check_our_weights.py /tmp/ours

Loads ours_sequential.pt (written with the nn.Sequential names 0.*, 1.*, 4.*) with torch.load + load_state_dict(strict=True)
into nn.Sequential, and ours.safetensors (our names) into interop_net.Net, then compares both eval-mode outputs on the
fixture input with ours (ours_output.json) to 1e-5.
"""
import json
import struct
import sys

import torch
import torch.nn as nn

from interop_net import Net


def load_safetensors(path):
    """The safetensors layout read by hand (the package is not installed)."""
    dtypes = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64}
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        out[key] = torch.frombuffer(bytearray(data[begin:end]), dtype=dtypes[entry["dtype"]]).reshape(entry["shape"]).clone()
    return out


folder = sys.argv[1]
x = torch.tensor(json.load(open("interop.json"))["cnn"]["input"])
ours = torch.tensor(json.load(open(f"{folder}/ours_output.json"))).reshape(5, 3)

seq = nn.Sequential(nn.Conv2d(2, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(64, 3))
seq.load_state_dict(torch.load(f"{folder}/ours_sequential.pt"), strict=True)
net = Net()
net.load_state_dict(load_safetensors(f"{folder}/ours.safetensors"), strict=True)
for name, model in (("ours_sequential.pt -> nn.Sequential", seq), ("ours.safetensors -> Net", net)):
    model.eval()
    with torch.no_grad():
        worst = (model(x) - ours).abs().max().item()
    print(f"{name}: largest difference {worst:.2e}", "OK" if worst <= 1e-5 else "FAIL")
    assert worst <= 1e-5
print("running_var from our file:", seq[1].running_var.tolist(), "num_batches_tracked:", int(seq[1].num_batches_tracked))
