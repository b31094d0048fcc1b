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
 * The profiles' coordinates, the need's, the mask and the scores live in the function's memory
 * (typed-array views on it), so a call copies nothing. Each `DenseRows` has a memory of its own
 * (sized once; a larger one is a new `DenseRows`), so the views never go stale.
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
  private readonly kernel: ((...args: number[]) => void) | null;
  private readonly offsets: { need: number; out: number; mask: number; rows: number };

  constructor(
    readonly rank: number,
    readonly capacity: number,
    simd: boolean = DENSE_SIMD,
  ) {
    const align = (n: number) => Math.ceil(n / 16) * 16;
    const need = 0;
    const out = align(rank * 4);
    const mask = out + align(capacity * 8);
    const rows = mask + align(capacity);
    const bytes = rows + capacity * rank * 4;
    this.offsets = { need, out, mask, rows };
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
    this.rows = new Float32Array(buffer, rows, capacity * rank);
  }

  /** Whether `score` runs the WebAssembly function (false: the JavaScript loop). */
  get simd(): boolean {
    return this.kernel !== null;
  }

  /** Writes `out[slot]` = dense score of `need` and the slot's row, for every slot below `count` whose mask is 1. */
  score(count: number): void {
    const n = Math.min(count, this.capacity);
    if (this.kernel !== null) {
      const { need, rows, mask, out } = this.offsets;
      this.kernel(need, rows, this.rank, n, mask, out);
      return;
    }
    for (let slot = 0; slot < n; slot += 1)
      if (this.mask[slot] === 1) this.out[slot] = denseScore(this.need, this.rows, slot * this.rank);
  }
}

// ---------------------------------------------------------------------------------------------
// The WebAssembly function, assembled here from its instructions (351 bytes; no build step, no file
// to load). In the text format:
//
//   (func (export "scores") (param $need $rows $rank $count $mask $out i32)
//     for slot in 0 .. count-1, row = rows + slot*rank*4:
//       if mask[slot]:
//         a = b = (0, 0)                                  ;; f64x2: a = (d0, d1), b = (d2, d3)
//         for j in 0, 4, 8 … while j + 4 <= rank:
//           x = v128.load need[j..j+3];  y = v128.load row[j..j+3]
//           a += promote_low(x) * promote_low(y)          ;; lanes j, j+1
//           b += promote_low(x[2,3]) * promote_low(y[2,3]) ;; lanes j+2, j+3
//         d0 = a[0];  for the rest j < rank: d0 += f64(need[j]) * f64(row[j])
//         out[slot] = (d0 + a[1]) + (b[0] + b[1])          ;; denseScore's d0 + d1 + (d2 + d3)
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
const i32Load8U = [0x2d, 0, 0];
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
const ifThen = [0x04, 0x40];
const end = [0x0b];
const brIf = (depth: number) => [0x0d, depth];
const br = (depth: number) => [0x0c, depth];

// Parameters, then locals.
const NEED = 0;
const ROWS = 1;
const RANK = 2;
const COUNT = 3;
const MASK = 4;
const OUT = 5;
const SLOT = 6;
const ROW = 7;
const J = 8; // in bytes
const VECTOR_END = 9; // bytes covered four at a time
const ROW_BYTES = 10;
const A = 11;
const B = 12;
const D0 = 13;
const X = 14;
const Y = 15;

// prettier-ignore
const body = [
  ...get(RANK), ...i32(2), ...i32Shl, ...set(ROW_BYTES),
  ...get(RANK), ...i32(-4), ...i32And, ...i32(2), ...i32Shl, ...set(VECTOR_END),
  ...get(ROWS), ...set(ROW),
  ...block, ...loop,
    ...get(SLOT), ...get(COUNT), ...i32GeU, ...brIf(1),
    ...get(MASK), ...get(SLOT), ...i32Add, ...i32Load8U,
    ...ifThen,
      ...f64Zero, ...f64x2Splat, ...tee(A), ...set(B),
      ...i32(0), ...set(J),
      ...block, ...loop,
        ...get(J), ...get(VECTOR_END), ...i32GeU, ...brIf(1),
        ...get(NEED), ...get(J), ...i32Add, ...v128Load, ...set(X),
        ...get(ROW), ...get(J), ...i32Add, ...v128Load, ...set(Y),
        ...get(A), ...get(X), ...f64x2PromoteLow, ...get(Y), ...f64x2PromoteLow, ...f64x2Mul, ...f64x2Add, ...set(A),
        ...get(B),
        ...get(X), ...get(X), ...highHalf, ...f64x2PromoteLow,
        ...get(Y), ...get(Y), ...highHalf, ...f64x2PromoteLow,
        ...f64x2Mul, ...f64x2Add, ...set(B),
        ...get(J), ...i32(16), ...i32Add, ...set(J),
        ...br(0),
      ...end, ...end,
      ...get(A), ...f64x2Lane(0), ...set(D0),
      ...block, ...loop,
        ...get(J), ...get(ROW_BYTES), ...i32GeU, ...brIf(1),
        ...get(D0),
        ...get(NEED), ...get(J), ...i32Add, ...f32Load, ...f64PromoteF32,
        ...get(ROW), ...get(J), ...i32Add, ...f32Load, ...f64PromoteF32,
        ...f64Mul, ...f64Add, ...set(D0),
        ...get(J), ...i32(4), ...i32Add, ...set(J),
        ...br(0),
      ...end, ...end,
      ...get(OUT), ...get(SLOT), ...i32(3), ...i32Shl, ...i32Add,
      ...get(D0), ...get(A), ...f64x2Lane(1), ...f64Add,
      ...get(B), ...f64x2Lane(0), ...get(B), ...f64x2Lane(1), ...f64Add,
      ...f64Add,
      ...f64Store,
    ...end,
    ...get(ROW), ...get(ROW_BYTES), ...i32Add, ...set(ROW),
    ...get(SLOT), ...i32(1), ...i32Add, ...set(SLOT),
    ...br(0),
  ...end, ...end,
  ...end,
];
const code = [
  ...vector([
    [5, I32],
    [2, V128],
    [1, F64],
    [2, V128],
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
