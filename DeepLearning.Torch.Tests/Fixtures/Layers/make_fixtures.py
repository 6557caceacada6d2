"""Reference values for the Layers tests, computed with PyTorch 1.13 (/usr/bin/python3).

Run from this directory:  /usr/bin/python3 make_fixtures.py
Writes layers.json: for each case the input, the copied weights, an upstream gradient g, the forward output y and the
gradients of sum(y * g) with respect to the input and every weight. Inputs and weights are drawn in float32 and
computed in float64, so the C# float32 layers can be compared to 1e-5.
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(20260212)


def draw(*shape, scale=1.0):
    return (torch.randn(*shape, dtype=torch.float32) * scale).double()


def t(x):
    return x.detach().double().tolist()


def case(forward, x, params):
    """Runs forward(x, **params) in float64 and records y and the gradients of sum(y * g)."""
    x = x.clone().requires_grad_(True)
    params = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    y = forward(x, **params)
    g = draw(*y.shape)
    (y * g).sum().backward()
    out = {"input": t(x), "input_shape": list(x.shape), "output_shape": list(y.shape), "output": t(y), "upstream": t(g),
           "input_grad": t(x.grad)}
    for k, v in params.items():
        out[k] = t(v)
        out[k + "_shape"] = list(v.shape)
        out[k + "_grad"] = t(v.grad)
    return out


cases = {}
# LayerNormalization on (N, particles, features) = (3, 5, 4): torch nn.LayerNorm(4, eps=1e-5) with random weight/bias.
cases["layer_norm"] = case(lambda x, weight, bias: F.layer_norm(x, (4,), weight, bias, eps=1e-5),
                           draw(3, 5, 4, scale=2.0) + 0.5, {"weight": draw(4), "bias": draw(4)})
# LayerNorm's epsilon matters when the features are nearly constant: Keras preset epsilon 1e-3.
cases["layer_norm_keras_eps"] = case(lambda x, weight, bias: F.layer_norm(x, (4,), weight, bias, eps=1e-3),
                                     draw(2, 3, 4, scale=0.05), {"weight": draw(4), "bias": draw(4)})
# Dense on a rank-3 input (3, 5, 4) -> (3, 5, 6): nn.Linear on the last axis.
cases["dense_rank3"] = case(lambda x, weight, bias: F.linear(x, weight, bias), draw(3, 5, 4), {"weight": draw(6, 4), "bias": draw(6)})
# Dense with an in-layer softmax on a rank-3 input: softmax over the units (last axis).
cases["dense_rank3_softmax"] = case(lambda x, weight, bias: torch.softmax(F.linear(x, weight, bias), -1), draw(2, 3, 4),
                                    {"weight": draw(5, 4), "bias": draw(5)})
# GELU (exact erf form, torch's default) and Swish (SiLU) on (3, 5, 4).
cases["gelu"] = case(lambda x: F.gelu(x), draw(3, 5, 4, scale=2.0), {})
cases["swish"] = case(lambda x: F.silu(x), draw(3, 5, 4, scale=2.0), {})
# Conv2D with a rectangular kernel (3, 5) and strides (1, 2), valid padding, on (2, 2, 7, 9) -> (2, 3, 5, 3).
cases["conv2d_rect"] = case(lambda x, weight, bias: F.conv2d(x, weight, bias, stride=(1, 2)), draw(2, 2, 7, 9),
                            {"weight": draw(3, 2, 3, 5, scale=0.3), "bias": draw(3)})
# Max pooling with a (1, 2) window and (1, 2) strides on (2, 3, 4, 6) -> (2, 3, 4, 3); average pooling (2, 3) stride (2, 1).
cases["max_pool_rect"] = case(lambda x: F.max_pool2d(x, (1, 2), (1, 2)), draw(2, 3, 4, 6), {})
cases["avg_pool_rect"] = case(lambda x: F.avg_pool2d(x, (2, 3), (2, 1)), draw(2, 3, 4, 6), {})

with open("layers.json", "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": cases}, f)
print("wrote layers.json with", ", ".join(cases))
