"""Reference values for the sequence, set and attention layers, computed with PyTorch 1.13 (/usr/bin/python3).

Run from this directory:  /usr/bin/python3 make_sequence_fixtures.py
Writes sequences.json: for each case the inputs (data, masks, indices, attention biases), the copied weights under
torch's parameter names, an upstream gradient g, the forward output y and the gradients of sum(y * g) with respect to
the float data inputs and every weight. Values are drawn in float32 and computed in float64, so that the C# float32
layers can be compared to 1e-5. The modules are torch's own (nn.LSTM, nn.GRU, nn.Embedding, nn.MultiheadAttention,
nn.TransformerEncoderLayer); masked recurrent cases run each sequence unpadded, one at a time.
"""
import json

import torch
import torch.nn as nn
import torch.nn.functional as F

from reference_tensors import draw, lengths_mask, randomise, t

torch.manual_seed(20261202)
torch.set_default_dtype(torch.float64)


def case(module, forward, inputs, grads):
    """inputs: list of tensors; grads: which inputs are differentiable floats. Records y and every gradient."""
    inputs = [x.clone().requires_grad_(g) for x, g in zip(inputs, grads)]
    module.zero_grad()
    y = forward(*inputs)
    g = draw(*y.shape)
    (y * g).sum().backward()
    out = {"inputs": [{"values": t(x), "shape": list(x.shape), "grad": t(x.grad) if gr else None} for x, gr in zip(inputs, grads)],
           "output": t(y), "output_shape": list(y.shape), "upstream": t(g), "parameters": {}}
    for name, p in module.named_parameters():
        out["parameters"][name] = {"values": t(p), "shape": list(p.shape), "grad": t(p.grad)}
    return out


def last_of_each(rnn, x, lengths):
    """The last output of each sequence run alone without its padding: the oracle for masked recurrent layers."""
    rows = [rnn(x[i:i + 1, :n])[0][:, -1] for i, n in enumerate(lengths)]
    return torch.cat(rows, 0)


cases = {}
for kind, cls in (("lstm", nn.LSTM), ("gru", nn.GRU)):
    rnn = randomise(cls(4, 5, batch_first=True))
    cases[kind + "_last"] = case(rnn, lambda x: rnn(x)[0][:, -1], [draw(3, 6, 4)], [True])
    cases[kind + "_sequences"] = case(rnn, lambda x: rnn(x)[0], [draw(3, 6, 4)], [True])
    # Padded at the end: lengths 6, 4 and 2 of 6 steps; the padded steps hold garbage, which must not matter.
    lengths = [6, 4, 2]
    cases[kind + "_masked"] = case(rnn, lambda x, m: last_of_each(rnn, x, lengths), [draw(3, 6, 4), lengths_mask(lengths, 6)], [True, False])

emb = randomise(nn.Embedding(7, 4), scale=1.0)
cases["embedding"] = case(emb, lambda i: emb(i.long()), [torch.tensor([[0, 3, 6, 3, 1], [2, 2, 5, 0, 4], [6, 1, 1, 0, 3]]).double()], [False])

# MultiHeadAttention: 2 heads of 4 (embed 8), batch first. Self-attention; cross-attention with 6 key/value steps of 3
# features (torch's kdim = vdim = 3); a key-padding mask; an additive bias per head (torch's float attn_mask (N*H, L, S)).
mha = randomise(nn.MultiheadAttention(8, 2, batch_first=True))
cases["mha_self"] = case(mha, lambda x: mha(x, x, x, need_weights=False)[0], [draw(2, 5, 8)], [True])
mha_kv = randomise(nn.MultiheadAttention(8, 2, batch_first=True, kdim=3, vdim=3))
cases["mha_cross"] = case(mha_kv, lambda q, kv: mha_kv(q, kv, kv, need_weights=False)[0], [draw(2, 5, 8), draw(2, 6, 3)], [True, True])
key_lengths = [5, 3]
cases["mha_masked_bias"] = case(
    mha, lambda x, m, b: mha(x, x, x, key_padding_mask=m == 0, attn_mask=b.reshape(4, 5, 5), need_weights=False)[0],
    [draw(2, 5, 8), lengths_mask(key_lengths, 5), draw(2, 2, 5, 5)], [True, False, True])

# Pre-norm transformer encoder block: torch's nn.TransformerEncoderLayer(norm_first=True, activation="gelu"), no dropout.
block = randomise(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation="gelu", batch_first=True, norm_first=True))
cases["transformer_block"] = case(block, lambda x, m: block(x, src_key_padding_mask=m == 0),
                                  [draw(2, 5, 8), lengths_mask([5, 4], 5)], [True, False])

with open("sequences.json", "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": cases}, f)
print("wrote sequences.json with", ", ".join(cases))
