import highsLoader from 'highs';

export type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highsPromise: Promise<Highs> | undefined;

/** The HiGHS WebAssembly runtime, loaded once per process (a cache of compiled code, not of any state). */
export function loadHighs(): Promise<Highs> {
  highsPromise ??= highsLoader();
  return highsPromise;
}
