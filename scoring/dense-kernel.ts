import { denseScore } from './dense';

/**
 * The dense scores of many profiles against one need, in one call: the part of a ranking with the
 * dense channel that costs (a `rank`-long dot product per profile in the other language; the LSA
 * pruning of rankStartups rarely skips a profile, so it is paid for nearly every one).
 *
 * A small WebAssembly function does it two lanes at a time in double precision: it widens the
 * single-precision coordinates to doubles, multiplies and adds exactly as `denseScore` does (same
 * four partial sums, same order, no fused multiply-add), so every score is the same to the last
 * bit as the one `denseScore` gives the other paths (scorePair, rankNeeds, scoreNeeds). Where
 * WebAssembly SIMD is missing, the same loop runs in JavaScript with `denseScore`.
 *
 * It scores `DENSE_GROUP` profiles at a time against each four numbers of the need: one profile's
 * partial sums form chains of additions that each wait on the one before, so a profile at a time
 * left the processor waiting; four profiles give independent chains, and the need's numbers are
 * read and widened once for the four. Each profile keeps its own partial sums in its own order,
 * so the scores do not change (about 1.3–1.6× faster on the bench's 1,578 × 128: 50 µs a need
 * against 63–100 µs, 7 Dec, load ~7).
 *
 * The profiles' coordinates, the need's, the mask, the list of masked slots and the scores live in
 * the function's memory (typed-array views on it), so a call copies nothing. Each `DenseRows` has a
 * memory of its own (sized once; a larger one is a new `DenseRows`), so the views never go stale.
 */
export class DenseRows {
  /** Coordinates of the profiles, `rank` numbers per slot. */
  readonly rows: Float32Array;
  /** The need's prepared coordinates (`rank` numbers), written before `score`. */
  readonly need: Float32Array;
  /** 1 where `score` is to compute the slot's dense score. */
  readonly mask: Uint8Array;
  /** Dense score per slot, written by `score` where the mask is 1 (other slots keep what they held). */
  readonly out: Float64Array;
  /** The masked slots, gathered by `score` for the function (padded to a whole group). */
  private readonly list: Int32Array;
  private readonly kernel: ((...args: number[]) => void) | null;
  private readonly offsets: { need: number; out: number; list: number; rows: number };

  constructor(
    readonly rank: number,
    readonly capacity: number,
    simd: boolean = DENSE_SIMD,
  ) {
    const align = (n: number) => Math.ceil(n / 16) * 16;
    const need = 0;
    const out = align(rank * 4);
    const mask = out + align(capacity * 8);
    const list = mask + align(capacity);
    const rows = list + align((capacity + DENSE_GROUP) * 4);
    const bytes = rows + capacity * rank * 4;
    this.offsets = { need, out, list, rows };
    let buffer: ArrayBuffer;
    // Without a channel (rank 0) nothing is scored: plain memory, no WebAssembly memory reserved.
    if (simd && KERNEL_MODULE !== null && rank > 0) {
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
      const instance = new WebAssembly.Instance(KERNEL_MODULE, { m: { memory } });
      this.kernel = instance.exports.scores as (...args: number[]) => void;
      buffer = memory.buffer;
    } else {
      this.kernel = null;
      buffer = new ArrayBuffer(bytes);
    }
    this.need = new Float32Array(buffer, need, rank);
    this.out = new Float64Array(buffer, out, capacity);
    this.mask = new Uint8Array(buffer, mask, capacity);
    this.list = new Int32Array(buffer, list, capacity + DENSE_GROUP);
    this.rows = new Float32Array(buffer, rows, capacity * rank);
  }

  /** Whether `score` runs the WebAssembly function (false: the JavaScript loop). */
  get simd(): boolean {
    return this.kernel !== null;
  }

  /** Writes `out[slot]` = dense score of `need` and the slot's row, for every slot below `count` whose mask is 1. */
  score(count: number): void {
    const n = Math.min(count, this.capacity);
    if (this.kernel === null) {
      for (let slot = 0; slot < n; slot += 1)
        if (this.mask[slot] === 1) this.out[slot] = denseScore(this.need, this.rows, slot * this.rank);
      return;
    }
    const mask = this.mask;
    const list = this.list;
    let listed = 0;
    for (let slot = 0; slot < n; slot += 1)
      if (mask[slot] === 1) {
        list[listed] = slot;
        listed += 1;
      }
    if (listed === 0) return;
    // A partial last group repeats the last slot: it is scored again, to the same value.
    const last = list[listed - 1] as number;
    while (listed % DENSE_GROUP !== 0) {
      list[listed] = last;
      listed += 1;
    }
    const offsets = this.offsets;
    this.kernel(offsets.need, offsets.rows, this.rank, listed, offsets.list, offsets.out);
  }
}

