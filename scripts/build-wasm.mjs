// Compiles the row scanner (src/wasm/row-scan.as.ts, AssemblyScript) to src/wasm/row-scan.wasm, which
// is committed: the app and its tests load the binary, and test/core/row-scan-build.test.ts holds it
// to its source (rebuilt, it must be the same bytes).
import asc from 'assemblyscript/asc';

export const ROW_SCAN_FLAGS = ['--runtime', 'minimal', '-O3', '--noAssert', '--enable', 'simd'];

export async function buildRowScan(outFile = 'src/wasm/row-scan.wasm') {
  const { error, stderr } = await asc.main(['src/wasm/row-scan.as.ts', ...ROW_SCAN_FLAGS, '--outFile', outFile]);
  if (error) throw new Error(`row scanner: ${error.message}\n${stderr.toString()}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildRowScan(process.argv[2]);
