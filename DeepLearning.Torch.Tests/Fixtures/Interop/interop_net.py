"""The PyTorch network of the Interop fixtures, shared by make_fixtures.py and check_our_weights.py.

Ours: Input(2, 6, 6), Conv2D(4, 3), BatchNormalization(), Activation.Relu, Flatten(), Dense(3) with the same names.
"""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv2d = nn.Conv2d(2, 4, 3)
        self.batch_normalization = nn.BatchNorm2d(4)
        self.dense = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        x = torch.relu(self.batch_normalization(self.conv2d(x)))
        return self.dense(torch.flatten(x, 1))
