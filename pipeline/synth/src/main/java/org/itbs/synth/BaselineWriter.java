package org.itbs.synth;

import java.time.LocalDate;
import java.util.List;
import org.itbs.core.csv.CsvWriter;
import org.itbs.core.dictionary.Dictionary;

/**
 * Writes participants.csv and assessments.csv of one site, runner by runner, and records on each
 * {@link Runner} the covariates the analysis plan derives from those rows (age, BMI, and the means
 * of the L and R baseline assessments).
 *
 * <p>Calibration (literature.md): hip abduction torque follows Ramskov 2014, {@code 1.600 −
 * 0.005·age + 0.215·male} N·m/kg with SD 0.354 (a runner's mean of L and R; per-side measurement
 * noise 0.06); hip external rotation torque 0.45 ± 0.12 N·m/kg, correlated 0.5 with abduction
 * strength (as in cohort-a); lunge 11 ± 3.3 cm on a 0–25 cm scale (clinical references, 1 cm ≈
 * 3.6°); prior ITBS 10–15 % per site; women 42–64 %; ages 18–66, site means 30–42 years.
 */
final class BaselineWriter {
  static final String[] PARTICIPANT_FIELDS = {
    "participant_id",
    "sex",
    "birth_date",
    "enrolment_date",
    "followup_end_date",
    "height_cm",
    "mass_kg",
    "running_years",
    "prior_itbs"
  };
  static final String[] ASSESSMENT_FIELDS = {
    "participant_id",
    "assessment_date",
    "side",
    "hip_abduction_torque_nm_kg",
    "hip_external_rotation_torque_nm_kg",
    "dorsiflexion_lunge_cm"
  };
  private static final int P_ID = 0;
  private static final int P_SEX = 1;
  private static final int P_BIRTH = 2;
  private static final int P_ENROL = 3;
  private static final int P_END = 4;
  private static final int P_HEIGHT = 5;
  private static final int P_MASS = 6;
  private static final int P_YEARS = 7;
  private static final int P_PRIOR = 8;
  private static final int A_ID = 0;
  private static final int A_DATE = 1;
  private static final int A_SIDE = 2;
  private static final int A_ABD = 3;
  private static final int A_ER = 4;
  private static final int A_LUNGE = 5;

  /** Identifier columns a raw export carries in {@code --messy} mode. */
  static final List<String> IDENTIFIER_COLUMNS = List.of("name", "email", "phone");

  private static final String[] FIRST = {
    "Anna", "Ben", "Chloé", "David", "Emma", "Felix", "Grace", "Hannah", "Isaac", "Julia", "Karim",
    "Lena", "Marta", "Noah", "Olivia", "Pablo", "Rosa", "Sam", "Tomás", "Uma", "Victor", "Wen",
    "Yusuf", "Zoe"
  };
  private static final String[] FIRST_ASCII = {
    "anna", "ben", "chloe", "david", "emma", "felix", "grace", "hannah", "isaac", "julia", "karim",
    "lena", "marta", "noah", "olivia", "pablo", "rosa", "sam", "tomas", "uma", "victor", "wen",
    "yusuf", "zoe"
  };
  private static final String[] LAST = {
    "Smith",
    "Müller",
    "García",
    "Jones",
    "Okafor",
    "Nguyen",
    "Rossi",
    "Kowalski",
    "Brown",
    "Johansson",
    "Dubois",
    "Silva",
    "Tanaka",
    "O'Neill",
    "Novak",
    "Khan"
  };
  private static final String[] LAST_ASCII = {
    "smith",
    "mueller",
    "garcia",
    "jones",
    "okafor",
    "nguyen",
    "rossi",
    "kowalski",
    "brown",
    "johansson",
    "dubois",
    "silva",
    "tanaka",
    "oneill",
    "novak",
    "khan"
  };

