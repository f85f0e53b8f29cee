#!/usr/bin/env python3
"""Makes the PyTorch side of TorchImportTest: a small PyTorch model with the layers of the Kiln test
model TorchTwin (CheckpointModels.TorchTwin), trained a few steps so that batch norm's running
statistics are not their initial values, then saved

  torch_twin.safetensors     its state_dict, as safetensors
  torch_twin_io.safetensors  a fixed input batch and the model's eval-mode output for it

Debian's python3-torch (1.13) comes without the safetensors package, so the files are written here
by the format's specification: an 8-byte little-endian header length, a JSON header mapping each
name to its dtype, shape and data offsets, then the tensors' bytes.

Run: /usr/bin/python3 torch_twin.py   (Debian: apt-get install python3-torch)
"""
import json
import struct

import torch
from torch import nn


class TorchTwin(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, kernel_size=3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(4)
        self.fc1 = nn.Linear(4 * 6 * 6, 5)
        self.head = nn.Linear(5, 3)

    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x.reshape(-1, 1, 6, 6))))
        x = torch.relu(self.fc1(torch.flatten(x, 1)))
        return self.head(x)


def save(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, tensor in tensors.items():
        data = tensor.detach().contiguous().numpy().tobytes()
        dtype = {torch.float32: "F32", torch.int64: "I64"}[tensor.dtype]
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


torch.manual_seed(3)
model = TorchTwin()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(5):
    x = torch.randn(16, 36) * 2 + 0.5
    y = torch.randint(0, 3, (16,))
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(x), y).backward()
    optimizer.step()
model.eval()
save("torch_twin.safetensors", model.state_dict())
probe = torch.randn(7, 36)
with torch.no_grad():
    save("torch_twin_io.safetensors", {"input": probe, "output": model(probe)})
