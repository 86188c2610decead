#!/usr/bin/env bash
# Warden's main job on the bundled sample data: request statistics for production (v1) and
# candidate (v2), then the offline ranking evaluation of v2 against v1.
# Usage: ./demo.sh
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Warden/Warden.csproj -c Release -nologo -clp:ErrorsOnly -v quiet
warden=(dotnet src/Warden/bin/Release/net10.0/warden.dll)

echo "== warden stats samples/data/requests.jsonl"
"${warden[@]}" stats samples/data/requests.jsonl
echo
echo "== warden eval: v1 (production) vs v2 (candidate)"
"${warden[@]}" eval --qrels samples/data/qrels.txt --compliance samples/data/compliance.qrels \
  --run samples/data/v1.run --run samples/data/v2.run
echo
echo "== warden eval: v2 vs its visual-ablated twin"
"${warden[@]}" eval --qrels samples/data/qrels.txt --compliance samples/data/compliance.qrels \
  --run samples/data/v2-ablated.run --run samples/data/v2.run
echo
echo "== warden verdict on the four sample bundles (reports in demo-out/)"
for bundle in go shadow pause reject; do
  code=0
  "${warden[@]}" verdict --evidence "samples/bundle-$bundle.yaml" --out "demo-out/$bundle" || code=$?
  echo "   -> exit $code"
  echo
done
echo "Read one as a release manager would: demo-out/go/deployment_verdict.md"