  private final Site site;
  private final long seed;
  private final FaultPlan faults;
  private final FaultLog log;
  private final Columns pcols;
  private final Columns acols;
  private final CsvWriter participants;
  private final CsvWriter assessments;
  private final long[] enrolDays;
  private int withdrawn;

  BaselineWriter(
      Site site,
      long seed,
      Dictionary dict,
      FaultPlan faults,
      FaultLog log,
      java.nio.file.Path dir) {
    this.site = site;
    this.seed = seed;
    this.faults = faults;
    this.log = log;
    this.pcols = new Columns(dict.table("participants"), PARTICIPANT_FIELDS);
    this.acols = new Columns(dict.table("assessments"), ASSESSMENT_FIELDS);
    String[] ph = pcols.header();
    if (faults.active()) {
      String[] withIds = new String[ph.length + IDENTIFIER_COLUMNS.size()];
      withIds[0] = ph[0];
      withIds[1] = IDENTIFIER_COLUMNS.get(0);
      System.arraycopy(ph, 1, withIds, 2, ph.length - 1);
      for (int i = 1; i < IDENTIFIER_COLUMNS.size(); i++) {
        withIds[ph.length + i] = IDENTIFIER_COLUMNS.get(i);
      }
      ph = withIds;
      for (String c : IDENTIFIER_COLUMNS) {
        log.identifierColumn(site, FaultKind.Table.PARTICIPANTS, c);
      }
    }
    this.participants =
        CsvWriter.create(
            dir.resolve(FaultKind.Table.PARTICIPANTS.file()),
            encoding(FaultKind.Table.PARTICIPANTS),
            ph);
    this.assessments =
        CsvWriter.create(
            dir.resolve(FaultKind.Table.ASSESSMENTS.file()),
            encoding(FaultKind.Table.ASSESSMENTS),
            acols.header());
    Rng er = Rng.stream(seed, Streams.ENROLMENT, site.index);
    enrolDays = new long[site.runners];
    for (int i = 0; i < enrolDays.length; i++) {
      enrolDays[i] = site.enrolStart + er.nextInt(site.enrolDays);
    }
    java.util.Arrays.sort(enrolDays);
  }

  private CsvWriter.Encoding encoding(FaultKind.Table t) {
    return faults.encoding(t, site, log);
  }

  /**
   * Latent values the gait writer needs from the baseline.
   *
   * @param zAbductor the runner's standardised hip abductor strength residual
   * @param lungeTrue the runner's lunge distance before measurement noise (cm)
   */
  record Latent(double zAbductor, double lungeTrue) {}

  /**
   * Writes the runner's participant row and assessment rows.
   *
   * @return the runner, with age, BMI, hip_abd, hip_er and df_lunge set
   */
  Runner write(int i, Latent[] latentOut) {
    Rng r = Rng.stream(seed, Streams.PARTICIPANT, site.index, i);
    long enrol = enrolDays[i];
    boolean female = r.chance(site.femaleFraction);
    double ageYears = r.truncatedNormal(site.ageMean, 9.0, 18.2, 66.0);
    long birth = enrol - Math.round(ageYears * 365.2425);
    long planned =
        LocalDate.ofEpochDay(enrol).plusMonths(site.followupMonths).toEpochDay()
            + r.between(-3, 30);
    long end = planned;
    if (r.chance(site.dropout)) {
      end = enrol + r.between(35, (int) (planned - enrol - 1));
    }
    double height =
        female ? r.truncatedNormal(165.5, 6.5, 145, 200) : r.truncatedNormal(178.5, 7.0, 152, 210);
    double bmiTarget = r.truncatedNormal(female ? 21.8 : 22.8, 2.3, 17, 34);
    long heightTenths = CsvWriter.round(height, 1);
    double h = heightTenths / 1000.0;
    long massTenths = CsvWriter.round(bmiTarget * h * h, 1);
    double runningYears = Math.max(0.2, Math.min(ageYears - 12, r.logNormal(5, 0.7)));
    boolean prior = r.chance(site.priorRate);
    Runner runner = new Runner(site, i, site.participantId(i), enrol, end, female, prior);
    int age = wholeYears(birth, enrol);
    runner.set(Covariate.AGE, age);
    runner.set(Covariate.BMI, (massTenths / 10.0) / (h * h));

    String[] row = new String[PARTICIPANT_FIELDS.length];
    row[P_ID] = runner.id;
    row[P_SEX] = female ? "F" : "M";
    row[P_BIRTH] = LocalDate.ofEpochDay(birth).toString();
    row[P_ENROL] = LocalDate.ofEpochDay(enrol).toString();
    row[P_END] = LocalDate.ofEpochDay(end).toString();
    row[P_HEIGHT] = decimal(heightTenths, 1);
    row[P_MASS] = decimal(massTenths, 1);
    row[P_YEARS] = decimal(CsvWriter.round(runningYears, 1), 1);
    row[P_PRIOR] = prior ? "1" : "0";
    writeParticipant(row, identity(i));
    for (FaultKind k : faults.take(FaultKind.Table.PARTICIPANTS, i, k -> true)) {
      withdrawnParticipant(k, row, i);
    }

    writeAssessments(runner, age, female, latentOut);
    return runner;
  }

