"""Plain-text copies of the compressed data sets of this folder, for the tools that read plain text only
(scikit-learn's load_svmlight_file, liblinear-train). Used by tests/e2e/reference/*.py and
tests/bench/peers.py:  plain_copy("a9a.svm", scratch_folder) -> path of the decompressed file."""
import lzma, os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))

def plain_copy(name, folder):
    target = os.path.join(folder, name)
    if not os.path.exists(target):
        with lzma.open(os.path.join(HERE, name + ".xz")) as source, open(target + ".part", "wb") as out:
            shutil.copyfileobj(source, out)
        os.replace(target + ".part", target)
    return target
