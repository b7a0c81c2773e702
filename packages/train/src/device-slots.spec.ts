import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDeviceSlot, visibleGpus } from './device-slots.ts';

const freshLockDir = () => mkdtempSync(join(tmpdir(), 'slots-'));

describe('acquireDeviceSlot', () => {
  it('gives each GPU to one training at a time and names it in CUDA_VISIBLE_DEVICES', async () => {
    const lockDir = freshLockDir();

    const first = await acquireDeviceSlot({ gpus: ['0', '1'], lockDir });
    const second = await acquireDeviceSlot({ gpus: ['0', '1'], lockDir });

    expect([first.env.CUDA_VISIBLE_DEVICES, second.env.CUDA_VISIBLE_DEVICES]).toEqual(['0', '1']);
    expect(second.device).toBe('cuda:1');
    await first.release();
    await second.release();
  });

  it('makes a second CPU training wait until the first releases its slot', async () => {
    const lockDir = freshLockDir();
    const first = await acquireDeviceSlot({ gpus: [], lockDir });
    const waits: string[] = [];

    const second = acquireDeviceSlot({ gpus: [], lockDir, onWait: (m) => waits.push(m) });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(waits).toEqual(['waiting for a free training slot (cpu busy)']);

    await first.release();
    const slot = await second;
    expect(slot.device).toBe('cpu');
    await slot.release();
  });

  it('takes over a slot whose holder has died', async () => {
    const lockDir = freshLockDir();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(lockDir, 'slot-cpu'));
    writeFileSync(join(lockDir, 'slot-cpu', 'pid'), '999999999');

    const slot = await acquireDeviceSlot({ gpus: [], lockDir });
    expect(slot.device).toBe('cpu');
    await slot.release();
  });
});

describe('visibleGpus', () => {
  it('reads CUDA_VISIBLE_DEVICES when it is set', async () => {
    expect(await visibleGpus({ CUDA_VISIBLE_DEVICES: '2, 3' })).toEqual(['2', '3']);
    expect(await visibleGpus({ CUDA_VISIBLE_DEVICES: '' })).toEqual([]);
  });
});