  /** Whole years from birth to a date, as the analysis plan (and reference.R) computes age. */
  static int wholeYears(long birth, long at) {
    LocalDate b = LocalDate.ofEpochDay(birth);
    LocalDate a = LocalDate.ofEpochDay(at);
    int md = a.getMonthValue() * 100 + a.getDayOfMonth();
    int mdBirth = b.getMonthValue() * 100 + b.getDayOfMonth();
    return a.getYear() - b.getYear() - (md < mdBirth ? 1 : 0);
  }

  private String[] identity(int i) {
    if (!faults.active()) {
      return null;
    }
    Rng r = Rng.stream(seed, Streams.IDENTIFIERS, site.index, i);
    int f = r.nextInt(FIRST.length);
    int l = r.nextInt(LAST.length);
    return new String[] {
      FIRST[f] + " " + LAST[l],
      FIRST_ASCII[f] + "." + LAST_ASCII[l] + r.between(1, 99) + "@example.org",
      "+44 7700 900" + String.format(java.util.Locale.ROOT, "%03d", r.nextInt(1000))
    };
  }

  private void writeParticipant(String[] row, String[] identity) {
    for (int c = 0; c < pcols.size(); c++) {
      participants.text(row[pcols.field(c)]);
      if (c == 0 && identity != null) {
        participants.text(identity[0]);
      }
    }
    if (identity != null) {
      for (int k = 1; k < identity.length; k++) {
        participants.text(identity[k]);
      }
    }
    participants.endRow();
  }

  /** An extra row for a runner who withdrew before any data was taken, carrying one fault. */
  private void withdrawnParticipant(FaultKind k, String[] model, int i) {
    Rng fr = faults.rng();
    withdrawn++;
    String[] row = model.clone();
    row[P_ID] = site.participantId(site.runners + withdrawn);
    long enrol = LocalDate.parse(model[P_ENROL]).toEpochDay();
    int field;
    switch (k) {
      case P_HEIGHT_IN_METRES -> {
        field = P_HEIGHT;
        row[field] = decimal(CsvWriter.round(Double.parseDouble(model[P_HEIGHT]) / 100, 2), 2);
      }
      case P_MASS_DECIMAL_COMMA -> {
        field = P_MASS;
        row[field] = model[P_MASS].replace('.', ',');
      }
      case P_SEX_MISSING -> {
        field = P_SEX;
        row[field] = "";
      }
      case P_FOLLOWUP_BEFORE_ENROLMENT -> {
        field = P_END;
        row[field] = LocalDate.ofEpochDay(enrol - fr.between(1, 60)).toString();
      }
      case P_PRIOR_ITBS_OUT_OF_RANGE -> {
        field = P_PRIOR;
        row[field] = "2";
      }
      case P_RUNNING_YEARS_WITH_UNIT -> {
        field = P_YEARS;
        row[field] = model[P_YEARS] + " yrs";
      }
      default -> throw new IllegalStateException("not a participants fault: " + k);
    }
    long line = participants.nextLine();
    writeParticipant(row, identity(site.runners + withdrawn + 1_000_000));
    log.row(site, FaultKind.Table.PARTICIPANTS, line, pcols.name(field), row[field], k.rule);
  }

