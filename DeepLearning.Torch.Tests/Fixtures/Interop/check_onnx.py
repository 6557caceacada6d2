"""Checks ONNX files exported by DeepLearning.Torch with onnx.checker (python3-onnx 1.12, full check).

Produce the files with the exporter tests (one file per layer kind, per example model and per merge graph), then
check them:
  mkdir -p /tmp/onnx_check
  DLT_ONNX_KEEP_DIR=/tmp/onnx_check dotnet test DeepLearning.Torch.Tests --filter "FullyQualifiedName~Interop.Onnx"
  /usr/bin/python3 DeepLearning.Torch.Tests/Fixtures/Interop/check_onnx.py /tmp/onnx_check/*.onnx

Each file must pass onnx.checker.check_model(full_check=True) (which includes strict shape inference), use opset 17
only, and declare a symbolic first axis ("batch") on every graph input and output. The last line lists the operator
types the files cover. Exit status 1 if any file fails.
"""
import sys

import onnx

OPSET = 17


def check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    opsets = {(o.domain or "ai.onnx"): o.version for o in model.opset_import}
    if opsets != {"ai.onnx": OPSET}:
        raise ValueError(f"opset imports {opsets}, expected only ai.onnx {OPSET}")
    graph = model.graph
    for value in list(graph.input) + list(graph.output):
        first = value.type.tensor_type.shape.dim[0]
        if first.dim_param != "batch":
            raise ValueError(f"'{value.name}' has first axis {first}, expected the symbolic 'batch'")
    return model


def main(paths):
    if not paths:
        sys.exit("usage: check_onnx.py FILE.onnx...")
    failed = 0
    ops = set()
    for path in paths:
        try:
            model = check(path)
        except Exception as error:  # report every file, then fail
            failed += 1
            print(f"{path}: FAILED: {error}")
            continue
        graph = model.graph
        ops.update(node.op_type for node in graph.node)
        print(f"{path}: ok (opset {model.opset_import[0].version}, {len(graph.node)} nodes, "
              f"inputs {[i.name for i in graph.input]}, outputs {[o.name for o in graph.output]})")
    print(f"{len(paths) - failed} of {len(paths)} files accepted; operators used: {', '.join(sorted(ops))}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
