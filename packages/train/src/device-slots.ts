// Training tasks share the machine's accelerators: one task per GPU at a time, and on a
// machine without one, one training at a time on the CPU, which a training fills by itself.
// Nx runs tasks in parallel, so the slots are claimed here, with lock folders that any
// process of this user can see.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from './process.ts';

const POLL_MS = 500;

export interface DeviceSlot {
  /** What the trainer runs on: `cuda:<id>` or `cpu`. */
  device: string;
  /** Variables for the trainer's process: CUDA_VISIBLE_DEVICES names its one GPU. */
  env: Record<string, string>;
  release(): Promise<void>;
}

/** The GPU ids this process may use: CUDA_VISIBLE_DEVICES where set, else what nvidia-smi lists. */
export async function visibleGpus(env = process.env): Promise<string[]> {
  if (env.CUDA_VISIBLE_DEVICES !== undefined) {
    return env.CUDA_VISIBLE_DEVICES.split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '' && id !== '-1');
  }
  try {
    const result = await runProcess('nvidia-smi', ['--query-gpu=index', '--format=csv,noheader'], {
      label: 'GPU listing',
      timeoutMs: 10_000,
    });
    return result.stdout
      .split('\n')
      .map((id) => id.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Waits for a free slot, GPU or CPU, and holds it until `release`. A slot whose holder died
 * is taken over, so a killed run never blocks the next one.
 */
export async function acquireDeviceSlot(options: {
  gpus: string[];
  /** Where the slots live; SCIFACT_DEVICE_SLOTS, else one folder per machine. */
  lockDir?: string;
  onWait?: (message: string) => void;
}): Promise<DeviceSlot> {
  const lockDir =
    options.lockDir ??
    process.env.SCIFACT_DEVICE_SLOTS ??
    join(tmpdir(), 'scifact-grid-device-slots');
  await mkdir(lockDir, { recursive: true });
  const slots = options.gpus.length > 0 ? options.gpus : ['cpu'];
  let waited = false;

  for (;;) {
    for (const slot of slots) {
      const lock = join(lockDir, `slot-${slot}`);
      if (await tryLock(lock)) {
        const onGpu = slot !== 'cpu';
        return {
          device: onGpu ? `cuda:${slot}` : 'cpu',
          env: onGpu ? { CUDA_VISIBLE_DEVICES: slot } : {},
          release: () => rm(lock, { recursive: true, force: true }),
        };
      }
    }
    if (!waited) {
      options.onWait?.(`waiting for a free training slot (${slots.join(', ')} busy)`);
      waited = true;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function tryLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
    await writeFile(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }

  const holder = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => 'NaN'));
  if (Number.isInteger(holder) && isAlive(holder)) return false;

  // The holder is gone (or never wrote its pid and is long dead): free the slot and retry once.
  await rm(lock, { recursive: true, force: true });
  try {
    await mkdir(lock);
    await writeFile(join(lock, 'pid'), String(process.pid));
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
