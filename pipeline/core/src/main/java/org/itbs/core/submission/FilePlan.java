package org.itbs.core.submission;

import java.io.Serializable;
import org.itbs.core.dictionary.TableSpec;

/**
 * A file of an accepted submission, ready to be read in parallel.
 *
 * @param table the dictionary table the file holds
 * @param fileName the file's name inside the submission
 * @param path the file's absolute URI ({@link java.nio.file.Path#toUri()}: {@code file:///…}, or
 *     {@code hdfs://…} and the like for a submission on another file system)
 * @param columnOfField for each field of the file's header, the index of the dictionary column it
 *     holds
 * @param fieldCount number of fields of the header
 * @param scan checksum, record count and parallel splits
 */
public record FilePlan(
    TableSpec table,
    String fileName,
    String path,
    int[] columnOfField,
    int fieldCount,
    FileScan scan)
    implements Serializable {

  /**
   * Puts a record's fields into dictionary column order in {@code out} (one array reused for every
   * record of a reader).
   *
   * @param out an array of one element per dictionary column, {@code null} where the file has no
   *     column (this method writes only the file's columns, so a reused array stays so)
   * @return {@code out}: the values by dictionary column; {@code null} for a column the file lacks
   */
  public String[] toDictionaryOrder(String[] fields, String[] out) {
    int n = Math.min(fields.length, columnOfField.length);
    for (int i = 0; i < n; i++) {
      out[columnOfField[i]] = fields[i];
    }
    for (int i = n; i < columnOfField.length; i++) {
      out[columnOfField[i]] = "";
    }
    return out;
  }
}
