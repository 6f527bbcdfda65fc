package org.itbs.stats;

/** Stable sorts of row indices by a double key, without boxing. */
final class IndexSort {
  private IndexSort() {}

  /**
   * The indices {@code 0 … n-1} ordered by descending {@code key}; equal keys keep their index
   * order. O(n log n).
   */
  static int[] descending(double[] key) {
    int n = key.length;
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    int[] buf = new int[n];
    // bottom-up merge sort: runs of 1, 2, 4, ... merged from idx into buf and back
    int[] src = idx;
    int[] dst = buf;
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          // take from the right run only when its key is strictly larger: stable
          if (key[src[j]] > key[src[i]]) {
            dst[k++] = src[j++];
          } else {
            dst[k++] = src[i++];
          }
        }
        while (i < mid) {
          dst[k++] = src[i++];
        }
        while (j < hi) {
          dst[k++] = src[j++];
        }
      }
      int[] t = src;
      src = dst;
      dst = t;
    }
    return src;
  }
}
