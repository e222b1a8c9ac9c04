"""Tables, JSON and a plot from the benchmark results (a plain dict, see `main`)."""

from __future__ import annotations

import json
from typing import Any


def _fmt_us(us: float | None) -> str:
    if us is None:
        return "-"
    if us >= 10_000:
        return f"{us / 1000:.0f} ms"
    if us >= 1000:
        return f"{us / 1000:.1f} ms"
    return f"{us:.0f} us"


def _fmt(x: float | None, spec: str) -> str:
    return "-" if x is None else format(x, spec)


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def success_table(section: dict[str, Any]) -> str:
    header = ["robot", "peer", "n", "success", "median", "p95", "iters", "x reachkit (median)",
              "x reachkit (p95)"]
    rows = []
    notes = []
    for name, block in section["robots"].items():
        for key, row in block["peers"].items():
            if row["status"] != "ok":
                rows.append([name, row["name"], "", row["status"], "", "", "", "", ""])
                notes.append(f"  {name} / {row['name']}: {row['status']}: {row.get('detail', '')}")
                continue
            rows.append([name, row["name"], str(row["n"]), f"{row['success_rate']:.1%}",
                         _fmt_us(row["median_us"]), _fmt_us(row["p95_us"]),
                         _fmt(row["median_iterations"], ".0f"),
                         _fmt(row.get("ratio_median"), ".2f"), _fmt(row.get("ratio_p95"), ".2f")])
    starts = ("from the same seeded starts" if section.get("start", "given") == "given"
              else "each peer from its library's own default start (no q0)")
    text = (f"IK on the same seeded reachable targets {starts}; success = "
            f"reachkit FK within {section['robots'][next(iter(section['robots']))]['tolerance']:g} m "
            f"and rad, inside the limits; iters = median total iterations over all searches; "
            f"x reachkit = peer time / reachkit lm time on the same targets; timing layout: "
            f"{section.get('layout', 'blocks')}\n")
    text += _table(header, rows)
    if notes:
        text += "\n" + "\n".join(notes)
    over = section.get("overhead") or {}
    if over:
        orows = [[o["robot"], o["method"], _fmt_us(o["ik_median_us"]), _fmt_us(o["kernel_median_us"]),
                  _fmt_us(o["overhead_us"]), f"{o['overhead_fraction']:.0%}"] for o in over.values()]
        text += "\n\nreachkit per-call Python overhead (rk.ik minus the kernel alone, same solves)\n"
        text += _table(["robot", "method", "rk.ik median", "kernel median", "overhead", "share"], orows)
    return text


def batch_table(section: dict[str, Any]) -> str:
    rows = [[f"reachkit ik_batch, {t} thread(s)", f"{v['solves_per_s']:,.0f}", f"{v['success_rate']:.2%}"]
            for t, v in section["reachkit"].items()]
    peer = section.get("rtb ik_LM loop", {})
    if "solves_per_s" in peer:
        rows.append(["rtb ik_LM in a Python loop, 1 thread", f"{peer['solves_per_s']:,.0f}", ""])
    return (f"batch throughput, {section['robot']}, {section['n']:,} targets\n"
            + _table(["solver", "solves/s", "success"], rows))


def startup_table(section: dict[str, Any]) -> str:
    rows = []
    for key, label in (("reachkit_warm", "reachkit, warm Numba cache"),
                       ("rtb_warm", "roboticstoolbox (C++ ik_LM)"),
                       ("reachkit_cold", "reachkit, empty Numba cache")):
        r = section.get(key)
        if not r:
            continue
        if "error" in r:
            rows.append([label, "error", str(r["error"]), "", ""])
            continue
        rows.append([label, f"{r['wall_s']:.2f} s", f"{r['import_s']:.2f} s", f"{r['solve_s']:.2f} s",
                     "" if key != "reachkit_cold" else ("yes" if r.get("note_shown") else "no")])
    text = (f"start-up, fresh process, {section['robot']}\n"
            + _table(["", "process wall", "import", "first solve", "note shown"], rows))
    if "warm_ratio_wall" in section:
        text += (f"\nwarm reachkit / toolbox: {section['warm_ratio_wall']:.2f} (process wall), "
                 f"{section['warm_ratio_import_and_solve']:.2f} (import + first solve)")
    return text


