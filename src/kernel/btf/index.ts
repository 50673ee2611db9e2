/** Kernel type information from BTF (decoding vmlinux, encoding program func_info). */
export {
  type AccessOp,
  type AccessValue,
  findNamedType,
  type PathAccess,
  type PathStep,
  resolvePath,
} from './access.js';
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
export { type PrettyLayout, type PrettyPiece, type PrettyStart, prettyLayout } from './pretty.js';
export { type TracepointArg, type TracepointProto, tracepointProto } from './tracepoint-args.js';
export type { BtfDatasecVar, BtfEnumValue, BtfKind, BtfMember, BtfParam, BtfType } from './types.js';
