from quaywatch.data import CLASSES, frames


def test_three_classes():
    assert CLASSES == ("clear", "haze", "fog")


def test_frames_of_an_empty_folder(tmp_path):
    assert frames(tmp_path) == []
