package org.itbs.analysis.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.itbs.stats.PoissonRate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plan v2 on R's own analysis set of the three-site reference cohort ({@code
 * cohort-b.v2.analysis_set.csv}, written by {@code reference-v2.R}) reproduces R's P1 (stratified
 * by site), P2 and P3 (site fixed effects), M1 (each site's fit and the REML/HKSJ pooling), C
 * within sites, AUC and the rates, to the tolerances of the reference's README (1e-6 relative). R1
 * needs the recurrence intervals, which R's outputs do not list: the whole-path test of the app
 * module compares it.
 */
class PlanV2Test {
  private static final double TOL = 1e-6;
  private static final RecurrenceIntervals NONE =
      new RecurrenceIntervals(
          new String[0],
          new String[0],
          new double[0],
          new double[0],
          new int[0],
          new double[0],
          new double[0]);

  private static PlanResult result;

  @BeforeAll
  static void run() throws IOException {
    result = PlanV2.run(set("/reference/cohort-b.v2.analysis_set.csv"), NONE);
  }

  static List<String[]> csv(String resource) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = PlanV2Test.class.getResourceAsStream(resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        rows.add(line.replace("\"", "").split(",", -1));
      }
    }
    return rows;
  }

  /** R's analysis set: site, participant_id, then the variables (NA where missing). */
  static AnalysisSet set(String resource) throws IOException {
    List<String[]> rows = csv(resource);
    String[] header = rows.get(0);
    int n = rows.size() - 1;
    String[] site = new String[n];
    String[] id = new String[n];
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (int j = 2; j < header.length; j++) {
      cols.put(header[j], new double[n]);
    }
    for (int i = 0; i < n; i++) {
      String[] r = rows.get(i + 1);
      site[i] = r[0];
      id[i] = r[1];
      for (int j = 2; j < header.length; j++) {
        cols.get(header[j])[i] = r[j].equals("NA") ? Double.NaN : Double.parseDouble(r[j]);
      }
    }
    for (String v : AnalysisSet.VARIABLES) {
      cols.computeIfAbsent(
          v,
          k -> {
            double[] missing = new double[n];
            Arrays.fill(missing, Double.NaN);
            return missing;
          });
    }
    return AnalysisSet.of(site, id, cols);
  }

  private static void close(String what, double got, double want) {
    assertThat(Math.abs(got - want))
        .as("%s: got %s, R %s", what, got, want)
        .isLessThanOrEqualTo(TOL * Math.max(Math.abs(want), 1e-300));
  }

  @Test
  void onsetModelsAndM1EqualRsEffects() throws IOException {
    List<String[]> want = csv("/reference/cohort-b.v2.effects.csv");
    List<String[]> rows =
        want.subList(1, want.size()).stream().filter(r -> !r[0].equals("R1")).toList();
    List<Effect> got = result.effects();
    assertThat(got).hasSameSizeAs(rows);
    for (int i = 0; i < rows.size(); i++) {
      String[] w = rows.get(i);
      Effect e = got.get(i);
      String what = w[0] + " " + w[1];
      assertThat(e.model() + " " + e.term()).isEqualTo(what);
      close(what + " estimate", e.estimate(), Double.parseDouble(w[2]));
      close(what + " std_error", e.stdError(), Double.parseDouble(w[3]));
      close(what + " ratio", e.ratio(), Double.parseDouble(w[4]));
      close(what + " ci_lower", e.ciLower(), Double.parseDouble(w[5]));
      close(what + " ci_upper", e.ciUpper(), Double.parseDouble(w[6]));
      close(what + " p", e.pValue(), Double.parseDouble(w[7]));
      assertThat(e.n()).as(what + " n").isEqualTo(Integer.parseInt(w[8]));
      assertThat(e.events()).as(what + " events").isEqualTo(Integer.parseInt(w[9]));
    }
  }

  @Test
  void eachSitesFitInM1EqualsRs() throws IOException {
    List<String[]> want = csv("/reference/cohort-b.v2.site_effects.csv");
    List<SiteEffect> got = result.siteEffects();
    assertThat(got).hasSize(want.size() - 1);
    for (int i = 1; i < want.size(); i++) {
      String[] w = want.get(i);
      SiteEffect e = got.get(i - 1);
      String what = w[0] + " " + w[1];
      assertThat(e.site() + " " + e.term()).isEqualTo(what);
      close(what + " estimate", e.estimate(), Double.parseDouble(w[2]));
      close(what + " std_error", e.stdError(), Double.parseDouble(w[3]));
      assertThat(e.n()).isEqualTo(Integer.parseInt(w[4]));
      assertThat(e.events()).isEqualTo(Integer.parseInt(w[5]));
    }
    assertThat(result.m1Sites()).containsExactly("AMS01", "MAD02", "PRG03");
    assertThat(result.m1NotFitted()).isNull();
    assertThat(result.m1LeftOut()).isEmpty();
  }

  @Test
  void poolingOfM1EqualsMetafors() throws IOException {
    List<String[]> want = csv("/reference/cohort-b.v2.meta_analysis.csv");
    List<MetaRow> got = result.metaAnalysis();
    assertThat(got).hasSize(want.size() - 1);
    for (int i = 1; i < want.size(); i++) {
      String[] w = want.get(i);
      MetaRow m = got.get(i - 1);
      assertThat(m.term()).isEqualTo(w[0]);
      assertThat(m.k()).isEqualTo(Integer.parseInt(w[1]));
      // tau2 is 0 for some terms (REML truncated): compare absolutely there
      double tau2 = Double.parseDouble(w[2]);
      assertThat(Math.abs(m.tau2() - tau2))
          .as(w[0] + " tau2")
          .isLessThanOrEqualTo(TOL * Math.max(tau2, 1e-6));
      double i2 = Double.parseDouble(w[3]);
      assertThat(Math.abs(m.i2() - i2)).as(w[0] + " i2").isLessThanOrEqualTo(TOL * Math.max(i2, 1));
      close(w[0] + " q", m.q(), Double.parseDouble(w[4]));
      close(w[0] + " q_p", m.qP(), Double.parseDouble(w[5]));
      close(w[0] + " pi_lower", Math.exp(m.piLower()), Double.parseDouble(w[6]));
      close(w[0] + " pi_upper", Math.exp(m.piUpper()), Double.parseDouble(w[7]));
    }
  }

  @Test
  void summaryFiguresEqualRs() throws IOException {
    JsonNode want;
    try (InputStream in =
        PlanV2Test.class.getResourceAsStream("/reference/cohort-b.v2.summary.json")) {
      want = new ObjectMapper().readTree(in);
    }
    close("C within sites", result.p1Concordance(), want.get("p1_concordance").asDouble());
    close("AUC", result.p2Auc(), want.get("p2_auc").asDouble());
    JsonNode rate = want.get("p3_rate_per_1000h");
    close("rate", result.rate().rate(), rate.get(0).asDouble());
    close("rate lower", result.rate().interval().lower(), rate.get(1).asDouble());
    close("rate upper", result.rate().interval().upper(), rate.get(2).asDouble());
    assertThat(result.rateBySite()).containsOnlyKeys("AMS01", "MAD02", "PRG03");
    for (Map.Entry<String, PoissonRate> e : result.rateBySite().entrySet()) {
      JsonNode w = want.get("p3_rate_by_site").get(e.getKey());
      assertThat(e.getValue().events()).isEqualTo(w.get(0).asInt());
      close(e.getKey() + " hours", e.getValue().exposure(), w.get(1).asDouble());
      close(e.getKey() + " rate", e.getValue().rate(), w.get(2).asDouble());
      close(e.getKey() + " lower", e.getValue().interval().lower(), w.get(3).asDouble());
      close(e.getKey() + " upper", e.getValue().interval().upper(), w.get(4).asDouble());
    }
    assertThat(result.onsetPopulation()).isEqualTo(want.get("onset_population").asInt());
    assertThat(result.priorItbsSetAside()).isEqualTo(want.get("prior_itbs_excluded").asInt());
    assertThat(result.plan()).isEqualTo("analysis-plan v2");
    assertThat(result.p1SiteRobust()).isEmpty();
  }

  @Test
  void countsStateEventsPerCovariateAndTheOnsetPopulation() {
    ModelCounts p1 = result.counts().get("P1");
    assertThat(p1.candidates()).isEqualTo(1268);
    assertThat(p1.n()).isEqualTo(1268);
    assertThat(p1.events()).isEqualTo(171);
    assertThat(p1.eventsPerCovariate()).isEqualTo(171 / 9.0);
    assertThat(result.effects("P1")).extracting(Effect::term).doesNotContain("prior_itbs");
    assertThat(result.effects("P2"))
        .extracting(Effect::term)
        .containsExactlyElementsOf(PlanV2.ONSET_TERMS);
    ModelCounts m1 = result.counts().get("M1");
    assertThat(m1.fitted()).isTrue();
    assertThat(m1.n()).isEqualTo(1268);
    assertThat(result.counts().get("R1").notFitted()).contains("fewer than 2 runners");
  }
}
