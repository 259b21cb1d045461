#!/bin/sh
# Regenerates the PTX the agent loads (GpuChallengeSolver) from challenge.cu; run it after changing
# the kernels and commit the result. Needs nvcc (CUDA 13). Usage: build-ptx.sh [output], by default
# the resource under node/src/main/resources; CudaKernelsPtxTest runs it into target/ and compares.
#
# compute_75 (Turing) is the oldest target CUDA 13 compiles for; the driver JIT-compiles the PTX for
# the GPU it finds, newer ones included. nvcc 13 stamps PTX ISA 9.0, which only a CUDA 13 driver
# (580 or later) loads; the kernels use nothing newer than ISA 8.0, so the stamp is lowered to 8.0
# for CUDA 12 drivers too (cuBLAS 12 needs one anyway), and ptxas checks the lowered file assembles.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../resources/dev/gridmint/node/agent/gpu/challenge.ptx"}
mkdir -p "$(dirname "$out")"
nvcc -ptx -arch=compute_75 -o "$out.nvcc" "$here/challenge.cu"
sed 's/^\.version 9\.0$/.version 8.0/' "$out.nvcc" > "$out"
rm -f "$out.nvcc"
grep -q '^\.version 8\.0$' "$out" || { echo "nvcc did not stamp the expected .version 9.0" >&2; exit 1; }
ptxas -arch=sm_75 -o /dev/null "$out"