/** Profiles the WebAssembly function scores at a time. */
export const DENSE_GROUP = 4;

// ---------------------------------------------------------------------------------------------
// The WebAssembly function, assembled here from its instructions (no build step, no file to load).
// In the text format, with G = DENSE_GROUP and r = 0 … G−1 written out as G copies:
//
//   (func (export "scores") (param $need $rows $rank $count $list $out i32)
//     for each group of G slots s_r in list[0 .. count-1] (count a multiple of G):
//       row_r = rows + s_r*rank*4;  a_r = b_r = (0, 0)   ;; f64x2: a_r = (d0, d1), b_r = (d2, d3)
//       for j in 0, 4, 8 … while j + 4 <= rank:
//         x = v128.load need[j..j+3];  xl = promote_low(x);  xh = promote_low(x[2,3])
//         for each r (8-byte loads, widened as they are read):
//           a_r += xl * promote_low(row_r[j, j+1]);  b_r += xh * promote_low(row_r[j+2, j+3])
//       d0_r = a_r[0];  for the rest j < rank: d0_r += f64(need[j]) * f64(row_r[j])
//       out[s_r] = (d0_r + a_r[1]) + (b_r[0] + b_r[1])      ;; denseScore's d0 + d1 + (d2 + d3)
// ---------------------------------------------------------------------------------------------

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (text: string): number[] => [...uleb(text.length), ...[...text].map((c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// Instructions.
const get = (local: number) => [0x20, local];
const set = (local: number) => [0x21, local];
const tee = (local: number) => [0x22, local];
const i32 = (value: number) => [0x41, ...sleb(value)];
const i32Add = [0x6a];
const i32And = [0x71];
const i32Shl = [0x74];
const i32GeU = [0x4f];
const f32Load = [0x2a, 2, 0];
const f64PromoteF32 = [0xbb];
const f64Add = [0xa0];
const f64Mul = [0xa2];
const f64Store = [0x39, 3, 0];
const f64Zero = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
const simd = (op: number, ...immediates: number[]) => [0xfd, ...uleb(op), ...immediates];
const v128Load = simd(0x00, 2, 0);
const f64x2Splat = simd(0x14);
const f64x2Lane = (lane: number) => simd(0x21, lane);
const f64x2Add = simd(0xf0);
const f64x2Mul = simd(0xf2);
const f64x2PromoteLow = simd(0x5f);
/** Moves bytes 8–15 (single-precision lanes 2 and 3) of the two equal operands to the low half. */
const highHalf = simd(0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
const block = [0x02, 0x40];
const loop = [0x03, 0x40];
const end = [0x0b];
const brIf = (depth: number) => [0x0d, depth];
const br = (depth: number) => [0x0c, depth];

const i32Load = [0x28, 2, 0];
const i32Mul = [0x6c];
/** Loads two single-precision numbers (8 bytes at `offset` past the address) into the low half, zeros above. */
const v128Load64Zero = (offset: number) => simd(0x5d, 3, ...uleb(offset));

// Parameters, then locals: i32, then v128, then f64 (the order the declarations below give them).
const NEED = 0;
const ROWS = 1;
const RANK = 2;
const COUNT = 3;
const LIST = 4;
const OUT = 5;
const AT = 6; // byte offset of the group in the list
const LIST_END = 7;
const J = 8; // in bytes
const VECTOR_END = 9; // bytes covered four at a time
const ROW_BYTES = 10;
const ROW_AT = 11; // a row's address at j
const GROUP = Array.from({ length: DENSE_GROUP }, (_, r) => r);
const ROW = GROUP.map((r) => 12 + r);
const OUT_AT = GROUP.map((r) => 12 + DENSE_GROUP + r);
const I32_LOCALS = 6 + 2 * DENSE_GROUP;
const A = GROUP.map((r) => 6 + I32_LOCALS + r);
const B = GROUP.map((r) => 6 + I32_LOCALS + DENSE_GROUP + r);
const XL = 6 + I32_LOCALS + 2 * DENSE_GROUP;
const XH = XL + 1;
const X = XL + 2;
const V128_LOCALS = 2 * DENSE_GROUP + 3;
const D0 = GROUP.map((r) => 6 + I32_LOCALS + V128_LOCALS + r);
const XS = 6 + I32_LOCALS + V128_LOCALS + DENSE_GROUP;

const each = (emit: (r: number) => number[]): number[] => GROUP.flatMap(emit);

// prettier-ignore
const body = [
  ...get(RANK), ...i32(2), ...i32Shl, ...set(ROW_BYTES),
  ...get(RANK), ...i32(-4), ...i32And, ...i32(2), ...i32Shl, ...set(VECTOR_END),
  ...get(COUNT), ...i32(2), ...i32Shl, ...set(LIST_END),
  ...block, ...loop,
    ...get(AT), ...get(LIST_END), ...i32GeU, ...brIf(1),
    ...each((r) => [
      ...get(LIST), ...get(AT), ...i32Add, ...i32(4 * r), ...i32Add, ...i32Load, ...set(J),
      ...get(ROWS), ...get(J), ...get(ROW_BYTES), ...i32Mul, ...i32Add, ...set(ROW[r] as number),
      ...get(OUT), ...get(J), ...i32(3), ...i32Shl, ...i32Add, ...set(OUT_AT[r] as number),
      ...f64Zero, ...f64x2Splat, ...tee(A[r] as number), ...set(B[r] as number),
    ]),
    ...i32(0), ...set(J),
    ...block, ...loop,
      ...get(J), ...get(VECTOR_END), ...i32GeU, ...brIf(1),
      ...get(NEED), ...get(J), ...i32Add, ...v128Load, ...tee(X),
      ...f64x2PromoteLow, ...set(XL),
      ...get(X), ...get(X), ...highHalf, ...f64x2PromoteLow, ...set(XH),
      ...each((r) => [
        ...get(ROW[r] as number), ...get(J), ...i32Add, ...set(ROW_AT),
        ...get(A[r] as number), ...get(XL), ...get(ROW_AT), ...v128Load64Zero(0), ...f64x2PromoteLow,
        ...f64x2Mul, ...f64x2Add, ...set(A[r] as number),
        ...get(B[r] as number), ...get(XH), ...get(ROW_AT), ...v128Load64Zero(8), ...f64x2PromoteLow,
        ...f64x2Mul, ...f64x2Add, ...set(B[r] as number),
      ]),
      ...get(J), ...i32(16), ...i32Add, ...set(J),
      ...br(0),
    ...end, ...end,
    ...each((r) => [...get(A[r] as number), ...f64x2Lane(0), ...set(D0[r] as number)]),
    ...block, ...loop,
      ...get(J), ...get(ROW_BYTES), ...i32GeU, ...brIf(1),
      ...get(NEED), ...get(J), ...i32Add, ...f32Load, ...f64PromoteF32, ...set(XS),
      ...each((r) => [
        ...get(D0[r] as number),
        ...get(XS), ...get(ROW[r] as number), ...get(J), ...i32Add, ...f32Load, ...f64PromoteF32,
        ...f64Mul, ...f64Add, ...set(D0[r] as number),
      ]),
      ...get(J), ...i32(4), ...i32Add, ...set(J),
      ...br(0),
    ...end, ...end,
    ...each((r) => [
      ...get(OUT_AT[r] as number),
      ...get(D0[r] as number), ...get(A[r] as number), ...f64x2Lane(1), ...f64Add,
      ...get(B[r] as number), ...f64x2Lane(0), ...get(B[r] as number), ...f64x2Lane(1), ...f64Add,
      ...f64Add,
      ...f64Store,
    ]),
    ...get(AT), ...i32(4 * DENSE_GROUP), ...i32Add, ...set(AT),
    ...br(0),
  ...end, ...end,
  ...end,
];
const code = [
  ...vector([
    [I32_LOCALS, I32],
    [V128_LOCALS, V128],
    [DENSE_GROUP + 1, F64],
  ]),
  ...body,
];

/** The module's bytes: one function `scores`, importing its memory as `m.memory`. */
// prettier-ignore
export const DENSE_KERNEL_BYTES = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vector([[0x60, ...vector([[I32], [I32], [I32], [I32], [I32], [I32]]), 0]])),
  ...section(2, vector([[...name('m'), ...name('memory'), 0x02, 0x00, 1]])),
  ...section(3, vector([[0]])),
  ...section(7, vector([[...name('scores'), 0x00, 0]])),
  ...section(10, vector([[...uleb(code.length), ...code]])),
]);

/** The compiled module, or null where WebAssembly or its SIMD instructions are not available. */
const KERNEL_MODULE: WebAssembly.Module | null =
  typeof WebAssembly === 'object' && WebAssembly.validate(DENSE_KERNEL_BYTES)
    ? new WebAssembly.Module(DENSE_KERNEL_BYTES)
    : null;

/** Whether `DenseRows` runs the WebAssembly function by default. */
export const DENSE_SIMD = KERNEL_MODULE !== null;
