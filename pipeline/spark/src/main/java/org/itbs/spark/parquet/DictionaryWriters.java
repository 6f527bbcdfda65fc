package org.itbs.spark.parquet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.column.values.dictionary.IntList;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.io.api.Binary;

/**
 * Parquet's own value writers, except that the dictionaries of DOUBLE, INT64, INT32 and BINARY
 * columns look their values up faster: an open-addressing table of {@code long}s that holds each
 * key beside its id (one memory access per look-up, where Parquet's linked hash maps take three),
 * and the last value's id remembered (rows come grouped by runner, session and trial). Everything
 * else is Parquet's: the same ids in the same order, the same dictionary size accounting, hence the
 * same fall-back to plain encoding at the same value and the same pages: a file written with these
 * writers is byte for byte the file Parquet's defaults write ({@code DictionaryWritersTest}). They
 * reach Parquet through its public extension point for value writers ({@link
 * ParquetProperties.Builder#withValuesWriterFactory}), which {@link ColumnFileWriter} takes.
 *
 * <p>Why: with Parquet's {@code Double2IntLinkedOpenHashMap} the dictionary of the gait angles
 * (tens of thousands of distinct values per part file) took a fifth of an ingest task's time.
 */
final class DictionaryWriters implements ValuesWriterFactory {
  private final ValuesWriterFactory defaults = new DefaultValuesWriterFactory();
  private ParquetProperties properties;

  @Override
  public void initialize(ParquetProperties p) {
    this.properties = p;
    defaults.initialize(p);
  }

  @Override
  public ValuesWriter newValuesWriter(ColumnDescriptor descriptor) {
    ValuesWriter w = defaults.newValuesWriter(descriptor);
    if (!(w instanceof FallbackValuesWriter<?, ?> f)) {
      return w;
    }
    ValuesWriter initial = f.initialWriter;
    int max = properties.getDictionaryPageSizeThreshold();
    Encoding data = initial.getEncoding();
    Encoding page =
        properties.getWriterVersion() == ParquetProperties.WriterVersion.PARQUET_1_0
            ? Encoding.PLAIN_DICTIONARY
            : Encoding.PLAIN;
    ByteBufferAllocator a = properties.getAllocator();
    Class<?> c = initial.getClass();
    DictionaryValuesWriter fast;
    if (c == DictionaryValuesWriter.PlainDoubleDictionaryValuesWriter.class) {
      fast = new Primitives(Primitives.DOUBLE, max, data, page, a);
    } else if (c == DictionaryValuesWriter.PlainLongDictionaryValuesWriter.class) {
      fast = new Primitives(Primitives.LONG, max, data, page, a);
    } else if (c == DictionaryValuesWriter.PlainIntegerDictionaryValuesWriter.class) {
      fast = new Primitives(Primitives.INT, max, data, page, a);
    } else if (c == DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter.class) {
      fast = new Binaries(max, data, page, a);
    } else {
      return w;
    }
    initial.close();
    return FallbackValuesWriter.of(fast, f.fallBackWriter);
  }

  /**
   * What the dictionaries share: the dictionary page and the fall-back to plain encoding write each
   * value by its id, in id order and in the order the rows used them, as Parquet's writers do.
   */
  abstract static class Values extends DictionaryValuesWriter {
    Values(int max, Encoding data, Encoding page, ByteBufferAllocator a) {
      super(max, data, page, a);
    }

    /** Writes the value of dictionary id {@code id} to {@code w}. */
    abstract void writeValue(ValuesWriter w, int id);

    @Override
    public DictionaryPage toDictPageAndClose() {
      if (lastUsedDictionarySize == 0) {
        return null;
      }
      PlainValuesWriter page =
          new PlainValuesWriter(lastUsedDictionaryByteSize, maxDictionaryByteSize, allocator);
      for (int i = 0; i < lastUsedDictionarySize; i++) {
        writeValue(page, i);
      }
      return dictPage(page);
    }

    @Override
    public void fallBackDictionaryEncodedData(ValuesWriter writer) {
      IntList.IntIterator it = encodedValues.iterator();
      while (it.hasNext()) {
        writeValue(writer, it.next());
      }
    }
  }

  /**
   * The dictionary of a DOUBLE, INT64 or INT32 column: the key of a value is its bits ({@link
   * Double#doubleToLongBits}, as Parquet's map compares doubles), its id the order in which it was
   * first seen; 8 bytes a value in the dictionary page for DOUBLE and INT64, 4 for INT32.
   */
  static final class Primitives extends Values {
    static final int DOUBLE = 0;
    static final int LONG = 1;
    static final int INT = 2;

