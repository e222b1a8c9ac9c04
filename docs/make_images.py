"""Draw the pictures of docs/guide.md into docs/images/ (run from the repository root):
`python docs/make_images.py`. The viewer's screenshot needs viser and Debian's chromium."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import numpy as np

import reachkit as rk

OUT = Path(__file__).resolve().parent / "images"


def pictures() -> None:
    """The plots of the guide's tour."""
    planar = rk.models.load("planar3r")
    target = rk.Target.planar(1.2, 1.6, phi=np.radians(60))
    res = rk.ik(planar, target, method="jt", trace=True, seed=0)
    rk.plot.arm(planar, res.q, path=OUT / "arm.png", target=target)
    rk.plot.solve_progress(res, path=OUT / "progress.png")
    rk.plot.workspace(rk.models.load("puma560"), samples=5000, path=OUT / "workspace.png")
    rk.plot.compare_methods(planar, target, methods=["lm", "dls", "jt", "ccd"], path=OUT / "compare.png")


def viewer_screenshot() -> None:
    """The viewer of a Puma 560 with a target reached, in headless Chromium."""
    chromium = shutil.which("chromium")
    if chromium is None:
        print("no chromium: viewer screenshot skipped")
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    robot = rk.models.load("puma560")
    viewer = rk.view(robot, port=port, block=False)
    try:
        viewer.wait_ready()
        viewer.set_target(robot.fk([0.9, -0.6, 0.5, 0.5, 0.6, -0.7]))
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--use-angle=swiftshader",
                        "--enable-unsafe-swiftshader", "--hide-scrollbars", "--window-size=1000,640",
                        "--virtual-time-budget=10000", f"--screenshot={OUT / 'viewer.png'}", viewer.url],
                       capture_output=True, timeout=120, check=False)
    finally:
        viewer.close()


if __name__ == "__main__":
    import matplotlib

    matplotlib.use("Agg")
    OUT.mkdir(exist_ok=True)
    pictures()
    viewer_screenshot()
    print("\n".join(str(p) for p in sorted(OUT.glob("*.png"))))