  private void writeAssessments(Runner runner, int age, boolean female, Latent[] latentOut) {
    Rng r = Rng.stream(seed, Streams.ASSESSMENT, site.index, runner.index);
    double z = r.gaussian();
    double abd =
        clamp(1.600 - 0.005 * age + (female ? 0 : 0.215) + site.hipAbdOffset + 0.35 * z, 0.45, 3.6);
    double er = clamp(0.45 + site.hipErOffset + 0.12 * (0.5 * z + 0.866 * r.gaussian()), 0.12, 1.5);
    double lunge = r.truncatedNormal(11 + site.lungeOffset, 3.3, 1.0, 24.0);
    latentOut[0] = new Latent(z, lunge);
    int offset =
        r.chance(0.9) ? (int) clamp(Math.round(r.normal(0.5, 4)), -25, 28) : r.between(-30, 30);
    long date = runner.enrol + offset;
    if (date > runner.end) {
      date = runner.end;
    }
    long abdL = CsvWriter.round(clamp(abd + r.normal(0, 0.06), 0.25, 3.9), 3);
    long abdR = CsvWriter.round(clamp(abd + r.normal(0, 0.06), 0.25, 3.9), 3);
    long erL = CsvWriter.round(clamp(er + r.normal(0, 0.03), 0.06, 1.95), 3);
    long erR = CsvWriter.round(clamp(er + r.normal(0, 0.03), 0.06, 1.95), 3);
    long luL = CsvWriter.round(clamp(lunge + r.normal(0, 0.6), 0, 25), 1);
    long luR = CsvWriter.round(clamp(lunge + r.normal(0, 0.6), 0, 25), 1);
    assessment(runner.id, date, "L", abdL, erL, luL, -1, null);
    assessment(runner.id, date, "R", abdR, erR, luR, -1, null);
    runner.set(Covariate.HIP_ABD, (abdL / 1000.0 + abdR / 1000.0) / 2);
    runner.set(Covariate.HIP_ER, (erL / 1000.0 + erR / 1000.0) / 2);
    runner.set(Covariate.DF_LUNGE, (luL / 10.0 + luR / 10.0) / 2);
    // A follow-up assessment after about six months for some runners: strength work shows.
    long fu = runner.enrol + r.between(150, 240);
    boolean followUp = r.chance(0.3) && fu <= runner.end;
    if (followUp) {
      double gain = r.normal(0.04, 0.08);
      assessment(
          runner.id,
          fu,
          "L",
          CsvWriter.round(clamp(abd * (1 + gain) + r.normal(0, 0.06), 0.25, 3.9), 3),
          CsvWriter.round(clamp(er * (1 + gain) + r.normal(0, 0.03), 0.06, 1.95), 3),
          CsvWriter.round(clamp(lunge + r.normal(0.3, 0.8), 0, 25), 1),
          -1,
          null);
      assessment(
          runner.id,
          fu,
          "R",
          CsvWriter.round(clamp(abd * (1 + gain) + r.normal(0, 0.06), 0.25, 3.9), 3),
          CsvWriter.round(clamp(er * (1 + gain) + r.normal(0, 0.03), 0.06, 1.95), 3),
          CsvWriter.round(clamp(lunge + r.normal(0.3, 0.8), 0, 25), 1),
          -1,
          null);
    }
    java.util.Set<Long> used = new java.util.TreeSet<>();
    used.add(date);
    if (followUp) {
      used.add(fu);
    }
    for (FaultKind k :
        faults.take(
            FaultKind.Table.ASSESSMENTS,
            runner.index,
            k -> k == FaultKind.A_DATE_BEFORE_WINDOW || runner.followupDays() >= 60)) {
      faultyAssessment(k, runner, abd, er, lunge, used);
    }
  }

