"""flyte-sdk's own hashing of a source folder, the neighbour of bench/hash-small.mjs and bench/hash-tree.mjs.

`update_hasher_for_source`, `filehash_update` and `_pathhash_update` are copied verbatim from flyteorg/flyte-sdk
(src/flyte/_utils/file_handling.py at 7e2d4231, Apache-2.0; logging dropped). `Image._get_hash_digest` for
`Image.from_base(BASE).clone(...).with_source_folder(DIR)` is md5(BASE, the folder walk, the destination):
flyimgc's `--hash flyte` tag of the same image, which this prints for comparison. The folder has no
.dockerignore, so flyte-sdk's ignore object matches nothing; it is left out (None).

Usage: python3 flyte_sdk_hash.py DIR BASE DST ROUNDS -> prints `<md5> <best seconds> <peak RSS KiB>`.
"""
import hashlib
import os
import resource
import stat
import sys
import time
from pathlib import Path


def filehash_update(path, hasher):
    blocksize = 65536
    with open(path, "rb") as f:
        bytes = f.read(blocksize)
        while bytes:
            hasher.update(bytes)
            bytes = f.read(blocksize)


def _pathhash_update(path, hasher):
    path_list = str(path).split(os.sep)
    hasher.update("".join(path_list).encode("utf-8"))


def update_hasher_for_source(source, hasher, ignore=None):
    def compute_digest_for_file(path, rel_path):
        if not os.path.exists(path):
            return
        if stat.S_ISSOCK(os.stat(path).st_mode):
            return
        if ignore and ignore.is_ignored(Path(path)):
            return
        filehash_update(Path(path), hasher)
        _pathhash_update(rel_path, hasher)

    def compute_digest_for_dir(source):
        for root, dirnames, files in os.walk(str(source), topdown=True):
            if ignore:
                dirnames[:] = [d for d in dirnames if not ignore.is_ignored(Path(os.path.join(root, d)))]
            files.sort()
            for fname in files:
                abspath = os.path.join(root, fname)
                relpath = os.path.relpath(abspath, source)
                compute_digest_for_file(Path(abspath), Path(relpath))

    if os.path.isdir(source):
        compute_digest_for_dir(source)
    else:
        compute_digest_for_file(source, os.path.basename(source))


def image_digest(folder, base, dst):
    hasher = hashlib.md5()
    hasher.update(base.encode("utf-8"))
    update_hasher_for_source(Path(folder), hasher)
    hasher.update(dst.encode("utf-8"))
    return hasher.hexdigest()


if __name__ == "__main__":
    folder, base, dst, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    best = float("inf")
    digest = ""
    for _ in range(rounds):
        start = time.perf_counter()
        digest = image_digest(folder, base, dst)
        best = min(best, time.perf_counter() - start)
    print(digest, f"{best:.6f}", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
