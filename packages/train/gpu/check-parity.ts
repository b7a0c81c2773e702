// Checks, here, the ONNX export of a trainer run done on the GPU host: onnxruntime-node on
// the run's parity.json inputs against PyTorch's outputs, within 1e-4.
//
//   npx tsx gpu/check-parity.ts DIR   (DIR holds model.onnx and parity.json)
import { join } from 'node:path';
import { checkParity } from '../src/parity.ts';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npx tsx gpu/check-parity.ts DIR\n');
  process.exit(2);
}
const result = await checkParity(join(dir, 'model.onnx'), join(dir, 'parity.json'));
process.stdout.write(`${JSON.stringify(result)}\n`);
