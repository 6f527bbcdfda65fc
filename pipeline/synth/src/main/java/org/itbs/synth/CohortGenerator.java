package org.itbs.synth;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.itbs.core.dictionary.Dictionary;

/**
 * Generates a synthetic multi-site cohort as clinic exports in the cef-1 format: one folder per
 * site holding participants.csv, assessments.csv, gait_frames.csv, training_weeks.csv and
 * injuries.csv, plus {@code truth.json} (the true effects, the definitions they refer to, the seed,
 * the sites and the counts) and, for a messy export, {@code faults.json} (every injected fault with
 * site, file, line, column, value and the rule the central ingest must quarantine the row with).
 *
 * <p>The same spec gives byte-identical output: every draw comes from a seeded stream per site,
 * runner and purpose ({@link Rng}), no hash-order iteration, no clock, no default locale. Runners
 * are written one at a time through buffered writers; the generator keeps about 150 bytes per
 * runner (dates and derived covariates), never their frames or weeks.
 *
 * <p>Two passes: the first writes participants, assessments and gait frames and derives each
 * runner's covariates from the values as written (the per-stance peaks of the printed angles, the
 * printed assessment values, the logged baseline weeks), exactly as analysis plan v1 derives them;
 * the covariates are then standardised over all runners and the baseline hazard is set so that the
 * requested share of runners has an ITBS onset during follow-up; the second pass simulates ITBS
 * onsets and recurrences ({@link Hazards}) and other injuries, and writes training weeks and
 * injuries. So a Cox model fitted per the plan on a large generated cohort recovers the onset
 * effects of {@link Covariate}.
 *
 * <p>Output is written to a hidden staging folder beside the target and moved into place only when
 * complete, so a failed run leaves nothing behind.
 */
public final class CohortGenerator {
  private static final String TRUTH = "truth.json";
  private static final String FAULTS = "faults.json";

  private CohortGenerator() {}

  /**
   * Generates the cohort into {@code out}, which must not exist or be an empty folder.
   *
   * @return what was written
   * @throws IllegalArgumentException when {@code out} is a file or a folder that is not empty
   * @throws UncheckedIOException when writing fails (nothing is left at {@code out})
   */
  public static CohortSummary generate(CohortSpec spec, Path out) {
    Path target = out.toAbsolutePath().normalize();
    if (Files.isRegularFile(target)) {
      throw new IllegalArgumentException("output " + out + " is a file, expected a folder");
    }
    if (Files.isDirectory(target) && !isEmpty(target)) {
      throw new IllegalArgumentException("output folder " + out + " exists and is not empty");
    }
    Path parent = target.getParent();
    Path staging = parent.resolve("." + target.getFileName() + ".partial");
    try {
      Files.createDirectories(parent);
      deleteRecursively(staging);
      Files.createDirectories(staging);
      CohortSummary summary = write(spec, staging);
      if (Files.isDirectory(target)) {
        Files.delete(target);
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staging, target);
      }
      return summary;
    } catch (IOException e) {
      deleteQuietly(staging);
      throw new UncheckedIOException("Cannot write cohort to " + out + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(staging);
      throw e;
    }
  }

