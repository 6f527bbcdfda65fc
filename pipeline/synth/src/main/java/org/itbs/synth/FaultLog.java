package org.itbs.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.itbs.core.validate.Rule;

/** The faults written so far, in writing order, as the entries of faults.json. */
final class FaultLog {
  private final ArrayNode entries = JsonNodeFactory.instance.arrayNode();
  private int rowFaults;

  /** A faulty row: the ingest must quarantine the row at that line with that rule. */
  void row(Site site, FaultKind.Table file, long line, String column, String value, Rule rule) {
    ObjectNode n = entries.addObject();
    n.put("site", site.code);
    n.put("file", file.file());
    n.put("kind", "row");
    n.put("line", line);
    n.put("column", column);
    n.put("value", value);
    n.put("rule", rule.id());
    rowFaults++;
  }

  /** One row of a duplicate key pair; both rows of the pair are recorded. */
  void duplicate(
      Site site, FaultKind.Table file, long line, List<String> keyColumns, List<String> keyValues) {
    row(
        site,
        file,
        line,
        keyColumns.get(keyColumns.size() - 1),
        keyValues.get(keyValues.size() - 1),
        Rule.DUPLICATE_KEY);
    ObjectNode n = (ObjectNode) entries.get(entries.size() - 1);
    ArrayNode cols = n.putArray("key_columns");
    keyColumns.forEach(cols::add);
    ArrayNode vals = n.putArray("key_values");
    keyValues.forEach(vals::add);
  }

  /** A direct identifier column in a file (the whole submission is refused until removed). */
  void identifierColumn(Site site, FaultKind.Table file, String column) {
    ObjectNode n = entries.addObject();
    n.put("site", site.code);
    n.put("file", file.file());
    n.put("kind", "identifier_column");
    n.put("column", column);
  }

  /** A file written with a byte-order mark and CRLF line ends: allowed by cef-1, not a fault. */
  void encoding(Site site, FaultKind.Table file) {
    ObjectNode n = entries.addObject();
    n.put("site", site.code);
    n.put("file", file.file());
    n.put("kind", "bom_crlf");
    n.put("note", "UTF-8 byte-order mark and CRLF line ends; valid cef-1, must be accepted");
  }

  ArrayNode entries() {
    return entries;
  }

  int rowFaults() {
    return rowFaults;
  }
}
