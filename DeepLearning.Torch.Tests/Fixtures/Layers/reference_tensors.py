"""Helpers shared by the PyTorch 1.13 reference-fixture scripts of this folder (make_sequence_fixtures.py,
make_blocks_fixtures.py): float32-representable random tensors and weights, JSON-ready lists, padding masks."""
import torch


def draw(*shape, scale=1.0):
    return (torch.randn(*shape, dtype=torch.float32) * scale).double()


def t(x):
    return x.detach().double().tolist()


def randomise(module, scale=0.5):
    """Float32-representable random weights, so that the C# copy is exact."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(draw(*p.shape, scale=scale))
    return module


def lengths_mask(lengths, steps):
    return (torch.arange(steps)[None, :] < torch.tensor(lengths)[:, None]).double()
