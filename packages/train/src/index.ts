export { buildCard, type ModelCard } from './card.ts';
export {
  compactShape,
  DEFAULT_COMPACT_HIDDEN,
  DEFAULT_COMPACT_LAYERS,
  resolveEncoder,
  type CompactShape,
  type EncoderKind,
  type ResolvedEncoder,
} from './encoder.ts';
export {
  DEFAULT_HUB_URL,
  defaultHubCache,
  fetchHubCheckpoint,
  hubBaseUrl,
  isHubId,
} from './hub.ts';
export { checkParity, PARITY_TOLERANCE, type ParityResult } from './parity.ts';
export { ProcessError, runProcess, type RunOptions, type RunResult } from './process.ts';
export { findPython, PYTHON_CANDIDATES, type PythonWithTorch } from './python.ts';
export {
  COMPACT_LR,
  DEFAULT_SETTINGS,
  PRETRAINED_LR,
  train,
  trainKey,
  type TrainOptions,
  type TrainResult,
} from './train.ts';
export {
  CudaOutOfMemoryError,
  DEVICES,
  EVIDENCE_LOSSES,
  runTrainer,
  TRAINER_EXIT,
  TRAINER_SCRIPT,
  trainerConfig,
  type Device,
  type EvidenceLoss,
  type TrainerRecord,
  type TrainingSettings,
} from './trainer.ts';
export * from './device-slots.ts';