    private final int kind;
    private final LongIds ids = new LongIds();
    private long[] values = new long[256];
    private long lastKey;
    private int lastId = -1;

    Primitives(int kind, int max, Encoding data, Encoding page, ByteBufferAllocator a) {
      super(max, data, page, a);
      this.kind = kind;
    }

    @Override
    public void writeDouble(double v) {
      add(Double.doubleToLongBits(v), Double.doubleToRawLongBits(v), 8);
    }

    @Override
    public void writeLong(long v) {
      add(v, v, 8);
    }

    @Override
    public void writeInteger(int v) {
      add(v, v, 4);
    }

    private void add(long key, long raw, int bytes) {
      if (key == lastKey && lastId >= 0) {
        encodedValues.add(lastId);
        return;
      }
      int id = ids.idOf(key);
      if (id < 0) {
        id = ~id;
        if (id == values.length) {
          values = Arrays.copyOf(values, id * 2);
        }
        values[id] = raw;
        dictionaryByteSize += bytes;
      }
      lastKey = key;
      lastId = id;
      encodedValues.add(id);
    }

    @Override
    void writeValue(ValuesWriter w, int id) {
      long raw = values[id];
      switch (kind) {
        case DOUBLE -> w.writeDouble(Double.longBitsToDouble(raw));
        case LONG -> w.writeLong(raw);
        default -> w.writeInteger((int) raw);
      }
    }

    @Override
    public int getDictionarySize() {
      return ids.size();
    }

    @Override
    protected void clearDictionaryContent() {
      ids.clear();
      lastId = -1;
    }
  }

  /**
   * The dictionary of a BINARY column: Parquet's, with the last value's id remembered while the
   * caller passes the same {@link Binary} again (one whose bytes are not reused).
   */
  static final class Binaries extends Values {
    private final Map<Binary, Integer> ids = new HashMap<>();
    private final List<Binary> values = new ArrayList<>();
    private Binary last;
    private int lastId = -1;

    Binaries(int max, Encoding data, Encoding page, ByteBufferAllocator a) {
      super(max, data, page, a);
    }

    @Override
    public void writeBytes(Binary v) {
      if (v == last && lastId >= 0 && !v.isBackingBytesReused()) {
        encodedValues.add(lastId);
        return;
      }
      Integer known = ids.get(v);
      int id;
      if (known == null) {
        id = values.size();
        Binary copy = v.copy();
        ids.put(copy, id);
        values.add(copy);
        dictionaryByteSize += 4L + v.length();
      } else {
        id = known;
      }
      last = v;
      lastId = id;
      encodedValues.add(id);
    }

    @Override
    void writeValue(ValuesWriter w, int id) {
      w.writeBytes(values.get(id));
    }

    @Override
    public int getDictionarySize() {
      return values.size();
    }

    @Override
    protected void clearDictionaryContent() {
      ids.clear();
      values.clear();
      last = null;
      lastId = -1;
    }
  }

  /**
   * Ids of {@code long} keys, 0, 1, 2, ... in the order they were first seen: open addressing with
   * linear probing over one array of (key, id + 1) pairs, at most half full.
   */
  static final class LongIds {
    private long[] slots = new long[2 * 1024];
    private int mask = 1023;
    private int size;

    /**
     * The id of {@code key}; when it is new, gives it the next id {@code n} and returns {@code ~n}.
     */
    int idOf(long key) {
      int i = slot(key, mask);
      while (true) {
        long id = slots[2 * i + 1];
        if (id == 0) {
          slots[2 * i] = key;
          slots[2 * i + 1] = size + 1L;
          int n = size++;
          if (2 * size > mask + 1) {
            grow();
          }
          return ~n;
        }
        if (slots[2 * i] == key) {
          return (int) (id - 1);
        }
        i = (i + 1) & mask;
      }
    }

    int size() {
      return size;
    }

    void clear() {
      Arrays.fill(slots, 0L);
      size = 0;
    }

    private void grow() {
      long[] old = slots;
      int m = 2 * (mask + 1) - 1;
      long[] s = new long[2 * (m + 1)];
      for (int j = 0; j < old.length; j += 2) {
        if (old[j + 1] != 0) {
          int i = slot(old[j], m);
          while (s[2 * i + 1] != 0) {
            i = (i + 1) & m;
          }
          s[2 * i] = old[j];
          s[2 * i + 1] = old[j + 1];
        }
      }
      slots = s;
      mask = m;
    }

    private static int slot(long key, int mask) {
      long k = (key ^ (key >>> 33)) * 0xff51afd7ed558ccdL;
      return (int) (k ^ (k >>> 33)) & mask;
    }
  }
}
