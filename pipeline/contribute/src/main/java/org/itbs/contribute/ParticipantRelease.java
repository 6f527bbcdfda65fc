package org.itbs.contribute;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.submission.DisclosureRisk;
import org.itbs.core.validate.RowValidator;

/**
 * The quasi-identifiers of a site's participants.csv as released: read once before the submission
 * is written, to measure their risk and decide the release ({@link DisclosureControl}); then
 * applied to every participants row as it is written ({@link #apply}). Runners are matched by the
 * clinic's own participant_id, so the order rows are written in does not matter.
 */
final class ParticipantRelease {
  private final int id;
  private final int sex;
  private final int birth;
  private final int enrolment;
  private final int height;
  private final int mass;
  private final int running;
  private final int prior;
  private final DisclosureControl.Decision decision;

  private ParticipantRelease(
      TableSpec cef1Participants, int[] fieldOf, Integer k, RawExport.Entry e) {
    this.id = field(cef1Participants, fieldOf, "participant_id");
    this.sex = field(cef1Participants, fieldOf, "sex");
    this.birth = field(cef1Participants, fieldOf, "birth_date");
    this.enrolment = field(cef1Participants, fieldOf, "enrolment_date");
    this.height = field(cef1Participants, fieldOf, "height_cm");
    this.mass = field(cef1Participants, fieldOf, "mass_kg");
    this.running = field(cef1Participants, fieldOf, "running_years");
    this.prior = field(cef1Participants, fieldOf, "prior_itbs");
    this.decision = DisclosureControl.decide(read(e), k);
  }

  /**
   * Reads the participants file of an export and decides its release.
   *
   * @param cef1Participants the cef-1 participants table
   * @param fieldOf per column of that table, its field in the file's header, or -1
   * @param k the k asked for ({@code --k-anonymity}), or null
   * @param e the participants file
   * @throws UncheckedIOException when the file cannot be read
   */
  static ParticipantRelease prepare(
      TableSpec cef1Participants, int[] fieldOf, Integer k, RawExport.Entry e) {
    return new ParticipantRelease(cef1Participants, fieldOf, k, e);
  }

  private static int field(TableSpec t, int[] fieldOf, String column) {
    int c = t.indexOf(column);
    return c < 0 ? -1 : fieldOf[c];
  }

  private static String at(String[] f, int i) {
    return i >= 0 && i < f.length ? f[i] : "";
  }

  /** The figures measured on what is released, and the policy applied. */
  DisclosureRisk risk() {
    return decision.risk();
  }

  /** The runners' quasi-identifiers as released without generalisation. */
  QuasiIdentifiers quasiIdentifiers(String[] f) {
    String age = ReleasedValues.ageYears(ageText(f));
    return new QuasiIdentifiers(
        at(f, id),
        at(f, sex).strip(),
        ReleasedValues.wholeNumber(age),
        ReleasedValues.number(ReleasedValues.bmi(at(f, height), at(f, mass))),
        ReleasedValues.wholeNumber(ReleasedValues.runningYears(at(f, running))),
        at(f, prior).strip());
  }

  private String ageText(String[] f) {
    Integer a = ReleasedValues.age(at(f, birth), at(f, enrolment));
    return a == null ? "" : a.toString();
  }

  private List<QuasiIdentifiers> read(RawExport.Entry e) {
    List<QuasiIdentifiers> rows = new ArrayList<>();
    try (InputStream in = e.open();
        CsvReader r = CsvReader.open(in)) {
      CsvRecord rec;
      while ((rec = r.next()) != null) {
        String[] f = rec.fields();
        if (!RowValidator.isMissing(at(f, id))) {
          rows.add(quasiIdentifiers(f));
        }
      }
    } catch (CsvReader.NotUtf8Exception | CsvReader.MalformedCsvException x) {
      // Writing the file refuses the export with file and line; nothing is released.
    } catch (IOException x) {
      throw new UncheckedIOException("cannot read " + e.name(), x);
    }
    return rows;
  }

  /**
   * Rewrites the released participant columns of one output row: age_years top-coded (and
   * generalised), bmi from the export's height_cm and mass_kg, running_years in whole years (and
   * generalised); all three empty for a withheld runner.
   *
   * @param f the row's fields as read from the export
   * @param names the submission's column names
   * @param values the row as the submission will carry it; age_years already computed
   */
  void apply(String[] f, String[] names, String[] values) {
    boolean withheld = decision.withheldIds().contains(at(f, id));
    Generalisation g = decision.generalisation();
    for (int j = 0; j < names.length; j++) {
      switch (names[j]) {
        case "age_years" -> {
          String v = ReleasedValues.ageYears(values[j]);
          Integer a = ReleasedValues.wholeNumber(v);
          values[j] = withheld ? "" : a == null ? v : Integer.toString(g.age(a));
        }
        case "bmi" -> {
          String v = ReleasedValues.bmi(at(f, height), at(f, mass));
          Double b = ReleasedValues.number(v);
          values[j] = withheld ? "" : b == null ? v : ReleasedValues.decimal(g.bmi(b));
        }
        case "running_years" -> {
          String v = ReleasedValues.runningYears(values[j]);
          Integer y = ReleasedValues.wholeNumber(v);
          values[j] = withheld ? "" : y == null ? v : Integer.toString(g.runningYears(y));
        }
        default -> {}
      }
    }
  }
}
