/** The global store the generated handlers use for every script global (see types.ts). */
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export {
  type AfterFn,
  afterBy,
  type StatSortKind,
  sortAll,
  sortAllOrder,
  sortFirst,
  sortFirstOrder,
  statSortValue,
} from './sort.js';
export * from './types.js';