def memory_table(section: dict[str, Any]) -> str:
    lines = [f"memory, {section['robot']}"]
    for key, label in (("reachkit_peak", "reachkit peak RSS"), ("rtb_peak", "toolbox peak RSS")):
        r = section.get(key)
        if r and "peak_mb" in r:
            lines.append(f"  {label}: {r['peak_mb']:.0f} MB")
    f = section.get("over_solves", {})
    if "drift_mb" in f:
        lines.append(f"  RSS over {f['solves']:,} batch solves: {f['rss_min_mb']:.0f}-{f['rss_max_mb']:.0f} MB, "
                     f"fitted drift {f['drift_mb']:+.1f} MB ({f['drift_mb_per_million']:+.1f} MB per million) "
                     f"-> {'flat' if f['flat'] else 'GROWING'}")
    elif f:
        lines.append(f"  over solves: {f}")
    return "\n".join(lines)


def scaling_table(section: dict[str, Any]) -> str:
    blocks = []
    for family, table in section["families"].items():
        methods = list(table)
        dofs = [r["dof"] for r in table[methods[0]]]
        rows = []
        for i, n in enumerate(dofs):
            row = [str(n)]
            for m in methods:
                r = table[m][i]
                row.append(f"{_fmt_us(r['median_us'])} ({r['success_rate']:.0%})")
            rows.append(row)
        blocks.append(f"scaling, {family} chains, median time per solve (success), "
                      f"{section['k']} targets each\n" + _table(["joints"] + methods, rows))
    return "\n\n".join(blocks)


def text(results: dict[str, Any]) -> str:
    parts = []
    makers = {"success": success_table, "batch": batch_table, "startup": startup_table,
              "memory": memory_table, "scaling": scaling_table}
    for key, make in makers.items():
        if key in results:
            parts.append(make(results[key]))
    return "\n\n".join(parts)


def _strip(obj: Any) -> Any:
    """JSON-safe copy (floats for numpy scalars, lists for tuples)."""
    if isinstance(obj, dict):
        return {str(k): _strip(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_strip(v) for v in obj]
    if hasattr(obj, "item"):
        return obj.item()
    return obj


def to_json(results: dict[str, Any]) -> str:
    return json.dumps(_strip(results), indent=2)


def plot(results: dict[str, Any], path: str) -> None:
    """Median time per solve of every peer per robot (log scale) and, when present, the
    scaling curves; saved to `path`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    panels = [k for k in ("success", "scaling") if k in results]
    if "scaling" in results:
        n_panels = 1 * ("success" in results) + len(results["scaling"]["families"])
    else:
        n_panels = len(panels)
    if n_panels == 0:
        return
    fig, axes = plt.subplots(1, n_panels, figsize=(6.5 * n_panels, 4.8), squeeze=False)
    axes = list(axes[0])
    if "success" in results:
        ax = axes.pop(0)
        robots = list(results["success"]["robots"])
        peers: list[str] = []
        for name in robots:
            for row in results["success"]["robots"][name]["peers"].values():
                if row["status"] == "ok" and row["name"] not in peers:
                    peers.append(row["name"])
        width = 0.8 / max(len(peers), 1)
        x = np.arange(len(robots))
        for j, peer in enumerate(peers):
            values = []
            for name in robots:
                rows = [r for r in results["success"]["robots"][name]["peers"].values()
                        if r["name"] == peer and r["status"] == "ok"]
                values.append(rows[0]["median_us"] if rows else np.nan)
            ax.bar(x + j * width - 0.4 + width / 2, values, width, label=peer)
        ax.set_yscale("log")
        ax.set_xticks(x, robots)
        ax.set_ylabel("median time per solve (us)")
        ax.set_title("IK time per solve (FK-checked, tol 1e-6)")
        ax.legend(fontsize=7)
    if "scaling" in results:
        for family, table in results["scaling"]["families"].items():
            ax = axes.pop(0)
            for method, rows in table.items():
                ax.plot([r["dof"] for r in rows], [r["median_us"] for r in rows], "o-", label=method)
            ax.set_xscale("log")
            dofs = sorted({r["dof"] for rows in table.values() for r in rows})
            ax.set_xticks(dofs, [str(d) for d in dofs])
            ax.minorticks_off()
            ax.set_yscale("log")
            ax.set_xlabel("joints")
            ax.set_ylabel("median time per solve (us)")
            ax.set_title(f"scaling: {family} chains")
            ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
