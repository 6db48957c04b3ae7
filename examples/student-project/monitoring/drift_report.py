"""The nightly drift report: the collected frames' features against the training data's."""

import pandas as pd
from evidently import Report
from evidently.presets import DataDriftPreset


def drift_report(reference: pd.DataFrame, current: pd.DataFrame):
    return Report([DataDriftPreset()]).run(reference_data=reference, current_data=current)
