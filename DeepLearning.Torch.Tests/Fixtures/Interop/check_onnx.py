"""Checks ONNX files exported by DeepLearning.Torch with onnx.checker (python3-onnx 1.12, full check).

Produce the files with the exporter tests, then check them:
  mkdir -p /tmp/onnx_check
  DLT_ONNX_KEEP_DIR=/tmp/onnx_check dotnet test DeepLearning.Torch.Tests --filter "FullyQualifiedName~OnnxExporterTests"
  /usr/bin/python3 DeepLearning.Torch.Tests/Fixtures/Interop/check_onnx.py /tmp/onnx_check/*.onnx
"""
import sys

import onnx


def main(paths):
    if not paths:
        sys.exit("usage: check_onnx.py FILE.onnx...")
    for path in paths:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        graph = model.graph
        print(f"{path}: ok (opset {model.opset_import[0].version}, {len(graph.node)} nodes, "
              f"inputs {[i.name for i in graph.input]}, outputs {[o.name for o in graph.output]})")


if __name__ == "__main__":
    main(sys.argv[1:])
