import { InputError } from '@scifact/data';

/** Checks of numeric CLI options, shared by the train and pretrain CLIs. */

export function positiveInteger(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(`--${option}: expected a positive integer, received ${value}`);
  }
  return value;
}

export function positiveNumber(option: string, value: number | undefined): number | undefined {
  if (value !== undefined && !(value > 0 && Number.isFinite(value))) {
    throw new InputError(`--${option}: expected a positive number, received ${value}`);
  }
  return value;
}

export function nonNegativeInteger(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new InputError(`--${option}: expected an integer >= 0, received ${value}`);
  }
  return value;
}

export function nonNegativeNumber(option: string, value: number): number {
  if (!(value >= 0 && Number.isFinite(value))) {
    throw new InputError(`--${option}: expected a number >= 0, received ${value}`);
  }
  return value;
}