  private static boolean isEmpty(Path dir) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      return !ds.iterator().hasNext();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      deleteRecursively(p);
    } catch (IOException | UncheckedIOException ignored) {
      // best effort: the original failure is what the caller needs to see
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path q : all) {
        Files.delete(q);
      }
    }
  }

  /** Splits N runners over K sites unevenly (gamma weights), each site at least one runner. */
  static int[] siteSizes(int runners, int sites, long seed) {
    Rng r = Rng.stream(seed, Streams.SIZES);
    double[] w = new double[sites];
    double total = 0;
    for (int k = 0; k < sites; k++) {
      w[k] = r.gamma(2.0, 1.0);
      total += w[k];
    }
    int[] sizes = new int[sites];
    int rest = runners - sites;
    int given = 0;
    double[] frac = new double[sites];
    for (int k = 0; k < sites; k++) {
      double share = rest * w[k] / total;
      sizes[k] = 1 + (int) Math.floor(share);
      frac[k] = share - Math.floor(share);
      given += sizes[k] - 1;
    }
    while (given < rest) {
      int best = 0;
      for (int k = 1; k < sites; k++) {
        if (frac[k] > frac[best]) {
          best = k;
        }
      }
      sizes[best]++;
      frac[best] = -1;
      given++;
    }
    return sizes;
  }

  private static CohortSummary write(CohortSpec spec, Path root) throws IOException {
    Dictionary dict = Dictionary.cef1();
    long seed = spec.seed();
    int[] sizes = siteSizes(spec.runners(), spec.sites(), seed);
    List<Site> sites = new ArrayList<>();
    for (int k = 0; k < sizes.length; k++) {
      sites.add(new Site(k, sizes[k], seed));
    }
    FaultLog log = new FaultLog();
    List<FaultPlan> plans = new ArrayList<>();
    List<List<Runner>> runners = new ArrayList<>();
    Map<String, long[]> siteRows = new LinkedHashMap<>();
    double trainingSum = 0;
    long trainingWeeks = 0;

    // Pass one: baseline files; covariates as the analysis plan derives them.
    for (Site site : sites) {
      FaultPlan plan =
          spec.faults() == CohortSpec.Faults.MESSY ? FaultPlan.messy(site, seed) : FaultPlan.none();
      plans.add(plan);
      Path dir = root.resolve(site.code);
      Files.createDirectories(dir);
      List<Runner> list = new ArrayList<>(site.runners);
      BaselineWriter baseline = new BaselineWriter(site, seed, dict, plan, log, dir);
      GaitWriter gait;
      try {
        gait =
            new GaitWriter(
                site,
                seed,
                spec.trials(),
                spec.trialSeconds(),
                dict,
                plan,
                log,
                dir,
                plan.encoding(FaultKind.Table.GAIT, site, log));
      } catch (RuntimeException e) {
        baseline.close();
        throw e;
      }
      try {
        BaselineWriter.Latent[] latent = new BaselineWriter.Latent[1];
        for (int i = 0; i < site.runners; i++) {
          Runner runner = baseline.write(i, latent);
          gait.write(runner, latent[0].zAbductor(), latent[0].lungeTrue());
          TrainingPlan tp = new TrainingPlan(seed, site, runner);
          runner.set(Covariate.KM_WEEK, tp.baselineKmWeek(runner.enrol));
          int last = tp.weekOfDay(runner.end);
          for (int w = TrainingPlan.PRE_WEEKS; w <= last; w++) {
            trainingSum += StrictMath.exp(Hazards.trainingLog(tp, w));
            trainingWeeks++;
          }
          list.add(runner);
        }
      } finally {
        try {
          baseline.close();
        } finally {
          gait.close();
        }
      }
      siteRows.put(
          site.code,
          new long[] {baseline.participantRows(), baseline.assessmentRows(), gait.rows(), 0, 0});
      runners.add(list);
    }

    // Standardisation over all runners, then the baseline hazard for the requested incidence.
    Covariate[] covs = Covariate.values();
    double[] mean = new double[covs.length];
    double[] sd = new double[covs.length];
    List<Runner> all = new ArrayList<>();
    runners.forEach(all::addAll);
    for (Covariate c : covs) {
      if (!c.continuous()) {
        mean[c.ordinal()] = Double.NaN;
        sd[c.ordinal()] = Double.NaN;
        continue;
      }
      double[] ms = meanSd(all, c);
      mean[c.ordinal()] = ms[0];
      sd[c.ordinal()] = ms[1] > 0 ? ms[1] : 1;
    }
    double c = trainingWeeks == 0 ? 0 : StrictMath.log(trainingSum / trainingWeeks);
    Hazards pre = new Hazards(0, c, mean, sd);
    double h0 = calibrate(all, pre, spec.itbsIncidence());
    Hazards hazards = new Hazards(h0, c, mean, sd);

    // Pass two: outcomes, training weeks, injuries.
    Outcomes.Counts total = new Outcomes.Counts();
    List<Outcomes.Counts> perSite = new ArrayList<>();
    for (Site site : sites) {
      Path dir = root.resolve(site.code);
      Outcomes o =
          new Outcomes(
              site,
              seed,
              hazards,
              spec.otherInjuriesPerYear(),
              dict,
              plans.get(site.index),
              log,
              dir);
      try {
        for (Runner r : runners.get(site.index)) {
          o.write(r);
        }
      } finally {
        o.close();
      }
      long[] rows = siteRows.get(site.code);
      rows[3] = o.weekRows();
      rows[4] = o.injuryRows();
      total.add(o.counts);
      perSite.add(o.counts);
    }

    ObjectMapper json = new ObjectMapper();
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
    pp.indentArraysWith(new DefaultIndenter("  ", "\n"));
    pp.indentObjectsWith(new DefaultIndenter("  ", "\n"));
    ObjectNode truth =
        truth(spec, sites, runners, siteRows, perSite, total, hazards, log.rowFaults());
    Files.write(root.resolve(TRUTH), bytes(json, pp, truth));
    if (spec.faults() == CohortSpec.Faults.MESSY) {
      ObjectNode f = JsonNodeFactory.instance.objectNode();
      f.put("format", dict.format());
      f.put("seed", seed);
      f.put(
          "note",
          "Every injected fault. kind row: the row at that 1-based line (the header is line 1) must"
              + " be quarantined with that rule; for duplicate_key both rows of the pair are listed."
              + " kind identifier_column: a direct identifier the clinic-side contribute step must"
              + " remove. kind bom_crlf: a valid file with a byte-order mark and CRLF line ends.");
      f.set("faults", sortedFaults(log.entries(), sites));
      Files.write(root.resolve(FAULTS), bytes(json, pp, f));
    }

    Map<String, Long> rowsByTable = new LinkedHashMap<>();
    for (int t = 0; t < Dictionary.CEF1_TABLES.size(); t++) {
      long s = 0;
      for (long[] r : siteRows.values()) {
        s += r[t];
      }
      rowsByTable.put(Dictionary.CEF1_TABLES.get(t), s);
    }
    return new CohortSummary(
        sites.stream().map(s -> s.code).toList(),
        all.size(),
        rowsByTable,
        total.itbsOnsets,
        total.itbsEpisodes,
        total.recurrences,
        total.otherTotal(),
        log.rowFaults());
  }

  private static byte[] bytes(ObjectMapper json, DefaultPrettyPrinter pp, JsonNode node)
      throws IOException {
    byte[] b = json.writer(pp).writeValueAsBytes(node);
    byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
    out[b.length] = '\n';
    return out;
  }

  private static double[] meanSd(List<Runner> runners, Covariate c) {
    double sum = 0;
    int n = 0;
    for (Runner r : runners) {
      double x = r.x(c);
      if (!Double.isNaN(x)) {
        sum += x;
        n++;
      }
    }
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double m = sum / n;
    double ss = 0;
    for (Runner r : runners) {
      double x = r.x(c);
      if (!Double.isNaN(x)) {
        ss += (x - m) * (x - m);
      }
    }
    return new double[] {m, n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN};
  }

  /**
   * The baseline hazard per day for which the expected share of runners with an ITBS onset during
   * follow-up is {@code incidence} (runners with prior ITBS counted at their mean training factor).
   */
  static double calibrate(List<Runner> runners, Hazards h, double incidence) {
    if (incidence <= 0 || runners.isEmpty()) {
      return 0;
    }
    double[] scale = new double[runners.size()];
    for (int i = 0; i < scale.length; i++) {
      Runner r = runners.get(i);
      double eta = h.eta(r) + (r.prior ? Covariate.PRIOR_ITBS.logHazardRatio() : 0);
      scale[i] = StrictMath.exp(eta) * r.followupDays();
    }
    double lo = -40;
    double hi = 5;
    for (int it = 0; it < 200; it++) {
      double mid = (lo + hi) / 2;
      double h0 = StrictMath.exp(mid);
      double p = 0;
      for (double s : scale) {
        p += 1 - StrictMath.exp(-h0 * s);
      }
      if (p / scale.length < incidence) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return StrictMath.exp((lo + hi) / 2);
  }

  private static ArrayNode sortedFaults(ArrayNode entries, List<Site> sites) {
    Map<String, Integer> siteOrder = new LinkedHashMap<>();
    sites.forEach(s -> siteOrder.put(s.code, s.index));
    List<JsonNode> list = new ArrayList<>();
    entries.forEach(list::add);
    list.sort(
        Comparator.<JsonNode>comparingInt(n -> siteOrder.get(n.get("site").asText()))
            .thenComparingInt(
                n -> Dictionary.CEF1_TABLES.indexOf(n.get("file").asText().replace(".csv", "")))
            .thenComparingLong(n -> n.path("line").asLong(0)));
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    list.forEach(out::add);
    return out;
  }

  private static ObjectNode truth(
      CohortSpec spec,
      List<Site> sites,
      List<List<Runner>> runners,
      Map<String, long[]> siteRows,
      List<Outcomes.Counts> perSite,
      Outcomes.Counts total,
      Hazards h,
      int rowFaults) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode t = f.objectNode();
    t.put("generator", "itbs generate (org.itbs.synth)");
    t.put("format", "cef-1");
    t.put("analysis_plan", "analysis-plan v1");
    t.put("seed", spec.seed());
    ObjectNode s = t.putObject("spec");
    s.put("sites", spec.sites());
    s.put("runners", spec.runners());
    s.put("faults", spec.faults().name().toLowerCase(java.util.Locale.ROOT));
    s.put("trials", spec.trials());
    s.put("trial_seconds", spec.trialSeconds());
    s.put("itbs_incidence_target", spec.itbsIncidence());
    s.put("other_injuries_per_runner_year", spec.otherInjuriesPerYear());

    ArrayNode sa = t.putArray("sites");
    long allRunners = 0;
    for (Site site : sites) {
      List<Runner> list = runners.get(site.index);
      allRunners += list.size();
      ObjectNode n = sa.addObject();
      n.put("code", site.code);
      n.put("folder", site.code);
      n.put("participant_id_prefix", site.idPrefix + "-");
      n.put("runners", list.size());
      long first = list.stream().mapToLong(r -> r.enrol).min().orElse(site.enrolStart);
      long last = list.stream().mapToLong(r -> r.enrol).max().orElse(site.enrolStart);
      n.put("first_enrolment", LocalDate.ofEpochDay(first).toString());
      n.put("last_enrolment", LocalDate.ofEpochDay(last).toString());
      n.put("followup_months_planned", site.followupMonths);
      n.put("dropout_share", round(site.dropout));
      n.put("female_share_target", round(site.femaleFraction));
      n.put("age_mean_target", round(site.ageMean));
      n.put("prior_itbs_share_target", round(site.priorRate));
      ObjectNode off = n.putObject("offsets");
      off.put("hip_abduction_torque_nm_kg", round(site.hipAbdOffset));
      off.put("hip_external_rotation_torque_nm_kg", round(site.hipErOffset));
      off.put("dorsiflexion_lunge_cm", round(site.lungeOffset));
      off.put("peak_hip_adduction_deg", round(site.hipAddOffset));
      off.put("peak_pelvic_drop_deg", round(site.pelvicDropOffset));
      off.put("training_volume_factor", round(site.volumeFactor));
      ObjectNode rows = n.putObject("rows");
      long[] r = siteRows.get(site.code);
      for (int k = 0; k < r.length; k++) {
        rows.put(Dictionary.CEF1_TABLES.get(k), r[k]);
      }
      counts(n.putObject("counts"), perSite.get(site.index), list.size());
    }

    ObjectNode c = t.putObject("counts");
    c.put("runners", allRunners);
    ObjectNode rows = c.putObject("rows");
    for (int k = 0; k < Dictionary.CEF1_TABLES.size(); k++) {
      long sum = 0;
      for (long[] r : siteRows.values()) {
        sum += r[k];
      }
      rows.put(Dictionary.CEF1_TABLES.get(k), sum);
    }
    counts(c, total, allRunners);
    c.put("row_faults", rowFaults);
    ObjectNode other = c.putObject("means_of_derived_variables_not_in_models");
    other.put(
        "peak_knee_ir",
        runners.stream().flatMap(List::stream).mapToDouble(r -> r.peakKneeIr).average().orElse(0));
    other.put(
        "peak_df",
        runners.stream().flatMap(List::stream).mapToDouble(r -> r.peakDf).average().orElse(0));

    ObjectNode onset = t.putObject("onset");
    onset.put("plan_model", "P1");
    onset.put(
        "model",
        "h(t) = h0 * exp(sum_k beta_k * z_k + beta_sex * sex + beta_prior * prior_itbs),"
            + " constant in t; t in days since enrolment_date; onset_date = enrolment_date +"
            + " ceil(t); runners with prior_itbs = 1 are in a recurrence risk period from day 0"
            + " and carry the training factor of the recurrence model on top (it averages about 1)");
    onset.put("baseline_hazard_per_day", h.h0());
    onset.put(
        "standardisation",
        "z_k = (x_k - mean_k) / sd_k with mean and sample SD (n - 1) over all generated runners,"
            + " all sites pooled; x_k derived from the export as analysis plan v1 derives it");
    ArrayNode effects = onset.putArray("effects");
    for (Covariate cov : Covariate.values()) {
      ObjectNode e = effects.addObject();
      e.put("term", cov.term());
      e.put("log_hazard_ratio", cov.logHazardRatio());
      e.put("hazard_ratio", StrictMath.exp(cov.logHazardRatio()));
      e.put("per", cov.continuous() ? "1 SD over all generated runners" : "1 unit");
      if (cov.continuous()) {
        e.put("mean", h.mean()[cov.ordinal()]);
        e.put("sd", h.sd()[cov.ordinal()]);
      }
      e.put("definition", cov.definition());
      e.put("source", cov.source());
    }

    ObjectNode rec = t.putObject("recurrence");
    rec.put("plan_model", "R1");
    rec.put(
        "model",
        "in a risk period, h(t) = h0 * exp(eta + beta_prior) * exp(beta_maintenance *"
            + " maintenance + beta_acwr * acwr - c), eta as in the onset model without prior_itbs;"
            + " constant over each weekly interval (w, w + 7] of the runner's training weeks");
    rec.put(
        "risk_periods",
        "from day 0 for prior_itbs = 1; from the return_to_run_date of every ITBS episode; a"
            + " period ends at the next ITBS onset or at followup_end_date");
    rec.put(
        "maintenance_definition",
        "mean maintenance_sessions of the weeks starting w - 7, w - 14, w - 21, w - 28 (as the"
            + " runner trained them; unlogged weeks act but are not in the file)");
    rec.put(
        "acwr_definition",
        "distance_km of week w divided by the mean distance_km of the weeks w - 7 .. w - 28 (1"
            + " when that mean is 0)");
    rec.put("centering_constant_c", h.c());
    ArrayNode re = rec.putArray("effects");
    ObjectNode m = re.addObject();
    m.put("term", "maintenance");
    m.put("log_hazard_ratio", Hazards.MAINTENANCE_LOG_HR);
    m.put("hazard_ratio", StrictMath.exp(Hazards.MAINTENANCE_LOG_HR));
    m.put("per", "1 maintenance session a week (natural units)");
    m.put(
        "source",
        "clinical observation: recurrence when maintenance strength work stops (Fredericson 2000:"
            + " no recurrence at 6 months after abductor strengthening)");
    ObjectNode a = re.addObject();
    a.put("term", "acwr");
    a.put("log_hazard_ratio", Hazards.ACWR_LOG_HR);
    a.put("hazard_ratio", StrictMath.exp(Hazards.ACWR_LOG_HR));
    a.put("per", "1 unit of acute:chronic workload ratio (natural units)");
    a.put("source", "clinical observation: recurrence when training volume climbs again");
    List<Runner> contributors = total.recurrenceRunners;
    double[] expected = expectedR1(contributors, h);
    Covariate[] fixed = {Covariate.HIP_ABD, Covariate.DF_LUNGE, Covariate.SEX};
    for (int j = 0; j < fixed.length; j++) {
      Covariate cov = fixed[j];
      ObjectNode e = re.addObject();
      e.put("term", cov.term());
      e.put("log_hazard_ratio", cov.logHazardRatio());
      e.put("hazard_ratio", StrictMath.exp(cov.logHazardRatio()));
      if (cov.continuous()) {
        e.put(
            "per",
            "1 SD over all generated runners (the onset model's SD), other covariates fixed");
        e.put("sd_all_runners", h.sd()[cov.ordinal()]);
        double[] ms = meanSd(contributors, cov);
        if (!Double.isNaN(ms[1])) {
          e.put("sd_runners_with_risk_periods", ms[1]);
        }
      } else {
        e.put("per", "1 unit, other covariates fixed");
      }
      if (!Double.isNaN(expected[j])) {
        e.put("expected_r1_estimate", expected[j]);
      }
    }
    rec.put(
        "expected_r1_estimate_definition",
        "the log hazard ratio R1 estimates for its fixed covariates: per SD over the runners with"
            + " risk periods, and including what the acting covariates R1 leaves out"
            + " (also_acting_not_in_r1) contribute through their linear regression on hip_abd,"
            + " df_lunge and sex over those runners (for example weak abductors go with more pelvic"
            + " drop). Frailty from the left-out covariates shifts R1 a little further.");
    ArrayNode also = rec.putArray("also_acting_not_in_r1");
    for (Covariate cov : Covariate.values()) {
      if (cov == Covariate.HIP_ABD
          || cov == Covariate.DF_LUNGE
          || cov == Covariate.SEX
          || cov == Covariate.PRIOR_ITBS) {
        continue;
      }
      ObjectNode e = also.addObject();
      e.put("term", cov.term());
      e.put("log_hazard_ratio", cov.logHazardRatio());
    }
    rec.put("runners_with_risk_periods", contributors.size());

    ArrayNode notes = t.putArray("notes");
    notes.add(
        "P1 is the generating model itself (covariates derived from the files exactly as the plan"
            + " derives them), so a P1 fit recovers onset.effects up to sampling error; prior_itbs"
            + " runs a little low (about 0.05) because the training factor of runners with prior"
            + " ITBS varies between runners.");
    notes.add(
        "R1 leaves out covariates that also act on recurrence (also_acting_not_in_r1): their"
            + " correlation with hip_abd, df_lunge and sex is in expected_r1_estimate; their"
            + " remaining spread acts as frailty, which depletes high-risk runners from the risk"
            + " set while acwr is high after a return, so R1 overstates acwr slightly (about +0.1"
            + " on a few thousand runners).");
    notes.add(
        "Under plan v1 an onset on the Monday a week starts falls into a zero-length interval"
            + " (w, w] and is dropped from R1 (reference.R does the same); that loses about one"
            + " recurrence in seven at random, not a bias.");
    notes.add(
        "P2 (logistic) and P3 (Poisson) estimate odds and rate ratios, which differ from the"
            + " hazard ratios above; no truth is given for them.");
    return t;
  }

  /**
   * What R1 estimates for hip_abd, df_lunge and sex: their own effect per SD of the runners with
   * risk periods plus the projection of the acting covariates R1 leaves out onto them (linear
   * regression over those runners). NaN when there are too few such runners.
   */
  static double[] expectedR1(List<Runner> runners, Hazards h) {
    Covariate[] fixed = {Covariate.HIP_ABD, Covariate.DF_LUNGE, Covariate.SEX};
    double[] out = {Double.NaN, Double.NaN, Double.NaN};
    List<Runner> usable = new ArrayList<>();
    for (Runner r : runners) {
      boolean ok = true;
      for (double v : r.x) {
        ok &= !Double.isNaN(v);
      }
      if (ok) {
        usable.add(r);
      }
    }
    if (usable.size() < 20) {
      return out;
    }
    double[] msAbd = meanSd(usable, Covariate.HIP_ABD);
    double[] msDf = meanSd(usable, Covariate.DF_LUNGE);
    int n = usable.size();
    double[][] design = new double[n][];
    for (int i = 0; i < n; i++) {
      Runner r = usable.get(i);
      design[i] =
          new double[] {
            1,
            (r.x(Covariate.HIP_ABD) - msAbd[0]) / msAbd[1],
            (r.x(Covariate.DF_LUNGE) - msDf[0]) / msDf[1],
            r.x(Covariate.SEX)
          };
    }
    out[0] = Covariate.HIP_ABD.logHazardRatio() * msAbd[1] / h.sd()[Covariate.HIP_ABD.ordinal()];
    out[1] = Covariate.DF_LUNGE.logHazardRatio() * msDf[1] / h.sd()[Covariate.DF_LUNGE.ordinal()];
    out[2] = Covariate.SEX.logHazardRatio();
    for (Covariate c : Covariate.values()) {
      if (c.logHazardRatio() == 0 || c == Covariate.PRIOR_ITBS || List.of(fixed).contains(c)) {
        continue;
      }
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        double x = usable.get(i).x(c);
        y[i] = c.continuous() ? (x - h.mean()[c.ordinal()]) / h.sd()[c.ordinal()] : x;
      }
      double[] g = leastSquares(design, y);
      for (int j = 0; j < fixed.length; j++) {
        out[j] += c.logHazardRatio() * g[j + 1];
      }
    }
    return out;
  }

  /** Ordinary least squares by the normal equations (small designs only). */
  static double[] leastSquares(double[][] x, double[] y) {
    int p = x[0].length;
    double[][] a = new double[p][p + 1];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < p; j++) {
        for (int k = 0; k < p; k++) {
          a[j][k] += x[i][j] * x[i][k];
        }
        a[j][p] += x[i][j] * y[i];
      }
    }
    for (int col = 0; col < p; col++) {
      int pivot = col;
      for (int r = col + 1; r < p; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      if (Math.abs(a[col][col]) < 1e-12) {
        double[] nan = new double[p];
        java.util.Arrays.fill(nan, Double.NaN);
        return nan;
      }
      for (int r = 0; r < p; r++) {
        if (r != col) {
          double f = a[r][col] / a[col][col];
          for (int k = col; k <= p; k++) {
            a[r][k] -= f * a[col][k];
          }
        }
      }
    }
    double[] b = new double[p];
    for (int j = 0; j < p; j++) {
      b[j] = a[j][p] / a[j][j];
    }
    return b;
  }

  private static void counts(ObjectNode n, Outcomes.Counts c, long runners) {
    n.put("prior_itbs", c.priorItbs);
    n.put("itbs_onsets", c.itbsOnsets);
    n.put("itbs_onset_share", runners == 0 ? 0 : round((double) c.itbsOnsets / runners));
    n.put("itbs_episodes", c.itbsEpisodes);
    n.put("itbs_recurrences", c.recurrences);
    n.put("itbs_returns_to_running", c.itbsReturns);
    ObjectNode o = n.putObject("other_injuries");
    for (int i = 0; i < Outcomes.OTHER_DIAGNOSES.length; i++) {
      o.put(Outcomes.OTHER_DIAGNOSES[i], c.other[i]);
    }
    long all = c.itbsEpisodes + c.otherTotal();
    n.put("injuries", all);
    n.put("itbs_share_of_injuries", all == 0 ? 0 : round((double) c.itbsEpisodes / all));
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
