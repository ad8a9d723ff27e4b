"""Checks the page's PyTorch programs (see the README, "The labs as PyTorch").

    check.py compile PATH...          every .py under PATH compiles (python -m py_compile)
    check.py numpy PROGRAM A B C      the Quadratic lab's program, re-done in numpy, ends at a, b, c
    check.py numpy-dir DIR            the same for DIR's quadratic programs and their .json
    check.py torch DIR [--mnist D] [--titanic F] [--report F]
                                      runs every program of DIR under PyTorch and compares what it
                                      prints (and the weights it saves) with the engine's numbers

Agreement is to 1e-4 relative: |got - want| <= 1e-4 * max(|want|, 1e-3) for each number, and for
a tensor the largest difference over the tensor's largest value.
"""

import ast
import json
import py_compile
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOLERANCE = 1e-4


def close(got, want):
    return abs(got - want) <= TOLERANCE * max(abs(want), 1e-3)


def compile_all(paths):
    programs = [p for path in map(Path, paths) for p in ([path] if path.is_file() else sorted(path.glob("*.py")))]
    if not programs:
        sys.exit("compile: no programs found")
    for program in programs:
        py_compile.compile(str(program), doraise=True)
        print(f"compiles: {program.name}")


def literals(program):
    """The Quadratic program's numbers: points, start, rate, steps, loss, and whether it zeroes."""
    tree = ast.parse(Path(program).read_text())
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
            if isinstance(value, ast.Call) and value.args:
                value = value.args[0]  # torch.tensor([...], ...)
            try:
                found[name] = ast.literal_eval(value)
            except ValueError:
                pass
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    zeroes = any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "zero_"
        and ast.unparse(n.func.value) == "params.grad"
        for n in ast.walk(tree)
    )
    loss = "mae" if "mae" in functions else "mse"
    return found["x"], found["y"], found["params"], found["lr"], found["steps"], loss, zeroes


def numpy_quadratic(program):
    """Gradient descent on a·x² + b·x + c as the program does it, with the gradient by hand."""
    import numpy as np

    xs, ys, start, lr, steps, loss, zeroes = literals(program)
    x, y = np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64)
    p = np.array(start, dtype=np.float64)
    buffer = np.zeros(3)
    for _ in range(steps):
        error = p[0] * x**2 + p[1] * x + p[2] - y
        slope = 2 * error if loss == "mse" else np.sign(error)
        grad = np.array([(slope * x**2).mean(), (slope * x).mean(), slope.mean()])
        buffer = grad if zeroes else buffer + grad
        p = p - lr * buffer
    return p


def check_numpy(program, want):
    got = numpy_quadratic(program)
    bad = [f"{n}: numpy {g:.7g}, expected {w:.7g}" for n, g, w in zip("abc", got, want) if not close(g, w)]
    if bad:
        sys.exit(f"{Path(program).name} does not end where the page does: " + "; ".join(bad))
    print(f"numpy agrees: {Path(program).name} ends at a={got[0]:.6g} b={got[1]:.6g} c={got[2]:.6g}")


def printed(output):
    """`key: numbers` lines as {key: [numbers]}."""
    number = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf"
    values = {}
    for line in output.splitlines():
        key, sep, rest = line.partition(": ")
        if sep:
            values[key.strip()] = [float(v) for v in re.findall(number, rest)]
    return values


def compare_weights(saved, expected):
    from safetensors.numpy import load_file

    got, want = load_file(saved), load_file(expected)
    if set(got) != set(want):
        return float("inf"), f"tensors differ: {sorted(got)} vs {sorted(want)}"
    worst = 0.0
    for name, w in want.items():
        scale = max(float(abs(w).max()), 1e-6)
        worst = max(worst, float(abs(got[name] - w).max()) / scale)
    return worst, ""


def check_torch(directory, mnist, titanic, report):
    directory = Path(directory)
    rows, failed = [], 0
    for spec_path in sorted(directory.glob("*.json")):
        name = spec_path.stem
        spec = json.loads(spec_path.read_text())
        args = [a.replace("{mnist}", str(mnist)).replace("{titanic}", str(titanic)) for a in spec["args"]]
        expect = dict(spec["expect"])
        weights = expect.pop("weights", None)
        saved = Path(tempfile.mkdtemp()) / f"{name}.safetensors"
        if weights:
            args += ["--save", str(saved)]
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, str(directory / f"{name}.py"), *args], cwd=directory, capture_output=True, text=True
        )
        seconds = time.perf_counter() - started
        if run.returncode != 0:
            failed += 1
            rows.append((name, "fails", run.stderr.strip().splitlines()[-1] if run.stderr else "", seconds))
            continue
        values = printed(run.stdout)
        worst, problems = 0.0, []
        for key, want in expect.items():
            got = values.get(key)
            if got is None or len(got) < len(want):
                problems.append(f"{key}: not printed")
                continue
            for g, w in zip(got, want):
                worst = max(worst, abs(g - w) / max(abs(w), 1e-3))
                if not close(g, w):
                    problems.append(f"{key}: {g:.7g}, expected {w:.7g}")
        if weights:
            difference, why = compare_weights(saved, directory / weights)
            worst = max(worst, difference)
            if why or difference > TOLERANCE:
                problems.append(why or f"weights differ by {difference:.2g} of their largest")
        failed += bool(problems)
        rows.append((name, "agrees" if not problems else "differs", "; ".join(problems[:3]) or f"{worst:.1e}", seconds))
    import torch

    lines = [
        f"| program | result | largest relative difference (or why not) | seconds |",
        "|---|---|---|---|",
        *(f"| `{n}.py` | {r} | {d} | {s:.1f} |" for n, r, d, s in rows),
    ]
    text = f"PyTorch {torch.__version__}, {len(rows) - failed} of {len(rows)} programs agree with the engine.\n\n" + "\n".join(lines)
    print(text)
    if report:
        Path(report).write_text(text + "\n")
    if failed:
        sys.exit(f"{failed} program(s) do not agree")


def main(argv):
    if len(argv) >= 2 and argv[0] == "compile":
        compile_all(argv[1:])
    elif len(argv) == 5 and argv[0] == "numpy":
        check_numpy(argv[1], [float(v) for v in argv[2:5]])
    elif len(argv) == 2 and argv[0] == "numpy-dir":
        programs = sorted(Path(argv[1]).glob("quadratic*.py"))
        if not programs:
            sys.exit("numpy-dir: no quadratic programs")
        for program in programs:
            expect = json.loads(program.with_suffix(".json").read_text())["expect"]
            check_numpy(program, [expect[k][0] for k in "abc"])
    elif len(argv) >= 2 and argv[0] == "torch":
        options = dict(zip(argv[2::2], argv[3::2]))
        check_torch(argv[1], options.get("--mnist", "mnist"), options.get("--titanic", "train.csv"), options.get("--report"))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
