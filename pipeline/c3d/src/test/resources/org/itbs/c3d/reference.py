"""Reference values for C3dReaderRealFilesTest, from an independent reader: py-c3d
(github.com/EmbodiedCognition/py-c3d, MIT; run from its source tree with numpy).

    PYTHONPATH=/path/to/py-c3d python3 reference.py DIR > reference.csv

Writes, per file: frame counts and rates, marker coordinates and residuals of chosen frames and
markers, analog values of chosen samples, and for the RBDS run the force platform's force and
centre of pressure in the lab, computed here with numpy from FORCE_PLATFORM (CAL_MATRIX, CORNERS,
ORIGIN) as the C3D User Guide describes type 4, written out independently of the Java code.
"""
import sys
import numpy as np
import c3d

FILES = ["RBDS001runT35", "RBDS001static", "RIC_20140515T133244_run", "RIC_20140515T133244_static"]
print("file,kind,a,b,value")
for name in FILES:
    r = c3d.Reader(open(f"{sys.argv[1]}/{name}.c3d", "rb"))
    pts, ans = [], []
    for _, p, a in r.read_frames():
        pts.append(p.copy())
        ans.append(a.T.copy())
    pts = np.array(pts)
    print(f"{name},frames,,,{len(pts)}")
    print(f"{name},point_rate,,,{r.point_rate}")
    for f in sorted({0, 1, len(pts) // 2, len(pts) - 1}):
        for m in sorted({0, 5, pts.shape[1] - 1}):
            for k, axis in enumerate("xyz"):
                print(f"{name},point_{axis},{f},{m},{float(pts[f, m, k])!r}")
            print(f"{name},residual,{f},{m},{float(pts[f, m, 3])!r}")
    if r.analog_used == 0:
        continue
    an = np.concatenate(ans)
    print(f"{name},analog_rate,,,{r.analog_rate}")
    for s in [0, 1, 777, len(an) - 1]:
        for c in range(an.shape[1]):
            print(f"{name},analog,{s},{c},{float(an[s, c])!r}")
    # Force platform 1, type 4.
    cal = np.array(r.get("FORCE_PLATFORM:CAL_MATRIX").float_array).reshape(6, 6).T  # [row][col], first index fastest in file
    corners = np.array(r.get("FORCE_PLATFORM:CORNERS").float_array).reshape(4, 3)
    origin = np.array(r.get("FORCE_PLATFORM:ORIGIN").float_array).reshape(3)
    if origin[2] > 0:
        origin = -origin
    ch = np.array(r.get("FORCE_PLATFORM:CHANNEL").int16_array).reshape(-1)[:6] - 1
    x = corners[0] - corners[1]
    y = corners[0] - corners[3]
    z = np.cross(x, y)
    y = np.cross(z, x)
    R = np.column_stack([v / np.linalg.norm(v) for v in (x, y, z)])
    center = corners.mean(axis=0)
    wrench = an[:, ch] @ cal.T
    F, M0 = wrench[:, :3], wrench[:, 3:]
    M = M0 + np.cross(F, origin)
    cop = np.column_stack([-M[:, 1] / F[:, 2], M[:, 0] / F[:, 2], np.zeros(len(F))])
    Flab = F @ R.T
    coplab = cop @ R.T + center
    print(f"{name},mean_force_y,,,{float(Flab[:, 1].mean())!r}")
    loaded = [100, int(np.argmax(Flab[:, 1])), 5000 + int(np.argmax(Flab[5000:, 1] > 500))]
    for s in loaded:
        for k, axis in enumerate("xyz"):
            print(f"{name},force_{axis},{s},0,{float(Flab[s, k])!r}")
            print(f"{name},cop_{axis},{s},0,{float(coplab[s, k])!r}")
