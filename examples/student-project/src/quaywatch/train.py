"""Training, configured by Hydra (configs/), tracked in Weights & Biases."""

import hydra
import wandb
from loguru import logger
from omegaconf import DictConfig

from quaywatch.model import build


@hydra.main(config_path="../../configs", config_name="config", version_base=None)
def train(cfg: DictConfig) -> None:
    logger.info("training {}", cfg.experiment.backbone)
    wandb.init(project="quaywatch", config=dict(cfg))
    model = build(cfg.experiment.backbone)
    model.train()


if __name__ == "__main__":
    train()
