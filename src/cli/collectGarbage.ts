/**
 * A full garbage collection, asked for once, where the command line knows that most of the heap just became
 * garbage: after analysing a large program, whose syntax trees and evaluation nothing reads again (the lean
 * compile keeps only the images). Without it V8 does no major collection before the process ends (its heap
 * limit, set from the live size mid-analysis, is about twice that), so the garbage of the analysis and all that
 * lowering, hashing and writing promote stays in the heap: at 10,000 images ~110 MiB of the peak RSS.
 * Below LARGE_SOURCE the whole heap is small and a collection would only cost time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Source characters from which a collection pays: ~2,000 images of 11 lines. */
const LARGE_SOURCE = 1 << 20;

export function collectGarbageAfterAnalysis(sourceChars: number): void {
  if (sourceChars < LARGE_SOURCE) return;
  // `gc` is exposed only to contexts made after the flag is set; the flag changes nothing else.
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
