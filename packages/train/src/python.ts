import { InputError } from '@scifact/data';
import { ProcessError, runProcess } from './process.ts';

/** The interpreters tried when neither --python nor SCIFACT_PYTHON names one, in order. */
export const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3'] as const;

/** Importing torch takes a few seconds; a minute means something is wrong. */
const CHECK_TIMEOUT_MS = 60_000;

const INSTALL_HINT =
  'install PyTorch (on Debian or Ubuntu: `apt-get install -y python3-torch`, which gives ' +
  '/usr/bin/python3 torch), or pass --python PATH (or set SCIFACT_PYTHON) to an interpreter ' +
  'that has torch';

const PROBE = [
  'import json, torch',
  'cuda = torch.cuda.is_available()',
  'print(json.dumps({"torch": torch.__version__, "cuda": cuda}))',
].join('\n');

export interface PythonWithTorch {
  command: string;
  torchVersion: string;
  cuda: boolean;
}

/**
 * An interpreter that can `import torch`: `explicit` (--python) if given, else
 * `SCIFACT_PYTHON`, else the first of `python3` on PATH and `/usr/bin/python3` that has
 * torch. A named interpreter is the only one tried, so a typo is not papered over.
 */
export async function findPython(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonWithTorch> {
  const named = explicit ?? env.SCIFACT_PYTHON;
  const candidates = named ? [named] : [...PYTHON_CANDIDATES];
  const failures: string[] = [];

  for (const command of candidates) {
    const probed = await probePython(command);
    if ('torchVersion' in probed) return probed;
    failures.push(`${command}: ${probed.problem}`);
  }

  const source = explicit ? '--python' : named ? 'SCIFACT_PYTHON' : undefined;
  const what = source ? `the interpreter named by ${source}` : 'no Python with torch';
  throw new InputError(`train: ${what} cannot train (${failures.join('; ')}); ${INSTALL_HINT}`);
}

async function probePython(command: string): Promise<PythonWithTorch | { problem: string }> {
  try {
    const { stdout } = await runProcess(command, ['-c', PROBE], {
      label: 'python check',
      timeoutMs: CHECK_TIMEOUT_MS,
    });
    const lastLine = stdout.trim().split('\n').pop() ?? '';
    const probed = JSON.parse(lastLine) as { torch: string; cuda: boolean };
    return { command, torchVersion: probed.torch, cuda: probed.cuda };
  } catch (error) {
    return { problem: describeProbeFailure(error) };
  }
}

function describeProbeFailure(error: unknown): string {
  if (!(error instanceof ProcessError)) {
    return `did not report a torch version (${error instanceof Error ? error.message : error})`;
  }
  if (/No module named .?torch/.test(error.stderr)) return 'has no torch module';
  if (error.exitCode === undefined && !error.timedOut) return 'not found';
  const lastLine = error.stderr.trim().split('\n').pop();
  return lastLine ? `import torch failed (${lastLine})` : error.message;
}
