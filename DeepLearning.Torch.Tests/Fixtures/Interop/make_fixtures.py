"""Fixtures for the Interop tests, made with PyTorch 1.13 (/usr/bin/python3). Never needed at test time.

Run from this directory:  /usr/bin/python3 make_fixtures.py
Writes:
  cnn.pt, cnn.safetensors     state_dict of Net (names as our Sequential's: conv2d.*, batch_normalization.*, dense.*)
  cnn_sequential.pt           the same weights in an nn.Sequential (names 0.*, 1.*, 4.*: loaded through a name map)
  cnn_float64.pt              the same weights in float64 (loaded only with an explicit dtype conversion)
  malicious.pt, malicious_protocol4.pt
                              torch.save archives whose data.pkl holds an object whose __reduce__ calls os.system to
                              create MARKER (GLOBAL opcode with protocol 2, STACK_GLOBAL with protocol 4); the script
                              checks that torch.load really runs the command, then deletes the marker
  tagger.pt                   a TorchScript tagger (torch.jit.save), trained here on the toy test set below
  interop.json                inputs and eval-mode outputs of Net and of the tagger, the test set and the tagger's AUC
Our architecture: Input(2, 6, 6), Conv2D(4, 3), BatchNormalization(), Activation.Relu, Flatten(), Dense(3) (Torch preset:
BatchNorm epsilon 1e-5 as PyTorch's).
"""
import json
import os
import struct

import torch
import torch.nn as nn

from interop_net import Net
from sklearn.metrics import roc_auc_score

MARKER = "/tmp/dltorch-malicious-pickle-ran"
torch.manual_seed(20261202)


def as_sequential(net):
    seq = nn.Sequential(nn.Conv2d(2, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(64, 3))
    seq[0].load_state_dict(net.conv2d.state_dict())
    seq[1].load_state_dict(net.batch_normalization.state_dict())
    seq[4].load_state_dict(net.dense.state_dict())
    return seq


def save_safetensors(state, path):
    """The safetensors layout written by hand (the package is not installed): 8-byte header length, JSON, raw bytes."""
    names = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}
    header, blobs, offset = {}, [], 0
    for key, t in state.items():
        data = t.contiguous().numpy().tobytes()
        header[key] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode("utf-8")
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


net = Net()
# A few training-mode batches so that the running statistics and num_batches_tracked are not the initial ones.
with torch.no_grad():
    for _ in range(3):
        net(torch.randn(8, 2, 6, 6) * 2 + 0.5)
    net.batch_normalization.weight.uniform_(0.5, 1.5)
    net.batch_normalization.bias.uniform_(-0.5, 0.5)
net.eval()
x = torch.randn(5, 2, 6, 6)
with torch.no_grad():
    y = net(x)
torch.save(net.state_dict(), "cnn.pt")
save_safetensors(net.state_dict(), "cnn.safetensors")
seq = as_sequential(net).eval()
with torch.no_grad():
    assert torch.allclose(seq(x), y)
torch.save(seq.state_dict(), "cnn_sequential.pt")
torch.save(net.double().state_dict(), "cnn_float64.pt")
net.float()


class Evil:
    def __reduce__(self):
        return (os.system, ("touch " + MARKER,))


for name, protocol in (("malicious.pt", 2), ("malicious_protocol4.pt", 4)):
    torch.save({"dense.weight": torch.zeros(3, 64), "payload": Evil()}, name, pickle_protocol=protocol)
    if os.path.exists(MARKER):
        os.remove(MARKER)
    torch.load(name)  # PyTorch 1.13's default loader runs the payload: the fixture is really malicious
    assert os.path.exists(MARKER), "the malicious fixture did not run its command under torch.load"
    os.remove(MARKER)

# The TorchScript tagger: 4 features -> probability, trained on a toy two-class problem.
gen = torch.Generator().manual_seed(7)
n = 400
labels = torch.randint(0, 2, (n,), generator=gen)
features = torch.randn(n, 4, generator=gen) + labels[:, None] * torch.tensor([1.0, -0.5, 0.3, 0.0])
tagger = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())
opt = torch.optim.Adam(tagger.parameters(), 1e-2)
for _ in range(200):
    opt.zero_grad()
    loss = nn.functional.binary_cross_entropy(tagger(features[:300]).squeeze(1), labels[:300].float())
    loss.backward()
    opt.step()
tagger.eval()
scripted = torch.jit.script(tagger)
scripted.save("tagger.pt")
test_x, test_y = features[300:], labels[300:]
with torch.no_grad():
    test_scores = scripted(test_x).squeeze(1)

out = {
    "torch_version": torch.__version__,
    "cnn": {"input": x.tolist(), "output": y.tolist(),
            "num_batches_tracked": int(net.batch_normalization.num_batches_tracked)},
    "tagger": {"features": test_x.tolist(), "labels": test_y.tolist(), "scores": test_scores.tolist(),
               "auc": roc_auc_score(test_y.numpy(), test_scores.numpy())},
}
with open("interop.json", "w") as f:
    json.dump(out, f)
print("wrote", ", ".join(sorted(os.listdir("."))))
