/**
 * BTF types as values: one variant per BTF_KIND (linux/btf.h). Type ids index `Btf`; id 0 is
 * `void`. Names of anonymous types are ''.
 */

export interface BtfMember {
  readonly name: string;
  readonly type: number;
  /** Offset from the start of the enclosing struct/union, in bits. */
  readonly bitOffset: number;
  /** Width of a bitfield in bits; 0 for an ordinary member. */
  readonly bitfieldSize: number;
}

export interface BtfParam {
  readonly name: string;
  readonly type: number;
}

export interface BtfEnumValue {
  readonly name: string;
  /** 32-bit enums give numbers; ENUM64 values beyond 2^53 stay exact as bigints. */
  readonly value: number | bigint;
}

export interface BtfDatasecVar {
  readonly type: number;
  readonly offset: number;
  readonly size: number;
}

export type BtfType =
  | { readonly kind: 'void'; readonly id: 0; readonly name: '' }
  | {
      readonly kind: 'int';
      readonly id: number;
      readonly name: string;
      readonly size: number;
      readonly bits: number;
      readonly bitOffset: number;
      readonly isSigned: boolean;
      readonly isChar: boolean;
      readonly isBool: boolean;
    }
  | { readonly kind: 'ptr'; readonly id: number; readonly name: string; readonly type: number }
  | {
      readonly kind: 'array';
      readonly id: number;
      readonly name: string;
      readonly type: number;
      readonly indexType: number;
      readonly length: number;
    }
  | {
      readonly kind: 'struct' | 'union';
      readonly id: number;
      readonly name: string;
      readonly size: number;
      readonly members: readonly BtfMember[];
    }
  | {
      readonly kind: 'enum';
      readonly id: number;
      readonly name: string;
      readonly size: number;
      readonly isSigned: boolean;
      readonly values: readonly BtfEnumValue[];
    }
  | { readonly kind: 'fwd'; readonly id: number; readonly name: string; readonly isUnion: boolean }
  | {
      readonly kind: 'typedef' | 'volatile' | 'const' | 'restrict' | 'type_tag';
      readonly id: number;
      readonly name: string;
      readonly type: number;
    }
  | {
      readonly kind: 'func';
      readonly id: number;
      readonly name: string;
      readonly type: number;
      /** BTF_FUNC_STATIC, BTF_FUNC_GLOBAL or BTF_FUNC_EXTERN. */
      readonly linkage: number;
    }
  | {
      readonly kind: 'func_proto';
      readonly id: number;
      readonly name: string;
      readonly returnType: number;
      readonly params: readonly BtfParam[];
      /** The last parameter was `...` (encoded as a nameless param of type 0). */
      readonly isVariadic: boolean;
    }
  | {
      readonly kind: 'var';
      readonly id: number;
      readonly name: string;
      readonly type: number;
      readonly linkage: number;
    }
  | {
      readonly kind: 'datasec';
      readonly id: number;
      readonly name: string;
      readonly size: number;
      readonly vars: readonly BtfDatasecVar[];
    }
  | { readonly kind: 'float'; readonly id: number; readonly name: string; readonly size: number }
  | {
      readonly kind: 'decl_tag';
      readonly id: number;
      readonly name: string;
      readonly type: number;
      /** -1 for the type itself, else the member or parameter index. */
      readonly componentIdx: number;
    };

export type BtfKind = BtfType['kind'];

/** Kinds whose `type` only qualifies another type (skipped by `resolveType`). */
export const QUALIFIER_KINDS: ReadonlySet<BtfKind> = new Set([
  'typedef',
  'volatile',
  'const',
  'restrict',
  'type_tag',
]);
