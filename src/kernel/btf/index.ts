/** Kernel type information from BTF (decoding vmlinux, encoding program func_info). */
export { Btf, VMLINUX_BTF_PATH, vmlinuxBtf } from './btf.js';
export { BtfBuilder, type BtfParamSpec, encodeFuncInfo, loadBtf } from './builder.js';
export {
  findMember,
  type MemberLocation,
  memberPath,
  resolvedType,
  resolveType,
  sizeOf,
  typeName,
} from './layout.js';
export { type TracepointArg, type TracepointProto, tracepointProto } from './tracepoint-args.js';
export type { BtfDatasecVar, BtfEnumValue, BtfKind, BtfMember, BtfParam, BtfType } from './types.js';
