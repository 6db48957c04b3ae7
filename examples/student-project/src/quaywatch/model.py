"""The classifier: a pretrained timm backbone with a three-class head."""

import timm
from torch import nn


def build(backbone: str = "convnext_tiny", classes: int = 3) -> nn.Module:
    return timm.create_model(backbone, pretrained=True, num_classes=classes)