  /** An extra assessment row (a repeated test) carrying one fault. */
  private void faultyAssessment(
      FaultKind k, Runner runner, double abd, double er, double lunge, java.util.Set<Long> used) {
    Rng fr = faults.rng();
    long date;
    do {
      date = runner.enrol + fr.between(31, (int) Math.max(31, runner.followupDays()));
    } while (used.contains(date));
    String side = fr.chance(0.5) ? "L" : "R";
    long abdV = CsvWriter.round(abd, 3);
    long erV = CsvWriter.round(er, 3);
    long luV = CsvWriter.round(lunge, 1);
    String id = runner.id;
    int field;
    String value;
    switch (k) {
      case A_TORQUE_NOT_PER_KG -> {
        field = A_ABD;
        value = decimal(CsvWriter.round(abd * 70, 1), 1);
      }
      case A_LUNGE_OUT_OF_RANGE -> {
        field = A_LUNGE;
        value = decimal(fr.between(255, 400), 1);
      }
      case A_SIDE_BOTH -> {
        field = A_SIDE;
        value = "B";
      }
      case A_DATE_BEFORE_WINDOW -> {
        field = A_DATE;
        do {
          date = runner.enrol - fr.between(35, 120);
        } while (used.contains(date));
        value = LocalDate.ofEpochDay(date).toString();
      }
      case A_TORQUE_MISSING -> {
        field = A_ABD;
        value = "";
      }
      case A_ER_DECIMAL_COMMA -> {
        field = A_ER;
        value = decimal(erV, 3).replace('.', ',');
      }
      case A_UNKNOWN_PARTICIPANT -> {
        field = A_ID;
        id = faults.unknownParticipant(site);
        value = id;
      }
      default -> throw new IllegalStateException("not an assessments fault: " + k);
    }
    used.add(date);
    long line = assessments.nextLine();
    assessment(id, date, side, abdV, erV, luV, field, value);
    log.row(site, FaultKind.Table.ASSESSMENTS, line, acols.name(field), value, k.rule);
  }

  private void assessment(
      String id,
      long date,
      String side,
      long abdMilli,
      long erMilli,
      long lungeTenths,
      int overrideField,
      String overrideValue) {
    for (int c = 0; c < acols.size(); c++) {
      int f = acols.field(c);
      if (f == overrideField) {
        assessments.text(overrideValue);
        continue;
      }
      switch (f) {
        case A_ID -> assessments.text(id);
        case A_DATE -> assessments.date(date);
        case A_SIDE -> assessments.text(side);
        case A_ABD -> assessments.scaled(abdMilli, 3);
        case A_ER -> assessments.scaled(erMilli, 3);
        case A_LUNGE -> assessments.scaled(lungeTenths, 1);
        default -> throw new IllegalStateException("field " + f);
      }
    }
    assessments.endRow();
  }

  static String decimal(long units, int decimals) {
    StringBuilder sb = new StringBuilder();
    if (units < 0) {
      sb.append('-');
      units = -units;
    }
    long p = 1;
    for (int i = 0; i < decimals; i++) {
      p *= 10;
    }
    sb.append(units / p);
    if (decimals > 0) {
      String frac = Long.toString(units % p);
      sb.append('.');
      for (int i = frac.length(); i < decimals; i++) {
        sb.append('0');
      }
      sb.append(frac);
    }
    return sb.toString();
  }

  static double clamp(double v, double lo, double hi) {
    return v < lo ? lo : (v > hi ? hi : v);
  }

  long participantRows() {
    return participants.rows();
  }

  long assessmentRows() {
    return assessments.rows();
  }

  void close() {
    try {
      participants.close();
    } finally {
      assessments.close();
    }
  }
}
