package org.itbs.contribute;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.ColumnType;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.Finding;
import org.itbs.core.validate.RowValidator;
import org.itbs.core.validate.Rule;

/**
 * The dictionary's rules run on one export file's rows at the clinic, with the same {@link
 * RowValidator} as ingest, to find the values that must not leave the clinic as written: a value
 * that breaks its column's type, range, allowed values, length or pattern ({@link #WITHHELD}) is
 * replaced by {@link RowValidator#withheldMarker}, e.g. {@code [withheld: range]}, so an e-mail
 * typed into height_cm or a name into sex never reaches the centre. The participant column is not
 * checked here: it is always replaced by its pseudonym. Rules whose values are harmless once
 * transformed (required, weekday, date windows, references) are left to ingest, which quarantines
 * the row. Not thread-safe (the validator caches).
 */
final class ClinicChecks {
  /** The rules whose breaking value is withheld at the clinic. */
  static final Set<Rule> WITHHELD =
      EnumSet.of(Rule.TYPE, Rule.RANGE, Rule.VALUES, Rule.LENGTH, Rule.PATTERN);

  private final TableSpec table;
  private final RowValidator validator;
  private final int[] fieldOf;
  private final int participant;
  private final String[] raw;

  /**
   * @param table the export's table
   * @param fieldOf per dictionary column, the header field that holds it, or -1
   */
  ClinicChecks(TableSpec table, int[] fieldOf) {
    this.table = table;
    this.validator = new RowValidator(table);
    this.fieldOf = fieldOf.clone();
    this.participant = table.indexOf("participant_id");
    this.raw = new String[table.columns().size()];
  }

  /**
   * Per header field, whether the column may hold a line break inside quotes: a text column of the
   * dictionary, or any other (a direct identifier, dropped).
   */
  static boolean[] mayBreak(TableSpec table, int[] fieldOf, int width) {
    boolean[] may = new boolean[width];
    java.util.Arrays.fill(may, true);
    for (int k = 0; k < fieldOf.length; k++) {
      ColumnSpec c = table.columns().get(k);
      if (fieldOf[k] >= 0 && c.type() != ColumnType.TEXT) {
        may[fieldOf[k]] = false;
      }
    }
    return may;
  }

  /** One value to withhold: the header field, the dictionary column, the value and the rule. */
  record Hit(int field, String column, String value, Rule rule) {}

  /**
   * The values of a record to withhold.
   *
   * @param fields the record's fields, as many as the header has
   * @return the values to withhold, in dictionary column order; empty when none
   */
  List<Hit> check(String[] fields) {
    for (int k = 0; k < raw.length; k++) {
      raw[k] = fieldOf[k] < 0 ? null : fields[fieldOf[k]];
    }
    RowValidator.Result r = validator.validate(raw, null);
    if (r.valid()) {
      return List.of();
    }
    List<Hit> hits = new java.util.ArrayList<>(2);
    for (Finding f : r.findings()) {
      if (!WITHHELD.contains(f.rule()) || f.column() == null) {
        continue;
      }
      int k = table.indexOf(f.column());
      if (k < 0 || k == participant || fieldOf[k] < 0) {
        continue;
      }
      hits.add(new Hit(fieldOf[k], f.column(), fields[fieldOf[k]], f.rule()));
    }
    return hits;
  }
}
