import torch

from quaywatch.model import build


def test_three_logits_per_frame():
    model = build("resnet18")
    assert model(torch.zeros(2, 3, 224, 224)).shape == (2, 3)
