"""The CPU a figure was measured on, printed beside every speed figure: its model, the
vector and matrix extensions that change the speed of our kernels, and its cores."""

from __future__ import annotations

import os
import re
from pathlib import Path

FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_tile", "amx_bf16", "amx_int8")


def cpu_flags() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return "unknown"
    model = re.search(r"model name\s*:\s*(.*)", text)
    flags = set(re.search(r"flags\s*:\s*(.*)", text).group(1).split()) if "flags" in text else set()
    wanted = [f for f in FLAGS if f in flags]
    return f"{model.group(1) if model else '?'}; {' '.join(wanted) or 'no avx2'}; {os.cpu_count()} cores"
